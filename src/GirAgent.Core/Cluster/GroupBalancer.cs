using GirAgent.Pacemaker;
using GirAgent.Tenants;

namespace GirAgent.Cluster;

/// <summary>One group's VIP moved from the node with the most groups to the one with the fewest.</summary>
internal sealed record GroupMove(string Resource, string From, string To);

/// <summary>
/// <c>giragent cluster rebalance</c>'s plan: the groups' VIPs spread evenly over the nodes that can hold one (online, not
/// in standby or maintenance, running webserver). Their stickiness keeps a group where it is, so a node that joins or
/// comes back from a fence holds none until the operator chooses a moment (each move is a moment its clients wait: the
/// address goes down on one node and up on the other). Pure: reads a snapshot, runs nothing.
/// </summary>
internal static class GroupBalancer
{
    public static (IReadOnlyList<GroupMove> Moves, IReadOnlyList<string> Notes) Plan(ClusterSnapshot cluster, string webserverId = ResourceIds.Webserver)
    {
        var notes = new List<string>();
        var eligible = cluster.Nodes.Where(n => n.Online && !n.InStandby && !n.Maintenance && LoadBalancerRoles.RunsWebserver(cluster, n.Name, webserverId))
            .Select(n => n.Name).Order(StringComparer.Ordinal).ToList();
        var groups = cluster.Resources.Where(r => r.BaseId.StartsWith(TenantGroup.ResourceIdPrefix, StringComparison.Ordinal) && r.CloneId is null && r.Bundle is null)
            .GroupBy(r => r.BaseId, StringComparer.Ordinal).Select(g => g.First()).OrderBy(r => r.BaseId, StringComparer.Ordinal).ToList();
        if (groups.Count == 0)
        {
            notes.Add("no group VIPs (vip-NAME): the cluster runs one VIP; nothing to spread");
            return ([], notes);
        }
        var held = eligible.ToDictionary(n => n, _ => new List<string>(), StringComparer.Ordinal);
        foreach (var g in groups)
        {
            if (!g.IsStarted || g.Nodes.Count != 1 || g.Failed || !g.Managed)
                notes.Add($"{g.BaseId} is {(g.Failed ? "failed" : !g.Managed ? "unmanaged" : "not running on one node")}: left where it is");
            else if (held.TryGetValue(g.Nodes[0], out var list)) list.Add(g.BaseId);
            else notes.Add($"{g.BaseId} runs on {g.Nodes[0]}, which cannot take groups now: left where it is");
        }
        if (held.Count == 0)
        {
            notes.Add("no node can hold a group (online, not in standby, running webserver)");
            return ([], notes);
        }

        var moves = new List<GroupMove>();
        while (true)
        {
            var most = held.OrderByDescending(h => h.Value.Count).ThenBy(h => h.Key, StringComparer.Ordinal).First();
            var fewest = held.OrderBy(h => h.Value.Count).ThenBy(h => h.Key, StringComparer.Ordinal).First();
            if (most.Value.Count - fewest.Value.Count <= 1) break;
            var group = most.Value.Order(StringComparer.Ordinal).Last();
            most.Value.Remove(group);
            fewest.Value.Add(group);
            moves.Add(new GroupMove(group, most.Key, fewest.Key));
        }
        notes.Add("after: " + string.Join(", ", held.OrderBy(h => h.Key, StringComparer.Ordinal)
            .Select(h => $"{h.Key} {(h.Value.Count == 0 ? "none" : string.Join(" ", h.Value.Order(StringComparer.Ordinal)))}")));
        return (moves, notes);
    }
}
