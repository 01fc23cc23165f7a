using System.Net;
using System.Runtime.InteropServices;
using GirAgent.Posix;

namespace GirAgent.Net;

/// <summary>
/// An AF_PACKET datagram socket for ARP on one interface: sends ARP messages to the Ethernet
/// broadcast address (the kernel adds the Ethernet header) and receives the ARP others send.
/// </summary>
internal sealed unsafe class ArpSocket : IDisposable
{
    private readonly int _fd;
    private readonly byte[] _broadcast;

    private ArpSocket(int fd, int interfaceIndex)
    {
        _fd = fd;
        _broadcast = RawSocketAddress.LinkLayer(interfaceIndex, ArpPacket.EtherType, ArpPacket.BroadcastMac);
    }

    public static ArpSocket Open(int interfaceIndex)
    {
        var fd = NativeNet.Socket(NativeNet.AF_PACKET, NativeNet.SOCK_DGRAM | NativeNet.SOCK_CLOEXEC, System.Buffers.Binary.BinaryPrimitives.ReverseEndianness(ArpPacket.EtherType));
        if (fd < 0) throw Failure("cannot open an ARP socket");
        var local = RawSocketAddress.LinkLayer(interfaceIndex, ArpPacket.EtherType);
        fixed (byte* a = local)
        {
            if (NativeNet.Bind(fd, a, (uint)local.Length) != 0)
            {
                var failure = Failure("cannot bind the ARP socket");
                NativeNet.Close(fd);
                throw failure;
            }
        }
        return new ArpSocket(fd, interfaceIndex);
    }

    public void SendBroadcast(ArpPacket packet)
    {
        var bytes = packet.ToBytes();
        fixed (byte* p = bytes)
        fixed (byte* a = _broadcast)
        {
            if (NativeNet.SendTo(_fd, p, (nuint)bytes.Length, 0, a, (uint)_broadcast.Length) < 0)
                throw Failure("sending ARP failed");
        }
    }

    /// <summary>The next ARP message another host sent, or null when none came within <paramref name="timeout"/>.</summary>
    public ArpPacket? Receive(TimeSpan timeout)
    {
        var end = Environment.TickCount64 + (long)Math.Ceiling(timeout.TotalMilliseconds);
        Span<byte> buffer = stackalloc byte[128];
        Span<byte> from = stackalloc byte[RawSocketAddress.LinkLayerLength];
        while (true)
        {
            var left = end - Environment.TickCount64;
            if (left <= 0 || !NativeNet.WaitReadable(_fd, TimeSpan.FromMilliseconds(left))) return null;
            uint fromLength = (uint)from.Length;
            nint received;
            fixed (byte* p = buffer)
            fixed (byte* f = from)
                received = NativeNet.ReceiveFrom(_fd, p, (nuint)buffer.Length, NativeNet.MSG_DONTWAIT, f, &fromLength);
            if (received < 0)
            {
                var errno = Marshal.GetLastPInvokeError();
                if (errno is NativeNet.EINTR or NativeNet.EAGAIN) continue;
                throw Failure("receiving ARP failed");
            }
            if (from[10] == RawSocketAddress.PACKET_OUTGOING) continue;
            if (ArpPacket.Parse(buffer[..(int)received]) is { } packet) return packet;
        }
    }

    /// <summary>
    /// RFC 5227 probing: <paramref name="probes"/> probes spread over <paramref name="wait"/>,
    /// listening all along. Returns the first message that shows another host holding (or
    /// probing for) <paramref name="ip"/>, or null when none came.
    /// </summary>
    public ArpPacket? Probe(IPAddress ip, byte[] ownMac, int probes, TimeSpan wait)
    {
        var start = Environment.TickCount64;
        var total = (long)wait.TotalMilliseconds;
        var probe = ArpPacket.Probe(ownMac, ip);
        for (var i = 0; i < probes; i++)
        {
            SendBroadcast(probe);
            var nextAt = i + 1 < probes ? start + total * (i + 1) / probes : start + total;
            while (true)
            {
                var left = nextAt - Environment.TickCount64;
                if (left <= 0) break;
                var packet = Receive(TimeSpan.FromMilliseconds(left));
                if (packet is not null && packet.ShowsConflictFor(ip, ownMac)) return packet;
            }
        }
        return null;
    }

    private static NetlinkException Failure(string what)
    {
        var errno = Marshal.GetLastPInvokeError();
        return new NetlinkException(errno, $"{what}: {NativeNet.ErrorText(errno)}");
    }

    public void Dispose() => NativeNet.Close(_fd);
}
