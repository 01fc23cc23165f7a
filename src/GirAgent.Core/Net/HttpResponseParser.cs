using System.Globalization;
using System.Text;

namespace GirAgent.Net;

/// <summary>Parses a raw HTTP/1.x answer (status line, headers, body; chunked or not).</summary>
internal static class HttpResponseParser
{
    public static HttpProbeResponse Parse(Uri url, ReadOnlySpan<byte> raw)
    {
        // the header ends at the first empty line, CRLF or bare LF, whichever comes first
        var crlf = raw.IndexOf("\r\n\r\n"u8);
        var lf = raw.IndexOf("\n\n"u8);
        var headerEnd = crlf;
        var separator = 4;
        if (lf >= 0 && (crlf < 0 || lf < crlf))
        {
            headerEnd = lf;
            separator = 2;
        }
        if (headerEnd < 0)
            throw new HttpProbeException(raw.Length == 0
                ? $"{HttpProbe.Describe(url)}: the server closed the connection without answering"
                : $"{HttpProbe.Describe(url)}: incomplete or non-HTTP answer ({raw.Length} bytes)");

        var head = Encoding.Latin1.GetString(raw[..headerEnd]);
        var lines = head.Split('\n');
        var statusLine = lines[0].TrimEnd('\r');
        var parts = statusLine.Split(' ', 3);
        if (parts.Length < 2 || !parts[0].StartsWith("HTTP/", StringComparison.Ordinal)
            || parts[1].Length != 3 || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var status))
            throw new HttpProbeException($"{HttpProbe.Describe(url)}: not an HTTP answer");

        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 1; i < lines.Length; i++)
        {
            var line = lines[i].TrimEnd('\r');
            var colon = line.IndexOf(':');
            if (colon <= 0) continue;
            headers.TryAdd(line[..colon].Trim(), line[(colon + 1)..].Trim());
        }

        var body = raw[(headerEnd + separator)..];
        if (headers.TryGetValue("transfer-encoding", out var te) && te.Contains("chunked", StringComparison.OrdinalIgnoreCase))
            body = Dechunk(url, body);
        else if (headers.TryGetValue("content-length", out var cl) && long.TryParse(cl, NumberStyles.None, CultureInfo.InvariantCulture, out var length))
        {
            if (length > body.Length)
                throw new HttpProbeException($"{HttpProbe.Describe(url)}: truncated answer ({body.Length} of {length} bytes)");
            body = body[..(int)length];
        }

        return new HttpProbeResponse(url, status, parts.Length > 2 ? parts[2].Trim() : "", headers, Encoding.UTF8.GetString(body));
    }

    private static byte[] Dechunk(Uri url, ReadOnlySpan<byte> body)
    {
        var output = new List<byte>(body.Length);
        while (true)
        {
            var eol = body.IndexOf("\r\n"u8);
            if (eol < 0) throw new HttpProbeException($"{HttpProbe.Describe(url)}: truncated chunked answer");
            var sizeText = Encoding.ASCII.GetString(body[..eol]).Split(';')[0].Trim();
            if (!int.TryParse(sizeText, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var size) || size < 0)
                throw new HttpProbeException($"{HttpProbe.Describe(url)}: bad chunk size in answer");
            body = body[(eol + 2)..];
            if (size == 0) return output.ToArray();
            if (body.Length < size) throw new HttpProbeException($"{HttpProbe.Describe(url)}: truncated chunked answer");
            output.AddRange(body[..size]);
            body = body[size..];
            if (body.StartsWith("\r\n"u8)) body = body[2..];
        }
    }
}
