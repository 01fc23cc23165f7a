using System.Text.Json.Serialization;

namespace GirAgent.Events;

/// <summary>What happened. Written in the event log as the snake_case name.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<EventKind>))]
public enum EventKind
{
    /// <summary>A resource stopped on one node and now runs on another (<see cref="FailoverEvent.From"/> -&gt; <see cref="FailoverEvent.To"/>).</summary>
    [JsonStringEnumMemberName("resource_moved")] ResourceMoved,

    /// <summary>A resource stopped and started again on the same node.</summary>
    [JsonStringEnumMemberName("resource_recovered")] ResourceRecovered,

    /// <summary>A resource that was not running started (no loss seen before it).</summary>
    [JsonStringEnumMemberName("resource_started")] ResourceStarted,

    /// <summary>A running resource stopped (or left the configuration).</summary>
    [JsonStringEnumMemberName("resource_stopped")] ResourceStopped,

    /// <summary>A cluster node went offline or unclean.</summary>
    [JsonStringEnumMemberName("node_lost")] NodeLost,

    /// <summary>A node that was offline is online again.</summary>
    [JsonStringEnumMemberName("node_back")] NodeBack,

    /// <summary>A node was fenced (or fencing it failed: see the detail).</summary>
    [JsonStringEnumMemberName("node_fenced")] NodeFenced,

    [JsonStringEnumMemberName("quorum_lost")] QuorumLost,

    [JsonStringEnumMemberName("quorum_regained")] QuorumRegained,

    /// <summary>A new failed resource action (Failed Resource Actions).</summary>
    [JsonStringEnumMemberName("failed_action")] FailedAction,

    /// <summary>A monitor returned OCF_DEGRADED (190/191): still running, no fail count.</summary>
    [JsonStringEnumMemberName("resource_degraded")] ResourceDegraded,

    /// <summary>A resource's fail count on a node rose.</summary>
    [JsonStringEnumMemberName("fail_count_rising")] FailCountRising,

    [JsonStringEnumMemberName("standby_on")] StandbyOn,

    [JsonStringEnumMemberName("standby_off")] StandbyOff,

    /// <summary>A node, or with no node the whole cluster, entered maintenance.</summary>
    [JsonStringEnumMemberName("maintenance_on")] MaintenanceOn,

    [JsonStringEnumMemberName("maintenance_off")] MaintenanceOff,

    /// <summary>
    /// A balancer member was drained or disabled, or put back in service (<see cref="FailoverEvent.Resource"/> the
    /// balancer, <see cref="FailoverEvent.Detail"/> the member and its states), as the node running httpd saw it.
    /// </summary>
    [JsonStringEnumMemberName("member_changed")] MemberChanged,
}
