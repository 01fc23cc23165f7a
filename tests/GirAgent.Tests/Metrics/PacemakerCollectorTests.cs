using GirAgent.Metrics;
using GirAgent.Pacemaker;

namespace GirAgent.Tests.Metrics;

public sealed class PacemakerCollectorTests
{
    private static Dictionary<string, string> Render(ClusterSnapshot? snapshot)
    {
        var set = new MetricSet();
        PacemakerCollector.Collect(set, snapshot);
        Assert.Empty(set.Duplicates);
        return MetricsFixtures.Samples(set.ToString());
    }

    [Theory]
    [MemberData(nameof(MetricsFixtures.AllCrmMonFixtures), MemberType = typeof(MetricsFixtures))]
    public void No_fixture_gives_a_duplicate_series(string fixture)
    {
        var input = new MetricsInput
        {
            Cluster = MetricsFixtures.Cluster(fixture),
            Httpd = MetricsFixtures.TenantStatus(),
            Operations = new OperationLatencyHistogram(),
        };
        input.Operations.Observe(input.Cluster);

        var set = MetricsExporter.Collect(input);

        Assert.Empty(set.Duplicates);
        MetricsFixtures.Samples(set.ToString());
    }

    [Fact]
    public void Node_status_has_one_series_per_status_with_0_or_1_like_ha_cluster_exporter()
    {
        var samples = Render(MetricsFixtures.Cluster("pacemaker-cts/out-after-nodefail.2x.xml"));

        Assert.Equal("0", samples["ha_cluster_pacemaker_nodes{node=\"cluster02\",type=\"member\",status=\"online\"}"]);
        Assert.Equal("1", samples["ha_cluster_pacemaker_nodes{node=\"cluster01\",type=\"member\",status=\"online\"}"]);
        Assert.Equal("1", samples["ha_cluster_pacemaker_nodes{node=\"cluster02\",type=\"member\",status=\"dc\"}"]);
        Assert.Equal("0", samples["ha_cluster_pacemaker_nodes{node=\"httpd-bundle-1\",type=\"remote\",status=\"online\"}"]);
        Assert.Equal(9 * 5, samples.Keys.Count(k => k.StartsWith("ha_cluster_pacemaker_nodes{", StringComparison.Ordinal)));
    }

    [Fact]
    public void A_stopped_resource_keeps_its_series_with_role_stopped_and_no_node()
    {
        // dummy ran on cluster02 before the node failed; after it, it is stopped.
        var samples = Render(MetricsFixtures.Cluster("pacemaker-cts/out-after-nodefail.2x.xml"));

        const string Prefix = "ha_cluster_pacemaker_resources{node=\"\",resource=\"dummy\",role=\"stopped\",managed=\"true\",status=";
        const string Suffix = ",agent=\"ocf:pacemaker:Dummy\",group=\"\",clone=\"\"}";
        Assert.Equal("0", samples[Prefix + "\"active\"" + Suffix]);
        Assert.Equal("0", samples[Prefix + "\"failed\"" + Suffix]);
        Assert.Equal(5, samples.Keys.Count(k => k.StartsWith("ha_cluster_pacemaker_resources{", StringComparison.Ordinal)
            && k.Contains("resource=\"dummy\"", StringComparison.Ordinal)));
    }

    [Fact]
    public void Running_resources_carry_node_role_group_and_clone()
    {
        var samples = Render(MetricsFixtures.Cluster("pacemaker-cts/out-crm_mon.2x.xml"));

        Assert.Equal("1", samples[
            "ha_cluster_pacemaker_resources{node=\"cluster02\",resource=\"Email\",role=\"started\",managed=\"true\",status=\"active\",agent=\"lsb:exim\",group=\"exim-group\",clone=\"\"}"]);
        Assert.Equal("1", samples[
            "ha_cluster_pacemaker_resources{node=\"cluster02\",resource=\"promotable-rsc\",role=\"promoted\",managed=\"true\",status=\"active\",agent=\"ocf:pacemaker:Stateful\",group=\"\",clone=\"promotable-clone\"}"]);
        Assert.Equal("1", samples[
            "ha_cluster_pacemaker_resources{node=\"cluster01\",resource=\"ping\",role=\"started\",managed=\"true\",status=\"active\",agent=\"ocf:pacemaker:ping\",group=\"\",clone=\"ping-clone\"}"]);
    }

    [Fact]
    public void Stopped_instances_of_an_anonymous_clone_get_distinct_instance_ids()
    {
        // promotable-clone: promoted on cluster02, unpromoted on cluster01, three stopped instances.
        var snapshot = MetricsFixtures.Cluster("pacemaker-cts/out-crm_mon.2x.xml");

        var ids = PacemakerCollector.InstanceIds(snapshot);
        var promotable = snapshot.Resources.Select((r, i) => (r, id: ids[i])).Where(x => x.r.CloneId == "promotable-clone").Select(x => x.id).ToList();

        Assert.Equal(["promotable-rsc", "promotable-rsc", "promotable-rsc:2", "promotable-rsc:3", "promotable-rsc:4"], promotable);
        var samples = Render(snapshot);
        Assert.Equal(3, samples.Keys.Count(k => k.Contains("role=\"stopped\"", StringComparison.Ordinal)
            && k.Contains("resource=\"promotable-rsc:", StringComparison.Ordinal) && k.Contains("status=\"active\"", StringComparison.Ordinal)));
    }

