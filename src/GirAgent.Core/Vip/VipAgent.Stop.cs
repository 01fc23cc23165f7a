using GirAgent.Net;
using GirAgent.Ocf;

namespace GirAgent.Vip;

internal sealed partial class VipAgent
{
    /// <summary>
    /// Removes the address (RTM_DELADDR) and ends a background announcer. Idempotent: an address
    /// or nic that is already gone, or parameters that never could have started it, are success.
    /// </summary>
    public OcfResult Stop(OcfContext context)
    {
        var settings = Settings(context);
        if (settings.Ip is not { } ip)
        {
            log.Warn($"nothing to stop: {settings.ConfigurationErrors.FirstOrDefault()}");
            return OcfResult.Ok;
        }
        var deadline = context.StartDeadline(StopTimeout);
        StopAnnouncer(ip);
        using var net = Open(deadline);
        try
        {
            var found = Find(net, ip);
            if (found.Count == 0) return OcfResult.Ok;
            var placement = Place(settings, net, out var failure);
            List<InterfaceAddress> remove;
            if (placement is not null)
                remove = found.Where(a => a.InterfaceIndex == placement.Link.Index && a.PrefixLength == placement.Prefix).ToList();
            else if (failure!.NicMissing)
                return OcfResult.Ok;
            else
            {
                // no route names the prefix: remove the address where the parameters allow it to be
                int? nicIndex = settings.Nic is { } nic ? net.Link(nic)?.Index : null;
                remove = found.Where(a => (nicIndex is null || a.InterfaceIndex == nicIndex) && (settings.Prefix is not { } p || a.PrefixLength == p)).ToList();
            }
            foreach (var address in remove)
            {
                try
                {
                    net.DeleteAddress(address.InterfaceIndex, ip, address.PrefixLength);
                    log.Info($"removed {address} from interface {placement?.Nic ?? address.InterfaceIndex.ToString(System.Globalization.CultureInfo.InvariantCulture)}");
                }
                catch (NetlinkException e) when (e.Errno == Posix.NativeNet.EADDRNOTAVAIL)
                {
                }
            }
            return OcfResult.Ok;
        }
        catch (NetlinkException e)
        {
            throw Failed($"cannot remove {ip}", e);
        }
    }
}
