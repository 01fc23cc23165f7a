using System.Net;

namespace GirAgent.Net;

/// <summary>
/// The ICMPv6 Neighbor Advertisement (RFC 4861 4.4) that announces an address: unsolicited
/// (S clear), override (O set), with the target link-layer address option. The checksum is left
/// zero: the kernel fills it in on an ICMPv6 raw socket.
/// </summary>
internal static class Icmpv6NeighborAdvertisement
{
    public const byte Type = 136;
    public const byte RouterFlag = 0x80, SolicitedFlag = 0x40, OverrideFlag = 0x20;
    public const int Length = 32;
    public static readonly IPAddress AllNodes = IPAddress.Parse("ff02::1");

    public static byte[] Build(IPAddress target, ReadOnlySpan<byte> mac, byte flags = OverrideFlag)
    {
        var p = new byte[Length];
        p[0] = Type;
        p[4] = flags;
        target.GetAddressBytes().CopyTo(p, 8);
        p[24] = 2;   // option: target link-layer address
        p[25] = 1;   // length in units of 8 bytes
        mac.CopyTo(p.AsSpan(26));
        return p;
    }
}
