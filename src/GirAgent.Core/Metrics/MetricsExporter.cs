namespace GirAgent.Metrics;

/// <summary>
/// Builds the whole <c>/metrics</c> answer: ha_cluster_exporter's pacemaker families,
/// apache_exporter's families, and giragent's own <c>gir_*</c> ones. Never throws for missing
/// sources: a source that is down shows as <c>gir_scrape_success{source} 0</c>,
/// <c>apache_up 0</c>, <c>ha_cluster_scrape_success 0</c> and an Unknown or Critical <c>gir_health</c>.
/// </summary>
internal static class MetricsExporter
{
    public static MetricSet Collect(MetricsInput input)
    {
        var set = new MetricSet();
        ScrapeCollector.Collect(set, input);
        PacemakerCollector.Collect(set, input.Cluster, input.LocationConstraints, input.CompatibleNames);
        ClusterCollector.Collect(set, input.Cluster);
        GroupCollector.Collect(set, input.Cluster, input.Tenants, input.Health.WebserverResource);
        ApacheCollector.Collect(set, input.Httpd, input.CompatibleNames);
        BalancerCollector.Collect(set, input.Httpd);
        CollectHealth(set, HealthEvaluator.Evaluate(input.Cluster, input.Httpd, input.Health));
        input.Failovers?.Collect(set);
        input.Operations?.Collect(set);
        input.Process?.Collect(set);
        if (input.AgentVersion is { } version)
        {
            set.Gauge("gir_build_info", "giragent's version; value is always 1", "version").Add(1, version);
        }

        return set;
    }

    /// <summary>The Prometheus text for <paramref name="input"/> (<see cref="PrometheusTextWriter.ContentType"/>).</summary>
    public static string Render(MetricsInput input) => PrometheusTextWriter.Write(Collect(input));

    public static void CollectHealth(MetricSet set, HealthReport report)
    {
        set.Gauge("gir_health", "Overall health: 0 ok, 1 warning, 2 critical, 3 unknown (monitoring-plugin codes)")
            .Add((int)report.Status);
        var checks = set.Gauge("gir_health_check", "Health of each check: 0 ok, 1 warning, 2 critical, 3 unknown", "check");
        foreach (var (check, status) in report.Checks)
        {
            checks.Add((int)status, check);
        }

        if (report.LocalNodeActive is { } active)
        {
            set.Gauge("gir_node_active", "1 when this node runs the webserver resource (the active node)").Add(active);
        }
    }
}
