using GirAgent.Pacemaker;

namespace GirAgent.Events;

/// <summary>
/// Turns a stream of crm_mon snapshots and Pacemaker alerts into events. It keeps the last
/// snapshot and the losses not yet recovered, so a resource that stops in one snapshot and
/// starts in a later one (or in a later alert) becomes one <see cref="EventKind.ResourceMoved"/>
/// (or <see cref="EventKind.ResourceRecovered"/>) whose duration runs from the first sign of the
/// loss to the first sign of it serving again. The same change seen by an alert and then by a
/// snapshot (or the other way round) is reported once. Not thread-safe: one owner calls it under one lock
/// (<see cref="EventLedger"/> in the daemon). One file per concern: holds, alerts, losses (pairing), time windows,
/// companions, dedupe.
/// </summary>
internal sealed partial class FailoverTracker
{
    private readonly Dictionary<string, Loss> _pending = new(StringComparer.Ordinal);

    /// <summary>Until when a failed resource still served, heard before its failure's alert came (<see cref="ServedUntil"/>).</summary>
    private readonly Dictionary<string, DateTimeOffset> _servedUntil = new(StringComparer.Ordinal);

    /// <summary>When each node's last successful fence was confirmed (alerts, crm_mon's fence history).</summary>
    private readonly Dictionary<string, DateTimeOffset> _fenced = new(ClusterNode.NameComparer);
    private readonly List<(string Key, EventSource Source, DateTimeOffset At, bool Failover)> _recent = [];
    private readonly List<FailoverEvent> _held = [];

    /// <summary>Events of the snapshot being observed whose time an alert gave exactly (a held start's).</summary>
    private readonly HashSet<FailoverEvent> _exact = new(ReferenceEqualityComparer.Instance);
    private readonly TimeSpan _dedupeWindow;
    private ClusterSnapshot? _previous;
    private DateTimeOffset? _previousAt;

    /// <summary>How long before the current snapshot the one before it was taken: what a change it shows may be late by.</summary>
    private TimeSpan _snapshotGap;

    /// <summary>
    /// How long an alert's stop or start whose cause is not yet known waits for a snapshot to give it one (the alert
    /// wakes the poller, so one normally comes within crm_mon's run time).
    /// </summary>
    public static readonly TimeSpan HoldLimit = TimeSpan.FromSeconds(5);

    /// <param name="dedupeWindow">How long an event keeps a later report of the same change from being logged again (default 2 minutes).</param>
    public FailoverTracker(TimeSpan? dedupeWindow = null)
    {
        _dedupeWindow = dedupeWindow ?? TimeSpan.FromMinutes(2);
    }

    /// <summary>
    /// How long after a node's last contact the cluster learns it is lost: Corosync's token plus consensus timeout
    /// (zero when unknown). A node loss's outage begins that much before Pacemaker's verdict.
    /// </summary>
    public TimeSpan NodeLossDetection { get; set; }

    /// <summary>Whether alerts' stops or starts are held back waiting for a snapshot (told later, or at <see cref="Release"/>).</summary>
    public bool HoldsAlerts => _held.Count > 0;

    /// <summary>The last snapshot observed.</summary>
    public ClusterSnapshot? Last => _previous;

    /// <summary>Resources lost and not yet serving again, with where and since when.</summary>
    public IReadOnlyDictionary<string, (string? From, DateTimeOffset Since, EventCause Cause)> PendingLosses
        => _pending.ToDictionary(p => p.Key, p => (p.Value.From, p.Value.At, p.Value.Cause), StringComparer.Ordinal);

    /// <summary>
    /// Compares <paramref name="snapshot"/> with the previous one and returns the new events (none for
    /// the first snapshot), stamped <paramref name="now"/>.
    /// </summary>
    public IReadOnlyList<FailoverEvent> Observe(ClusterSnapshot snapshot, DateTimeOffset now)
    {
        var diff = SnapshotDiff.Compare(_previous, snapshot, now).ToList();
        foreach (var f in snapshot.FenceHistory.Where(f => f.Succeeded && f.Completed is not null))
            NoteFence(f.Target, f.Completed!.Value);
        _previous = snapshot;
        _snapshotGap = _previousAt is { } before && now > before ? now - before : TimeSpan.Zero;
        _previousAt = now;
        var output = new List<FailoverEvent>(diff.Count + _held.Count);
        ReleaseHeld(output, snapshot, diff);
        foreach (var e in diff)
        {
            if (IsFenceDevice(e.Resource)) continue;
            var joined = Join(e);
            if (Remember(joined))
            {
                output.Add(joined);
            }
        }

        ForgetRecoveredLosses(snapshot, now);
        _exact.Clear();
        return output;
    }

    /// <summary>
    /// Turns one Pacemaker alert into events, at the alert's own time (<paramref name="now"/> when the
    /// alert has none). Node losses and failed operations open a loss; a successful start closes it.
    /// </summary>
    public IReadOnlyList<FailoverEvent> ObserveAlert(PacemakerAlert alert, DateTimeOffset now)
    {
        var time = (alert.Timestamp ?? now).ToUniversalTime();
        var output = new List<FailoverEvent>();
        ReleaseExpired(output, now);
        foreach (var e in FromAlert(alert, time))
        {
            if (IsFenceDevice(e.Resource)) continue;
            var joined = Join(e);
            if (joined is { Kind: EventKind.ResourceStopped or EventKind.ResourceStarted, Cause: EventCause.Unknown })
            {
                // Pacemaker's alert of a stop or start says nothing of why, nor where from; the snapshot it
                // wakes does (standby, a ban, the node it left)
                _held.Add(joined);
            }
            else
            {
                // what follows a held stop or start (the start, a failure) is not told before it
                ReleaseAll(output, h => h.Resource == joined.Resource);
                if (Remember(joined)) output.Add(joined);
            }
        }

        return output;
    }

    /// <summary>
    /// The alerts' stops and starts held longer than <see cref="HoldLimit"/> without a snapshot (crm_mon failing), told
    /// with what is known: the poller calls this when it could not read the cluster.
    /// </summary>
    public IReadOnlyList<FailoverEvent> Release(DateTimeOffset now)
    {
        var output = new List<FailoverEvent>();
        ReleaseExpired(output, now);
        return output;
    }

    /// <summary>
    /// A fence device (stonith class): where it runs serves no client, and what it does is told as fence actions; its moves
    /// after a node loss (three nodes: it goes to another node) would read as failovers.
    /// </summary>
    private bool IsFenceDevice(string? id) =>
        id is not null && _previous?.Resources.Any(r => SnapshotDiff.LogicalId(r) == id && r.Agent?.StartsWith("stonith:", StringComparison.Ordinal) == true) == true;

    /// <summary>
    /// An instance of a clone (webserver on every node) stopped on <paramref name="node"/> while other instances run on
    /// online nodes: the service was not lost, so no outage opens (a node back later starts its instance, told as a start).
    /// </summary>
    private bool ServedElsewhere(string id, string node) =>
        _previous is { } snapshot && snapshot.Resources.Any(r => SnapshotDiff.LogicalId(r) == id && (r.CloneId is not null || r.Bundle is not null)
            && r.IsStarted && r.Nodes.Count > 0 && !r.Nodes.Contains(node, ClusterNode.NameComparer)
            && r.Nodes.All(n => snapshot.FindNode(n) is { Online: true }));
}
