using System.Net;

namespace GirAgent.Daemon;

/// <summary>
/// The daemon's settings: /etc/giragent/giragent.json, overridden by GIRAGENT_* environment
/// variables (GIRAGENT_Listen=0.0.0.0:9664, GIRAGENT_FastRecovery=false, ...). With no file at all,
/// these defaults apply. See docs/daemon.md.
/// </summary>
internal sealed class DaemonOptions
{
    public const string DefaultConfigFile = "/etc/giragent/giragent.json";

    /// <summary>HTTP endpoint for /metrics, /health, /live, /events: address:port.</summary>
    public string Listen { get; set; } = "127.0.0.1:9664";
    /// <summary>PEM certificate and key: when both are set, the endpoint speaks HTTPS.</summary>
    public string? TlsCertificate { get; set; }
    public string? TlsKey { get; set; }
    /// <summary>Basic authentication for the HTTP endpoint (all but /live); the password as its SHA-256 hex.</summary>
    public string? BasicAuthUser { get; set; }
    public string? BasicAuthPasswordSha256 { get; set; }

    /// <summary>Unix socket for `giragent status` and `giragent events` (mode 0660, group haclient).</summary>
    public string Socket { get; set; } = Events.EventReader.DefaultSocket;
    public string SocketGroup { get; set; } = "haclient";

    public int PollIntervalSeconds { get; set; } = 5;
    public int CrmMonTimeoutSeconds { get; set; } = 10;
    public string StatusUrl { get; set; } = "http://localhost/server-status";
    public int StatusTimeoutSeconds { get; set; } = 5;

    /// <summary>Append-only failover event log, rotated past EventLogMaxBytes (one old file kept).</summary>
    public string EventLog { get; set; } = Events.EventReader.DefaultEventLog;
    public long EventLogMaxBytes { get; set; } = 16 * 1024 * 1024;

    /// <summary>Tell Pacemaker at once when httpd's master dies outside a stop (crm_resource --fail).</summary>
    public bool FastRecovery { get; set; } = true;
    public string WebserverResource { get; set; } = Pacemaker.ResourceIds.Webserver;

    /// <summary>The tenants file: with groups, the events of a group VIP's failover name its tenants, and gir_group_* its VIP and tenant count (read again when it changes).</summary>
    public string TenantsFile { get; set; } = Tenants.TenantsFile.DefaultPath;
    public string VipResource { get; set; } = Pacemaker.ResourceIds.Vip;

    /// <summary>
    /// Keep the four exporter names promtool's lint objects to (for existing dashboards); false leaves only their
    /// base-unit gir_* equivalents, and /metrics passes <c>promtool check metrics</c> without a remark.
    /// </summary>
    public bool CompatibleMetricNames { get; set; } = true;

    /// <summary>journald's socket; logs go to the console when it is absent.</summary>
    public string JournalSocket { get; set; } = Logging.JournalSink.DefaultSocket;

    /// <summary>Every problem with these settings, one line each (empty when they are usable).</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (!TryParseListen(Listen, out _)) errors.Add($"Listen '{Listen}' is not ADDRESS:PORT (e.g. 127.0.0.1:9664 or [::1]:9664)");
        if ((TlsCertificate is null) != (TlsKey is null)) errors.Add("TlsCertificate and TlsKey must be set together");
        if (TlsCertificate is not null && !File.Exists(TlsCertificate)) errors.Add($"TlsCertificate {TlsCertificate} not found");
        if (TlsKey is not null && !File.Exists(TlsKey)) errors.Add($"TlsKey {TlsKey} not found");
        if ((BasicAuthUser is null) != (BasicAuthPasswordSha256 is null)) errors.Add("BasicAuthUser and BasicAuthPasswordSha256 must be set together");
        if (BasicAuthPasswordSha256 is { } hash && (hash.Length != 64 || !hash.All(char.IsAsciiHexDigit)))
            errors.Add("BasicAuthPasswordSha256 must be 64 hex digits (sha256sum of the password)");
        if (PollIntervalSeconds is < 1 or > 3600) errors.Add($"PollIntervalSeconds {PollIntervalSeconds} is not 1-3600");
        if (CrmMonTimeoutSeconds is < 1 or > 300) errors.Add($"CrmMonTimeoutSeconds {CrmMonTimeoutSeconds} is not 1-300");
        if (StatusTimeoutSeconds is < 1 or > 300) errors.Add($"StatusTimeoutSeconds {StatusTimeoutSeconds} is not 1-300");
        if (!Uri.TryCreate(StatusUrl, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https"))
            errors.Add($"StatusUrl '{StatusUrl}' is not an http or https URL");
        if (!Path.IsPathRooted(Socket)) errors.Add($"Socket '{Socket}' is not an absolute path");
        else if (Posix.Native.FileType(Socket) is { } type && type != Posix.Native.SocketFileType)
            errors.Add($"Socket {Socket} exists and is not a socket: a mistyped path? (it is never replaced)");
        if (!Path.IsPathRooted(EventLog)) errors.Add($"EventLog '{EventLog}' is not an absolute path");
        else if (Directory.Exists(EventLog)) errors.Add($"EventLog {EventLog} is a directory, not a file");
        else if (Events.EventStore.WhyNotAnEventLog(EventLog) is { } why) errors.Add($"EventLog {why}");
        if (EventLogMaxBytes < 64 * 1024) errors.Add($"EventLogMaxBytes {EventLogMaxBytes} is below 65536");
        if (string.IsNullOrWhiteSpace(WebserverResource)) errors.Add("WebserverResource is empty");
        if (string.IsNullOrWhiteSpace(VipResource)) errors.Add("VipResource is empty");
        if (!Path.IsPathRooted(TenantsFile)) errors.Add($"TenantsFile '{TenantsFile}' is not an absolute path");
        return errors;
    }

    /// <summary>Settings that work but expose more than an operator may mean to, one line each.</summary>
    public IReadOnlyList<string> Warnings()
    {
        var warnings = new List<string>();
        if (TryParseListen(Listen, out var endpoint) && !IPAddress.IsLoopback(endpoint!.Address) && (TlsCertificate is null || BasicAuthUser is null))
        {
            var missing = TlsCertificate is null && BasicAuthUser is null ? "TLS and authentication" : TlsCertificate is null ? "TLS" : "authentication";
            warnings.Add($"Listen {Listen} is reachable from the network without {missing}: /metrics and /health answer anyone who can connect"
                + (BasicAuthUser is null ? "; /status and /events (they name every node, member and failover) are refused there until BasicAuthUser is set, and stay on the Unix socket" : "")
                + (TlsCertificate is null ? "; set TlsCertificate and TlsKey so that passwords and answers are not sent in clear" : ""));
        }
        return warnings;
    }

    /// <summary>
    /// Whether /status and /events may be answered over TCP to a client at <paramref name="remote"/>: from loopback
    /// always, from elsewhere only with authentication configured (they name every node, member and failover).
    /// </summary>
    public bool AllowsDetailsTo(IPAddress? remote) => BasicAuthUser is not null || remote is null || IPAddress.IsLoopback(remote)
        || (remote.IsIPv4MappedToIPv6 && IPAddress.IsLoopback(remote.MapToIPv4()));

    public static bool TryParseListen(string text, out IPEndPoint? endpoint)
    {
        endpoint = null;
        if (!IPEndPoint.TryParse(text, out var parsed) || parsed.Port == 0) return false;
        endpoint = parsed;
        return true;
    }
}
