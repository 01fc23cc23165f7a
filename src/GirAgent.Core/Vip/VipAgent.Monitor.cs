using System.Diagnostics;
using GirAgent.Net;
using GirAgent.Ocf;

namespace GirAgent.Vip;

internal sealed partial class VipAgent
{
    /// <summary>
    /// Running when exactly this address/prefix is on this nic (read over rtnetlink, no
    /// subprocess). With monitor_link (the default) a nic that is down or without carrier fails the
    /// monitor: the address is there but serves nobody. A probe of a missing nic answers "not
    /// running"; a recurring monitor reports it as an error.
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
            if (settings.ArpCountRefresh > 0 && placement.Link.IsEthernet && !address.IsTentative)
                _ = SpawnAnnouncer(placement.Link, ip, settings.ArpCountRefresh, Stopwatch.GetTimestamp(), settings.ArpIntervalMs);
            return OcfResult.Ok;
        }
        catch (NetlinkException e)
        {
            throw Failed($"cannot read the addresses of this host", e);
        }
    }
}
