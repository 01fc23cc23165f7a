using System.Globalization;
using GirAgent.Pacemaker;

namespace GirAgent.Events;

/// <summary>
/// Compares two crm_mon snapshots and tells what changed, classified by cause. Pure: the same
/// snapshots and time always give the same events (ids included). Each call sees only its two
/// snapshots; <see cref="FailoverTracker"/> joins a loss in one snapshot to the recovery in a
/// later one and measures the time between.
/// </summary>
internal static partial class SnapshotDiff
{
    /// <summary>
    /// Events that turn <paramref name="previous"/> into <paramref name="current"/>, all stamped
    /// <paramref name="now"/>, in a fixed order: quorum, nodes, maintenance, failures, fail counts,
    /// fencing, then resources. No events when there is no previous snapshot.
    /// </summary>
    public static IReadOnlyList<FailoverEvent> Compare(ClusterSnapshot? previous, ClusterSnapshot current, DateTimeOffset now)
    {
        if (previous is null)
        {
            return [];
        }

        var events = new List<FailoverEvent>();
        var context = new DiffContext(previous, current, now);
        CompareQuorum(context, events);
        CompareNodes(context, events);
        CompareClusterMaintenance(context, events);
        CompareFailures(context, events);
        CompareFailCounts(context, events);
        CompareFencing(context, events);
        CompareResources(context, events);
        return events;
    }

    private static void CompareQuorum(DiffContext c, List<FailoverEvent> events)
    {
        var before = IsQuorate(c.Previous);
        var after = IsQuorate(c.Current);
        if (before && !after)
        {
            var detail = c.Current.Summary.DcPresent ? "the partition lost quorum" : "no designated controller";
            events.Add(c.Event(EventKind.QuorumLost, EventCause.NodeLoss, detail: detail));
        }
        else if (!before && after)
        {
            events.Add(c.Event(EventKind.QuorumRegained, EventCause.Unknown, detail: $"DC {c.Current.Summary.DcNode}"));
        }
    }

    private static bool IsQuorate(ClusterSnapshot s) => s.Summary.DcPresent && s.Summary.HasQuorum != false;

    private static void CompareNodes(DiffContext c, List<FailoverEvent> events)
    {
        foreach (var before in c.Previous.Nodes)
        {
            var after = c.Current.FindNode(before.Name);
            if (after is null)
            {
                if (before.Online)
                {
                    events.Add(c.Event(EventKind.NodeLost, EventCause.NodeLoss, node: before.Name, detail: "removed from the cluster"));
                }

                continue;
            }

            if (before.Online && !after.Online)
            {
                var detail = after.Unclean ? "offline and unclean: awaiting fencing" : "offline";
                events.Add(c.Event(EventKind.NodeLost, EventCause.NodeLoss, node: after.Name, detail: NodeDetail(after, detail)));
            }
            else if (!before.Online && after.Online)
            {
                events.Add(c.Event(EventKind.NodeBack, EventCause.Unknown, node: after.Name, detail: NodeDetail(after, "online")));
            }

            var standbyBefore = before.InStandby;
            var standbyAfter = after.InStandby;
            if (!standbyBefore && standbyAfter)
            {
                var cause = after.StandbyOnFail && !after.Standby ? EventCause.ResourceFailure : EventCause.Standby;
                var detail = after.StandbyOnFail && !after.Standby ? "standby after a failure (on-fail=standby)" : "standby";
                events.Add(c.Event(EventKind.StandbyOn, cause, node: after.Name, detail: detail));
            }
            else if (standbyBefore && !standbyAfter)
            {
                events.Add(c.Event(EventKind.StandbyOff, EventCause.Standby, node: after.Name, detail: "standby cleared"));
            }

            if (!before.Maintenance && after.Maintenance)
            {
                events.Add(c.Event(EventKind.MaintenanceOn, EventCause.Maintenance, node: after.Name, detail: "node maintenance on"));
            }
            else if (before.Maintenance && !after.Maintenance)
            {
                events.Add(c.Event(EventKind.MaintenanceOff, EventCause.Maintenance, node: after.Name, detail: "node maintenance off"));
            }
        }

        foreach (var after in c.Current.Nodes)
        {
            if (c.Previous.FindNode(after.Name) is null && after.Online)
            {
                events.Add(c.Event(EventKind.NodeBack, EventCause.Unknown, node: after.Name, detail: NodeDetail(after, "joined the cluster")));
            }
        }
    }

