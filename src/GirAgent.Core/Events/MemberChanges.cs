using GirAgent.Httpd;

namespace GirAgent.Events;

/// <summary>
/// Drains and disables as events: two successive server-status pages of the node running httpd compared member by
/// member. Only the states an operator sets count (drained, disabled: <c>giragent members</c>, balancer-manager); a member
/// failing or recovering is httpd's health, told by status and the metrics, not a timeline entry each time it flaps.
/// </summary>
internal static class MemberChanges
{
    /// <summary>The events from <paramref name="before"/> to <paramref name="after"/>; none without a page before (a start).</summary>
    public static IReadOnlyList<FailoverEvent> Between(ServerStatus? before, ServerStatus after, string node, DateTimeOffset now)
    {
        if (before is null) return [];
        var events = new List<FailoverEvent>();
        foreach (var balancer in after.Balancers)
        {
            if (before.Balancers.FirstOrDefault(b => b.Name == balancer.Name) is not { } was) continue;
            foreach (var worker in balancer.Workers)
            {
                if (was.FindWorker(worker.Name) is not { } old || old.State == worker.State || !(Taken(old.State) || Taken(worker.State))) continue;
                events.Add(FailoverEvent.Create(now, EventKind.MemberChanged, EventCause.AdminMove, EventSource.Snapshot, resource: balancer.Name, node: node,
                    detail: $"{worker.Name} {Word(old.State)} -> {Word(worker.State)}"));
            }
        }
        return events;
    }

    private static bool Taken(WorkerState state) => state is WorkerState.Draining or WorkerState.Disabled;

    /// <summary>A member's state in an operator's words (the status page's).</summary>
    internal static string Word(WorkerState state) => state switch
    {
        WorkerState.Ok => "ok",
        WorkerState.Draining => "drained",
        WorkerState.Disabled => "disabled",
        WorkerState.HotStandby => "hot standby",
        WorkerState.Error => "failing (error)",
        WorkerState.Stopped => "failing (stopped)",
        WorkerState.HealthCheckFailed => "failing (health check failed)",
        _ => "unknown",
    };
}
