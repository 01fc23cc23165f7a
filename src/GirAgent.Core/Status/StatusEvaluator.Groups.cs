using GirAgent.Pacemaker;
using GirAgent.Tenants;

namespace GirAgent.Status;

// Tenants in groups (three or more active nodes): each group's VIP, the node it runs on and since when, its tenants.
internal static partial class StatusEvaluator
{
    /// <summary>Each group's VIP, node, since when and tenants (<paramref name="tenants"/>: the tenants file, null when unknown); status and /metrics.</summary>
    internal static List<GroupSection> GroupsOf(ClusterSnapshot snapshot, TenantsConfig? tenants)
    {
        // the tenants file's groups, then any group VIP resource it does not describe (status without the file)
        var wanted = (tenants?.Groups ?? []).Select(g => (g.Name, Resource: g.ResourceId, Vip: (string?)g.Vip)).ToList();
        foreach (var id in snapshot.Resources.Select(r => r.BaseId).Distinct(StringComparer.Ordinal)
                     .Where(id => id.StartsWith(TenantGroup.ResourceIdPrefix, StringComparison.Ordinal) && id.Length > TenantGroup.ResourceIdPrefix.Length))
            if (!wanted.Any(w => w.Resource == id)) wanted.Add((id[TenantGroup.ResourceIdPrefix.Length..], id, null));

        var groups = new List<GroupSection>();
        foreach (var (name, resource, vip) in wanted)
        {
            var instance = snapshot.FindResources(resource).FirstOrDefault(r => r.IsStarted) ?? snapshot.FindResources(resource).FirstOrDefault();
            var state = instance is null ? "missing" : ResourceStateText(instance);
            var node = instance is { IsStarted: true, Nodes.Count: > 0 } ? instance.Nodes[0] : null;
            var members = tenants?.InGroup(name).Select(t => t.Id).ToList() ?? [];
            groups.Add(new GroupSection(name, resource, vip, state, node, node is null ? null : StartedSince(snapshot, resource, node), members));
        }
        return groups;
    }

    /// <summary>When <paramref name="resource"/>'s last successful start on <paramref name="node"/> ended (its start plus its run time).</summary>
    private static DateTimeOffset? StartedSince(ClusterSnapshot snapshot, string resource, string node) =>
        snapshot.OperationHistory.Where(h => ClusterNode.NameComparer.Equals(h.Node, node))
            .SelectMany(h => h.Resources.Where(r => r.Resource == resource))
            .SelectMany(r => r.Operations.Where(o => o is { Task: "start", ExitCode: 0, LastRcChange: not null }))
            .Select(o => o.LastRcChange!.Value + TimeSpan.FromMilliseconds(o.ExecMs ?? 0))
            .OrderDescending().Cast<DateTimeOffset?>().FirstOrDefault();

    /// <summary>Online nodes that run webserver but hold no group while groups exist: spare capacity (a node back from a fence keeps none by stickiness).</summary>
    internal static List<string> NodesWithoutGroup(ClusterSnapshot snapshot, IReadOnlyList<GroupSection> groups, string webserverResource)
    {
        if (groups.Count == 0) return [];
        var holding = groups.Where(g => g.Node is not null).Select(g => g.Node!).ToHashSet(ClusterNode.NameComparer);
        return snapshot.Nodes.Where(n => n.Online && !n.InStandby && !holding.Contains(n.Name) && LoadBalancerRoles.RunsWebserver(snapshot, n.Name, webserverResource))
            .Select(n => n.Name).ToList();
    }
}
