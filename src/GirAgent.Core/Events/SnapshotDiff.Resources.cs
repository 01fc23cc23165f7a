using GirAgent.Pacemaker;

namespace GirAgent.Events;

internal static partial class SnapshotDiff
{
    /// <summary>
    /// The id events use for a resource: an anonymous clone's instances and a bundle's replicas share
    /// it, a globally unique clone's instances (<c>counter:0</c>) fold into <c>counter</c>.
    /// </summary>
    public static string LogicalId(ClusterResource r) => r.CloneId is not null || r.Bundle is not null ? r.BaseId : r.Id;

    private static void CompareResources(DiffContext c, List<FailoverEvent> events)
    {
        var before = Placements(c.Previous);
        var after = Placements(c.Current);
        var ids = before.Keys.Concat(after.Keys.Where(k => !before.ContainsKey(k))).ToList();
        var resourceEvents = new List<(FailoverEvent Event, string? Group)>();
        foreach (var id in ids)
        {
            var p = before.GetValueOrDefault(id);
            var n = after.GetValueOrDefault(id);
            var group = (p ?? n)!.Group;
            foreach (var e in ComparePlacement(c, id, p, n))
            {
                resourceEvents.Add((e, group));
            }
        }

        // A resource that went with another (same group, or colocated: same node, same diff) takes its cause.
        for (var i = 0; i < resourceEvents.Count; i++)
        {
            var (e, group) = resourceEvents[i];
            if (e.Cause != EventCause.Unknown || e.From is null)
            {
                continue;
            }

            var leader = resourceEvents
                .Where(o => o.Event.Cause != EventCause.Unknown && o.Event.From == e.From && o.Event.Resource != e.Resource)
                .OrderBy(o => group is not null && o.Group == group ? 0 : 1)
                .Select(o => o.Event)
                .FirstOrDefault();
            if (leader is not null)
            {
                resourceEvents[i] = (e with { Cause = leader.Cause, Detail = Join(e.Detail, "with " + leader.Resource) }, group);
            }
        }

        events.AddRange(resourceEvents.Select(x => x.Event));
    }

    private static IEnumerable<FailoverEvent> ComparePlacement(DiffContext c, string id, Placement? before, Placement? after)
    {
        var was = before?.Started ?? [];
        var now = after?.Started ?? [];
        var lost = was.Where(n => !now.Contains(n)).ToList();
        var gained = now.Where(n => !was.Contains(n)).ToList();
        var multi = (before ?? after)!.MultiInstance;

        if (!multi && lost.Count == 1 && gained.Count == 1)
        {
            var cause = ClassifyLoss(c, id, before!, after, lost[0], out var why);
            yield return c.Event(EventKind.ResourceMoved, cause, resource: id, from: lost[0], to: gained[0], node: gained[0], detail: why);
        }
        else
        {
            foreach (var node in lost)
            {
                var cause = ClassifyLoss(c, id, before!, after, node, out var why);
                yield return c.Event(EventKind.ResourceStopped, cause, resource: id, from: node, node: node, detail: why);
            }

            foreach (var node in gained)
            {
                var cause = ClassifyStart(c, id, before, after!, node, out var why);
                yield return c.Event(EventKind.ResourceStarted, cause, resource: id, to: node, node: node, detail: why);
            }
        }

        // The promoted role of a promotable clone moving is a failover of its own.
        var promotedBefore = before?.Promoted ?? [];
        var promotedAfter = after?.Promoted ?? [];
        if (promotedBefore.Count == 1 && promotedAfter.Count == 1 && promotedBefore[0] != promotedAfter[0])
        {
            var cause = ClassifyLoss(c, id, before!, after, promotedBefore[0], out var why);
            yield return c.Event(
                EventKind.ResourceMoved, cause, resource: id, from: promotedBefore[0], to: promotedAfter[0], node: promotedAfter[0],
                detail: Join("promoted role", why));
        }
    }

