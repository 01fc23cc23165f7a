using GirAgent.Pacemaker;

namespace GirAgent.Webserver;

/// <summary>What to do when the watched httpd master has exited.</summary>
internal enum MasterExitVerdict
{
    /// <summary>The agent was stopping or reloading it: expected, nothing to tell.</summary>
    Expected,

    /// <summary>Pacemaker does not manage the webserver here now (maintenance, unmanaged): an operator is at work.</summary>
    HandsOff,

    /// <summary>It died: tell Pacemaker at once.</summary>
    Report,
}

/// <summary>
/// The decisions of fast recovery, apart from the threads and processes that carry them out (the daemon's
/// <c>HttpdWatcher</c>): whether this node should watch httpd's master now, and what a master's exit means.
/// After a death it keeps watching while the restart is awaited: the snapshot lags behind the agent's start
/// (it still shows the resource failed or stopped when the new master is up), so for <see cref="RecoveryWindow"/>
/// the resource only must not run elsewhere, until a snapshot polled after the successor appeared shows it started here.
/// <paramref name="localNode"/> is asked each time: the daemon learns the cluster's name for its node after it starts.
/// </summary>
internal sealed class FastRecovery(string resource, Func<string> localNode, TimeProvider time)
{
    /// <summary>How long after a death a restart here is awaited.</summary>
    public static readonly TimeSpan RecoveryWindow = TimeSpan.FromSeconds(30);

    /// <summary>How long after its master died httpd's listener is probed for still taking connections (its workers serving).</summary>
    public static readonly TimeSpan OrphansServeAtMost = TimeSpan.FromSeconds(3);

    private long? _diedAt;
    private DateTimeOffset? _successorSeenAt;

    /// <summary>A master died here and its successor is awaited (or not yet confirmed by a snapshot).</summary>
    public bool Recovering => _diedAt is { } died && time.GetElapsedTime(died) < RecoveryWindow;

    /// <summary>
    /// Whether this node should watch its httpd master, given the newest snapshot and when it was polled:
    /// this node runs the webserver, or (while <see cref="Recovering"/>) it runs nowhere else.
    /// </summary>
    public bool ShouldWatch(ClusterSnapshot? cluster, DateTimeOffset? polledAt)
    {
        if (cluster is null || HandsOff(cluster)) return false;
        var web = cluster.Resources.FirstOrDefault(r => r.BaseId == resource);
        if (web is null) return false;
        var onThisNode = web.Nodes.Contains(localNode(), ClusterNode.NameComparer);
        var startedHere = web.IsStarted && onThisNode;
        if (!Recovering) return startedHere;
        if (web.IsStarted && !onThisNode) return false; // recovered elsewhere
        if (startedHere && _successorSeenAt is { } seen && polledAt >= seen) _diedAt = null; // the snapshot caught up
        return true;
    }

    /// <summary>A master to watch was found; during recovery, the first one found is the successor.</summary>
    public void MasterFound()
    {
        if (Recovering) _successorSeenAt ??= time.GetUtcNow();
    }

    /// <summary>
    /// Pacemaker does not manage the webserver here: maintenance-mode, this node in maintenance, or the
    /// resource unmanaged (is-managed=false, its own maintenance). An operator is at work: never act.
    /// </summary>
    public bool HandsOff(ClusterSnapshot cluster) =>
        cluster.Summary.MaintenanceMode == true
        || cluster.FindNode(localNode()) is { Maintenance: true }
        || cluster.Resources.Any(r => r.BaseId == resource && !r.Managed);

    /// <summary>
    /// The watched master exited. <paramref name="agentAtWork"/>: the agent's stop or reload marker was set while it
    /// was watched. A death to report starts the recovery window.
    /// </summary>
    public MasterExitVerdict OnMasterExit(bool agentAtWork, ClusterSnapshot? cluster)
    {
        if (agentAtWork) return MasterExitVerdict.Expected;
        if (cluster is not null && HandsOff(cluster)) return MasterExitVerdict.HandsOff;
        _diedAt = time.GetTimestamp();
        _successorSeenAt = null;
        return MasterExitVerdict.Report;
    }
}
