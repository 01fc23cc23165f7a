using System.Buffers.Binary;
using System.Net;

namespace GirAgent.Net;

/// <summary>The socket addresses the raw sockets use, as the bytes the kernel reads.</summary>
internal static class RawSocketAddress
{
    public const int LinkLayerLength = 20, Inet6Length = 28;
    public const byte PACKET_HOST = 0, PACKET_BROADCAST = 1, PACKET_MULTICAST = 2, PACKET_OTHERHOST = 3, PACKET_OUTGOING = 4;

    /// <summary>struct sockaddr_ll { u16 family; be16 protocol; i32 ifindex; u16 hatype; u8 pkttype; u8 halen; u8 addr[8]; }</summary>
    public static byte[] LinkLayer(int interfaceIndex, ushort etherType, ReadOnlySpan<byte> hardwareAddress = default)
    {
        var sa = new byte[LinkLayerLength];
        BinaryPrimitives.WriteUInt16LittleEndian(sa, Posix.NativeNet.AF_PACKET);
        BinaryPrimitives.WriteUInt16BigEndian(sa.AsSpan(2), etherType);
        BinaryPrimitives.WriteInt32LittleEndian(sa.AsSpan(4), interfaceIndex);
        sa[11] = (byte)hardwareAddress.Length;
        hardwareAddress.CopyTo(sa.AsSpan(12));
        return sa;
    }

    /// <summary>struct sockaddr_in6 { u16 family; be16 port; u32 flowinfo; u8 addr[16]; u32 scope_id; }</summary>
    public static byte[] Inet6(IPAddress address, int scopeId)
    {
        var sa = new byte[Inet6Length];
        BinaryPrimitives.WriteUInt16LittleEndian(sa, Posix.NativeNet.AF_INET6);
        address.GetAddressBytes().CopyTo(sa, 8);
        BinaryPrimitives.WriteUInt32LittleEndian(sa.AsSpan(24), (uint)scopeId);
        return sa;
    }
}
