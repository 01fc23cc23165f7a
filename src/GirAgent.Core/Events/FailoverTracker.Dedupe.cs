
namespace GirAgent.Events;

/// <summary>The same change told by an alert and a snapshot is one event.</summary>
internal sealed partial class FailoverTracker
{
    /// <summary>
    /// Records the event; false when the other source (alert or snapshot) already reported the same
    /// change within the window. One source never hides its own repeats: a resource may flap. A move or
    /// recovery is still told when the other source only saw a bare start (the node that takes over
    /// sees its own start by alert before a snapshot shows where the resource came from, and why).
    /// </summary>
    private bool Remember(FailoverEvent e)
    {
        _recent.RemoveAll(r => e.Time - r.At > _dedupeWindow || r.At - e.Time > _dedupeWindow);
        var key = DedupeKey(e);
        var index = _recent.FindIndex(r => r.Key == key && r.Source != e.Source);
        if (index >= 0)
        {
            var tellsMore = e.IsFailover && !_recent[index].Failover;
            _recent.RemoveAt(index);
            if (!tellsMore) return false;
        }

        _recent.Add((key, e.Source, e.Time, e.IsFailover));
        return true;
    }

    private static string DedupeKey(FailoverEvent e) => e.Kind switch
    {
        EventKind.ResourceMoved or EventKind.ResourceRecovered or EventKind.ResourceStarted => "serving\0" + e.Resource + "\0" + e.To,
        EventKind.ResourceStopped => "stopped\0" + e.Resource + "\0" + e.From,
        _ => e.Kind + "\0" + e.Resource + "\0" + e.Node,
    };
}
