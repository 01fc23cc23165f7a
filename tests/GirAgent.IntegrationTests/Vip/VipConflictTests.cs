using System.Net;
using GirAgent.Net;
using static GirAgent.IntegrationTests.Vip.NetnsLab;

namespace GirAgent.IntegrationTests.Vip;

/// <summary>Another host holding the address, and links that are down: start must fail and leave nothing behind.</summary>
public sealed class VipConflictTests : IDisposable
{
    private readonly NetnsLab _lab = new();

    public void Dispose() => _lab.Dispose();

    [Fact]
    public void IPv4_start_fails_when_another_host_holds_the_address_and_announces_nothing()
    {
        NetnsLab.Ip("-n", _lab.Peer, "addr", "add", Vip4 + "/24", "dev", Nic);
        var capture = _lab.StartCapture(TimeSpan.FromSeconds(1.5));

        var start = _lab.Agent("start", ("ip", Vip4));

        Assert.Equal(1, start.ExitCode);
        Assert.Contains("address conflict", start.ExitReason);
        Assert.Contains(_lab.PeerMac, start.ExitReason);
        Assert.False(_lab.HasAddress(Vip4, 24), _lab.Addresses());
        Assert.Equal(7, _lab.Agent("monitor", ("ip", Vip4)).ExitCode);
        var frames = capture.Frames();
        Assert.DoesNotContain(frames, f => f.EtherType == ArpPacket.EtherType && f.Source == _lab.NodeMac
            && ArpPacket.Parse(f.Payload)?.SenderIp.Equals(IPAddress.Parse(Vip4)) == true);
    }

    [Fact]
    public void A_recurring_monitor_fails_when_another_host_answers_for_the_address_too()
    {
        // a split without fencing: both nodes hold the VIP, and clients' traffic is split between them
        Assert.Equal(0, _lab.Agent("start", ("ip", Vip4)).ExitCode);
        (string, string) recurring = ("OCF_RESKEY_CRM_meta_interval", "10000");
        Assert.Equal(0, _lab.Agent("monitor", ("ip", Vip4), recurring).ExitCode);

        NetnsLab.Ip("-n", _lab.Peer, "addr", "add", Vip4 + "/24", "dev", Nic);
        var monitor = _lab.Agent("monitor", ("ip", Vip4), recurring);

        Assert.Equal(1, monitor.ExitCode);
        Assert.Contains("address conflict", monitor.ExitReason);
        Assert.Contains(_lab.PeerMac, monitor.ExitReason);
        Assert.Contains("two hosts hold the VIP", monitor.ExitReason);
        // a probe (Pacemaker's first look) and check_conflict=false only ask whether the address is here
        Assert.Equal(0, _lab.Agent("monitor", ("ip", Vip4)).ExitCode);
        Assert.Equal(0, _lab.Agent("monitor", ("ip", Vip4), ("check_conflict", "false"), recurring).ExitCode);

        NetnsLab.Ip("-n", _lab.Peer, "addr", "del", Vip4 + "/24", "dev", Nic);
        Assert.Equal(0, _lab.Agent("monitor", ("ip", Vip4), recurring).ExitCode);
    }

    [Fact]
    public void With_check_conflict_off_start_does_not_ask()
    {
        NetnsLab.Ip("-n", _lab.Peer, "addr", "add", Vip4 + "/24", "dev", Nic);

        Assert.Equal(0, _lab.Agent("start", ("ip", Vip4), ("check_conflict", "false")).ExitCode);
    }

    [Fact]
    public void IPv6_start_fails_when_duplicate_address_detection_finds_another_host_and_removes_the_address()
    {
        NetnsLab.Ip("-n", _lab.Peer, "addr", "add", Vip6 + "/64", "dev", Nic, "nodad");

        var start = _lab.Agent("start", ("ip", Vip6));

        Assert.Equal(1, start.ExitCode);
        Assert.Contains("duplicate address detection failed", start.ExitReason);
        Assert.DoesNotContain(Vip6, _lab.Addresses());
        Assert.Equal(7, _lab.Agent("monitor", ("ip", Vip6)).ExitCode);
    }

    [Fact]
    public void Start_refuses_a_link_without_carrier_unless_monitor_link_is_off()
    {
        NetnsLab.Ip("-n", _lab.Peer, "link", "set", Nic, "down");

        var start = _lab.Agent("start", ("ip", Vip4));

        Assert.Equal(1, start.ExitCode);
        Assert.Contains("no carrier", start.ExitReason);
        Assert.False(_lab.HasAddress(Vip4, 24));
        Assert.Equal(0, _lab.Agent("start", ("ip", Vip4), ("monitor_link", "false")).ExitCode);
        Assert.True(_lab.HasAddress(Vip4, 24));
    }

    [Fact]
    public void Monitor_fails_when_the_link_goes_down_and_recovers_with_it()
    {
        Assert.Equal(0, _lab.Agent("start", ("ip", Vip4)).ExitCode);
        (string, string) recurring = ("OCF_RESKEY_CRM_meta_interval", "10000");

        NetnsLab.Ip("-n", _lab.Peer, "link", "set", Nic, "down");
        var monitor = _lab.Agent("monitor", ("ip", Vip4), recurring);
        Assert.Equal(1, monitor.ExitCode);
        Assert.Contains("link of lab0 is down", monitor.ExitReason);
        Assert.Equal(0, _lab.Agent("monitor", ("ip", Vip4), ("monitor_link", "false"), recurring).ExitCode);

        NetnsLab.Ip("-n", _lab.Peer, "link", "set", Nic, "up");
        Thread.Sleep(100);
        Assert.Equal(0, _lab.Agent("monitor", ("ip", Vip4), recurring).ExitCode);
    }

    [Fact]
    public void Start_brings_an_administratively_down_nic_up_as_IPaddr2_does()
    {
        var start0 = _lab.Agent("validate-all", ("ip", Vip4), ("nic", Nic), ("cidr_netmask", "24"));
        Assert.Equal(0, start0.ExitCode);
        NetnsLab.Ip("-n", _lab.Node, "link", "set", Nic, "down");

        var start = _lab.Agent("start", ("ip", Vip4), ("nic", Nic), ("cidr_netmask", "24"));

        Assert.True(start.ExitCode == 0, start.ToString());
        Assert.Contains("state UP", NetnsLab.Ip("-n", _lab.Node, "link", "show", Nic));
        Assert.True(_lab.HasAddress(Vip4, 24));
    }
}
