using System.Net;
using System.Net.Security;
using System.Text;
using GirAgent.Time;

namespace GirAgent.Net;

/// <summary>
/// A small, synchronous HTTP/1.0 GET client for health checks: bounded connect and read times
/// inside the operation's deadline, a cap on the answer's size, HTTP and HTTPS (OpenSSL loaded at
/// run time), optional certificate verification, and a few redirects as curl -L follows them.
/// Built on <see cref="TcpConnection"/> so that a monitor pays no HttpClient or socket-engine start-up.
/// </summary>
internal static class HttpProbe
{
    public const int DefaultMaxBytes = 8 * 1024 * 1024;
    private const int MaxRedirects = 5;
    private static readonly string UserAgent = "giragent/" + (typeof(HttpProbe).Assembly.GetName().Version?.ToString(3) ?? "0");

    public sealed record Options(TimeSpan ConnectTimeout, bool VerifyTls = false, int MaxBytes = DefaultMaxBytes);

    public static HttpProbeResponse Get(Uri url, Deadline deadline, Options options)
    {
        for (var hop = 0; ; hop++)
        {
            var response = GetOnce(url, deadline, options);
            if (response.StatusCode is 301 or 302 or 303 or 307 or 308 && hop < MaxRedirects
                && response.Headers.TryGetValue("location", out var location)
                && Uri.TryCreate(url, location, out var next) && next.Scheme is "http" or "https")
            {
                url = next;
                continue;
            }
            return response;
        }
    }

    private static HttpProbeResponse GetOnce(Uri url, Deadline deadline, Options options)
    {
        if (url.Scheme is not ("http" or "https"))
            throw new HttpProbeException($"{url}: only http and https URLs can be checked");
        var addresses = Resolve(url.IdnHost, deadline);
        using var connection = Connect(url, addresses, deadline, options.ConnectTimeout);
        Stream stream = connection;
        SslStream? tls = null;
        try
        {
            if (url.Scheme == "https")
            {
                tls = new SslStream(connection, leaveInnerStreamOpen: true,
                    options.VerifyTls ? null : static (_, _, _, _) => true);
                try
                {
                    tls.AuthenticateAsClient(new SslClientAuthenticationOptions
                    {
                        TargetHost = url.IdnHost,
                        CertificateRevocationCheckMode = System.Security.Cryptography.X509Certificates.X509RevocationMode.NoCheck,
                    });
                }
                catch (Exception e) when (e is IOException or System.Security.Authentication.AuthenticationException or TimeoutException)
                {
                    throw new HttpProbeException($"{Describe(url)}: TLS handshake failed: {Inner(e)}");
                }
                stream = tls;
            }

            try
            {
                stream.Write(BuildRequest(url));
                stream.Flush();
            }
            catch (Exception e) when (e is IOException or TimeoutException)
            {
                throw new HttpProbeException($"{Describe(url)}: sending the request failed: {Inner(e)}");
            }
            var raw = ReadAll(stream, deadline, url, options.MaxBytes);
            return HttpResponseParser.Parse(url, raw);
        }
        finally
        {
            tls?.Dispose();
        }
    }

    private static byte[] BuildRequest(Uri url)
    {
        var sb = new StringBuilder(256);
        sb.Append("GET ").Append(url.PathAndQuery).Append(" HTTP/1.0\r\n");
        sb.Append("Host: ").Append(url.IsDefaultPort ? url.Host : url.Authority).Append("\r\n");
        sb.Append("User-Agent: ").Append(UserAgent).Append("\r\n");
        sb.Append("Accept: */*\r\nConnection: close\r\n");
        if (!string.IsNullOrEmpty(url.UserInfo))
        {
            var credentials = Uri.UnescapeDataString(url.UserInfo);
            sb.Append("Authorization: Basic ").Append(Convert.ToBase64String(Encoding.UTF8.GetBytes(credentials))).Append("\r\n");
        }
        sb.Append("\r\n");
        return Encoding.ASCII.GetBytes(sb.ToString());
    }

    private static IPAddress[] Resolve(string host, Deadline deadline)
    {
        if (IPAddress.TryParse(host.Trim('[', ']'), out var literal)) return [literal];
        if (string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase) || host.EndsWith(".localhost", StringComparison.OrdinalIgnoreCase))
            return [IPAddress.Loopback, IPAddress.IPv6Loopback];
        try
        {
            var task = Dns.GetHostAddressesAsync(host);
            if (!task.Wait(deadline.Remaining))
                throw new HttpProbeException($"{host}: name lookup timed out");
            if (task.Result.Length == 0) throw new HttpProbeException($"{host}: name has no address");
            return task.Result;
        }
        catch (AggregateException e)
        {
            throw new HttpProbeException($"{host}: name lookup failed: {Inner(e)}");
        }
    }

    private static TcpConnection Connect(Uri url, IPAddress[] addresses, Deadline deadline, TimeSpan connectTimeout)
    {
        HttpProbeException? last = null;
        foreach (var address in addresses)
        {
            if (deadline.IsExpired) break;
            try
            {
                return TcpConnection.Connect(address, url.Port, connectTimeout, deadline);
            }
            catch (HttpProbeException e)
            {
                last = e;
            }
        }
        throw new HttpProbeException($"{Describe(url)}: {last?.Message ?? "no time left to connect"}");
    }

    private static byte[] ReadAll(Stream stream, Deadline deadline, Uri url, int maxBytes)
    {
        var buffer = new byte[16 * 1024];
        using var result = new MemoryStream();
        while (true)
        {
            int n;
            try
            {
                n = stream.Read(buffer, 0, buffer.Length);
            }
            catch (TimeoutException)
            {
                throw new HttpProbeException($"{Describe(url)}: no complete answer within {deadline.Budget.TotalSeconds:0.#}s");
            }
            catch (IOException e) when (e.InnerException is TimeoutException)
            {
                throw new HttpProbeException($"{Describe(url)}: no complete answer within {deadline.Budget.TotalSeconds:0.#}s");
            }
            catch (IOException e)
            {
                if (result.Length > 0) break; // a reset after the answer: the parser judges what came
                throw new HttpProbeException($"{Describe(url)}: reading the answer failed: {Inner(e)}");
            }
            if (n == 0) break;
            if (result.Length + n > maxBytes)
                throw new HttpProbeException($"{Describe(url)}: answer larger than {maxBytes / 1024} KiB");
            result.Write(buffer, 0, n);
        }
        return result.ToArray();
    }

    internal static string Describe(Uri url) => url.GetLeftPart(UriPartial.Path);

    private static string Inner(Exception e)
    {
        while (e.InnerException is not null && (e is AggregateException || e.Message.Length == 0 || e is IOException)) e = e.InnerException;
        return e.Message;
    }
}
