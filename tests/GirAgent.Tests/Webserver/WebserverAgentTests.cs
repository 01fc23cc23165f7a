using GirAgent.Httpd;
using GirAgent.Ocf;
using GirAgent.Tests.TestSupport;
using GirAgent.Webserver;

namespace GirAgent.Tests.Webserver;

public sealed class WebserverAgentTests
{
    // ---------------------------------------------------------------- httpd -t output

    [Fact]
    public void A_syntax_error_is_summarized_with_what_is_wrong_first()
    {
        const string output = """
            AH00526: Syntax error on line 3 of /x/httpd.conf:
            Invalid command 'Foo', perhaps misspelled or defined by a module not included in the server configuration
            """;

        var summary = WebserverAgent.SummarizeHttpdError(output);

        Assert.Equal("Invalid command 'Foo', perhaps misspelled or defined by a module not included in the server configuration (line 3 of httpd.conf)", summary);
    }

    [Fact]
    public void A_nested_include_error_keeps_httpds_cause_within_the_exit_reason()
    {
        // real apache2 2.4's words for an Include that includes itself: 128 preambles, then the cause
        var nested = string.Concat(Enumerable.Repeat("Syntax error on line 1 of /etc/apache2/loop.conf: ", 128));
        var output = $"apache2: Syntax error on line 2 of /etc/apache2/apache2.conf: {nested}Exceeded maximum include depth of 128, There appears to be a recursion.\n";

        var reason = OcfLog.FormatExitReason(WebserverAgent.Rejected("configuration", output));

        Assert.Contains("Exceeded maximum include depth", reason);
        Assert.Contains("loop.conf", reason);
        Assert.True(reason.Length <= OcfLog.ExitReasonMaxLength);
    }

    [Fact]
    public void The_server_name_notice_is_dropped_from_the_summary()
    {
        const string output =
            "AH00558: apache2: Could not reliably determine the server's fully qualified domain name, using 127.0.1.1. Set the 'ServerName' directive globally to suppress this message\r\n" +
            "AH00526: Syntax error on line 12 of /etc/apache2/sites-enabled/my site.conf:\r\n" +
            "SSLCertificateFile: file '/etc/ssl/missing.pem' does not exist or is empty\r\n";

        var summary = WebserverAgent.SummarizeHttpdError(output);

        Assert.Equal("SSLCertificateFile: file '/etc/ssl/missing.pem' does not exist or is empty (line 12 of my site.conf)", summary);
    }

    [Fact]
    public void A_syntax_error_without_a_description_still_names_the_line()
    {
        var summary = WebserverAgent.SummarizeHttpdError("AH00526: Syntax error on line 7 of /etc/httpd/conf/httpd.conf:\n");

        Assert.Equal("syntax error (line 7 of httpd.conf)", summary);
    }

    [Theory]
    [InlineData("")]
    [InlineData("\n\n")]
    [InlineData("Syntax OK\n")]
    [InlineData("AH00558: httpd: Could not reliably determine the server's fully qualified domain name\nSyntax OK\n")]
    public void Output_with_nothing_wrong_in_it_is_no_message(string output)
    {
        Assert.Equal("no message", WebserverAgent.SummarizeHttpdError(output));
    }

    [Fact]
    public void Other_errors_keep_their_first_three_lines_on_one_line()
    {
        const string output = "httpd: Could not open configuration file /etc/nope.conf: No such file or directory\n  second\nthird\nfourth\n";

        var summary = WebserverAgent.SummarizeHttpdError(output);

        Assert.Equal("httpd: Could not open configuration file /etc/nope.conf: No such file or directory second third", summary);
    }

    // ---------------------------------------------------------------- URLs

    [Theory]
    [InlineData("http://localhost/server-status", "http://localhost/server-status?auto")]
    [InlineData("http://localhost:8080/server-status", "http://localhost:8080/server-status?auto")]
    [InlineData("http://localhost/server-status?auto", "http://localhost/server-status?auto")]
    [InlineData("http://localhost/server-status?AUTO", "http://localhost/server-status?AUTO")]
    [InlineData("http://localhost/server-status?refresh=5", "http://localhost/server-status?refresh=5&auto")]
    [InlineData("http://localhost/server-status?x=1&auto", "http://localhost/server-status?x=1&auto")]
    [InlineData("https://[::1]:8443/status", "https://[::1]:8443/status?auto")]
    public void The_status_page_is_asked_for_in_its_machine_readable_form(string statusUrl, string expected)
    {
        var url = ServerStatusUrl.WithAuto(new Uri(statusUrl));

        Assert.Equal(expected, url.AbsoluteUri);
    }

