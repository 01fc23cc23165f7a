using GirAgent.Httpd;
using GirAgent.Pacemaker;
using GirAgent.Tenants;

namespace GirAgent.Metrics;

/// <summary>
/// Rates the cluster and this node's httpd: every check in <see cref="CheckNames"/> gets a status,
/// the overall status is the worst of them (Ok &lt; Warning &lt; Unknown &lt; Critical). Pure: it
/// reads the last snapshot and status page (either null when its source is down).
/// </summary>
public static class HealthEvaluator
{
    public const string CrmMon = "crm_mon";
    public const string Quorum = "quorum";
    public const string NodesOffline = "nodes_offline";
    public const string Stonith = "stonith";
    public const string Maintenance = "maintenance";
    public const string Webserver = "webserver";
    public const string Vip = "vip";
    public const string Resources = "resources";
    public const string FailedActions = "failed_actions";
    public const string Httpd = "httpd";
    public const string TenantServices = "tenant_services";
    public const string Members = "members";

    /// <summary>Every check, in report order.</summary>
    public static IReadOnlyList<string> CheckNames { get; } =
    [
        CrmMon, Quorum, NodesOffline, Stonith, Maintenance, Webserver, Vip, Resources, FailedActions, Httpd,
        TenantServices, Members,
    ];

    public static HealthReport Evaluate(ClusterSnapshot? cluster, ServerStatus? httpd, HealthOptions options)
    {
        var problems = new List<HealthProblem>();
        bool? localActive = null;
        if (cluster is null)
        {
            problems.Add(new(CrmMon, HealthStatus.Unknown, "crm_mon could not be read: cluster state unknown"));
        }
        else
        {
            CheckCluster(cluster, options, problems);
            var web = cluster.FindResources(options.WebserverResource);
            if (options.LocalNode is { } local && web.Count > 0)
            {
                localActive = web.Any(r => r.IsStarted && r.Nodes.Contains(local, StringComparer.Ordinal));
            }
        }

        CheckHttpd(httpd, localActive, problems);

        var checks = new Dictionary<string, HealthStatus>(StringComparer.Ordinal);
        foreach (var name in CheckNames)
        {
            checks[name] = HealthStatus.Ok;
        }

        var overall = HealthStatus.Ok;
        foreach (var p in problems)
        {
            checks[p.Check] = HealthStatuses.Worst(checks[p.Check], p.Status);
            overall = HealthStatuses.Worst(overall, p.Status);
        }

        return new HealthReport(overall, problems, checks) { LocalNodeActive = localActive };
    }

    private static void CheckCluster(ClusterSnapshot cluster, HealthOptions options, List<HealthProblem> problems)
    {
        var s = cluster.Summary;
        if (!s.DcPresent)
        {
            problems.Add(new(Quorum, HealthStatus.Critical, "no designated controller (DC)"));
        }
        else if (s.HasQuorum == false)
        {
            problems.Add(new(Quorum, HealthStatus.Critical, "the partition has no quorum"));
        }

        foreach (var node in cluster.Nodes.Where(n => n.Type is null or "member"))
        {
            if (node.Unclean)
            {
                problems.Add(new(NodesOffline, HealthStatus.Critical, $"node {node.Name} is unclean (awaiting fencing)"));
            }
            else if (!node.Online)
            {
                problems.Add(new(NodesOffline, HealthStatus.Warning, $"node {node.Name} is offline"));
            }
            else if (node.Standby || node.StandbyOnFail)
            {
                problems.Add(new(NodesOffline, HealthStatus.Warning, $"node {node.Name} is in standby"));
            }
        }

        if (s.StonithEnabled == false)
        {
            problems.Add(new(Stonith, HealthStatus.Warning, "fencing is disabled (stonith-enabled=false): a split brain can run the VIP twice"));
        }

        if (s.MaintenanceMode == true)
        {
            problems.Add(new(Maintenance, HealthStatus.Warning, "the cluster is in maintenance mode: nothing is monitored or recovered"));
        }

        foreach (var node in cluster.Nodes.Where(n => n.Maintenance))
        {
            problems.Add(new(Maintenance, HealthStatus.Warning, $"node {node.Name} is in maintenance"));
        }

        CheckServiceResource(cluster, options.WebserverResource, Webserver, problems);
        CheckServiceResource(cluster, options.VipResource, Vip, problems);

        foreach (var r in cluster.Resources)
        {
            if (r.Blocked)
            {
                problems.Add(new(Resources, HealthStatus.Critical, $"resource {r.Id} is blocked"));
            }
            else if (r.Failed)
            {
                problems.Add(new(Resources, HealthStatus.Warning, $"resource {r.Id} failed"));
            }
            else if (!r.Managed)
            {
                problems.Add(new(Resources, HealthStatus.Warning, $"resource {r.Id} is unmanaged"));
            }
        }

        foreach (var f in cluster.Failures)
        {
            var what = f.IsDegraded ? "is degraded" : "failed";
            var reason = string.IsNullOrEmpty(f.ExitReason) ? f.ExitStatus : f.ExitReason;
            problems.Add(new(FailedActions, HealthStatus.Warning, $"{f.Task} of {f.Resource ?? f.OperationKey} on {f.Node} {what}: {reason}"));
        }
    }

    private static void CheckServiceResource(ClusterSnapshot cluster, string id, string check, List<HealthProblem> problems)
    {
        var instances = cluster.FindResources(id);
        if (instances.Count == 0)
        {
            problems.Add(new(check, HealthStatus.Warning, $"resource {id} is not configured"));
        }
        else if (!instances.Any(r => r.IsStarted))
        {
            problems.Add(new(check, HealthStatus.Critical, $"resource {id} is not running on any node"));
        }
    }

    private static void CheckHttpd(ServerStatus? httpd, bool? localActive, List<HealthProblem> problems)
    {
        if (httpd is null)
        {
            // A passive node has no httpd: that is normal, not a fault.
            if (localActive == true)
            {
                problems.Add(new(Httpd, HealthStatus.Critical, "httpd runs here per Pacemaker but server-status does not answer"));
            }

            return;
        }

        foreach (var balancer in httpd.Balancers)
        {
            var name = BalancerName.Parse(balancer.Name);
            var label = name.Tenant is { } t && name.Service is { } svc ? $"tenant {t} {svc.DisplayName()} ({balancer.Name})" : balancer.Name;
            if (!balancer.HasUsableMember)
            {
                problems.Add(new(TenantServices, HealthStatus.Critical, $"{label} has no usable member"));
            }

            foreach (var worker in balancer.Workers.Where(w => !w.IsUsable))
            {
                var state = BalancerCollector.StateLabel(worker.State);
                var status = state is "disabled" or "draining" or "stopped" ? HealthStatus.Ok : HealthStatus.Warning;
                if (status != HealthStatus.Ok)
                {
                    problems.Add(new(Members, status, $"member {worker.Name} of {label} is {state.Replace('_', ' ')}"));
                }
            }
        }
    }
}
