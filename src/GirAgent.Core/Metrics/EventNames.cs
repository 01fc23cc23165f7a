using GirAgent.Events;

namespace GirAgent.Metrics;

/// <summary>The snake_case names of event kinds and causes, as in the event log and metric labels.</summary>
internal static class EventNames
{
    public static string Kind(EventKind kind) => kind switch
    {
        EventKind.ResourceMoved => "resource_moved",
        EventKind.ResourceRecovered => "resource_recovered",
        EventKind.ResourceStarted => "resource_started",
        EventKind.ResourceStopped => "resource_stopped",
        EventKind.NodeLost => "node_lost",
        EventKind.NodeBack => "node_back",
        EventKind.NodeFenced => "node_fenced",
        EventKind.QuorumLost => "quorum_lost",
        EventKind.QuorumRegained => "quorum_regained",
        EventKind.FailedAction => "failed_action",
        EventKind.ResourceDegraded => "resource_degraded",
        EventKind.FailCountRising => "fail_count_rising",
        EventKind.StandbyOn => "standby_on",
        EventKind.StandbyOff => "standby_off",
        EventKind.MaintenanceOn => "maintenance_on",
        EventKind.MaintenanceOff => "maintenance_off",
        _ => kind.ToString(),
    };

    public static string Cause(EventCause cause) => cause switch
    {
        EventCause.NodeLoss => "node_loss",
        EventCause.ResourceFailure => "resource_failure",
        EventCause.AdminMove => "admin_move",
        EventCause.Standby => "standby",
        EventCause.Maintenance => "maintenance",
        _ => "unknown",
    };
}
