using GirAgent.Ocf;
using GirAgent.Tests.TestSupport;
using GirAgent.Webserver;

namespace GirAgent.Tests.Webserver;

public sealed class WebserverSettingsTests
{
    private static WebserverSettings From(params (string Name, string Value)[] parameters) => FromInstance("web", parameters);

    private static WebserverSettings FromInstance(string? instance, params (string Name, string Value)[] parameters)
    {
        var env = new Dictionary<string, string>(StringComparer.Ordinal);
        if (instance is not null) env["OCF_RESOURCE_INSTANCE"] = instance;
        foreach (var (name, value) in parameters) env["OCF_RESKEY_" + name] = value;
        return WebserverSettings.From(new OcfContext("validate-all", env));
    }

    private static void AssertOneErrorAbout(WebserverSettings settings, string parameter)
    {
        var error = Assert.Single(settings.ConfigurationErrors);
        Assert.StartsWith(parameter, error);
    }

    [Fact]
    public void With_no_parameters_the_settings_are_valid_defaults()
    {
        var settings = From();

        Assert.Empty(settings.ConfigurationErrors);
        Assert.Empty(settings.UnknownParameters);
        Assert.Null(settings.Port);
        Assert.Null(settings.StatusUrl);
        Assert.Null(settings.TestRegex);
        Assert.Null(settings.TestUrl);
        Assert.Empty(settings.Options);
        Assert.False(settings.UseIpv6);
        Assert.False(settings.StatusTlsVerify);
        Assert.Null(settings.DrainTimeout);
        Assert.Equal(TimeSpan.FromSeconds(5), settings.ConnectTimeout);
        Assert.Equal("/run/girlb/webserver-web.pid", settings.PidFile);
        Assert.Contains(settings.ConfigFile, new[] { WebserverMetadata.SuseConfig, WebserverMetadata.DebianConfig, WebserverMetadata.RedHatConfig });
    }

    public static TheoryData<string, string> ApacheParameters => new()
    {
        { "configfile", "/etc/httpd/conf/httpd.conf" },
        { "httpd", "/usr/sbin/httpd" },
        { "port", "8080" },
        { "statusurl", "http://localhost:8080/server-status" },
        { "testregex", "</html>" },
        { "client", "curl" },
        { "testurl", "/health" },
        { "testregex10", "ok" },
        { "testname", "basic" },
        { "options", "-DSSL" },
        { "envfiles", "/etc/apache2/envvars" },
        { "use_ipv6", "false" },
    };

    [Theory]
    [MemberData(nameof(ApacheParameters))]
    public void Every_ocf_heartbeat_apache_parameter_is_accepted(string name, string value)
    {
        var settings = From((name, value));

        Assert.DoesNotContain(name, settings.UnknownParameters);
        Assert.Empty(settings.ConfigurationErrors);
    }

    [Fact]
    public void All_ocf_heartbeat_apache_parameters_together_are_accepted()
    {
        var settings = From(
            ("configfile", "/etc/httpd/conf/httpd.conf"), ("httpd", "/usr/sbin/httpd"), ("port", "8080"),
            ("statusurl", "http://localhost:8080/server-status"), ("testregex", "</html>"), ("client", "wget"),
            ("testurl", "http://localhost:8080/"), ("testregex10", "Welcome"), ("testname", "t"),
            ("options", "-DFOO -C 'ServerName x'"), ("envfiles", ""), ("use_ipv6", "no"));

        Assert.Empty(settings.UnknownParameters);
        Assert.Empty(settings.ConfigurationErrors);
        Assert.Equal(8080, settings.Port);
        Assert.Equal(new Uri("http://localhost:8080/server-status"), settings.StatusUrl);
        Assert.Equal(["-DFOO", "-C", "ServerName x"], settings.Options);
        Assert.Equal("http://localhost:8080/", settings.TestUrl);
        Assert.Equal("/etc/httpd/conf/httpd.conf", settings.ConfigFile);
    }

