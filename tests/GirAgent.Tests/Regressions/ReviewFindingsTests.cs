using System.Text;
using GirAgent.Httpd;
using GirAgent.Net;
using GirAgent.Ocf;
using GirAgent.Tests.TestSupport;
using GirAgent.Webserver;

namespace GirAgent.Tests.Regressions;

/// <summary>Inputs that once gave a wrong answer; each test names what an operator would have seen.</summary>
public sealed class ReviewFindingsTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Theory]
    [InlineData("apache2: Syntax error on line 4 of /tmp/x/a.conf: Could not open configuration file /tmp/x/missing-ports.conf: No such file or directory",
        "Could not open configuration file /tmp/x/missing-ports.conf: No such file or directory (line 4 of a.conf)")]
    [InlineData("apache2: Syntax error on line 3 of /x/b.conf: Cannot load /nope/mod_foo.so into server: /nope/mod_foo.so: cannot open shared object file: No such file or directory",
        "Cannot load /nope/mod_foo.so into server: /nope/mod_foo.so: cannot open shared object file: No such file or directory (line 3 of b.conf)")]
    public void A_one_line_httpd_syntax_error_keeps_its_message_and_names_the_right_file(string output, string expected)
    {
        Assert.Equal(expected, WebserverAgent.SummarizeHttpdError(output));
    }

    [Fact]
    public void An_answer_shorter_than_its_content_length_is_reported_as_truncated()
    {
        var raw = Encoding.ASCII.GetBytes("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nshort");

        var error = Assert.Throws<HttpProbeException>(() => HttpResponseParser.Parse(new Uri("http://localhost/server-status?auto"), raw));

        Assert.Contains("truncated", error.Message);
    }

    [Fact]
    public void Headers_ending_with_bare_line_feeds_keep_a_body_that_contains_crlf_pairs()
    {
        var raw = Encoding.ASCII.GetBytes("HTTP/1.0 200 OK\nContent-Type: text/plain\n\nline1\r\n\r\nline2");

        var response = HttpResponseParser.Parse(new Uri("http://localhost/"), raw);

        Assert.Equal("line1\r\n\r\nline2", response.Body);
    }

    [Fact]
    public void An_include_with_a_wildcard_directory_is_followed()
    {
        _dir.Write("conf/vhosts/a/x.conf", "Listen 8081\n");
        _dir.Write("conf/vhosts/b/y.conf", "Listen 8082\n");
        var config = _dir.Write("conf/httpd.conf", "Include vhosts/*/*.conf\n");

        var listens = HttpdConfigReader.FindListen(config, new Dictionary<string, string>());

        Assert.Equal([8081, 8082], listens.Select(l => l.Port));
    }

    [Fact]
    public void A_long_exit_reason_is_never_cut_inside_a_surrogate_pair()
    {
        var reason = new string('x', 124) + "\U0001F600" + " and more text after it";

        var formatted = OcfLog.FormatExitReason(reason);

        Assert.True(formatted.Length <= OcfLog.ExitReasonMaxLength);
        Assert.EndsWith("...", formatted);
        Assert.DoesNotContain(formatted, char.IsSurrogate);
    }

    [Theory]
    [InlineData("a\u2028b")]
    [InlineData("a\u2029b")]
    [InlineData("a\u0085b")]
    public void Unicode_line_separators_do_not_break_the_exit_reason_line(string reason)
    {
        Assert.Equal("a b", OcfLog.FormatExitReason(reason));
    }

    [Theory]
    [InlineData("/run//httpd/httpd.pid")]
    [InlineData("/run/girlb/../httpd/httpd.pid")]
    [InlineData("/var/run/apache2/./apache2.pid")]
    public void The_distributions_pid_file_is_rejected_however_it_is_spelled(string pidFile)
    {
        var env = new Dictionary<string, string> { ["OCF_RESKEY_pidfile"] = pidFile };
        var settings = WebserverSettings.From(new OcfContext("validate-all", env));

        Assert.Contains(settings.ConfigurationErrors, e => e.Contains("pidfile") && e.Contains("distribution"));
    }
}
