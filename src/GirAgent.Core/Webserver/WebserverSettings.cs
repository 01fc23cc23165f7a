using System.Globalization;
using System.Text.RegularExpressions;
using GirAgent.Ocf;
using GirAgent.Posix;
using GirAgent.Tenants;

namespace GirAgent.Webserver;

/// <summary>
/// The webserver agent's parameters, typed and checked. <see cref="From"/> never touches the
/// system beyond <see cref="File.Exists"/>; problems are collected, not thrown, so that a probe
/// can still answer "not running" while validate-all and start report them.
/// </summary>
internal sealed record WebserverSettings
{
    public required string ConfigFile { get; init; }

    /// <summary>The environment the agent was run with (its action's): the base of httpd's, and what the configuration's variables read.</summary>
    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();
    public required string Httpd { get; init; }
    public required bool HttpdFound { get; init; }
    public int? Port { get; init; }
    public Uri? StatusUrl { get; init; }

    /// <summary>
    /// Why statusurl is unusable (not an http or https URL), else null. Not among <see cref="ConfigurationErrors"/>:
    /// as with ocf:heartbeat:apache (and resource-agents' ocft cases of it), a status URL that cannot be fetched
    /// fails the start and the monitor with a generic error; validate-all still calls it a configuration error.
    /// </summary>
    public string? StatusUrlError { get; init; }
    public Regex? TestRegex { get; init; }
    public string? TestUrl { get; init; }
    public Regex? TestRegex10 { get; init; }
    public IReadOnlyList<string> Options { get; init; } = [];
    public IReadOnlyList<string> EnvFiles { get; init; } = [];
    public bool UseIpv6 { get; init; }
    public required string PidFile { get; init; }
    public TimeSpan? DrainTimeout { get; init; }
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(5);
    public bool StatusTlsVerify { get; init; }

    /// <summary>The cluster's tenants document as the CIB holds it (decoded when rendered), or null: files managed by hand.</summary>
    public string? Tenants { get; init; }
    public string TenantsDirectory { get; init; } = "";

    /// <summary>Parameter errors (exit 6), one line each.</summary>
    public IReadOnlyList<string> ConfigurationErrors { get; init; } = [];

    /// <summary>Parameters set that the agent does not know (warned about, not fatal).</summary>
    public IReadOnlyList<string> UnknownParameters { get; init; } = [];

    private static readonly HashSet<string> DistributionPidFiles = new(StringComparer.Ordinal)
    {
        "/run/httpd/httpd.pid", "/var/run/httpd/httpd.pid", "/run/apache2/apache2.pid", "/var/run/apache2/apache2.pid",
        "/etc/httpd/run/httpd.pid",
    };

    public static WebserverSettings From(OcfContext context)
    {
        var errors = new List<string>();
        string? P(string name) => context.Parameter(name) is { } v && v.Trim().Length > 0 ? v.Trim() : null;

        var configFile = P("configfile") ?? WebserverMetadata.DefaultConfigFile();
        if (!Path.IsPathRooted(configFile)) errors.Add($"configfile '{configFile}' is not an absolute path");

        var httpd = P("httpd");
        var httpdFound = httpd is not null && IsExecutableFile(httpd);
        if (!httpdFound)
        {
            // as ocf:heartbeat:apache: fall back to the usual locations when the given one is absent
            var found = WebserverMetadata.HttpdCandidates.FirstOrDefault(IsExecutableFile);
            if (found is not null) { httpd = found; httpdFound = true; }
        }
        httpd ??= WebserverMetadata.DefaultHttpd();

        int? port = null;
        if (P("port") is { } portText)
        {
            if (int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out var p) && p is > 0 and < 65536) port = p;
            else errors.Add($"port '{portText}' is not a TCP port (1-65535)");
        }

        Uri? statusUrl = null;
        string? statusUrlError = null;
        if (P("statusurl") is { } statusText)
        {
            if (Uri.TryCreate(statusText, UriKind.Absolute, out var u) && u.Scheme is "http" or "https") statusUrl = u;
            else statusUrlError = $"statusurl '{statusText}' is not an http or https URL";
        }

