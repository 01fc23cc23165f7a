using System.Text.Json;
using GirAgent.Events;
using GirAgent.Httpd;
using GirAgent.Pacemaker;
using GirAgent.Status;

namespace GirAgent.Tests.Status;

/// <summary>
/// The status report on outputs captured from the lab (tests/lab: two real Pacemaker nodes,
/// ocf:gir:vip + ocf:gir:webserver, tenant t1), one state each.
/// </summary>
public sealed class StatusEvaluatorTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 23, 55, 0, TimeSpan.Zero);

    private static string Fixture(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "lab", name));

    private static StatusReport Report(string state, bool withHttpd = true)
    {
        var cluster = CrmMonParser.Parse(Fixture($"{state}.crm_mon.xml"));
        ServerStatus? httpd = null;
        SourceResult? httpdSource = null;
        if (withHttpd)
        {
            httpd = ServerStatusParser.TryParse(Fixture($"{state}.server-status.txt"), out var s, out _) ? s : null;
            httpdSource = new SourceResult("server-status", "fixture", httpd is not null, httpd is null ? "empty" : null, 1);
        }
        return StatusEvaluator.Evaluate(new StatusInputs(cluster, new SourceResult("crm_mon", "fixture", true, null, 1), httpd, httpdSource), Now);
    }

    [Theory]
    [InlineData("crm_mon", "is Pacemaker running on this node?")]
    [InlineData("/tmp/saved.xml", "check the saved file (/tmp/saved.xml); save one with: crm_mon -1 --output-as=xml > FILE")]
    [InlineData("stdin", "check the saved file (stdin)")]
    public void A_cluster_state_that_cannot_be_read_gets_advice_that_fits_where_it_came_from(string origin, string advice)
    {
        var report = StatusEvaluator.Evaluate(new StatusInputs(null, new SourceResult("crm_mon", origin, false, "not XML", 1), null, null), Now);

        Assert.Contains(advice, report.Problems.Single(p => p.Subject == "cluster").Advice);
        if (origin != "crm_mon") Assert.DoesNotContain("Pacemaker running", report.Problems.Single(p => p.Subject == "cluster").Advice);
    }

    [Fact]
    public void The_webserver_listed_twice_running_on_both_nodes_is_critical_not_degraded()
    {
        var xml = Fixture("healthy.crm_mon.xml");
        var start = xml.IndexOf("    <resource id=\"webserver\"", StringComparison.Ordinal);
        var end = xml.IndexOf("</resource>", start, StringComparison.Ordinal) + "</resource>".Length;
        var entry = xml[start..end];
        var node = System.Text.RegularExpressions.Regex.Match(entry, "<node name=\"([^\"]+)\"").Groups[1].Value;
        var other = node == "n1" ? "n2" : "n1";
        var twice = xml.Insert(end, "\n" + entry.Replace($"name=\"{node}\" id=\"{(node == "n1" ? 1 : 2)}\"", $"name=\"{other}\" id=\"{(other == "n1" ? 1 : 2)}\""));
        var cluster = CrmMonParser.Parse(twice);

        var report = StatusEvaluator.Evaluate(new StatusInputs(cluster, new SourceResult("crm_mon", "fixture", true, null, 1), null, null), Now);

        Assert.Equal(Health.Critical, report.Health);
        Assert.Contains(report.Problems, p => p.Severity == Health.Critical && p.Message.StartsWith("webserver is active on 2 nodes", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("http://127.0.0.1/server-status", "curl -v 'http://127.0.0.1/server-status'")]
    [InlineData("/tmp/saved-page.txt", "save the page with: curl -s")]
    [InlineData("-", "save the page with: curl -s")]
    public void A_server_status_that_cannot_be_read_gets_advice_that_fits_where_it_came_from(string origin, string advice)
    {
        var cluster = CrmMonParser.Parse(Fixture("healthy.crm_mon.xml"));
        var report = StatusEvaluator.Evaluate(new StatusInputs(cluster, new SourceResult("crm_mon", "fixture", true, null, 1), null,
            new SourceResult("server-status", origin, false, "no such file", 1)), Now);

        var problem = Assert.Single(report.Problems, p => p.Subject == "httpd");
        Assert.Contains($"cannot read server-status from {origin}", problem.Message);
        Assert.StartsWith(advice, problem.Advice);
    }

    [Fact]
    public void The_dc_is_named_from_the_node_flag_when_the_summary_omits_its_name()
    {
        // Pacemaker's own CTS outputs (and some versions) write <current_dc present="true"/> without a name
        var cluster = CrmMonParser.Parse(Fixture("healthy.crm_mon.xml"));
        var dc = cluster.Nodes.Single(n => n.IsDc).Name;
        var unnamed = cluster with { Summary = cluster.Summary with { DcNode = null, DcNodeId = null } };

        var report = StatusEvaluator.Evaluate(new StatusInputs(unnamed, new SourceResult("crm_mon", "fixture", true, null, 1), null, null), Now);

        Assert.Equal(dc, report.Cluster!.DcNode);
        Assert.Contains($"DC {dc}", StatusTextRenderer.Render(report, color: false));
        Assert.DoesNotContain(report.Problems, p => p.Message.Contains("designated controller"));
    }

    [Fact]
    public void A_failed_webserver_instance_beside_a_running_one_is_reported_not_hidden()
    {
        // httpd in a bundle: replica 0 runs, replica 1 failed (as in Pacemaker's "partially active" CTS case)
        var cluster = CrmMonParser.Parse(Fixture("healthy.crm_mon.xml"));
        var web = cluster.Resources.Single(r => r.Id == "webserver");
        ClusterResource Replica(int n, string node, bool failed) => web with { Id = "httpd", Bundle = "httpd-bundle", Replica = n, Nodes = [node], Failed = failed };
        var bundled = cluster with { Resources = [.. cluster.Resources.Where(r => r.Id != "webserver"), Replica(0, "n1", false), Replica(1, "n2", true)] };

        var report = StatusEvaluator.Evaluate(new StatusInputs(bundled, new SourceResult("crm_mon", "fixture", true, null, 1), null, null), Now);

        var problem = Assert.Single(report.Problems, p => p.Subject == "httpd-bundle");
        Assert.Equal(Health.Degraded, problem.Severity);
        Assert.Equal("an instance of the webserver (httpd) is failed on n2; 1 other serves", problem.Message);
        Assert.Contains("'pcs resource cleanup httpd'", problem.Advice);
    }

    [Fact]
    public void The_screen_lists_the_last_failovers_of_the_day_oldest_first()
    {
        GirAgent.Events.FailoverEvent Event(double hoursAgo, GirAgent.Events.EventKind kind, string to) => GirAgent.Events.FailoverEvent.Create(
            Now.AddHours(-hoursAgo), kind, GirAgent.Events.EventCause.NodeLoss, GirAgent.Events.EventSource.Alert, "webserver", "n1", to, to,
            TimeSpan.FromSeconds(0.6), "node n1 lost");
        var events = new[]
        {
            Event(30, GirAgent.Events.EventKind.ResourceMoved, "n2"), // older than a day
            Event(3, GirAgent.Events.EventKind.ResourceStopped, "n2"), // not a failover
        }.Concat(Enumerable.Range(0, 7).Select(i => Event(7 - i, GirAgent.Events.EventKind.ResourceMoved, i % 2 == 0 ? "n2" : "n1"))).ToList();

        var recent = RecentFailovers.Of(events, Now);
        var screen = StatusTextRenderer.Render(Report("healthy") with { RecentFailovers = recent }, color: false);
        var none = StatusTextRenderer.Render(Report("healthy") with { RecentFailovers = [] }, color: false);
        var unknown = StatusTextRenderer.Render(Report("healthy"), color: false);

        Assert.Equal(RecentFailovers.Count, recent.Count);
        Assert.Equal(recent.OrderBy(e => e.Time), recent);
        Assert.Equal(Now.AddHours(-1), recent[^1].Time);
        Assert.Contains("Failovers (24 h)\n  " + recent[0].Line() + "\n", screen);
        Assert.Contains("webserver n1 -> n2 in 0.6s: node n1 lost", screen);
        Assert.Contains("Failovers (24 h)  none", none);
        Assert.DoesNotContain("Failovers", unknown); // no event log to read: nothing claimed
        var json = JsonSerializer.Serialize(Report("healthy") with { RecentFailovers = recent }, StatusJsonContext.Default.StatusReport);
        Assert.Contains("\"recent_failovers\": [", json);
        Assert.Contains("\"kind\": \"resource_moved\"", json);
    }

    [Fact]
    public void A_healthy_lab_without_fencing_is_degraded_and_says_why()
    {
        var report = Report("healthy");

        Assert.Equal(Health.Degraded, report.Health);
        var problem = Assert.Single(report.Problems);
        Assert.Equal("fencing", problem.Subject);
        Assert.Contains("stonith-enabled=true", problem.Advice);
        Assert.Equal(["n1", "n2"], report.Cluster!.Nodes.Select(n => n.Name));
        Assert.All(report.Cluster.Nodes, n => Assert.Equal("online", n.State));
    }

    [Fact]
    public void The_vip_and_the_webserver_are_found_with_where_they_run()
    {
        var report = Report("healthy");

        var vip = Assert.Single(report.Resources, r => r.Kind == StatusEvaluator.VipKind);
        var web = Assert.Single(report.Resources, r => r.Kind == StatusEvaluator.WebserverKind);
        Assert.Equal("virtual_ip", vip.Id);
        Assert.Equal("webserver", web.Id);
        Assert.Equal("ocf:gir:webserver", web.Agent);
        Assert.Equal("started", web.State);
        Assert.Equal(vip.Nodes, web.Nodes);
    }

    [Fact]
    public void Every_service_of_tenant_t1_is_listed_with_its_members()
    {
        var report = Report("healthy");

        var tenant = Assert.Single(report.Tenants);
        Assert.Equal("t1", tenant.Tenant);
        Assert.Equal(Health.Ok, tenant.Health);
        Assert.Equal(["RWS", "RP", "RCS", "Interaction Receiver", "WebDAV"], tenant.Services.Select(s => s.Service));
        var rws = tenant.Services.Single(s => s.Service == "RWS");
        Assert.Equal(3, rws.Members);
        Assert.Equal(3, rws.Usable);
        var webdav = tenant.Services.Single(s => s.Service == "WebDAV");
        Assert.Contains(webdav.MemberList, m => m.State == "hot standby");
    }

    [Fact]
    public void A_tenant_service_with_no_usable_member_is_critical_and_a_member_in_error_degraded()
    {
        var report = Report("backends-down");

        Assert.Equal(Health.Critical, report.Health);
        Assert.Contains(report.Problems, p => p.Severity == Health.Critical && p.Message.Contains("balancer://t1rp") && p.Message.Contains("no usable member"));
        Assert.Contains(report.Problems, p => p.Severity == Health.Degraded && p.Message.Contains("balancer://t1rws") && p.Message.Contains("1 of 3"));
        Assert.Equal(Health.Critical, report.Tenants.Single().Health);
    }

    [Fact]
    public void A_node_in_standby_is_degraded_with_the_command_to_bring_it_back()
    {
        // the page still shows the members stopped a moment before (httpd retries them after 60 s): cluster only
        var report = Report("standby", withHttpd: false);

        Assert.Equal(Health.Degraded, report.Health);
        var problem = Assert.Single(report.Problems, p => p.Subject == "n2");
        Assert.Equal("'pcs node unstandby n2'", problem.Advice);
    }

    [Fact]
    public void A_killed_httpd_shows_the_failed_monitor_with_the_agents_reason_and_the_fail_count()
    {
        var report = Report("httpd-killed");

        Assert.Equal(Health.Degraded, report.Health);
        Assert.Contains(report.Problems, p => p.Message.Contains("webserver monitor failed on n1") && p.Message.Contains("master is gone"));
        Assert.Contains(report.Problems, p => p.Message.Contains("webserver has failed 1 time(s) on n1 of migration-threshold 10"));
        Assert.Contains(report.Resources.Single(r => r.Id == "webserver").FailCounts, f => f.Node == "n1" && f.FailCount == 1 && f.MigrationThreshold == 10);
    }

    [Fact]
    public void A_crashed_node_is_offline_and_the_load_balancer_serves_from_the_other()
    {
        var report = Report("node-crashed");

        Assert.Equal(Health.Degraded, report.Health);
        Assert.Equal("offline", report.Cluster!.Nodes.Single(n => n.Name == "n1").State);
        Assert.Equal(["n2"], report.Resources.Single(r => r.Id == "webserver").Nodes);
    }

    [Fact]
    public void A_disabled_webserver_is_critical_and_a_silent_status_page_is_then_expected()
    {
        var report = Report("webserver-disabled");

        Assert.Equal(Health.Critical, report.Health);
        var problem = Assert.Single(report.Problems, p => p.Subject == "webserver");
        Assert.Contains("disabled", problem.Message);
        Assert.Equal("'pcs resource enable webserver'", problem.Advice);
        Assert.DoesNotContain(report.Problems, p => p.Subject == "httpd");
    }

    [Fact]
    public void A_configured_tenant_balancer_missing_from_the_page_is_named_with_why()
    {
        var sample = Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", "..", "packaging", "tenants.sample.json");
        var tenants = GirAgent.Tenants.TenantsFile.Load(sample);
        var cluster = CrmMonParser.Parse(Fixture("healthy.crm_mon.xml"));
        var page = ServerStatusParser.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "httpd", "sample-default-vhost.auto.txt")));
        var inputs = new StatusInputs(cluster, new SourceResult("crm_mon", "fixture", true, null, 1), page,
            new SourceResult("server-status", "fixture", true, null, 1), Tenants: tenants);

        var report = StatusEvaluator.Evaluate(inputs, Now);

        var missing = report.Problems.Where(p => p.Message.Contains("is configured but not in server-status")).ToList();
        Assert.Equal(5, missing.Count);
        Assert.Contains(missing, p => p.Message.Contains("balancer://t1rws") && p.Message.Contains("virtual host"));
        Assert.All(missing, p => Assert.Equal(StatusEvaluator.Checks.TenantServices, p.Check));
    }

    [Fact]
    public void Nodes_that_publish_different_tenant_digests_are_named()
    {
        var cluster = CrmMonParser.Parse(Fixture("healthy.crm_mon.xml"));
        cluster = cluster with
        {
            NodeAttributes = new Dictionary<string, IReadOnlyDictionary<string, string>>
            {
                ["n1"] = new Dictionary<string, string> { [GirAgent.Tenants.TenantsDigest.AttributeName] = "aaaaaaaaaaaaaaaa" },
                ["n2"] = new Dictionary<string, string> { [GirAgent.Tenants.TenantsDigest.AttributeName] = "bbbbbbbbbbbbbbbb" },
            },
        };
        var same = cluster with
        {
            NodeAttributes = new Dictionary<string, IReadOnlyDictionary<string, string>>
            {
                ["n1"] = new Dictionary<string, string> { [GirAgent.Tenants.TenantsDigest.AttributeName] = "aaaaaaaaaaaaaaaa" },
                ["n2"] = new Dictionary<string, string> { [GirAgent.Tenants.TenantsDigest.AttributeName] = "aaaaaaaaaaaaaaaa" },
            },
        };
        var source = new SourceResult("crm_mon", "fixture", true, null, 1);

        var differs = StatusEvaluator.Evaluate(new StatusInputs(cluster, source, null, null), Now);
        var agrees = StatusEvaluator.Evaluate(new StatusInputs(same, source, null, null), Now);

        var problem = Assert.Single(differs.Problems, p => p.Subject == "tenants");
        Assert.Contains("n1 aaaaaaaaaaaa", problem.Message);
        Assert.Contains("n2 bbbbbbbbbbbb", problem.Message);
        Assert.DoesNotContain(agrees.Problems, p => p.Subject == "tenants");
    }

    [Fact]
    public void An_unreachable_cluster_is_unknown_with_exit_code_3()
    {
        var inputs = new StatusInputs(null, new SourceResult("crm_mon", "crm_mon", false, "crm_mon exited 102: Not connected", 1), null, null);

        var report = StatusEvaluator.Evaluate(inputs, Now);

        Assert.Equal(Health.Unknown, report.Health);
        Assert.Equal(3, report.ExitCode);
        Assert.Contains("Not connected", Assert.Single(report.Problems).Message);
    }

    [Fact]
    public void Critical_wins_over_unknown_and_unknown_over_degraded()
    {
        Assert.Equal(Health.Critical, StatusEvaluator.Overall([new(Health.Unknown, "a", "a", null), new(Health.Critical, "b", "b", null)]));
        Assert.Equal(Health.Unknown, StatusEvaluator.Overall([new(Health.Degraded, "a", "a", null), new(Health.Unknown, "b", "b", null)]));
        Assert.Equal(Health.Ok, StatusEvaluator.Overall([]));
    }

    [Fact]
    public void The_json_report_follows_the_documented_schema()
    {
        var json = JsonSerializer.Serialize(Report("healthy"), StatusJsonContext.Default.StatusReport);
        using var doc = JsonDocument.Parse(json);
        var root = doc.RootElement;

        Assert.Equal("girlb.status/v1", root.GetProperty("schema").GetString());
        Assert.Equal("degraded", root.GetProperty("health").GetString());
        Assert.Equal(1, root.GetProperty("exit_code").GetInt32());
        Assert.Equal("n1", root.GetProperty("cluster").GetProperty("nodes")[0].GetProperty("name").GetString());
        Assert.Equal("t1", root.GetProperty("tenants")[0].GetProperty("tenant").GetString());
        Assert.True(root.GetProperty("tenants")[0].GetProperty("services")[0].GetProperty("member_list").GetArrayLength() > 0);
        Assert.Equal("degraded", root.GetProperty("problems")[0].GetProperty("severity").GetString());
    }

    [Fact]
    public void The_text_screen_is_plain_when_not_coloured()
    {
        var text = StatusTextRenderer.Render(Report("backends-down"), color: false);

        Assert.DoesNotContain("\u001b[", text);
        Assert.Contains("CRITICAL", text);
        Assert.Contains("Tenant t1", text);
        Assert.Contains("balancer://t1rp", text);
        Assert.Contains("-> ", text);
    }

    [Fact]
    public void Many_healthy_tenants_are_a_line_each_and_a_tenant_with_a_problem_keeps_its_members()
    {
        static BalancerSection Balancer(string tenant, string service, int usable) => new($"balancer://{tenant}{service}", tenant, service,
            usable == 0 ? Health.Critical : Health.Ok, 11, usable,
            [.. Enumerable.Range(1, 11).Select(i => new MemberSection($"http://10.0.0.{i}:8080", i <= usable ? "ok" : "error", "Init Ok", 0, 0, 0, 0))]);
        var tenants = Enumerable.Range(1, 100)
            .Select(i => new TenantSection($"t{i}", i == 42 ? Health.Critical : Health.Ok, [Balancer($"t{i}", "rws", i == 42 ? 0 : 11), Balancer($"t{i}", "rp", 11)]))
            .ToList();
        var report = Report("healthy") with { Tenants = tenants };

        var screen = StatusTextRenderer.Render(report, color: false);
        var one = StatusTextRenderer.Render(report, color: false, tenant: "t7");
        var all = StatusTextRenderer.Render(report, color: false, allMembers: true);

        var lines = screen.Split('\n');
        Assert.Contains("Tenant " + "t1".PadRight(17) + "OK  2 services, 22/22 members usable", lines);
        Assert.Contains("Tenant t42  CRITICAL", lines);
        Assert.Equal(11 + 11, lines.Count(l => l.StartsWith("      http://", StringComparison.Ordinal))); // t42's members only
        Assert.True(lines.Length < 160, $"{lines.Length} lines for 100 tenants");
        Assert.Contains("Tenant t7  OK", one);
        Assert.DoesNotContain("Tenant t8", one);
        Assert.Equal(22, one.Split('\n').Count(l => l.StartsWith("      http://", StringComparison.Ordinal)));
        Assert.Equal(100 * 22, all.Split('\n').Count(l => l.StartsWith("      http://", StringComparison.Ordinal)));
        // a few tenants keep their members on the screen, as before
        var few = StatusTextRenderer.Render(report with { Tenants = tenants.Take(StatusTextRenderer.DetailedTenants).ToList() }, color: false);
        Assert.Equal(StatusTextRenderer.DetailedTenants * 22, few.Split('\n').Count(l => l.StartsWith("      http://", StringComparison.Ordinal)));
    }
}
