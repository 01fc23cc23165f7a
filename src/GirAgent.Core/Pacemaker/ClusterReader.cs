using System.Diagnostics;
using GirAgent.Posix;

namespace GirAgent.Pacemaker;

/// <summary>How one read of the cluster went: the snapshot, or why there is none.</summary>
/// <param name="Origin">Where it was read from: <c>crm_mon</c>, a file, <c>stdin</c>.</param>
internal sealed record ClusterRead(ClusterSnapshot? Snapshot, string Origin, string? Error, TimeSpan Elapsed)
{
    public bool Ok => Snapshot is not null;
}

/// <summary>
/// Reads the cluster: crm_mon's XML through <see cref="PacemakerTools"/> (or a saved document) into a
/// <see cref="ClusterSnapshot"/>, with how the read went. The one reader <c>giragent status</c> and the daemon
/// share; a failing read is a result, never an exception.
/// </summary>
internal sealed class ClusterReader(ICommandRunner runner)
{
    /// <summary>
    /// crm_mon, now, bounded by <paramref name="timeout"/>, and Corosync's quorum with it unless <paramref name="quorum"/> is
    /// false (the daemon polls every few seconds and asks for the quorum less often).
    /// </summary>
    public ClusterRead Read(TimeSpan timeout, bool quorum = true)
    {
        var clock = Stopwatch.StartNew();
        string xml;
        try
        {
            xml = new PacemakerTools(runner).CrmMonXml(timeout);
        }
        catch (PacemakerToolException e)
        {
            return new ClusterRead(null, "crm_mon", e.Message, clock.Elapsed);
        }
        var read = Parse(xml, "crm_mon", clock);
        // the votes and the quorum device: corosync's, beside crm_mon's yes or no (none when corosync does not answer)
        return read.Snapshot is { } snapshot && quorum
            ? read with { Snapshot = snapshot with { Quorum = new PacemakerTools(runner).Quorum(timeout) } }
            : read;
    }

    /// <summary>A crm_mon document read elsewhere (a saved file, standard input).</summary>
    public static ClusterRead Parse(string xml, string origin, Stopwatch? clock = null)
    {
        clock ??= Stopwatch.StartNew();
        return CrmMonParser.TryParse(xml, out var snapshot, out var error)
            ? new ClusterRead(snapshot, origin, null, clock.Elapsed)
            : new ClusterRead(null, origin, error, clock.Elapsed);
    }
}
