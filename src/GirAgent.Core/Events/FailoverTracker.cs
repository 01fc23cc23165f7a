using GirAgent.Pacemaker;

namespace GirAgent.Events;

/// <summary>
/// Turns a stream of crm_mon snapshots and Pacemaker alerts into events. It keeps the last
/// snapshot and the losses not yet recovered, so a resource that stops in one snapshot and
/// starts in a later one (or in a later alert) becomes one <see cref="EventKind.ResourceMoved"/>
/// (or <see cref="EventKind.ResourceRecovered"/>) whose duration runs from the first sign of the
/// loss to the first sign of it serving again. The same change seen by an alert and then by a
/// snapshot (or the other way round) is reported once. Thread-safe.
/// </summary>
internal sealed class FailoverTracker
{
    private readonly object _gate = new();
    private readonly Dictionary<string, Loss> _pending = new(StringComparer.Ordinal);
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
    public bool HoldsAlerts
    {
        get
        {
            lock (_gate)
            {
                return _held.Count > 0;
            }
        }
    }

    /// <summary>The last snapshot observed.</summary>
    public ClusterSnapshot? Last
    {
        get
        {
            lock (_gate)
            {
                return _previous;
            }
        }
    }

    /// <summary>Resources lost and not yet serving again, with where and since when.</summary>
    public IReadOnlyDictionary<string, (string? From, DateTimeOffset Since, EventCause Cause)> PendingLosses
    {
        get
        {
            lock (_gate)
            {
                return _pending.ToDictionary(p => p.Key, p => (p.Value.From, p.Value.At, p.Value.Cause), StringComparer.Ordinal);
            }
        }
    }

