using System.Buffers.Binary;
using System.Net;
using System.Text;
using static GirAgent.Net.NetlinkConstants;

namespace GirAgent.Net;

/// <summary>One netlink message in a received buffer.</summary>
internal readonly record struct NetlinkMessage(ushort Type, ushort Flags, uint Sequence, ReadOnlyMemory<byte> Payload);

/// <summary>
/// Decodes what rtnetlink answers: messages in a buffer, their attributes, and the links,
/// addresses, routes and errors they describe. Pure functions over bytes; malformed input ends
/// the walk instead of reading past it.
/// </summary>
internal static class NetlinkParser
{
    public static List<NetlinkMessage> Messages(ReadOnlyMemory<byte> buffer)
    {
        var messages = new List<NetlinkMessage>();
        var offset = 0;
        var span = buffer.Span;
        while (offset + HeaderLength <= span.Length)
        {
            var length = (int)BinaryPrimitives.ReadUInt32LittleEndian(span[offset..]);
            if (length < HeaderLength || offset + length > span.Length) break;
            messages.Add(new NetlinkMessage(
                BinaryPrimitives.ReadUInt16LittleEndian(span[(offset + 4)..]),
                BinaryPrimitives.ReadUInt16LittleEndian(span[(offset + 6)..]),
                BinaryPrimitives.ReadUInt32LittleEndian(span[(offset + 8)..]),
                buffer.Slice(offset + HeaderLength, length - HeaderLength)));
            offset += Align(length);
        }
        return messages;
    }

    /// <summary>The attributes (type without the nested/byte-order bits, value) that follow a family header of <paramref name="skip"/> bytes.</summary>
    public static List<(ushort Type, ReadOnlyMemory<byte> Value)> Attributes(ReadOnlyMemory<byte> payload, int skip)
    {
        var result = new List<(ushort, ReadOnlyMemory<byte>)>();
        var offset = Align(skip);
        var span = payload.Span;
        while (offset + 4 <= span.Length)
        {
            var length = BinaryPrimitives.ReadUInt16LittleEndian(span[offset..]);
            var type = (ushort)(BinaryPrimitives.ReadUInt16LittleEndian(span[(offset + 2)..]) & 0x3FFF);
            if (length < 4 || offset + length > span.Length) break;
            result.Add((type, payload.Slice(offset + 4, length - 4)));
            offset += Align(length);
        }
        return result;
    }

    /// <summary>The errno of an NLMSG_ERROR (0 for an acknowledgement) and the kernel's extended-ack message, if any.</summary>
    public static (int Errno, string? Message) Error(NetlinkMessage message)
    {
        var span = message.Payload.Span;
        if (span.Length < 4) return (0, null);
        var error = -BinaryPrimitives.ReadInt32LittleEndian(span);
        string? text = null;
        if ((message.Flags & NLM_F_ACK_TLVS) != 0 && span.Length >= 4 + HeaderLength)
        {
            // with NETLINK_CAP_ACK only the header of the request is echoed; with TLVs after it
            var echoed = (message.Flags & 0x100) != 0 ? HeaderLength : (int)BinaryPrimitives.ReadUInt32LittleEndian(span[4..]);
            foreach (var (type, value) in Attributes(message.Payload, 4 + echoed))
                if (type == NLMSGERR_ATTR_MSG) text = CString(value.Span);
        }
        return (error, text);
    }

    public static InterfaceLink? Link(NetlinkMessage message)
    {
        if (message.Type != RTM_NEWLINK || message.Payload.Length < 16) return null;
        var span = message.Payload.Span;
        var type = BinaryPrimitives.ReadUInt16LittleEndian(span[2..]);
        var index = BinaryPrimitives.ReadInt32LittleEndian(span[4..]);
        var flags = BinaryPrimitives.ReadUInt32LittleEndian(span[8..]);
        string name = "";
        byte[] mac = [];
        byte oper = 0;
        foreach (var (attr, value) in Attributes(message.Payload, 16))
        {
            switch (attr)
            {
                case IFLA_IFNAME: name = CString(value.Span); break;
                case IFLA_ADDRESS: mac = value.ToArray(); break;
                case IFLA_OPERSTATE when value.Length >= 1: oper = value.Span[0]; break;
            }
        }
        return new InterfaceLink(index, name, flags, type, mac, oper);
    }

    public static InterfaceAddress? Address(NetlinkMessage message)
    {
        if (message.Type != RTM_NEWADDR || message.Payload.Length < 8) return null;
        var span = message.Payload.Span;
        var family = span[0];
        var prefix = span[1];
        uint flags = span[2];
        var scope = span[3];
        var index = BinaryPrimitives.ReadInt32LittleEndian(span[4..]);
        IPAddress? local = null, address = null, broadcast = null;
        string? label = null;
        foreach (var (attr, value) in Attributes(message.Payload, 8))
        {
            switch (attr)
            {
                case IFA_LOCAL: local = ToAddress(family, value.Span); break;
                case IFA_ADDRESS: address = ToAddress(family, value.Span); break;
                case IFA_BROADCAST: broadcast = ToAddress(family, value.Span); break;
                case IFA_LABEL: label = CString(value.Span); break;
                case IFA_FLAGS when value.Length >= 4: flags = BinaryPrimitives.ReadUInt32LittleEndian(value.Span); break;
            }
        }
        // IPv4 reports the interface's own address in IFA_LOCAL (IFA_ADDRESS is the peer on point-to-point links)
        var own = local ?? address;
        return own is null ? null : new InterfaceAddress(index, own, prefix, flags, scope, label, broadcast);
    }

    public static InterfaceRoute? Route(NetlinkMessage message)
    {
        if (message.Type != RTM_NEWROUTE || message.Payload.Length < 12) return null;
        var span = message.Payload.Span;
        var family = span[0];
        var dstLength = span[1];
        var table = span[4];
        var scope = span[6];
        var type = span[7];
        IPAddress? dst = null, source = null, gateway = null;
        int? oif = null;
        foreach (var (attr, value) in Attributes(message.Payload, 12))
        {
            switch (attr)
            {
                case RTA_DST: dst = ToAddress(family, value.Span); break;
                case RTA_OIF when value.Length >= 4: oif = BinaryPrimitives.ReadInt32LittleEndian(value.Span); break;
                case RTA_PREFSRC: source = ToAddress(family, value.Span); break;
                case RTA_GATEWAY: gateway = ToAddress(family, value.Span); break;
                case RTA_TABLE when value.Length >= 4: table = (byte)Math.Min(BinaryPrimitives.ReadUInt32LittleEndian(value.Span), 255u); break;
            }
        }
        return new InterfaceRoute(family, table, scope, type, dst, dstLength, oif, source, gateway);
    }

    private static IPAddress? ToAddress(byte family, ReadOnlySpan<byte> bytes) =>
        (family == AF_INET && bytes.Length == 4) || (family == AF_INET6 && bytes.Length == 16) ? new IPAddress(bytes) : null;

    private static string CString(ReadOnlySpan<byte> bytes)
    {
        var end = bytes.IndexOf((byte)0);
        return Encoding.UTF8.GetString(end >= 0 ? bytes[..end] : bytes);
    }

    private static int Align(int length) => (length + 3) & ~3;
}
