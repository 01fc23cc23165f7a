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

    /// <summary>Time between the probes of one burst: one lost frame does not hide a holder, and the burst costs no wait.</summary>
    public static readonly TimeSpan BurstGap = TimeSpan.FromMilliseconds(1);

    /// <summary>
    /// Probing as RFC 5227 describes it (sender 0.0.0.0), in a burst: <paramref name="probes"/> probes
    /// <see cref="BurstGap"/> apart, then listening until <paramref name="wait"/> has passed since the first.
    /// RFC 5227's own pacing (probes 1-2 s apart) is for hosts that join a network; a holder that is alive
    /// answers a probe within a millisecond, so the window only has to cover a busy holder, and a failover
    /// does not wait seconds for it. Returns the first message that shows another host holding (or probing
    /// for) <paramref name="ip"/>, or null when none came.
    /// </summary>
    /// <param name="holdersOnly">
    /// Count only hosts that answer as holders, not other hosts' probes: the holder itself asks (a monitor), and another
    /// node probing before it adds the address is no second holder (it hears this one and refuses).
    /// </param>
    public ArpPacket? Probe(IPAddress ip, byte[] ownMac, int probes, TimeSpan wait, bool holdersOnly = false)
    {
        var start = System.Diagnostics.Stopwatch.GetTimestamp();
        var probe = ArpPacket.Probe(ownMac, ip);
        for (var i = 0; i < probes; i++)
        {
            SendBroadcast(probe);
            if (i + 1 < probes && Listen(ip, ownMac, BurstGap, holdersOnly) is { } early) return early;
        }
        var left = wait - System.Diagnostics.Stopwatch.GetElapsedTime(start);
        return left > TimeSpan.Zero ? Listen(ip, ownMac, left, holdersOnly) : null;
    }

    /// <summary>Receives for <paramref name="time"/>: the first message that shows another host holding or probing for <paramref name="ip"/>.</summary>
    private ArpPacket? Listen(IPAddress ip, byte[] ownMac, TimeSpan time, bool holdersOnly)
    {
        var start = System.Diagnostics.Stopwatch.GetTimestamp();
        while (true)
        {
            var left = time - System.Diagnostics.Stopwatch.GetElapsedTime(start);
            if (left <= TimeSpan.Zero) return null;
            var packet = Receive(left);
            if (packet is not null && (holdersOnly ? packet.ShowsHolderOf(ip, ownMac) : packet.ShowsConflictFor(ip, ownMac))) return packet;
        }
    }

    private static NetlinkException Failure(string what)
    {
        var errno = Marshal.GetLastPInvokeError();
        return new NetlinkException(errno, $"{what}: {NativeNet.ErrorText(errno)}");
    }

    public void Dispose() => NativeNet.Close(_fd);
}
