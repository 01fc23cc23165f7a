using System.Net;
using System.Net.Sockets;
using System.Text;
using GirAgent.IntegrationTests.Support;

namespace GirAgent.IntegrationTests;

/// <summary>ocf:gir:webserver when things are wrong: bad configuration, missing programs, hung URLs.</summary>
public sealed class WebserverFailureTests : IDisposable
{
    private readonly HttpdSandbox _httpd = new();

    public void Dispose() => _httpd.Dispose();

    private static Dictionary<string, string> With(params (string Key, string Value)[] pairs) => pairs.ToDictionary(p => p.Key, p => p.Value);

    [Fact]
    public void A_configuration_error_is_caught_by_validate_and_start_with_httpds_words()
    {
        _httpd.WriteConfig("NoSuchDirective on");

        var validate = _httpd.Agent("validate-all");
        Assert.Equal(6, validate.ExitCode);
        Assert.Contains("NoSuchDirective", validate.ExitReason);

        var start = _httpd.Agent("start");
        Assert.Equal(6, start.ExitCode);
        Assert.Empty(_httpd.HttpdProcesses());
        Assert.Equal(7, _httpd.Agent("monitor").ExitCode);
    }

    [Fact]
    public void A_node_without_httpd_probes_as_stopped_and_fails_validation_as_not_installed()
    {
        var env = With(("OCF_RESKEY_httpd", "/nonexistent/httpd"), ("OCF_RESKEY_configfile", "/nonexistent/httpd.conf"));
        // the agent falls back to the usual locations for the binary, as ocf:heartbeat:apache does;
        // the configuration file has no such fallback
        Assert.Equal(7, _httpd.Agent("monitor", env).ExitCode);
        var validate = _httpd.Agent("validate-all", env);
        Assert.Equal(5, validate.ExitCode);
        Assert.Contains("/nonexistent/httpd.conf", validate.ExitReason);
        Assert.Equal(5, _httpd.Agent("start", env).ExitCode);
        Assert.Equal(0, _httpd.Agent("stop", env).ExitCode);
    }

    [Fact]
    public void A_configfile_naming_a_directory_is_said_to_be_one_not_missing()
    {
        var env = With(("OCF_RESKEY_configfile", Path.GetDirectoryName(_httpd.ConfigFile)!));

        var validate = _httpd.Agent("validate-all", env);

        Assert.Equal(5, validate.ExitCode);
        Assert.Contains("is a directory", validate.ExitReason);
        Assert.DoesNotContain("not found", validate.ExitReason);
        Assert.Equal(7, _httpd.Agent("monitor", env).ExitCode);
    }

    [Theory]
    [InlineData("OCF_RESKEY_port", "eighty", "port")]
    [InlineData("OCF_RESKEY_testregex10", "([unclosed", "testregex10")]
    [InlineData("OCF_RESKEY_options", "-D \"UNTERMINATED", "options")]
    [InlineData("OCF_RESKEY_pidfile", "/run/apache2/apache2.pid", "distribution")]
    [InlineData("OCF_RESKEY_use_ipv6", "maybe", "use_ipv6")]
    [InlineData("OCF_RESKEY_testconffile", "/etc/webapps.conf", "testconffile")]
    public void A_bad_parameter_is_rejected_with_exit_6_naming_it(string variable, string value, string named)
    {
        var run = _httpd.Agent("validate-all", With((variable, value)));
        Assert.Equal(6, run.ExitCode);
        Assert.Contains(named, run.ExitReason);
        Assert.True(run.ExitReason!.Length <= 128);
        Assert.Equal(6, _httpd.Agent("start", With((variable, value))).ExitCode);
        Assert.Empty(_httpd.HttpdProcesses());
    }

    [Theory]
    [InlineData("yoyoyoyo")] // resource-agents' ocft case of ocf:heartbeat:apache
    [InlineData("ftp://localhost/status")]
    public void A_status_url_that_is_no_url_is_a_configuration_error_to_validate_and_a_failed_start(string url)
    {
        var run = _httpd.Agent("validate-all", With(("OCF_RESKEY_statusurl", url)));
        Assert.Equal(6, run.ExitCode);
        Assert.Contains("statusurl", run.ExitReason);

        // as ocf:heartbeat:apache: the start fails (1), here before any httpd is started; a probe finds nothing
        var start = _httpd.Agent("start", With(("OCF_RESKEY_statusurl", url)));
        Assert.Equal(1, start.ExitCode);
        Assert.Contains("statusurl", start.ExitReason);
        Assert.Empty(_httpd.HttpdProcesses());
        Assert.Equal(7, _httpd.Agent("monitor", With(("OCF_RESKEY_statusurl", url))).ExitCode);

        // a running httpd whose statusurl is changed to no URL fails its monitor
        Assert.Equal(0, _httpd.Agent("start").ExitCode);
        Assert.Equal(1, _httpd.Agent("monitor", With(("OCF_RESKEY_statusurl", url))).ExitCode);
    }

