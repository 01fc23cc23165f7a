using System.Globalization;

namespace GirAgent.Pacemaker;

internal static partial class CrmMonParser
{
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