    [Theory]
    [InlineData("/health", "http://localhost:8080/server-status?auto", "http://localhost:8080/health")]
    [InlineData("health", "http://localhost:8080/server-status", "http://localhost:8080/health")]
    [InlineData("/app/ping?deep=1", "https://127.0.0.1:8443/server-status", "https://127.0.0.1:8443/app/ping?deep=1")]
    [InlineData("/", "http://[::1]/server-status", "http://[::1]/")]
    [InlineData("http://10.0.0.1:81/check", "http://localhost/server-status", "http://10.0.0.1:81/check")]
    [InlineData("HTTPS://www.example.com/", "http://localhost/server-status", "https://www.example.com/")]
    public void A_testurl_not_starting_with_http_is_relative_to_the_status_server(string testUrl, string statusUrl, string expected)
    {
        var url = WebserverAgent.TestUrl(testUrl, new Uri(statusUrl));

        Assert.Equal(expected, url.AbsoluteUri);
    }

    private static WebserverSettings Settings(string configFile, int? port = null, Uri? statusUrl = null, bool ipv6 = false) => new()
    {
        ConfigFile = configFile,
        Httpd = "/usr/sbin/httpd",
        HttpdFound = true,
        PidFile = "/run/girlb/webserver-web.pid",
        Port = port,
        StatusUrl = statusUrl,
        UseIpv6 = ipv6,
    };

    private static WebserverAgent Agent() => new(new OcfLog(TextWriter.Null, "webserver", "web", debug: false));

    [Theory]
    [InlineData("Listen 8080", "http://localhost:8080/server-status")]
    [InlineData("Listen 127.0.0.2:8081", "http://127.0.0.2:8081/server-status")]
    [InlineData("Listen [::1]:8082", "http://[::1]:8082/server-status")]
    [InlineData("Listen [::]:8083", "http://localhost:8083/server-status")]
    [InlineData("Listen 0.0.0.0:8084", "http://localhost:8084/server-status")]
    [InlineData("Listen *:8085", "http://localhost:8085/server-status")]
    [InlineData("Listen 443", "https://localhost/server-status")]
    [InlineData("Listen 8443 https", "https://localhost:8443/server-status")]
    public void Without_statusurl_or_port_the_status_URL_comes_from_the_first_Listen(string directive, string expected)
    {
        using var dir = new TempDirectory();
        var config = dir.Write("httpd.conf", directive + "\nListen 9999\n");

        var url = Agent().StatusUrl(Settings(config));

        Assert.Equal(expected, url.AbsoluteUri);
    }

    [Fact]
    public void Without_any_Listen_the_status_URL_is_on_port_80()
    {
        using var dir = new TempDirectory();
        var config = dir.Write("httpd.conf", "ServerName www.example.com\n");

        var url = Agent().StatusUrl(Settings(config));

        Assert.Equal("http://localhost/server-status", url.AbsoluteUri);
    }

    [Fact]
    public void The_port_parameter_wins_over_Listen()
    {
        using var dir = new TempDirectory();
        var config = dir.Write("httpd.conf", "Listen 8443 https\n");

        var url = Agent().StatusUrl(Settings(config, port: 8080));

        Assert.Equal("http://localhost:8080/server-status", url.AbsoluteUri);
    }

    [Fact]
    public void use_ipv6_builds_the_status_URL_on_the_IPv6_loopback()
    {
        var url = Agent().StatusUrl(Settings("/nonexistent/httpd.conf", port: 8080, ipv6: true));

        Assert.Equal("http://[::1]:8080/server-status", url.AbsoluteUri);
    }

    [Fact]
    public void A_given_statusurl_is_used_as_is()
    {
        var given = new Uri("https://status.example.com:8443/private/status?token=x");

        var url = Agent().StatusUrl(Settings("/nonexistent/httpd.conf", port: 80, statusUrl: given));

        Assert.Equal(given, url);
    }

    // ---------------------------------------------------------------- balancers (monitor depth 20)

    private static ServerStatus Status(string balancers) =>
        ServerStatusParser.Parse("ServerVersion: Apache/2.4.62 (Debian)\nServerUptimeSeconds: 100\nBusyWorkers: 1\nIdleWorkers: 49\n" + balancers);

