using GirAgent.Pacemaker;

namespace GirAgent.Events;

/// <summary>The alerts' stops and starts held back until a snapshot gives them a cause, and their release.</summary>
internal sealed partial class FailoverTracker
{
    private void ReleaseExpired(List<FailoverEvent> output, DateTimeOffset now) => ReleaseAll(output, h => now - h.Time >= HoldLimit);

    private void ReleaseAll(List<FailoverEvent> output, Func<FailoverEvent, bool> which)
    {
        foreach (var held in _held.Where(which).ToList())
        {
            _held.Remove(held);
            if (Remember(held)) output.Add(held);
        }
    }

    /// <summary>
    /// Tells the alerts' held stops with the cause <paramref name="snapshot"/> gives them, at the alert's exact
    /// time: the snapshot's own report of the same stop is then the same event, not a second one. A held start
    /// the snapshot tells as a move (from where, why) is that move, at the alert's time.
    /// </summary>
    private void ReleaseHeld(List<FailoverEvent> output, ClusterSnapshot snapshot, List<FailoverEvent> diff)
    {
        foreach (var held in _held)
        {
            if (held.Kind == EventKind.ResourceStarted)
            {
                // the snapshot's move (or start) is the same change, told at the alert's exact time
                var same = diff.FindIndex(e => e.Kind is EventKind.ResourceMoved or EventKind.ResourceStarted or EventKind.ResourceRecovered
                    && e.Resource == held.Resource && e.To == held.To);
                if (same >= 0)
                {
                    diff[same] = At(diff[same], held.Time);
                    _exact.Add(diff[same]);
                }
                else if (Remember(held)) output.Add(held);
                continue;
            }

            var sameStop = diff.FindIndex(e => e.Kind == EventKind.ResourceStopped && e.Resource == held.Resource && e.From == held.From);
            FailoverEvent told;
            if (sameStop >= 0)
            {
                var seen = diff[sameStop];
                diff.RemoveAt(sameStop);
                told = Rebuild(held, held.Kind, held.From, held.To, seen.Cause, null, seen.Detail);
            }
            else if (held.From is { } from && snapshot.FindNode(from) is { InStandby: true })
            {
                told = Rebuild(held, held.Kind, from, held.To, EventCause.Standby, null, SnapshotDiff.InStandby(from));
            }
            else
            {
                // the snapshot already shows the resource's next state (moved, back): the cause of what it tells
                var cause = diff.FirstOrDefault(e => e.Resource == held.Resource && e.Cause != EventCause.Unknown)?.Cause ?? EventCause.Unknown;
                told = cause == EventCause.Unknown ? WithCompanion(held) : Rebuild(held, held.Kind, held.From, held.To, cause, null, held.Detail);
            }

            if (told.Cause != EventCause.Unknown && held.Resource is { } id && _pending.TryGetValue(id, out var open) && open.Cause == EventCause.Unknown)
            {
                _pending[id] = open with { Cause = told.Cause, Detail = open.Detail ?? told.Detail };
            }

            if (Remember(told)) output.Add(told);
        }

        _held.Clear();
    }
}
