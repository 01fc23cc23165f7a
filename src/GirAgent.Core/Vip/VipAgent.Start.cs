using System.Diagnostics;
using System.Net;
using GirAgent.Net;
using GirAgent.Ocf;
using GirAgent.Time;

namespace GirAgent.Vip;

internal sealed partial class VipAgent
{
    /// <summary>
    /// Checks that no other host holds the address (ARP probe for IPv4; the kernel's DAD for
    /// IPv6), adds it over rtnetlink and returns; the arp_count announcements go out from a
    /// detached child, the first at once. A conflict fails the start and
    /// never leaves the address configured.
    /// </summary>
    public OcfResult Start(OcfContext context)
    {
        if (context.Get(AnnounceVariable) is { } announce)
            return RunAnnouncer(announce);

        var settings = Settings(context);
        RequireValidParameters(settings);
        var deadline = context.StartDeadline(StartTimeout);
        var clock = Stopwatch.StartNew();
        var ip = settings.Ip!;
        using var net = Open(deadline);
        try
        {
            var placement = Place(settings, net, out var failure);
            if (placement is null)
                throw failure!.IsConfigurationError ? OcfException.Configured(failure.Reason) : OcfException.Generic(failure.Reason);
            var link = placement.Link;
            var target = $"{ip}/{placement.Prefix} on {link.Name}";

            var found = Find(net, ip);
            if (Exact(found, placement) is { } existing)
            {
                if (!existing.IsDadFailed)
                {
                    log.Info($"{target} is already configured");
                    return OcfResult.Ok;
                }
                log.Warn($"removing {target} left over from a failed duplicate address detection");
                net.DeleteAddress(link.Index, ip, placement.Prefix);
            }
            else if (found.FirstOrDefault(a => !a.IsDadFailed) is { } other)
            {
                throw OcfException.Generic($"{ip} is already configured as {other} on interface {other.InterfaceIndex}; not adding it again");
            }

            link = BringUp(net, link, settings, deadline);

            if (settings.CheckConflict && !settings.IsIpv6 && link.IsEthernet && link.HasCarrier)
                CheckArpConflict(link, settings, deadline);

            var kernelDad = settings.IsIpv6 && settings.CheckConflict && !settings.NoDad && link.IsEthernet;
            var options = new NetlinkRequests.AddOptions(
                Broadcast: placement.Broadcast,
                Label: settings.IfLabel is { } label ? $"{link.Name}:{label}" : null,
                NoDad: settings.IsIpv6 && !kernelDad,
                NoPrefixRoute: settings.NoPrefixRoute,
                PreferredLifetime: settings.PreferredLifetime);
            net.AddAddress(link.Index, ip, placement.Prefix, options);
            log.Info($"added {target}{(placement.Broadcast is { } b ? " brd " + b : "")}");

            if (kernelDad) WaitForDad(net, ip, placement, deadline);

            if (link.IsEthernet)
                Announce(link, settings);
            log.Info($"{target} is up in {clock.ElapsedMilliseconds} ms");
            return OcfResult.Ok;
        }
        catch (NetlinkException e)
        {
            throw Failed($"cannot add {ip}", e);
        }
    }

    /// <summary>
    /// Brings an administratively down interface up (as IPaddr2 does) and, when monitor_link is
    /// on, refuses a link without carrier: an address there would serve nobody.
    /// </summary>
    private InterfaceLink BringUp(NetlinkClient net, InterfaceLink link, VipSettings settings, Deadline deadline)
    {
        if (!link.IsUp)
        {
            log.Info($"bringing interface {link.Name} up");
            net.SetLinkUp(link.Index);
            var until = new Deadline(deadline.AtMost(TimeSpan.FromSeconds(2)));
            while (true)
            {
                link = net.Link(link.Name) ?? throw OcfException.Generic($"interface {link.Name} disappeared");
                if (link.HasCarrier || link.IsLoopback || until.IsExpired) break;
                Thread.Sleep(20);
            }
        }
        if (settings.MonitorLink && link.DownReason is { } down)
            throw OcfException.Generic(down + "; not adding the address (monitor_link=true)");
        return link;
    }

    private void CheckArpConflict(InterfaceLink link, VipSettings settings, Deadline deadline)
    {
        var wait = deadline.AtMost(TimeSpan.FromMilliseconds(settings.ConflictTimeoutMs));
        ArpPacket? answer;
        using (var socket = ArpSocket.Open(link.Index))
            answer = socket.Probe(settings.Ip!, link.HardwareAddress, probes: 3, wait);
        if (answer is not null)
        {
            var how = answer.SenderIp.Equals(settings.Ip) ? "answers for it" : "is probing for it too";
            throw OcfException.Generic($"address conflict: host {answer.SenderMacText} on {link.Name} {how}; {settings.Ip} not added");
        }
        log.Debug($"no other host answered for {settings.Ip} on {link.Name} within {wait.TotalMilliseconds:0} ms");
    }

    /// <summary>
    /// Waits while the kernel's duplicate address detection runs; on failure the address is
    /// deleted again (a dadfailed address must not stay behind).
    /// </summary>
    private void WaitForDad(NetlinkClient net, IPAddress ip, VipPlacement placement, Deadline deadline)
    {
        var target = $"{ip}/{placement.Prefix} on {placement.Nic}";
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var address = Exact(Find(net, ip), placement);
            if (address is null)
                throw OcfException.Generic($"{target} disappeared during duplicate address detection");
            if (address.IsDadFailed)
            {
                Remove(net, ip, placement);
                throw OcfException.Generic($"address conflict: duplicate address detection failed for {ip} on {placement.Nic} (another host has it); address removed");
            }
            if (!address.IsTentative)
            {
                log.Debug($"duplicate address detection for {target} passed in {clock.ElapsedMilliseconds} ms");
                return;
            }
            if (deadline.IsExpired)
            {
                Remove(net, ip, placement);
                throw OcfException.Generic($"duplicate address detection for {ip} did not finish within {deadline.Budget.TotalSeconds:0}s; address removed");
            }
            Thread.Sleep(deadline.AtMost(TimeSpan.FromMilliseconds(20)));
        }
    }

    private void Remove(NetlinkClient net, IPAddress ip, VipPlacement placement)
    {
        try
        {
            net.DeleteAddress(placement.Link.Index, ip, placement.Prefix);
        }
        catch (NetlinkException e) when (e.Errno == Posix.NativeNet.EADDRNOTAVAIL)
        {
        }
    }
}
