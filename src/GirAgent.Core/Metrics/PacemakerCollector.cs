using System.Globalization;
using GirAgent.Pacemaker;

namespace GirAgent.Metrics;

/// <summary>
/// The pacemaker part of <c>ha_cluster_exporter</c> (<c>ha_cluster_pacemaker_*</c>) with its names,
/// label names and label values, so its dashboards keep working, without its faults:
/// <list type="bullet">
/// <item>every resource instance has a series, a stopped one with role <c>stopped</c> and node <c>""</c>;</item>
/// <item>no two series share labels: stopped instances of an anonymous clone, which crm_mon lists under one id,
/// get their instance number (<c>ping:2</c>), as do bundle replicas (<c>httpd:2</c>);</item>
/// <item>fail counts and migration thresholds come from crm_mon's history, bans double as location constraints.</item>
/// </list>
/// Nothing is written when <c>snapshot</c> is null; <see cref="ScrapeCollector"/> then says so.
/// </summary>
internal static class PacemakerCollector
{
    /// <summary>Pacemaker's INFINITY score.</summary>
    public const int Infinity = Scores.InfinityValue;

    private static readonly string[] NodeStatuses =
        ["online", "standby", "standby_onfail", "maintenance", "pending", "unclean", "shutdown", "expected_up", "dc"];

    private static readonly string[] ResourceStatuses = ["active", "orphaned", "blocked", "failed", "failure_ignored"];

    /// <param name="compatibleNames">also <c>ha_cluster_pacemaker_fail_count</c>, whose <c>_count</c> suffix promtool's lint
    /// objects to (<c>gir_pacemaker_resource_failures</c> carries the same values)</param>
    public static void Collect(MetricSet set, ClusterSnapshot? snapshot, IReadOnlyList<LocationConstraint>? constraints = null, bool compatibleNames = true)
    {
        if (snapshot is null)
        {
            return;
        }

        var summary = snapshot.Summary;
        set.Gauge("ha_cluster_pacemaker_stonith_enabled", "Whether or not stonith is enabled")
            .Add(summary.StonithEnabled == true);
        set.Gauge("ha_cluster_pacemaker_maintenance_mode_enabled", "Whether or not cluster wide maintenance-mode is enabled")
            .Add(summary.MaintenanceMode == true);
        if (summary.LastChange is { } lastChange)
        {
            // A timestamp is a gauge; ha_cluster_exporter typed it counter, which promtool rejects for want of _total.
            set.Gauge("ha_cluster_pacemaker_config_last_change", "The timestamp of the last change of the cluster configuration")
                .Add(lastChange.ToUnixTimeSeconds());
        }

        CollectFencing(set, snapshot);
        CollectQuorum(set, snapshot.Quorum);
        CollectNodes(set, snapshot);
        CollectNodeAttributes(set, snapshot);
        CollectResources(set, snapshot);
        CollectHistory(set, snapshot, compatibleNames);
        CollectConstraints(set, constraints ?? ConstraintsFromBans(snapshot));
    }

    /// <summary>Fence devices by state and the fence history: actions by result, and each target's last successful fence.</summary>
    private static void CollectFencing(MetricSet set, ClusterSnapshot snapshot)
    {
        var devices = set.Gauge("gir_fence_devices", "Fence devices (stonith resources), by state: started, stopped, failed", "state");
        var fenceDevices = snapshot.Resources.Where(r => r.Agent?.StartsWith("stonith:", StringComparison.Ordinal) == true).GroupBy(r => r.Id, StringComparer.Ordinal).ToList();
        foreach (var state in new[] { "started", "stopped", "failed" })
            devices.Add(fenceDevices.Count(g => (g.Any(r => r.Failed) ? "failed" : g.Any(r => r.IsStarted) ? "started" : "stopped") == state), state);
        var actions = set.Gauge("gir_fence_actions", "Fence actions in Pacemaker's fence history, by result: success, failed, pending", "result");
        foreach (var result in new[] { "success", "failed", "pending" })
            actions.Add(snapshot.FenceHistory.Count(f => f.Status == result), result);
        var last = set.Gauge("gir_last_fence_timestamp_seconds", "When each node was last fenced successfully (Unix time), from the fence history", "node");
        foreach (var target in snapshot.FenceHistory.Where(f => f.Succeeded && f.Completed is not null).GroupBy(f => f.Target, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal))
            last.Add(target.Max(f => f.Completed!.Value).ToUnixTimeSeconds(), target.Key);
    }

