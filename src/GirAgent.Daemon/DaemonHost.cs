using System.Runtime.InteropServices;
using System.Security.Cryptography.X509Certificates;
using GirAgent.Events;
using GirAgent.Posix;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Serilog;
using Serilog.Events;

namespace GirAgent.Daemon;

/// <summary>
/// `giragent daemon`: the Generic Host with Kestrel's slim builder, the poller, the httpd watcher,
/// the endpoints on TCP and on the Unix socket, logs to journald (or the console), and systemd's
/// notify protocol. Returns the process exit code.
/// </summary>
internal static class DaemonHost
{
    public static int Run(string? configFile, bool checkOnly, TextWriter stdout, TextWriter stderr)
    {
        DaemonOptions options;
        try
        {
            options = LoadOptions(configFile);
        }
        catch (Exception e) when (e is InvalidDataException or IOException or FormatException or InvalidOperationException)
        {
            stderr.WriteLine($"giragent daemon: configuration: {e.Message}");
            return 1;
        }
        var errors = options.Validate();
        if (errors.Count > 0)
        {
            foreach (var error in errors) stderr.WriteLine($"giragent daemon: configuration: {error}");
            return 1;
        }
        if (checkOnly)
        {
            foreach (var warning in options.Warnings()) stderr.WriteLine($"giragent daemon: warning: {warning}");
            stdout.WriteLine($"configuration OK ({configFile ?? DaemonOptions.DefaultConfigFile}{(File.Exists(configFile ?? DaemonOptions.DefaultConfigFile) ? "" : ": absent, defaults")})");
            stdout.WriteLine($"  listen {options.Listen}{(options.TlsCertificate is null ? "" : " (https)")}{(options.BasicAuthUser is null ? "" : " (basic auth)")}, socket {options.Socket}");
            stdout.WriteLine($"  poll every {options.PollIntervalSeconds}s, crm_mon timeout {options.CrmMonTimeoutSeconds}s, status {options.StatusUrl} timeout {options.StatusTimeoutSeconds}s");
            stdout.WriteLine($"  metrics: {(options.CompatibleMetricNames ? "with the exporters' legacy names" : "base-unit names only (promtool-clean)")}");
            stdout.WriteLine($"  events {options.EventLog} (rotate at {options.EventLogMaxBytes} bytes), fast recovery {(options.FastRecovery ? "on" : "off")} for {options.WebserverResource}");
            return 0;
        }

        // nothing the daemon creates (directories, the event log, the socket before its chmod) is ever open to
        // others, whatever umask started it: a socket or log anyone could write would let anyone fake a failover
        Posix.Native.NarrowUmask(Posix.Native.UmaskPrivate);
        var gcWarning = GcBudget.ApplyByReexec(Environment.GetCommandLineArgs());
        using var logger = CreateLogger(options);
        if (gcWarning is not null) logger.Warning("{Reason}", gcWarning);
        try
        {
            return Serve(options, logger);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidOperationException or System.Net.Sockets.SocketException)
        {
            logger.Fatal("giragent daemon cannot start: {Reason}", e.Message);
            stderr.WriteLine($"giragent daemon: cannot start: {e.Message}");
            return 1;
        }
    }

    /// <summary>The settings: the JSON file when present (required when named explicitly), then GIRAGENT_* variables.</summary>
    public static DaemonOptions LoadOptions(string? configFile)
    {
        // the configuration builder resolves a relative path against the binary's directory, not the caller's
        var path = Path.GetFullPath(configFile ?? DaemonOptions.DefaultConfigFile);
        if (configFile is not null && !File.Exists(configFile)) throw new IOException($"{configFile}: no such file");
        if (File.Exists(path))
        {
            CheckJson(path);
            try
            {
                // a misspelt setting in the file is an error, not a silently ignored line (GIRAGENT_* variables
                // are not checked so: other tools use that prefix too, e.g. GIRAGENT_OPTIONS in the unit)
                new ConfigurationBuilder().AddJsonFile(path, optional: false, reloadOnChange: false).Build()
                    .Bind(new DaemonOptions(), binder => binder.ErrorOnUnknownConfiguration = true);
            }
            catch (InvalidOperationException e) when (e.Message.Contains("ErrorOnUnknownConfiguration", StringComparison.Ordinal))
            {
                var names = e.Message[(e.Message.LastIndexOf(": ", StringComparison.Ordinal) + 2)..];
                throw new InvalidDataException($"{path}: unknown setting(s) {names} (the settings are listed in docs/daemon.md)");
            }
        }
        var configuration = new ConfigurationBuilder()
            .AddJsonFile(path, optional: true, reloadOnChange: false)
            .AddEnvironmentVariables("GIRAGENT_")
            .Build();
        var options = new DaemonOptions();
        configuration.Bind(options);
        return options;
    }

    /// <summary>The file is one JSON object; otherwise says where it breaks (the configuration library would only say that it failed).</summary>
    private static void CheckJson(string path)
    {
        try
        {
            using var stream = File.OpenRead(path);
            using var document = System.Text.Json.JsonDocument.Parse(stream, new System.Text.Json.JsonDocumentOptions { CommentHandling = System.Text.Json.JsonCommentHandling.Skip, AllowTrailingCommas = true });
            if (document.RootElement.ValueKind != System.Text.Json.JsonValueKind.Object) throw new InvalidDataException($"{path}: a JSON object {{ ... }} is expected");
        }
        catch (System.Text.Json.JsonException e)
        {
            throw new InvalidDataException($"{path}: not valid JSON at line {(e.LineNumber ?? 0) + 1}, byte {(e.BytePositionInLine ?? 0) + 1}");
        }
    }

    private static Serilog.Core.Logger CreateLogger(DaemonOptions options)
    {
        var config = new LoggerConfiguration().MinimumLevel.Information()
            .MinimumLevel.Override("Microsoft", LogEventLevel.Warning)
            .Enrich.FromLogContext()
            .Enrich.With<Logging.ExceptionReason>();
        // the journal when systemd runs us (or another socket was configured); an operator's shell gets the console
        var underSystemd = Environment.GetEnvironmentVariable("INVOCATION_ID") is not null || Environment.GetEnvironmentVariable("JOURNAL_STREAM") is not null;
        var toJournal = File.Exists(options.JournalSocket) && (underSystemd || options.JournalSocket != Logging.JournalSink.DefaultSocket);
        config = toJournal
            ? config.WriteTo.Sink(new Logging.JournalSink(options.JournalSocket))
            : config.WriteTo.Console(outputTemplate: "{Timestamp:yyyy-MM-dd HH:mm:ss.fff} {Level:u3} {Message:lj}{ExceptionReason:l}{NewLine}", standardErrorFromLevel: LogEventLevel.Verbose);
        return config.CreateLogger();
    }

    /// <summary>The event log, or an error that names it (the runtime's own message names only a path).</summary>
    private static EventStore OpenEventLog(DaemonOptions options)
    {
        try { return new EventStore(options.EventLog, options.EventLogMaxBytes); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new IOException($"event log {options.EventLog} (setting EventLog): {e.Message}", e);
        }
    }

    private static int Serve(DaemonOptions options, Serilog.Core.Logger logger)
    {
        // the two poll loops block pool threads in crm_mon and server-status; with the pool's default minimum (the
        // CPU count) a scrape or an alert could wait for the pool to grow (hundreds of ms) behind them
        ThreadPool.GetMinThreads(out var workers, out var io);
        ThreadPool.SetMinThreads(Math.Max(workers, 8), io);
        // No configuration of the host's own (appsettings.json, ASPNETCORE_*): the daemon's settings are its file and
        // GIRAGENT_*. Above all no reload watch: the host watched its content root, the working directory, with
        // inotify on every directory below it (all of / under systemd); a working directory outside the process's
        // root (a shell inside a chroot) made that walk recurse until the stack overflowed.
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            Args = ["--hostBuilder:reloadConfigOnChange=false"],
            ContentRootPath = "/",
        });
        builder.Configuration.Sources.Clear();
        builder.Logging.ClearProviders();
        builder.Logging.AddSerilog(logger);
        builder.Services.AddSystemd();
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton<ICommandRunner>(CommandRunner.Default);
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton(OpenEventLog(options));
        builder.Services.AddSingleton<DaemonState>();
        builder.Services.AddSingleton<ServiceNotifier>();
        builder.Services.AddHostedService<Poller>();
        builder.Services.AddHostedService<HttpdWatcher>();