    [Fact]
    public void A_hung_status_url_fails_the_monitor_inside_its_timeout()
    {
        using var hung = new TcpListener(IPAddress.Loopback, 0);
        hung.Start(); // accepts connections (backlog) and never answers
        var port = ((IPEndPoint)hung.LocalEndpoint).Port;
        Assert.Equal(0, _httpd.Agent("start").ExitCode);

        var monitor = _httpd.Agent("monitor", With(
            ("OCF_RESKEY_statusurl", $"http://127.0.0.1:{port}/server-status"),
            ("OCF_RESKEY_CRM_meta_interval", "10000"),
            ("OCF_RESKEY_CRM_meta_timeout", "3000")));

        Assert.Equal(1, monitor.ExitCode);
        Assert.True(monitor.Elapsed < TimeSpan.FromSeconds(3), monitor.ToString());
        Assert.Contains("no complete answer", monitor.ExitReason);
    }

    [Fact]
    public void A_start_whose_status_url_never_answers_fails_before_pacemaker_would_kill_it()
    {
        var closed = HttpdSandbox.FreePort();
        var start = _httpd.Agent("start", With(
            ("OCF_RESKEY_statusurl", $"http://127.0.0.1:{closed}/server-status"),
            ("OCF_RESKEY_CRM_meta_timeout", "4000")));

        Assert.Equal(1, start.ExitCode);
        Assert.True(start.Elapsed < TimeSpan.FromSeconds(4), start.ToString());
        Assert.Contains("not serving after 4s", start.ExitReason);
        Assert.Equal(0, _httpd.Agent("stop").ExitCode);
        Assert.Empty(_httpd.HttpdProcesses());
    }

    [Fact]
    public void A_start_whose_status_page_is_not_configured_says_what_it_answered()
    {
        // a node whose tenants (and so its /server-status) were never rendered: httpd answers, 404
        var start = _httpd.Agent("start", With(
            ("OCF_RESKEY_statusurl", _httpd.BaseUrl + "/no-status-here"),
            ("OCF_RESKEY_CRM_meta_timeout", "4000")));

        Assert.Equal(1, start.ExitCode);
        // within Pacemaker's 128 characters of an exit reason
        Assert.Matches("^httpd \\(pid [0-9]+\\) started but not serving after 4s: status URL .* answered 404", start.ExitReason);
        Assert.DoesNotContain("no time left", start.ExitReason);
        Assert.Equal(0, _httpd.Agent("stop").ExitCode);
    }

    [Fact]
    public void A_status_url_that_is_not_mod_status_fails_the_monitor()
    {
        Assert.Equal(0, _httpd.Agent("start").ExitCode);
        var monitor = _httpd.Agent("monitor", With(("OCF_RESKEY_statusurl", _httpd.BaseUrl + "/index.html")));
        Assert.Equal(1, monitor.ExitCode);
        Assert.Contains("not a mod_status page", monitor.ExitReason);
    }

    [Fact]
    public void Testregex_keeps_ocf_heartbeat_apache_semantics()
    {
        Assert.Equal(0, _httpd.Agent("start").ExitCode);
        Assert.Equal(0, _httpd.Agent("monitor", With(("OCF_RESKEY_statusurl", _httpd.BaseUrl + "/"), ("OCF_RESKEY_testregex", "GIRLB TEST"))).ExitCode);
        Assert.Equal(1, _httpd.Agent("monitor", With(("OCF_RESKEY_statusurl", _httpd.BaseUrl + "/"), ("OCF_RESKEY_testregex", "not on the page"))).ExitCode);
    }

