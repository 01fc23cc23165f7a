using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace GirAgent.Net;

/// <summary>
/// When a listener stops taking connections: after httpd's master died its workers may keep the listening socket
/// (and serve) until they notice or the stop kills them; the first refused connect is when clients lost it.
/// </summary>
internal static class ListenerProbe
{
    /// <summary>
    /// Connects to <paramref name="endpoint"/> every <paramref name="step"/> until a connect fails, for at most
    /// <paramref name="within"/>; returns how long after the call the first failure came, or null when every connect
    /// was taken (the gap, if any, fell between two tries).
    /// </summary>
    public static TimeSpan? FirstRefusal(IPEndPoint endpoint, TimeSpan within, TimeSpan step)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < within)
        {
            if (!Connects(endpoint)) return clock.Elapsed;
            Thread.Sleep(step);
        }
        return null;
    }

    /// <summary>
    /// One connect, non-blocking and waited for with poll(2) on this thread (no thread pool: the probe runs while the
    /// daemon is busiest); a listener that does not complete the handshake within 200 ms serves nobody.
    /// </summary>
    private static bool Connects(IPEndPoint endpoint)
    {
        using var socket = new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { Blocking = false };
        try
        {
            socket.Connect(endpoint);
            return true;
        }
        catch (SocketException e) when (e.SocketErrorCode is SocketError.WouldBlock or SocketError.InProgress)
        {
            return socket.Poll(TimeSpan.FromMilliseconds(200), SelectMode.SelectWrite)
                && (int)socket.GetSocketOption(SocketOptionLevel.Socket, SocketOptionName.Error)! == 0;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    /// <summary>The endpoint of an http(s) URL whose host is an IP address or localhost; null otherwise.</summary>
    public static IPEndPoint? EndpointOf(Uri url)
    {
        var host = url.Host.Trim('[', ']');
        var address = host.Equals("localhost", StringComparison.OrdinalIgnoreCase) ? IPAddress.Loopback
            : IPAddress.TryParse(host, out var parsed) ? parsed : null;
        return address is null ? null : new IPEndPoint(address, url.Port);
    }
}
