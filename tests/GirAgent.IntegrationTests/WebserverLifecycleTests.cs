using GirAgent.IntegrationTests.Support;

namespace GirAgent.IntegrationTests;

/// <summary>ocf:gir:webserver against a real Debian apache2: the lifecycle Pacemaker drives.</summary>
public sealed class WebserverLifecycleTests : IDisposable
{
    private readonly HttpdSandbox _httpd = new();

    public void Dispose() => _httpd.Dispose();

    [Fact]
    public async Task I_can_start_monitor_and_stop_httpd_and_every_action_is_idempotent()
    {
        Assert.Equal(0, _httpd.Agent("validate-all").ExitCode);
        Assert.Equal(7, _httpd.Agent("monitor").ExitCode);

        var start = _httpd.Agent("start");
        Assert.True(start.ExitCode == 0, start.ToString());
        var (status, body) = await HttpdSandbox.GetAsync(_httpd.BaseUrl + "/");
        Assert.Equal(200, status);
        Assert.Contains("girlb test page", body);

        Assert.Equal(0, _httpd.Agent("monitor", new Dictionary<string, string> { ["OCF_RESKEY_CRM_meta_interval"] = "10000" }).ExitCode);
        Assert.Equal(0, _httpd.Agent("monitor").ExitCode); // probe
        Assert.Equal(0, _httpd.Agent("status").ExitCode);

        var pid = _httpd.MasterPid;
        var again = _httpd.Agent("start");
        Assert.Equal(0, again.ExitCode);
        Assert.Equal(pid, _httpd.MasterPid); // a second start leaves the running server alone

        var stop = _httpd.Agent("stop");
        Assert.True(stop.ExitCode == 0, stop.ToString());
        Assert.Empty(_httpd.HttpdProcesses());
        Assert.False(File.Exists(_httpd.PidFile));
        Assert.Equal(7, _httpd.Agent("monitor").ExitCode);
        Assert.Equal(0, _httpd.Agent("stop").ExitCode);
        Assert.Equal(7, _httpd.Agent("monitor").ExitCode);
    }

    [Fact]
    public void A_killed_master_is_reported_and_stop_cleans_up_its_children()
    {
        Assert.Equal(0, _httpd.Agent("start").ExitCode);
        var master = _httpd.MasterPid!.Value;
        Assert.True(_httpd.HttpdProcesses().Count > 1);

        System.Diagnostics.Process.GetProcessById(master).Kill();
        WaitUntil(() => !_httpd.HttpdProcesses().Contains(master));

        var monitor = _httpd.Agent("monitor", new Dictionary<string, string> { ["OCF_RESKEY_CRM_meta_interval"] = "10000" });
        Assert.NotEqual(0, monitor.ExitCode);
        if (_httpd.HttpdProcesses().Count > 0)
        {
            // children still hold the listening socket: "failed", so Pacemaker stops before it starts again
            Assert.Equal(1, monitor.ExitCode);
            Assert.Contains("master is gone", monitor.ExitReason);
        }

        Assert.Equal(0, _httpd.Agent("stop").ExitCode);
        Assert.Empty(_httpd.HttpdProcesses());
        Assert.Equal(0, _httpd.Agent("start").ExitCode);
        Assert.Equal(0, _httpd.Agent("monitor").ExitCode);
    }

    [Fact]
    public void A_stale_pid_file_naming_another_process_is_not_mistaken_for_httpd()
    {
        using var other = System.Diagnostics.Process.Start("sleep", "300");
        Directory.CreateDirectory(Path.GetDirectoryName(_httpd.PidFile)!);
        File.WriteAllText(_httpd.PidFile, other.Id + "\n");
        try
        {
            var probe = _httpd.Agent("monitor");
            Assert.Equal(7, probe.ExitCode);

            Assert.Equal(0, _httpd.Agent("start").ExitCode);
            Assert.NotEqual(other.Id, _httpd.MasterPid);
            Assert.Equal(0, _httpd.Agent("stop").ExitCode);
            Assert.False(other.HasExited, "stop must never signal a process that is not this instance's httpd");
        }
        finally
        {
            other.Kill();
        }
    }

    [Fact]
    public void A_pid_file_naming_a_dead_pid_reads_as_stopped()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(_httpd.PidFile)!);
        File.WriteAllText(_httpd.PidFile, "4194000\n");
        Assert.Equal(7, _httpd.Agent("monitor").ExitCode);
        Assert.Equal(0, _httpd.Agent("stop").ExitCode);
        Assert.Equal(0, _httpd.Agent("start").ExitCode);
        Assert.Equal(0, _httpd.Agent("stop").ExitCode);
    }

    [Fact]
    public void A_removed_pid_file_does_not_hide_a_running_instance()
    {
        Assert.Equal(0, _httpd.Agent("start").ExitCode);
        var master = _httpd.MasterPid;
        File.Delete(_httpd.PidFile);

        Assert.Equal(0, _httpd.Agent("monitor").ExitCode);
        Assert.Equal(0, _httpd.Agent("stop").ExitCode);
        Assert.Empty(_httpd.HttpdProcesses());
        Assert.NotNull(master);
    }

    internal static void WaitUntil(Func<bool> condition, int timeoutMs = 5000)
    {
        var until = Environment.TickCount64 + timeoutMs;
        while (!condition())
        {
            if (Environment.TickCount64 > until) throw new TimeoutException("condition not reached");
            Thread.Sleep(20);
        }
    }
}
