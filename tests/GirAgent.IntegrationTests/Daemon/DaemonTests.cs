using System.Diagnostics;
using System.Net.Sockets;
using System.Text;
using GirAgent.IntegrationTests.Support;

namespace GirAgent.IntegrationTests.Daemon;

/// <summary>
/// `giragent daemon` as systemd would run it, without systemd: readiness and watchdog through a
/// NOTIFY_SOCKET the test listens on, logs through a journald-style datagram socket the test reads,
/// the HTTP endpoints, the Unix socket, and its behaviour with no cluster at all.
/// </summary>
public sealed class DaemonTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("girlb-daemon-");
    private readonly List<Process> _processes = [];

    public void Dispose()
    {
        foreach (var p in _processes)
        {
            try { if (!p.HasExited) p.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
            p.Dispose();
        }
        try { _dir.Delete(recursive: true); } catch (IOException) { }
    }

    private string PathOf(string name) => Path.Combine(_dir.FullName, name);

    private static Socket Listen(string path)
    {
        var socket = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
        socket.Bind(new UnixDomainSocketEndPoint(path));
        socket.ReceiveTimeout = 15000;
        return socket;
    }

    private (Process Process, int Port) StartDaemon(Dictionary<string, string>? extra = null)
    {
        var port = HttpdSandbox.FreePort();
        var psi = new ProcessStartInfo(Programs.Giragent) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add("daemon");
        psi.Environment["GIRAGENT_Listen"] = $"127.0.0.1:{port}";
        psi.Environment["GIRAGENT_Socket"] = PathOf("giragent.sock");
        psi.Environment["GIRAGENT_EventLog"] = PathOf("events.jsonl");
        psi.Environment["GIRAGENT_PollIntervalSeconds"] = "1";
        psi.Environment["GIRAGENT_JournalSocket"] = PathOf("journal.sock");
        psi.Environment["GIRAGENT_StatusUrl"] = $"http://127.0.0.1:{HttpdSandbox.FreePort()}/server-status";
        psi.Environment.Remove("DOTNET_GCGen0MaxBudget");
        if (extra is not null) foreach (var (k, v) in extra) psi.Environment[k] = v;
        var process = Process.Start(psi)!;
        _processes.Add(process);
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (_log) _log.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (_log) _log.AppendLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return (process, port);
    }

    /// <summary>Runs a daemon that is expected to refuse to start, to its exit; <paramref name="settings"/> override the test's.</summary>
    private AgentRun RunDaemonToTheEnd(params (string Name, string Value)[] settings)
    {
        var env = new Dictionary<string, string>
        {
            ["GIRAGENT_Listen"] = $"127.0.0.1:{HttpdSandbox.FreePort()}", ["GIRAGENT_Socket"] = PathOf("giragent.sock"),
            ["GIRAGENT_EventLog"] = PathOf("events.jsonl"), ["GIRAGENT_JournalSocket"] = PathOf("none.sock"),
        };
        foreach (var (name, value) in settings) env[name] = value;
        return Programs.Run(Programs.Giragent, ["daemon"], env, TimeSpan.FromSeconds(30));
    }

    /// <summary>What the daemons started by this test printed (their console log).</summary>
    private readonly StringBuilder _log = new();

    private string Log()
    {
        lock (_log) return _log.ToString();
    }

    private bool LogSays(string text, TimeSpan within)
    {
        var until = DateTime.UtcNow + within;
        while (!Log().Contains(text, StringComparison.Ordinal))
        {
            if (DateTime.UtcNow > until) return false;
            Thread.Sleep(50);
        }
        return true;
    }

    private static Dictionary<string, string> Fields(byte[] datagram, int length)
    {
        var fields = new Dictionary<string, string>();
        foreach (var line in Encoding.UTF8.GetString(datagram, 0, length).Split('\n'))
        {
            var eq = line.IndexOf('=');
            if (eq > 0) fields.TryAdd(line[..eq], line[(eq + 1)..]);
        }
        return fields;
    }

    [Fact]
    public async Task Without_a_cluster_it_becomes_ready_logs_to_the_journal_and_says_what_is_wrong()
    {
        using var notify = Listen(PathOf("notify.sock"));
        using var journal = Listen(PathOf("journal.sock"));
        var (_, port) = StartDaemon(new() { ["NOTIFY_SOCKET"] = PathOf("notify.sock"), ["WATCHDOG_USEC"] = "2000000" });

        // readiness: READY=1 once it serves
        var buffer = new byte[65536];
        var messages = new List<string>();
        var until = DateTime.UtcNow.AddSeconds(20);
        while (!messages.Any(m => m.Contains("READY=1")) && DateTime.UtcNow < until)
            messages.Add(Encoding.UTF8.GetString(buffer, 0, notify.Receive(buffer)));
        Assert.Contains(messages, m => m.Contains("READY=1"));
        // the watchdog keeps being fed by the poll loop
        var watchdog = Encoding.UTF8.GetString(buffer, 0, notify.Receive(buffer));
        Assert.Contains("WATCHDOG=1", watchdog + string.Join("", messages));

        // logs reach the journal socket in the native protocol, with structured fields
        var n = journal.Receive(buffer);
        var fields = Fields(buffer, n);
        Assert.Equal("giragent", fields["SYSLOG_IDENTIFIER"]);
        Assert.True(fields.ContainsKey("MESSAGE") && fields.ContainsKey("PRIORITY"));

        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(5) };
        var live = await http.GetAsync("/live");
        Assert.Equal(200, (int)live.StatusCode);
        var health = await http.GetAsync("/health");
        Assert.Equal(503, (int)health.StatusCode);
        Assert.Contains("\"status\": \"unknown\"", await health.Content.ReadAsStringAsync());
        var metrics = await http.GetStringAsync("/metrics");
        Assert.Contains("gir_scrape_success{source=\"crm_mon\"} 0", metrics);
        Assert.Contains("apache_up 0", metrics);
        Assert.True(File.Exists("/usr/bin/promtool"), "promtool is not installed (Debian: apt-get install prometheus; tests/install-deps.sh does it)");
        File.WriteAllText(PathOf("metrics.prom"), metrics);
        var check = Programs.Run("/bin/sh", ["-c", $"promtool check metrics < {PathOf("metrics.prom")}"]);
        Assert.DoesNotContain("error", check.StandardOutput + check.StandardError, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task An_alert_from_the_alert_agent_becomes_an_event_with_journal_fields_and_tcp_cannot_post_one()
    {
        using var journal = Listen(PathOf("journal.sock"));
        var (_, port) = StartDaemon();
        var socket = PathOf("giragent.sock");
        var until = DateTime.UtcNow.AddSeconds(20);
        while (!File.Exists(socket) && DateTime.UtcNow < until) Thread.Sleep(100);

        // anyone on the host reaches 127.0.0.1: no events from there
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var posted = await http.PostAsync($"http://127.0.0.1:{port}/alert",
            new StringContent("{\"CRM_alert_kind\":\"node\",\"CRM_alert_node\":\"intruder\",\"CRM_alert_desc\":\"lost\"}"));
        Assert.Equal(403, (int)posted.StatusCode);

        // Pacemaker runs the alert agent (a link named alert-agent) with CRM_alert_* in its environment
        var agent = PathOf("alert-agent");
        File.CreateSymbolicLink(agent, Programs.Giragent);
        var psi = new ProcessStartInfo(agent) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.Environment["GIRAGENT_SOCKET"] = socket;
        psi.Environment["CRM_alert_kind"] = "node";
        psi.Environment["CRM_alert_node"] = "n2";
        psi.Environment["CRM_alert_desc"] = "lost";
        psi.Environment["CRM_alert_timestamp"] = "2026-11-24 05:00:00.123456";
        using (var run = Process.Start(psi)!)
        {
            Assert.True(run.WaitForExit(10000));
            Assert.Equal(0, run.ExitCode);
            Assert.Equal("", run.StandardError.ReadToEnd());
        }

        // journalctl GIR_KIND=node_lost GIR_NODE=n2 finds it; fields the event does not have are not sent empty
        var buffer = new byte[65536];
        Dictionary<string, string>? fields = null;
        until = DateTime.UtcNow.AddSeconds(15);
        while (fields is null && DateTime.UtcNow < until)
        {
            var f = Fields(buffer, journal.Receive(buffer));
            if (f.GetValueOrDefault("GIR_KIND") == "node_lost") fields = f;
        }
        Assert.NotNull(fields);
        Assert.Equal("cluster", fields["GIR_EVENT"]);
        Assert.Equal("node_loss", fields["GIR_CAUSE"]);
        Assert.Equal("n2", fields["GIR_NODE"]);
        Assert.False(fields.ContainsKey("GIR_FROM"));
        Assert.False(fields.ContainsKey("GIR_RESOURCE"));
        Assert.StartsWith("cluster node_lost (node_loss): on n2: lost (alert) [", fields["MESSAGE"]);

        var events = Programs.Run(Programs.Giragent, ["events", "--json", "--socket", socket]);
        Assert.Contains("\"node\":\"n2\"", events.StandardOutput);
        Assert.DoesNotContain("intruder", events.StandardOutput);
    }

    /// <summary>
    /// A real httpd and a cluster, made of scripts, that says this node (n1) runs webserver; the daemon watches it.
    /// <c>crm_resource --fail</c> notes its time in <c>fails</c> and takes 3 s, as the controller does while it runs
    /// a transition. <paramref name="crmMon"/> edits what crm_mon prints.
    /// </summary>
    private string WatchedHttpd(HttpdSandbox httpd, Func<string, string>? crmMon = null)
    {
        var bin = Directory.CreateDirectory(PathOf("bin")).FullName;
        var fails = PathOf("fails");
        var cluster = File.ReadAllText(Path.Combine(GirAgent.IntegrationTests.Tenants.TenantsFixtures.RepoRoot, "tests", "GirAgent.Tests", "Fixtures", "lab", "healthy.crm_mon.xml"));
        File.WriteAllText(PathOf("cluster.xml"), crmMon is null ? cluster : crmMon(cluster));
        File.WriteAllText(Path.Combine(bin, "crm_mon"), $"#!/bin/sh\ncat {PathOf("cluster.xml")}\n");
        File.WriteAllText(Path.Combine(bin, "crm_node"), "#!/bin/sh\necho n1\n");
        File.WriteAllText(Path.Combine(bin, "crm_failcount"), "#!/bin/sh\necho 'scope=status name=fail-count-webserver value=1'\n");
        File.WriteAllText(Path.Combine(bin, "crm_resource"),
            $"#!/bin/sh\ncase \"$*\" in\n*--get-parameter*) echo {httpd.PidFile} ;;\n*--fail*) date +%s.%N >> {fails}; sleep 3 ;;\nesac\n");
        foreach (var f in Directory.GetFiles(bin)) File.SetUnixFileMode(f, (UnixFileMode)0b111_101_101);
        Assert.Equal(0, httpd.Agent("start").ExitCode);
        StartDaemon(new() { ["PATH"] = bin + ":" + Environment.GetEnvironmentVariable("PATH") });
        return fails;
    }

    private static int Lines(string file) => File.Exists(file) ? File.ReadAllLines(file).Length : 0;

    [Fact]
    public void A_successor_master_that_dies_while_the_first_crash_is_being_reported_is_reported_too()
    {
        using var httpd = new HttpdSandbox();
        var fails = WatchedHttpd(httpd);
        var first = httpd.MasterPid!.Value;
        Assert.True(LogSays($"watching httpd master {first}", TimeSpan.FromSeconds(20)), Log());

        // the crash; Pacemaker restarts httpd at once, and the new master crashes 1 s later, before the report returns
        Process.GetProcessById(first).Kill();
        Assert.True(LogSays($"httpd master {first} died", TimeSpan.FromSeconds(5)), Log());
        Assert.Equal(0, httpd.Agent("start").ExitCode);
        var second = httpd.MasterPid!.Value;
        Thread.Sleep(1000);
        Process.GetProcessById(second).Kill();

        Assert.True(LogSays($"httpd master {second} died", TimeSpan.FromSeconds(3)), Log());
        var until = DateTime.UtcNow.AddSeconds(5);
        while (Lines(fails) < 2 && DateTime.UtcNow < until) Thread.Sleep(100);
        Assert.Equal(2, Lines(fails));
    }

    [Theory]
    [InlineData("node", "<node name=\"n1\" id=\"1\" online=\"true\" standby=\"false\" standby_onfail=\"false\" maintenance=\"false\"",
        "<node name=\"n1\" id=\"1\" online=\"true\" standby=\"false\" standby_onfail=\"false\" maintenance=\"true\"")]
    [InlineData("resource", "<resource id=\"webserver\" resource_agent=\"ocf:gir:webserver\" role=\"Started\" active=\"true\" orphaned=\"false\" blocked=\"false\" managed=\"true\"",
        "<resource id=\"webserver\" resource_agent=\"ocf:gir:webserver\" role=\"Started\" active=\"true\" orphaned=\"false\" blocked=\"false\" managed=\"false\"")]
    [InlineData("cluster", "maintenance-mode=\"false\"", "maintenance-mode=\"true\"")]
    public void In_maintenance_a_dead_master_is_left_to_the_operator(string what, string healthy, string maintenance)
    {
        using var httpd = new HttpdSandbox();
        var fails = WatchedHttpd(httpd, xml =>
        {
            Assert.Contains(healthy, xml, StringComparison.Ordinal);
            return xml.Replace(healthy, maintenance, StringComparison.Ordinal);
        });
        var master = httpd.MasterPid!.Value;
        Thread.Sleep(3000); // three polls: the daemon knows the cluster

        Process.GetProcessById(master).Kill();
        Thread.Sleep(2000);

        Assert.True(Lines(fails) == 0, $"{what} maintenance: the crash was reported to Pacemaker\n{Log()}");

        // out of maintenance, the same crash is reported
        File.WriteAllText(PathOf("cluster.xml"), File.ReadAllText(PathOf("cluster.xml")).Replace(maintenance, healthy, StringComparison.Ordinal));
        Assert.Equal(0, httpd.Agent("start").ExitCode);
        var next = httpd.MasterPid!.Value;
        Assert.True(LogSays($"watching httpd master {next}", TimeSpan.FromSeconds(10)), Log());
        Process.GetProcessById(next).Kill();
        var until = DateTime.UtcNow.AddSeconds(5);
        while (Lines(fails) < 1 && DateTime.UtcNow < until) Thread.Sleep(100);
        Assert.Equal(1, Lines(fails));
    }

    [Fact]
    public async Task Without_the_compatible_names_promtool_accepts_the_metrics_as_they_are()
    {
        Assert.True(File.Exists("/usr/bin/promtool"), "promtool is not installed (Debian: apt-get install prometheus; tests/install-deps.sh does it)");
        var (_, port) = StartDaemon(new() { ["GIRAGENT_CompatibleMetricNames"] = "false" });
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(5) };
        var metrics = "";
        var until = DateTime.UtcNow.AddSeconds(20);
        while (!metrics.Contains("process_resident_memory_bytes") && DateTime.UtcNow < until)
        {
            try { metrics = await http.GetStringAsync("/metrics"); } catch (HttpRequestException) { await Task.Delay(200); }
        }

        File.WriteAllText(PathOf("metrics.prom"), metrics);
        var check = Programs.Run("/bin/sh", ["-c", $"promtool check metrics < {PathOf("metrics.prom")}"]);
        Assert.True(check.ExitCode == 0, check.StandardOutput + check.StandardError);
        Assert.Equal("", (check.StandardOutput + check.StandardError).Trim());
    }

    [Fact]
    public async Task A_hung_status_url_does_not_delay_the_cluster_polls()
    {
        // accepts connections (the kernel's backlog) and never answers
        var hung = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        hung.Start();
        try
        {
            var hungPort = ((System.Net.IPEndPoint)hung.LocalEndpoint).Port;
            var (_, port) = StartDaemon(new()
            {
                ["GIRAGENT_StatusUrl"] = $"http://127.0.0.1:{hungPort}/server-status",
                ["GIRAGENT_StatusTimeoutSeconds"] = "6",
            });
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(5) };
            var until = DateTime.UtcNow.AddSeconds(20);
            while (DateTime.UtcNow < until)
            {
                try { await http.GetStringAsync("/live"); break; } catch (HttpRequestException) { await Task.Delay(200); }
            }

            // crm_mon's loop keeps its 1 s pace while every server-status fetch hangs for 6 s
            var lags = new List<double>();
            for (var i = 0; i < 8; i++)
            {
                await Task.Delay(1000);
                using var live = System.Text.Json.JsonDocument.Parse(await http.GetStringAsync("/live"));
                if (live.RootElement.GetProperty("last_poll").ValueKind == System.Text.Json.JsonValueKind.String)
                    lags.Add((DateTimeOffset.UtcNow - live.RootElement.GetProperty("last_poll").GetDateTimeOffset()).TotalSeconds);
            }
            Assert.Equal(8, lags.Count);
            Assert.True(lags.Max() < 3.5, "crm_mon's last poll lagged " + string.Join(", ", lags.Select(l => l.ToString("F1"))) + " s behind");

            // and the hung source is reported as such
            var metrics = await http.GetStringAsync("/metrics");
            Assert.Contains("gir_scrape_success{source=\"server_status\"} 0", metrics);
        }
        finally
        {
            hung.Stop();
        }
    }

    [Fact]
    public async Task Malformed_crm_mon_output_and_a_garbage_status_page_leave_it_up_saying_so()
    {
        // crm_mon that prints a truncated document, and a "server-status" that answers binary garbage
        var bin = Directory.CreateDirectory(PathOf("bin")).FullName;
        File.WriteAllText(Path.Combine(bin, "crm_mon"), "#!/bin/sh\nprintf '<pacemaker-result api-version=\"2.30\"><nodes><node name=\"n1\" online='\n");
        File.WriteAllText(Path.Combine(bin, "crm_node"), "#!/bin/sh\necho n1\n");
        foreach (var f in Directory.GetFiles(bin)) File.SetUnixFileMode(f, (UnixFileMode)0b111_101_101);
        var garbage = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        garbage.Start();
        using var stop = new CancellationTokenSource();
        var server = Task.Run(async () =>
        {
            var noise = new byte[4096];
            Random.Shared.NextBytes(noise);
            while (!stop.IsCancellationRequested)
            {
                using var client = await garbage.AcceptTcpClientAsync(stop.Token);
                var stream = client.GetStream();
                _ = await stream.ReadAsync(new byte[4096], stop.Token); // the request: whatever it says
                await stream.WriteAsync(Encoding.ASCII.GetBytes($"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: {noise.Length}\r\n\r\n"), stop.Token);
                await stream.WriteAsync(noise, stop.Token);
            }
        });
        try
        {
            var (daemon, port) = StartDaemon(new()
            {
                ["PATH"] = bin + ":" + Environment.GetEnvironmentVariable("PATH"),
                ["GIRAGENT_StatusUrl"] = $"http://127.0.0.1:{((System.Net.IPEndPoint)garbage.LocalEndpoint).Port}/server-status",
            });
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(5) };
            var until = DateTime.UtcNow.AddSeconds(20);
            while (DateTime.UtcNow < until)
            {
                try { if ((await http.GetAsync("/live")).IsSuccessStatusCode) break; } catch (HttpRequestException) { }
                await Task.Delay(200);
            }
            await Task.Delay(3000); // a few rounds of both

            Assert.False(daemon.HasExited);
            Assert.Equal(200, (int)(await http.GetAsync("/live")).StatusCode);
            var health = await http.GetAsync("/health");
            Assert.Equal(503, (int)health.StatusCode);
            Assert.Contains("the cluster state cannot be read", await health.Content.ReadAsStringAsync());
            var metrics = await http.GetStringAsync("/metrics");
            Assert.Contains("gir_scrape_success{source=\"crm_mon\"} 0", metrics);
            Assert.Contains("gir_scrape_success{source=\"server_status\"} 0", metrics);
            Assert.Contains("apache_up 0", metrics);
            Assert.Matches(@"gir_scrape_failures_total\{source=""crm_mon""\} [2-9]", metrics);
        }
        finally
        {
            stop.Cancel();
            garbage.Stop();
            try { await server; } catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or System.Net.Sockets.SocketException or IOException) { }
        }
    }

    [Fact]
    public void A_port_already_taken_is_one_clear_line_without_a_stack_trace()
    {
        using var taken = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        taken.Bind(new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, 0));
        taken.Listen();
        var port = ((System.Net.IPEndPoint)taken.LocalEndPoint!).Port;

        var run = RunDaemonToTheEnd(("GIRAGENT_Listen", $"127.0.0.1:{port}"));

        Assert.Equal(1, run.ExitCode);
        Assert.Contains($"giragent daemon: cannot start: Failed to bind to address http://127.0.0.1:{port}: address already in use.", run.StandardError);
        Assert.DoesNotContain("   at ", run.StandardOutput + run.StandardError);
    }

    [Fact]
    public void A_socket_setting_naming_a_file_leaves_the_file_alone_and_a_stale_socket_is_replaced()
    {
        // a mistyped Socket setting: the daemon must not delete what is there
        File.WriteAllText(PathOf("giragent.json"), "{ \"precious\": true }");
        var run = RunDaemonToTheEnd(("GIRAGENT_Socket", PathOf("giragent.json")));
        Assert.Equal(1, run.ExitCode);
        Assert.Contains($"giragent daemon: configuration: Socket {PathOf("giragent.json")} exists and is not a socket", run.StandardError);
        Assert.Equal("{ \"precious\": true }", File.ReadAllText(PathOf("giragent.json")));

        // the socket a killed daemon left behind is taken over
        // (a process that exits without unlinking it; .NET's own Socket unlinks on close)
        var bound = Programs.Run("/usr/bin/python3", ["-c", $"import socket; socket.socket(socket.AF_UNIX).bind('{PathOf("giragent.sock")}')"]);
        Assert.True(bound.ExitCode == 0 && File.Exists(PathOf("giragent.sock")), bound.ToString());
        StartDaemon();
        Assert.True(LogSays("giragent daemon 0", TimeSpan.FromSeconds(20)), Log());
        Thread.Sleep(1500); // a first poll
        var status = Programs.Run(Programs.Giragent, ["status", "--json", "--socket", PathOf("giragent.sock")]);
        Assert.Contains("\"origin\": \"daemon\"", status.StandardOutput);
    }

    [Fact]
    public void An_event_log_it_cannot_create_is_said_in_the_runtimes_own_words()
    {
        File.WriteAllText(PathOf("plain-file"), "");
        var run = RunDaemonToTheEnd(("GIRAGENT_EventLog", PathOf("plain-file/events.jsonl")));

        Assert.Equal(1, run.ExitCode);
        Assert.Contains($"giragent daemon: cannot start: event log {PathOf("plain-file/events.jsonl")} (setting EventLog): ", run.StandardError);
        Assert.DoesNotMatch(@"IO_\w+|_Path\b|_FileName\b", run.StandardError); // not the runtime's resource keys
        Assert.DoesNotContain("   at ", run.StandardOutput + run.StandardError);
    }

    [Theory]
    [InlineData(null, "200000")]
    [InlineData("400000", "400000")]
    public async Task It_runs_with_a_small_gen0_budget_unless_the_operator_chose_one(string? given, string expected)
    {
        var (process, port) = StartDaemon(given is null ? null : new() { ["DOTNET_GCGen0MaxBudget"] = given });
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(5) };
        var metrics = "";
        var until = DateTime.UtcNow.AddSeconds(20);
        while (!metrics.Contains("process_resident_memory_bytes") && DateTime.UtcNow < until)
        {
            try { metrics = await http.GetStringAsync("/metrics"); } catch (HttpRequestException) { await Task.Delay(200); }
        }

        // the same process (systemd's main pid) re-executed itself with the variable the runtime reads
        var environment = File.ReadAllText($"/proc/{process.Id}/environ").Split('\0');
        Assert.Contains($"DOTNET_GCGen0MaxBudget={expected}", environment);
        Assert.Single(environment, e => e.StartsWith("DOTNET_GCGen0MaxBudget=", StringComparison.Ordinal));
        Assert.Equal("daemon", File.ReadAllText($"/proc/{process.Id}/cmdline").Split('\0')[1]);
        Assert.Matches(@"\nprocess_resident_memory_bytes [1-9][0-9]{6,}\n", metrics);
        Assert.Contains("gir_daemon_gc_collections_total{generation=\"0\"}", metrics);
    }

    [Fact]
    public async Task The_status_page_is_served_from_the_binary_with_a_policy_that_allows_only_its_own_files()
    {
        var (_, port) = StartDaemon();
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(5) };
        var until = DateTime.UtcNow.AddSeconds(20);
        HttpResponseMessage page;
        while (true)
        {
            try { page = await http.GetAsync("/ui?q=%3Cscript%3E"); break; }
            catch (HttpRequestException) when (DateTime.UtcNow < until) { await Task.Delay(200); }
        }

        Assert.Equal(200, (int)page.StatusCode);
        Assert.Equal("text/html; charset=utf-8", page.Content.Headers.ContentType?.ToString());
        var csp = string.Join(' ', page.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("default-src 'none'; script-src 'self'; style-src 'self'", csp);
        Assert.Equal("nosniff", page.Headers.GetValues("X-Content-Type-Options").Single());
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains("cannot read the cluster state", html); // no cluster here: said, not hidden
        Assert.Contains("value=\"&lt;script&gt;\"", html); // the filter echoed escaped
        Assert.DoesNotContain("<script>", html);

        var fragment = await http.GetStringAsync("/ui/fragment");
        Assert.StartsWith("<header class=\"top\"", fragment);
        var script = await http.GetAsync("/ui/app.js");
        Assert.Equal("text/javascript; charset=utf-8", script.Content.Headers.ContentType?.ToString());
        Assert.Contains("fetch('/ui/fragment'", await script.Content.ReadAsStringAsync());
        Assert.Contains("prefers-color-scheme", await http.GetStringAsync("/ui/app.css"));
        var root = await http.GetAsync("/");
        Assert.Equal(302, (int)root.StatusCode);
        Assert.Equal("/ui", root.Headers.Location?.ToString());
    }

    [Fact]
    public void Status_and_events_are_answered_over_the_unix_socket()
    {
        var (_, _) = StartDaemon();
        var socket = PathOf("giragent.sock");
        var until = DateTime.UtcNow.AddSeconds(20);
        while (!File.Exists(socket) && DateTime.UtcNow < until) Thread.Sleep(100);
        Thread.Sleep(1500);

        var mode = File.GetUnixFileMode(socket);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.GroupWrite, mode);
        var status = Programs.Run(Programs.Giragent, ["status", "--json", "--socket", socket]);
        Assert.Equal(3, status.ExitCode); // unknown: no cluster here
        Assert.Contains("\"schema\": \"girlb.status/v1\"", status.StandardOutput);
        Assert.Contains("cannot read the cluster state", status.StandardOutput);
        Assert.Contains("\"recent_failovers\": []", status.StandardOutput); // read by the daemon from its log (empty here)

        var events = Programs.Run(Programs.Giragent, ["events", "--json", "--socket", socket]);
        Assert.Equal(0, events.ExitCode);
    }

    [Fact]
    public async Task The_event_log_keeps_its_events_when_the_last_line_was_torn_by_a_crash()
    {
        var log = PathOf("events.jsonl");
        File.WriteAllText(log,
            "{\"id\":\"e1\",\"time\":\"2026-11-23T22:00:00+00:00\",\"kind\":\"resource_moved\",\"cause\":\"node_loss\",\"resource\":\"webserver\",\"from\":\"n1\",\"to\":\"n2\",\"duration_seconds\":2.5,\"source\":\"snapshot\"}\n" +
            "{\"id\":\"e2\",\"time\":\"2026-11-23T22:05:00+00:00\",\"kind\":\"resource_mo");
        var (daemon, port) = StartDaemon();
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var until = DateTime.UtcNow.AddSeconds(20);
        string? body = null;
        while (DateTime.UtcNow < until)
        {
            try { body = await http.GetStringAsync($"http://127.0.0.1:{port}/events"); break; }
            catch (HttpRequestException) { await Task.Delay(200); }
        }
        Assert.NotNull(body);
        Assert.Contains("\"e1\"", body);
        Assert.DoesNotContain("\"e2\"", body);

        daemon.Kill(); // kill -9: nothing to flush, the log must stay readable
        daemon.WaitForExit();
        var events = Programs.Run(Programs.Giragent, ["events", "--socket", PathOf("gone.sock"), "--event-log", log]);
        Assert.Equal(0, events.ExitCode);
        Assert.Contains("webserver n1 -> n2", events.StandardOutput);
        // a relative path to the log is the caller's, as any file argument
        var relative = Programs.Run(Programs.Giragent, ["events", "--socket", PathOf("gone.sock"), "--event-log", Path.GetRelativePath(Directory.GetCurrentDirectory(), log)]);
        Assert.Equal(0, relative.ExitCode);
        Assert.Contains("webserver n1 -> n2", relative.StandardOutput);
    }

    [Fact]
    public void A_user_who_may_only_read_the_event_log_sees_the_events_and_the_recent_failovers_in_status()
    {
        // a log its reader may read but not write (the package's: 0660 hacluster:haclient, read by root or haclient);
        // the reader has no write permission, and a line the daemon is writing stays as it is
        var dir = PathOf("readable");
        Directory.CreateDirectory(dir);
        File.SetUnixFileMode(_dir.FullName, (UnixFileMode)0x1ED); // 0755
        File.SetUnixFileMode(dir, (UnixFileMode)0x1ED);
        var log = Path.Combine(dir, "events.jsonl");
        var moved = GirAgent.Events.FailoverEvent.Create(DateTimeOffset.UtcNow.AddMinutes(-5), GirAgent.Events.EventKind.ResourceMoved,
            GirAgent.Events.EventCause.Standby, GirAgent.Events.EventSource.Alert, "webserver", "n1", "n2", "n2", TimeSpan.FromSeconds(1.1), "node n1 in standby");
        var old = moved with { Id = "old", Time = DateTimeOffset.UtcNow.AddDays(-2) };
        var torn = "{\"id\":\"half-writ";
        File.WriteAllText(log, GirAgent.Events.EventStore.ToJson(old) + "\n" + GirAgent.Events.EventStore.ToJson(moved) + "\n" + torn);
        File.SetUnixFileMode(log, (UnixFileMode)0x1A4); // 0644
        var length = new FileInfo(log).Length;
        string[] asNobody = ["--reuid", "nobody", "--regid", "nogroup", "--clear-groups", Programs.Giragent];

        var events = Programs.Run("setpriv", [.. asNobody, "events", "--socket", PathOf("gone.sock"), "--event-log", log]);
        var status = Programs.Run("setpriv", [.. asNobody, "status", "--no-daemon", "--timeout", "2", "--event-log", log], timeout: TimeSpan.FromSeconds(30));

        Assert.True(events.ExitCode == 0, events.ToString());
        Assert.Contains("resource_moved     standby          webserver n1 -> n2 in 1.1s: node n1 in standby", events.StandardOutput);
        Assert.Contains("torn last line", events.StandardError);
        Assert.Equal(length, new FileInfo(log).Length); // not cut: it may be the daemon's line in the making
        Assert.Contains("Failovers (24 h)\n  " + moved.Line(), status.StandardOutput);
        Assert.DoesNotContain(old.Time.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture), status.StandardOutput);
        Assert.DoesNotContain("internal error", events.StandardError + status.StandardError);
    }

    [Fact]
    public void An_event_log_the_user_may_not_read_is_named_with_why()
    {
        var log = PathOf("secret.jsonl");
        File.WriteAllText(log, "");
        File.SetUnixFileMode(_dir.FullName, (UnixFileMode)0x1ED); // 0755
        File.SetUnixFileMode(log, (UnixFileMode)0x180); // 0600

        var events = Programs.Run("setpriv", ["--reuid", "nobody", "--regid", "nogroup", "--clear-groups", Programs.Giragent, "events", "--socket", PathOf("gone.sock"), "--event-log", log]);

        Assert.Equal(1, events.ExitCode);
        Assert.Contains($"cannot read the event log {log}", events.StandardError);
        Assert.DoesNotContain("internal error", events.StandardError);
    }

    [Theory]
    [InlineData("-5", "--limit must be between 1 and 10000")]
    [InlineData("many", "Cannot parse argument 'many' for option '--limit'")]
    public void A_bad_events_limit_is_a_usage_error_without_a_stack_trace(string limit, string said)
    {
        var run = Programs.Run(Programs.Giragent, ["events", "--limit", limit, "--socket", PathOf("gone.sock"), "--event-log", PathOf("none.jsonl")]);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains(said, run.StandardError);
        Assert.DoesNotContain("Exception", run.StandardOutput + run.StandardError); // the help's columns hold "   at most"
        Assert.DoesNotContain("internal error", run.StandardError);
    }

    [Fact]
    public async Task Tls_and_basic_authentication_guard_everything_but_liveness()
    {
        var cert = PathOf("cert.pem");
        var key = PathOf("key.pem");
        var made = Programs.Run("/usr/bin/openssl", ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", cert,
            "-days", "1", "-subj", "/CN=localhost"]);
        Assert.True(made.ExitCode == 0, made.ToString());
        var hash = Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes("s3cret"))).ToLowerInvariant();
        var (_, port) = StartDaemon(new()
        {
            ["GIRAGENT_TlsCertificate"] = cert,
            ["GIRAGENT_TlsKey"] = key,
            ["GIRAGENT_BasicAuthUser"] = "prometheus",
            ["GIRAGENT_BasicAuthPasswordSha256"] = hash,
        });
        using var handler = new HttpClientHandler { ServerCertificateCustomValidationCallback = (_, _, _, _) => true };
        using var http = new HttpClient(handler) { BaseAddress = new Uri($"https://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(5) };
        var until = DateTime.UtcNow.AddSeconds(20);
        HttpResponseMessage? live = null;
        while (DateTime.UtcNow < until)
        {
            try { live = await http.GetAsync("/live"); break; }
            catch (HttpRequestException) { await Task.Delay(200); }
        }

        Assert.NotNull(live); // answered over TLS, without credentials
        Assert.Equal(401, (int)(await http.GetAsync("/metrics")).StatusCode);
        using var wrong = new HttpRequestMessage(HttpMethod.Get, "/metrics");
        wrong.Headers.Authorization = new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("prometheus:wrong")));
        Assert.Equal(401, (int)(await http.SendAsync(wrong)).StatusCode);
        using var right = new HttpRequestMessage(HttpMethod.Get, "/metrics");
        right.Headers.Authorization = new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("prometheus:s3cret")));
        var ok = await http.SendAsync(right);
        Assert.Equal(200, (int)ok.StatusCode);
        Assert.Contains("gir_build_info", await ok.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("{\"Listen\": ", "not valid JSON at line 1, byte 12")]
    [InlineData("[1, 2]", "a JSON object { ... } is expected")]
    [InlineData("{\"PollIntervalSecond\": 3}", "unknown setting(s) 'PollIntervalSecond'")]
    [InlineData("{\"PollIntervalSeconds\": \"often\"}", "'often' at 'PollIntervalSeconds'")]
    [InlineData("{\"PollIntervalSeconds\": 0}", "PollIntervalSeconds")]
    public void A_bad_settings_file_is_rejected_saying_where_even_given_by_a_relative_path(string text, string said)
    {
        File.WriteAllText(PathOf("giragent.json"), text);
        var relative = Path.GetRelativePath(Directory.GetCurrentDirectory(), PathOf("giragent.json"));

        var run = Programs.Run(Programs.Giragent, ["daemon", "--check-config", "--config", relative]);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains(said, run.StandardError);
        Assert.DoesNotContain("   at ", run.StandardError);
    }

    [Fact]
    public void A_settings_file_with_comments_and_the_units_own_variables_is_accepted()
    {
        File.WriteAllText(PathOf("giragent.json"), "{\n  // every 3 s\n  \"PollIntervalSeconds\": 3,\n}\n");

        var run = Programs.Run(Programs.Giragent, ["daemon", "--check-config", "--config", PathOf("giragent.json")],
            new Dictionary<string, string> { ["GIRAGENT_OPTIONS"] = "", ["GIRAGENT_BIN"] = "/usr/sbin/giragent" });

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("poll every 3s", run.StandardOutput);
    }

    [Theory]
    [InlineData("GIRAGENT_Listen", "nowhere", "Listen")]
    [InlineData("GIRAGENT_PollIntervalSeconds", "0", "PollIntervalSeconds")]
    [InlineData("GIRAGENT_StatusUrl", "ftp://x/", "StatusUrl")]
    [InlineData("GIRAGENT_BasicAuthUser", "admin", "BasicAuth")]
    public void A_bad_setting_is_rejected_by_check_config_naming_it(string variable, string value, string named)
    {
        var run = Programs.Run(Programs.Giragent, ["daemon", "--check-config"], new Dictionary<string, string> { [variable] = value });
        Assert.Equal(1, run.ExitCode);
        Assert.Contains(named, run.StandardError);
        Assert.DoesNotContain("   at ", run.StandardError); // no stack trace
    }

    [Fact]
    public void Defaults_pass_check_config_without_any_file()
    {
        var run = Programs.Run(Programs.Giragent, ["daemon", "--check-config"]);
        Assert.Equal(0, run.ExitCode);
        Assert.Contains("configuration OK", run.StandardOutput);
    }
}
