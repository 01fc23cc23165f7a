using GirAgent.Events;
using GirAgent.Httpd;
using GirAgent.Net;
using GirAgent.Pacemaker;
using GirAgent.Posix;
using GirAgent.Webserver;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace GirAgent.Daemon;

/// <summary>
/// Fast recovery: while this node runs the webserver, watch httpd's master process itself (a pidfd:
/// no privilege needed, no polling). When it dies outside a stop or a reload the agent is doing,
/// and the cluster is not in maintenance, tell Pacemaker at once (<c>crm_resource --fail</c>) so
/// recovery does not wait for the next monitor. Then check that Pacemaker recorded it. The decisions are
/// <see cref="FastRecovery"/>'s; this class carries them out (threads, pidfds, logs).
/// </summary>
internal sealed partial class HttpdWatcher(DaemonState state, ICommandRunner runner, ILogger<HttpdWatcher> log) : BackgroundService
{
    private readonly PacemakerTools _pacemaker = new(runner);
    private FastRecovery? _policy;

    private FastRecovery Policy => _policy ??= new FastRecovery(state.Options.WebserverResource, () => state.LocalNode, state.Time);

    /// <summary>How often a watched master's resource is checked for having moved away.</summary>
    private static readonly TimeSpan Recheck = TimeSpan.FromSeconds(1);

    /// <summary>
    /// The first wait before looking again for a master to watch; it grows by half after each miss up to
    /// <see cref="Recheck"/>. After a master dies its successor must be watched at once, or a second crash soon
    /// after the first would wait for the monitor; while nothing runs here, a look (a /proc scan when the
    /// pid file is stale) stays rare.
    /// </summary>
    private static readonly TimeSpan Rewatch = TimeSpan.FromMilliseconds(200);

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        state.Options.FastRecovery ? Task.Factory.StartNew(() => Watch(stoppingToken), TaskCreationOptions.LongRunning) : Task.CompletedTask;

