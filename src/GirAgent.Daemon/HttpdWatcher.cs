using GirAgent.Events;
using GirAgent.Httpd;
using GirAgent.Posix;
using GirAgent.Webserver;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace GirAgent.Daemon;

/// <summary>
/// Fast recovery: while this node runs the webserver, watch httpd's master process itself (a pidfd:
/// no privilege needed, no polling). When it dies outside a stop or a reload the agent is doing,
/// and the cluster is not in maintenance, tell Pacemaker at once (<c>crm_resource --fail</c>) so
/// recovery does not wait for the next monitor. Then check that Pacemaker recorded it.
/// </summary>
public sealed partial class HttpdWatcher(DaemonState state, ICommandRunner runner, ILogger<HttpdWatcher> log) : BackgroundService
{
    private static readonly TimeSpan Recheck = TimeSpan.FromSeconds(1);

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        state.Options.FastRecovery ? Task.Factory.StartNew(() => Watch(stoppingToken), TaskCreationOptions.LongRunning) : Task.CompletedTask;

    private void Watch(CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            try
            {
                if (WatchedMaster() is not { } watched) { stop.WaitHandle.WaitOne(Recheck); continue; }
                var (process, master) = watched;
                LogWatching(log, master, process.PidFile);
                // wait on the process; wake every second to notice the resource moving away
                while (!stop.IsCancellationRequested)
                {
                    if (process.WaitForExit(master, Recheck))
                    {
                        OnMasterExit(process, master);
                        break;
                    }
                    if (WatchedMaster() is not { } still || still.Master != master) break;
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidOperationException)
            {
                LogWatchError(log, e.Message);
                stop.WaitHandle.WaitOne(Recheck);
            }
        }
    }

    /// <summary>The master to watch: this node runs the webserver (per the last snapshot) and its pid file names our httpd.</summary>
    private (HttpdProcess Process, int Master)? WatchedMaster()
    {
        var cluster = state.Snapshot.Cluster;
        if (cluster is null || cluster.Summary.MaintenanceMode == true) return null;
        var resource = cluster.Resources.FirstOrDefault(r => r.BaseId == state.Options.WebserverResource);
        if (resource is null || !resource.IsStarted || !resource.Managed || !resource.Nodes.Contains(state.LocalNode, StringComparer.OrdinalIgnoreCase))
            return null;
        var process = new HttpdProcess(WebserverMetadata.DefaultHttpd(), PidFile());
        return process.Find() is { Master: { } master } ? (process, master) : null;
    }

    private string? _pidFile;

    /// <summary>The resource's pidfile parameter (asked once), else the agent's default for the resource.</summary>
    private string PidFile()
    {
        if (_pidFile is not null) return _pidFile;
        var resource = state.Options.WebserverResource;
        try
        {
            var result = runner.Run("crm_resource", ["--resource", resource, "--get-parameter", "pidfile"], null, TimeSpan.FromSeconds(5));
            var value = result.StandardOutput.Trim();
            if (result.Success && value.StartsWith('/') && !value.Contains('\n')) return _pidFile = value;
        }
        catch (Exception e) when (e is IOException or TimeoutException) { }
        return _pidFile = WebserverMetadata.DefaultPidFile(resource);
    }

    private void OnMasterExit(HttpdProcess process, int master)
    {
        if (OperationMarker.IsActive(process.PidFile, "stopping") || OperationMarker.IsActive(process.PidFile, "reloading"))
        {
            LogExpectedExit(log, master);
            return;
        }
        // a start by the agent, or the cluster moving it, may be under way: look again
        var snapshot = state.Snapshot.Cluster;
        if (snapshot?.Summary.MaintenanceMode == true) return;
        var now = state.Time.GetUtcNow();
        var resource = state.Options.WebserverResource;
        LogMasterDied(log, master, resource, state.LocalNode);
        CommandResult result;
        try
        {
            result = runner.Run("crm_resource", ["--fail", "--resource", resource, "--node", state.LocalNode], null, TimeSpan.FromSeconds(10));
        }
        catch (Exception e) when (e is IOException or TimeoutException)
        {
            LogFailReportFailed(log, e.Message);
            return;
        }
        // crm_resource --fail exits 0 even when nothing was recorded (a user only in haclient): check the effect
        var recorded = result.Success && FailureRecorded(resource);
        if (!recorded) LogFailReportFailed(log, $"crm_resource --fail exited {result.ExitCode}: {result.Output}");
        var e2 = FailoverEvent.Create(now, EventKind.FailedAction, EventCause.ResourceFailure, EventSource.Watcher, resource: resource, node: state.LocalNode,
            detail: $"httpd master {master} died; reported to Pacemaker at once" + (recorded ? "" : " (not recorded: check the daemon's privileges)"));
        state.Record([e2]);
        EventLogging.Log(log, e2);
        state.RequestPoll();
    }

    private bool FailureRecorded(string resource)
    {
        try
        {
            var result = runner.Run("crm_failcount", ["--query", "--resource", resource, "--node", state.LocalNode], null, TimeSpan.FromSeconds(5));
            return result.Success && !result.StandardOutput.Contains("value=0", StringComparison.Ordinal);
        }
        catch (Exception e) when (e is IOException or TimeoutException) { return false; }
    }

    [LoggerMessage(EventId = 3001, Level = LogLevel.Information, Message = "watching httpd master {Pid} ({PidFile})")]
    private static partial void LogWatching(ILogger logger, int pid, string pidFile);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Information, Message = "httpd master {Pid} exited during a stop or reload: expected")]
    private static partial void LogExpectedExit(ILogger logger, int pid);

    [LoggerMessage(EventId = 3003, Level = LogLevel.Warning, Message = "httpd master {Pid} died: reporting {GirResource} failed on {GirNode} to Pacemaker")]
    private static partial void LogMasterDied(ILogger logger, int pid, string girResource, string girNode);

    [LoggerMessage(EventId = 3004, Level = LogLevel.Error, Message = "could not report the failure to Pacemaker: {Reason}")]
    private static partial void LogFailReportFailed(ILogger logger, string reason);

    [LoggerMessage(EventId = 3005, Level = LogLevel.Warning, Message = "httpd watcher: {Reason}")]
    private static partial void LogWatchError(ILogger logger, string reason);
}
