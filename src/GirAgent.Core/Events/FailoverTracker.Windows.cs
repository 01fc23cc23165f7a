
namespace GirAgent.Events;

/// <summary>When a change seen by a snapshot happened: the window between two looks, narrowed by the CIB's operation records.</summary>
internal sealed partial class FailoverTracker
{
    /// <summary>
    /// When the resource of a start or move served again: exactly when an alert or the watcher told it; when only this
    /// snapshot shows it, somewhere since the snapshot before (narrowed by the start's record in the CIB).
    /// </summary>
    private (DateTimeOffset Earliest, DateTimeOffset Latest) ServingAgain(FailoverEvent e, string id) =>
        e.Source != EventSource.Snapshot || _exact.Contains(e) ? (e.Time, e.Time) : SeenWindow(e.To, id, "start", e.Time).Window;

    /// <summary>
    /// When a stop or start that the current snapshot (taken at <paramref name="seen"/>) is the first to show happened:
    /// after the snapshot before it, by this one. The operation's own record in the CIB narrows that, when it falls
    /// inside: Pacemaker keeps when it began to run, to the second (<c>last-rc-change</c>), and how long it ran; the loss
    /// of a stop began when the stop did (httpd's graceful stop closes its listeners first), a start serves from its
    /// end. <c>Known</c>: the record was there and fits.
    /// </summary>
    private ((DateTimeOffset Earliest, DateTimeOffset Latest) Window, bool Known) SeenWindow(string? node, string resource, string task, DateTimeOffset seen)
    {
        var earliest = seen - _snapshotGap;
        var latest = seen;
        var op = node is null ? null : _previous?.FindHistory(node, resource)?.Operations
            .Where(o => o.Task == task && o.ExitCode == 0 && o.LastRcChange is not null)
            .MaxBy(o => o.Call ?? -1);
        if (op?.LastRcChange is not { } began)
        {
            return ((earliest, latest), false);
        }

        // last-rc-change is when the operation began to run (the executor's epoch_last_run, whole seconds), not when it
        // ended: a stop's loss began then; a start served from its end, exec-time later (read as the end once, a move
        // seen only by a snapshot was told 0.4-0.5 s short of the clients' outage)
        var from = began + (task == "stop" ? TimeSpan.Zero : TimeSpan.FromMilliseconds(Math.Max(0, op.ExecMs ?? 0)));
        var to = from + OperationRecordResolution;
        if (to <= earliest || from > latest)
        {
            return ((earliest, latest), false);
        }

        return ((from > earliest ? from : earliest, to < latest ? to : latest), true);
    }

    /// <summary>How far an alert's own time may lie outside the snapshots' window of the same change (clocks, rounding).</summary>
    private static readonly TimeSpan AlertSkew = TimeSpan.FromSeconds(1);

    /// <summary>How exactly the CIB records an operation's completion (<c>last-rc-change</c>: whole seconds).</summary>
    private static readonly TimeSpan OperationRecordResolution = TimeSpan.FromSeconds(1);
}
