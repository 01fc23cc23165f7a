using System.Text;
using GirAgent.Net;

namespace GirAgent.Tests.Net;

public sealed class HttpResponseParserTests
{
    private static readonly Uri Url = new("http://localhost:8080/server-status?auto");

    private static HttpProbeResponse Parse(string raw) => HttpResponseParser.Parse(Url, Encoding.UTF8.GetBytes(raw));

    private static HttpProbeException Rejects(string raw) =>
        Assert.Throws<HttpProbeException>(() => HttpResponseParser.Parse(Url, Encoding.UTF8.GetBytes(raw)));

    [Fact]
    public void A_plain_answer_gives_status_reason_headers_and_body()
    {
        var response = Parse("HTTP/1.1 200 OK\r\nContent-Type: text/plain; charset=ISO-8859-1\r\nContent-Length: 15\r\n\r\nBusyWorkers: 1\n");

        Assert.Equal(200, response.StatusCode);
        Assert.Equal("OK", response.Reason);
        Assert.Equal("text/plain; charset=ISO-8859-1", response.Headers["content-type"]);
        Assert.Equal("BusyWorkers: 1\n", response.Body);
        Assert.Equal(Url, response.Url);
        Assert.True(response.IsSuccess);
    }

    [Theory]
    [InlineData("HTTP/1.1 404 Not Found", 404, "Not Found", false)]
    [InlineData("HTTP/1.0 403 Forbidden", 403, "Forbidden", false)]
    [InlineData("HTTP/1.1 204 No Content", 204, "No Content", true)]
    [InlineData("HTTP/1.1 299 Custom", 299, "Custom", true)]
    [InlineData("HTTP/1.1 301 Moved Permanently", 301, "Moved Permanently", false)]
    [InlineData("HTTP/1.1 500", 500, "", false)]
    [InlineData("HTTP/1.1 503 Service Unavailable ", 503, "Service Unavailable", false)]
    public void The_status_line_gives_the_code_and_reason(string statusLine, int code, string reason, bool success)
    {
        var response = Parse(statusLine + "\r\nContent-Length: 0\r\n\r\n");

        Assert.Equal(code, response.StatusCode);
        Assert.Equal(reason, response.Reason);
        Assert.Equal(success, response.IsSuccess);
    }

    [Fact]
    public void Header_names_are_case_insensitive_values_trimmed_and_the_first_one_wins()
    {
        var response = Parse("HTTP/1.1 302 Found\r\nLOCATION:   /first  \r\nlocation: /second\r\nX-Empty:\r\nnot a header line\r\n\r\n");

        Assert.Equal("/first", response.Headers["Location"]);
        Assert.Equal("", response.Headers["x-empty"]);
        Assert.Equal(2, response.Headers.Count);
    }

    [Fact]
    public void The_body_is_cut_at_Content_Length()
    {
        var response = Parse("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello, and what came after");

        Assert.Equal("hello", response.Body);
    }

    [Fact]
    public void Without_Content_Length_the_body_is_everything_until_the_connection_closed()
    {
        var response = Parse("HTTP/1.0 200 OK\r\nServer: Apache\r\n\r\nline 1\r\nline 2\r\n");

        Assert.Equal("line 1\r\nline 2\r\n", response.Body);
    }

    [Fact]
    public void An_answer_with_bare_line_feeds_is_read()
    {
        var response = Parse("HTTP/1.0 200 OK\nContent-Length: 2\n\nok");

        Assert.Equal(200, response.StatusCode);
        Assert.Equal("OK", response.Reason);
        Assert.Equal("ok", response.Body);
    }

    [Fact]
    public void The_body_is_decoded_as_UTF_8()
    {
        var response = Parse("HTTP/1.1 200 OK\r\n\r\nrésumé ✓");

        Assert.Equal("résumé ✓", response.Body);
    }

