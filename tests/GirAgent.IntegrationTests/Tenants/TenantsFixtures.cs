using GirAgent.IntegrationTests.Support;

namespace GirAgent.IntegrationTests.Tenants;

/// <summary>Paths of the tenants fixtures (shared with the unit tests) and a scratch directory per test.</summary>
internal static class TenantsFixtures
{
    public static string RepoRoot
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "GirAgent.sln"))) dir = dir.Parent;
            return dir?.FullName ?? throw new InvalidOperationException("repository root not found");
        }
    }

    public static string Sample => Path.Combine(RepoRoot, "packaging", "tenants.sample.json");

    public static string Fixture(string relative) => Path.Combine(RepoRoot, "tests", "GirAgent.Tests", "Fixtures", "tenants", relative);

    public static AgentRun Giragent(params string[] args) => Programs.Run(Programs.Giragent, args, null, TimeSpan.FromMinutes(2));

    /// <summary>A minimal server configuration that loads what the rendered files need and includes DIR/*.conf, as a distribution's does.</summary>
    public static string MainConfig(string dir, string includeDir, bool headers = true, bool ssl = false)
    {
        var modules = new List<string> { "mpm_event", "authz_core", "authz_host", "status", "proxy", "proxy_http", "proxy_balancer", "slotmem_shm", "lbmethod_byrequests" };
        if (headers) modules.Add("headers");
        if (ssl) modules.AddRange(["socache_shmcb", "ssl"]);
        var path = Path.Combine(dir, "main.conf");
        File.WriteAllText(path, $"""
            ServerRoot /etc/apache2
            ServerName localhost
            Listen 127.0.0.1:{HttpdSandbox.FreePort()}
            {string.Join('\n', modules.Select(m => $"LoadModule {m}_module /usr/lib/apache2/modules/mod_{m}.so"))}
            ErrorLog {dir}/error.log
            DefaultRuntimeDir {dir}
            PidFile {dir}/httpd.pid
            IncludeOptional {includeDir}/*.conf

            """);
        return path;
    }
}
