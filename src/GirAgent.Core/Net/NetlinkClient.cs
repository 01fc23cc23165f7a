using System.Net;
using System.Runtime.InteropServices;
using GirAgent.Posix;

namespace GirAgent.Net;

/// <summary>
/// An rtnetlink socket (NETLINK_ROUTE) in this process: reads links, addresses and routes and
/// adds or deletes addresses, as <c>ip</c> does but with no subprocess. Every wait is bounded by
/// the timeout given to it.
/// </summary>
internal sealed unsafe class NetlinkClient : IDisposable
{
    private const int BufferSize = 64 * 1024;
    private readonly int _fd;
    private readonly byte[] _buffer = new byte[BufferSize];
    private uint _sequence = (uint)Environment.TickCount;
    private long _deadline;

    private NetlinkClient(int fd, TimeSpan timeout)
    {
        _fd = fd;
        Timeout = timeout;
    }

    /// <summary>The longest one request may take.</summary>
    public TimeSpan Timeout { get; set; }

    public static NetlinkClient Open(TimeSpan timeout)
    {
        var fd = NativeNet.Socket(NativeNet.AF_NETLINK, NativeNet.SOCK_RAW | NativeNet.SOCK_CLOEXEC, NativeNet.NETLINK_ROUTE);
        if (fd < 0) throw Failure("cannot open an rtnetlink socket");
        NativeNet.SetIntOption(fd, NativeNet.SOL_NETLINK, NativeNet.NETLINK_CAP_ACK, 1);
        NativeNet.SetIntOption(fd, NativeNet.SOL_NETLINK, NativeNet.NETLINK_EXT_ACK, 1);
        Span<byte> address = stackalloc byte[12];
        address.Clear();
        address[0] = NativeNet.AF_NETLINK;
        fixed (byte* a = address)
        {
            if (NativeNet.Bind(fd, a, 12) != 0)
            {
                var failure = Failure("cannot bind an rtnetlink socket");
                NativeNet.Close(fd);
                throw failure;
            }
        }
        return new NetlinkClient(fd, timeout);
    }

    public List<InterfaceLink> Links() =>
        Dump(NetlinkRequests.DumpLinks(++_sequence)).Select(NetlinkParser.Link).OfType<InterfaceLink>().ToList();

    /// <summary>The interface named <paramref name="name"/>, or null when there is none.</summary>
    public InterfaceLink? Link(string name)
    {
        if (name.Length is 0 or > 15 || name.Contains('/') || name.Any(char.IsWhiteSpace)) return null;
        try
        {
            return Request(NetlinkRequests.GetLink(++_sequence, name), expectReply: true).Select(NetlinkParser.Link).OfType<InterfaceLink>().FirstOrDefault();
        }
        catch (NetlinkException e) when (e.Errno == NativeNet.ENODEV)
        {
            return null;
        }
    }

    public List<InterfaceAddress> Addresses(byte family) =>
        Dump(NetlinkRequests.DumpAddresses(++_sequence, family)).Select(NetlinkParser.Address).OfType<InterfaceAddress>().ToList();

    public List<InterfaceRoute> Routes(byte family) =>
        Dump(NetlinkRequests.DumpRoutes(++_sequence, family)).Select(NetlinkParser.Route).OfType<InterfaceRoute>().ToList();

    public void AddAddress(int interfaceIndex, IPAddress address, int prefixLength, NetlinkRequests.AddOptions options) =>
        Request(NetlinkRequests.AddAddress(++_sequence, interfaceIndex, address, prefixLength, options), expectReply: false);

    public void DeleteAddress(int interfaceIndex, IPAddress address, int prefixLength) =>
        Request(NetlinkRequests.DeleteAddress(++_sequence, interfaceIndex, address, prefixLength), expectReply: false);

    public void SetLinkUp(int interfaceIndex) =>
        Request(NetlinkRequests.SetLinkUp(++_sequence, interfaceIndex), expectReply: false);

    /// <summary>Sends a dump request and collects every message until NLMSG_DONE.</summary>
    private List<NetlinkMessage> Dump(byte[] request)
    {
        var sequence = Send(request);
        var result = new List<NetlinkMessage>();
        while (true)
        {
            foreach (var message in Receive())
            {
                if (message.Sequence != sequence) continue;
                if (message.Type == NetlinkConstants.NLMSG_DONE) return result;
                if (message.Type == NetlinkConstants.NLMSG_ERROR)
                {
                    var (errno, text) = NetlinkParser.Error(message);
                    if (errno == 0) return result;
                    throw Error(errno, text);
                }
                result.Add(message);
            }
        }
    }

    /// <summary>Sends a request with ACK and waits for it; returns the replies before the ACK.</summary>
    private List<NetlinkMessage> Request(byte[] request, bool expectReply)
    {
        var sequence = Send(request);
        var replies = new List<NetlinkMessage>();
        while (true)
        {
            foreach (var message in Receive())
            {
                if (message.Sequence != sequence) continue;
                if (message.Type == NetlinkConstants.NLMSG_ERROR)
                {
                    var (errno, text) = NetlinkParser.Error(message);
                    if (errno != 0) throw Error(errno, text);
                    return replies;
                }
                replies.Add(message);
                // a plain GET without ACK ends with its one reply
                if (expectReply && (message.Flags & NetlinkConstants.NLM_F_MULTI) == 0) return replies;
            }
        }
    }

    private uint Send(byte[] request)
    {
        _deadline = Environment.TickCount64 + (long)Math.Ceiling(Timeout.TotalMilliseconds);
        var sequence = System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(request.AsSpan(8));
        fixed (byte* p = request)
        {
            while (true)
            {
                var sent = NativeNet.SendTo(_fd, p, (nuint)request.Length, 0, null, 0);
                if (sent >= 0) return sequence;
                if (Marshal.GetLastPInvokeError() != NativeNet.EINTR) throw Failure("rtnetlink send failed");
            }
        }
    }

    private List<NetlinkMessage> Receive()
    {
        while (true)
        {
            var left = _deadline - Environment.TickCount64;
            if (left <= 0 || !NativeNet.WaitReadable(_fd, TimeSpan.FromMilliseconds(left)))
                throw new NetlinkException(110, $"rtnetlink did not answer within {Timeout.TotalMilliseconds:0} ms");
            nint received;
            fixed (byte* p = _buffer)
                received = NativeNet.ReceiveFrom(_fd, p, BufferSize, NativeNet.MSG_DONTWAIT, null, null);
            if (received > 0) return NetlinkParser.Messages(_buffer.AsMemory(0, (int)received).ToArray());
            var errno = Marshal.GetLastPInvokeError();
            if (received < 0 && errno is NativeNet.EINTR or NativeNet.EAGAIN) continue;
            throw Failure("rtnetlink receive failed");
        }
    }

    private static NetlinkException Error(int errno, string? text) =>
        new(errno, NativeNet.ErrorText(errno) + (string.IsNullOrEmpty(text) ? "" : ": " + text));

    private static NetlinkException Failure(string what)
    {
        var errno = Marshal.GetLastPInvokeError();
        return new NetlinkException(errno, $"{what}: {NativeNet.ErrorText(errno)}");
    }

    public void Dispose() => NativeNet.Close(_fd);
}
