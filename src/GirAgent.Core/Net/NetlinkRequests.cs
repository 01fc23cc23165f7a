using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using static GirAgent.Net.NetlinkConstants;

namespace GirAgent.Net;

/// <summary>What the agent asks of rtnetlink: an address to add or delete, and the dumps it reads. Pure byte builders.</summary>
internal static class NetlinkRequests
{
    /// <summary>How an address is added: the <c>ip addr add</c> options the agent knows.</summary>
    public sealed record AddOptions(IPAddress? Broadcast = null, string? Label = null, bool NoDad = false, bool NoPrefixRoute = false, uint? PreferredLifetime = null);

    public static byte Family(IPAddress address) => address.AddressFamily == AddressFamily.InterNetworkV6 ? AF_INET6 : AF_INET;

    /// <summary>RTM_NEWADDR with CREATE|EXCL: fails with EEXIST instead of changing an address already there.</summary>
    public static byte[] AddAddress(uint sequence, int interfaceIndex, IPAddress address, int prefixLength, AddOptions options)
    {
        var flags = (options.NoDad ? IFA_F_NODAD : 0) | (options.NoPrefixRoute ? IFA_F_NOPREFIXROUTE : 0);
        var family = Family(address);
        var writer = new NetlinkMessageWriter(RTM_NEWADDR, NLM_F_REQUEST | NLM_F_ACK | NLM_F_CREATE | NLM_F_EXCL, sequence)
            .Bytes(IfAddrMsg(family, prefixLength, (byte)(flags & 0xFF), DefaultScope(address), interfaceIndex))
            .Attribute(IFA_LOCAL, address.GetAddressBytes())
            .Attribute(IFA_ADDRESS, address.GetAddressBytes());
        if (family == AF_INET && options.Broadcast is { } broadcast) writer.Attribute(IFA_BROADCAST, broadcast.GetAddressBytes());
        if (family == AF_INET && options.Label is { Length: > 0 } label) writer.Attribute(IFA_LABEL, label);
        if (family == AF_INET6 && options.PreferredLifetime is { } preferred)
        {
            // struct ifa_cacheinfo { __u32 ifa_prefered; __u32 ifa_valid; __u32 cstamp; __u32 tstamp; }
            Span<byte> cache = stackalloc byte[16];
            BinaryPrimitives.WriteUInt32LittleEndian(cache, preferred);
            BinaryPrimitives.WriteUInt32LittleEndian(cache[4..], InfiniteLifetime);
            writer.Attribute(IFA_CACHEINFO, cache);
        }
        if (flags != 0) writer.Attribute(IFA_FLAGS, flags);
        return writer.ToArray();
    }

    public static byte[] DeleteAddress(uint sequence, int interfaceIndex, IPAddress address, int prefixLength) =>
        new NetlinkMessageWriter(RTM_DELADDR, NLM_F_REQUEST | NLM_F_ACK, sequence)
            .Bytes(IfAddrMsg(Family(address), prefixLength, 0, 0, interfaceIndex))
            .Attribute(IFA_LOCAL, address.GetAddressBytes())
            .Attribute(IFA_ADDRESS, address.GetAddressBytes())
            .ToArray();

    /// <summary>RTM_GETADDR dump of one family (AF_INET or AF_INET6).</summary>
    public static byte[] DumpAddresses(uint sequence, byte family) =>
        new NetlinkMessageWriter(RTM_GETADDR, NLM_F_REQUEST | NLM_F_DUMP, sequence).Bytes(IfAddrMsg(family, 0, 0, 0, 0)).ToArray();

    /// <summary>RTM_GETROUTE dump of one family, every table.</summary>
    public static byte[] DumpRoutes(uint sequence, byte family)
    {
        Span<byte> rtmsg = stackalloc byte[12];
        rtmsg[0] = family;
        return new NetlinkMessageWriter(RTM_GETROUTE, NLM_F_REQUEST | NLM_F_DUMP, sequence).Bytes(rtmsg).ToArray();
    }

    /// <summary>RTM_GETLINK dump of every interface.</summary>
    public static byte[] DumpLinks(uint sequence) =>
        new NetlinkMessageWriter(RTM_GETLINK, NLM_F_REQUEST | NLM_F_DUMP, sequence).Bytes(IfInfoMsg(0, 0, 0)).ToArray();

    /// <summary>RTM_GETLINK of the interface named <paramref name="name"/> (answered by one message or ENODEV).</summary>
    public static byte[] GetLink(uint sequence, string name) =>
        new NetlinkMessageWriter(RTM_GETLINK, NLM_F_REQUEST, sequence).Bytes(IfInfoMsg(0, 0, 0)).Attribute(IFLA_IFNAME, name).ToArray();

    /// <summary>RTM_NEWLINK setting IFF_UP, as <c>ip link set DEV up</c>.</summary>
    public static byte[] SetLinkUp(uint sequence, int interfaceIndex) =>
        new NetlinkMessageWriter(RTM_NEWLINK, NLM_F_REQUEST | NLM_F_ACK, sequence).Bytes(IfInfoMsg(interfaceIndex, IFF_UP, IFF_UP)).ToArray();

    /// <summary>The scope <c>ip addr add</c> gives: host for 127.0.0.0/8, else global.</summary>
    public static byte DefaultScope(IPAddress address) =>
        address.AddressFamily == AddressFamily.InterNetwork && address.GetAddressBytes()[0] == 127 ? RT_SCOPE_HOST : RT_SCOPE_UNIVERSE;

    // struct ifaddrmsg { __u8 family; __u8 prefixlen; __u8 flags; __u8 scope; __u32 index; }
    private static byte[] IfAddrMsg(byte family, int prefixLength, byte flags, byte scope, int index)
    {
        var msg = new byte[8];
        msg[0] = family;
        msg[1] = (byte)prefixLength;
        msg[2] = flags;
        msg[3] = scope;
        BinaryPrimitives.WriteInt32LittleEndian(msg.AsSpan(4), index);
        return msg;
    }

    // struct ifinfomsg { u8 family; u8 pad; u16 type; i32 index; u32 flags; u32 change; }
    private static byte[] IfInfoMsg(int index, uint flags, uint change)
    {
        var msg = new byte[16];
        BinaryPrimitives.WriteInt32LittleEndian(msg.AsSpan(4), index);
        BinaryPrimitives.WriteUInt32LittleEndian(msg.AsSpan(8), flags);
        BinaryPrimitives.WriteUInt32LittleEndian(msg.AsSpan(12), change);
        return msg;
    }
}
