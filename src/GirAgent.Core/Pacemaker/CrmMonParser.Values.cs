using System.Globalization;

namespace GirAgent.Pacemaker;

internal static partial class CrmMonParser
{
    private static readonly string[] MonthNames =
        ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];

    /// <summary>
    /// Reads a timestamp in any form crm_mon writes, as UTC: ISO 8601 with a space or <c>T</c>
    /// (<c>2026-11-23 22:13:59Z</c>, <c>2026-11-23 22:13:59.088147Z</c>, <c>2025-01-08 08:59:30 +09:00</c>;
    /// no zone means UTC), ctime/asctime (<c>Mon Nov 23 22:13:59 2026</c>, <c>Tue May  5 12:04:36 2020</c>,
    /// optionally with <c>UTC</c>/<c>GMT</c>/<c>+0000</c>; no zone means UTC, as crm_mon prints with
    /// <c>TZ=UTC</c>) and epoch seconds (<c>1600000000</c>). Returns <c>null</c> for empty or
    /// unreadable text; never throws.
    /// </summary>
    public static DateTimeOffset? ParseTimestamp(ReadOnlySpan<char> value)
    {
        var v = value.Trim();
        if (v.IsEmpty || v.Length > 64)
        {
            return null;
        }

        if (IsAllDigits(v))
        {
            // Epoch seconds; refuse what DateTimeOffset cannot hold (year 10000 and later).
            if (v.Length > 12 || !long.TryParse(v, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
                || seconds > 253_402_300_799L)
            {
                return null;
            }

            return DateTimeOffset.FromUnixTimeSeconds(seconds);
        }

        return char.IsAsciiDigit(v[0]) ? ParseIso(v) : ParseCtime(v);
    }

    private static DateTimeOffset? ParseIso(ReadOnlySpan<char> v)
    {
        // yyyy-MM-dd[ T]HH:mm:ss[.fff...][ ][zone]
        if (v.Length < 19 || v[4] != '-' || v[7] != '-' || (v[10] != ' ' && v[10] != 'T' && v[10] != 't')
            || v[13] != ':' || v[16] != ':')
        {
            return null;
        }

        if (!TryDigits(v[..4], out var year) || !TryDigits(v[5..7], out var month) || !TryDigits(v[8..10], out var day)
            || !TryDigits(v[11..13], out var hour) || !TryDigits(v[14..16], out var minute)
            || !TryDigits(v[17..19], out var second))
        {
            return null;
        }

        var rest = v[19..];
        long fractionTicks = 0;
        if (!rest.IsEmpty && (rest[0] == '.' || rest[0] == ','))
        {
            var n = 1;
            while (n < rest.Length && char.IsAsciiDigit(rest[n]))
            {
                n++;
            }

            if (n == 1)
            {
                return null;
            }

            var digits = rest[1..n];
            long scale = TimeSpan.TicksPerSecond;
            foreach (var c in digits)
            {
                scale /= 10;
                fractionTicks += (c - '0') * scale;
                if (scale == 0)
                {
                    break;
                }
            }

            rest = rest[n..];
        }

        if (!TryZone(rest.Trim(), out var offset))
        {
            return null;
        }

        return Build(year, month, day, hour, minute, second, fractionTicks, offset);
    }

    private static DateTimeOffset? ParseCtime(ReadOnlySpan<char> v)
    {
        // [Www] Mmm d HH:mm:ss [zone] yyyy [zone]
        Span<Range> parts = stackalloc Range[8];
        var count = v.SplitAny(parts, " \t", StringSplitOptions.RemoveEmptyEntries);
        if (count is < 4 or > 7)
        {
            return null;
        }

        var i = 0;
        if (MonthOf(v[parts[0]]) < 0)
        {
            i = 1; // weekday name (not checked against the date)
        }

        if (count - i < 4)
        {
            return null;
        }

        var month = MonthOf(v[parts[i]]);
        if (month < 0 || !TryDigits(v[parts[i + 1]], out var day))
        {
            return null;
        }

        var time = v[parts[i + 2]];
        if (time.Length != 8 || time[2] != ':' || time[5] != ':'
            || !TryDigits(time[..2], out var hour) || !TryDigits(time[3..5], out var minute)
            || !TryDigits(time[6..], out var second))
        {
            return null;
        }

        var offset = TimeSpan.Zero;
        var sawYear = false;
        var year = 0;
        for (var k = i + 3; k < count; k++)
        {
            var token = v[parts[k]];
            if (!sawYear && token.Length == 4 && TryDigits(token, out year))
            {
                sawYear = true;
            }
            else if (!TryZone(token, out offset))
            {
                return null;
            }
        }

        return sawYear ? Build(year, month, day, hour, minute, second, 0, offset) : null;
    }

    private static DateTimeOffset? Build(int year, int month, int day, int hour, int minute, int second, long fractionTicks, TimeSpan offset)
    {
        if (year is < 1 or > 9999 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month)
            || hour > 23 || minute > 59 || second > 59)
        {
            return null;
        }

        var local = new DateTime(year, month, day, hour, minute, second, DateTimeKind.Unspecified).AddTicks(fractionTicks);
        var utcTicks = local.Ticks - offset.Ticks;
        if (utcTicks < DateTime.MinValue.Ticks || utcTicks > DateTime.MaxValue.Ticks)
        {
            return null;
        }

        return new DateTimeOffset(utcTicks, TimeSpan.Zero);
    }

    /// <summary>Empty, <c>Z</c>, <c>UTC</c>, <c>GMT</c>, <c>+HH:MM</c>, <c>+HHMM</c>, <c>+HH</c> (also after UTC/GMT).</summary>
    private static bool TryZone(ReadOnlySpan<char> z, out TimeSpan offset)
    {
        offset = TimeSpan.Zero;
        if (z.IsEmpty || z is "Z" or "z")
        {
            return true;
        }

        if (z.StartsWith("UTC", StringComparison.OrdinalIgnoreCase) || z.StartsWith("GMT", StringComparison.OrdinalIgnoreCase))
        {
            z = z[3..];
            if (z.IsEmpty)
            {
                return true;
            }
        }

        if (z[0] != '+' && z[0] != '-')
        {
            return false;
        }

        var sign = z[0] == '-' ? -1 : 1;
        var d = z[1..];
        int hours, minutes = 0;
        if (d.Length == 2 && TryDigits(d, out hours))
        {
        }
        else if (d.Length == 4 && TryDigits(d[..2], out hours) && TryDigits(d[2..], out minutes))
        {
        }
        else if (d.Length == 5 && d[2] == ':' && TryDigits(d[..2], out hours) && TryDigits(d[3..], out minutes))
        {
        }
        else
        {
            return false;
        }

        if (hours > 14 || minutes > 59)
        {
            return false;
        }

        offset = new TimeSpan(sign * hours, sign * minutes, 0);
        return true;
    }

    private static int MonthOf(ReadOnlySpan<char> token)
    {
        if (token.Length != 3)
        {
            return -1;
        }

        for (var m = 0; m < MonthNames.Length; m++)
        {
            if (token.Equals(MonthNames[m], StringComparison.OrdinalIgnoreCase))
            {
                return m + 1;
            }
        }

        return -1;
    }

    private static bool TryDigits(ReadOnlySpan<char> s, out int value)
    {
        value = 0;
        if (s.IsEmpty || s.Length > 9)
        {
            return false;
        }

        foreach (var c in s)
        {
            if (!char.IsAsciiDigit(c))
            {
                value = 0;
                return false;
            }

            value = (value * 10) + (c - '0');
        }

        return true;
    }

    private static bool IsAllDigits(ReadOnlySpan<char> s)
    {
        foreach (var c in s)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Pacemaker's booleans (crm_is_true / crm_str_to_boolean): true, on, yes, y, 1 and false, off, no, n, 0.</summary>
    private static bool? Bool(ReadOnlySpan<char> v)
    {
        // Fast path: crm_mon always writes these two.
        if (v is "true")
        {
            return true;
        }

        if (v is "false")
        {
            return false;
        }

        var t = v.Trim();
        if (t.Equals("true", StringComparison.OrdinalIgnoreCase) || t.Equals("on", StringComparison.OrdinalIgnoreCase)
            || t.Equals("yes", StringComparison.OrdinalIgnoreCase) || t.Equals("y", StringComparison.OrdinalIgnoreCase)
            || t is "1")
        {
            return true;
        }

        if (t.Equals("false", StringComparison.OrdinalIgnoreCase) || t.Equals("off", StringComparison.OrdinalIgnoreCase)
            || t.Equals("no", StringComparison.OrdinalIgnoreCase) || t.Equals("n", StringComparison.OrdinalIgnoreCase)
            || t is "0")
        {
            return false;
        }

        return null;
    }

    private static int? Int(ReadOnlySpan<char> v) =>
        int.TryParse(v.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n) ? n : null;

    /// <summary>A score: an integer or (+/-)INFINITY (±1000000); larger values are capped as Pacemaker does.</summary>
    private static int? Score(ReadOnlySpan<char> v)
    {
        var t = v.Trim();
        if (t.Equals("INFINITY", StringComparison.OrdinalIgnoreCase) || t.Equals("+INFINITY", StringComparison.OrdinalIgnoreCase))
        {
            return Scores.InfinityValue;
        }

        if (t.Equals("-INFINITY", StringComparison.OrdinalIgnoreCase))
        {
            return -Scores.InfinityValue;
        }

        if (!long.TryParse(t, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n))
        {
            return null;
        }

        return (int)Math.Clamp(n, -Scores.InfinityValue, Scores.InfinityValue);
    }

    /// <summary>A duration as crm_mon writes it: <c>2044ms</c>, <c>10000</c> (ms), <c>10s</c>. <c>null</c> when unreadable or negative.</summary>
    private static int? Milliseconds(ReadOnlySpan<char> v)
    {
        var t = v.Trim();
        long factor = 1;
        if (t.EndsWith("ms", StringComparison.OrdinalIgnoreCase))
        {
            t = t[..^2];
        }
        else if (t.EndsWith("s", StringComparison.OrdinalIgnoreCase))
        {
            t = t[..^1];
            factor = 1000;
        }

        if (!long.TryParse(t.TrimEnd(), NumberStyles.None, CultureInfo.InvariantCulture, out var n))
        {
            return null;
        }

        var ms = n * factor;
        return ms <= int.MaxValue ? (int)ms : null;
    }

    private static string? NullIfEmpty(ReadOnlySpan<char> v) => v.IsEmpty ? null : v.ToString();

    /// <summary>
    /// Splits an operation key <c>RESOURCE_TASK_INTERVAL</c> (<c>dummy_monitor_60000</c>,
    /// <c>ip_migrate_to_0</c>, <c>db_post_notify_start_0</c>) or an operation id
    /// (<c>dummy_last_failure_0</c>). <paramref name="knownTask"/>, when crm_mon wrote it, wins.
    /// </summary>
    internal static (string? Resource, string? Task, int? Interval) SplitOperationKey(string key, string? knownTask)
    {
        foreach (var suffix in (ReadOnlySpan<string>)["_last_failure_0", "_last_0"])
        {
            if (key.Length > suffix.Length && key.EndsWith(suffix, StringComparison.Ordinal))
            {
                return (key[..^suffix.Length], null, null);
            }
        }

        var last = key.LastIndexOf('_');
        if (last <= 0 || last == key.Length - 1 || !int.TryParse(key.AsSpan(last + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var interval))
        {
            return (null, null, null);
        }

        var rest = key.AsSpan(0, last);
        if (knownTask is { Length: > 0 } && rest.Length > knownTask.Length + 1
            && rest.EndsWith(knownTask, StringComparison.Ordinal) && rest[^(knownTask.Length + 1)] == '_')
        {
            return (rest[..^(knownTask.Length + 1)].ToString(), knownTask, interval);
        }

        foreach (var marker in (ReadOnlySpan<string>)["_pre_notify_", "_post_notify_", "_confirmed-pre_notify_", "_confirmed-post_notify_"])
        {
            var at = rest.IndexOf(marker, StringComparison.Ordinal);
            if (at > 0)
            {
                return (rest[..at].ToString(), "notify", interval);
            }
        }

        foreach (var task in (ReadOnlySpan<string>)["migrate_to", "migrate_from"])
        {
            if (rest.Length > task.Length + 1 && rest.EndsWith(task, StringComparison.Ordinal) && rest[^(task.Length + 1)] == '_')
            {
                return (rest[..^(task.Length + 1)].ToString(), task, interval);
            }
        }

        var sep = rest.LastIndexOf('_');
        if (sep <= 0 || sep == rest.Length - 1)
        {
            return (null, null, interval);
        }

        return (rest[..sep].ToString(), rest[(sep + 1)..].ToString(), interval);
    }

    /// <summary>
    /// Pacemaker 2.1's words for the OCF exit codes 0-8 and Pacemaker 3.0's for the same codes ("not running" /
    /// "Not running", "unimplemented feature" / "Unimplemented"): an exit status written either way is read as 2.1's,
    /// so the same cluster reads the same on both stacks. Other texts are kept as written.
    /// </summary>
    private static readonly (string V2, string V3)[] OcfStatusTexts =
    [
        ("ok", "OK"), ("error", "Error"), ("invalid parameter", "Invalid parameter"), ("unimplemented feature", "Unimplemented"),
        ("insufficient privileges", "Insufficient privileges"), ("not installed", "Not installed"), ("not configured", "Not configured"),
        ("not running", "Not running"), ("promoted", "Promoted"),
    ];

    /// <summary>
    /// An operation's execution status as Pacemaker 2.1 writes it: 3.0 writes "Done" where 2.1 wrote "complete" (a
    /// failure's detail names its status only when it is not "complete"); others differ at most in case.
    /// </summary>
    private static string? ExecutionStatusText(string? text) => text switch
    {
        null => null,
        _ when text.Equals("Done", StringComparison.OrdinalIgnoreCase) || text.Equals("complete", StringComparison.OrdinalIgnoreCase) => "complete",
        _ when text.Equals("Timed Out", StringComparison.OrdinalIgnoreCase) => "Timed Out",
        _ when text.Equals("pending", StringComparison.OrdinalIgnoreCase) => "pending",
        _ => text,
    };

    private static string? OcfStatusText(int exitCode, string? text)
    {
        if (text is null || exitCode is < 0 or >= 9) return text;
        var (v2, v3) = OcfStatusTexts[exitCode];
        return text.Equals(v2, StringComparison.OrdinalIgnoreCase) || text.Equals(v3, StringComparison.OrdinalIgnoreCase) ? v2 : text;
    }

    /// <summary>
    /// A resource's operations in call order, the order they ran (Pacemaker 3.0 lists operations of the same second in
    /// another order than 2.1); a pending one (call -1) last. An insertion sort: stable, and no work for the lists 2.1
    /// writes already in order (a handful of operations each, thousands of lists in a large cluster).
    /// </summary>
    private static OperationRecord[] InCallOrder(List<OperationRecord> operations)
    {
        static int Key(OperationRecord o) => o.Call is { } c and >= 0 ? c : int.MaxValue;
        var array = operations.ToArray();
        for (var i = 1; i < array.Length; i++)
        {
            var item = array[i];
            var j = i - 1;
            while (j >= 0 && Key(array[j]) > Key(item))
            {
                array[j + 1] = array[j];
                j--;
            }
            array[j + 1] = item;
        }
        return array;
    }
}
