using GirAgent.Pacemaker;

namespace GirAgent.Status;

/// <summary>
/// The answer of the daemon's <c>/health</c> (what a load balancer in front of the cluster asks): <c>serving</c>
/// when this node is the active one (runs the webserver and holds the VIP), httpd answers and every tenant service
/// has a usable member; else <c>unhealthy</c>, <c>passive</c> or <c>unknown</c>, with the reasons.
/// </summary>
internal sealed record ServingVerdict(string Status, bool Active, IReadOnlyList<string> Reasons)
{
    public bool Serving => Status == "serving";

    public static ServingVerdict Of(StatusReport report, string node)
    {
        var web = report.Resources.FirstOrDefault(r => r.Kind == StatusEvaluator.WebserverKind && r.State == "started");
        var vip = report.Resources.FirstOrDefault(r => r.Kind == StatusEvaluator.VipKind && r.State == "started");
        var active = web is not null && vip is not null
            && web.Nodes.Contains(node, ClusterNode.NameComparer) && vip.Nodes.Contains(node, ClusterNode.NameComparer);
        if (report.Cluster is null) return new("unknown", active, ["the cluster state cannot be read"]);
        if (!active)
            return new("passive", false,
                [web is null ? "the webserver runs nowhere" : $"this node ({node}) is passive: the webserver runs on {string.Join(",", web.Nodes)}"]);
        var reasons = new List<string>();
        if (report.Httpd is null) reasons.Add("httpd's server-status does not answer");
        foreach (var tenant in report.Tenants)
            foreach (var service in tenant.Services.Where(s => s.Usable == 0))
                reasons.Add($"tenant {tenant.Tenant} {service.Service}: no usable member");
        return new(reasons.Count == 0 ? "serving" : "unhealthy", true, reasons);
    }
}
