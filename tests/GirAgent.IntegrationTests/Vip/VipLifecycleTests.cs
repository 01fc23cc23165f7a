using static GirAgent.IntegrationTests.Vip.NetnsLab;

namespace GirAgent.IntegrationTests.Vip;

/// <summary>ocf:gir:vip started, monitored and stopped for real, inside namespaces the test makes.</summary>
public sealed class VipLifecycleTests : IDisposable
{
    private readonly NetnsLab _lab = new();

    public void Dispose() => _lab.Dispose();

    [Fact]
    public void I_can_start_monitor_and_stop_an_IPv4_address_found_from_the_routing_table()
    {
        Assert.Equal(7, _lab.Agent("monitor", ("ip", Vip4)).ExitCode);

        var start = _lab.Agent("start", ("ip", Vip4));
        Assert.True(start.ExitCode == 0, start.ToString());
        Assert.True(_lab.HasAddress(Vip4, 24), _lab.Addresses());
        Assert.Contains($"inet {Vip4}/24 brd 10.77.0.255", _lab.Addresses());
        Assert.Equal(0, _lab.Agent("monitor", ("ip", Vip4)).ExitCode);
        Assert.Equal(0, _lab.Agent("monitor", ("ip", Vip4), ("OCF_RESKEY_CRM_meta_interval", "10000")).ExitCode);
        Assert.Equal(0, _lab.Agent("status", ("ip", Vip4)).ExitCode);

        Assert.Equal(0, _lab.Agent("stop", ("ip", Vip4)).ExitCode);
        Assert.False(_lab.HasAddress(Vip4, 24), _lab.Addresses());
        Assert.Equal(7, _lab.Agent("monitor", ("ip", Vip4)).ExitCode);
        Assert.True(_lab.HasAddress(NodeIp, 24), "the node's own address is untouched");
    }

    [Fact]
    public void Start_and_stop_are_idempotent()
    {
        (string, string)[] p = [("ip", Vip4), ("nic", Nic), ("cidr_netmask", "24")];

        Assert.Equal(0, _lab.Agent("stop", p).ExitCode);
        Assert.Equal(0, _lab.Agent("start", p).ExitCode);
        var again = _lab.Agent("start", p);
        Assert.Equal(0, again.ExitCode);
        Assert.Contains("already configured", again.StandardError);
        Assert.Single(_lab.Addresses().Split('\n'), l => l.Contains($" {Vip4}/"));
        Assert.Equal(0, _lab.Agent("stop", p).ExitCode);
        Assert.Equal(0, _lab.Agent("stop", p).ExitCode);
    }

    [Fact]
    public void Monitor_is_not_running_when_the_address_has_another_prefix()
    {
        NetnsLab.Ip("-n", _lab.Node, "addr", "add", Vip4 + "/28", "dev", Nic);

        Assert.Equal(7, _lab.Agent("monitor", ("ip", Vip4), ("cidr_netmask", "24"), ("nic", Nic)).ExitCode);
        Assert.Equal(0, _lab.Agent("monitor", ("ip", Vip4), ("cidr_netmask", "28"), ("nic", Nic)).ExitCode);
        var start = _lab.Agent("start", ("ip", Vip4), ("cidr_netmask", "24"), ("nic", Nic));
        Assert.Equal(1, start.ExitCode);
        Assert.Contains("already configured", start.ExitReason);
    }

    [Fact]
    public void I_can_start_and_stop_an_IPv6_address_after_duplicate_address_detection()
    {
        var start = _lab.Agent("start", ("ip", Vip6));

        Assert.True(start.ExitCode == 0, start.ToString());
        var line = _lab.Addresses().Split('\n').Single(l => l.Contains($" {Vip6}/64"));
        Assert.DoesNotContain("tentative", line);
        Assert.DoesNotContain("dadfailed", line);
        Assert.Equal(0, _lab.Agent("monitor", ("ip", Vip6)).ExitCode);
        Assert.Equal(0, _lab.Agent("stop", ("ip", Vip6)).ExitCode);
        Assert.False(_lab.HasAddress(Vip6, 64));
    }

    [Fact]
    public void A_link_local_IPv6_address_needs_its_nic()
    {
        Assert.Equal(6, _lab.Agent("start", ("ip", "fe80::50")).ExitCode);
        Assert.Equal(0, _lab.Agent("start", ("ip", "fe80::50"), ("nic", Nic), ("check_conflict", "false")).ExitCode);
        Assert.True(_lab.HasAddress("fe80::50", 64));
        Assert.Equal(0, _lab.Agent("stop", ("ip", "fe80::50"), ("nic", Nic)).ExitCode);
        Assert.False(_lab.HasAddress("fe80::50", 64));
    }

    [Fact]
    public void Iflabel_noprefixroute_and_preferred_lft_reach_the_kernel()
    {
        Assert.Equal(0, _lab.Agent("start", ("ip", "10.88.0.5"), ("nic", Nic), ("cidr_netmask", "16"), ("iflabel", "vip"), ("noprefixroute", "true"), ("broadcast", "-")).ExitCode);
        var line = _lab.Addresses().Split('\n').Single(l => l.Contains(" 10.88.0.5/16"));
        Assert.Contains($"{Nic}:vip", line);
        Assert.Contains("noprefixroute", line);
        Assert.DoesNotContain("brd", line);
        Assert.DoesNotContain("10.88.0.0/16", NetnsLab.Ip("-n", _lab.Node, "route", "show"));
        Assert.Equal(0, _lab.Agent("monitor", ("ip", "10.88.0.5"), ("nic", Nic), ("cidr_netmask", "16")).ExitCode);
        // with neither nic nor netmask and no route, monitor and stop still find the address itself
        Assert.Equal(0, _lab.Agent("monitor", ("ip", "10.88.0.5")).ExitCode);
        Assert.Equal(0, _lab.Agent("stop", ("ip", "10.88.0.5")).ExitCode);
        Assert.False(_lab.HasAddress("10.88.0.5", 16));

        Assert.Equal(0, _lab.Agent("start", ("ip", Vip6), ("preferred_lft", "0"), ("check_conflict", "false")).ExitCode);
        Assert.Contains("deprecated", _lab.Addresses().Split('\n').Single(l => l.Contains($" {Vip6}/64")));
    }