    private static string NodeDetail(ClusterNode node, string what) =>
        node.Type is null or "member" ? what : what + " (" + node.Type + " node)";

    private static void CompareClusterMaintenance(DiffContext c, List<FailoverEvent> events)
    {
        var before = c.Previous.Summary.MaintenanceMode == true;
        var after = c.Current.Summary.MaintenanceMode == true;
        if (!before && after)
        {
            events.Add(c.Event(EventKind.MaintenanceOn, EventCause.Maintenance, detail: "cluster maintenance-mode on"));
        }
        else if (before && !after)
        {
            events.Add(c.Event(EventKind.MaintenanceOff, EventCause.Maintenance, detail: "cluster maintenance-mode off"));
        }
    }

    private static void CompareFailures(DiffContext c, List<FailoverEvent> events)
    {
        var known = new HashSet<string>(c.Previous.Failures.Select(FailureKey), StringComparer.Ordinal);
        foreach (var f in c.Current.Failures)
        {
            if (known.Contains(FailureKey(f)))
            {
                continue;
            }

            var kind = f.IsDegraded ? EventKind.ResourceDegraded : EventKind.FailedAction;
            events.Add(c.Event(kind, EventCause.ResourceFailure, resource: f.Resource ?? f.OperationKey, node: f.Node, detail: FailureDetail(f)));
        }
    }

    internal static string FailureKey(ResourceFailure f) =>
        string.Join('\0', f.OperationKey, f.Node, f.Call?.ToString(CultureInfo.InvariantCulture), f.LastRcChange?.UtcTicks.ToString(CultureInfo.InvariantCulture), f.ExitCode.ToString(CultureInfo.InvariantCulture));

    private static string FailureDetail(ResourceFailure f)
    {
        var interval = f.Interval is > 0 ? " (every " + (f.Interval.Value / 1000.0).ToString(CultureInfo.InvariantCulture) + "s)" : string.Empty;
        var text = $"{f.Task}{interval} returned {f.ExitCode} ({f.ExitStatus ?? "?"})";
        if (!string.IsNullOrEmpty(f.Status) && f.Status != "complete")
        {
            text += ", " + f.Status;
        }

        return string.IsNullOrEmpty(f.ExitReason) ? text : text + ": " + f.ExitReason;
    }

    private static void CompareFailCounts(DiffContext c, List<FailoverEvent> events)
    {
        foreach (var node in c.Current.OperationHistory)
        {
            foreach (var r in node.Resources)
            {
                var after = r.FailCount ?? 0;
                var before = c.Previous.FindHistory(node.Node, r.Resource)?.FailCount ?? 0;
                if (after <= before)
                {
                    continue;
                }

                var threshold = r.MigrationThreshold is { } m && m < Scores.InfinityValue ? ", migration threshold " + m.ToString(CultureInfo.InvariantCulture) : string.Empty;
                var detail = $"fail count {Count(before)} -> {Count(after)}{threshold}";
                events.Add(c.Event(EventKind.FailCountRising, EventCause.ResourceFailure, resource: r.Resource, node: node.Node, detail: detail));
            }
        }

        static string Count(int n) => n >= Scores.InfinityValue ? Scores.Infinity : n.ToString(CultureInfo.InvariantCulture);
    }

    private static void CompareFencing(DiffContext c, List<FailoverEvent> events)
    {
        var known = new HashSet<string>(c.Previous.FenceHistory.Select(FenceKey), StringComparer.Ordinal);
        foreach (var f in c.Current.FenceHistory.Reverse())
        {
            if (f.IsPending || known.Contains(FenceKey(f)))
            {
                continue;
            }

            var detail = $"{f.Action} {f.Status}" + (f.Delegate is { } d ? " by " + d : string.Empty)
                + (string.IsNullOrEmpty(f.ExitReason) ? string.Empty : ": " + f.ExitReason);
            // at the fence's own completion when crm_mon tells it (a poll later, or the daemon down meanwhile)
            events.Add(FailoverEvent.Create(f.Completed ?? c.Now, EventKind.NodeFenced, EventCause.NodeLoss, EventSource.Snapshot, node: f.Target, detail: detail));
        }
    }

    private static string FenceKey(FenceEvent f) =>
        string.Join('\0', f.Target, f.Action, f.Status, f.Completed?.UtcTicks.ToString(CultureInfo.InvariantCulture), f.Origin, f.Client);
}
