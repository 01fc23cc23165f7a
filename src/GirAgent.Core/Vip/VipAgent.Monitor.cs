using System.Diagnostics;
using GirAgent.Net;
using GirAgent.Ocf;
using GirAgent.Time;

namespace GirAgent.Vip;

internal sealed partial class VipAgent
{
    /// <summary>
    /// Running when exactly this address/prefix is on this nic (read over rtnetlink, no
    /// subprocess). With monitor_link (the default) a nic that is down or without carrier fails the
    /// monitor: the address is there but serves nobody. A probe of a missing nic answers "not
    /// running"; a recurring monitor reports it as an error. A recurring monitor with check_conflict also fails when
    /// another host answers for the address (a split): the recovery that follows leaves it on one side.
    /// </summary>
    public OcfResult Monitor(OcfContext context)
    {
        var settings = Settings(context);
        if (settings.ConfigurationErrors.Count > 0)
        {
            if (context.IsProbe) return OcfResult.NotRunning("not running: " + settings.ConfigurationErrors[0]);
            RequireValidParameters(settings);
        }
        var deadline = context.StartDeadline(MonitorTimeout);
        var ip = settings.Ip!;
        using var net = Open(deadline);
        try
        {
            var placement = Place(settings, net, out var failure);
            var found = Find(net, ip);
            InterfaceAddress? address;
            if (placement is null)
            {
                if (failure!.NicMissing)
                    return context.IsProbe ? OcfResult.NotRunning(failure.Reason) : new OcfResult(OcfExitCode.ErrGeneric, failure.Reason);
                // no route names the prefix (noprefixroute, or the address held the only route): the address itself decides
                address = found.FirstOrDefault(a => settings.Prefix is not { } p || a.PrefixLength == p);
                if (address is null) return OcfResult.NotRunning();
                var link = net.Links().FirstOrDefault(l => l.Index == address.InterfaceIndex);
                if (link is null) return OcfResult.NotRunning();
                placement = new VipPlacement(link, address.PrefixLength, null);
            }
            else
            {
                address = Exact(found, placement);
                if (address is null)
                {
                    if (found.Count > 0 && log.IsDebugEnabled)
                        log.Debug($"{ip} is configured as {string.Join(", ", found)}, not as /{placement.Prefix} on {placement.Nic}");
                    return OcfResult.NotRunning();
                }
            }

            if (address.IsDadFailed)
                return new OcfResult(OcfExitCode.ErrGeneric, $"address conflict: duplicate address detection failed for {ip} on {placement.Nic}");
            if (settings.MonitorLink && placement.Link.DownReason is { } down)
                return new OcfResult(OcfExitCode.ErrGeneric, down + $" ({ip} is configured but unreachable; monitor_link=true)");
            if (!context.IsProbe && settings.CheckConflict && !settings.IsIpv6 && placement.Link.IsEthernet && placement.Link.HasCarrier
                && OtherHolder(placement.Link, settings, deadline) is { } other)
                return new OcfResult(OcfExitCode.ErrGeneric,
                    $"address conflict: host {other.SenderMacText} on {placement.Nic} answers for {ip} too: two hosts hold the VIP and the traffic " +
                    "is split between them (a cluster split without fencing, or a host configured by hand)");
            if (settings.ArpCountRefresh > 0 && placement.Link.IsEthernet && !address.IsTentative)
                _ = SpawnAnnouncer(placement.Link, ip, settings.ArpCountRefresh, Stopwatch.GetTimestamp(), settings.ArpIntervalMs);
            return OcfResult.Ok;
        }
        catch (NetlinkException e)
        {
            throw Failed($"cannot read the addresses of this host", e);
        }
    }

    /// <summary>
    /// A recurring monitor asks, as start does, whether another host answers for the address (ARP probes, the
    /// conflict_timeout window): after a split without fencing both nodes hold it, and nothing else tells.
    /// </summary>
    private ArpPacket? OtherHolder(InterfaceLink link, VipSettings settings, Deadline deadline)
    {
        try
        {
            using var socket = ArpSocket.Open(link.Index);
            return socket.Probe(settings.Ip!, link.HardwareAddress, probes: 3, deadline.AtMost(TimeSpan.FromMilliseconds(settings.ConflictTimeoutMs)),
                holdersOnly: true);
        }
        catch (NetlinkException e)
        {
            // the address is here and reachable: not knowing about other hosts is no reason to fail it
            log.Warn($"cannot probe for another holder of {settings.Ip} on {link.Name}: {e.Message}");
            return null;
        }
    }
}
