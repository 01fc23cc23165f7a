using GirAgent.Pacemaker;
using GirAgent.Status;
using GirAgent.Tenants;

namespace GirAgent.Tests.Status;

/// <summary>Status of tenants in groups on three nodes (crm_mon of `lab up --nodes 3` after n1 was crashed, fenced and came back).</summary>
public sealed class GroupStatusTests
{
    private static readonly DateTimeOffset Now = DateTimeOffset.Parse("2026-12-05T22:14:00Z", System.Globalization.CultureInfo.InvariantCulture);

    private static ClusterSnapshot Cluster(bool g3Stopped = false)
    {
        var xml = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "lab", "groups-3-nodes.crm_mon.xml"));
        if (g3Stopped)
            xml = System.Text.RegularExpressions.Regex.Replace(xml, "<resource id=\"vip-g3\".*?</resource>",
                "<resource id=\"vip-g3\" resource_agent=\"ocf:gir:vip\" role=\"Stopped\" target_role=\"Stopped\" active=\"false\" orphaned=\"false\" blocked=\"false\" " +
                "managed=\"true\" failed=\"false\" failure_ignored=\"false\" nodes_running_on=\"0\"/>", System.Text.RegularExpressions.RegexOptions.Singleline);
        return CrmMonParser.Parse(xml);
    }

    private static readonly TenantsConfig Tenants = TenantsFile.Parse("""
        { "groups": [ { "name": "g1", "vip": "10.77.0.101" }, { "name": "g2", "vip": "10.77.0.102" }, { "name": "g3", "vip": "10.77.0.103" } ],
          "tenants": [ { "id": "t1", "group": "g1", "rws": { "members": [ { "host": "10.77.0.31" } ] } },
                       { "id": "t2", "group": "g2", "rws": { "members": [ { "host": "10.77.0.31" } ] } },
                       { "id": "t4", "group": "g1", "rws": { "members": [ { "host": "10.77.0.31" } ] } } ] }
        """);

    private static StatusReport Report(ClusterSnapshot cluster, TenantsConfig? tenants = null) =>
        StatusEvaluator.Evaluate(new StatusInputs(cluster, new SourceResult("crm_mon", "fixture", true, null, 1), null, null, "n2", Tenants: tenants), Now);

    [Fact]
    public void Each_group_shows_its_vip_node_since_and_tenants_and_the_node_back_from_its_fence_holds_none()
    {
        var report = Report(Cluster(), Tenants);

        Assert.Equal(Health.Ok, report.Health);
        Assert.Equal(["g1", "g2", "g3"], report.Groups.Select(g => g.Name));
        var g1 = report.Groups[0];
        Assert.Equal(("vip-g1", "10.77.0.101", "started", "n2"), (g1.Resource, g1.Vip, g1.State, g1.Node));
        Assert.Equal(["t1", "t4"], g1.Tenants);
        Assert.NotNull(g1.Since);
        Assert.True(g1.Since > report.Groups[1].Since, "g1 moved to n2 after the crash, long after g2 started there");
        Assert.Equal(["n1"], report.NodesWithoutGroup);

        var text = StatusTextRenderer.Render(report, color: false);
        Assert.Contains("Group     g1  10.77.0.101  started on n2 since 2026-12-05 ", text);
        Assert.Contains("tenants t1, t4", text);
        Assert.Contains("httpd     webserver (ocf:gir:webserver)  started on ", text);
        Assert.Single(text.Split('\n'), l => l.StartsWith("httpd", StringComparison.Ordinal));
        Assert.DoesNotContain("VIP       vip-g", text);
        Assert.Contains("n1 serves no group", text);
    }

    [Fact]
    public void Without_the_tenants_file_the_groups_are_found_by_their_vip_resources()
    {
        var report = Report(Cluster());

        Assert.Equal(["g1", "g2", "g3"], report.Groups.Select(g => g.Name));
        Assert.All(report.Groups, g => Assert.Null(g.Vip));
        Assert.Contains("Group     g3  vip-g3  started on n3", StatusTextRenderer.Render(report, color: false));
    }

    [Fact]
    public void A_group_whose_vip_is_stopped_is_critical()
    {
        var report = Report(Cluster(g3Stopped: true), Tenants);

        Assert.Equal(Health.Critical, report.Health);
        Assert.Equal(("stopped", null), (report.Groups[2].State, report.Groups[2].Node));
        Assert.Contains(report.Problems, p => p.Message.Contains("vip-g3", StringComparison.Ordinal));
    }

    [Fact]
    public void The_status_page_lists_each_group_with_its_tenants_and_the_node_holding_none()
    {
        var main = GirAgent.Status.StatusPage.Main(Report(Cluster(), Tenants), [], "n2", null);

        Assert.Contains("<tr><th scope=\"row\">g1</th><td>10.77.0.101</td><td class=\"ok\">started</td><td>n2</td><td>2026-12-05 ", main);
        Assert.Contains("</td><td>t1, t4</td></tr>", main);
        Assert.Contains("<p>n1 serves no group: <code>giragent cluster rebalance</code> spreads them again.</p>", main);
        Assert.DoesNotContain(">vip-g1 <span class=\"kind\">", main);
    }
}

