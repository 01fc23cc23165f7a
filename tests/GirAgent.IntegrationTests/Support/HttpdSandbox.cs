using System.Net;
using System.Net.Sockets;

namespace GirAgent.IntegrationTests.Support;

/// <summary>
/// A real Debian apache2 instance under test: its own directory, configuration on a free
/// 127.0.0.1 port, and the OCF environment to run ocf:gir:webserver against it. Disposing stops
/// whatever still runs with its configuration.
/// </summary>
public sealed class HttpdSandbox : IDisposable
{
    public const string Apache2 = "/usr/sbin/apache2";

    public HttpdSandbox(string? extraConfig = null, string name = "web")
    {
        Directory = System.IO.Directory.CreateTempSubdirectory("girlb-it-");
        File.SetUnixFileMode(Directory.FullName, (UnixFileMode)0b111_101_101);
        System.IO.Directory.CreateDirectory(Path.Combine(Directory.FullName, "htdocs"));
        File.WriteAllText(Path.Combine(Directory.FullName, "htdocs", "index.html"), "<html><body>girlb test page</body></html>\n");
        Port = FreePort();
        Name = name;
        ConfigFile = Path.Combine(Directory.FullName, "httpd.conf");
        PidFile = Path.Combine(Directory.FullName, "run", $"{name}.pid");
        WriteConfig(extraConfig);
        Environment = new Dictionary<string, string>
        {
            ["OCF_ROOT"] = "/usr/lib/ocf",
            ["OCF_RESOURCE_INSTANCE"] = name,
            ["OCF_RESKEY_configfile"] = ConfigFile,
            ["OCF_RESKEY_httpd"] = Apache2,
            ["OCF_RESKEY_envfiles"] = "",
            ["OCF_RESKEY_pidfile"] = PidFile,
            ["OCF_RESKEY_statusurl"] = $"http://127.0.0.1:{Port}/server-status",
        };
    }

    public DirectoryInfo Directory { get; }
    public int Port { get; }
    public string Name { get; }
    public string ConfigFile { get; }
    public string PidFile { get; }
    public Dictionary<string, string> Environment { get; }

    public string BaseUrl => $"http://127.0.0.1:{Port}";

    public void WriteConfig(string? extraConfig)
    {
        var d = Directory.FullName;
        File.WriteAllText(ConfigFile, $"""
            ServerRoot /etc/apache2
            ServerName localhost
            Listen 127.0.0.1:{Port}
            LoadModule mpm_event_module /usr/lib/apache2/modules/mod_mpm_event.so
            LoadModule authz_core_module /usr/lib/apache2/modules/mod_authz_core.so
            LoadModule authz_host_module /usr/lib/apache2/modules/mod_authz_host.so
            LoadModule status_module /usr/lib/apache2/modules/mod_status.so
            LoadModule dir_module /usr/lib/apache2/modules/mod_dir.so
            LoadModule proxy_module /usr/lib/apache2/modules/mod_proxy.so
            LoadModule proxy_http_module /usr/lib/apache2/modules/mod_proxy_http.so
            LoadModule proxy_balancer_module /usr/lib/apache2/modules/mod_proxy_balancer.so
            LoadModule slotmem_shm_module /usr/lib/apache2/modules/mod_slotmem_shm.so
            LoadModule lbmethod_byrequests_module /usr/lib/apache2/modules/mod_lbmethod_byrequests.so
            User www-data
            Group www-data
            DefaultRuntimeDir {d}
            ErrorLog {d}/error.log
            DocumentRoot {d}/htdocs
            DirectoryIndex index.html
            ExtendedStatus On
            ProxyStatus On
            <Location /server-status>
              SetHandler server-status
              Require local
            </Location>
            {extraConfig}

            """);
    }

    /// <summary>Runs the agent (through a link named "webserver", as Pacemaker does) with this sandbox's environment.</summary>
    public AgentRun Agent(string action, IReadOnlyDictionary<string, string>? extra = null)
    {
        var env = new Dictionary<string, string>(Environment);
        if (extra is not null)
            foreach (var (k, v) in extra) env[k] = v;
        return Programs.Run(AgentLink, [action], env);
    }

    public string AgentLink
    {
        get
        {
            var link = Path.Combine(Directory.FullName, "webserver");
            if (!File.Exists(link)) File.CreateSymbolicLink(link, Programs.Giragent);
            return link;
        }
    }

    public int? MasterPid => File.Exists(PidFile) && int.TryParse(File.ReadAllText(PidFile).Trim(), out var pid) ? pid : null;

    /// <summary>Live (non-zombie) processes whose command line names this sandbox's configuration.</summary>
    public List<int> HttpdProcesses()
    {
        var found = new List<int>();
        foreach (var dir in System.IO.Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid)) continue;
            try
            {
                var cmd = File.ReadAllText(Path.Combine(dir, "cmdline"));
                if (!cmd.Contains(ConfigFile, StringComparison.Ordinal)) continue;
                var stat = File.ReadAllText(Path.Combine(dir, "stat"));
                var state = stat[(stat.LastIndexOf(')') + 2)..][0];
                if (state is not ('Z' or 'X')) found.Add(pid);
            }
            catch (IOException) { }
            catch (UnauthorizedAccessException) { }
        }
        return found;
    }

    public static async Task<(int Status, string Body)> GetAsync(string url, TimeSpan? timeout = null)
    {
        using var client = new HttpClient { Timeout = timeout ?? TimeSpan.FromSeconds(5) };
        using var response = await client.GetAsync(url);
        return ((int)response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public void Dispose()
    {
        foreach (var pid in HttpdProcesses())
        {
            try { System.Diagnostics.Process.GetProcessById(pid).Kill(); } catch (ArgumentException) { } catch (InvalidOperationException) { }
        }
        try { Directory.Delete(recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
