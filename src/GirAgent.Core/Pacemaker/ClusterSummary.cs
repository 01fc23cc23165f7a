namespace GirAgent.Pacemaker;

/// <summary>
/// crm_mon's <c>&lt;summary&gt;</c> (and the <c>&lt;pacemakerd&gt;</c> line of 2.1). Every value is
/// <c>null</c> when crm_mon did not write it (the legacy 1.1 format has no stop-all-resources, for
/// instance). Timestamps are UTC.
/// </summary>
internal sealed record ClusterSummary
{
    /// <summary>Cluster stack, e.g. <c>corosync</c>.</summary>
    public string? Stack { get; init; }

    /// <summary>Name of the Designated Controller node; <c>null</c> when there is none.</summary>
    public string? DcNode { get; init; }

    /// <summary>Node id of the DC.</summary>
    public string? DcNodeId { get; init; }

    /// <summary>Pacemaker version of the DC, e.g. <c>2.1.5-a3f44794f94</c>.</summary>
    public string? DcVersion { get; init; }

    /// <summary>Whether the DC's partition has quorum (<c>with_quorum</c>); <c>null</c> when not written (no DC).</summary>
    public bool? HasQuorum { get; init; }

    /// <summary>Whether crm_mon saw a DC (<c>current_dc present</c>).</summary>
    public bool DcPresent { get; init; }

    /// <summary>Whether nodes run different Pacemaker versions (<c>mixed_version</c>, 2.1 and later).</summary>
    public bool? MixedVersion { get; init; }

    /// <summary>When crm_mon produced the output.</summary>
    public DateTimeOffset? LastUpdated { get; init; }

    /// <summary>When the CIB last changed.</summary>
    public DateTimeOffset? LastChange { get; init; }

    public string? LastChangeUser { get; init; }

    public string? LastChangeClient { get; init; }

    public string? LastChangeOrigin { get; init; }

    public int? NodesConfigured { get; init; }

    /// <summary>Resource instances configured (crm_mon counts every clone instance).</summary>
    public int? ResourcesConfigured { get; init; }

    public int? ResourcesDisabled { get; init; }

    public int? ResourcesBlocked { get; init; }

    public bool? StonithEnabled { get; init; }

    public bool? SymmetricCluster { get; init; }

    /// <summary><c>stop</c>, <c>ignore</c>, <c>freeze</c>, <c>demote</c> or <c>suicide</c>.</summary>
    public string? NoQuorumPolicy { get; init; }

    public bool? MaintenanceMode { get; init; }

    public bool? StopAllResources { get; init; }

    public int? StonithTimeoutMs { get; init; }

    public int? PriorityFencingDelayMs { get; init; }

    /// <summary>
    /// Cluster name, when crm_mon writes one (a <c>cluster-name</c> attribute of
    /// <c>&lt;cluster_options&gt;</c> or a <c>&lt;cluster_name name="..."&gt;</c> element). Pacemaker
    /// 1.1 up to 2.1.5 write neither: read it from corosync.conf or <c>crm_attribute -n cluster-name</c>.
    /// </summary>
    public string? ClusterName { get; init; }

    /// <summary>State of pacemakerd (<c>running</c>, <c>starting</c>, <c>shutting_down</c>...), written by crm_mon 2.1.</summary>
    public string? PacemakerdState { get; init; }
}