    [Fact]
    public void The_agents_own_parameters_are_accepted()
    {
        var settings = From(("pidfile", "/run/girlb/web.pid"), ("drain_timeout", "30"), ("connect_timeout", "3"), ("status_tls_verify", "true"));

        Assert.Empty(settings.UnknownParameters);
        Assert.Empty(settings.ConfigurationErrors);
        Assert.Equal("/run/girlb/web.pid", settings.PidFile);
        Assert.Equal(TimeSpan.FromSeconds(30), settings.DrainTimeout);
        Assert.Equal(TimeSpan.FromSeconds(3), settings.ConnectTimeout);
        Assert.True(settings.StatusTlsVerify);
    }

    [Fact]
    public void testconffile_is_known_but_rejected_as_unsupported()
    {
        var settings = From(("testconffile", "/etc/ha.d/apache-tests.conf"));

        Assert.Empty(settings.UnknownParameters);
        AssertOneErrorAbout(settings, "testconffile");
    }

    [Fact]
    public void Unset_envfiles_means_the_Debian_default()
    {
        Assert.Equal(["/etc/apache2/envvars"], From().EnvFiles);
    }

    [Fact]
    public void An_empty_envfiles_means_none()
    {
        Assert.Empty(From(("envfiles", "")).EnvFiles);
    }

    [Fact]
    public void Several_envfiles_are_separated_by_white_space()
    {
        Assert.Equal(["/etc/apache2/envvars", "/etc/default/web"], From(("envfiles", " /etc/apache2/envvars \t/etc/default/web ")).EnvFiles);
    }

    [Theory]
    [InlineData("80", 80)]
    [InlineData(" 8080 ", 8080)]
    [InlineData("65535", 65535)]
    [InlineData("1", 1)]
    public void A_port_is_read(string text, int port)
    {
        var settings = From(("port", text));

        Assert.Equal(port, settings.Port);
        Assert.Empty(settings.ConfigurationErrors);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("65536")]
    [InlineData("-80")]
    [InlineData("80x")]
    [InlineData("http")]
    [InlineData("+80")]
    public void A_bad_port_is_a_configuration_error_naming_port(string text)
    {
        var settings = From(("port", text));

        Assert.Null(settings.Port);
        AssertOneErrorAbout(settings, "port");
        Assert.Contains(text.Trim(), settings.ConfigurationErrors[0]);
    }

    [Theory]
    [InlineData("ftp://localhost/server-status")]
    [InlineData("localhost/server-status")]
    [InlineData("/server-status")]
    [InlineData("not a url")]
    [InlineData("file:///etc/passwd")]
    public void A_bad_statusurl_is_named_apart_from_the_configuration_errors(string text)
    {
        // ocf:heartbeat:apache's start and monitor fail with a generic error on it (its ocft cases expect so);
        // validate-all calls it a configuration error
        var settings = From(("statusurl", text));

        Assert.Null(settings.StatusUrl);
        Assert.Empty(settings.ConfigurationErrors);
        Assert.StartsWith($"statusurl '{text}' is not an http or https URL", settings.StatusUrlError);
    }

    [Theory]
    [InlineData("https://127.0.0.1:8443/server-status")]
    [InlineData("http://[::1]/status")]
    public void An_http_or_https_statusurl_is_used(string text)
    {
        var settings = From(("statusurl", text));

        Assert.Equal(new Uri(text), settings.StatusUrl);
        Assert.Empty(settings.ConfigurationErrors);
    }

    [Theory]
    [InlineData("testregex", "(unclosed")]
    [InlineData("testregex", "[a-")]
    [InlineData("testregex10", "*starts with a star")]
    [InlineData("testregex10", "(?<name")]
    public void A_bad_regular_expression_is_a_configuration_error_naming_it(string parameter, string pattern)
    {
        var settings = From((parameter, pattern));

        AssertOneErrorAbout(settings, parameter + " ");
        Assert.Null(parameter == "testregex" ? settings.TestRegex : settings.TestRegex10);
    }

