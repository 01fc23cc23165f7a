using System.Net.Sockets;
using System.Text;

namespace GirAgent.Net;

/// <summary>HTTP/1.0 over the daemon's Unix socket: how `giragent status` and `giragent events` ask the daemon.</summary>
internal static class UnixHttp
{
    private const int MaxBytes = 64 * 1024 * 1024;

    public static HttpProbeResponse Send(string socketPath, string method, string pathAndQuery, string? body, TimeSpan timeout)
    {
        var url = new Uri("http://giragent" + pathAndQuery);
        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified)
        {
            ReceiveTimeout = (int)timeout.TotalMilliseconds,
            SendTimeout = (int)timeout.TotalMilliseconds,
        };
        try
        {
            socket.Connect(new UnixDomainSocketEndPoint(socketPath));
            var content = body is null ? [] : Encoding.UTF8.GetBytes(body);
            var head = $"{method} {pathAndQuery} HTTP/1.0\r\nHost: giragent\r\nConnection: close\r\n" +
                (body is null ? "" : $"Content-Type: application/json\r\nContent-Length: {content.Length}\r\n") + "\r\n";
            try
            {
                socket.Send(Encoding.ASCII.GetBytes(head));
                if (content.Length > 0) socket.Send(content);
            }
            catch (SocketException e) when (e.SocketErrorCode is SocketError.Shutdown or SocketError.ConnectionReset or SocketError.ConnectionAborted)
            {
                // the daemon answered before it read the whole body (413: too large) and closed: its answer is still
                // ours to read, and it is the reason; only without one is this the failure
            }
            using var received = new MemoryStream();
            var buffer = new byte[64 * 1024];
            int n;
            while ((n = socket.Receive(buffer)) > 0)
            {
                received.Write(buffer, 0, n);
                if (received.Length > MaxBytes) throw new HttpProbeException($"{socketPath}: answer larger than {MaxBytes / 1024 / 1024} MiB");
            }
            if (received.Length == 0) throw new HttpProbeException($"{socketPath}: the daemon closed the connection without an answer");
            return HttpResponseParser.Parse(url, received.ToArray());
        }
        catch (SocketException e)
        {
            throw new HttpProbeException($"{socketPath}: {e.Message}");
        }
    }
}