    [Fact]
    public void An_address_on_loopback_needs_no_route_in_the_main_table()
    {
        Assert.Equal(0, _lab.Agent("start", ("ip", "127.0.0.3")).ExitCode);
        Assert.Contains("inet 127.0.0.3/8", NetnsLab.Ip("-n", _lab.Node, "-o", "addr", "show", "dev", "lo"));
        Assert.Equal(0, _lab.Agent("monitor", ("ip", "127.0.0.3")).ExitCode);
        Assert.Equal(0, _lab.Agent("stop", ("ip", "127.0.0.3")).ExitCode);
        Assert.DoesNotContain("127.0.0.3", NetnsLab.Ip("-n", _lab.Node, "-o", "addr", "show", "dev", "lo"));
    }

    [Fact]
    public void A_nic_that_does_not_exist_is_a_configuration_error_not_running_for_a_probe_and_nothing_to_stop()
    {
        (string, string)[] p = [("ip", Vip4), ("nic", "ethVanished")];

        var validate = _lab.Agent("validate-all", p);
        Assert.Equal(6, validate.ExitCode);
        Assert.Contains("ethVanished", validate.ExitReason);
        Assert.Equal(6, _lab.Agent("start", p).ExitCode);
        Assert.Equal(7, _lab.Agent("monitor", p).ExitCode);
        Assert.Equal(1, _lab.Agent("monitor", [.. p, ("OCF_RESKEY_CRM_meta_interval", "10000")]).ExitCode);
        Assert.Equal(0, _lab.Agent("stop", p).ExitCode);
    }

    [Fact]
    public void The_wrong_nic_for_an_address_with_no_route_there_fails_start_and_adds_nothing()
    {
        NetnsLab.Ip("-n", _lab.Node, "link", "add", "lab1", "type", "veth", "peer", "name", "lab1p");
        NetnsLab.Ip("-n", _lab.Node, "link", "set", "lab1", "up");
        NetnsLab.Ip("-n", _lab.Node, "link", "set", "lab1p", "up");

        var start = _lab.Agent("start", ("ip", Vip4), ("nic", "lab1"));

        Assert.Equal(1, start.ExitCode);
        Assert.Contains("lab1", start.ExitReason);
        Assert.DoesNotContain(Vip4, NetnsLab.Ip("-n", _lab.Node, "-o", "addr", "show"));
        Assert.Equal(0, _lab.Agent("start", ("ip", Vip4), ("nic", "lab1"), ("cidr_netmask", "24")).ExitCode);
        Assert.Contains($"inet {Vip4}/24", NetnsLab.Ip("-n", _lab.Node, "-o", "addr", "show", "dev", "lab1"));
        Assert.Equal(0, _lab.Agent("stop", ("ip", Vip4), ("nic", "lab1"), ("cidr_netmask", "24")).ExitCode);
    }

    [Fact]
    public void An_address_no_connected_route_covers_fails_start()
    {
        var start = _lab.Agent("start", ("ip", "10.99.0.5"));

        Assert.Equal(1, start.ExitCode);
        Assert.Contains("set nic and cidr_netmask", start.ExitReason);
        Assert.DoesNotContain("10.99.0.5", NetnsLab.Ip("-n", _lab.Node, "-o", "addr", "show"));
    }

    [Theory]
    [InlineData("ip", "not_ip_address")]
    [InlineData("ip", "10.77.0")]
    [InlineData("cidr_netmask", "not_netmask")]
    [InlineData("cidr_netmask", "33")]
    [InlineData("broadcast", "not_broadcast")]
    [InlineData("nic", "bad/name")]
    [InlineData("arp_count", "0")]
    public void Validate_all_rejects_invalid_parameters_with_exit_6_and_a_reason(string name, string value)
    {
        var parameters = new Dictionary<string, string> { ["ip"] = Vip4, [name] = value };

        var run = _lab.Agent("validate-all", parameters.Select(kv => (kv.Key, kv.Value)).ToArray());

        Assert.Equal(6, run.ExitCode);
        Assert.Contains(name, run.ExitReason);
        Assert.True(run.ExitReason!.Length <= 128);
    }

    [Fact]
    public void Validate_all_passes_for_a_good_configuration_and_changes_nothing()
    {
        var before = _lab.Addresses();

        Assert.Equal(0, _lab.Agent("validate-all", ("ip", Vip4)).ExitCode);
        Assert.Equal(before, _lab.Addresses());
    }

    [Fact]
    public void Unknown_actions_exit_3_and_usage_exits_0()
    {
        Assert.Equal(3, _lab.Agent("no_cmd", ("ip", Vip4)).ExitCode);
        Assert.Equal(0, _lab.Agent("usage").ExitCode);
    }

    [Fact]
    public void Without_the_conflict_check_start_returns_within_a_fraction_of_a_second()
    {
        var start = _lab.Agent("start", ("ip", Vip4), ("check_conflict", "false"));

        Assert.Equal(0, start.ExitCode);
        Assert.True(start.Elapsed < TimeSpan.FromMilliseconds(400), start.ToString());
    }
}
