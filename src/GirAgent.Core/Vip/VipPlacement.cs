using System.Net;
using System.Net.Sockets;
using GirAgent.Net;

namespace GirAgent.Vip;

/// <summary>Where the address goes: the interface, the prefix length and (IPv4) the broadcast address.</summary>
internal sealed record VipPlacement(InterfaceLink Link, int Prefix, IPAddress? Broadcast)
{
    public string Nic => Link.Name;
}

/// <summary>Why no placement could be found, and whether the nic does not exist.</summary>
internal sealed record PlacementFailure(string Reason, bool NicMissing)
{
    /// <summary>A failure of the configuration itself (exit 6 for validate-all and start), not of the current network.</summary>
    public bool IsConfigurationError { get; init; } = NicMissing;
}

/// <summary>
/// IPaddr2's findif, over rtnetlink data: when nic or cidr_netmask is not given, the connected
/// route (scope link for IPv4) of the main table that covers the address with the longest prefix
/// supplies them; 127.0.0.0/8 falls back to the local table. Pure: it gets the links and routes.
/// </summary>
internal static class VipPlacementResolver
{
    public static (VipPlacement? Placement, PlacementFailure? Failure) Resolve(VipSettings settings, IReadOnlyList<InterfaceLink> links, Func<IReadOnlyList<InterfaceRoute>> routes)
    {
        var ip = settings.Ip ?? throw new InvalidOperationException("no ip");
        InterfaceLink? link = null;
        if (settings.Nic is { } nic)
        {
            link = links.FirstOrDefault(l => l.Name == nic);
            if (link is null) return (null, new PlacementFailure($"nic {nic} does not exist", true));
        }
        var prefix = settings.Prefix;
        if (link is null || prefix is null)
        {
            var route = BestRoute(ip, prefix, link?.Index, routes());
            if (route is null)
            {
                var what = link is null ? "nic or cidr_netmask" : "cidr_netmask";
                var on = link is null ? "" : $" on {link.Name}";
                return (null, new PlacementFailure($"no connected route{on} covers {ip}{(prefix is { } p ? "/" + p : "")}: cannot find {what}; set nic and cidr_netmask", false));
            }
            link ??= links.FirstOrDefault(l => l.Index == route.OutputInterface);
            if (link is null) return (null, new PlacementFailure($"the route to {ip} names interface {route.OutputInterface}, which does not exist", false));
            prefix ??= route.DestinationLength;
        }
        IPAddress? broadcast = null;
        if (ip.AddressFamily == AddressFamily.InterNetwork)
        {
            broadcast = settings.BroadcastMode switch
            {
                BroadcastMode.Explicit => settings.Broadcast,
                BroadcastMode.None => null,
                _ => VipSettings.ComputeBroadcast(ip, prefix.Value),
            };
        }
        return (new VipPlacement(link, prefix.Value, broadcast), null);
    }

    /// <summary>
    /// The route <c>ip route list match IP/PREFIX [scope link]</c> would print last among the longest
    /// prefixes: main table, a real prefix (neither default nor a host route), covering the address,
    /// no longer than the given prefix, on the given interface if any. 127/8 uses the local table.
    /// </summary>
    public static InterfaceRoute? BestRoute(IPAddress ip, int? prefix, int? interfaceIndex, IReadOnlyList<InterfaceRoute> routes)
    {
        var v4 = ip.AddressFamily == AddressFamily.InterNetwork;
        var family = v4 ? NetlinkConstants.AF_INET : NetlinkConstants.AF_INET6;
        var max = v4 ? 32 : 128;
        var match = prefix ?? max;
        InterfaceRoute? best = null;
        foreach (var route in routes)
        {
            if (route.Family != family || route.Table != NetlinkConstants.RT_TABLE_MAIN || route.Destination is null) continue;
            if (route.DestinationLength <= 0 || route.DestinationLength >= max || route.DestinationLength > match) continue;
            if (v4 && route.Scope != NetlinkConstants.RT_SCOPE_LINK) continue;
            if (route.OutputInterface is not { } oif || (interfaceIndex is { } want && oif != want)) continue;
            if (route.Gateway is not null || !Covers(route.Destination, route.DestinationLength, ip)) continue;
            if (best is null || route.DestinationLength >= best.DestinationLength) best = route;
        }
        if (best is null && v4 && ip.GetAddressBytes()[0] == 127)
        {
            best = routes.FirstOrDefault(r => r.Family == family && r.Table == NetlinkConstants.RT_TABLE_LOCAL && r.Type == NetlinkConstants.RTN_LOCAL
                && r.Destination is not null && r.DestinationLength is > 0 and < 32 && r.DestinationLength <= match
                && r.OutputInterface is { } o && (interfaceIndex is null || o == interfaceIndex)
                && Covers(r.Destination, r.DestinationLength, ip));
        }
        return best;
    }

    /// <summary>Whether <paramref name="ip"/> lies in <paramref name="network"/>/<paramref name="length"/>.</summary>
    public static bool Covers(IPAddress network, int length, IPAddress ip)
    {
        var a = network.GetAddressBytes();
        var b = ip.GetAddressBytes();
        if (a.Length != b.Length) return false;
        var full = length / 8;
        for (var i = 0; i < full; i++)
            if (a[i] != b[i]) return false;
        var rest = length % 8;
        if (rest == 0) return true;
        var mask = (byte)(0xFF << (8 - rest));
        return (a[full] & mask) == (b[full] & mask);
    }
}
