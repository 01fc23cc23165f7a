using GirAgent.Httpd;
using GirAgent.Tenants;

namespace GirAgent.Metrics;

/// <summary>
/// <c>gir_balancer_*</c>: per tenant, service and member health, from the mod_proxy_balancer
/// lines of server-status. Tenant and service come from the balancer name
/// (<c>balancer://t1rws</c> is tenant <c>t1</c>, service <c>rws</c>); other balancers have both
/// labels empty. Nothing is written when httpd could not be read (<c>apache_up 0</c> says so):
/// a passive node has no balancers to report.
/// </summary>
internal static class BalancerCollector
{
    public static void Collect(MetricSet set, ServerStatus? status)
    {
        if (status is null)
        {
            return;
        }

        var memberUp = set.Gauge(
            "gir_balancer_member_up",
            "1 when the balancer member can take traffic (Ok or hot standby), 0 otherwise; state is its summarized status",
            "tenant", "service", "balancer", "member", "state");
        var memberError = set.Gauge(
            "gir_balancer_member_error",
            "1 when the balancer member is flagged in error or failed its health check",
            "tenant", "service", "balancer", "member");
        var members = set.Gauge("gir_balancer_members", "Members configured in the balancer", "tenant", "service", "balancer");
        var usable = set.Gauge("gir_balancer_usable_members", "Members of the balancer that can take traffic now", "tenant", "service", "balancer");
        var up = set.Gauge(
            "gir_tenant_service_up",
            "1 when the tenant service's balancer has at least one usable member",
            "tenant", "service", "balancer");

        foreach (var balancer in status.Balancers)
        {
            var name = BalancerName.Parse(balancer.Name);
            var tenant = name.Tenant ?? string.Empty;
            var service = name.Service?.BalancerSuffix() ?? string.Empty;
            members.Add(balancer.Workers.Count, tenant, service, balancer.Name);
            usable.Add(balancer.UsableCount, tenant, service, balancer.Name);
            up.Add(balancer.HasUsableMember, tenant, service, balancer.Name);
            foreach (var worker in balancer.Workers)
            {
                memberUp.Add(worker.IsUsable, tenant, service, balancer.Name, worker.Name, StateLabel(worker.State));
                memberError.Add((worker.Flags & (WorkerFlags.Err | WorkerFlags.HcFl)) != 0, tenant, service, balancer.Name, worker.Name);
            }
        }
    }

    /// <summary>The <c>state</c> label value of a member.</summary>
    public static string StateLabel(WorkerState state) => state switch
    {
        WorkerState.Ok => "ok",
        WorkerState.HotStandby => "hot_standby",
        WorkerState.Error => "error",
        WorkerState.Disabled => "disabled",
        WorkerState.Draining => "draining",
        WorkerState.Stopped => "stopped",
        WorkerState.HealthCheckFailed => "health_check_failed",
        _ => "unknown",
    };
}
