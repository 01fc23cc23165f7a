using System.Diagnostics;
using System.Globalization;
using System.Net;
using GirAgent.Net;
using GirAgent.Ocf;
using GirAgent.Posix;

namespace GirAgent.Vip;

internal sealed partial class VipAgent
{
    /// <summary>
    /// Set in the environment of the detached child that sends the remaining announcements: the
    /// child is this binary run as <c>vip start</c> with this variable, and does nothing else.
    /// </summary>
    public const string AnnounceVariable = "GIRAGENT_VIP_ANNOUNCE";
    public const string RunDirectory = "/run/girlb";

    /// <summary>
    /// The pid file of the announcer of <paramref name="ip"/>: one per address (as IPaddr2's send_arp
    /// pid file) and network namespace, so that nodes of a lab sharing /run never meet.
    /// </summary>
    internal static string AnnouncerPidFile(IPAddress ip) =>
        $"{RunDirectory}/vip-announce-{ip.ToString().Replace(':', '_')}-{VipAnnouncerProcess.NetworkNamespaceId("self")}.pid";

    /// <summary>
    /// Leaves the announcements (arp_count, every arp_interval, the first at once) to a detached
    /// child, so start returns as soon as the address is usable. Not sent from the agent itself:
    /// closing an AF_PACKET socket waits for an RCU grace period (synchronize_net, 10-30 ms), which
    /// would double start's time. When the child cannot be started, one round is sent from here.
    /// Announcing is best effort: a failure is logged, never fails the start.
    /// </summary>
    private void Announce(InterfaceLink link, VipSettings settings)
    {
        var ip = settings.Ip!;
        if (SpawnAnnouncer(link, ip, settings.ArpCount, Stopwatch.GetTimestamp(), settings.ArpIntervalMs)) return;
        try
        {
            using var sender = AnnouncementSender.Open(link, ip);
            sender.SendRound();
        }
        catch (NetlinkException e)
        {
            log.Warn($"announcing {ip} on {link.Name} failed: {e.Message}");
        }
    }

    /// <summary>Starts the detached announcer for <paramref name="count"/> rounds, the first at Stopwatch time <paramref name="firstAt"/>.</summary>
    private bool SpawnAnnouncer(InterfaceLink link, IPAddress ip, int count, long firstAt, int intervalMs)
    {
        var spec = AnnounceSpec.Format(new AnnounceSpec(link.Index, ip, count, firstAt, intervalMs));
        StopAnnouncer(ip);
        try
        {
            var pid = VipAnnouncerProcess.Spawn(AnnounceVariable, spec);
            try
            {
                Directory.CreateDirectory(RunDirectory);
                File.WriteAllText(AnnouncerPidFile(ip), pid.ToString(CultureInfo.InvariantCulture) + "\n");
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                log.Debug($"cannot write the announcer pid file: {e.Message}");
            }
            log.Info($"announcing {ip} on {link.Name} {count} time(s) every {intervalMs} ms (pid {pid})");
            return true;
        }
        catch (InvalidOperationException e)
        {
            log.Warn($"cannot start the background announcer: {e.Message}");
            return false;
        }
    }

