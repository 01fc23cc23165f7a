using System.Buffers.Binary;
using System.Net;

namespace GirAgent.Net;

/// <summary>
/// An Ethernet/IPv4 ARP message (RFC 826): the 28 bytes after the Ethernet header. Builds the
/// RFC 5227 probe and the gratuitous request and reply that resource-agents' send_arp sends.
/// </summary>
internal sealed record ArpPacket(ushort Operation, byte[] SenderMac, IPAddress SenderIp, byte[] TargetMac, IPAddress TargetIp)
{
    public const ushort EtherType = 0x0806;
    public const ushort Request = 1, Reply = 2;
    public const int Length = 28;

    public static readonly byte[] BroadcastMac = [0xff, 0xff, 0xff, 0xff, 0xff, 0xff];
    private static readonly byte[] ZeroMac = new byte[6];

    /// <summary>RFC 5227 probe: "who has IP", sender IP 0.0.0.0 so that no cache learns anything from it.</summary>
    public static ArpPacket Probe(byte[] mac, IPAddress ip) => new(Request, mac, IPAddress.Any, ZeroMac, ip);

    /// <summary>Gratuitous request: sender and target IP both the address, target MAC zero.</summary>
    public static ArpPacket GratuitousRequest(byte[] mac, IPAddress ip) => new(Request, mac, ip, ZeroMac, ip);

    /// <summary>Gratuitous reply: sender and target are both this host.</summary>
    public static ArpPacket GratuitousReply(byte[] mac, IPAddress ip) => new(Reply, mac, ip, mac, ip);

    public byte[] ToBytes()
    {
        var p = new byte[Length];
        BinaryPrimitives.WriteUInt16BigEndian(p, 1);            // hardware type: Ethernet
        BinaryPrimitives.WriteUInt16BigEndian(p.AsSpan(2), 0x0800); // protocol: IPv4
        p[4] = 6;
        p[5] = 4;
        BinaryPrimitives.WriteUInt16BigEndian(p.AsSpan(6), Operation);
        SenderMac.CopyTo(p, 8);
        SenderIp.GetAddressBytes().CopyTo(p, 14);
        TargetMac.CopyTo(p, 18);
        TargetIp.GetAddressBytes().CopyTo(p, 24);
        return p;
    }

    /// <summary>The ARP message in <paramref name="bytes"/>, or null when it is not Ethernet/IPv4 ARP.</summary>
    public static ArpPacket? Parse(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length < Length) return null;
        if (BinaryPrimitives.ReadUInt16BigEndian(bytes) != 1 || BinaryPrimitives.ReadUInt16BigEndian(bytes[2..]) != 0x0800 || bytes[4] != 6 || bytes[5] != 4)
            return null;
        return new ArpPacket(BinaryPrimitives.ReadUInt16BigEndian(bytes[6..]), bytes[8..14].ToArray(), new IPAddress(bytes[14..18]),
            bytes[18..24].ToArray(), new IPAddress(bytes[24..28]));
    }

    /// <summary>
    /// Whether this message, seen while probing for <paramref name="ip"/>, shows another host
    /// holding or claiming it (RFC 5227 2.1.1): any ARP whose sender IP is the address, or another
    /// host's probe for the same address. Our own messages (<paramref name="ownMac"/>) never count.
    /// </summary>
    /// <summary>Another host says it holds <paramref name="ip"/> (an ARP message with it as sender address, not a probe).</summary>
    public bool ShowsHolderOf(IPAddress ip, ReadOnlySpan<byte> ownMac) =>
        !SenderMac.AsSpan().SequenceEqual(ownMac) && SenderIp.Equals(ip);

    public bool ShowsConflictFor(IPAddress ip, ReadOnlySpan<byte> ownMac)
    {
        if (SenderMac.AsSpan().SequenceEqual(ownMac)) return false;
        if (SenderIp.Equals(ip)) return true;
        return Operation == Request && SenderIp.Equals(IPAddress.Any) && TargetIp.Equals(ip);
    }

    public string SenderMacText => string.Join(':', SenderMac.Select(b => b.ToString("x2", System.Globalization.CultureInfo.InvariantCulture)));
}