    private void Watch(CancellationToken stop)
    {
        var wait = Rewatch;
        while (!stop.IsCancellationRequested)
        {
            try
            {
                if (WatchedMaster() is not { } watched)
                {
                    // after a crash this node should run httpd again within a second: look at the fast pace until
                    // then (and keep the snapshot fresh), so the new master is watched before a second crash
                    var recovering = Policy.Recovering;
                    if (recovering) state.RequestPoll();
                    stop.WaitHandle.WaitOne(wait);
                    wait = recovering ? Rewatch : TimeSpan.FromTicks(Math.Min(wait.Ticks * 3 / 2, Recheck.Ticks));
                    continue;
                }
                wait = Rewatch;
                var (process, master) = watched;
                // watching the same master again (the snapshot flickered) keeps when its watch began
                var again = master == _lastMaster;
                var since = again ? _lastSince : state.Time.GetUtcNow().UtcDateTime;
                (_lastMaster, _lastSince) = (master, since);
                if (!again) LogWatching(log, master, process.PidFile);
                // wait on the process; wake every second to notice the resource moving away
                while (!stop.IsCancellationRequested)
                {
                    if (process.WaitForExit(master, Recheck))
                    {
                        _lastMaster = 0; // dead: its pid may come back as another process
                        OnMasterExit(process, master, since);
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

    /// <summary>The master to watch, when the policy says this node should watch one and its pid file names our httpd.</summary>
    private (HttpdProcess Process, int Master)? WatchedMaster()
    {
        var snapshot = state.Snapshot;
        if (!Policy.ShouldWatch(snapshot.Cluster, snapshot.LastPoll)) return null;
        var process = new HttpdProcess(WebserverMetadata.DefaultHttpd(), PidFile());
        if (process.Find() is not { Master: { } master }) return null;
        Policy.MasterFound();
        return (process, master);
    }

    private string? _pidFile;

    private int _lastMaster;
    private DateTime _lastSince;

    /// <summary>The resource's pidfile parameter (asked once), else the agent's default for the resource.</summary>
    private string PidFile()
    {
        if (_pidFile is not null) return _pidFile;
        var resource = state.Options.WebserverResource;
        var value = _pacemaker.ResourceParameter(resource, "pidfile", TimeSpan.FromSeconds(5));
        return state.WebserverPidFile = _pidFile = value is not null && value.StartsWith('/') ? value : WebserverMetadata.DefaultPidFile(resource);
    }

    private void OnMasterExit(HttpdProcess process, int master, DateTime watchedSince)
    {
        var agentAtWork = OperationMarker.IsActive(process.PidFile, "stopping", watchedSinceUtc: watchedSince)
            || OperationMarker.IsActive(process.PidFile, "reloading", watchedSinceUtc: watchedSince);
        switch (Policy.OnMasterExit(agentAtWork, state.Snapshot.Cluster))
        {
            case MasterExitVerdict.Expected:
                LogExpectedExit(log, master);
                return;
            case MasterExitVerdict.HandsOff:
                return;
        }
        var now = state.Time.GetUtcNow();
        var resource = state.Options.WebserverResource;
        LogMasterDied(log, master, resource, state.LocalNode);
        // crm_resource --fail waits for the controller (a second or more while it runs a transition): report
        // beside the watch, which must be back in 200 ms to watch the successor, or a crash of the successor
        // before the report returns would go unseen until the monitor
        // on a thread of its own: the pool's threads may all be blocked in polls, and waiting for the pool to grow
        // one would delay the report by as much as the watch saves (0.7 s seen in the lab)
        var reporter = new Thread(() =>
        {
            try { Report(master, resource, now); }
            catch (Exception e) { LogFailReportFailed(log, e.Message); } // a report that failed is logged, never lost in a thread
        })
        { IsBackground = true, Name = "giragent-fail-report" };
        reporter.Start();
        // the dead master's workers may still serve for a while: when its listener first refuses, clients lost it
        if (Uri.TryCreate(state.Options.StatusUrl, UriKind.Absolute, out var url) && ListenerProbe.EndpointOf(url) is { } endpoint)
        {
            var prober = new Thread(() =>
            {
                var from = state.Time.GetUtcNow();
                if (ListenerProbe.FirstRefusal(endpoint, FastRecovery.OrphansServeAtMost, TimeSpan.FromMilliseconds(10)) is { } after
                    && after > TimeSpan.FromMilliseconds(20))
                    state.Ledger.ServedUntil(resource, from + after);
            })
            { IsBackground = true, Name = "giragent-listener-probe" };
            prober.Start();
        }
    }

    private void Report(int master, string resource, DateTimeOffset now)
    {
        var (recorded, output) = _pacemaker.ReportFailure(resource, state.LocalNode);
        if (!recorded) LogFailReportFailed(log, output);
        var e2 = FailoverEvent.Create(now, EventKind.FailedAction, EventCause.ResourceFailure, EventSource.Watcher, resource: resource, node: state.LocalNode,
            detail: $"httpd master {master} died; reported to Pacemaker at once" + (recorded ? "" : " (not recorded: check the daemon's privileges)"));
        state.Ledger.Record([e2]);
        EventLogging.Log(log, e2);
        state.RequestPoll();
    }

    [LoggerMessage(EventId = LogEventIds.WatchingHttpd, Level = LogLevel.Information, Message = "watching httpd master {Pid} ({PidFile})")]
    private static partial void LogWatching(ILogger logger, int pid, string pidFile);

    [LoggerMessage(EventId = LogEventIds.ExpectedHttpdExit, Level = LogLevel.Information, Message = "httpd master {Pid} exited during a stop or reload: expected")]
    private static partial void LogExpectedExit(ILogger logger, int pid);

    [LoggerMessage(EventId = LogEventIds.HttpdDied, Level = LogLevel.Warning, Message = "httpd master {Pid} died: reporting {GirResource} failed on {GirNode} to Pacemaker")]
    private static partial void LogMasterDied(ILogger logger, int pid, string girResource, string girNode);

    [LoggerMessage(EventId = LogEventIds.FailureReportFailed, Level = LogLevel.Error, Message = "could not report the failure to Pacemaker: {Reason}")]
    private static partial void LogFailReportFailed(ILogger logger, string reason);

    [LoggerMessage(EventId = LogEventIds.WatcherError, Level = LogLevel.Warning, Message = "httpd watcher: {Reason}")]
    private static partial void LogWatchError(ILogger logger, string reason);
}