    [Fact]
    public void A_good_start_runs_no_separate_configuration_test()
    {
        // httpd reads its whole configuration before it detaches: a separate `httpd -t` first was a second parse in
        // every failover (docs/decisions.md); only a failed start asks it (the first test: exit 6). With HA_debug
        // the agent logs each configuration test it runs ("httpd -t: Syntax OK"); validate-all still runs one
        var start = _httpd.Agent("start", With(("HA_debug", "1")));
        Assert.Equal(0, start.ExitCode);
        Assert.Contains("started (pid", start.StandardError);
        Assert.DoesNotContain("httpd -t:", start.StandardError);

        Assert.Contains("httpd -t:", _httpd.Agent("validate-all", With(("HA_debug", "1"))).StandardError);
    }

    [Fact]
    public void A_start_whose_reason_went_to_the_error_log_quotes_it()
    {
        // an httpd that passes -t, then (as mod_ssl or a module's post-config does) writes why it stops to its
        // ErrorLog only, and exits 1 with nothing on its output
        var errorLog = Path.Combine(_httpd.Directory.FullName, "error.log");
        var fake = Path.Combine(_httpd.Directory.FullName, "fake-httpd");
        File.WriteAllText(fake, $$"""
            #!/bin/sh
            for a in "$@"; do [ "$a" = -t ] && { echo "Syntax OK" >&2; exit 0; }; done
            [ "$1" = -v ] && exec /usr/sbin/apache2 "$@"
            echo "[ssl:emerg] [pid $$] AH02572: Failed to configure at least one certificate and key for lab.girlb:443" >>{{errorLog}}
            exit 1
            """);
        File.SetUnixFileMode(fake, (UnixFileMode)0b111_101_101);
        File.AppendAllText(errorLog, "[core:notice] an older start said this\n");

        var start = _httpd.Agent("start", With(("OCF_RESKEY_httpd", fake)));

        Assert.Equal(1, start.ExitCode);
        Assert.Contains("AH02572: Failed to configure at least one certificate", start.ExitReason);
        Assert.DoesNotContain("older start", start.ExitReason);
    }

    [Fact]
    public void A_regular_expression_that_backtracks_forever_ends_inside_the_monitors_timeout()
    {
        Assert.Equal(0, _httpd.Agent("start").ExitCode);
        File.WriteAllText(Path.Combine(_httpd.Directory.FullName, "htdocs", "big.html"), new string('a', 40_000));

        var monitor = _httpd.Agent("monitor", With(("OCF_RESKEY_statusurl", _httpd.BaseUrl + "/big.html"), ("OCF_RESKEY_testregex", "(a+)+b"),
            ("OCF_RESKEY_CRM_meta_timeout", "1000")));

        Assert.Equal(1, monitor.ExitCode);
        Assert.Contains("did not finish matching within the operation's timeout", monitor.ExitReason);
        Assert.True(monitor.Elapsed < TimeSpan.FromSeconds(1.5), $"the monitor took {monitor.Elapsed.TotalSeconds:0.00} s with a 1 s timeout");
    }

    [Fact]
    public void Level_10_checks_testurl_and_testregex10()
    {
        Assert.Equal(0, _httpd.Agent("start").ExitCode);
        var level10 = With(("OCF_CHECK_LEVEL", "10"), ("OCF_RESKEY_testurl", "/index.html"));
        level10["OCF_RESKEY_testregex10"] = "girlb test page";
        Assert.Equal(0, _httpd.Agent("monitor", level10).ExitCode);
        level10["OCF_RESKEY_testregex10"] = "something else";
        Assert.Equal(1, _httpd.Agent("monitor", level10).ExitCode);
        level10["OCF_RESKEY_testurl"] = "/missing.html";
        level10.Remove("OCF_RESKEY_testregex10");
        var missing = _httpd.Agent("monitor", level10);
        Assert.Equal(1, missing.ExitCode);
        Assert.Contains("404", missing.ExitReason);
        // level 0 does not look at testurl
        level10["OCF_CHECK_LEVEL"] = "0";
        Assert.Equal(0, _httpd.Agent("monitor", level10).ExitCode);
    }

    [Fact]
    public async Task Level_20_reports_degraded_when_a_balancer_member_is_in_error()
    {
        using var backend = new TinyHttpServer("member-a");
        var dead = HttpdSandbox.FreePort();
        _httpd.WriteConfig($"""
            <Proxy "balancer://t1rws">
              BalancerMember "http://127.0.0.1:{backend.Port}" route=T1RWS1
              BalancerMember "http://127.0.0.1:{dead}" route=T1RWS2
            </Proxy>
            ProxyPass "/t1/api" "balancer://t1rws"
            """);
        Assert.Equal(0, _httpd.Agent("start").ExitCode);
        var level20 = With(("OCF_CHECK_LEVEL", "20"));
        Assert.Equal(0, _httpd.Agent("monitor", level20).ExitCode);

        // requests through the balancer put the dead member in error
        for (var i = 0; i < 4; i++)
            await HttpdSandbox.GetAsync(_httpd.BaseUrl + "/t1/api");

        var monitor = _httpd.Agent("monitor", level20);
        Assert.Equal(190, monitor.ExitCode);
        Assert.Contains("balancer://t1rws", monitor.ExitReason);
        // level 0 still says healthy: httpd itself is fine
        Assert.Equal(0, _httpd.Agent("monitor").ExitCode);
    }

