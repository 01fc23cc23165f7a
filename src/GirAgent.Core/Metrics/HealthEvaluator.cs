using GirAgent.Httpd;
using GirAgent.Pacemaker;
using GirAgent.Status;

namespace GirAgent.Metrics;

/// <summary>
/// Rates the cluster and this node's httpd for <c>gir_health</c> and <c>gir_health_check</c>: the
/// problems <see cref="StatusEvaluator"/> finds (the one place the rules live, shared with
/// <c>giragent status</c> and <c>/health</c>), filed under their checks. Pure: it reads the last
/// snapshot and status page (either null when its source is down).
/// </summary>
internal static class HealthEvaluator
{
    public const string CrmMon = StatusEvaluator.Checks.CrmMon;
    public const string Quorum = StatusEvaluator.Checks.Quorum;
    public const string NodesOffline = StatusEvaluator.Checks.NodesOffline;
    public const string Stonith = StatusEvaluator.Checks.Stonith;
    public const string Maintenance = StatusEvaluator.Checks.Maintenance;
    public const string Webserver = StatusEvaluator.Checks.Webserver;
    public const string Vip = StatusEvaluator.Checks.Vip;
    public const string Resources = StatusEvaluator.Checks.Resources;
    public const string FailedActions = StatusEvaluator.Checks.FailedActions;
    public const string Httpd = StatusEvaluator.Checks.Httpd;
    public const string TenantServices = StatusEvaluator.Checks.TenantServices;
    public const string Members = StatusEvaluator.Checks.Members;

    /// <summary>Every check, in report order.</summary>
    public static IReadOnlyList<string> CheckNames => StatusEvaluator.Checks.All;

    public static HealthReport Evaluate(ClusterSnapshot? cluster, ServerStatus? httpd, HealthOptions options)
    {
        bool? localActive = null;
        if (cluster is not null && options.LocalNode is { } local)
        {
            if (cluster.FindResources(options.WebserverResource).Count > 0) localActive = cluster.IsStartedOn(options.WebserverResource, local);
        }
        // a passive node has no httpd to read: that is normal, not a fault
        var httpdSource = httpd is not null || localActive == true
            ? new SourceResult("server-status", "server-status", httpd is not null, httpd is null ? "server-status does not answer" : null, 0)
            : null;
        var inputs = new StatusInputs(
            cluster,
            new SourceResult("crm_mon", "crm_mon", cluster is not null, cluster is null ? "crm_mon could not be read" : null, 0),
            httpd,
            httpdSource,
            options.LocalNode,
            options.WebserverResource,
            options.VipResource);
        var report = StatusEvaluator.Evaluate(inputs, DateTimeOffset.UnixEpoch);

        var problems = report.Problems
            .Select(p => new HealthProblem(p.Check.Length > 0 ? p.Check : Resources, p.Severity, p.Message))
            .ToList();
        var checks = CheckNames.ToDictionary(n => n, _ => Health.Ok, StringComparer.Ordinal);
        var overall = Health.Ok;
        foreach (var p in problems)
        {
            checks[p.Check] = StatusEvaluator.Worst(checks.GetValueOrDefault(p.Check, Health.Ok), p.Status);
            overall = StatusEvaluator.Worst(overall, p.Status);
        }
        return new HealthReport(overall, problems, checks) { LocalNodeActive = localActive };
    }
}