    /// <summary>Corosync's quorum (ha_cluster_exporter's names) and the quorum device; nothing when corosync-quorumtool did not answer.</summary>
    private static void CollectQuorum(MetricSet set, QuorumInfo? quorum)
    {
        if (quorum is null) return;
        set.Gauge("ha_cluster_corosync_quorate", "Whether or not the cluster is quorate").Add(quorum.Quorate);
        var votes = set.Gauge("ha_cluster_corosync_quorum_votes", "Cluster quorum votes; one line per type", "type");
        foreach (var (type, value) in new[] { ("expected_votes", quorum.ExpectedVotes), ("highest_expected", quorum.HighestExpected), ("total_votes", quorum.TotalVotes), ("quorum", quorum.Quorum) })
            if (value is { } v) votes.Add(v, type);
        if (quorum.HasQDevice)
            set.Gauge("gir_qdevice_voting", "Whether the quorum device (corosync-qnetd) answers and votes for this node's partition; absent without a quorum device")
                .Add(quorum.QDeviceVoting);
    }

    /// <summary>The bans crm_mon lists, as location constraints.</summary>
    public static IReadOnlyList<LocationConstraint> ConstraintsFromBans(ClusterSnapshot snapshot) =>
        snapshot.Bans
            .Select(b => new LocationConstraint(b.Id, b.Node, b.Resource, b.PromotedOnly ? "Promoted" : "Started", b.Weight))
            .ToArray();

    /// <summary>Node type label: <c>member</c>, <c>ping</c>, <c>remote</c>, else <c>unknown</c>.</summary>
    public static string NodeType(string? type) => type is "member" or "ping" or "remote" ? type : "unknown";

    /// <summary>
    /// The resource label of every primitive instance, in <see cref="ClusterSnapshot.Resources"/> order, made
    /// distinct where crm_mon repeats an id with nothing else to tell the instances apart.
    /// </summary>
    public static IReadOnlyList<string> InstanceIds(ClusterSnapshot snapshot)
    {
        var resources = snapshot.Resources;
        var keys = new string[resources.Count];
        var keyCounts = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < keys.Length; i++)
        {
            var r = resources[i];
            keys[i] = string.Join('\0', r.Id, string.Join(',', r.Nodes), r.Group ?? string.Empty, r.CloneId ?? string.Empty, r.Bundle ?? string.Empty);
            keyCounts[keys[i]] = keyCounts.GetValueOrDefault(keys[i]) + 1;
        }

