using GirAgent.Httpd;
using GirAgent.Pacemaker;

namespace GirAgent.Metrics;

/// <summary>Everything one <c>/metrics</c> answer is made of; each part may be missing.</summary>
internal sealed record MetricsInput
{
    /// <summary>The last crm_mon snapshot; null when crm_mon could not be read (Pacemaker down, timeout, bad XML).</summary>
    public ClusterSnapshot? Cluster { get; init; }

    /// <summary>How the last crm_mon read went; null when never tried (treated as failed if <see cref="Cluster"/> is null).</summary>
    public SourceScrape? ClusterScrape { get; init; }

    /// <summary>The last server-status page; null when httpd did not answer (normal on the passive node).</summary>
    public ServerStatus? Httpd { get; init; }

    public SourceScrape? HttpdScrape { get; init; }

    /// <summary>Location constraints from the CIB; when null the bans crm_mon lists are used.</summary>
    public IReadOnlyList<LocationConstraint>? LocationConstraints { get; init; }

    /// <summary>This node and the service resources, for <c>gir_health</c>.</summary>
    public HealthOptions Health { get; init; } = new();

    /// <summary>The tenants file (the daemon's <c>TenantsFile</c>): the groups' VIPs and tenants for <c>gir_group_*</c>; null when not read.</summary>
    public GirAgent.Tenants.TenantsConfig? Tenants { get; init; }

    public FailoverStatistics? Failovers { get; init; }

    public OperationLatencyHistogram? Operations { get; init; }

    /// <summary>
    /// Also the four exporters' names promtool's lint objects to (apache_sent_kilobytes_total, apache_duration_ms_total,
    /// apache_cpu_time_ms_total, ha_cluster_pacemaker_fail_count), for existing dashboards; their gir_* equivalents in
    /// base units are always written. Off: <c>promtool check metrics</c> has nothing to say.
    /// </summary>
    public bool CompatibleNames { get; init; } = true;

    /// <summary>The daemon's own process (<c>process_*</c>, GC heap); omitted when null.</summary>
    public ProcessStats? Process { get; init; }

    /// <summary>giragent's version for <c>gir_build_info</c>; omitted when null.</summary>
    public string? AgentVersion { get; init; }
}
