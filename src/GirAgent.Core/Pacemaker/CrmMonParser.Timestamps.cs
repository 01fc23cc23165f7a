using System.Globalization;

namespace GirAgent.Pacemaker;

/// <summary>crm_mon's timestamps: ISO 8601 (2.x) and ctime (1.1 and the summary's last-update), with their zones.</summary>
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
}
