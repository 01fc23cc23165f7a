using System.Text.Json.Serialization;

namespace GirAgent.Events;

/// <summary>Why it happened, as far as the snapshots or alerts tell. Written as the snake_case name.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<EventCause>))]
internal enum EventCause
{
    /// <summary>Nothing observed explains it.</summary>
    [JsonStringEnumMemberName("unknown")] Unknown,

    /// <summary>The node it ran on left the cluster (offline, unclean, fenced).</summary>
    [JsonStringEnumMemberName("node_loss")] NodeLoss,

    /// <summary>An operation of the resource (or of one it moves with) failed, or its fail count rose.</summary>
    [JsonStringEnumMemberName("resource_failure")] ResourceFailure,

    /// <summary>An administrator moved or stopped it: a ban/location constraint appeared, target-role changed, or the configuration changed.</summary>
    [JsonStringEnumMemberName("admin_move")] AdminMove,

    /// <summary>The node it ran on was put in standby.</summary>
    [JsonStringEnumMemberName("standby")] Standby,

    /// <summary>Maintenance mode (node or cluster) changed.</summary>
    [JsonStringEnumMemberName("maintenance")] Maintenance,
}
