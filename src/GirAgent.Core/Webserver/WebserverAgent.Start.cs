using System.Diagnostics;
using GirAgent.Httpd;
using GirAgent.Ocf;
using GirAgent.Posix;
using GirAgent.Time;

namespace GirAgent.Webserver;

internal sealed partial class WebserverAgent
{
    public OcfResult Start(OcfContext context)
    {
        var settings = Settings(context);
        var deadline = context.StartDeadline(StartTimeout);
        RequireValidParameters(settings);
        RequireInstalled(settings);
        // no httpd started that no monitor could ever check
        if (settings.StatusUrlError is { } statusUrl) throw OcfException.Generic(statusUrl + ": the monitor cannot check httpd");
        var process = Process(settings);

        var (running, orphans, note) = process.Find();
        if (running is not null)
        {
            var health = CheckHealth(settings, deadline, 0);
            if (health.Code == OcfExitCode.Success)
            {
                log.Info($"httpd already running (pid {running})");
                return OcfResult.Ok;
            }
            return health;
        }
        if (note is not null) log.Info(note);
        if (orphans.Count > 0)
        {
            // a killed master's children still hold the listening sockets
            log.Warn($"killing {orphans.Count} leftover httpd process(es) of this instance: {string.Join(' ', orphans)}");
            if (!KillAll(process, orphans, deadline))
                throw OcfException.Generic($"leftover httpd processes {string.Join(' ', orphans)} survived KILL");
        }

        var env = LoadEnvironment(settings, deadline);
        PrepareDirectories(settings, env);
        var digest = settings.Tenants is null ? null : RenderTenants(settings, env, deadline);
        TryDelete(settings.PidFile);

        var clock = Stopwatch.StartNew();
        var startup = StartupOutput.Before(Path.ChangeExtension(settings.PidFile, ".startup.log"), HttpdConfigReader.FindErrorLog(settings.ConfigFile, env));
        int master;
        try
        {
            Launch(settings, env, startup, deadline);
            master = WaitForPidFile(process, startup, deadline);
        }
        catch (OcfException) when (!deadline.IsExpired)
        {
            // httpd reads its whole configuration before it detaches, so a good start needs no `httpd -t` first (a
            // second parse in every failover); a failed one asks it whether the configuration is at fault, which is
            // OCF_ERR_CONFIGURED (every node has the same files: Pacemaker then tries no other node)
            ConfigTest(settings, env, deadline, "configuration");
            throw;
        }
        var result = WaitUntilServing(settings, process, master, startup, deadline);
        if (result.Code == OcfExitCode.Success)
        {
            log.Info($"httpd started (pid {master}) and serving in {clock.ElapsedMilliseconds} ms");
            if (digest is not null) PublishDigest(context, digest);
        }
        return result;
    }

    /// <summary>
    /// Creates what httpd needs at run time and a freshly booted node lacks (tmpfs /run, Debian's
    /// /var/lock/apache2), as apache2ctl or systemd-tmpfiles would. Existing directories are left as they are.
    /// </summary>
    private void PrepareDirectories(WebserverSettings settings, IReadOnlyDictionary<string, string> env)
    {
        var pidDir = Path.GetDirectoryName(settings.PidFile)!;
        EnsureDirectory(pidDir, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute, null);

        const UnixFileMode rwxr_xr_x = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute;
        env.TryGetValue("APACHE_RUN_USER", out var runUser);
        if (env.TryGetValue("APACHE_RUN_DIR", out var runDir) && runDir.StartsWith('/'))
        {
            EnsureDirectory(runDir, rwxr_xr_x, null);
            EnsureDirectory(Path.Combine(runDir, "socks"), rwxr_xr_x, runUser);
        }
        if (env.TryGetValue("APACHE_LOCK_DIR", out var lockDir) && lockDir.StartsWith('/'))
            EnsureDirectory(lockDir, rwxr_xr_x, runUser);
        if (env.TryGetValue("APACHE_LOG_DIR", out var logDir) && logDir.StartsWith('/'))
            EnsureDirectory(logDir, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute, null);
        if (Path.GetFileName(settings.Httpd) == "httpd" && Directory.Exists("/etc/httpd"))
            EnsureDirectory("/run/httpd", UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupExecute, null, groupOf: "apache");
    }

    private void EnsureDirectory(string path, UnixFileMode mode, string? owner, string? groupOf = null)
    {
        if (Directory.Exists(path)) return;
        try
        {
            Directory.CreateDirectory(path, mode);
            var user = owner ?? groupOf;
            if (user is not null && Native.LookupUser(user) is { } ids)
                Native.Chown(path, owner is null ? -1 : ids.Uid, ids.Gid);
            log.Info($"created {path}");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw OcfException.Generic($"cannot create {path}: {e.Message}");
        }
    }

