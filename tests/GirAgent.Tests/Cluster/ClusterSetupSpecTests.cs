using GirAgent.Cluster;

namespace GirAgent.Tests.Cluster;

/// <summary>A setup that cannot work is refused before pcs is run, every problem named by its option.</summary>
public sealed class ClusterSetupSpecTests
{
    private static readonly ClusterSetupSpec Good = new() { Vip = "192.0.2.10", ConfigFile = "/etc/httpd/conf/httpd.conf" };

    [Fact]
    public void The_seeds_setup_has_no_problem()
    {
        Assert.Empty(Good.Problems());
        Assert.Empty((Good with { Vip = "2001:db8::10", Cidr = 64, Nic = "eth0.100" }).Problems());
    }

    [Theory]
    [InlineData("", "--vip is required (or --tenants FILE whose \"groups\" each have a vip)")]
    [InlineData("10.0.0", "--vip '10.0.0' is not an IP address")] // IPAddress.Parse would read it as 10.0.0.0
    [InlineData("vip.example", "--vip 'vip.example' is not an IP address")]
    public void A_vip_that_is_no_address_is_refused(string vip, string problem)
    {
        Assert.Equal([problem], (Good with { Vip = vip }).Problems());
    }

    [Fact]
    public void Groups_take_the_place_of_vip_and_cidr()
    {
        var groups = Good with { Vip = "", Groups = [new GirAgent.Tenants.TenantGroup("a", "192.0.2.11", 24)] };

        Assert.Empty(groups.Problems());
        Assert.Equal(
        [
            "--vip 192.0.2.10 and the groups of --tenants contradict each other: with groups each group's vip is its VIP",
            "--cidr with groups: give each group's \"cidr\" in the tenants file",
        ], (groups with { Vip = "192.0.2.10", Cidr = 24 }).Problems());
    }

    [Fact]
    public void Every_problem_is_named()
    {
        var spec = Good with
        {
            Cidr = 33,
            Nic = "eth0; reboot",
            StatusUrl = "localhost/server-status",
            VipAgent = "IPaddr2",
            WebserverMonitorTimeout = "soon",
            ConfigFile = "httpd.conf",
        };

        Assert.Equal(
        [
            "--cidr 33 is not a prefix length for 192.0.2.10",
            "--nic 'eth0; reboot' is not an interface name",
            "--status-url 'localhost/server-status' is not an http or https URL",
            "agent 'IPaddr2' is not class:provider:type (ocf:gir:vip)",
            "--webserver-monitor-timeout 'soon' is not a duration (30s, 1min)",
            "--config 'httpd.conf' is not an absolute path",
        ], spec.Problems());
    }
}
