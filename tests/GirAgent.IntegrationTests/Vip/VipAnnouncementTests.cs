using System.Net;
using GirAgent.IntegrationTests.Support;
using GirAgent.Net;
using static GirAgent.IntegrationTests.Vip.NetnsLab;

namespace GirAgent.IntegrationTests.Vip;

/// <summary>What the peer sees on the wire when the node starts an address: probes, then arp_count announcements every arp_interval.</summary>
public sealed class VipAnnouncementTests : IDisposable
{
    private readonly NetnsLab _lab = new();

    public void Dispose() => _lab.Dispose();

    private static List<(Frame Frame, ArpPacket Arp)> Arp(IEnumerable<Frame> frames) =>
        frames.Where(f => f.EtherType == ArpPacket.EtherType)
            .Select(f => (Frame: f, Arp: ArpPacket.Parse(f.Payload)))
            .Where(x => x.Arp is not null).Select(x => (x.Frame, x.Arp!)).ToList();

    /// <summary>CLOCK_MONOTONIC as the capture reads it (an upper bound: it includes starting python).</summary>
    private static double MonotonicNow() =>
        double.Parse(Programs.Run("python3", ["-c", "import time; print(time.monotonic())"]).StandardOutput.Trim(), System.Globalization.CultureInfo.InvariantCulture);

    private static void AssertIntervals(IReadOnlyList<double> times, int expectedMs)
    {
        for (var i = 1; i < times.Count; i++)
        {
            var gap = (times[i] - times[i - 1]) * 1000;
            Assert.True(gap > expectedMs * 0.75 && gap < expectedMs * 1.6, $"gap {i} was {gap:0} ms, expected about {expectedMs}: {string.Join(", ", times)}");
        }
    }

    [Fact]
    public void IPv4_start_probes_from_0_0_0_0_then_sends_arp_count_gratuitous_requests_and_replies_every_arp_interval()
    {
        var capture = _lab.StartCapture(TimeSpan.FromSeconds(2.5));
        var vip = IPAddress.Parse(Vip4);

        var start = _lab.Agent("start", ("ip", Vip4), ("arp_count", "5"), ("arp_interval", "200"));
        Assert.True(start.ExitCode == 0, start.ToString());
        var arp = Arp(capture.Frames()).Where(x => x.Frame.Source == _lab.NodeMac).ToList();

        var probes = arp.Where(x => x.Arp.SenderIp.Equals(IPAddress.Any) && x.Arp.TargetIp.Equals(vip)).ToList();
        var requests = arp.Where(x => x.Arp.Operation == ArpPacket.Request && x.Arp.SenderIp.Equals(vip)).ToList();
        var replies = arp.Where(x => x.Arp.Operation == ArpPacket.Reply && x.Arp.SenderIp.Equals(vip)).ToList();
        Assert.Equal(3, probes.Count);
        Assert.Equal(5, requests.Count);
        Assert.Equal(5, replies.Count);
        Assert.True(probes.Max(p => p.Frame.Time) < requests.Min(r => r.Frame.Time), "every probe comes before the first announcement");
        Assert.All(requests.Concat(replies).Concat(probes), x =>
        {
            Assert.Equal("ff:ff:ff:ff:ff:ff", x.Frame.Destination);
            Assert.Equal(_lab.NodeMac, x.Arp.SenderMacText);
            Assert.Equal(vip, x.Arp.TargetIp);
        });
        Assert.All(replies, x => Assert.Equal(_lab.NodeMac, string.Join(':', x.Arp.TargetMac.Select(b => b.ToString("x2")))));
        AssertIntervals(requests.Select(r => r.Frame.Time).ToList(), 200);
    }

    [Fact]
    public void Start_returns_at_once_and_the_announcements_follow_from_the_background()
    {
        var capture = _lab.StartCapture(TimeSpan.FromSeconds(2.5));

        // when the agent exited, as its own run measured it: a clock read after Agent() returned also counts the
        // test's own scheduling, which under CI load put a second announcement "before" the return
        var before = MonotonicNow();
        var start = _lab.Agent("start", ("ip", Vip4), ("check_conflict", "false"), ("arp_count", "4"), ("arp_interval", "300"));
        var returned = before + start.Elapsed.TotalSeconds;

        Assert.Equal(0, start.ExitCode);
        Assert.True(start.Elapsed < TimeSpan.FromMilliseconds(250), start.ToString());
        var requests = Arp(capture.Frames()).Where(x => x.Arp.Operation == ArpPacket.Request && x.Arp.SenderIp.Equals(IPAddress.Parse(Vip4))).ToList();
        Assert.Equal(4, requests.Count);
        Assert.True(requests.Count(r => r.Frame.Time > returned) >= 3, "at most the first went out before start returned");
        AssertIntervals(requests.Select(r => r.Frame.Time).ToList(), 300);
    }

