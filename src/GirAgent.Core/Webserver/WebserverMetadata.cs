using GirAgent.Ocf;

namespace GirAgent.Webserver;

/// <summary>The parameters and actions of ocf:gir:webserver: every ocf:heartbeat:apache parameter with its name and meaning, and girlb's own.</summary>
internal static class WebserverMetadata
{
    public const string AgentName = "webserver";
    public const string DebianConfig = "/etc/apache2/apache2.conf";
    public const string RedHatConfig = "/etc/httpd/conf/httpd.conf";
    public const string SuseConfig = "/etc/apache2/httpd.conf";
    public const string DebianEnvFile = "/etc/apache2/envvars";
    public const string PidDirectory = "/run/girlb";

    /// <summary>The httpd programs looked for, in ocf:heartbeat:apache's order, when the given one is absent.</summary>
    public static readonly IReadOnlyList<string> HttpdCandidates =
        ["/sbin/httpd2", "/usr/sbin/httpd2", "/usr/sbin/apache2", "/sbin/httpd", "/usr/sbin/httpd", "/usr/sbin/apache"];

    /// <summary>
    /// The parameter names, for telling unknown parameters apart on every action without building
    /// the meta-data (whose defaults probe the file system). A test keeps it equal to <see cref="Create"/>'s.
    /// </summary>
    public static readonly IReadOnlyList<string> ParameterNames =
    [
        "configfile", "httpd", "port", "statusurl", "testregex", "client", "testurl", "testregex10", "testconffile",
        "testname", "options", "envfiles", "use_ipv6", "pidfile", "drain_timeout", "connect_timeout", "status_tls_verify",
        "tenants", "tenants_dir",
    ];

    public static string DefaultConfigFile() =>
        File.Exists(SuseConfig) ? SuseConfig : File.Exists(DebianConfig) ? DebianConfig : RedHatConfig;

    public static string DefaultHttpd() => HttpdCandidates.FirstOrDefault(File.Exists) ?? "/usr/sbin/httpd";

    public static string DefaultPidFile(string instance) => $"{PidDirectory}/webserver-{SafeFileName(instance)}.pid";

