using GirAgent.Httpd;
using GirAgent.Metrics;

namespace GirAgent.Tests.Metrics;

public sealed class ApacheCollectorTests
{
    private static Dictionary<string, string> Render(ServerStatus? status)
    {
        var set = new MetricSet();
        ApacheCollector.Collect(set, status);
        Assert.Empty(set.Duplicates);
        return MetricsFixtures.Samples(set.ToString());
    }

    [Fact]
    public void Httpd_down_is_apache_up_0_and_nothing_else()
    {
        var samples = Render(null);

        Assert.Equal(new Dictionary<string, string> { ["apache_up"] = "0" }, samples);
    }

    [Fact]
    public void Server_values_use_apache_exporter_names_and_labels()
    {
        var samples = Render(MetricsFixtures.TenantStatus());

        Assert.Equal("1", samples["apache_up"]);
        Assert.Equal("1", samples["apache_info{version=\"Apache/2.4.62 (Red Hat Enterprise Linux) OpenSSL/3.2.2\",mpm=\"event\"}"]);
        Assert.Equal("2.04062", samples["apache_version"]);
        Assert.Equal("123456", samples["apache_accesses_total"]);
        Assert.Equal("98765.5", samples["apache_sent_kilobytes_total"]);
        Assert.Equal("4567890", samples["apache_duration_ms_total"]);
        Assert.Equal("8031", samples["apache_uptime_seconds_total"]);
        Assert.Equal("0.197", samples["apache_cpuload"]);
        Assert.Equal("12500", samples["apache_cpu_time_ms_total{type=\"user\"}"]);
        Assert.Equal("3250", samples["apache_cpu_time_ms_total{type=\"system\"}"]);
        Assert.Equal("3", samples["apache_workers{state=\"busy\"}"]);
        Assert.Equal("72", samples["apache_workers{state=\"idle\"}"]);
        Assert.Equal("3", samples["apache_generation{type=\"config\"}"]);
        Assert.Equal("2", samples["apache_generation{type=\"mpm\"}"]);
        Assert.Equal("0.25", samples["apache_load{interval=\"1min\"}"]);
        Assert.Equal("0.2", samples["apache_load{interval=\"15min\"}"]);
        Assert.Equal("7", samples["apache_connections{state=\"total\"}"]);
        Assert.Equal("4", samples["apache_connections{state=\"keepalive\"}"]);
        Assert.Equal("3", samples["apache_processes{state=\"all\"}"]);
    }

    [Fact]
    public void The_scoreboard_has_every_state_even_when_zero()
    {
        var samples = Render(MetricsFixtures.TenantStatus());

        Assert.Equal("2", samples["apache_scoreboard{state=\"reply\"}"]);
        Assert.Equal("1", samples["apache_scoreboard{state=\"read\"}"]);
        Assert.Equal("1", samples["apache_scoreboard{state=\"graceful_stop\"}"]);
        Assert.Equal("0", samples["apache_scoreboard{state=\"dns\"}"]);
        Assert.Equal(11, samples.Keys.Count(k => k.StartsWith("apache_scoreboard{", StringComparison.Ordinal)));
    }

    [Fact]
    public void Balancer_members_use_the_proxy_balancer_families()
    {
        var samples = Render(MetricsFixtures.TenantStatus());

        Assert.Equal("1", samples["apache_proxy_balancer_status{balancer=\"balancer://t1rws\",worker=\"https://rws2.t1.example.com:8080\",status=\"Init Err\"}"]);
        Assert.Equal("5120", samples["apache_proxy_balancer_accesses_total{balancer=\"balancer://t1rws\",worker=\"https://rws1.t1.example.com:8080\"}"]);
        Assert.Equal("2", samples["apache_proxy_balancer_busy{balancer=\"balancer://t1webdav\",worker=\"http://dav1.t1.example.com\"}"]);
        Assert.Equal("2048", samples["apache_proxy_balancer_request_kbytes_total{balancer=\"balancer://t1rws\",worker=\"https://rws1.t1.example.com:8080\"}"]);
        Assert.Equal("10240", samples["apache_proxy_balancer_response_kbytes_total{balancer=\"balancer://t1rws\",worker=\"https://rws1.t1.example.com:8080\"}"]);
    }

    [Theory]
    [InlineData("Apache/2.4.62 (Debian)", 2.04062)]
    [InlineData("Apache/2.4.6", 2.04006)]
    [InlineData("Apache/2.2.34 (Unix)", 2.02034)]
    public void The_version_number_is_apache_exporters(string version, double expected)
    {
        Assert.Equal(expected, ApacheCollector.VersionNumber(version));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("Apache")]
    [InlineData("Apache/2.4")]
    [InlineData("Apache/trunk.x.y")]
    public void An_unreadable_version_gives_no_version_series(string? version)
    {
        Assert.Null(ApacheCollector.VersionNumber(version));
    }
}
