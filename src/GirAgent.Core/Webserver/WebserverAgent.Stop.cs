using System.Diagnostics;
using GirAgent.Httpd;
using GirAgent.Net;
using GirAgent.Ocf;
using GirAgent.Posix;
using GirAgent.Time;

namespace GirAgent.Webserver;

internal sealed partial class WebserverAgent
{
    /// <summary>
    /// Graceful stop (WINCH) for up to drain_timeout, then TERM, then KILL to the instance's
    /// process group; every wait is on the processes themselves and inside the deadline. Only
    /// processes carrying this instance's mark are ever signalled. A server with no request in
    /// flight has nothing to drain and gets TERM at once (httpd's graceful stop waits out a
    /// one-second maintenance tick). Stopping a stopped instance succeeds.
    /// </summary>
    public OcfResult Stop(OcfContext context)
    {
        var settings = Settings(context);
        var deadline = context.StartDeadline(StopTimeout);
        var process = Process(settings);
        var clock = Stopwatch.StartNew();

        var (master, orphans, note) = process.Find();
        if (note is not null) log.Info(note);
        using var marker = master is null && orphans.Count == 0 ? null : OperationMarker.Create(settings.PidFile, "stopping");
        if (master is { } pid)
        {
            var drain = deadline.AtMost(settings.DrainTimeout ?? deadline.Remaining / 2);
            var exited = false;
            if (drain > TimeSpan.Zero && !IsIdle(settings, deadline))
            {
                exited = !HttpdProcess.Signal(pid, Native.SIGWINCH) || process.WaitForExit(pid, drain);
                if (!exited) log.Warn($"httpd (pid {pid}) still running {drain.TotalSeconds:0.#}s after graceful stop; sending TERM");
            }
            if (!exited)
            {
                var termWait = deadline.AtMost(TimeSpan.FromTicks(Math.Max(deadline.Remaining.Ticks - TimeSpan.FromSeconds(2).Ticks, deadline.Remaining.Ticks / 2)));
                if (HttpdProcess.Signal(pid, Native.SIGTERM) && !process.WaitForExit(pid, termWait))
                {
                    log.Warn($"httpd (pid {pid}) ignored TERM; killing its process group");
                    KillGroup(process, pid);
                    process.WaitForExit(pid, deadline.AtMost(TimeSpan.FromSeconds(2)));
                }
            }
            // children the master left behind
            orphans = process.FindAll();
        }

        if (orphans.Count > 0)
        {
            log.Warn($"killing {orphans.Count} leftover httpd process(es) of this instance: {string.Join(' ', orphans)}");
            if (!KillAll(process, orphans, deadline))
                return new OcfResult(OcfExitCode.ErrGeneric, $"httpd process(es) {string.Join(' ', process.FindAll())} survived KILL");
        }
        if (master is { } m && process.Stat(m) is { HasExited: false } && process.IsOurs(m, out _))
            return new OcfResult(OcfExitCode.ErrGeneric, $"httpd (pid {m}) is still running after {deadline.Budget.TotalSeconds:0}s");

        TryDelete(settings.PidFile);
        if (master is not null) log.Info($"httpd (pid {master}) stopped in {clock.ElapsedMilliseconds} ms");
        // the files stay, but the next start renders the cluster's document again: this node serves no tenants now
        if (master is not null && settings.Tenants is not null) PublishDigest(context, null);
        return OcfResult.Ok;
    }

    /// <summary>
    /// True when server-status shows no request in flight but the status request itself. Unknown
    /// (no status page, testregex mode, an error) counts as busy: then the stop is graceful.
    /// </summary>
    private bool IsIdle(WebserverSettings settings, Deadline deadline)
    {
        if (settings.TestRegex is not null) return false;
        var status = ServerStatusClient.TryRead(StatusUrl(settings), new Deadline(deadline.AtMost(TimeSpan.FromSeconds(1))),
            new HttpProbe.Options(deadline.AtMost(TimeSpan.FromSeconds(1)), settings.StatusTlsVerify));
        return status?.BusyWorkers is <= 1 && (status.ConnsAsyncWriting ?? 0) == 0;
    }

    /// <summary>KILLs <paramref name="pids"/> (all carrying the instance's mark) and waits for them; true when none is left.</summary>
    private static bool KillAll(HttpdProcess process, IReadOnlyList<int> pids, Deadline deadline)
    {
        foreach (var pid in pids) HttpdProcess.Signal(pid, Native.SIGKILL);
        foreach (var pid in pids) process.WaitForExit(pid, deadline.Remaining);
        return process.FindAll().Count == 0;
    }

    private static void KillGroup(HttpdProcess process, int master)
    {
        // httpd's master calls setsid(): it leads its own group. Signal the group only when that holds.
        if (process.Stat(master) is { ProcessGroup: var group } && group == master)
            HttpdProcess.Signal(-group, Native.SIGKILL);
        else
            HttpdProcess.Signal(master, Native.SIGKILL);
    }
}
