
namespace GirAgent.Events;

/// <summary>What one Pacemaker alert says, as events.</summary>
internal sealed partial class FailoverTracker
{
    private IEnumerable<FailoverEvent> FromAlert(PacemakerAlert alert, DateTimeOffset time)
    {
        switch (alert.Kind)
        {
            case "node" when alert.Node is { } member:
                if (string.Equals(alert.Description, "lost", StringComparison.OrdinalIgnoreCase))
                {
                    OpenLossesOn(member, time, EventCause.NodeLoss, $"node {member} lost");
                    yield return Alert(time, EventKind.NodeLost, EventCause.NodeLoss, node: member, detail: "lost (alert)");
                }
                else if (string.Equals(alert.Description, "member", StringComparison.OrdinalIgnoreCase))
                {
                    yield return Alert(time, EventKind.NodeBack, EventCause.Unknown, node: member, detail: "member (alert)");
                }

                break;

            case "fencing" when alert.Node is { } target:
                var ok = alert.Rc is null or 0;
                if (ok)
                {
                    OpenLossesOn(target, time, EventCause.NodeLoss, $"node {target} fenced");
                    NoteFence(target, time);
                }

                var what = (alert.Task ?? "fencing") + (ok ? " succeeded" : " failed");
                yield return Alert(time, EventKind.NodeFenced, EventCause.NodeLoss, node: target,
                    detail: alert.Description is { } d ? what + ": " + d : what);
                break;

            case "resource" when alert.Resource is { } rsc && alert.Task is { } task:
                var id = LogicalId(rsc);
                var node = alert.Node;
                if (alert.ExecStatus == 1 || task == "cancel")
                {
                    break;
                }

                if (!alert.Succeeded)
                {
                    var detail = $"{task} returned {alert.Rc?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "?"}"
                        + (alert.Description is { } text ? $" ({text})" : string.Empty);
                    if (alert.IsDegraded)
                    {
                        yield return Alert(time, EventKind.ResourceDegraded, EventCause.ResourceFailure, resource: id, node: node, detail: detail);
                        break;
                    }

                    // a failed start loses nothing (the resource did not run there); a failed monitor or stop does
                    if (node is not null && task != "start" && !_pending.ContainsKey(id))
                    {
                        // the daemon may have heard the listener refuse before this alert came: the loss starts there
                        var at = _servedUntil.Remove(id, out var until) && until > time && until - time <= ServedAfterFailure ? until : time;
                        _pending[id] = new Loss(node, at, EventCause.ResourceFailure, detail);
                    }

                    yield return Alert(time, EventKind.FailedAction, EventCause.ResourceFailure, resource: id, node: node, detail: detail);
                    break;
                }

                if (task is "start")
                {
                    yield return Alert(time, EventKind.ResourceStarted, EventCause.Unknown, resource: id, to: node, node: node);
                }
                else if (task is "stop")
                {
                    // a stop on a node the last snapshot shows in standby is the standby's
                    var standby = node is not null && _previous?.FindNode(node) is { InStandby: true };
                    yield return standby
                        ? Alert(time, EventKind.ResourceStopped, EventCause.Standby, resource: id, from: node, node: node, detail: SnapshotDiff.InStandby(node!))
                        : Alert(time, EventKind.ResourceStopped, EventCause.Unknown, resource: id, from: node, node: node);
                }

                break;
        }
    }


    private static FailoverEvent Alert(
        DateTimeOffset time, EventKind kind, EventCause cause, string? resource = null, string? from = null, string? to = null,
        string? node = null, string? detail = null) =>
        FailoverEvent.Create(time, kind, cause, EventSource.Alert, resource, from, to, node, null, detail);
}