    private static EventCause ClassifyLoss(DiffContext c, string id, Placement before, Placement? after, string node, out string? detail)
    {
        var names = before.Names;
        var nodeAfter = c.Current.FindNode(node);
        if (nodeAfter is null || !nodeAfter.Online || nodeAfter.Unclean)
        {
            detail = nodeAfter is null ? $"node {node} left the cluster" : nodeAfter.Unclean ? $"node {node} lost (unclean)" : $"node {node} lost";
            return EventCause.NodeLoss;
        }

        var failure = FindFailure(c, names, node, out var isNew);
        if (failure is not null && isNew)
        {
            detail = FailureDetail(failure);
            return EventCause.ResourceFailure;
        }

        foreach (var name in names)
        {
            var history = c.Current.FindHistory(node, name);
            var previous = c.Previous.FindHistory(node, name);
            if (history?.FailCount is > 0 && history.FailCount > (previous?.FailCount ?? 0))
            {
                detail = $"fail count of {name} on {node} rose to {history.FailCount}";
                return EventCause.ResourceFailure;
            }
        }

        if (after is null)
        {
            detail = "removed from the configuration";
            return EventCause.AdminMove;
        }

        if (NewBan(c, names, node) is { } ban)
        {
            detail = $"banned from {node} ({ban.Id})";
            return EventCause.AdminMove;
        }

        if (TargetRoleChanged(before, after) is { } role)
        {
            detail = "target-role " + role;
            return EventCause.AdminMove;
        }

        if (nodeAfter.InStandby)
        {
            detail = InStandby(node);
            return nodeAfter.StandbyOnFail && !nodeAfter.Standby ? EventCause.ResourceFailure : EventCause.Standby;
        }

        if (c.Current.Summary.MaintenanceMode == true || nodeAfter.Maintenance)
        {
            detail = nodeAfter.Maintenance ? $"node {node} in maintenance" : "cluster maintenance-mode";
            return EventCause.Maintenance;
        }

        if (nodeAfter.Shutdown)
        {
            detail = $"node {node} shutting down";
            return EventCause.NodeLoss;
        }

        if (ConfigurationChanged(c) is { } change)
        {
            detail = change;
            return EventCause.AdminMove;
        }

        // a failure already on record (seen a snapshot earlier, or left from a recovered crash), or a resource
        // marked failed with no new failed action behind it, explains the loss only when nothing else does:
        // Pacemaker may show the failed flag of an old, recovered crash in the snapshot of a later standby
        if (failure is not null)
        {
            detail = FailureDetail(failure);
            return EventCause.ResourceFailure;
        }

        if (after.Instances.Any(r => r.Failed))
        {
            detail = "resource failed";
            return EventCause.ResourceFailure;
        }

        detail = null;
        return EventCause.Unknown;
    }

    private static EventCause ClassifyStart(DiffContext c, string id, Placement? before, Placement after, string node, out string? detail)
    {
        if (before is null)
        {
            detail = "added to the configuration";
            return EventCause.AdminMove;
        }

        if (TargetRoleChanged(before, after) is { } role)
        {
            detail = "target-role " + role;
            return EventCause.AdminMove;
        }

        var removed = c.Previous.Bans.Where(b => before.Names.Contains(b.Resource) && !c.Current.Bans.Any(a => a.Id == b.Id)).ToList();
        if (removed.Count > 0)
        {
            detail = "ban removed (" + string.Join(", ", removed.Select(b => b.Id)) + ")";
            return EventCause.AdminMove;
        }

        if (c.Previous.FindNode(node) is { Online: false })
        {
            detail = $"node {node} back";
            return EventCause.Unknown;
        }

        if (ConfigurationChanged(c) is { } change)
        {
            detail = change;
            return EventCause.AdminMove;
        }

        detail = null;
        return EventCause.Unknown;
    }

