using System.Globalization;
using System.Text;
using GirAgent.Pacemaker;

namespace GirAgent.Tests.Pacemaker;

/// <summary>Fixture files and a canonical text form of a snapshot, shared by the Pacemaker tests.</summary>
internal static class PacemakerFixtures
{
    public static string Root => Path.Combine(AppContext.BaseDirectory, "Fixtures");

    public static string PathOf(string relative) => Path.Combine(Root, relative);

    public static string Read(string relative) => File.ReadAllText(PathOf(relative));

    public static ClusterSnapshot Parse(string relative) => CrmMonParser.Parse(Read(relative));

    /// <summary>Every crm_mon output under Fixtures/pacemaker-*/ that crm_mon wrote successfully (no CIBs, no error output, no <c>*.error.xml</c>).</summary>
    public static IEnumerable<string> AllOutputs() =>
        Directory.GetDirectories(Root, "pacemaker-*")
            .SelectMany(d => Directory.GetFiles(d, "*.xml"))
            .Select(f => Path.GetRelativePath(Root, f))
            .Where(f => !f.EndsWith(".cib.xml", StringComparison.Ordinal)
                        && !Path.GetFileName(f).StartsWith("input-", StringComparison.Ordinal)
                        && !f.EndsWith(".error.xml", StringComparison.Ordinal)
                        && !f.EndsWith("live-stopped.2x.xml", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal);

    public static DateTimeOffset Utc(string iso) =>
        DateTimeOffset.Parse(iso, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);

    /// <summary>
    /// Every value of a snapshot, one line per record, in order: two snapshots with the same text
    /// hold the same cluster. Format and version are left out so the two envelopes compare equal.
    /// </summary>
    public static string Describe(ClusterSnapshot s)
    {
        var sb = new StringBuilder();
        sb.AppendLine(Line(s.Summary with { LastUpdated = null }));
        foreach (var n in s.Nodes)
        {
            sb.AppendLine(Line(n) + " state=" + n.State);
        }

        foreach (var r in s.Resources)
        {
            sb.AppendLine(Line(r) + " nodes=" + string.Join(',', r.Nodes));
        }

        foreach (var f in s.Failures)
        {
            sb.AppendLine(Line(f));
        }

        foreach (var f in s.FenceHistory)
        {
            sb.AppendLine(Line(f));
        }

        foreach (var b in s.Bans)
        {
            sb.AppendLine(Line(b));
        }

        foreach (var (node, values) in s.NodeAttributes.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            sb.AppendLine("attrs " + node + ": " + string.Join(", ", values.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => p.Key + "=" + p.Value)));
        }

        foreach (var h in s.OperationHistory)
        {
            sb.AppendLine("history " + h.Node);
            foreach (var r in h.Resources)
            {
                sb.AppendLine("  " + Line(r));
                foreach (var op in r.Operations)
                {
                    sb.AppendLine("    " + Line(op));
                }
            }
        }

        return sb.ToString();
    }

    // Records print their members; list members print as their type name, so they are added above.
    private static string Line(object o) => o.ToString() ?? "";
}
