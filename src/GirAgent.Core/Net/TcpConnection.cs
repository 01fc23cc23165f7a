using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using GirAgent.Posix;
using GirAgent.Time;

namespace GirAgent.Net;

/// <summary>
/// A TCP connection on a plain file descriptor, every connect, read and write bounded by a
/// deadline through poll(2). It exists because System.Net.Sockets starts its epoll engine thread
/// on the first socket, which a monitor (a process that lives a few milliseconds) pays for on
/// every run; see docs/decisions.md. A <see cref="Stream"/>, so SslStream can run over it.
/// </summary>
internal sealed class TcpConnection : Stream
{
    private int _fd;
    private readonly Deadline _deadline;
    private readonly string _peer;

    private TcpConnection(int fd, Deadline deadline, string peer)
    {
        _fd = fd;
        _deadline = deadline;
        _peer = peer;
    }

    /// <summary>Connects within <paramref name="connectTimeout"/> (and the deadline); throws <see cref="HttpProbeException"/> saying why not.</summary>
    public static unsafe TcpConnection Connect(IPAddress address, int port, TimeSpan connectTimeout, Deadline deadline)
    {
        var peer = address.AddressFamily == AddressFamily.InterNetworkV6 ? $"[{address}]:{port}" : $"{address}:{port}";
        var family = address.AddressFamily == AddressFamily.InterNetworkV6 ? Native.AF_INET6 : Native.AF_INET;
        var fd = Native.Socket(family, Native.SOCK_STREAM | Native.SOCK_NONBLOCK | Native.SOCK_CLOEXEC, 0);
        if (fd < 0) throw new HttpProbeException($"connect to {peer}: socket: {Native.ErrorText(Marshal.GetLastPInvokeError())}");
        try
        {
            var sockaddr = SocketAddressBytes(address, port);
            int rc;
            fixed (byte* p = sockaddr) rc = Native.Connect(fd, p, sockaddr.Length);
            if (rc != 0)
            {
                var errno = Marshal.GetLastPInvokeError();
                if (errno != Native.EINPROGRESS) throw new HttpProbeException($"connect to {peer}: {Describe(errno)}");
                var wait = deadline.AtMost(connectTimeout);
                if (Native.WaitFor(fd, Native.POLLOUT, wait) == 0)
                    throw new HttpProbeException($"connect to {peer} timed out after {wait.TotalSeconds:0.#}s");
                int error = 0, length = sizeof(int);
                Native.GetSockOpt(fd, Native.SOL_SOCKET, Native.SO_ERROR, &error, &length);
                if (error != 0) throw new HttpProbeException($"connect to {peer}: {Describe(error)}");
            }
            int one = 1;
            Native.SetSockOpt(fd, Native.IPPROTO_TCP, Native.TCP_NODELAY, &one, sizeof(int));
            return new TcpConnection(fd, deadline, peer);
        }
        catch
        {
            Native.Close(fd);
            throw;
        }
    }

    public override unsafe int Read(Span<byte> buffer)
    {
        if (buffer.Length == 0) return 0;
        while (true)
        {
            nint n;
            fixed (byte* p = buffer) n = Native.Recv(_fd, p, (nuint)buffer.Length, 0);
            if (n >= 0) return (int)n;
            var errno = Marshal.GetLastPInvokeError();
            if (errno == Native.EINTR) continue;
            if (errno != Native.EAGAIN) throw new IOException($"{_peer}: {Describe(errno)}");
            if (_deadline.IsExpired || Native.WaitFor(_fd, Native.POLLIN, _deadline.Remaining) == 0)
                throw new TimeoutException($"{_peer}: read timed out");
        }
    }

    public override unsafe void Write(ReadOnlySpan<byte> buffer)
    {
        while (buffer.Length > 0)
        {
            nint n;
            fixed (byte* p = buffer) n = Native.Send(_fd, p, (nuint)buffer.Length, Native.MSG_NOSIGNAL);
            if (n >= 0) { buffer = buffer[(int)n..]; continue; }
            var errno = Marshal.GetLastPInvokeError();
            if (errno == Native.EINTR) continue;
            if (errno != Native.EAGAIN) throw new IOException($"{_peer}: {Describe(errno)}");
            if (_deadline.IsExpired || Native.WaitFor(_fd, Native.POLLOUT, _deadline.Remaining) == 0)
                throw new TimeoutException($"{_peer}: write timed out");
        }
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));
    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));
    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        Task.FromResult(Read(buffer.AsSpan(offset, count)));
    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(Read(buffer.Span));
    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
    {
        Write(buffer.AsSpan(offset, count));
        return Task.CompletedTask;
    }
    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        Write(buffer.Span);
        return ValueTask.CompletedTask;
    }

    public override void Flush() { }
    public override bool CanRead => true;
    public override bool CanWrite => true;
    public override bool CanSeek => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        var fd = Interlocked.Exchange(ref _fd, -1);
        if (fd >= 0) Native.Close(fd);
        base.Dispose(disposing);
    }

    internal static byte[] SocketAddressBytes(IPAddress address, int port)
    {
        if (address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            // struct sockaddr_in6 { u16 family; u16 port (BE); u32 flowinfo; u8 addr[16]; u32 scope_id; }
            var b = new byte[28];
            BitConverter.TryWriteBytes(b.AsSpan(0, 2), (ushort)Native.AF_INET6);
            b[2] = (byte)(port >> 8); b[3] = (byte)port;
            address.GetAddressBytes().CopyTo(b, 8);
            BitConverter.TryWriteBytes(b.AsSpan(24, 4), (uint)address.ScopeId);
            return b;
        }
        // struct sockaddr_in { u16 family; u16 port (BE); u8 addr[4]; u8 zero[8]; }
        var a = new byte[16];
        BitConverter.TryWriteBytes(a.AsSpan(0, 2), (ushort)Native.AF_INET);
        a[2] = (byte)(port >> 8); a[3] = (byte)port;
        address.MapToIPv4().GetAddressBytes().CopyTo(a, 4);
        return a;
    }

    private static string Describe(int errno) => errno switch
    {
        111 => "connection refused",
        110 => "timed out",
        113 => "host unreachable",
        101 => "network unreachable",
        99 => "address not available",
        104 => "connection reset",
        _ => Native.ErrorText(errno),
    };
}