    [Fact]
    public void Reload_with_a_bad_configuration_leaves_the_server_serving()
    {
        Assert.Equal(0, _httpd.Agent("start").ExitCode);
        var pid = _httpd.MasterPid;
        _httpd.WriteConfig("NoSuchDirective on");

        var reload = _httpd.Agent("reload");
        Assert.Equal(1, reload.ExitCode);
        Assert.Contains("keeps serving", reload.ExitReason);
        Assert.Equal(pid, _httpd.MasterPid);
        Assert.Equal(0, _httpd.Agent("monitor").ExitCode);

        _httpd.WriteConfig("# fixed");
        Assert.Equal(0, _httpd.Agent("reload").ExitCode);
        Assert.Equal(pid, _httpd.MasterPid);
        Assert.Equal(0, _httpd.Agent("monitor").ExitCode);
    }

    [Fact]
    public void A_port_taken_by_another_program_fails_start_with_httpds_reason()
    {
        using var squatter = new TcpListener(IPAddress.Loopback, _httpd.Port);
        squatter.Start();
        var start = _httpd.Agent("start");
        Assert.Equal(1, start.ExitCode);
        Assert.Contains("Address already in use", start.ExitReason);
        Assert.Empty(_httpd.HttpdProcesses());
    }

    [Fact]
    public void Unknown_actions_exit_3_and_meta_data_is_valid_ocf()
    {
        var unknown = _httpd.Agent("frobnicate");
        Assert.Equal(3, unknown.ExitCode);

        var meta = _httpd.Agent("meta-data");
        Assert.Equal(0, meta.ExitCode);
        var check = RunWithInput("/bin/sh", "cd /usr/share/resource-agents && xmllint --noout --valid -", meta.StandardOutput);
        Assert.True(check.ExitCode == 0, check.StandardError);
        foreach (var p in new[] { "configfile", "httpd", "port", "statusurl", "testregex", "client", "testurl", "testregex10", "testconffile", "testname", "options", "envfiles", "use_ipv6", "pidfile", "drain_timeout", "status_tls_verify" })
            Assert.Contains($"<parameter name=\"{p}\"", meta.StandardOutput);
    }

    private static AgentRun RunWithInput(string program, string script, string input)
    {
        var psi = new System.Diagnostics.ProcessStartInfo(program) { RedirectStandardInput = true, RedirectStandardError = true, RedirectStandardOutput = true };
        psi.ArgumentList.Add("-c");
        psi.ArgumentList.Add(script);
        using var p = System.Diagnostics.Process.Start(psi)!;
        p.StandardInput.Write(input);
        p.StandardInput.Close();
        var err = p.StandardError.ReadToEnd();
        var output = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        return new AgentRun(p.ExitCode, output, err, TimeSpan.Zero);
    }
}

/// <summary>A backend member that answers every request with its name.</summary>
public sealed class TinyHttpServer : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();

    public TinyHttpServer(string name)
    {
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _ = Task.Run(async () =>
        {
            while (!_stop.IsCancellationRequested)
            {
                try
                {
                    using var client = await _listener.AcceptTcpClientAsync(_stop.Token);
                    var stream = client.GetStream();
                    var buffer = new byte[8192];
                    _ = await stream.ReadAsync(buffer, _stop.Token); // one read holds a test request
                    var body = Encoding.ASCII.GetBytes(name + "\n");
                    await stream.WriteAsync(Encoding.ASCII.GetBytes($"HTTP/1.1 200 OK\r\nContent-Length: {body.Length}\r\nConnection: close\r\n\r\n"), _stop.Token);
                    await stream.WriteAsync(body, _stop.Token);
                }
                catch (Exception) when (_stop.IsCancellationRequested) { return; }
                catch (IOException) { }
                catch (SocketException) { }
            }
        });
    }

    public int Port { get; }

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
    }
}