    [Fact]
    public void Regular_expressions_match_regardless_of_case()
    {
        var settings = From(("testregex", "</html>"), ("testregex10", "welcome"));

        Assert.Matches(settings.TestRegex!, "<HTML></HTML>");
        Assert.Matches(settings.TestRegex10!, "WELCOME to httpd");
        Assert.DoesNotMatch(settings.TestRegex!, "<html>");
    }

    [Theory]
    [InlineData("-C 'ServerName x", "options: unterminated single quote")]
    [InlineData("-c \"LogLevel debug", "options: unterminated double quote")]
    [InlineData("-DFOO \\", "options: trailing backslash")]
    public void Bad_options_are_a_configuration_error_naming_options(string text, string start)
    {
        var settings = From(("options", text));

        Assert.Empty(settings.Options);
        var error = Assert.Single(settings.ConfigurationErrors);
        Assert.StartsWith(start, error);
    }

    [Theory]
    [InlineData("use_ipv6", "maybe")]
    [InlineData("use_ipv6", "2")]
    [InlineData("status_tls_verify", "enabled")]
    [InlineData("status_tls_verify", "-1")]
    public void A_bad_boolean_is_a_configuration_error_naming_it(string parameter, string text)
    {
        var settings = From((parameter, text));

        AssertOneErrorAbout(settings, parameter + " ");
        Assert.False(parameter == "use_ipv6" ? settings.UseIpv6 : settings.StatusTlsVerify);
    }

    [Theory]
    [InlineData("yes", true)]
    [InlineData("TRUE", true)]
    [InlineData("1", true)]
    [InlineData("off", false)]
    [InlineData("", false)]
    public void use_ipv6_is_read_as_ocf_is_true_reads_it(string text, bool expected)
    {
        var settings = From(("use_ipv6", text));

        Assert.Equal(expected, settings.UseIpv6);
        Assert.Empty(settings.ConfigurationErrors);
    }

    [Theory]
    [InlineData("/run/httpd/httpd.pid")]
    [InlineData("/var/run/httpd/httpd.pid")]
    [InlineData("/run/apache2/apache2.pid")]
    [InlineData("/var/run/apache2/apache2.pid")]
    [InlineData("/etc/httpd/run/httpd.pid")]
    public void The_distributions_own_pid_file_is_rejected(string pidFile)
    {
        var settings = From(("pidfile", pidFile));

        AssertOneErrorAbout(settings, "pidfile");
        Assert.Contains("distribution", settings.ConfigurationErrors[0]);
    }

    [Theory]
    [InlineData("run/web.pid")]
    [InlineData("web.pid")]
    [InlineData("/run/girlb/my web.pid")]
    public void A_relative_or_spaced_pid_file_is_rejected(string pidFile)
    {
        var settings = From(("pidfile", pidFile));

        AssertOneErrorAbout(settings, "pidfile");
    }

    [Theory]
    [InlineData("web", "/run/girlb/webserver-web.pid")]
    [InlineData("web:0", "/run/girlb/webserver-web_0.pid")]
    [InlineData("my web/../x", "/run/girlb/webserver-my_web_.._x.pid")]
    [InlineData("../../etc/passwd", "/run/girlb/webserver-_.._etc_passwd.pid")]
    [InlineData("...", "/run/girlb/webserver-default.pid")]
    [InlineData("", "/run/girlb/webserver-default.pid")]
    [InlineData(null, "/run/girlb/webserver-default.pid")]
    public void The_default_pid_file_is_named_after_the_instance_safely(string? instance, string expected)
    {
        var settings = FromInstance(instance);

        Assert.Equal(expected, settings.PidFile);
        Assert.Equal("/run/girlb", Path.GetDirectoryName(settings.PidFile));
        Assert.Empty(settings.ConfigurationErrors);
    }

    [Fact]
    public void A_relative_configfile_is_rejected()
    {
        var settings = From(("configfile", "conf/httpd.conf"));

        AssertOneErrorAbout(settings, "configfile");
    }

    [Theory]
    [InlineData("httpx://localhost/")]
    [InlineData("http:// bad host/")]
    public void A_testurl_that_looks_like_a_url_but_is_not_http_is_rejected(string text)
    {
        var settings = From(("testurl", text));

        AssertOneErrorAbout(settings, "testurl");
    }

