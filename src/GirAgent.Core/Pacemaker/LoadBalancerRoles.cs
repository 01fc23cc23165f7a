namespace GirAgent.Pacemaker;

/// <summary>What a cluster resource is to the load balancer.</summary>
internal enum LoadBalancerRole
{
    Other,
    Webserver,
    Vip,
}

/// <summary>
/// Which resource is the webserver and which the virtual IP, and where they run: by the configured ids first
/// (a resource, its clone or its bundle), then by the agent (<c>ocf:gir:webserver</c>, <c>ocf:heartbeat:apache</c>,
/// <c>IPaddr2</c>...). The one answer status, metrics and the daemon share.
/// </summary>
internal static class LoadBalancerRoles
{
    private static readonly HashSet<string> WebserverAgents = new(StringComparer.OrdinalIgnoreCase) { "ocf:gir:webserver", "ocf:heartbeat:apache", "systemd:httpd", "systemd:apache2" };
    private static readonly HashSet<string> VipAgents = new(StringComparer.OrdinalIgnoreCase) { "ocf:gir:vip", "ocf:heartbeat:IPaddr2", "ocf:heartbeat:IPaddr" };

    public static LoadBalancerRole Of(ClusterResource resource, string webserverId = ResourceIds.Webserver, string vipId = ResourceIds.Vip)
    {
        if (resource.BaseId == webserverId || resource.Bundle == webserverId || resource.CloneId == webserverId) return LoadBalancerRole.Webserver;
        if (resource.BaseId == vipId || resource.Bundle == vipId || resource.CloneId == vipId) return LoadBalancerRole.Vip;
        if (resource.Agent is { } agent)
        {
            if (WebserverAgents.Contains(agent)) return LoadBalancerRole.Webserver;
            if (VipAgents.Contains(agent)) return LoadBalancerRole.Vip;
        }
        return LoadBalancerRole.Other;
    }

    /// <summary>The first started resource of <paramref name="role"/>, if any.</summary>
    public static ClusterResource? Started(ClusterSnapshot cluster, LoadBalancerRole role) =>
        cluster.Resources.FirstOrDefault(r => Of(r) == role && r.IsStarted);

    /// <summary>The first resource of <paramref name="role"/>, started or not.</summary>
    public static ClusterResource? Find(ClusterSnapshot cluster, LoadBalancerRole role) =>
        cluster.Resources.FirstOrDefault(r => Of(r) == role);

    /// <summary>Whether <paramref name="node"/> runs the webserver: the resource <paramref name="webserverId"/>, or one found by its agent.</summary>
    public static bool RunsWebserver(ClusterSnapshot cluster, string node, string webserverId = ResourceIds.Webserver) =>
        cluster.IsStartedOn(webserverId, node)
        || cluster.Resources.Any(r => Of(r, webserverId) == LoadBalancerRole.Webserver && r.IsStartedOn(node));
}
