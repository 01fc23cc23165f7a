using System.Globalization;
using System.Text;

namespace GirAgent.Status;

/// <summary>
/// The status page's tenants: problems first, a healthy tenant one line (its members behind a disclosure), a tenant with a
/// problem open; each member with its state in words (ok, drained, disabled, hot standby, failing) and its traffic.
/// A filter keeps the tenants whose id, service or a member's name contains it (case-insensitive).
/// </summary>
internal static class StatusPageTenants
{
    public static void Append(StringBuilder sb, StatusReport report, string? filter)
    {
        var tenants = report.Tenants
            .OrderByDescending(t => Rank(t.Health)).ThenBy(t => t.Tenant, StringComparer.Ordinal)
            .ToList();
        var shown = filter is null ? tenants : tenants.Where(t => Matches(t, filter)).ToList();
        var counts = string.Join(", ", tenants.GroupBy(t => t.Health).OrderByDescending(g => Rank(g.Key))
            .Select(g => $"{g.Count()} {StatusTextRenderer.HealthWord(g.Key).ToLowerInvariant()}"));
        sb.Append("<section id=\"tenants\" aria-labelledby=\"tenants-h\"><h2 id=\"tenants-h\">Tenants (").Append(tenants.Count)
          .Append(tenants.Count > 0 ? ": " + counts : "").Append(")</h2>");
        if (filter is not null)
            sb.Append("<p class=\"note\">").Append(shown.Count).Append(" of ").Append(tenants.Count).Append(" match &quot;").Append(StatusPage.E(filter))
              .Append("&quot;. <a href=\"/ui\">Show all</a></p>");
        if (tenants.Count == 0) sb.Append("<p>No tenant balancer in httpd's server-status on this node.</p>");
        foreach (var t in shown) AppendTenant(sb, t);
        if (report.OtherBalancers.Count > 0)
        {
            sb.Append("<h3>Other balancers</h3>");
            foreach (var b in report.OtherBalancers) AppendBalancer(sb, b, b.Balancer);
        }
        sb.Append("</section>\n");
    }

    private static int Rank(Health h) => h == Health.Unknown ? 1 : h == Health.Ok ? 0 : (int)h + 1;

    private static bool Matches(TenantSection t, string filter) =>
        Has(t.Tenant, filter) || t.Services.Any(s => Has(s.Service, filter) || Has(s.Balancer, filter) || s.MemberList.Any(m => Has(m.Name, filter)));

    private static bool Has(string? text, string filter) => text?.Contains(filter, StringComparison.OrdinalIgnoreCase) == true;

    private static void AppendTenant(StringBuilder sb, TenantSection t)
    {
        var members = t.Services.Sum(s => s.Members);
        var usable = t.Services.Sum(s => s.Usable);
        var elected = t.Services.SelectMany(s => s.MemberList).Sum(m => m.Elected ?? 0);
        var outOfService = t.Services.SelectMany(s => s.MemberList).Select(m => Word(m.State)).Where(w => w is "drained" or "disabled")
            .GroupBy(w => w).Select(g => $"{g.Count()} {g.Key}").ToList();
        // the filter's text to match on as one types (app.js): the tenant, its services and members
        var names = string.Join(' ', new[] { t.Tenant }.Concat(t.Services.Select(s => s.Service ?? s.Balancer)).Concat(t.Services.SelectMany(s => s.MemberList.Select(m => m.Name))))
            .ToLowerInvariant();
        sb.Append("<details class=\"tenant ").Append(StatusPage.HealthClass(t.Health)).Append("\" id=\"tenant-").Append(StatusPage.E(t.Tenant)).Append("\" data-names=\"")
          .Append(StatusPage.E(names)).Append('"').Append(t.Health == Health.Ok ? "" : " open").Append("><summary>").Append(StatusPage.Badge(t.Health)).Append(" <b>")
          .Append(StatusPage.E(t.Tenant)).Append("</b> ").Append(t.Services.Count).Append(t.Services.Count == 1 ? " service" : " services").Append(" · ")
          .Append(usable).Append('/').Append(members).Append(" members usable")
          .Append(outOfService.Count > 0 ? " (" + string.Join(", ", outOfService) + ")" : "")
          .Append(" · ").Append(elected.ToString("N0", CultureInfo.InvariantCulture)).Append(" requests</summary>");
        foreach (var s in t.Services) AppendBalancer(sb, s, s.Service ?? s.Balancer);
        sb.Append("</details>\n");
    }

    private static void AppendBalancer(StringBuilder sb, BalancerSection b, string title)
    {
        sb.Append("<div class=\"scroll\"><table class=\"members\"><caption>").Append(StatusPage.Badge(b.Health)).Append(' ').Append(StatusPage.E(title))
          .Append(" <span class=\"meta\">").Append(StatusPage.E(b.Balancer)).Append(", ").Append(b.Usable).Append('/').Append(b.Members).Append(" usable</span></caption>")
          .Append("<thead><tr><th scope=\"col\">Member</th><th scope=\"col\">State</th><th scope=\"col\">Status</th><th scope=\"col\">Requests</th>")
          .Append("<th scope=\"col\">Busy</th><th scope=\"col\">Traffic</th></tr></thead><tbody>");
        foreach (var m in b.MemberList)
        {
            var word = Word(m.State);
            sb.Append("<tr><th scope=\"row\">").Append(StatusPage.E(m.Name)).Append("</th><td class=\"").Append(Class(word)).Append("\">").Append(word)
              .Append("</td><td>").Append(StatusPage.E(m.Status)).Append("</td><td>").Append(Number(m.Elected)).Append("</td><td>").Append(Number(m.Busy))
              .Append("</td><td>").Append(Bytes(m.SentBytes, m.ReceivedBytes)).Append("</td></tr>");
        }
        sb.Append("</tbody></table></div>");
    }

    /// <summary>The member's state in the words an operator uses: drained (draining), failing (error, stopped, health check failed).</summary>
    internal static string Word(string state) => state switch
    {
        "ok" => "ok",
        "draining" => "drained",
        "disabled" => "disabled",
        "hot standby" => "hot standby",
        "error" or "stopped" or "health check failed" => "failing (" + state + ")",
        _ => "unknown",
    };

    private static string Class(string word) => word switch
    {
        "ok" => "ok",
        "drained" or "disabled" or "hot standby" => "info",
        "unknown" => "unknown",
        _ => "critical",
    };

    private static string Number(long? n) => n?.ToString("N0", CultureInfo.InvariantCulture) ?? "";

    private static string Bytes(long? sent, long? received)
    {
        if (sent is null && received is null) return "";
        static string B(long? v) => v is not { } x ? "?" : x >= 1L << 30 ? $"{x / (double)(1L << 30):0.#} GiB" : x >= 1L << 20 ? $"{x / (double)(1L << 20):0.#} MiB"
            : x >= 1024 ? $"{x / 1024.0:0.#} KiB" : $"{x} B";
        return string.Create(CultureInfo.InvariantCulture, $"{B(sent)} out / {B(received)} in");
    }
}