        var testRegex = CompileRegex("testregex", P("testregex"), errors);
        var testRegex10 = CompileRegex("testregex10", P("testregex10"), errors);
        var testUrl = P("testurl");
        if (testUrl is not null && testUrl.StartsWith("http", StringComparison.OrdinalIgnoreCase)
            && !(Uri.TryCreate(testUrl, UriKind.Absolute, out var tu) && tu.Scheme is "http" or "https"))
            errors.Add($"testurl '{testUrl}' is not an http or https URL");
        if (context.Parameter("testurl") is { } rawTestUrl && rawTestUrl.Length > 0 && testUrl is null)
            errors.Add("testurl is an empty string");
        if (P("testconffile") is not null)
            errors.Add("testconffile is not supported by ocf:gir:webserver; use testurl and testregex10");

        IReadOnlyList<string> options = [];
        try { options = ShellWords.Split(context.Parameter("options")); }
        catch (FormatException e) { errors.Add($"options: {e.Message}"); }

        // envfiles: unset means the default; an empty string means none (as ocf:heartbeat:apache)
        var envText = context.Parameter("envfiles") ?? WebserverMetadata.DebianEnvFile;
        IReadOnlyList<string> envFiles = envText.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);

        var useIpv6 = OcfBoolean.Read("use_ipv6", context, errors) ?? false;
        var tlsVerify = OcfBoolean.Read("status_tls_verify", context, errors) ?? false;

        var pidFile = P("pidfile") ?? WebserverMetadata.DefaultPidFile(context.InstanceName);
        if (!Path.IsPathRooted(pidFile)) errors.Add($"pidfile '{pidFile}' is not an absolute path");
        else if (DistributionPidFiles.Contains(Path.GetFullPath(pidFile)))
            errors.Add($"pidfile '{pidFile}' is the distribution's own httpd pid file; give this instance its own");
        if (pidFile.Any(char.IsWhiteSpace)) errors.Add($"pidfile '{pidFile}' contains white space");

        TimeSpan? drain = ReadSeconds("drain_timeout", context, errors);
        var connect = ReadSeconds("connect_timeout", context, errors) ?? TimeSpan.FromSeconds(5);
        if (connect == TimeSpan.Zero) errors.Add("connect_timeout must be at least 1 second");

        var tenants = P(ClusterTenants.Parameter);
        var tenantsDir = P("tenants_dir");
        if (tenantsDir is not null && !Path.IsPathRooted(tenantsDir)) errors.Add($"tenants_dir '{tenantsDir}' is not an absolute path");
        tenantsDir ??= WebserverMetadata.DefaultTenantsDirectory(configFile);

        var unknown = context.ParameterNames.Where(n => !WebserverMetadata.ParameterNames.Contains(n) && n != "crm_feature_set").Order(StringComparer.Ordinal).ToList();

        return new WebserverSettings
        {
            ConfigFile = configFile,
            Environment = context.Environment,
            Httpd = httpd,
            HttpdFound = httpdFound,
            Port = port,
            StatusUrl = statusUrl,
            StatusUrlError = statusUrlError,
            TestRegex = testRegex,
            TestUrl = testUrl,
            TestRegex10 = testRegex10,
            Options = options,
            EnvFiles = envFiles,
            UseIpv6 = useIpv6,
            PidFile = pidFile,
            DrainTimeout = drain,
            ConnectTimeout = connect,
            StatusTlsVerify = tlsVerify,
            Tenants = tenants,
            TenantsDirectory = tenantsDir,
            ConfigurationErrors = errors,
            UnknownParameters = unknown,
        };
    }

    private static bool IsExecutableFile(string path)
    {
        try
        {
            if (!File.Exists(path)) return false;
            var mode = File.GetUnixFileMode(path);
            return (mode & (UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute)) != 0;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return false; }
    }

    private static Regex? CompileRegex(string name, string? pattern, List<string> errors)
    {
        if (pattern is null) return null;
        try
        {
            return new Regex(pattern, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeSpan.FromSeconds(2));
        }
        catch (ArgumentException e)
        {
            errors.Add($"{name} '{pattern}' is not a valid regular expression: {e.Message}");
            return null;
        }
    }

    private static TimeSpan? ReadSeconds(string name, OcfContext context, List<string> errors)
    {
        var text = context.Parameter(name)?.Trim();
        if (string.IsNullOrEmpty(text)) return null;
        var number = text.EndsWith('s') ? text[..^1] : text;
        if (int.TryParse(number, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) && seconds <= 86400)
            return TimeSpan.FromSeconds(seconds);
        errors.Add($"{name} '{text}' is not a number of seconds (0-86400)");
        return null;
    }
}