    [Fact]
    public void IPv6_start_sends_unsolicited_override_neighbour_advertisements_with_hop_limit_255()
    {
        var capture = _lab.StartCapture(TimeSpan.FromSeconds(4.5));
        var vip = IPAddress.Parse(Vip6);

        var start = _lab.Agent("start", ("ip", Vip6), ("arp_count", "5"), ("arp_interval", "200"));
        Assert.True(start.ExitCode == 0, start.ToString());

        var advertisements = capture.Frames()
            .Where(f => f.EtherType == 0x86DD && f.Payload[6] == 58 && f.Payload[40] == Icmpv6NeighborAdvertisement.Type)
            .Where(f => new IPAddress(f.Payload.Slice(48, 16)).Equals(vip))
            .ToList();
        Assert.Equal(5, advertisements.Count);
        Assert.All(advertisements, f =>
        {
            var ip = f.Payload;
            Assert.Equal(_lab.NodeMac, f.Source);
            Assert.Equal("33:33:00:00:00:01", f.Destination);
            Assert.Equal(255, ip[7]);                                      // hop limit
            Assert.Equal(vip, new IPAddress(ip.Slice(8, 16)));              // from the address itself
            Assert.Equal(IPAddress.Parse("ff02::1"), new IPAddress(ip.Slice(24, 16)));
            var flags = ip[44];
            Assert.Equal(0, flags & Icmpv6NeighborAdvertisement.RouterFlag);
            Assert.Equal(0, flags & Icmpv6NeighborAdvertisement.SolicitedFlag);
            Assert.Equal(Icmpv6NeighborAdvertisement.OverrideFlag, flags & Icmpv6NeighborAdvertisement.OverrideFlag);
            Assert.Equal(2, ip[64]);                                        // target link-layer address option
            Assert.Equal(1, ip[65]);
            Assert.Equal(_lab.NodeMac, string.Join(':', ip.Slice(66, 6).ToArray().Select(b => b.ToString("x2"))));
        });
        AssertIntervals(advertisements.Select(f => f.Time).ToList(), 200);
    }

    [Fact]
    public void Stop_ends_the_announcements_of_an_address_it_removes()
    {
        var capture = _lab.StartCapture(TimeSpan.FromSeconds(2));

        Assert.Equal(0, _lab.Agent("start", ("ip", Vip4), ("check_conflict", "false"), ("arp_count", "40"), ("arp_interval", "50")).ExitCode);
        Thread.Sleep(300);
        Assert.Equal(0, _lab.Agent("stop", ("ip", Vip4)).ExitCode);
        var stopped = MonotonicNow();

        var requests = Arp(capture.Frames()).Where(x => x.Arp.SenderIp.Equals(IPAddress.Parse(Vip4))).ToList();
        Assert.InRange(requests.Count, 4, 30);
        Assert.DoesNotContain(requests, r => r.Frame.Time > stopped);
        var netns = Programs.Run("/usr/bin/stat", ["-L", "-c", "%i", "/run/netns/" + _lab.Node]).StandardOutput.Trim();
        Assert.False(File.Exists($"/run/girlb/vip-announce-{Vip4}-{netns}.pid"));
    }

    [Fact]
    public void Monitor_refreshes_the_announcement_when_arp_count_refresh_is_set()
    {
        Assert.Equal(0, _lab.Agent("start", ("ip", Vip4), ("check_conflict", "false"), ("arp_count", "1")).ExitCode);
        var capture = _lab.StartCapture(TimeSpan.FromSeconds(1.2));

        Assert.Equal(0, _lab.Agent("monitor", ("ip", Vip4), ("arp_count_refresh", "2"), ("arp_interval", "300"), ("OCF_RESKEY_CRM_meta_interval", "10000")).ExitCode);

        var requests = Arp(capture.Frames()).Where(x => x.Arp.Operation == ArpPacket.Request && x.Arp.SenderIp.Equals(IPAddress.Parse(Vip4))).ToList();
        Assert.Equal(2, requests.Count);
    }
}
