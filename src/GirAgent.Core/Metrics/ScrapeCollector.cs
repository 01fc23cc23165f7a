namespace GirAgent.Metrics;

/// <summary>
/// Per-source scrape health: <c>gir_scrape_*{source}</c> and, for dashboards made for
/// ha_cluster_exporter, <c>ha_cluster_scrape_*{collector="pacemaker"}</c>. A source that is down
/// shows as success 0 instead of leaving a gap.
/// </summary>
internal static class ScrapeCollector
{
    public const string CrmMonSource = "crm_mon";
    public const string ServerStatusSource = "server_status";

    public static void Collect(MetricSet set, MetricsInput input)
    {
        var cluster = input.ClusterScrape ?? new SourceScrape(input.Cluster is not null, TimeSpan.Zero);
        var httpd = input.HttpdScrape ?? new SourceScrape(input.Httpd is not null, TimeSpan.Zero);
        var clusterOk = cluster.Success && input.Cluster is not null;
        var httpdOk = httpd.Success && input.Httpd is not null;

        var success = set.Gauge("gir_scrape_success", "1 when the last read of the source succeeded, 0 otherwise", "source");
        success.Add(clusterOk, CrmMonSource);
        success.Add(httpdOk, ServerStatusSource);

        var duration = set.Gauge("gir_scrape_duration_seconds", "Duration of the last read of the source", "source");
        duration.Add(cluster.Duration.TotalSeconds, CrmMonSource);
        duration.Add(httpd.Duration.TotalSeconds, ServerStatusSource);

        var failures = set.Counter("gir_scrape_failures_total", "Failed reads of the source since the daemon started", "source");
        failures.Add(cluster.Failures, CrmMonSource);
        failures.Add(httpd.Failures, ServerStatusSource);

        if (cluster.LastSuccess is not null || httpd.LastSuccess is not null)
        {
            var last = set.Gauge("gir_scrape_last_success_timestamp_seconds", "When the source was last read successfully (Unix time)", "source");
            if (cluster.LastSuccess is { } c)
            {
                last.Add(c.ToUnixTimeMilliseconds() / 1000.0, CrmMonSource);
            }

            if (httpd.LastSuccess is { } h)
            {
                last.Add(h.ToUnixTimeMilliseconds() / 1000.0, ServerStatusSource);
            }
        }

        set.Gauge("ha_cluster_scrape_success", "Whether a collector succeeded", "collector").Add(clusterOk, "pacemaker");
        set.Gauge("ha_cluster_scrape_duration_seconds", "Duration of a collector scrape", "collector")
            .Add(cluster.Duration.TotalSeconds, "pacemaker");
    }
}
