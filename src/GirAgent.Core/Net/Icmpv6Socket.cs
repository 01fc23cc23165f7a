using System.Net;
using System.Runtime.InteropServices;
using GirAgent.Posix;

namespace GirAgent.Net;

/// <summary>
/// An ICMPv6 raw socket that sends neighbour advertisements from an address on one interface
/// to all nodes (ff02::1), with hop limit 255 as RFC 4861 requires.
/// </summary>
internal sealed unsafe class Icmpv6Socket : IDisposable
{
    private readonly int _fd;
    private readonly byte[] _allNodes;

    private Icmpv6Socket(int fd, int interfaceIndex)
    {
        _fd = fd;
        _allNodes = RawSocketAddress.Inet6(Icmpv6NeighborAdvertisement.AllNodes, interfaceIndex);
    }

    /// <summary>Opens the socket bound to <paramref name="source"/> (which must be on the interface and no longer tentative).</summary>
    public static Icmpv6Socket Open(int interfaceIndex, IPAddress source)
    {
        var fd = NativeNet.Socket(NativeNet.AF_INET6, NativeNet.SOCK_RAW | NativeNet.SOCK_CLOEXEC, NativeNet.IPPROTO_ICMPV6);
        if (fd < 0) throw Failure("cannot open an ICMPv6 socket");
        try
        {
            if (NativeNet.SetIntOption(fd, NativeNet.IPPROTO_IPV6, NativeNet.IPV6_MULTICAST_HOPS, 255) != 0
                || NativeNet.SetIntOption(fd, NativeNet.IPPROTO_IPV6, NativeNet.IPV6_UNICAST_HOPS, 255) != 0
                || NativeNet.SetIntOption(fd, NativeNet.IPPROTO_IPV6, NativeNet.IPV6_MULTICAST_IF, interfaceIndex) != 0
                || NativeNet.SetIntOption(fd, NativeNet.IPPROTO_IPV6, NativeNet.IPV6_MULTICAST_LOOP, 0) != 0)
                throw Failure("cannot set the ICMPv6 socket options");
            var local = RawSocketAddress.Inet6(source, source.IsIPv6LinkLocal ? interfaceIndex : 0);
            fixed (byte* a = local)
                if (NativeNet.Bind(fd, a, (uint)local.Length) != 0) throw Failure($"cannot send from {source}");
            return new Icmpv6Socket(fd, interfaceIndex);
        }
        catch
        {
            NativeNet.Close(fd);
            throw;
        }
    }

    public void SendToAllNodes(byte[] message)
    {
        fixed (byte* p = message)
        fixed (byte* a = _allNodes)
        {
            if (NativeNet.SendTo(_fd, p, (nuint)message.Length, 0, a, (uint)_allNodes.Length) < 0)
                throw Failure("sending the neighbour advertisement failed");
        }
    }

    private static NetlinkException Failure(string what)
    {
        var errno = Marshal.GetLastPInvokeError();
        return new NetlinkException(errno, $"{what}: {NativeNet.ErrorText(errno)}");
    }

    public void Dispose() => NativeNet.Close(_fd);
}
