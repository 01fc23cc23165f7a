using GirAgent.Pacemaker;

namespace GirAgent.Metrics;

/// <summary>What <see cref="HealthEvaluator"/> needs to know about this node and the cluster's resources.</summary>
internal sealed record HealthOptions
{
    /// <summary>This node's name in the cluster (<c>crm_node -n</c>, usually the host name); null when unknown.</summary>
    public string? LocalNode { get; init; }

    /// <summary>The httpd resource (<c>webserver</c> in the seed).</summary>
    public string WebserverResource { get; init; } = ResourceIds.Webserver;

    /// <summary>The virtual IP resource (<c>virtual_ip</c> in the seed).</summary>
    public string VipResource { get; init; } = ResourceIds.Vip;
}
