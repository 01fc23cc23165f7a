using GirAgent.Metrics;

namespace GirAgent.Tests.Metrics;

public sealed class BalancerCollectorTests
{
    private static Dictionary<string, string> Render()
    {
        var set = new MetricSet();
        BalancerCollector.Collect(set, MetricsFixtures.TenantStatus());
        Assert.Empty(set.Duplicates);
        return MetricsFixtures.Samples(set.ToString());
    }

    [Fact]
    public void Members_are_labelled_with_tenant_service_balancer_member_and_state()
    {
        var samples = Render();

        Assert.Equal("1", samples["gir_balancer_member_up{tenant=\"t1\",service=\"rws\",balancer=\"balancer://t1rws\",member=\"https://rws1.t1.example.com:8080\",state=\"ok\"}"]);
        Assert.Equal("0", samples["gir_balancer_member_up{tenant=\"t1\",service=\"rws\",balancer=\"balancer://t1rws\",member=\"https://rws2.t1.example.com:8080\",state=\"error\"}"]);
        Assert.Equal("1", samples["gir_balancer_member_up{tenant=\"t1\",service=\"webdav\",balancer=\"balancer://t1webdav\",member=\"http://dav2.t1.example.com\",state=\"hot_standby\"}"]);
        Assert.Equal("0", samples["gir_balancer_member_up{tenant=\"t1\",service=\"rcs\",balancer=\"balancer://t1rcs\",member=\"http://rcs1.t1.example.com:8008\",state=\"health_check_failed\"}"]);
        Assert.Equal("0", samples["gir_balancer_member_up{tenant=\"t1\",service=\"sm\",balancer=\"balancer://t1sm\",member=\"http://ir2.t1.example.com:8080\",state=\"disabled\"}"]);
    }

    [Fact]
    public void Usable_and_total_members_are_counted_per_balancer()
    {
        var samples = Render();

        Assert.Equal("2", samples["gir_balancer_members{tenant=\"t1\",service=\"rws\",balancer=\"balancer://t1rws\"}"]);
        Assert.Equal("1", samples["gir_balancer_usable_members{tenant=\"t1\",service=\"rws\",balancer=\"balancer://t1rws\"}"]);
        Assert.Equal("0", samples["gir_balancer_usable_members{tenant=\"t1\",service=\"rcs\",balancer=\"balancer://t1rcs\"}"]);
        Assert.Equal("0", samples["gir_tenant_service_up{tenant=\"t1\",service=\"rcs\",balancer=\"balancer://t1rcs\"}"]);
        Assert.Equal("1", samples["gir_tenant_service_up{tenant=\"t1\",service=\"rp\",balancer=\"balancer://t1rp\"}"]);
        Assert.Equal("1", samples["gir_balancer_member_error{tenant=\"t1\",service=\"rcs\",balancer=\"balancer://t1rcs\",member=\"http://rcs1.t1.example.com:8008\"}"]);
    }

    [Fact]
    public void A_balancer_outside_the_tenant_convention_has_empty_tenant_and_service()
    {
        var samples = Render();

        Assert.Equal("1", samples["gir_balancer_members{tenant=\"\",service=\"\",balancer=\"balancer://legacy-api\"}"]);
        Assert.Equal("0", samples["gir_balancer_member_up{tenant=\"\",service=\"\",balancer=\"balancer://legacy-api\",member=\"http://10.0.0.9:9000\",state=\"draining\"}"]);
    }

    [Fact]
    public void Nothing_is_written_when_httpd_is_down()
    {
        var set = new MetricSet();
        BalancerCollector.Collect(set, null);

        Assert.Empty(set.Families);
    }
}
