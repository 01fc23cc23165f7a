using System.Text.Json.Serialization;
using GirAgent.Events;
using GirAgent.Pacemaker;

namespace GirAgent.Status;

/// <summary>Health as monitoring plugins report it; the value is <c>giragent status</c>'s exit code.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<Health>))]
public enum Health
{
    [JsonStringEnumMemberName("ok")] Ok = 0,
    [JsonStringEnumMemberName("degraded")] Degraded = 1,
    [JsonStringEnumMemberName("critical")] Critical = 2,
    [JsonStringEnumMemberName("unknown")] Unknown = 3,
}

/// <summary>
/// Everything <c>giragent status</c> shows, as one immutable value: rendered as text for people
/// and as JSON (schema <see cref="SchemaName"/>, docs/status.md) for machines.
/// </summary>
internal sealed record StatusReport
{
    public const string SchemaName = "girlb.status/v1";

    public string Schema { get; init; } = SchemaName;
    public required DateTimeOffset GeneratedAt { get; init; }
    public required Health Health { get; init; }
    public int ExitCode => (int)Health;
    public ClusterSection? Cluster { get; init; }

    /// <summary>Fencing: on or off, the fence devices and the last fence actions; null without a cluster.</summary>
    public FencingSection? Fencing { get; init; }

    /// <summary>Corosync's votes and the quorum device; null when corosync-quorumtool did not answer (or a saved document).</summary>
    public QuorumSection? Quorum { get; init; }
    public IReadOnlyList<ResourceSection> Resources { get; init; } = [];

    /// <summary>The tenants' groups, each behind its VIP (vip-NAME), with where it runs; empty for the seed's one VIP.</summary>
    public IReadOnlyList<GroupSection> Groups { get; init; } = [];

    /// <summary>Nodes running webserver that hold no group while others do (a node back from a fence takes none back by itself).</summary>
    public IReadOnlyList<string> NodesWithoutGroup { get; init; } = [];
    public HttpdSection? Httpd { get; init; }
    public IReadOnlyList<TenantSection> Tenants { get; init; } = [];

    /// <summary>
    /// Each node's tenants digest (node attribute girlb-tenants-digest: published by ocf:gir:webserver where it serves the
    /// cluster's tenants, and by 'giragent tenants check'); empty when no node has one.
    /// </summary>
    public IReadOnlyList<TenantsDigestSection> TenantsDigests { get; init; } = [];
    public IReadOnlyList<BalancerSection> OtherBalancers { get; init; } = [];
    public IReadOnlyList<Problem> Problems { get; init; } = [];
    public IReadOnlyList<SourceResult> Sources { get; init; } = [];

    /// <summary>
    /// The last failovers (moves and in-place recoveries) of the past 24 hours, oldest first, from the daemon or
    /// its event log; null when neither could be read (or the report is of saved outputs).
    /// </summary>
    public IReadOnlyList<FailoverEvent>? RecentFailovers { get; init; }


}

internal sealed record ClusterSection(
    string? Name,
    string? DcNode,
    bool? HasQuorum,
    bool? StonithEnabled,
    bool? MaintenanceMode,
    DateTimeOffset? LastUpdated,
    IReadOnlyList<NodeSection> Nodes);

/// <summary>Corosync's votequorum on the node that reported: votes, flags (2Node, WaitForAll, Qdevice...) and the quorum device.</summary>
internal sealed record QuorumSection(bool Quorate, int? ExpectedVotes, int? TotalVotes, int? Quorum, IReadOnlyList<string> Flags, QDeviceSection? QDevice);

/// <summary>The quorum device: its votes, whether it answers, and whether it votes for this partition.</summary>
internal sealed record QDeviceSection(int Votes, bool Alive, bool Voting);

/// <summary>Fencing as crm_mon shows it.</summary>
internal sealed record FencingSection(bool? Enabled, IReadOnlyList<FenceDeviceSection> Devices, IReadOnlyList<FenceActionSection> Recent);

/// <summary>A fence device (a stonith resource): where it runs and its last failure.</summary>
internal sealed record FenceDeviceSection(string Id, string? Agent, string State, IReadOnlyList<string> Nodes, string? LastFailure);

/// <summary>A fence action from the fence history: who fenced whom, how, with what result and when.</summary>
internal sealed record FenceActionSection(string Target, string Action, string Status, string? By, DateTimeOffset? Completed, string? Reason);

internal sealed record NodeSection(string Name, string State, bool IsDc, int ResourcesRunning);

/// <summary>A cluster resource; <see cref="Kind"/> says whether it is the load balancer's VIP or webserver.</summary>
internal sealed record ResourceSection(
    string Kind,
    string Id,
    string? Agent,
    string State,
    IReadOnlyList<string> Nodes,
    string? TargetRole,
    bool Managed,
    IReadOnlyList<FailCountSection> FailCounts);

/// <summary>One group of tenants: its VIP resource, address (from the tenants file), state, node and since when its VIP runs there.</summary>
internal sealed record GroupSection(string Name, string Resource, string? Vip, string State, string? Node, DateTimeOffset? Since, IReadOnlyList<string> Tenants);

internal sealed record FailCountSection(string Node, int FailCount, int? MigrationThreshold);

internal sealed record HttpdSection(
    string Source,
    string? ServerVersion,
    string? Host,
    long? UptimeSeconds,
    int? BusyWorkers,
    int? IdleWorkers,
    double? RequestsPerSecond,
    long? TotalAccesses,
    long? ConfigGeneration);

/// <param name="Digest">Null when the node publishes none (a node that does not run httpd, with the cluster's tenants).</param>
internal sealed record TenantsDigestSection(string Node, string? Digest, bool RunsWebserver);

internal sealed record TenantSection(string Tenant, Health Health, IReadOnlyList<BalancerSection> Services);

internal sealed record BalancerSection(
    string Balancer,
    string? Tenant,
    string? Service,
    Health Health,
    int Members,
    int Usable,
    IReadOnlyList<MemberSection> MemberList);

internal sealed record MemberSection(string Name, string State, string Status, long? Elected, long? Busy, long? SentBytes, long? ReceivedBytes);

/// <summary>Something wrong, how bad, and the command that helps; <see cref="Check"/> names the health check it fails (gir_health_check).</summary>
internal sealed record Problem(Health Severity, string Subject, string Message, string? Advice, string Check = "");

/// <summary>Whether a source (crm_mon, server-status) answered, and how long it took.</summary>
internal sealed record SourceResult(string Name, string Origin, bool Ok, string? Error, double DurationMs)
{
    /// <summary>A read of the cluster, as the report's crm_mon source.</summary>
    public static SourceResult Of(ClusterRead read) => new("crm_mon", read.Origin, read.Ok, read.Error, read.Elapsed.TotalMilliseconds);
}
