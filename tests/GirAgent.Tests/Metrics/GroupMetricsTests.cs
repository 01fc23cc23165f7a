using GirAgent.Metrics;
using GirAgent.Pacemaker;
using GirAgent.Tenants;

namespace GirAgent.Tests.Metrics;

/// <summary>gir_group_*: each group's VIP, node and since when (crm_mon of `lab up --nodes 3` after n1 came back from its fence).</summary>
public sealed class GroupMetricsTests
{
    private static ClusterSnapshot Cluster() =>
        CrmMonParser.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "lab", "groups-3-nodes.crm_mon.xml")));

    private static readonly TenantsConfig Tenants = TenantsFile.Parse("""
        { "groups": [ { "name": "g1", "vip": "10.77.0.101" }, { "name": "g2", "vip": "10.77.0.102" }, { "name": "g3", "vip": "10.77.0.103" } ],
          "tenants": [ { "id": "t1", "group": "g1", "rws": { "members": [ { "host": "10.77.0.31" } ] } },
                       { "id": "t2", "group": "g2", "rws": { "members": [ { "host": "10.77.0.31" } ] } },
                       { "id": "t4", "group": "g1", "rws": { "members": [ { "host": "10.77.0.31" } ] } } ] }
        """);

    private static string Render(TenantsConfig? tenants)
    {
        var set = new MetricSet();
        GroupCollector.Collect(set, Cluster(), tenants, ResourceIds.Webserver);
        return set.ToString();
    }

    [Fact]
    public void Each_group_has_its_vip_node_since_and_tenants_and_the_node_holding_none_is_counted()
    {
        var text = Render(Tenants);

        MetricsFixtures.AssertGolden("groups-3-nodes.prom", text);
        var samples = MetricsFixtures.Samples(text);
        Assert.Equal("1", samples["gir_group_up{group=\"g1\",vip=\"10.77.0.101\"}"]);
        Assert.Equal("1", samples["gir_group_node{group=\"g1\",node=\"n2\"}"]);
        Assert.Equal("2", samples["gir_group_tenants{group=\"g1\"}"]);
        Assert.Equal("0", samples["gir_group_tenants{group=\"g3\"}"]);
        Assert.Equal("1", samples["gir_nodes_without_group"]);
        Assert.True(double.Parse(samples["gir_group_since_timestamp_seconds{group=\"g1\"}"], System.Globalization.CultureInfo.InvariantCulture)
            > double.Parse(samples["gir_group_since_timestamp_seconds{group=\"g2\"}"], System.Globalization.CultureInfo.InvariantCulture), "g1 moved to n2 after the crash");
    }

    [Fact]
    public void Without_the_tenants_file_the_groups_come_from_their_resources_with_no_address_or_tenant_count()
    {
        var samples = MetricsFixtures.Samples(Render(null));

        Assert.Equal("1", samples["gir_group_up{group=\"g3\",vip=\"\"}"]);
        Assert.DoesNotContain(samples.Keys, k => k.StartsWith("gir_group_tenants", StringComparison.Ordinal));
    }

    [Fact]
    public void A_cluster_without_groups_writes_no_group_series()
    {
        var set = new MetricSet();
        GroupCollector.Collect(set, MetricsFixtures.Cluster("pacemaker-live/live-full.2x.xml"), null, ResourceIds.Webserver);

        Assert.DoesNotContain("gir_group", set.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("gir_nodes_without_group", set.ToString(), StringComparison.Ordinal);
    }
}
