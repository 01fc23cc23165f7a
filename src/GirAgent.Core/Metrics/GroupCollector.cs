using GirAgent.Pacemaker;
using GirAgent.Status;
using GirAgent.Tenants;

namespace GirAgent.Metrics;

/// <summary>
/// <c>gir_group_*</c>: tenants in groups over N nodes (docs/tenants.md), what <c>giragent status</c> shows of each group:
/// whether its VIP runs, on which node, since when, how many tenants; and the nodes that serve but hold no group.
/// Written only when the cluster has group VIPs (<c>vip-NAME</c>).
/// </summary>
internal static class GroupCollector
{
    public static void Collect(MetricSet set, ClusterSnapshot? snapshot, TenantsConfig? tenants, string webserverResource)
    {
        if (snapshot is null) return;
        var groups = StatusEvaluator.GroupsOf(snapshot, tenants);
        if (groups.Count == 0) return;

        var up = set.Gauge("gir_group_up", "1 when the group's VIP runs on a node; vip is the address from the tenants file (empty without it)", "group", "vip");
        var node = set.Gauge("gir_group_node", "The node that holds the group's VIP; value is always 1, no series while it runs nowhere", "group", "node");
        var since = set.Gauge("gir_group_since_timestamp_seconds", "When the group's VIP last finished starting on its node (Unix time)", "group");
        foreach (var g in groups)
        {
            up.Add(g.Node is not null, g.Name, g.Vip ?? "");
            if (g.Node is { } n) node.Add(1, g.Name, n);
            if (g.Since is { } s) since.Add(s.ToUnixTimeMilliseconds() / 1000.0, g.Name);
        }
        if (tenants is not null)
        {
            var count = set.Gauge("gir_group_tenants", "Tenants in the group (the tenants file)", "group");
            foreach (var g in groups) count.Add(g.Tenants.Count, g.Name);
        }
        set.Gauge("gir_nodes_without_group", "Online nodes that run webserver but hold no group (after a node joined or came back: giragent cluster rebalance)")
            .Add(StatusEvaluator.NodesWithoutGroup(snapshot, groups, webserverResource).Count);
    }
}