    [Fact]
    public void A_blank_testurl_is_rejected()
    {
        var settings = From(("testurl", "   "));

        AssertOneErrorAbout(settings, "testurl");
    }

    [Theory]
    [InlineData("drain_timeout", "30", 30)]
    [InlineData("drain_timeout", "30s", 30)]
    [InlineData("drain_timeout", "0", 0)]
    [InlineData("drain_timeout", "86400", 86400)]
    [InlineData("connect_timeout", "10s", 10)]
    public void Timeouts_are_read_in_seconds(string parameter, string text, int seconds)
    {
        var settings = From((parameter, text));

        Assert.Empty(settings.ConfigurationErrors);
        Assert.Equal(TimeSpan.FromSeconds(seconds), parameter == "drain_timeout" ? settings.DrainTimeout : settings.ConnectTimeout);
    }

    [Theory]
    [InlineData("drain_timeout", "soon")]
    [InlineData("drain_timeout", "86401")]
    [InlineData("drain_timeout", "-5")]
    [InlineData("drain_timeout", "5m")]
    [InlineData("connect_timeout", "1.5")]
    [InlineData("connect_timeout", "0")]
    public void A_bad_timeout_is_a_configuration_error_naming_it(string parameter, string text)
    {
        var settings = From((parameter, text));

        AssertOneErrorAbout(settings, parameter + " ");
    }

    [Fact]
    public void Unknown_parameters_are_listed_in_order_but_crm_feature_set_and_meta_attributes_are_not()
    {
        var settings = From(("zeta", "1"), ("alpha", "2"), ("crm_feature_set", "3.19.0"), ("CRM_meta_timeout", "20000"), ("port", "80"));

        Assert.Equal(["alpha", "zeta"], settings.UnknownParameters);
        Assert.Empty(settings.ConfigurationErrors);
    }

    [Fact]
    public void Every_problem_is_reported_not_just_the_first()
    {
        var settings = From(("port", "x"), ("testurl", "http://["), ("use_ipv6", "perhaps"), ("pidfile", "/run/httpd/httpd.pid"));

        Assert.Equal(["port", "testurl", "use_ipv6", "pidfile"], settings.ConfigurationErrors.Select(e => e.Split(' ')[0]));
    }

    [Fact]
    public void A_given_executable_httpd_is_used()
    {
        using var dir = new TempDirectory();
        var httpd = dir.Write("bin/httpd", "#!/bin/sh\nexit 0\n");
        File.SetUnixFileMode(httpd, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);

        var settings = From(("httpd", httpd));

        Assert.Equal(httpd, settings.Httpd);
        Assert.True(settings.HttpdFound);
    }

    [Fact]
    public void A_given_httpd_that_is_not_executable_is_replaced_by_an_installed_one_if_any()
    {
        using var dir = new TempDirectory();
        var httpd = dir.Write("bin/httpd", "not a program\n");
        File.SetUnixFileMode(httpd, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        var installed = WebserverMetadata.HttpdCandidates.FirstOrDefault(p =>
            File.Exists(p) && (File.GetUnixFileMode(p) & (UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute)) != 0);

        var settings = From(("httpd", httpd));

        Assert.NotEqual(httpd, settings.Httpd);
        Assert.Equal(installed is not null, settings.HttpdFound);
        if (installed is not null) Assert.Equal(installed, settings.Httpd);
    }

    [Fact]
    public void The_parameter_names_checked_on_every_action_are_exactly_the_meta_data_parameters()
    {
        Assert.Equal(WebserverMetadata.Create().Parameters.Select(p => p.Name), WebserverMetadata.ParameterNames);
    }

    [Fact]
    public void A_parameter_meta_data_does_not_name_is_reported_as_unknown_and_crm_feature_set_is_not()
    {
        var settings = From(("statusulr", "http://localhost/"), ("crm_feature_set", "3.16.1"));

        Assert.Equal(["statusulr"], settings.UnknownParameters);
    }
}