    [Fact]
    public void A_lone_stopped_clone_instance_keeps_the_plain_id()
    {
        // After the node failure ping-clone has one instance on cluster01 and one stopped.
        var snapshot = MetricsFixtures.Cluster("pacemaker-cts/out-after-nodefail.2x.xml");

        var ids = PacemakerCollector.InstanceIds(snapshot);

        Assert.Equal(["ping", "ping"], snapshot.Resources.Select((r, i) => (r, ids[i])).Where(x => x.r.CloneId == "ping-clone").Select(x => x.Item2));
    }

    [Fact]
    public void Cloned_groups_are_told_apart_by_their_group_instance()
    {
        var samples = Render(MetricsFixtures.Cluster("pacemaker-cts/out-crm_mon.2x.xml"));

        Assert.Contains(samples.Keys, k => k.Contains("resource=\"mysql-proxy\"", StringComparison.Ordinal) && k.Contains("group=\"mysql-group:4\"", StringComparison.Ordinal));
        Assert.Contains(samples.Keys, k => k.Contains("resource=\"mysql-proxy\"", StringComparison.Ordinal) && k.Contains("group=\"mysql-group:2\"", StringComparison.Ordinal));
    }

    [Fact]
    public void Fail_count_INFINITY_is_plus_Inf_and_migration_threshold_is_raw()
    {
        var samples = Render(MetricsFixtures.Cluster("pacemaker-live/live-full.2x.xml"));

        Assert.Equal("+Inf", samples["ha_cluster_pacemaker_fail_count{node=\"node1\",resource=\"broken\"}"]);
        Assert.Equal("1", samples["ha_cluster_pacemaker_fail_count{node=\"node1\",resource=\"flaky\"}"]);
        Assert.Equal("0", samples["ha_cluster_pacemaker_fail_count{node=\"node1\",resource=\"virtual_ip\"}"]);
        Assert.Equal("3", samples["ha_cluster_pacemaker_migration_threshold{node=\"node1\",resource=\"flaky\"}"]);
        Assert.Equal("10", samples["ha_cluster_pacemaker_migration_threshold{node=\"node1\",resource=\"webserver\"}"]);
    }

    [Fact]
    public void Bans_are_location_constraints_with_minus_Inf_for_INFINITY()
    {
        var samples = Render(MetricsFixtures.Cluster("pacemaker-cts/out-crm_mon.2x.xml"));

        Assert.Equal("-Inf", samples[
            "ha_cluster_pacemaker_location_constraints{constraint=\"not-on-cluster1\",node=\"cluster01\",resource=\"dummy\",role=\"started\"}"]);
    }

    [Fact]
    public void Constraints_from_the_CIB_replace_the_bans_when_given()
    {
        var set = new MetricSet();
        PacemakerCollector.Collect(
            set, MetricsFixtures.Cluster("pacemaker-cts/out-crm_mon.2x.xml"),
            [new LocationConstraint("cli-prefer-webserver", "node2", "webserver", "Started", 1_000_000), new LocationConstraint("pref", "node1", "web", "", 50)]);

        var samples = MetricsFixtures.Samples(set.ToString());

        Assert.Equal("+Inf", samples["ha_cluster_pacemaker_location_constraints{constraint=\"cli-prefer-webserver\",node=\"node2\",resource=\"webserver\",role=\"started\"}"]);
        Assert.Equal("50", samples["ha_cluster_pacemaker_location_constraints{constraint=\"pref\",node=\"node1\",resource=\"web\",role=\"\"}"]);
        Assert.DoesNotContain(samples.Keys, k => k.Contains("not-on-cluster1", StringComparison.Ordinal));
    }

    [Fact]
    public void Node_attributes_stonith_maintenance_and_last_change_are_exported()
    {
        var samples = Render(MetricsFixtures.Cluster("pacemaker-cts/out-crm_mon.2x.xml"));

        Assert.Equal("1", samples["ha_cluster_pacemaker_node_attributes{node=\"cluster01\",name=\"location\",value=\"office\"}"]);
        Assert.Equal("1", samples["ha_cluster_pacemaker_stonith_enabled"]);
        Assert.Equal("0", samples["ha_cluster_pacemaker_maintenance_mode_enabled"]);
        Assert.Equal(
            new DateTimeOffset(2020, 5, 5, 12, 4, 36, TimeSpan.Zero).ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture),
            samples["ha_cluster_pacemaker_config_last_change"]);
    }

    [Fact]
    public void Nothing_from_pacemaker_but_scrape_failure_when_crm_mon_is_down()
    {
        var text = MetricsExporter.Render(new MetricsInput { Cluster = null, ClusterScrape = new SourceScrape(false, TimeSpan.FromSeconds(2)) });
        var samples = MetricsFixtures.Samples(text);

        Assert.DoesNotContain(samples.Keys, k => k.StartsWith("ha_cluster_pacemaker_", StringComparison.Ordinal));
        Assert.Equal("0", samples["gir_scrape_success{source=\"crm_mon\"}"]);
        Assert.Equal("0", samples["ha_cluster_scrape_success{collector=\"pacemaker\"}"]);
        Assert.Equal("2", samples["gir_scrape_duration_seconds{source=\"crm_mon\"}"]);
        Assert.Equal("3", samples["gir_health"]);
    }

    [Fact]
    public void The_legacy_format_exports_the_same_families()
    {
        var samples = Render(MetricsFixtures.Cluster("pacemaker-cts/out-crm_mon.legacy.xml"));

        Assert.Contains(samples.Keys, k => k.StartsWith("ha_cluster_pacemaker_nodes{", StringComparison.Ordinal));
        Assert.Contains(samples.Keys, k => k.StartsWith("ha_cluster_pacemaker_resources{", StringComparison.Ordinal));
    }
}