        DaemonOptions.TryParseListen(options.Listen, out var endpoint);
        var madeSocketDirectory = PrepareSocket(options.Socket);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxConcurrentConnections = 256;
            kestrel.Limits.MaxRequestBodySize = 1024 * 1024;
            kestrel.Limits.RequestHeadersTimeout = TimeSpan.FromSeconds(10);
            kestrel.Listen(endpoint!, listen =>
            {
                listen.Protocols = HttpProtocols.Http1;
                if (options.TlsCertificate is { } cert && options.TlsKey is { } key)
                    listen.UseHttps(X509Certificate2.CreateFromPemFile(cert, key));
            });
            kestrel.ListenUnixSocket(options.Socket, listen => listen.Protocols = HttpProtocols.Http1);
        });

        var app = builder.Build();
        var state = app.Services.GetRequiredService<DaemonState>();
        Endpoints.Map(app, state);
        StatusPageEndpoints.Map(app, state);
        var notifier = app.Services.GetRequiredService<ServiceNotifier>();
        app.Lifetime.ApplicationStarted.Register(() => SecureSocket(options, madeSocketDirectory, logger));
        app.Lifetime.ApplicationStopping.Register(notifier.Stopping);

        foreach (var warning in options.Warnings()) logger.Warning("configuration: {Reason}", warning);
        foreach (var warning in state.Ledger.LogWarnings) logger.Warning("event log: {Reason}", warning);
        if (state.Ledger.ReplayedAlerts.Count > 0)
            logger.Warning("told {Count} events from alerts the previous run had accepted and not yet told (it stopped while they waited for a snapshot)",
                state.Ledger.ReplayedAlerts.Count);
        foreach (var e in state.Ledger.ReplayedAlerts) EventLogging.Log(app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("GirAgent.Daemon.Alerts"), e);
        logger.Information("giragent daemon {Version} on {Node}: http {Listen}, socket {Socket}, events {EventLog}, gen0 budget {Gen0Budget} KiB",
            typeof(DaemonHost).Assembly.GetName().Version?.ToString(3), state.LocalNode, options.Listen, options.Socket, options.EventLog, GcBudget.Current / 1024);
        // SIGHUP (a closed terminal, a habit of 'kill -HUP' to reload) must not stop the daemon: it has nothing to reopen
        using var hangup = PosixSignalRegistration.Create(PosixSignal.SIGHUP, signal =>
        {
            signal.Cancel = true;
            logger.Information("SIGHUP ignored: nothing to reopen (logs go to journald, the event log is opened at each append); 'systemctl restart giragent' reads changed settings");
        });
        app.Run();
        return 0;
    }

    /// <summary>Makes the socket's directory when missing (true when it did) and removes a stale socket.</summary>
    private static bool PrepareSocket(string path)
    {
        var directory = Path.GetDirectoryName(path)!;
        var made = !Directory.Exists(directory);
        Directory.CreateDirectory(directory, DirectoryMode);
        var type = Posix.Native.FileType(path);
        if (type == Posix.Native.SocketFileType) File.Delete(path); // a stale socket from a previous run
        else if (type is not null) // a mistyped setting must not cost a file
            throw new IOException($"Socket {path} exists and is not a socket: a mistyped path? (it is never replaced)");
        return made;
    }

    /// <summary>Directories the daemon makes: rwxr-x--- (the group may read the event log and reach the socket).</summary>
    internal const UnixFileMode DirectoryMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
        | UnixFileMode.GroupRead | UnixFileMode.GroupExecute;

    /// <summary>
    /// 0660 and group haclient (when it exists): who may read the cluster may read the daemon. A directory the daemon made
    /// for the socket goes to the group too: run by root outside its unit (no RuntimeDirectory), it would be root:root
    /// 0750, and Pacemaker's alert agent, run as hacluster, could not reach the socket: every alert lost without a word.
    /// </summary>
    private static void SecureSocket(DaemonOptions options, bool madeDirectory, Serilog.ILogger logger)
    {
        try
        {
            File.SetUnixFileMode(options.Socket, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.GroupWrite);
            if (Posix.Native.LookupGroup(options.SocketGroup) is not { } gid)
                logger.Warning("socket {Socket}: group {Group} does not exist: only the daemon's own user and group can use it", options.Socket, options.SocketGroup);
            else
            {
                if (madeDirectory && Posix.Native.Chown(Path.GetDirectoryName(options.Socket)!, -1, gid) != 0)
                    logger.Warning("socket directory {Directory}: cannot give it to group {Group}: {Reason}; the alert agent (run as hacluster) cannot reach the socket and alerts are lost",
                        Path.GetDirectoryName(options.Socket), options.SocketGroup, new System.ComponentModel.Win32Exception(Marshal.GetLastPInvokeError()).Message);
                if (Posix.Native.Chown(options.Socket, -1, gid) != 0)
                    logger.Warning("socket {Socket}: cannot give it to group {Group}: {Reason}; only the daemon's own user and group can use it (the alert agent and giragent status need the group)",
                        options.Socket, options.SocketGroup, new System.ComponentModel.Win32Exception(Marshal.GetLastPInvokeError()).Message);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            logger.Warning("cannot set the mode of {Socket}: {Reason}", options.Socket, e.Message);
        }
    }
}
