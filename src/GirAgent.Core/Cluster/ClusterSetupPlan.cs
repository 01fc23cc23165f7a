using System.Text;
using System.Text.RegularExpressions;

namespace GirAgent.Cluster;

/// <summary>One pcs command, run as <c>pcs -f CIB ARGS</c> on a CIB file.</summary>
/// <param name="Arguments">What follows <c>pcs -f CIB</c>.</param>
/// <param name="Why">What it sets up, for the printed script and the report.</param>
internal sealed partial record PcsStep(IReadOnlyList<string> Arguments, string Why)
{
    /// <summary>The command as an operator types it (shell-quoted where needed), on a CIB file.</summary>
    public string Display(string cibFile) => "pcs -f " + Quote(cibFile) + " " + string.Join(' ', Arguments.Select(Quote));

    public static string Quote(string word) =>
        word.Length > 0 && SafeWord().IsMatch(word) ? word : "'" + word.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    [GeneratedRegex(@"^[A-Za-z0-9_@%+=:,./-]+$", RegexOptions.CultureInvariant)]
    private static partial Regex SafeWord();
}

/// <summary>
/// What cluster setup would do to a CIB: the pcs steps to run (on a CIB file, pushed at once), what
/// is already as wanted, what differs and would be replaced only with --force, and warnings
/// (fencing). Made by <see cref="ClusterSetupPlanner"/>.
/// </summary>
internal sealed record ClusterSetupPlan(
    IReadOnlyList<PcsStep> Steps,
    IReadOnlyList<string> Unchanged,
    IReadOnlyList<string> Conflicts,
    IReadOnlyList<string> Warnings)
{
    public bool NothingToDo => Steps.Count == 0;

    /// <summary>pcs commands that change no CIB (a quorum device is corosync's): run after the push, on the live cluster.</summary>
    public IReadOnlyList<PcsStep> AfterPush { get; init; } = [];

    /// <summary>The script an operator can run (the default output of <c>giragent cluster setup</c>).</summary>
    public string Script(string cibFile = "girlb.cib")
    {
        var sb = new StringBuilder();
        sb.Append("# girlb cluster setup: the seed's pcs commands in pcs 0.11 (EL9) syntax.\n");
        sb.Append("# Run on one node. Every change goes into a copy of the CIB first and is pushed at once, so no\n");
        sb.Append("# resource runs before its constraints exist. 'giragent cluster setup --apply' does the same and\n");
        sb.Append("# refuses to replace a different existing configuration without --force.\n");
        foreach (var warning in Warnings) sb.Append("# WARNING: ").Append(warning).Append('\n');
        foreach (var conflict in Conflicts) sb.Append("# DIFFERS: ").Append(conflict).Append('\n');
        sb.Append("pcs cluster cib ").Append(PcsStep.Quote(cibFile)).Append('\n');
        foreach (var step in Steps)
            sb.Append("# ").Append(step.Why).Append('\n').Append(step.Display(cibFile)).Append('\n');
        sb.Append("pcs cluster cib-push ").Append(PcsStep.Quote(cibFile)).Append(" --config\n");
        foreach (var step in AfterPush)
            sb.Append("# ").Append(step.Why).Append('\n').Append("pcs ").Append(string.Join(' ', step.Arguments.Select(PcsStep.Quote))).Append('\n');
        return sb.ToString();
    }
}