    /// <summary>A failure of the resource on the node: a new one first (<paramref name="isNew"/>), else one already on record.</summary>
    private static ResourceFailure? FindFailure(DiffContext c, IReadOnlyCollection<string> names, string node, out bool isNew)
    {
        isNew = false;
        var known = new HashSet<string>(c.Previous.Failures.Select(FailureKey), StringComparer.Ordinal);
        ResourceFailure? old = null;
        foreach (var f in c.Current.Failures)
        {
            if (f.IsDegraded || f.Node != node || f.Resource is null || !names.Contains(f.Resource))
            {
                continue;
            }

            if (!known.Contains(FailureKey(f)))
            {
                isNew = true;
                return f;
            }

            old ??= f;
        }

        return old;
    }

    private static ResourceBan? NewBan(DiffContext c, IReadOnlyCollection<string> names, string node)
    {
        foreach (var ban in c.Current.Bans)
        {
            if (ban.Node == node && names.Contains(ban.Resource) && !c.Previous.Bans.Any(b => b.Id == ban.Id))
            {
                return ban;
            }
        }

        return null;
    }

    private static string? TargetRoleChanged(Placement before, Placement after)
    {
        var was = before.Instances.Select(r => r.TargetRole).FirstOrDefault(t => t is not null);
        var now = after.Instances.Select(r => r.TargetRole).FirstOrDefault(t => t is not null);
        return string.Equals(was, now, StringComparison.OrdinalIgnoreCase) ? null : now ?? "unset";
    }

    private static string? ConfigurationChanged(DiffContext c)
    {
        var was = c.Previous.Summary.LastChange;
        var now = c.Current.Summary.LastChange;
        if (now is null || was == now)
        {
            return null;
        }

        var s = c.Current.Summary;
        var who = s.LastChangeUser is { } user ? " by " + user : string.Empty;
        var via = s.LastChangeClient is { } client ? " via " + client : string.Empty;
        return "configuration changed" + who + via;
    }

    /// <summary>The detail of a loss a standby explains.</summary>
    internal static string InStandby(string node) => $"node {node} in standby";

    internal static string? Join(string? a, string? b) =>
        string.IsNullOrEmpty(a) ? b : string.IsNullOrEmpty(b) ? a : a + "; " + b;

    private static Dictionary<string, Placement> Placements(ClusterSnapshot snapshot)
    {
        var map = new Dictionary<string, Placement>(StringComparer.Ordinal);
        foreach (var r in snapshot.Resources)
        {
            var id = LogicalId(r);
            if (!map.TryGetValue(id, out var p))
            {
                p = new Placement(id, r.CloneId is not null || r.Bundle is not null);
                map.Add(id, p);
            }

            p.Add(r);
        }

        return map;
    }

    /// <summary>Where the instances of one logical resource are started (and promoted).</summary>
    private sealed class Placement(string id, bool multiInstance)
    {
        public bool MultiInstance { get; } = multiInstance;

        public List<ClusterResource> Instances { get; } = [];

        public List<string> Started { get; } = [];

        public List<string> Promoted { get; } = [];

        /// <summary>The ids failures, bans and history may use for it: itself, its instances, group and clone.</summary>
        public HashSet<string> Names { get; } = new(StringComparer.Ordinal) { id };

        public string? Group { get; private set; }

        public void Add(ClusterResource r)
        {
            Instances.Add(r);
            Names.Add(r.Id);
            if (r.Group is { } g)
            {
                Group ??= ClusterResource.StripInstance(g);
                Names.Add(Group);
            }

            if (r.CloneId is { } clone)
            {
                Names.Add(clone);
            }

            if (r.Bundle is { } bundle)
            {
                Names.Add(bundle);
            }

            if (!r.IsStarted)
            {
                return;
            }

            foreach (var node in r.Nodes)
            {
                if (!Started.Contains(node))
                {
                    Started.Add(node);
                }

                if (r.IsPromoted && !Promoted.Contains(node))
                {
                    Promoted.Add(node);
                }
            }
        }
    }
}