    public static string SafeFileName(string instance)
    {
        var chars = instance.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '_').ToArray();
        var name = new string(chars).TrimStart('.');
        return name.Length == 0 ? "default" : name;
    }

    public static AgentMetadata Create() => new(
        AgentName,
        typeof(WebserverMetadata).Assembly.GetName().Version?.ToString(3) ?? "0.1.0",
        "Manages an Apache httpd instance (drop-in for ocf:heartbeat:apache)",
        """
        girlb's agent for Apache httpd, a drop-in replacement for ocf:heartbeat:apache: the same
        parameters keep their names and meaning.

        start checks the configuration (httpd -t) first, starts httpd with a pid file of its own
        (never the distribution's), creates the runtime directories httpd needs and returns once
        the status URL answers, within the operation timeout.

        monitor (OCF_CHECK_LEVEL 0) proves that the master process is this instance's httpd (not a
        reused pid, not a zombie) and that the status URL answers with a real mod_status page
        (server-status?auto, parsed). Level 10 also fetches testurl and matches testregex10.
        Level 20 also reads the ProxyBalancer lines that "ProxyStatus On" adds and reports
        degraded (190) when a balancer has members in error.

        tenants holds the cluster's tenants document (set by 'giragent tenants apply' and 'giragent
        members'): start renders it into tenants_dir, checked with httpd -t in place, before httpd
        starts; when it changes, reload-agent renders it and restarts httpd gracefully. Without it,
        httpd's files are managed by hand, as with ocf:heartbeat:apache.

        stop sends a graceful stop, then TERM, then KILL to this instance's process group only,
        waiting on the processes themselves. reload checks the new configuration and only then
        asks httpd for a graceful restart: a bad configuration leaves the running server as it is.

        Make sure the status page is reachable only from localhost.
        """,
        Parameters(),
        [
            new ActionSpec("start", 40),
            new ActionSpec("stop", 60),
            new ActionSpec("status", 30),
            new ActionSpec("monitor", 20, IntervalSeconds: 10, Depth: 0),
            new ActionSpec("reload", 40),
            new ActionSpec("reload-agent", 60),
            new ActionSpec("meta-data", 5),
            new ActionSpec("validate-all", 20),
            // no "usage": the agent answers it, but Pacemaker never runs it, and pcs 0.12 turns every advertised
            // action into an operation of the resource in the CIB
        ]);

    private static List<ParameterSpec> Parameters() =>
    [
        new("configfile", ParameterType.String, "configuration file path",
            "The full pathname of the httpd configuration file. The default is the distribution's: /etc/httpd/conf/httpd.conf on EL, /etc/apache2/apache2.conf on Debian.",
            DefaultConfigFile(), Unique: true),
        new("httpd", ParameterType.String, "httpd binary path",
            "The full pathname of the httpd binary: /usr/sbin/httpd on EL, /usr/sbin/apache2 on Debian. When the given file does not exist, the usual locations are tried, as ocf:heartbeat:apache does.",
            DefaultHttpd()),
        new("port", ParameterType.Integer, "httpd port",
            "The port the status URL is built with when statusurl is not set. By default the first Listen directive of the configuration, else 80."),
        new("statusurl", ParameterType.String, "status URL",
            "The URL of mod_status (server-status). The agent adds '?auto' and parses the answer. By default it is built from the configuration's Listen directive: http://localhost:PORT/server-status. Make sure it answers only from localhost.",
            null),
        new("testregex", ParameterType.String, "monitor regular expression",
            "A case-insensitive regular expression to match in the answer of statusurl. When set, statusurl is fetched as given and matched against it (ocf:heartbeat:apache's way) instead of being parsed as a mod_status page."),
        new("client", ParameterType.String, "http client (unused)",
            "Accepted for compatibility with ocf:heartbeat:apache; girlb has its own HTTP client, so curl or wget are neither needed nor used.", ""),
        new("testurl", ParameterType.String, "test URL (level 10)",
            "A URL fetched by monitors with OCF_CHECK_LEVEL 10 or more. A URL that does not start with http is relative to the status URL's server."),
        new("testregex10", ParameterType.String, "test URL regular expression (level 10)",
            "A case-insensitive regular expression to match in the answer of testurl. Without it, any 2xx answer passes."),
        new("testconffile", ParameterType.String, "test configuration file (not supported)",
            "ocf:heartbeat:apache's file of extra tests. Not supported: use testurl and testregex10. validate-all rejects it rather than silently skipping the tests it holds."),
        new("testname", ParameterType.String, "test name (not supported)",
            "The test within testconffile; see testconffile."),
        new("options", ParameterType.String, "command line options",
            "Extra options for httpd, as on a shell command line (quotes are honoured, nothing is expanded). See httpd(8)."),
        new("envfiles", ParameterType.String, "environment settings files",
            "Files (one or more, space separated) sourced by /bin/sh whose exported variables httpd runs with, such as Debian's /etc/apache2/envvars. Missing files are skipped. Set to an empty string to read none.",
            DebianEnvFile),
        new("use_ipv6", ParameterType.Boolean, "use IPv6 for the inferred status URL",
            "Build the inferred status URL with [::1] instead of localhost.", "false"),
        new("pidfile", ParameterType.String, "pid file of this instance",
            "The pid file httpd writes for this instance (passed as -c \"PidFile ...\"). It must not be the distribution's own (/run/httpd/httpd.pid, /run/apache2/apache2.pid). Default: /run/girlb/webserver-RESOURCE.pid.",
            null, Unique: true),
        new("drain_timeout", ParameterType.Integer, "seconds to drain connections on stop",
            "How long stop lets a graceful stop finish in-flight requests before it sends TERM. By default half of the stop timeout, as ocf:heartbeat:apache does."),
        new("connect_timeout", ParameterType.Integer, "connect timeout of the status requests, seconds",
            "The longest a monitor waits for the status URL's server to accept the connection. The whole request is always bounded by the operation timeout.", "5"),
        new("status_tls_verify", ParameterType.Boolean, "verify the TLS certificate of https status and test URLs",
            "Verify the certificate (chain and host name) when statusurl or testurl use https. Off by default: the status URL is usually https://localhost, which a public certificate does not name.", "false"),
        new("tenants", ParameterType.String, "the cluster's tenants document",
            "Written by 'giragent tenants apply' and 'giragent members' (girlb1:gz: and the gzipped tenants file, or the JSON itself). When set, start renders it into tenants_dir before httpd starts, and a change is applied by reload-agent: rendered, tested with httpd -t in place, then a graceful restart (no connection dropped); a document this node's httpd rejects is not written. Unset: the files are managed by hand.",
            Reloadable: true),
        new("tenants_dir", ParameterType.String, "where the tenants document is rendered",
            "The directory httpd includes the rendered loadbalancer_*.conf files from. Default: conf.d beside the configuration file's directory on EL (/etc/httpd/conf.d), conf-enabled on Debian (/etc/apache2/conf-enabled), else conf.d in the configuration file's directory."),
    ];

    /// <summary>
    /// The resource's configuration file and tenants_dir as its agent reads them from <paramref name="parameter"/>
    /// (a value unset or blank: the default), for the commands that act on the agent's files.
    /// </summary>
    public static (string ConfigFile, string TenantsDirectory) Files(Func<string, string?> parameter)
    {
        static string? Set(string? value) => value is { } v && v.Trim().Length > 0 ? v.Trim() : null;
        var configFile = Set(parameter("configfile")) ?? DefaultConfigFile();
        return (configFile, Set(parameter("tenants_dir")) ?? DefaultTenantsDirectory(configFile));
    }

    /// <summary>tenants_dir's default for a configuration file: the directory its layout includes.</summary>
    public static string DefaultTenantsDirectory(string configFile)
    {
        var dir = Path.GetDirectoryName(configFile) ?? "/";
        if (Path.GetFileName(dir) == "conf" && Path.GetFileName(configFile) == "httpd.conf")
            return Path.Combine(Path.GetDirectoryName(dir) ?? "/", "conf.d");
        if (Path.GetFileName(configFile) == "apache2.conf") return Path.Combine(dir, "conf-enabled");
        return Path.Combine(dir, "conf.d");
    }
}