    /// <summary>
    /// Compares <paramref name="snapshot"/> with the previous one and returns the new events (none for
    /// the first snapshot), stamped <paramref name="now"/>.
    /// </summary>
    public IReadOnlyList<FailoverEvent> Observe(ClusterSnapshot snapshot, DateTimeOffset now)
    {
        lock (_gate)
        {
            var diff = SnapshotDiff.Compare(_previous, snapshot, now).ToList();
            _previous = snapshot;
            _snapshotGap = _previousAt is { } before && now > before ? now - before : TimeSpan.Zero;
            _previousAt = now;
            var output = new List<FailoverEvent>(diff.Count + _held.Count);
            ReleaseHeld(output, snapshot, diff);
            foreach (var e in diff)
            {
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
    }

    /// <summary>
    /// Turns one Pacemaker alert into events, at the alert's own time (<paramref name="now"/> when the
    /// alert has none). Node losses and failed operations open a loss; a successful start closes it.
    /// </summary>
    public IReadOnlyList<FailoverEvent> ObserveAlert(PacemakerAlert alert, DateTimeOffset now)
    {
        lock (_gate)
        {
            var time = (alert.Timestamp ?? now).ToUniversalTime();
            var output = new List<FailoverEvent>();
            ReleaseExpired(output, now);
            foreach (var e in FromAlert(alert, time))
            {
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
    }

    /// <summary>
    /// The alerts' stops and starts held longer than <see cref="HoldLimit"/> without a snapshot (crm_mon failing), told
    /// with what is known: the poller calls this when it could not read the cluster.
    /// </summary>
    public IReadOnlyList<FailoverEvent> Release(DateTimeOffset now)
    {
        lock (_gate)
        {
            var output = new List<FailoverEvent>();
            ReleaseExpired(output, now);
            return output;
        }
    }

    private void ReleaseExpired(List<FailoverEvent> output, DateTimeOffset now) => ReleaseAll(output, h => now - h.Time >= HoldLimit);

    private void ReleaseAll(List<FailoverEvent> output, Func<FailoverEvent, bool> which)
    {
        foreach (var held in _held.Where(which).ToList())
        {
            _held.Remove(held);
            if (Remember(held)) output.Add(held);
        }
    }

    /// <summary>
    /// Tells the alerts' held stops with the cause <paramref name="snapshot"/> gives them, at the alert's exact
    /// time: the snapshot's own report of the same stop is then the same event, not a second one. A held start
    /// the snapshot tells as a move (from where, why) is that move, at the alert's time.
    /// </summary>
    private void ReleaseHeld(List<FailoverEvent> output, ClusterSnapshot snapshot, List<FailoverEvent> diff)
    {
        foreach (var held in _held)
        {
            if (held.Kind == EventKind.ResourceStarted)
            {
                // the snapshot's move (or start) is the same change, told at the alert's exact time
                var same = diff.FindIndex(e => e.Kind is EventKind.ResourceMoved or EventKind.ResourceStarted or EventKind.ResourceRecovered
                    && e.Resource == held.Resource && e.To == held.To);
                if (same >= 0)
                {
                    diff[same] = At(diff[same], held.Time);
                    _exact.Add(diff[same]);
                }
                else if (Remember(held)) output.Add(held);
                continue;
            }

            var sameStop = diff.FindIndex(e => e.Kind == EventKind.ResourceStopped && e.Resource == held.Resource && e.From == held.From);
            FailoverEvent told;
            if (sameStop >= 0)
            {
                var seen = diff[sameStop];
                diff.RemoveAt(sameStop);
                told = Rebuild(held, held.Kind, held.From, held.To, seen.Cause, null, seen.Detail);
            }
            else if (held.From is { } from && snapshot.FindNode(from) is { Standby: true })
            {
                told = Rebuild(held, held.Kind, from, held.To, EventCause.Standby, null, SnapshotDiff.InStandby(from));
            }
            else
            {
                // the snapshot already shows the resource's next state (moved, back): the cause of what it tells
                var cause = diff.FirstOrDefault(e => e.Resource == held.Resource && e.Cause != EventCause.Unknown)?.Cause ?? EventCause.Unknown;
                told = cause == EventCause.Unknown ? WithCompanion(held) : Rebuild(held, held.Kind, held.From, held.To, cause, null, held.Detail);
            }

            if (told.Cause != EventCause.Unknown && held.Resource is { } id && _pending.TryGetValue(id, out var open) && open.Cause == EventCause.Unknown)
            {
                _pending[id] = open with { Cause = told.Cause, Detail = open.Detail ?? told.Detail };
            }

            if (Remember(told)) output.Add(told);
        }

        _held.Clear();
    }

    private IEnumerable<FailoverEvent> FromAlert(PacemakerAlert alert, DateTimeOffset time)
    {
        switch (alert.Kind)
        {
            case "node" when alert.Node is { } member:
                if (string.Equals(alert.Description, "lost", StringComparison.OrdinalIgnoreCase))
                {
                    OpenLossesOn(member, time, EventCause.NodeLoss, $"node {member} lost");
                    yield return Alert(time, EventKind.NodeLost, EventCause.NodeLoss, node: member, detail: "lost (alert)");
                }
                else if (string.Equals(alert.Description, "member", StringComparison.OrdinalIgnoreCase))
                {
                    yield return Alert(time, EventKind.NodeBack, EventCause.Unknown, node: member, detail: "member (alert)");
                }

                break;

            case "fencing" when alert.Node is { } target:
                var ok = alert.Rc is null or 0;
                if (ok)
                {
                    OpenLossesOn(target, time, EventCause.NodeLoss, $"node {target} fenced");
                }

                var what = (alert.Task ?? "fencing") + (ok ? " succeeded" : " failed");
                yield return Alert(time, EventKind.NodeFenced, EventCause.NodeLoss, node: target,
                    detail: alert.Description is { } d ? what + ": " + d : what);
                break;

            case "resource" when alert.Resource is { } rsc && alert.Task is { } task:
                var id = LogicalId(rsc);
                var node = alert.Node;
                if (alert.ExecStatus == 1 || task == "cancel")
                {
                    break;
                }

                if (!alert.Succeeded)
                {
                    var detail = $"{task} returned {alert.Rc?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "?"}"
                        + (alert.Description is { } text ? $" ({text})" : string.Empty);
                    if (alert.IsDegraded)
                    {
                        yield return Alert(time, EventKind.ResourceDegraded, EventCause.ResourceFailure, resource: id, node: node, detail: detail);
                        break;
                    }

                    // a failed start loses nothing (the resource did not run there); a failed monitor or stop does
                    if (node is not null && task != "start" && !_pending.ContainsKey(id))
                    {
                        _pending[id] = new Loss(node, time, EventCause.ResourceFailure, detail);
                    }

                    yield return Alert(time, EventKind.FailedAction, EventCause.ResourceFailure, resource: id, node: node, detail: detail);
                    break;
                }

                if (task is "start")
                {
                    yield return Alert(time, EventKind.ResourceStarted, EventCause.Unknown, resource: id, to: node, node: node);
                }
                else if (task is "stop")
                {
                    // a stop on a node the last snapshot shows in standby is the standby's
                    var standby = node is not null && _previous?.FindNode(node) is { Standby: true };
                    yield return standby
                        ? Alert(time, EventKind.ResourceStopped, EventCause.Standby, resource: id, from: node, node: node, detail: SnapshotDiff.InStandby(node!))
                        : Alert(time, EventKind.ResourceStopped, EventCause.Unknown, resource: id, from: node, node: node);
                }

                break;
        }
    }

    /// <summary>How long after a loss a snapshot must have been taken before it can show that the loss is over.</summary>
    private static readonly TimeSpan SettleTime = TimeSpan.FromSeconds(2);

    /// <summary>
    /// A loss whose resource a snapshot taken well after it shows running again on the same node was recovered
    /// between two looks (a fast restart that no diff and no alert reported as a start): it is over, and must not
    /// lend its cause to the next, unrelated stop (a standby later would read as that old failure).
    /// </summary>
    private void ForgetRecoveredLosses(ClusterSnapshot snapshot, DateTimeOffset now)
    {
        foreach (var (id, loss) in _pending.ToList())
        {
            // settled from when the loss was known (a node loss's start lies its detection before the verdict), and only
            // on a node that is there: right after a node-loss verdict a snapshot may still show the lost node's
            // resources started on it
            if (loss.From is null || now - (loss.At + loss.Detection) < SettleTime) continue;
            if (snapshot.FindNode(loss.From) is not { Online: true }) continue;
            var running = snapshot.Resources.Any(r => SnapshotDiff.LogicalId(r) == id && r.IsStarted
                && r.Nodes.Contains(loss.From, ClusterNode.NameComparer));
            if (running) _pending.Remove(id);
        }
    }

    /// <summary>Completes an event with what is pending: a start after a loss becomes a move or a recovery.</summary>
    private FailoverEvent Join(FailoverEvent e)
    {
        if (e.Resource is not { } id)
        {
            return e;
        }

        switch (e.Kind)
        {
            case EventKind.ResourceStopped:
                if (_pending.TryGetValue(id, out var open))
                {
                    // A snapshot saw the stop first, somewhere in the gap before it: the alert's stop (the time the
                    // stop operation ended) says when. Shortly after the snapshot, it ended a stop the snapshot already
                    // showed in progress: the snapshot's time is then as good.
                    if (open.Uncertainty > TimeSpan.Zero && e.Source != EventSource.Snapshot && e.From == open.From
                        && e.Time >= open.At - open.Uncertainty && e.Time <= open.At + TimeSpan.FromSeconds(1))
                        _pending[id] = open = open with { At = e.Time < open.At ? e.Time : open.At, Uncertainty = TimeSpan.Zero };
                    // A failure or node loss seen first explains the stop.
                    if (open.Cause != EventCause.Unknown && e.Cause == EventCause.Unknown)
                        return Rebuild(e, e.Kind, e.From, e.To, open.Cause, null, e.Detail ?? open.Detail);
                    // An alert's bare stop came first: the snapshot's cause (standby, a ban...) becomes the loss's.
                    if (open.Cause == EventCause.Unknown && e.Cause != EventCause.Unknown)
                        _pending[id] = open with { Cause = e.Cause, Detail = open.Detail ?? e.Detail };
                    return e;
                }

                var stop = e.Cause == EventCause.Unknown ? WithCompanion(e) : e;
                var lead = stop.Cause == EventCause.NodeLoss ? NodeLossDetection : TimeSpan.Zero;
                // a lost node records no stop: the window is the snapshots', and the node-lost alert narrows it
                var stopped = e.Source != EventSource.Snapshot ? (Earliest: stop.Time, Latest: stop.Time)
                    : lead > TimeSpan.Zero ? (Earliest: stop.Time - _snapshotGap, Latest: stop.Time)
                    : SeenWindow(stop.From, id, "stop", stop.Time).Window;
                _pending[id] = new Loss(stop.From, stopped.Latest - lead, stop.Cause, stop.Detail, stopped.Latest - stopped.Earliest, lead);
                return stop;

            case EventKind.ResourceStarted or EventKind.ResourceMoved when _pending.TryGetValue(id, out var lost)
                && lost.Cause == EventCause.NodeLoss && lost.From is { } node && ClusterNode.NameComparer.Equals(node, e.To)
                && e.Source == EventSource.Snapshot:
            {
                // the lost node came back still running it, with no start seen (a restarted node starts it again, and its
                // start is told): a split (the link to it was cut, not the node), and what its clients saw cannot be told
                // from here; no outage is claimed
                _pending.Remove(id);
                return Rebuild(e, EventKind.ResourceRecovered, node, e.To, EventCause.NodeLoss, null,
                    $"node {node} came back still running it: it may have served all along (a split: the link between the nodes was lost, not the node)");
            }

            case EventKind.ResourceStarted when _pending.Remove(id, out var loss):
            {
                var kind = loss.From is null || loss.From == e.To ? EventKind.ResourceRecovered : EventKind.ResourceMoved;
                var cause = loss.Cause != EventCause.Unknown ? loss.Cause : e.Cause;
                var (outage, uncertainty) = loss.Until(ServingAgain(e, id));
                return Rebuild(e, kind, loss.From ?? e.To, e.To, cause, outage, loss.Detail ?? e.Detail, loss.Detection, uncertainty);
            }

            case EventKind.ResourceMoved when _pending.Remove(id, out var loss):
            {
                var cause = loss.Cause != EventCause.Unknown ? loss.Cause : e.Cause;
                var kind = loss.From == e.To ? EventKind.ResourceRecovered : EventKind.ResourceMoved;
                var (outage, uncertainty) = loss.Until(ServingAgain(e, id));
                return Rebuild(e, kind, loss.From ?? e.From, e.To, cause, outage, loss.Detail ?? e.Detail, loss.Detection, uncertainty);
            }

            case EventKind.ResourceMoved when e.Source == EventSource.Snapshot && e.From is { } left && e.Duration is null:
            {
                // one snapshot shows both the stop and the start (this node is the one that took over, and its daemon
                // saw neither the stop, which ran on the other node, nor, by alert, its own start yet): the stop's own
                // record in the CIB says when it ran; without one, no outage is claimed
                var (window, known) = SeenWindow(left, id, "stop", e.Time);
                if (!known) return e;
                var loss = new Loss(left, window.Latest, e.Cause, e.Detail, window.Latest - window.Earliest);
                var (outage, uncertainty) = loss.Until(ServingAgain(e, id));
                return Rebuild(e, e.Kind, e.From, e.To, e.Cause, outage, e.Detail, null, uncertainty);
            }

            default:
                return e;
        }
    }

    /// <summary>
    /// When the resource of a start or move served again: exactly when an alert or the watcher told it; when only this
    /// snapshot shows it, somewhere since the snapshot before (narrowed by the start's record in the CIB).
    /// </summary>
    private (DateTimeOffset Earliest, DateTimeOffset Latest) ServingAgain(FailoverEvent e, string id) =>
        e.Source != EventSource.Snapshot || _exact.Contains(e) ? (e.Time, e.Time) : SeenWindow(e.To, id, "start", e.Time).Window;

    /// <summary>
    /// When a stop or start that the current snapshot (taken at <paramref name="seen"/>) is the first to show happened:
    /// after the snapshot before it, by this one. The operation's own record in the CIB narrows that, when it falls
    /// inside: Pacemaker keeps when it completed, to the second, and how long it ran; the loss of a stop began when the
    /// stop did (httpd's graceful stop closes its listeners first). <c>Known</c>: the record was there and fits.
    /// </summary>
    private ((DateTimeOffset Earliest, DateTimeOffset Latest) Window, bool Known) SeenWindow(string? node, string resource, string task, DateTimeOffset seen)
    {
        var earliest = seen - _snapshotGap;
        var latest = seen;
        var op = node is null ? null : _previous?.FindHistory(node, resource)?.Operations
            .Where(o => o.Task == task && o.ExitCode == 0 && o.LastRcChange is not null)
            .MaxBy(o => o.Call ?? -1);
        if (op?.LastRcChange is not { } completed)
        {
            return ((earliest, latest), false);
        }

        var from = completed - (task == "stop" ? TimeSpan.FromMilliseconds(Math.Max(0, op.ExecMs ?? 0)) : TimeSpan.Zero);
        var to = from + OperationRecordResolution;
        if (to <= earliest || from > latest)
        {
            return ((earliest, latest), false);
        }

        return ((from > earliest ? from : earliest, to < latest ? to : latest), true);
    }

    /// <summary>How far an alert's own time may lie outside the snapshots' window of the same change (clocks, rounding).</summary>
    private static readonly TimeSpan AlertSkew = TimeSpan.FromSeconds(1);

    /// <summary>How exactly the CIB records an operation's completion (<c>last-rc-change</c>: whole seconds).</summary>
    private static readonly TimeSpan OperationRecordResolution = TimeSpan.FromSeconds(1);

    /// <summary>How close in time a stop must follow another resource's loss on the same node to have gone with it.</summary>
    private static readonly TimeSpan CompanionWindow = TimeSpan.FromSeconds(30);

    /// <summary>
    /// A stop nothing explains, on a node another resource was just lost from for a known reason, went with it
    /// (colocated, in a group): the virtual IP follows the webserver a ban moved. The diff does the same within
    /// one snapshot; this covers the stop seen a snapshot or an alert later.
    /// </summary>
    private FailoverEvent WithCompanion(FailoverEvent e)
    {
        var leader = _pending
            .Where(p => p.Key != e.Resource && p.Value.From == e.From && p.Value.Cause != EventCause.Unknown
                && (e.Time - p.Value.At).Duration() <= CompanionWindow)
            .OrderByDescending(p => p.Value.At)
            .Select(p => (Resource: p.Key, Loss: p.Value))
            .FirstOrDefault();
        return leader.Loss is null ? e
            : Rebuild(e, e.Kind, e.From, e.To, leader.Loss.Cause, null, SnapshotDiff.Join(e.Detail, "with " + leader.Resource));
    }

    private static FailoverEvent At(FailoverEvent e, DateTimeOffset time) =>
        FailoverEvent.Create(time, e.Kind, e.Cause, e.Source, e.Resource, e.From, e.To, e.Node, e.Duration, e.Detail,
            e.DetectionSeconds is { } found ? TimeSpan.FromSeconds(found) : null);

    private static FailoverEvent Rebuild(FailoverEvent e, EventKind kind, string? from, string? to, EventCause cause, TimeSpan? duration, string? detail,
        TimeSpan? detection = null, TimeSpan? uncertainty = null) =>
        FailoverEvent.Create(e.Time, kind, cause, e.Source, e.Resource, from, to, e.Node ?? to, duration, detail, detection, uncertainty);

    private void OpenLossesOn(string node, DateTimeOffset time, EventCause cause, string detail)
    {
        var detection = cause == EventCause.NodeLoss ? NodeLossDetection : TimeSpan.Zero;
        var exact = new Loss(node, time - detection, cause, detail, Detection: detection);

        // a snapshot saw the node gone first, somewhere in the gap before it: the alert's verdict says when
        foreach (var (id, seen) in _pending.ToList())
        {
            if (seen.Cause == cause && seen.Uncertainty > TimeSpan.Zero && ClusterNode.NameComparer.Equals(seen.From, node)
                && exact.At >= seen.At - seen.Uncertainty - AlertSkew && exact.At <= seen.At + AlertSkew)
                _pending[id] = exact with { Detail = seen.Detail ?? detail };
        }

        if (_previous is null)
        {
            return;
        }

        foreach (var r in _previous.ResourcesOn(node))
        {
            if (r.IsStarted)
            {
                _pending.TryAdd(SnapshotDiff.LogicalId(r), exact);
            }
        }
    }

    private string LogicalId(string resource) =>
        _previous?.FindResource(resource) is { } r ? SnapshotDiff.LogicalId(r) : resource;

    /// <summary>
    /// Records the event; false when the other source (alert or snapshot) already reported the same
    /// change within the window. One source never hides its own repeats: a resource may flap. A move or
    /// recovery is still told when the other source only saw a bare start (the node that takes over
    /// sees its own start by alert before a snapshot shows where the resource came from, and why).
    /// </summary>
    private bool Remember(FailoverEvent e)
    {
        _recent.RemoveAll(r => e.Time - r.At > _dedupeWindow || r.At - e.Time > _dedupeWindow);
        var key = DedupeKey(e);
        var index = _recent.FindIndex(r => r.Key == key && r.Source != e.Source);
        if (index >= 0)
        {
            var tellsMore = e.IsFailover && !_recent[index].Failover;
            _recent.RemoveAt(index);
            if (!tellsMore) return false;
        }

        _recent.Add((key, e.Source, e.Time, e.IsFailover));
        return true;
    }

    private static string DedupeKey(FailoverEvent e) => e.Kind switch
    {
        EventKind.ResourceMoved or EventKind.ResourceRecovered or EventKind.ResourceStarted => "serving\0" + e.Resource + "\0" + e.To,
        EventKind.ResourceStopped => "stopped\0" + e.Resource + "\0" + e.From,
        _ => e.Kind + "\0" + e.Resource + "\0" + e.Node,
    };

    private static FailoverEvent Alert(
        DateTimeOffset time, EventKind kind, EventCause cause, string? resource = null, string? from = null, string? to = null,
        string? node = null, string? detail = null) =>
        FailoverEvent.Create(time, kind, cause, EventSource.Alert, resource, from, to, node, null, detail);

    /// <summary>
    /// A resource lost and not yet serving again. <paramref name="Uncertainty"/>: how much earlier than
    /// <paramref name="At"/> it may have begun (a snapshot shows a stop that happened since the one before;
    /// alerts and the watcher give the moment itself).
    /// </summary>
    /// <paramref name="Detection"/>: for a node loss, how much of it passed before the cluster knew (<see cref="NodeLossDetection"/>).
    private sealed record Loss(string? From, DateTimeOffset At, EventCause Cause, string? Detail, TimeSpan Uncertainty = default, TimeSpan Detection = default)
    {
        /// <summary>
        /// The outage from this loss until serving again (somewhere in <paramref name="back"/>), and how far it may be off
        /// either way: both ends are taken at the middle of the windows they are known to lie in. A loss first seen
        /// by a snapshot long after it began is told with that doubt (it was once told far too short: 0.09 s for a move
        /// that left clients without service for 1.1 s).
        /// </summary>
        public (TimeSpan Outage, TimeSpan Uncertainty) Until((DateTimeOffset Earliest, DateTimeOffset Latest) back)
        {
            var lost = At - Uncertainty / 2;
            var served = back.Latest - (back.Latest - back.Earliest) / 2;
            var doubt = (Uncertainty + (back.Latest - back.Earliest)) / 2;
            return (served > lost ? served - lost : TimeSpan.Zero, doubt);
        }
    }
}