        // Instances that share every label get their instance number: the replica in a bundle, else the
        // position among the parent's instances with this id (Pacemaker numbers anonymous instances so).
        var ids = new string[keys.Length];
        var taken = new HashSet<string>(StringComparer.Ordinal);
        var positions = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < ids.Length; i++)
        {
            var r = resources[i];
            var parent = (r.CloneId ?? string.Empty) + "\0" + (r.Bundle ?? string.Empty) + "\0" + r.Id;
            var position = positions.GetValueOrDefault(parent);
            positions[parent] = position + 1;
            var id = r.Id;
            if (keyCounts[keys[i]] > 1)
            {
                var n = r.Replica ?? position;
                id = r.Id + ":" + n.ToString(CultureInfo.InvariantCulture);
                while (!taken.Add(keys[i] + "\0" + id))
                {
                    n++;
                    id = r.Id + ":" + n.ToString(CultureInfo.InvariantCulture);
                }
            }

            ids[i] = id;
        }

        return ids;
    }

    private static void CollectNodes(MetricSet set, ClusterSnapshot snapshot)
    {
        var nodes = set.Gauge(
            "ha_cluster_pacemaker_nodes",
            "The status of each node in the cluster; 1 means the node is in that status, 0 otherwise",
            "node", "type", "status");
        foreach (var node in snapshot.Nodes)
        {
            var type = NodeType(node.Type);
            bool[] flags =
            [
                node.Online, node.Standby, node.StandbyOnFail, node.Maintenance, node.Pending, node.Unclean,
                node.Shutdown, node.ExpectedUp, node.IsDc,
            ];
            for (var i = 0; i < NodeStatuses.Length; i++)
            {
                nodes.Add(flags[i], node.Name, type, NodeStatuses[i]);
            }
        }
    }

    private static void CollectNodeAttributes(MetricSet set, ClusterSnapshot snapshot)
    {
        if (snapshot.NodeAttributes.Count == 0)
        {
            return;
        }

        var attributes = set.Gauge(
            "ha_cluster_pacemaker_node_attributes", "Metadata attributes of each node; value is always 1", "node", "name", "value");
        foreach (var (node, values) in snapshot.NodeAttributes)
        {
            foreach (var (name, value) in values)
            {
                attributes.Add(1, node, name, value);
            }
        }
    }

    private static void CollectResources(MetricSet set, ClusterSnapshot snapshot)
    {
        var resources = set.Gauge(
            "ha_cluster_pacemaker_resources",
            "The status of each resource in the cluster; 1 means the resource is in that status, 0 otherwise",
            "node", "resource", "role", "managed", "status", "agent", "group", "clone");
        var ids = InstanceIds(snapshot);
        for (var i = 0; i < snapshot.Resources.Count; i++)
        {
            var r = snapshot.Resources[i];
            var role = (r.Role ?? "unknown").ToLowerInvariant();
            var managed = r.Managed ? "true" : "false";
            bool[] flags = [r.Active, r.Orphaned, r.Blocked, r.Failed, r.FailureIgnored];
            IReadOnlyList<string> nodes = r.Nodes.Count > 0 ? r.Nodes : [string.Empty];
            foreach (var node in nodes)
            {
                for (var s = 0; s < ResourceStatuses.Length; s++)
                {
                    resources.Add(
                        flags[s], node, ids[i], role, managed, ResourceStatuses[s], r.Agent ?? string.Empty,
                        r.Group ?? string.Empty, r.CloneId ?? string.Empty);
                }
            }
        }
    }

    private static void CollectHistory(MetricSet set, ClusterSnapshot snapshot, bool compatibleNames)
    {
        if (snapshot.OperationHistory.Count == 0)
        {
            return;
        }

        var failCount = compatibleNames ? set.Gauge("ha_cluster_pacemaker_fail_count", "The Fail count number per node and resource id", "node", "resource") : null;
        var failures = set.Gauge("gir_pacemaker_resource_failures", "Pacemaker's fail count per node and resource (+Inf for INFINITY)", "node", "resource");
        var threshold = set.Gauge(
            "ha_cluster_pacemaker_migration_threshold", "The migration_threshold number per node and resource id", "node", "resource");
        foreach (var node in snapshot.OperationHistory)
        {
            foreach (var r in node.Resources)
            {
                var count = r.FailCount ?? 0;
                var value = count >= Infinity ? double.PositiveInfinity : count;
                failCount?.Add(value, node.Node, r.Resource);
                failures.Add(value, node.Node, r.Resource);
                if (r.MigrationThreshold is { } m)
                {
                    threshold.Add(m, node.Node, r.Resource);
                }
            }
        }
    }

    private static void CollectConstraints(MetricSet set, IReadOnlyList<LocationConstraint> constraints)
    {
        if (constraints.Count == 0)
        {
            return;
        }

        var family = set.Gauge(
            "ha_cluster_pacemaker_location_constraints",
            "Resource location constraints. The value indicates the score.",
            "constraint", "node", "resource", "role");
        foreach (var c in constraints)
        {
            var score = c.Score >= Infinity ? double.PositiveInfinity : c.Score <= -Infinity ? double.NegativeInfinity : c.Score;
            family.Add(score, c.Id, c.Node, c.Resource, c.Role.ToLowerInvariant());
        }
    }
}