    /// <summary>
    /// Starts httpd detached from the agent: standard input from /dev/null and its early output
    /// (before it opens its ErrorLog) into a startup log, so that no pipe of Pacemaker's stays
    /// open in the daemon and the reason of an early failure can be reported.
    /// </summary>
    private void Launch(WebserverSettings settings, IReadOnlyDictionary<string, string> env, StartupOutput startup, Deadline deadline)
    {
        CommandResult result;
        try
        {
            result = _runner.Run("/bin/sh",
                ["-c", "log=$1; shift; exec \"$@\" </dev/null >\"$log\" 2>&1", "sh", startup.StartupLog, settings.Httpd, .. HttpdArguments(settings)],
                AsNullable(env), deadline.Remaining);
        }
        catch (TimeoutException)
        {
            throw OcfException.Generic($"httpd did not detach within {deadline.Budget.TotalSeconds:0}s: {startup.Reason() ?? "no message"}");
        }
        if (!result.Success)
            throw OcfException.Generic($"httpd failed to start (exit {result.ExitCode}): {startup.Reason() ?? (result.Output.Length > 0 ? result.Output : "no message")}");
    }

    private int WaitForPidFile(HttpdProcess process, StartupOutput startup, Deadline deadline)
    {
        var step = TimeSpan.FromMilliseconds(5);
        while (true)
        {
            if (process.ReadPidFile() is { } pid && process.IsOurs(pid, out _))
                return pid;
            if (deadline.IsExpired)
                throw OcfException.Generic($"httpd wrote no pid file {process.PidFile} within {deadline.Budget.TotalSeconds:0}s: {startup.Reason() ?? "no output"}");
            // httpd writes its pid file after it binds its listeners; when it dies first, say why
            if (process.FindAll().Count == 0 && deadline.Elapsed > TimeSpan.FromMilliseconds(200))
            {
                Thread.Sleep(20);
                if (process.ReadPidFile() is null && process.FindAll().Count == 0)
                    throw OcfException.Generic($"httpd exited during start: {startup.Reason() ?? startup.NoMessage}");
            }
            Thread.Sleep(deadline.AtMost(step));
            if (step < TimeSpan.FromMilliseconds(100)) step *= 2;
        }
    }

    private OcfResult WaitUntilServing(WebserverSettings settings, HttpdProcess process, int master, StartupOutput startup, Deadline deadline)
    {
        var step = TimeSpan.FromMilliseconds(10);
        string? reason = null;
        while (true)
        {
            var attempt = new Deadline(deadline.AtMost(TimeSpan.FromSeconds(5)));
            var last = CheckHealth(settings, attempt, 0);
            if (last.Code is OcfExitCode.Success)
            {
                // clients are served from here on; the start's alert comes later (docs/events.md)
                ServingMark.Write(settings.PidFile, DateTimeOffset.UtcNow);
                return OcfResult.Ok;
            }
            // the reason told is the last attempt that had time to find one: the final attempt, cut short by the
            // deadline, would say only "no time left" and hide the 404 of a status page that is not configured
            if (reason is null || attempt.Budget >= TimeSpan.FromMilliseconds(500)) reason = last.Reason;
            if (deadline.IsExpired)
                return new OcfResult(OcfExitCode.ErrGeneric, $"httpd (pid {master}) started but not serving after {deadline.Budget.TotalSeconds:0}s: {reason}");
            if (process.WaitForExit(master, deadline.AtMost(step)))
                return new OcfResult(OcfExitCode.ErrGeneric, $"httpd (pid {master}) exited during start: {startup.Reason() ?? startup.NoMessage}");
            if (step < TimeSpan.FromMilliseconds(200)) step *= 2;
        }
    }

    /// <summary>
    /// Where httpd says why a start failed: its output before it opens its ErrorLog (the startup log), then what it
    /// appended to the ErrorLog during this start (a bind error, a module that will not load: an empty exit reason
    /// helps nobody at 3 a.m.).
    /// </summary>
    private sealed record StartupOutput(string StartupLog, string? ErrorLog, long ErrorLogOffset)
    {
        private const long MaxTail = 64 * 1024;

        public static StartupOutput Before(string startupLog, string? errorLog)
        {
            long offset = 0;
            try { if (errorLog is not null && File.Exists(errorLog)) offset = new FileInfo(errorLog).Length; }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
            return new StartupOutput(startupLog, errorLog, offset);
        }

        public string NoMessage => ErrorLog is null ? "see its ErrorLog" : $"nothing new in its ErrorLog {ErrorLog}";

        public string? Reason() => Summary(ReadFrom(StartupLog, 0)) ?? (ErrorLog is null ? null : Summary(ReadFrom(ErrorLog, ErrorLogOffset)));

        private static string? Summary(string? text)
        {
            if (string.IsNullOrWhiteSpace(text)) return null;
            // the ErrorLog's last line says what stopped the start ("[core:emerg] ... AH00015: Unable to open logs")
            var summary = SummarizeHttpdError(text);
            return summary == "no message" ? null : summary;
        }

        private static string? ReadFrom(string path, long offset)
        {
            try
            {
                if (!File.Exists(path)) return null;
                using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
                if (!stream.CanSeek || stream.Length <= offset) return null;
                stream.Position = Math.Max(offset, stream.Length - MaxTail);
                var bytes = new byte[stream.Length - stream.Position];
                stream.ReadExactly(bytes);
                return System.Text.Encoding.UTF8.GetString(bytes);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return null; }
        }
    }

    private static void TryDelete(string path)
    {
        try { File.Delete(path); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
    }
}
