using GirAgent.Pacemaker;

namespace GirAgent.Events;

/// <summary>The losses not yet recovered: opened by a stop, a failure or a node loss, closed (paired) by the start that ends them.</summary>
internal sealed partial class FailoverTracker
{
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

    /// <summary>How long after a failure opened a loss its resource may still have served (httpd's orphaned workers).</summary>
    public static readonly TimeSpan ServedAfterFailure = TimeSpan.FromSeconds(5);

    /// <summary>
    /// The resource <paramref name="id"/> still served until <paramref name="until"/> although a failure opened its loss
    /// earlier: a killed httpd master's workers keep their listeners until they notice or the stop kills them (up to half
    /// a second on Debian 13's 2.4.66). The pending loss then starts there, where clients lost it.
    /// </summary>
    public void ServedUntil(string id, DateTimeOffset until)
    {
        if (_pending.TryGetValue(id, out var loss))
        {
            if (loss.Cause == EventCause.ResourceFailure && loss.At < until && until - loss.At <= ServedAfterFailure)
                _pending[id] = loss with { At = until, Uncertainty = TimeSpan.Zero };
        }
        else
        {
            // the failure's alert has not come yet (crm_resource --fail waits for the controller): kept for it
            _servedUntil[id] = until;
        }
    }

    private void NoteFence(string node, DateTimeOffset confirmed)
    {
        if (!_fenced.TryGetValue(node, out var known) || confirmed > known) _fenced[node] = confirmed;
    }

    /// <summary>
    /// A node-loss outage's fence: from the cluster's verdict (the loss's start plus its detection) to the lost node's
    /// fence confirmed after it; null when it was not fenced since.
    /// </summary>
    private TimeSpan? FenceShare(Loss loss) =>
        loss.Cause == EventCause.NodeLoss && loss.From is { } node && _fenced.TryGetValue(node, out var at) && at >= loss.At
            ? at - (loss.At + loss.Detection) is var share && share > TimeSpan.Zero ? share : null
            : null;

    /// <summary>Completes an event with what is pending: a start after a loss becomes a move or a recovery.</summary>
    private FailoverEvent Join(FailoverEvent e)
    {
        if (e.Resource is not { } id)
        {
            return e;
        }

        switch (e.Kind)
        {
            case EventKind.ResourceStopped when !_pending.ContainsKey(id) && e.From is { } from && ServedElsewhere(id, from):
                return e;

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
                && e.Source == EventSource.Snapshot && FenceShare(lost) is null:
            {
                // the lost node came back still running it, with no start seen (a restarted node starts it again, and its
                // start is told) and no fence of it since (a fenced node ran nothing until it started it again): a split
                // (the link to it was cut, not the node), and what its clients saw cannot be told from here; no outage is claimed
                _pending.Remove(id);
                return Rebuild(e, EventKind.ResourceRecovered, node, e.To, EventCause.NodeLoss, null,
                    $"node {node} came back still running it: it may have served all along (a split: the link between the nodes was lost, not the node)");
            }

            case EventKind.ResourceStarted when _pending.Remove(id, out var loss):
            {
                var kind = loss.From is null || loss.From == e.To ? EventKind.ResourceRecovered : EventKind.ResourceMoved;
                var cause = loss.Cause != EventCause.Unknown ? loss.Cause : e.Cause;
                var (outage, uncertainty) = loss.Until(ServingAgain(e, id));
                return Rebuild(e, kind, loss.From ?? e.To, e.To, cause, outage, loss.Detail ?? e.Detail, loss.Detection, uncertainty, FenceShare(loss));
            }

            case EventKind.ResourceMoved when _pending.Remove(id, out var loss):
            {
                var cause = loss.Cause != EventCause.Unknown ? loss.Cause : e.Cause;
                var kind = loss.From == e.To ? EventKind.ResourceRecovered : EventKind.ResourceMoved;
                var (outage, uncertainty) = loss.Until(ServingAgain(e, id));
                return Rebuild(e, kind, loss.From ?? e.From, e.To, cause, outage, loss.Detail ?? e.Detail, loss.Detection, uncertainty, FenceShare(loss));
            }

            case EventKind.ResourceMoved when e.Source == EventSource.Snapshot && e.From is { } left && e.Duration is null:
            {
                // one snapshot shows both the stop and the start (this node is the one that took over, and its daemon
                // saw neither the stop, which ran on the other node, nor, by alert, its own start yet): the stop's own
                // record in the CIB says when it ran; without one, the outage lies within the polls' window: between
                // nothing and from the look before to serving again, told as the middle of that with its doubt
                var (window, known) = SeenWindow(left, id, "stop", e.Time);
                if (!known)
                {
                    if (_snapshotGap <= TimeSpan.Zero) return e;
                    var bound = ServingAgain(e, id).Latest - (e.Time - _snapshotGap);
                    return Rebuild(e, e.Kind, e.From, e.To, e.Cause, bound / 2,
                        (e.Detail is null ? "" : e.Detail + "; ") + $"outage bound by the polls only (no alert, no record of the stop): at most {bound.TotalSeconds:0.0} s",
                        null, bound / 2);
                }
                var loss = new Loss(left, window.Latest, e.Cause, e.Detail, window.Latest - window.Earliest);
                var (outage, uncertainty) = loss.Until(ServingAgain(e, id));
                return Rebuild(e, e.Kind, e.From, e.To, e.Cause, outage, e.Detail, null, uncertainty);
            }

            default:
                return e;
        }
    }


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
