using System.Buffers.Binary;
using System.Text;

namespace GirAgent.Net;

/// <summary>
/// Builds one netlink message: the 16-byte header, the family header (ifaddrmsg, ifinfomsg,
/// rtmsg) and 4-byte aligned attributes, in host (little-endian) byte order as the kernel wants.
/// </summary>
internal sealed class NetlinkMessageWriter
{
    private readonly List<byte> _bytes = new(128);

    public NetlinkMessageWriter(ushort type, ushort flags, uint sequence)
    {
        Span<byte> header = stackalloc byte[NetlinkConstants.HeaderLength];
        BinaryPrimitives.WriteUInt16LittleEndian(header[4..], type);
        BinaryPrimitives.WriteUInt16LittleEndian(header[6..], flags);
        BinaryPrimitives.WriteUInt32LittleEndian(header[8..], sequence);
        _bytes.AddRange(header.ToArray());
    }

    public NetlinkMessageWriter Bytes(ReadOnlySpan<byte> data)
    {
        foreach (var b in data) _bytes.Add(b);
        return this;
    }

    public NetlinkMessageWriter Attribute(ushort type, ReadOnlySpan<byte> value)
    {
        Span<byte> header = stackalloc byte[4];
        BinaryPrimitives.WriteUInt16LittleEndian(header, (ushort)(4 + value.Length));
        BinaryPrimitives.WriteUInt16LittleEndian(header[2..], type);
        Bytes(header).Bytes(value);
        while (_bytes.Count % 4 != 0) _bytes.Add(0);
        return this;
    }

    public NetlinkMessageWriter Attribute(ushort type, uint value)
    {
        Span<byte> data = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(data, value);
        return Attribute(type, data);
    }

    /// <summary>A NUL-terminated string attribute (IFA_LABEL, IFLA_IFNAME).</summary>
    public NetlinkMessageWriter Attribute(ushort type, string value)
    {
        var bytes = Encoding.UTF8.GetBytes(value + "\0");
        return Attribute(type, bytes);
    }

    public byte[] ToArray()
    {
        var result = _bytes.ToArray();
        BinaryPrimitives.WriteUInt32LittleEndian(result, (uint)result.Length);
        return result;
    }
}
