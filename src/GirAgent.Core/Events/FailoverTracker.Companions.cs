
namespace GirAgent.Events;

/// <summary>A stop that went with another resource's loss, and the helpers that rebuild an event.</summary>
internal sealed partial class FailoverTracker
{
    /// <summary>How close in time a stop must follow another resource's loss on the same node to have gone with it.</summary>
    private static readonly TimeSpan CompanionWindow = TimeSpan.FromSeconds(30);

    /// <summary>
    /// A stop nothing explains, on a node another resource was just lost from for a known reason, went with it
    /// (colocated, in a group): the virtual IP follows the webserver a ban moved. The diff does the same within
    /// one snapshot; this covers the stop seen a snapshot or an alert later.
    /// </summary>
    private FailoverEvent WithCompanion(FailoverEvent e)
    {
        var leader = _pending
            .Where(p => p.Key != e.Resource && p.Value.From == e.From && p.Value.Cause != EventCause.Unknown
                && (e.Time - p.Value.At).Duration() <= CompanionWindow)
            .OrderByDescending(p => p.Value.At)
            .Select(p => (Resource: p.Key, Loss: p.Value))
            .FirstOrDefault();
        return leader.Loss is null ? e
            : Rebuild(e, e.Kind, e.From, e.To, leader.Loss.Cause, null, SnapshotDiff.Join(e.Detail, "with " + leader.Resource));
    }

    private static FailoverEvent At(FailoverEvent e, DateTimeOffset time) =>
        FailoverEvent.Create(time, e.Kind, e.Cause, e.Source, e.Resource, e.From, e.To, e.Node, e.Duration, e.Detail,
            e.DetectionSeconds is { } found ? TimeSpan.FromSeconds(found) : null);

    private static FailoverEvent Rebuild(FailoverEvent e, EventKind kind, string? from, string? to, EventCause cause, TimeSpan? duration, string? detail,
        TimeSpan? detection = null, TimeSpan? uncertainty = null, TimeSpan? fence = null) =>
        FailoverEvent.Create(e.Time, kind, cause, e.Source, e.Resource, from, to, e.Node ?? to, duration, detail, detection, uncertainty, fence);
}
