using GirAgent.Events;
using GirAgent.Metrics;

namespace GirAgent.Tests.Metrics;

/// <summary>Fixtures in, exact exposition text out (Fixtures/metrics/*.prom).</summary>
public sealed class MetricsGoldenTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 23, 22, 14, 37, TimeSpan.Zero);

    internal static MetricsInput ActiveNodeInput()
    {
        // with corosync-quorumtool's answer of a node whose quorum device does not vote (the lab, qnetd cut off)
        var cluster = MetricsFixtures.Cluster("pacemaker-cts/out-crm_mon.2x.xml") with
        {
            Quorum = GirAgent.Pacemaker.QuorumInfo.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "quorum", "qdevice-lost.txt"))),
        };
        var operations = new OperationLatencyHistogram();
        operations.Observe(cluster);
        var failovers = new FailoverStatistics();
        failovers.Record(FailoverEvent.Create(T0, EventKind.ResourceStopped, EventCause.NodeLoss, EventSource.Snapshot, "dummy", from: "cluster02"));
        failovers.Record(FailoverEvent.Create(
            T0.AddSeconds(3), EventKind.ResourceMoved, EventCause.NodeLoss, EventSource.Snapshot, "dummy", "cluster02", "cluster01", "cluster01",
            TimeSpan.FromSeconds(2.5)));
        return new MetricsInput
        {
            Cluster = cluster,
            ClusterScrape = new SourceScrape(true, TimeSpan.FromMilliseconds(42), T0, 1),
            Httpd = MetricsFixtures.TenantStatus(),
            HttpdScrape = new SourceScrape(true, TimeSpan.FromMilliseconds(3), T0),
            Health = new HealthOptions { LocalNode = "cluster02", WebserverResource = "dummy", VipResource = "Public-IP" },
            Failovers = failovers,
            Operations = operations,
            AgentVersion = "0.1.0",
        };
    }

    internal static MetricsInput PassiveLiveInput() => new()
    {
        Cluster = MetricsFixtures.Cluster("pacemaker-live/live-full.2x.xml"),
        ClusterScrape = new SourceScrape(true, TimeSpan.FromMilliseconds(37), T0),
        Httpd = null,
        HttpdScrape = new SourceScrape(false, TimeSpan.FromMilliseconds(1), null, 12),
        Health = new HealthOptions { LocalNode = "node2" },
    };

    internal static MetricsInput SourcesDownInput() => new()
    {
        Cluster = null,
        ClusterScrape = new SourceScrape(false, TimeSpan.FromSeconds(10), T0.AddMinutes(-5), 60),
        Httpd = null,
        HttpdScrape = new SourceScrape(false, TimeSpan.FromSeconds(5), null, 60),
        Failovers = new FailoverStatistics(),
        Process = ProcessStatsTests.Sample(),
    };

    [Fact]
    public void The_active_node_with_tenants_matches_its_golden_file()
    {
        var text = MetricsExporter.Render(ActiveNodeInput());

        MetricsFixtures.AssertGolden("active-node.prom", text);
    }

    [Fact]
    public void A_passive_node_of_the_live_cluster_matches_its_golden_file()
    {
        var text = MetricsExporter.Render(PassiveLiveInput());

        MetricsFixtures.AssertGolden("passive-live.prom", text);
    }

    [Fact]
    public void Both_sources_down_matches_its_golden_file()
    {
        var text = MetricsExporter.Render(SourcesDownInput());

        MetricsFixtures.AssertGolden("sources-down.prom", text);
    }

    [Fact]
    public void The_apache_part_alone_matches_its_golden_file()
    {
        var set = new MetricSet();
        ApacheCollector.Collect(set, MetricsFixtures.TenantStatus());

        MetricsFixtures.AssertGolden("apache-tenants.prom", set.ToString());
    }

    [Fact]
    public void The_pacemaker_part_after_a_node_failure_matches_its_golden_file()
    {
        var set = new MetricSet();
        PacemakerCollector.Collect(set, MetricsFixtures.Cluster("pacemaker-cts/out-after-nodefail.2x.xml"));

        MetricsFixtures.AssertGolden("pacemaker-after-nodefail.prom", set.ToString());
    }

    [Fact]
    public void Without_the_compatible_names_only_base_unit_equivalents_remain_with_the_same_values()
    {
        var input = ActiveNodeInput();

        var compatible = MetricsExporter.Render(input);
        var clean = MetricsExporter.Render(input with { CompatibleNames = false });

        string[] legacy = ["apache_sent_kilobytes_total", "apache_duration_ms_total", "apache_cpu_time_ms_total", "ha_cluster_pacemaker_fail_count"];
        Assert.All(legacy, name => Assert.Contains("\n" + name, compatible, StringComparison.Ordinal));
        Assert.All(legacy, name => Assert.DoesNotContain(name, clean, StringComparison.Ordinal));
        var kbytes = Value(compatible, "apache_sent_kilobytes_total");
        Assert.Equal(kbytes * 1024, Value(clean, "gir_httpd_sent_bytes_total"));
        Assert.Equal(Value(compatible, "apache_duration_ms_total") / 1000, Value(clean, "gir_httpd_request_duration_seconds_total"), 9);
        Assert.Equal(Value(compatible, "apache_cpu_time_ms_total{type=\"user\"}") / 1000, Value(clean, "gir_httpd_cpu_seconds_total{type=\"user\"}"), 9);
        var failCounts = compatible.Split('\n').Where(l => l.StartsWith("ha_cluster_pacemaker_fail_count{", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(failCounts);
        Assert.All(failCounts, l => Assert.Contains(l.Replace("ha_cluster_pacemaker_fail_count", "gir_pacemaker_resource_failures", StringComparison.Ordinal), clean.Split('\n')));
    }

    private static double Value(string text, string series) =>
        double.Parse(text.Split('\n').Single(l => l.StartsWith(series + " ", StringComparison.Ordinal))[(series.Length + 1)..], System.Globalization.CultureInfo.InvariantCulture);
}
