using GirAgent.Pacemaker;

namespace GirAgent.Events;

/// <summary>The two snapshots being compared and the time to stamp events with.</summary>
internal sealed class DiffContext(ClusterSnapshot previous, ClusterSnapshot current, DateTimeOffset now)
{
    public ClusterSnapshot Previous { get; } = previous;

    public ClusterSnapshot Current { get; } = current;

    public DateTimeOffset Now { get; } = now;

    public FailoverEvent Event(
        EventKind kind,
        EventCause cause,
        string? resource = null,
        string? from = null,
        string? to = null,
        string? node = null,
        string? detail = null) =>
        FailoverEvent.Create(Now, kind, cause, EventSource.Snapshot, resource, from, to, node, null, detail);
}