    /// <summary>Ends a background announcer of <paramref name="ip"/> still running (its address is going away).</summary>
    private void StopAnnouncer(IPAddress ip)
    {
        var file = AnnouncerPidFile(ip);
        string text;
        try { text = File.ReadAllText(file); }
        catch (IOException) { return; }
        catch (UnauthorizedAccessException) { return; }
        if (int.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) && VipAnnouncerProcess.IsAnnouncer(pid, AnnounceVariable, ip))
        {
            NativeNet.Kill(pid, Native.SIGTERM);
            log.Debug($"stopped the announcer of {ip} (pid {pid})");
        }
        try { File.Delete(file); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    /// <summary>The detached child: sends the remaining rounds while the address stays on its interface.</summary>
    private OcfResult RunAnnouncer(string text)
    {
        if (AnnounceSpec.Parse(text) is not { } spec) return new OcfResult(OcfExitCode.ErrArgs, $"bad {AnnounceVariable}");
        try
        {
            using var net = NetlinkClient.Open(TimeSpan.FromSeconds(2));
            var link = net.Links().FirstOrDefault(l => l.Index == spec.InterfaceIndex);
            if (link is null) return OcfResult.Ok;
            using var sender = AnnouncementSender.Open(link, spec.Ip);
            for (var round = 0; round < spec.Count; round++)
            {
                var at = spec.FirstAt + Stopwatch.Frequency * spec.IntervalMs * round / 1000;
                var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), at);
                if (wait > TimeSpan.Zero) Thread.Sleep(wait);
                var present = net.Addresses(NetlinkRequests.Family(spec.Ip))
                    .Any(a => a.InterfaceIndex == spec.InterfaceIndex && a.Address.Equals(spec.Ip) && !a.IsTentative && !a.IsDadFailed);
                if (!present) break;
                sender.SendRound();
            }
        }
        catch (NetlinkException e)
        {
            log.Warn($"announcing {spec.Ip} failed: {e.Message}");
        }
        finally
        {
            var file = AnnouncerPidFile(spec.Ip);
            try
            {
                if (File.Exists(file) && File.ReadAllText(file).Trim() == Environment.ProcessId.ToString(CultureInfo.InvariantCulture))
                    File.Delete(file);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
        }
        return OcfResult.Ok;
    }

    /// <summary>What the announcer child is told: interface, address, rounds, when the first is due (Stopwatch time) and the interval.</summary>
    internal sealed record AnnounceSpec(int InterfaceIndex, IPAddress Ip, int Count, long FirstAt, int IntervalMs)
    {
        public static string Format(AnnounceSpec s) => string.Create(CultureInfo.InvariantCulture,
            $"index={s.InterfaceIndex};ip={s.Ip};count={s.Count};first={s.FirstAt};interval={s.IntervalMs}");

        public static AnnounceSpec? Parse(string text)
        {
            var fields = text.Split(';').Select(f => f.Split('=', 2)).Where(f => f.Length == 2).ToDictionary(f => f[0], f => f[1], StringComparer.Ordinal);
            var inv = CultureInfo.InvariantCulture;
            if (fields.TryGetValue("index", out var i) && int.TryParse(i, NumberStyles.None, inv, out var index)
                && fields.TryGetValue("ip", out var a) && IPAddress.TryParse(a, out var ip)
                && fields.TryGetValue("count", out var c) && int.TryParse(c, NumberStyles.None, inv, out var count)
                && fields.TryGetValue("first", out var f) && long.TryParse(f, NumberStyles.None, inv, out var first)
                && fields.TryGetValue("interval", out var n) && int.TryParse(n, NumberStyles.None, inv, out var interval))
                return new AnnounceSpec(index, ip, count, first, interval);
            return null;
        }
    }

    /// <summary>One round of announcement: for IPv4 a gratuitous ARP request and reply (as send_arp), for IPv6 an unsolicited NA.</summary>
    private sealed class AnnouncementSender : IDisposable
    {
        private readonly ArpSocket? _arp;
        private readonly Icmpv6Socket? _icmp;
        private readonly byte[] _mac;
        private readonly IPAddress _ip;

        private AnnouncementSender(ArpSocket? arp, Icmpv6Socket? icmp, byte[] mac, IPAddress ip)
        {
            _arp = arp;
            _icmp = icmp;
            _mac = mac;
            _ip = ip;
        }

        public static AnnouncementSender Open(InterfaceLink link, IPAddress ip) =>
            ip.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6
                ? new AnnouncementSender(null, Icmpv6Socket.Open(link.Index, ip), link.HardwareAddress, ip)
                : new AnnouncementSender(ArpSocket.Open(link.Index), null, link.HardwareAddress, ip);

        public void SendRound()
        {
            if (_arp is not null)
            {
                _arp.SendBroadcast(ArpPacket.GratuitousRequest(_mac, _ip));
                _arp.SendBroadcast(ArpPacket.GratuitousReply(_mac, _ip));
            }
            _icmp?.SendToAllNodes(Icmpv6NeighborAdvertisement.Build(_ip, _mac));
        }

        public void Dispose()
        {
            _arp?.Dispose();
            _icmp?.Dispose();
        }
    }
}
