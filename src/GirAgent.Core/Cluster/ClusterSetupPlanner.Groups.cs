using GirAgent.Pacemaker;
using GirAgent.Tenants;

namespace GirAgent.Cluster;

/// <summary>
/// Tenants in groups over any number of nodes: webserver cloned (every node renders and serves every tenant), one VIP
/// per group on a node whose webserver runs, spread by Pacemaker's even placement and kept where it is by stickiness.
/// Reasons: docs/decisions.md "Tenants over N nodes".
/// </summary>
internal static partial class ClusterSetupPlanner
{
    private static void PlanGroups(ClusterSetupSpec spec, CibState? cib, bool force, List<PcsStep> steps, List<string> unchanged, List<string> conflicts)
    {
        // the seed's single VIP has no place beside the groups' VIPs: it would hold an address nobody's group names
        if (cib?.Primitives.GetValueOrDefault(ClusterSetupSpec.VipId) is { } single)
        {
            conflicts.Add($"resource {ClusterSetupSpec.VipId} ({single.Agent}) exists: with groups each group has its VIP (vip-NAME)");
            if (force) steps.Add(new PcsStep(["resource", "delete", ClusterSetupSpec.VipId], $"--force: remove {ClusterSetupSpec.VipId}: the groups' VIPs replace it"));
        }

        var recreated = new HashSet<string>(StringComparer.Ordinal);
        var web = WebserverResource(spec);
        web = web with
        {
            Create = web.Create with
            {
                Arguments = [.. web.Create.Arguments, "clone"],
                Why = web.Create.Why + "; cloned: it runs on every node, each serving every tenant",
            },
        };
        PlanResource(web, cib, force, steps, unchanged, conflicts, recreated, ClusterSetupSpec.WebserverCloneId);
        var webRecreated = recreated.Contains(web.Id);

        foreach (var group in spec.Groups)
        {
            var vip = GroupVipResource(spec, group);
            PlanResource(vip, cib, force, steps, unchanged, conflicts, recreated);
            var again = webRecreated || recreated.Contains(vip.Id);
            PlanColocation(vip.Id, ClusterSetupSpec.WebserverCloneId, $"{vip.Id} runs on a node whose webserver runs", cib, force, again, steps, unchanged, conflicts);
            PlanOrder(ClusterSetupSpec.WebserverCloneId, vip.Id, $"{vip.Id} starts once webserver serves there (a node's httpd failure restarts only the VIPs it holds)",
                cib, force, again, steps, unchanged, conflicts);
        }

        // VIPs of groups no longer in the tenants file: named, removed only with --force (clients may still use them)
        var wanted = spec.Groups.Select(g => g.ResourceId).ToHashSet(StringComparer.Ordinal);
        foreach (var stale in cib?.Primitives.Keys.Where(id => id.StartsWith(TenantGroup.ResourceIdPrefix, StringComparison.Ordinal) && !wanted.Contains(id)) ?? [])
        {
            conflicts.Add($"resource {stale} exists but the tenants file has no group {stale[TenantGroup.ResourceIdPrefix.Length..]}");
            if (force) steps.Add(new PcsStep(["resource", "delete", stale], $"--force: remove {stale}, a group no longer in the tenants file"));
        }
    }

    private static WantedResource GroupVipResource(ClusterSetupSpec spec, TenantGroup group)
    {
        var attributes = spec.VipAttributes(group);
        List<KeyValuePair<string, string>> meta = [new("resource-stickiness", ClusterSetupSpec.GroupStickiness)];
        var create = new PcsStep(["resource", "create", group.ResourceId, spec.VipAgent, .. attributes.Select(a => $"{a.Key}={a.Value}"),
                "op", "monitor", $"interval={spec.VipMonitorInterval}", "meta", $"resource-stickiness={ClusterSetupSpec.GroupStickiness}"],
            $"group {group.Name}'s virtual IP {group.Vip}, monitored every {spec.VipMonitorInterval}; stays where it runs (stickiness {ClusterSetupSpec.GroupStickiness})");
        return new WantedResource(group.ResourceId, spec.VipAgent, attributes, meta, spec.VipMonitorInterval, null, create);
    }

    /// <summary>The resources whose node wins a two-node split (their priority): webserver, or with groups every group's VIP.</summary>
    private static IEnumerable<string> PriorityResources(ClusterSetupSpec spec) =>
        spec.Groups.Count > 0 ? spec.Groups.Select(g => g.ResourceId) : [ClusterSetupSpec.WebserverId];
}
