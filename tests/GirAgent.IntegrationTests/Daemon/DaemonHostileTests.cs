using System.Diagnostics;
using GirAgent.IntegrationTests.Support;

namespace GirAgent.IntegrationTests.Daemon;

/// <summary>
/// The daemon against a careless operator and a local user: killed while alerts wait, started with umask 000,
/// sent what is not an alert, configured to listen on the network without protection.
/// </summary>
public sealed class DaemonHostileTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("girlb-daemon-hostile-");
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

    private string Socket => PathOf("run/giragent/giragent.sock");

    private string EventLog => PathOf("lib/giragent/events.jsonl");

    /// <summary>The daemon as the unit runs it, but from a shell with <paramref name="umask"/>; returns when its socket exists.</summary>
    private Process StartDaemon(string umask = "022", string workingDirectory = "")
    {
        var psi = new ProcessStartInfo("/bin/sh", ["-c", $"umask {umask}; exec \"$0\" daemon", Programs.Giragent])
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = workingDirectory,
        };
        psi.Environment["GIRAGENT_Listen"] = $"127.0.0.1:{HttpdSandbox.FreePort()}";
        psi.Environment["GIRAGENT_Socket"] = Socket;
        psi.Environment["GIRAGENT_EventLog"] = EventLog;
        psi.Environment["GIRAGENT_PollIntervalSeconds"] = "1";
        psi.Environment["GIRAGENT_JournalSocket"] = PathOf("journal.sock");
        psi.Environment["GIRAGENT_StatusUrl"] = $"http://127.0.0.1:{HttpdSandbox.FreePort()}/server-status";
        var process = Process.Start(psi)!;
        _processes.Add(process);
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var until = DateTime.UtcNow.AddSeconds(20);
        while (!File.Exists(Socket) && DateTime.UtcNow < until) Thread.Sleep(50);
        Assert.True(File.Exists(Socket), "the daemon did not make its socket");
        Thread.Sleep(200); // the socket's chmod follows its creation
        return process;
    }

    /// <summary>The alert agent as Pacemaker runs it: a link named alert-agent, CRM_alert_* in its environment.</summary>
    private AgentRun Alert(Dictionary<string, string> fields)
    {
        var agent = PathOf("alert-agent");
        if (!File.Exists(agent)) File.CreateSymbolicLink(agent, Programs.Giragent);
        var env = new Dictionary<string, string>(fields) { ["GIRAGENT_SOCKET"] = Socket };
        return Programs.Run(agent, [], env, TimeSpan.FromSeconds(10));
    }

    private static Dictionary<string, string> Stop(int i) => new()
    {
        ["CRM_alert_kind"] = "resource", ["CRM_alert_node"] = "n1", ["CRM_alert_rsc"] = "webserver", ["CRM_alert_task"] = "stop",
        ["CRM_alert_rc"] = "0", ["CRM_alert_target_rc"] = "0", ["CRM_alert_status"] = "0", ["CRM_alert_desc"] = "ok",
        ["CRM_alert_timestamp_epoch"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["CRM_alert_timestamp_usec"] = (i * 1000).ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    private int StopsInLog() => File.Exists(EventLog) ? File.ReadAllLines(EventLog).Count(l => l.Contains("\"kind\":\"resource_stopped\"", StringComparison.Ordinal)) : 0;

    [Fact]
    public void Alerts_it_accepted_survive_a_kill_9_while_they_wait_for_a_snapshot()
    {
        var daemon = StartDaemon();
        for (var i = 0; i < 20; i++)
        {
            var run = Alert(Stop(i));
            Assert.True(run.ExitCode == 0, run.ToString());
        }
        // a stop's cause comes from the snapshot it waits for (up to 5 s): killed now, the daemon had only these in memory
        daemon.Kill();
        daemon.WaitForExit();
        Assert.Equal(0, StopsInLog());

        StartDaemon();

        var until = DateTime.UtcNow.AddSeconds(10);
        while (StopsInLog() < 20 && DateTime.UtcNow < until) Thread.Sleep(100);
        Assert.Equal(20, StopsInLog());
    }

    private static Dictionary<string, string> NodeLost(string node) => new()
    {
        ["CRM_alert_kind"] = "node", ["CRM_alert_node"] = node, ["CRM_alert_desc"] = "lost",
        ["CRM_alert_timestamp_epoch"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["CRM_alert_timestamp_usec"] = "0",
    };

    /// <summary>Fills the filesystem of <paramref name="dir"/> to the last byte; returns the filler file.</summary>
    private static string Fill(string dir)
    {
        var filler = Path.Combine(dir, "filler");
        using var stream = new FileStream(filler, FileMode.Create, FileAccess.Write, FileShare.None, 1);
        var block = new byte[4096];
        try
        {
            while (true) stream.Write(block);
        }
        catch (IOException) { }
        try
        {
            while (true) stream.Write(block, 0, 1); // the last bytes of the last page
        }
        catch (IOException) { }
        return filler;
    }

    [Fact]
    public void A_SIGHUP_leaves_the_daemon_running_and_says_it_was_ignored()
    {
        var daemon = StartDaemon();

        Assert.Equal(0, Programs.Run("kill", ["-HUP", daemon.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]).ExitCode);
        Thread.Sleep(500);

        Assert.False(daemon.HasExited, "SIGHUP stopped the daemon");
        Assert.Equal(0, Alert(NodeLost("after-hup")).ExitCode);
    }

    [Fact]
    public void Run_by_root_outside_its_unit_it_gives_the_socket_directory_it_makes_to_haclient()
    {
        if (Programs.Run("getent", ["group", "haclient"]).ExitCode != 0) return; // Pacemaker's group: installed with pacemaker

        StartDaemon();

        var dir = Path.GetDirectoryName(Socket)!;
        var stat = Programs.Run("stat", ["-c", "%G %a", dir]);
        Assert.Equal("haclient 750", stat.StandardOutput.Trim());
        Assert.Equal("haclient 660", Programs.Run("stat", ["-c", "%G %a", Socket]).StandardOutput.Trim());
    }

    [Fact]
    public void Events_follow_prints_what_is_appended_and_ends_when_its_reader_is_gone()
    {
        // no daemon: the log's end is followed (not the whole log read again each second)
        Directory.CreateDirectory(Path.GetDirectoryName(EventLog)!);
        var store = new GirAgent.Events.EventStore(EventLog);
        store.Append(GirAgent.Events.FailoverEvent.Create(DateTimeOffset.UtcNow, GirAgent.Events.EventKind.NodeLost, GirAgent.Events.EventCause.NodeLoss,
            GirAgent.Events.EventSource.Alert, node: "first"));
        var psi = new ProcessStartInfo("/bin/sh", ["-c", "\"$0\" events -f --socket \"$1\" --event-log \"$2\" | head -n 2", Programs.Giragent, PathOf("none.sock"), EventLog])
        {
            RedirectStandardOutput = true, UseShellExecute = false,
        };
        using var follow = Process.Start(psi)!;
        Thread.Sleep(1500);
        store.Append(GirAgent.Events.FailoverEvent.Create(DateTimeOffset.UtcNow, GirAgent.Events.EventKind.NodeLost, GirAgent.Events.EventCause.NodeLoss,
            GirAgent.Events.EventSource.Alert, node: "second"));

        // head exits after two lines; the follower must notice its reader is gone and end, with nothing more to print
        // (the shell waits for every member of the pipeline: it ends only when giragent has)
        Assert.True(follow.WaitForExit(10000), "events -f did not end when its reader was gone");
        var lines = follow.StandardOutput.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        Assert.Contains("on first", lines[0]);
        Assert.Contains("on second", lines[1]);
    }

    [Fact]
    public void With_the_disk_full_nothing_is_acknowledged_and_every_acknowledged_alert_survives_a_kill_9_after_space_returns()
    {
        // the event log on a filesystem of its own, 1 MiB, that the test fills and frees (as root: CI and the lab run as root)
        var lib = Directory.CreateDirectory(Path.GetDirectoryName(EventLog)!).FullName;
        var mount = Programs.Run("mount", ["-t", "tmpfs", "-o", "size=1m,mode=0750", "tmpfs", lib]);
        Assert.True(mount.ExitCode == 0, mount.ToString());
        try
        {
            var daemon = StartDaemon();
            var acknowledged = new List<string>();
            void Send(string node)
            {
                if (Alert(NodeLost(node)).ExitCode == 0) acknowledged.Add(node);
            }
            for (var i = 0; i < 3; i++) Send($"before{i}");

            var filler = Fill(lib);
            // tmpfs gives space by the page: the log's last page still takes a few events, then a write is cut short
            var refused = 0;
            for (var i = 0; i < 40; i++)
            {
                var run = Alert(NodeLost($"full{i}"));
                if (run.ExitCode == 0) acknowledged.Add($"full{i}");
                else { refused++; Assert.Contains("503", run.StandardError); }
            }
            Assert.True(refused > 0, "a full disk refused no alert");

            File.Delete(filler);
            for (var i = 0; i < 3; i++) Send($"after{i}");
            Assert.Contains("after2", string.Join(",", acknowledged));
            daemon.Kill();
            daemon.WaitForExit();

            StartDaemon();

            // every acknowledged event, once, from the daemon and from the log itself, and no line the reader must skip
            var fromDaemon = Programs.Run(Programs.Giragent, ["events", "--json", "--limit", "1000", "--socket", Socket]);
            var fromLog = Programs.Run(Programs.Giragent, ["events", "--json", "--limit", "1000", "--socket", PathOf("none.sock"), "--event-log", EventLog]);
            foreach (var output in new[] { fromDaemon.StandardOutput, fromLog.StandardOutput })
                Assert.All(acknowledged, node => Assert.Single(output.Split('\n'), l => l.Contains($"\"node\":\"{node}\"", StringComparison.Ordinal)));
            Assert.Equal("", fromLog.StandardError);
        }
        finally
        {
            foreach (var p in _processes) try { if (!p.HasExited) { p.Kill(); p.WaitForExit(); } } catch (InvalidOperationException) { }
            Programs.Run("umount", ["-l", lib]);
        }
    }

    [Fact]
    public void Started_in_slash_as_systemd_starts_it_it_watches_no_directory()
    {
        // the web host's default configuration watched its content root, the working directory, with an inotify watch
        // on every directory below it: all of / under systemd (thousands of watches, a walk of the whole tree)
        var daemon = StartDaemon(workingDirectory: "/");
        Thread.Sleep(1000);

        var watches = Directory.GetFiles($"/proc/{daemon.Id}/fdinfo")
            .Select(f => { try { return File.ReadAllLines(f); } catch (IOException) { return []; } })
            .Sum(lines => lines.Count(l => l.StartsWith("inotify wd:", StringComparison.Ordinal)));
        Assert.False(daemon.HasExited, "the daemon ended");
        Assert.Equal(0, watches);
    }

    [Fact]
    public void Started_with_umask_000_nothing_it_makes_is_open_to_others()
    {
        StartDaemon(umask: "000");
        Alert(new Dictionary<string, string> { ["CRM_alert_kind"] = "node", ["CRM_alert_node"] = "n2", ["CRM_alert_desc"] = "lost" });
        Alert(Stop(1)); // held for a snapshot: journaled

        Assert.Equal((UnixFileMode)0b111_101_000, File.GetUnixFileMode(Path.GetDirectoryName(EventLog)!));
        Assert.Equal((UnixFileMode)0b110_100_000, File.GetUnixFileMode(EventLog));
        Assert.Equal((UnixFileMode)0b110_100_000, File.GetUnixFileMode(EventLog + ".alerts"));
        Assert.Equal((UnixFileMode)0b111_101_000, File.GetUnixFileMode(Path.GetDirectoryName(Socket)!));
        Assert.Equal((UnixFileMode)0b110_110_000, File.GetUnixFileMode(Socket));
    }

    [Theory]
    [InlineData("bogus", "422", "CRM_alert_kind 'bogus' is not node, fencing, resource or attribute")]
    [InlineData(null, "422", "CRM_alert_kind is not set")]
    public void What_is_not_an_alert_is_refused_with_the_reason_and_the_agent_fails(string? kind, string status, string reason)
    {
        StartDaemon();
        var fields = new Dictionary<string, string> { ["CRM_alert_node"] = "n1", ["CRM_alert_desc"] = "lost" };
        if (kind is not null) fields["CRM_alert_kind"] = kind;

        var run = Alert(fields);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains($"refused the alert ({status})", run.StandardError);
        Assert.Contains(reason, run.StandardError);
        Assert.False(File.Exists(EventLog) && File.ReadAllText(EventLog).Contains("\"n1\"", StringComparison.Ordinal));
    }

    [Fact]
    public void An_oversized_alert_is_a_413_and_no_error_in_the_log()
    {
        var log = new System.Text.StringBuilder();
        var daemon = StartDaemon();
        daemon.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (log) log.AppendLine(e.Data); };

        var run = Alert(new Dictionary<string, string> { ["CRM_alert_kind"] = "node", ["CRM_alert_node"] = "n1", ["CRM_alert_desc"] = new string('x', 100_000) });

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("(413)", run.StandardError);
        Thread.Sleep(300);
        lock (log) Assert.DoesNotContain(" ERR ", log.ToString());
    }

    [Fact]
    public void An_alert_from_the_future_is_recorded_when_it_arrived()
    {
        StartDaemon();
        var fields = new Dictionary<string, string>
        {
            ["CRM_alert_kind"] = "node", ["CRM_alert_node"] = "n2", ["CRM_alert_desc"] = "lost",
            ["CRM_alert_timestamp_epoch"] = DateTimeOffset.UtcNow.AddYears(5).ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture),
        };

        Assert.Equal(0, Alert(fields).ExitCode);

        var events = Programs.Run(Programs.Giragent, ["events", "--json", "--socket", Socket]);
        var line = Assert.Single(events.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries), l => l.Contains("\"node_lost\"", StringComparison.Ordinal));
        var time = System.Text.Json.JsonDocument.Parse(line).RootElement.GetProperty("time").GetDateTimeOffset();
        Assert.True(time < DateTimeOffset.UtcNow.AddMinutes(1), $"recorded at {time:o}");
    }

    [Fact]
    public void A_network_listen_without_tls_and_authentication_is_warned_of_by_check_config()
    {
        var run = Programs.Run(Programs.Giragent, ["daemon", "--check-config"], new Dictionary<string, string> { ["GIRAGENT_Listen"] = "0.0.0.0:9664" });

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("warning: Listen 0.0.0.0:9664 is reachable from the network without TLS and authentication", run.StandardError);
        Assert.Contains("/status and /events", run.StandardError);
    }

    [Fact]
    public void An_event_log_setting_naming_an_httpd_configuration_is_refused_and_the_file_kept()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(EventLog)!);
        File.WriteAllText(EventLog, "ServerRoot /etc/httpd\nListen 80");

        var check = Programs.Run(Programs.Giragent, ["daemon", "--check-config"], new Dictionary<string, string> { ["GIRAGENT_EventLog"] = EventLog });
        var start = Programs.Run(Programs.Giragent, ["daemon"], new Dictionary<string, string>
        {
            ["GIRAGENT_EventLog"] = EventLog, ["GIRAGENT_Socket"] = Socket, ["GIRAGENT_Listen"] = $"127.0.0.1:{HttpdSandbox.FreePort()}",
            ["GIRAGENT_JournalSocket"] = PathOf("none.sock"),
        }, TimeSpan.FromSeconds(20));

        Assert.Equal(1, check.ExitCode);
        Assert.Contains("is not an event log", check.StandardError);
        Assert.NotEqual(0, start.ExitCode);
        Assert.Contains("is not an event log", start.StandardError + start.StandardOutput);
        Assert.Equal("ServerRoot /etc/httpd\nListen 80", File.ReadAllText(EventLog));
    }
}
