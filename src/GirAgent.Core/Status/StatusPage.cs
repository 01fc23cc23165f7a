using System.Globalization;
using System.Net;
using System.Text;
using GirAgent.Events;
using GirAgent.Text;

namespace GirAgent.Status;

/// <summary>
/// The daemon's status page (<c>/ui</c>): the status report and the last day's events as one HTML page, rendered here so
/// that it reads completely without JavaScript; <c>/ui/app.js</c> only fetches <see cref="Main"/> again every few seconds
/// and filters tenants as one types. Every text from outside (node, resource, tenant and member names, server-status
/// fields, problem texts, alert details) goes through <see cref="E"/>; the page has no inline script or style, so its
/// Content-Security-Policy (<see cref="ContentSecurityPolicy"/>) forbids both.
/// </summary>
internal static class StatusPage
{
    public const string ContentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; " +
        "base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    /// <summary>Seconds between the page's own updates (app.js reads it from the page).</summary>
    public const int RefreshSeconds = 2;

    /// <summary>Longest filter taken from the query string.</summary>
    public const int MaxFilterChars = 200;

    /// <summary>The whole page: what a browser gets first, complete without JavaScript.</summary>
    public static string Page(StatusReport report, IReadOnlyList<FailoverEvent> events, string? node, string? filter)
    {
        filter = Filter(filter);
        var sb = new StringBuilder(64 * 1024);
        sb.Append("<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
          .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
          .Append("<title>").Append(E(Title(report))).Append("</title>")
          .Append("<link rel=\"stylesheet\" href=\"/ui/app.css\"><script src=\"/ui/app.js\" defer></script></head>\n")
          .Append("<body data-refresh=\"").Append(RefreshSeconds).Append("\">\n")
          .Append("<form class=\"filter\" method=\"get\" action=\"/ui\" role=\"search\"><label for=\"q\">Filter tenants</label> ")
          .Append("<input id=\"q\" name=\"q\" type=\"search\" maxlength=\"").Append(MaxFilterChars).Append("\" value=\"").Append(E(filter ?? ""))
          .Append("\" placeholder=\"tenant, service or member\"> <button type=\"submit\">Filter</button> ")
          .Append("<span id=\"live\" role=\"status\">as of ").Append(Time(report.GeneratedAt)).Append("</span></form>\n")
          .Append("<noscript><p class=\"note\">Without JavaScript this page does not update itself: reload it.</p></noscript>\n")
          .Append("<main id=\"main\">");
        AppendMain(sb, report, events, node, filter);
        sb.Append("</main>\n</body></html>\n");
        return sb.ToString();
    }

    /// <summary>The part app.js fetches again (<c>/ui/fragment</c>): everything but the filter form.</summary>
    public static string Main(StatusReport report, IReadOnlyList<FailoverEvent> events, string? node, string? filter)
    {
        var sb = new StringBuilder(64 * 1024);
        AppendMain(sb, report, events, node, Filter(filter));
        return sb.ToString();
    }

    public static string Title(StatusReport report) =>
        $"girlb {report.Cluster?.Name ?? ""} {StatusTextRenderer.HealthWord(report.Health)}".Replace("  ", " ", StringComparison.Ordinal);

    private static string? Filter(string? filter)
    {
        filter = filter?.Trim();
        if (string.IsNullOrEmpty(filter)) return null;
        return filter.Length > MaxFilterChars ? filter[..MaxFilterChars] : filter;
    }

    private static void AppendMain(StringBuilder sb, StatusReport report, IReadOnlyList<FailoverEvent> events, string? node, string? filter)
    {
        var health = HealthClass(report.Health);
        sb.Append("<header class=\"top\" data-health=\"").Append(health).Append("\" data-title=\"").Append(E(Title(report))).Append("\">")
          .Append("<h1>girlb ").Append(E(report.Cluster?.Name ?? "")).Append("</h1> ")
          .Append(Badge(report.Health)).Append(" <span class=\"meta\">seen by ").Append(E(node ?? "?")).Append(" at ")
          .Append(Time(report.GeneratedAt)).Append("</span></header>\n");
        AppendProblems(sb, report);
        AppendService(sb, report, events);
        AppendCluster(sb, report);
        StatusPageTenants.Append(sb, report, filter);
        AppendTimeline(sb, report, events);
    }

    private static void AppendProblems(StringBuilder sb, StatusReport report)
    {
        if (report.Problems.Count == 0) return;
        sb.Append("<section id=\"problems\" aria-labelledby=\"problems-h\"><h2 id=\"problems-h\">Problems (").Append(report.Problems.Count).Append(")</h2><ul>");
        foreach (var p in report.Problems.OrderByDescending(p => p.Severity == Health.Unknown ? 0 : (int)p.Severity))
        {
            sb.Append("<li class=\"").Append(HealthClass(p.Severity)).Append("\">").Append(Badge(p.Severity)).Append(' ').Append(E(p.Message));
            if (p.Advice is { } advice) sb.Append("<br><span class=\"advice\">").Append(E(advice)).Append("</span>");
            sb.Append("</li>");
        }
        sb.Append("</ul></section>\n");
    }

    private static void AppendService(StringBuilder sb, StatusReport report, IReadOnlyList<FailoverEvent> events)
    {
        // a group's VIP is in the groups' table
        var groupVips = report.Groups.Select(g => g.Resource).ToHashSet(StringComparer.Ordinal);
        var ours = report.Resources.Where(r => r.Kind != StatusEvaluator.OtherKind && !groupVips.Contains(r.Id)).ToList();
        sb.Append("<section id=\"service\" aria-labelledby=\"service-h\"><h2 id=\"service-h\">Service</h2>");
        AppendGroups(sb, report);
        if (ours.Count == 0 && report.Groups.Count == 0) sb.Append("<p>No VIP or webserver resource in the cluster.</p>");
        else
        {
            sb.Append("<div class=\"scroll\"><table><thead><tr><th scope=\"col\">Resource</th><th scope=\"col\">State</th><th scope=\"col\">Node</th>")
              .Append("<th scope=\"col\">Since</th><th scope=\"col\">Fail counts</th></tr></thead><tbody>");
            foreach (var r in ours)
            {
                var started = r.State == "started";
                sb.Append("<tr><th scope=\"row\">").Append(E(r.Id)).Append(" <span class=\"kind\">").Append(E(r.Kind)).Append("</span></th><td class=\"")
                  .Append(started ? "ok" : "critical").Append("\">").Append(E(r.State)).Append(r.Managed ? "" : " (unmanaged)").Append("</td><td>")
                  .Append(E(string.Join(", ", r.Nodes))).Append("</td><td>").Append(Since(r, events)).Append("</td><td>")
                  .Append(E(string.Join(", ", r.FailCounts.Where(f => f.FailCount > 0).Select(f => $"{f.Node}: {f.FailCount}")))).Append("</td></tr>");
            }
            sb.Append("</tbody></table></div>");
        }
        if (report.Httpd is { } h)
            sb.Append("<p>httpd ").Append(E(h.ServerVersion ?? "")).Append(h.UptimeSeconds is { } up ? $", up {Duration(up)}" : "")
              .Append(h.BusyWorkers is { } busy ? $", {busy} busy / {h.IdleWorkers ?? 0} idle workers" : "")
              .Append(h.RequestsPerSecond is { } rps ? string.Create(CultureInfo.InvariantCulture, $", {rps:0.#} requests/s") : "").Append("</p>");
        sb.Append("</section>\n");
    }

    /// <summary>Tenants in groups: each group's VIP, where it runs and since when, its tenants; the nodes holding none.</summary>
    private static void AppendGroups(StringBuilder sb, StatusReport report)
    {
        if (report.Groups.Count == 0) return;
        sb.Append("<div class=\"scroll\"><table><thead><tr><th scope=\"col\">Group</th><th scope=\"col\">VIP</th><th scope=\"col\">State</th>")
          .Append("<th scope=\"col\">Node</th><th scope=\"col\">Since</th><th scope=\"col\">Tenants</th></tr></thead><tbody>");
        foreach (var g in report.Groups)
        {
            sb.Append("<tr><th scope=\"row\">").Append(E(g.Name)).Append("</th><td>").Append(E(g.Vip ?? g.Resource)).Append("</td><td class=\"")
              .Append(g.State == "started" ? "ok" : "critical").Append("\">").Append(E(g.State)).Append("</td><td>").Append(E(g.Node ?? ""))
              .Append("</td><td>").Append(g.Since is { } since ? Time(since) : "").Append("</td><td>").Append(E(string.Join(", ", g.Tenants))).Append("</td></tr>");
        }
        sb.Append("</tbody></table></div>");
        if (report.NodesWithoutGroup.Count > 0)
            sb.Append("<p>").Append(E(string.Join(", ", report.NodesWithoutGroup))).Append(report.NodesWithoutGroup.Count == 1 ? " serves" : " serve")
              .Append(" no group: <code>giragent cluster rebalance</code> spreads them again.</p>");
    }

    /// <summary>When the resource last came to the node it runs on: the newest start, move or recovery there in the events.</summary>
    private static string Since(ResourceSection r, IReadOnlyList<FailoverEvent> events)
    {
        if (r.Nodes.Count != 1) return "";
        var at = events.Where(e => e.Resource == r.Id && e.Kind is EventKind.ResourceMoved or EventKind.ResourceRecovered or EventKind.ResourceStarted
                                   && (e.To ?? e.Node) is { } n && string.Equals(n, r.Nodes[0], StringComparison.OrdinalIgnoreCase))
            .Select(e => (DateTimeOffset?)e.Time).Max();
        return at is { } t ? Time(t) : "over a day (no start in the last day's events)";
    }

    private static void AppendCluster(StringBuilder sb, StatusReport report)
    {
        if (report.Cluster is not { } c) { sb.Append("<section id=\"cluster\"><h2>Cluster</h2><p>No cluster answered (crm_mon).</p></section>\n"); return; }
        sb.Append("<section id=\"cluster\" aria-labelledby=\"cluster-h\"><h2 id=\"cluster-h\">Cluster</h2><p>DC ").Append(E(c.DcNode ?? "none"))
          .Append(" · quorum ").Append(c.HasQuorum switch { true => "<span class=\"ok\">yes</span>", false => "<span class=\"critical\">NO</span>", _ => "?" });
        if (report.Quorum is { } q)
            sb.Append(" (votes ").Append(q.TotalVotes?.ToString(CultureInfo.InvariantCulture) ?? "?").Append('/').Append(q.ExpectedVotes?.ToString(CultureInfo.InvariantCulture) ?? "?")
              .Append(q.QDevice is { } d ? d.Voting ? ", quorum device voting" : ", <span class=\"degraded\">quorum device NOT voting</span>" : q.Flags.Contains("2Node") ? ", two_node" : "").Append(')');
        sb.Append(" · fencing ").Append(c.StonithEnabled switch { true => "<span class=\"ok\">on</span>", false => "<span class=\"degraded\">OFF</span>", _ => "?" });
        if (c.MaintenanceMode == true) sb.Append(" · <span class=\"degraded\">MAINTENANCE</span>");
        sb.Append("</p><div class=\"scroll\"><table><thead><tr><th scope=\"col\">Node</th><th scope=\"col\">State</th><th scope=\"col\">Resources</th></tr></thead><tbody>");
        foreach (var n in c.Nodes)
            sb.Append("<tr><th scope=\"row\">").Append(E(n.Name)).Append(n.IsDc ? " (DC)" : "").Append("</th><td class=\"")
              .Append(n.State == "online" ? "ok" : n.State == "unclean" ? "critical" : "degraded").Append("\">").Append(E(n.State)).Append("</td><td>")
              .Append(n.ResourcesRunning).Append("</td></tr>");
        sb.Append("</tbody></table></div>");
        if (report.Fencing is { } f && f.Devices.Count > 0)
        {
            sb.Append("<h3>Fence devices</h3><ul class=\"plain\">");
            foreach (var d in f.Devices)
            {
                var good = d.State == "started" && d.LastFailure is null;
                sb.Append("<li>").Append(E(d.Id)).Append(" <span class=\"").Append(good ? "ok" : "critical").Append("\">").Append(E(d.LastFailure is null ? d.State : "failing"))
                  .Append("</span>").Append(d.Nodes.Count > 0 ? " on " + E(string.Join(", ", d.Nodes)) : "").Append(d.LastFailure is { } why ? ": " + E(why) : "").Append("</li>");
            }
            sb.Append("</ul>");
        }
        sb.Append("</section>\n");
    }

    private static void AppendTimeline(StringBuilder sb, StatusReport report, IReadOnlyList<FailoverEvent> events)
    {
        // the events (failovers with their outage and doubt, node losses, fences, standbys...) and crm_mon's fence history, newest first
        var rows = events.Select(e => (e.Time, Html: EventRow(e)))
            .Concat((report.Fencing?.Recent ?? []).Where(a => a.Completed is not null && !events.Any(e => e.Kind == EventKind.NodeFenced && e.Node == a.Target
                && Math.Abs((e.Time - a.Completed!.Value).TotalSeconds) < 5))
                .Select(a => (a.Completed!.Value, Html: FenceRow(a))))
            .OrderByDescending(r => r.Item1).Take(200).ToList();
        sb.Append("<section id=\"timeline\" aria-labelledby=\"timeline-h\"><h2 id=\"timeline-h\">Last 24 hours</h2>");
        if (rows.Count == 0) sb.Append("<p>Nothing happened: no failover, fence or node change.</p>");
        else
        {
            sb.Append("<ol class=\"timeline\">");
            foreach (var r in rows) sb.Append(r.Html);
            sb.Append("</ol>");
        }
        sb.Append("</section>\n");
    }

    private static string EventRow(FailoverEvent e)
    {
        var outage = e.DurationSeconds is { } d
            ? string.Create(CultureInfo.InvariantCulture, $"<span class=\"outage\">outage {d:0.###} s{(e.UncertaintySeconds is { } u ? $" ± {u:0.##} s" : "")}</span> ")
            : "";
        var kind = e.Kind is EventKind.ResourceMoved or EventKind.NodeLost or EventKind.NodeFenced or EventKind.QuorumLost or EventKind.FailedAction ? "critical"
            : e.Kind is EventKind.ResourceRecovered or EventKind.ResourceDegraded or EventKind.FailCountRising ? "degraded" : "info";
        return $"<li class=\"{kind}\"><time datetime=\"{e.Time.UtcDateTime:yyyy-MM-ddTHH:mm:ss.fffZ}\">{Time(e.Time)}</time> " +
               $"<b>{E(EventNames.Kind(e.Kind))}</b> {E(EventNames.Cause(e.Cause))} {outage}{E(e.Summary())}</li>";
    }

    private static string FenceRow(FenceActionSection a) =>
        $"<li class=\"{(a.Status == "success" ? "info" : "critical")}\"><time>{Time(a.Completed!.Value)}</time> <b>fence</b> " +
        $"{E(a.Target)} {E(a.Action)} by {E(a.By ?? "?")}: {E(a.Status)}{(a.Reason is { } why ? " (" + E(why) + ")" : "")}</li>";

    internal static string Badge(Health health) =>
        $"<span class=\"badge {HealthClass(health)}\">{StatusTextRenderer.HealthWord(health)}</span>";

    internal static string HealthClass(Health health) => health switch
    {
        Health.Ok => "ok",
        Health.Degraded => "degraded",
        Health.Critical => "critical",
        _ => "unknown",
    };

    internal static string Time(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static string Duration(long seconds) =>
        seconds >= 86400 ? $"{seconds / 86400} d {seconds % 86400 / 3600} h" : seconds >= 3600 ? $"{seconds / 3600} h {seconds % 3600 / 60} min" : $"{seconds / 60} min {seconds % 60} s";

    /// <summary>HTML-escaped, with control characters made visible (a name stays one line).</summary>
    internal static string E(string? text) => WebUtility.HtmlEncode(Printable.Escape(text));
}