    private static string Balancer(int index, string name, params string[] memberStatuses)
    {
        var lines = new List<string> { $"ProxyBalancer[{index}]Name: {name}" };
        for (var i = 0; i < memberStatuses.Length; i++)
        {
            lines.Add($"ProxyBalancer[{index}]Worker[{i}]Name: http://10.0.{index}.{i + 1}:8080");
            lines.Add($"ProxyBalancer[{index}]Worker[{i}]Status: {memberStatuses[i]}");
            lines.Add($"ProxyBalancer[{index}]Worker[{i}]Elected: 12");
        }
        return string.Join("\n", lines) + "\n";
    }

    [Fact]
    public void Balancers_whose_members_are_all_fine_are_healthy()
    {
        var status = Status(Balancer(0, "balancer://api", "Init Ok ", "Init Ok ") + Balancer(1, "balancer://web", "Init Ok "));

        var result = WebserverAgent.BalancerHealth(status);

        Assert.Equal(OcfResult.Ok, result);
        Assert.Equal(0, (int)result.Code);
    }

    [Fact]
    public void A_page_without_balancers_is_healthy()
    {
        var result = WebserverAgent.BalancerHealth(Status(""));

        Assert.Equal(OcfExitCode.Success, result.Code);
    }

    [Fact]
    public void One_member_in_error_is_degraded_naming_the_balancer()
    {
        var status = Status(Balancer(0, "balancer://web", "Init Ok ") + Balancer(1, "balancer://api", "Init Ok ", "Init Err "));

        var result = WebserverAgent.BalancerHealth(status);

        Assert.Equal(190, (int)result.Code);
        Assert.Equal("degraded: balancer://api 1/2 members unusable", result.Reason);
    }

    [Fact]
    public void A_member_whose_health_check_failed_is_degraded()
    {
        var status = Status(Balancer(0, "balancer://api", "Init Ok ", "Init HcFl Ok "));

        var result = WebserverAgent.BalancerHealth(status);

        Assert.Equal(OcfExitCode.Degraded, result.Code);
        Assert.Equal("degraded: balancer://api 1/2 members unusable", result.Reason);
    }

    [Fact]
    public void A_balancer_with_no_usable_member_is_degraded_and_named_first()
    {
        // Arrange: the partly broken balancer comes first on the page, the dead one second
        var status = Status(
            Balancer(0, "balancer://partial", "Init Ok ", "Init Err ", "Init Ok ") +
            Balancer(1, "balancer://healthy", "Init Ok ") +
            Balancer(2, "balancer://dead", "Init Err ", "Init Err "));

        // Act
        var result = WebserverAgent.BalancerHealth(status);

        // Assert
        Assert.Equal(OcfExitCode.Degraded, result.Code);
        Assert.Equal("degraded: balancer://dead has no usable member (2 configured); balancer://partial 1/3 members unusable", result.Reason);
    }

    [Fact]
    public void A_balancer_whose_only_members_are_disabled_has_no_usable_member()
    {
        var status = Status(Balancer(0, "balancer://maint", "Init Dis ", "Init Stop "));

        var result = WebserverAgent.BalancerHealth(status);

        Assert.Equal(OcfExitCode.Degraded, result.Code);
        Assert.Equal("degraded: balancer://maint has no usable member (2 configured)", result.Reason);
    }

    [Fact]
    public void A_disabled_member_beside_a_working_one_is_not_a_problem()
    {
        var status = Status(Balancer(0, "balancer://api", "Init Ok ", "Init Dis "));

        Assert.Equal(OcfResult.Ok, WebserverAgent.BalancerHealth(status));
    }

    [Theory]
    [InlineData("Init Stby Ok ")]
    [InlineData("Init Spar Ok ")]
    public void A_hot_standby_alone_is_fine(string memberStatus)
    {
        var status = Status(Balancer(0, "balancer://backup", memberStatus));

        var result = WebserverAgent.BalancerHealth(status);

        Assert.Equal(OcfResult.Ok, result);
    }

    [Fact]
    public void A_hot_standby_does_not_hide_a_member_in_error()
    {
        var status = Status(Balancer(0, "balancer://api", "Init Err ", "Init Stby Ok "));

        var result = WebserverAgent.BalancerHealth(status);

        Assert.Equal(OcfExitCode.Degraded, result.Code);
        Assert.Equal("degraded: balancer://api 1/2 members unusable", result.Reason);
    }
}
