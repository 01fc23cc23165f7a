using System.Text.Json.Serialization;

namespace GirAgent.Events;

/// <summary>Where an event was learnt from.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<EventSource>))]
internal enum EventSource
{
    /// <summary>Two crm_mon snapshots differ: the time is when the later one was taken.</summary>
    [JsonStringEnumMemberName("snapshot")] Snapshot,

    /// <summary>A Pacemaker alert: the time is Pacemaker's own.</summary>
    [JsonStringEnumMemberName("alert")] Alert,

    /// <summary>The daemon's httpd watcher saw the master process die (fast recovery).</summary>
    [JsonStringEnumMemberName("watcher")] Watcher,
}
