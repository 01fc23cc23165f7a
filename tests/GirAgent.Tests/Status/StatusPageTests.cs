using System.Text.RegularExpressions;
using GirAgent.Events;
using GirAgent.Status;

namespace GirAgent.Tests.Status;

/// <summary>The status page as a browser gets it: what it shows, in which order, and that no outside text can become markup.</summary>
public sealed partial class StatusPageTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 5, 3, 0, 0, TimeSpan.Zero);
    private const string Hostile = "<script>alert(1)</script>\"><img src=x onerror=alert(2)>";

    private static MemberSection Member(string name, string state, long elected = 10) => new(name, state, "Init Ok", elected, 0, 2048, 1024);

    private static TenantSection Tenant(string id, Health health, params MemberSection[] members) =>
        new(id, health, [new BalancerSection($"balancer://{id}_rws", id, "rws", health, members.Length, members.Count(m => m.State is "ok" or "hot standby"), members)]);

    private static StatusReport Report(IReadOnlyList<TenantSection>? tenants = null, IReadOnlyList<Problem>? problems = null, string node = "n1") => new()
    {
        GeneratedAt = T0,
        Health = problems?.Max(p => p.Severity) ?? Health.Ok,
        Cluster = new ClusterSection("lb", node, true, true, false, T0, [new NodeSection(node, "online", true, 2), new NodeSection("n2", "online", false, 1)]),
        Resources =
        [
            new ResourceSection("vip", "virtual_ip", "ocf:gir:vip", "started", [node], null, true, []),
            new ResourceSection("webserver", "webserver", "ocf:gir:webserver", "started", [node], null, true, [new FailCountSection(node, 1, 1)]),
        ],
        Tenants = tenants ?? [],
        Problems = problems ?? [],
    };

    [Fact]
    public void Every_text_from_outside_is_escaped_and_the_page_has_no_inline_script_or_style()
    {
        var report = Report([Tenant(Hostile, Health.Degraded, Member(Hostile, "draining"))],
            [new Problem(Health.Critical, Hostile, "member " + Hostile + " is down", "check " + Hostile)], node: Hostile);
        var events = new[]
        {
            FailoverEvent.Create(T0.AddMinutes(-5), EventKind.ResourceMoved, EventCause.NodeLoss, EventSource.Alert, resource: "webserver", from: "n2", to: Hostile,
                detail: Hostile),
        };

        var page = StatusPage.Page(report, events, Hostile, Hostile);

        Assert.DoesNotContain("<script>alert", page);
        Assert.DoesNotContain("<img", page);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;&quot;&gt;&lt;img src=x onerror=alert(2)&gt;", page);
        // the only script is the page's own file; no element carries a style or an event handler
        Assert.Equal(["<script src=\"/ui/app.js\" defer></script>"], ScriptTags().Matches(page).Select(m => m.Value));
        var attributes = Tags().Matches(page).SelectMany(t => Attributes().Matches(t.Groups[2].Value).Select(a => a.Groups[1].Value.ToLowerInvariant())).ToHashSet();
        Assert.DoesNotContain(attributes, a => a == "style" || a.StartsWith("on", StringComparison.Ordinal));
        // every '<' of the page opens or closes one of the page's own elements
        Assert.Equal(page.Count(ch => ch == '<'), Tags().Count(page) + ClosingTags().Count(page) + 1); // (+ the doctype)
        Assert.DoesNotContain("unsafe-inline", StatusPage.ContentSecurityPolicy);
        Assert.Contains("script-src 'self'", StatusPage.ContentSecurityPolicy);
    }

    [Fact]
    public void Problems_come_first_then_the_service_and_tenants_worst_first_with_a_healthy_tenant_closed()
    {
        var report = Report(
            [
                Tenant("t1", Health.Ok, Member("a", "ok")),
                Tenant("t2", Health.Critical, Member("b", "error"), Member("c", "stopped")),
                Tenant("t3", Health.Degraded, Member("d", "ok"), Member("e", "draining"), Member("f", "hot standby"), Member("g", "disabled")),
            ],
            [new Problem(Health.Degraded, "t3", "tenant t3: a member is drained", null), new Problem(Health.Critical, "t2", "tenant t2 has no usable member", "look")]);

        var main = StatusPage.Main(report, [], "n1", null);

        Assert.True(main.IndexOf("id=\"problems\"", StringComparison.Ordinal) < main.IndexOf("id=\"service\"", StringComparison.Ordinal));
        Assert.True(main.IndexOf("tenant t2 has no usable member", StringComparison.Ordinal) < main.IndexOf("tenant t3: a member", StringComparison.Ordinal));
        var order = TenantIds().Matches(main).Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(["t2", "t3", "t1"], order);
        Assert.Contains("<details class=\"tenant ok\" id=\"tenant-t1\" data-names=\"t1 rws a\"><summary>", main);
        Assert.Contains("<details class=\"tenant critical\" id=\"tenant-t2\" data-names=\"t2 rws b c\" open>", main);
        Assert.Contains("Tenants (3: 1 critical, 1 degraded, 1 ok)", main);
        // the members' states in an operator's words, with the colour's class beside the word
        Assert.Contains("<td class=\"info\">drained</td>", main);
        Assert.Contains("<td class=\"info\">hot standby</td>", main);
        Assert.Contains("<td class=\"info\">disabled</td>", main);
        Assert.Contains("<td class=\"critical\">failing (error)</td>", main);
        Assert.Contains("2/4 members usable (1 drained, 1 disabled)", main);
    }

    [Fact]
    public void A_filter_keeps_the_tenants_whose_name_service_or_member_matches()
    {
        var report = Report([Tenant("alpha", Health.Ok, Member("rcs1", "ok")), Tenant("beta", Health.Ok, Member("web1", "ok")), Tenant("gamma", Health.Ok, Member("RCS2", "ok"))]);

        var main = StatusPage.Main(report, [], "n1", "  rcs ");

        Assert.Equal(["alpha", "gamma"], TenantIds().Matches(main).Select(m => m.Groups[1].Value));
        Assert.Contains("2 of 3 match &quot;rcs&quot;", main);
        Assert.Contains("value=\"x\"", StatusPage.Page(report, [], "n1", "x"));
    }

    [Fact]
    public void The_timeline_tells_each_outage_with_its_doubt_newest_first_and_where_the_service_runs_since()
    {
        var moved = FailoverEvent.Create(T0.AddMinutes(-30), EventKind.ResourceMoved, EventCause.NodeLoss, EventSource.Alert,
            resource: "webserver", from: "n2", to: "n1", duration: TimeSpan.FromSeconds(12.7), uncertainty: TimeSpan.FromSeconds(0.25));
        var lost = FailoverEvent.Create(T0.AddMinutes(-31), EventKind.NodeLost, EventCause.NodeLoss, EventSource.Alert, node: "n2");

        var main = StatusPage.Main(Report(), [lost, moved], "n1", null);

        Assert.Contains("outage 12.7 s ± 0.25 s", main);
        Assert.True(main.IndexOf("resource_moved", StringComparison.Ordinal) < main.IndexOf("node_lost", StringComparison.Ordinal));
        Assert.Contains("<td>n1</td><td>2026-12-05 02:30:00Z</td>", main); // webserver on n1 since its move
        Assert.Contains("over a day (no start in the last day", main); // the VIP: no event
    }

    [GeneratedRegex("<script[^>]*>[^<]*</script>")]
    private static partial Regex ScriptTags();

    /// <summary>An opening tag with its attributes, each value quoted (the renderer's form).</summary>
    [GeneratedRegex("<([a-z][a-z0-9]*)((?:\\s+[a-zA-Z-]+(?:=\"[^\"<>]*\")?)*)\\s*>")]
    private static partial Regex Tags();

    [GeneratedRegex("\\G\\s+([a-zA-Z-]+)(?:=\"[^\"]*\")?")]
    private static partial Regex Attributes();

    [GeneratedRegex("</[a-z][a-z0-9]*>")]
    private static partial Regex ClosingTags();

    [GeneratedRegex("<details class=\"tenant [a-z]+\" id=\"tenant-([^\"]+)\"")]
    private static partial Regex TenantIds();
}