    [Theory]
    [InlineData("5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n", "hello world")]
    [InlineData("A\r\n0123456789\r\n0\r\n\r\n", "0123456789")]
    [InlineData("a\r\n0123456789\r\n0\r\n\r\n", "0123456789")]
    [InlineData("5;name=value\r\nhello\r\n0\r\n\r\n", "hello")]
    [InlineData("0\r\n\r\n", "")]
    [InlineData("3\r\nabc\r\n0\r\nX-Trailer: yes\r\n\r\n", "abc")]
    public void A_chunked_body_is_decoded(string chunked, string expected)
    {
        var response = Parse("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n" + chunked);

        Assert.Equal(expected, response.Body);
    }

    [Fact]
    public void Chunked_takes_precedence_over_Content_Length()
    {
        var response = Parse("HTTP/1.1 200 OK\r\nContent-Length: 3\r\nTransfer-Encoding: Chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n");

        Assert.Equal("hello", response.Body);
    }

    [Fact]
    public void A_connection_closed_without_an_answer_says_so()
    {
        var e = Assert.Throws<HttpProbeException>(() => HttpResponseParser.Parse(Url, ReadOnlySpan<byte>.Empty));

        Assert.Equal("http://localhost:8080/server-status: the server closed the connection without answering", e.Message);
    }

    [Theory]
    [InlineData("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n")]
    [InlineData("SSH-2.0-OpenSSH_9.2p1 Debian-2\r\n")]
    [InlineData("\u0016\u0003\u0001\u0002\u0000\u0001")]
    public void An_answer_that_stops_before_the_end_of_its_headers_is_incomplete(string raw)
    {
        var e = Rejects(raw);

        Assert.Equal($"http://localhost:8080/server-status: incomplete or non-HTTP answer ({Encoding.UTF8.GetByteCount(raw)} bytes)", e.Message);
    }

    [Theory]
    [InlineData("<html><body>hello</body></html>\r\n\r\n")]
    [InlineData("HTTP/1.1\r\n\r\n")]
    [InlineData("HTTP/1.1 2000 OK\r\n\r\n")]
    [InlineData("HTTP/1.1 20 OK\r\n\r\n")]
    [InlineData("HTTP/1.1 abc OK\r\n\r\n")]
    [InlineData("HTTP/1.1 -20 OK\r\n\r\n")]
    [InlineData("ICY 200 OK\r\n\r\n")]
    [InlineData("http/1.1 200 OK\r\n\r\n")]
    public void A_status_line_that_is_not_HTTP_is_rejected(string raw)
    {
        var e = Rejects(raw);

        Assert.Equal("http://localhost:8080/server-status: not an HTTP answer", e.Message);
    }

    [Theory]
    [InlineData("5\r\nhel")]
    [InlineData("5\r\nhello\r\n")]
    [InlineData("5\r\nhello\r\n6")]
    [InlineData("")]
    [InlineData("10\r\nonly a part")]
    public void A_truncated_chunked_body_is_rejected(string chunked)
    {
        var e = Rejects("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n" + chunked);

        Assert.Equal("http://localhost:8080/server-status: truncated chunked answer", e.Message);
    }

    [Theory]
    [InlineData("zz\r\nhello\r\n0\r\n\r\n")]
    [InlineData("-5\r\nhello\r\n0\r\n\r\n")]
    [InlineData("\r\nhello\r\n0\r\n\r\n")]
    [InlineData("80000000\r\nhello\r\n0\r\n\r\n")]
    [InlineData("FFFFFFFFFF\r\nhello\r\n0\r\n\r\n")]
    public void A_bad_chunk_size_is_rejected(string chunked)
    {
        var e = Rejects("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n" + chunked);

        Assert.Equal("http://localhost:8080/server-status: bad chunk size in answer", e.Message);
    }

    [Fact]
    public void The_error_names_the_URL_without_its_query()
    {
        var url = new Uri("https://[::1]:8443/status?auto&secret=1");

        var e = Assert.Throws<HttpProbeException>(() => HttpResponseParser.Parse(url, "garbage"u8));

        Assert.StartsWith("https://[::1]:8443/status: ", e.Message);
        Assert.DoesNotContain("secret", e.Message);
    }
}
