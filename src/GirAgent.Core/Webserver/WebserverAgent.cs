using GirAgent.Httpd;
using GirAgent.Ocf;
using GirAgent.Posix;
using GirAgent.Time;

namespace GirAgent.Webserver;

/// <summary>
/// ocf:gir:webserver: Apache httpd as a Pacemaker resource. The actions live in partial files by
/// concern (Start, Stop, Monitor, Reload); this file holds what they share.
/// </summary>
internal sealed partial class WebserverAgent(OcfLog log, ICommandRunner? runner = null, ProcFs? procFs = null) : IResourceAgent
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(40);
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan MonitorTimeout = TimeSpan.FromSeconds(20);
    private static readonly TimeSpan ValidateTimeout = TimeSpan.FromSeconds(20);

    private readonly ICommandRunner _runner = runner ?? CommandRunner.Default;
    private readonly ProcFs _proc = procFs ?? ProcFs.Default;
    private AgentMetadata? _metadata;

    public AgentMetadata Metadata => _metadata ??= WebserverMetadata.Create();

    public OcfResult Validate(OcfContext context)
    {
        var settings = Settings(context);
        var deadline = context.StartDeadline(ValidateTimeout);
        RequireValidParameters(settings);
        if (settings.StatusUrlError is { } statusUrl) throw OcfException.Configured(statusUrl);
        RequireInstalled(settings);
        var env = LoadEnvironment(settings, deadline);
        ConfigTest(settings, env, deadline, "configuration");
        return OcfResult.Ok;
    }

    private WebserverSettings Settings(OcfContext context)
    {
        var settings = WebserverSettings.From(context);
        foreach (var name in settings.UnknownParameters)
            log.Warn($"unknown parameter '{name}' is ignored");
        return settings;
    }

    private HttpdProcess Process(WebserverSettings settings) => new(settings.Httpd, settings.PidFile, _proc);

    private static void RequireValidParameters(WebserverSettings settings)
    {
        if (settings.ConfigurationErrors.Count == 0) return;
        var more = settings.ConfigurationErrors.Count > 1 ? $" (and {settings.ConfigurationErrors.Count - 1} more)" : "";
        throw OcfException.Configured(settings.ConfigurationErrors[0] + more);
    }

    private static void RequireInstalled(WebserverSettings settings)
    {
        if (!settings.HttpdFound)
            throw OcfException.Installed($"httpd binary {settings.Httpd} not found or not executable");
        if (Directory.Exists(settings.ConfigFile))
            throw OcfException.Installed($"configfile {settings.ConfigFile} is a directory, not httpd's configuration file (its httpd.conf or apache2.conf?)");
        if (!File.Exists(settings.ConfigFile))
            throw OcfException.Installed($"configuration file {settings.ConfigFile} not found");
    }

    /// <summary>httpd's environment: ours plus what the envfiles export.</summary>
    private IReadOnlyDictionary<string, string> LoadEnvironment(WebserverSettings settings, Deadline deadline)
    {
        var baseEnv = settings.Environment.ToDictionary(e => e.Key, e => (string?)e.Value, StringComparer.Ordinal);
        // Debian's envvars derives its instance suffix from APACHE_CONFDIR (/etc/apache2-NAME)
        var configDir = Path.GetDirectoryName(settings.ConfigFile);
        if (configDir is not null && configDir.StartsWith("/etc/apache2", StringComparison.Ordinal))
            baseEnv["APACHE_CONFDIR"] = configDir;
        baseEnv["LANG"] = "C";
        try
        {
            return EnvFiles.Load(_runner, settings.EnvFiles, baseEnv, deadline.AtMost(TimeSpan.FromSeconds(10)));
        }
        catch (InvalidOperationException e)
        {
            throw OcfException.Configured(e.Message);
        }
    }

    /// <summary>The arguments every httpd run of this instance gets: our defines, the operator's options, config and pid file.</summary>
    private static List<string> HttpdArguments(WebserverSettings settings) =>
        ["-DSTATUS", .. settings.Options, "-f", settings.ConfigFile, "-c", "PidFile " + settings.PidFile];

    /// <summary>Runs httpd -t; throws with httpd's own words when the configuration is rejected.</summary>
    private void ConfigTest(WebserverSettings settings, IReadOnlyDictionary<string, string> env, Deadline deadline, string what)
    {
        CommandResult result;
        try
        {
            result = _runner.Run(settings.Httpd, [.. HttpdArguments(settings), "-t"], AsNullable(env), deadline.AtMost(TimeSpan.FromSeconds(30)));
        }
        catch (TimeoutException e)
        {
            throw OcfException.Generic($"{what} test: {e.Message}");
        }
        catch (IOException e)
        {
            throw OcfException.Installed(e.Message);
        }
        if (!result.Success)
            throw OcfException.Configured(Rejected(what, result.Output));
        log.Debug("httpd -t: " + result.Output);
    }

    /// <summary>The reason of a rejected configuration: httpd's cause first, so the 128-character exit reason keeps it.</summary>
    internal static string Rejected(string what, string httpdOutput) => $"{SummarizeHttpdError(httpdOutput)}: httpd -t rejects the {what}";

    internal static IReadOnlyDictionary<string, string?> AsNullable(IReadOnlyDictionary<string, string> env) =>
        env.ToDictionary(kv => kv.Key, kv => (string?)kv.Value, StringComparer.Ordinal);

    /// <summary>
    /// httpd's error output in one short line, what is wrong first: "Invalid command 'Foo' ... (line
    /// 3 of httpd.conf)" rather than the full path first, so it survives the 128-character exit reason.
    /// The fully-qualified-domain-name notice and "Syntax OK" are dropped.
    /// </summary>
    internal static string SummarizeHttpdError(string output)
    {
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(l => !l.Contains("AH00558", StringComparison.Ordinal) && l != "Syntax OK")
            .ToList();
        if (lines.Count == 0) return "no message";
        var syntax = SyntaxErrorLine().Match(lines[0]);
        if (syntax.Success)
        {
            // "Syntax error on line N of FILE: MESSAGE" (one line), or the message on the next line; an Include nests
            // them ("... of apache2.conf: Syntax error on line 1 of loop.conf: ... Exceeded maximum include depth"):
            // the innermost says what is wrong and where, the preambles would push it past the 128 characters
            var what = syntax.Groups[3].Value.Trim() is { Length: > 0 } inline ? inline : lines.Count > 1 ? lines[1] : "syntax error";
            var nesting = 0;
            while (SyntaxErrorLine().Match(what) is { Success: true } inner)
            {
                syntax = inner;
                nesting++;
                what = inner.Groups[3].Value.Trim() is { Length: > 0 } next ? next : "syntax error";
            }
            return $"{what} (line {syntax.Groups[1].Value} of {Path.GetFileName(syntax.Groups[2].Value)}{(nesting > 0 ? $", {nesting} deep" : "")})";
        }
        return string.Join(" ", lines.Take(3));
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"Syntax error on line (\d+) of ([^:]+?):(.*)$")]
    private static partial System.Text.RegularExpressions.Regex SyntaxErrorLine();
}
