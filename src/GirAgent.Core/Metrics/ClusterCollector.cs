using GirAgent.Pacemaker;

namespace GirAgent.Metrics;

/// <summary>
/// <c>gir_cluster_*</c> and <c>gir_pacemaker_*</c>: what an operator asks first, as series that
/// do not come and go (node counts per state always carry every state).
/// </summary>
internal static class ClusterCollector
{
    public static void Collect(MetricSet set, ClusterSnapshot? snapshot)
    {
        if (snapshot is null)
        {
            return;
        }

        var s = snapshot.Summary;
        set.Gauge("gir_cluster_quorate", "1 when a DC is elected and its partition has quorum").Add(s.DcPresent && s.HasQuorum != false);

        var nodes = set.Gauge("gir_cluster_nodes", "Cluster member nodes by state (the worst that applies)", "state");
        var members = snapshot.Nodes.Where(n => n.Type is null or "member").ToList();
        foreach (var state in Enum.GetValues<NodeState>())
        {
            nodes.Add(members.Count(n => n.State == state), state.ToString().ToLowerInvariant());
        }

        var failed = set.Gauge(
            "gir_pacemaker_failed_actions",
            "Failed resource actions listed by Pacemaker, by node and resource; kind is failed or degraded (OCF 190/191)",
            "node", "resource", "kind");
        foreach (var group in snapshot.Failures.GroupBy(f => (f.Node, Resource: f.Resource ?? f.OperationKey, Kind: f.IsDegraded ? "degraded" : "failed")))
        {
            failed.Add(group.Count(), group.Key.Node, group.Key.Resource, group.Key.Kind);
        }

        if (snapshot.FenceHistory.Count > 0)
        {
            var fencing = set.Gauge("gir_pacemaker_fence_events", "Fencing actions in Pacemaker's fence history", "target", "action", "status");
            foreach (var group in snapshot.FenceHistory.GroupBy(f => (f.Target, f.Action, f.Status)))
            {
                fencing.Add(group.Count(), group.Key.Target, group.Key.Action, group.Key.Status);
            }
        }

        var lastOps = set.Gauge(
            "gir_agent_last_operation_seconds",
            "Execution time of the last run of each resource operation on each node, from Pacemaker's operation history",
            "node", "resource", "operation");
        foreach (var node in snapshot.OperationHistory)
        {
            foreach (var r in node.Resources)
            {
                foreach (var group in r.Operations.Where(o => o.ExecMs is not null && o.Call is >= 0).GroupBy(OperationLatencyHistogram.OperationName))
                {
                    // Several records of one operation (e.g. two monitor intervals): the latest run.
                    var latest = group.OrderBy(o => o.LastRcChange ?? o.LastRun ?? DateTimeOffset.MinValue).ThenBy(o => o.Call).Last();
                    lastOps.Add(latest.ExecMs!.Value / 1000.0, node.Node, r.Resource, group.Key);
                }
            }
        }
    }
}
