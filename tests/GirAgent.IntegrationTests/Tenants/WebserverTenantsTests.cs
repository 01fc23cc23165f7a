using GirAgent.IntegrationTests.Support;

namespace GirAgent.IntegrationTests.Tenants;

/// <summary>
/// ocf:gir:webserver with the cluster's tenants (parameter tenants) against a real apache2: start renders them
/// before httpd starts, reload-agent applies a change without a restart, and a document this httpd rejects
/// (an https tenant where mod_ssl is not loaded: a module missing on this node) is never written.
/// </summary>
public sealed class WebserverTenantsTests : IDisposable
{
    private readonly HttpdSandbox _httpd = new();

    public WebserverTenantsTests()
    {
        _httpd.WriteConfig($"LoadModule headers_module /usr/lib/apache2/modules/mod_headers.so\nIncludeOptional {_httpd.Directory.FullName}/conf.d/*.conf");
    }

    public void Dispose() => _httpd.Dispose();

    private string ConfD => Path.Combine(_httpd.Directory.FullName, "conf.d");

    /// <summary>The tenants value as 'giragent tenants apply' writes it: the sample with t1's RWS members at these ports.</summary>
    private static string Document(string tenantId = "t1", string scheme = "http", string? extra = null)
    {
        var json = File.ReadAllText(Path.Combine(TenantsFixtures.RepoRoot, "packaging", "tenants.sample.json"))
            .Replace("\"id\": \"t1\"", $"\"id\": \"{tenantId}\"", StringComparison.Ordinal)
            .Replace("\"scheme\": \"http\"", $"\"scheme\": \"{scheme}\"", StringComparison.Ordinal);
        if (extra is not null) json = json.Replace("\"tenants\": [", extra + ", \"tenants\": [", StringComparison.Ordinal);
        return json;
    }

    private Dictionary<string, string> With(string document) => new() { ["OCF_RESKEY_tenants"] = document };

    [Fact]
    public async Task Start_renders_the_document_and_reload_agent_applies_a_change_without_a_restart()
    {
        Assert.Contains("\"scheme\": \"http\"", File.ReadAllText(Path.Combine(TenantsFixtures.RepoRoot, "packaging", "tenants.sample.json")));
        var start = _httpd.Agent("start", With(Document()));
        Assert.True(start.ExitCode == 0, start.ToString());
        Assert.True(File.Exists(Path.Combine(ConfD, "loadbalancer_tenant1.conf")));
        var (_, page) = await HttpdSandbox.GetAsync(_httpd.BaseUrl + "/server-status?auto");
        Assert.Contains("balancer://t1rws", page);
        Assert.Contains("rendered the cluster's tenants into " + ConfD, start.StandardError);

        var pid = _httpd.MasterPid;
        var reload = _httpd.Agent("reload-agent", With(Document("t2")));
        Assert.True(reload.ExitCode == 0, reload.ToString());
        Assert.Equal(pid, _httpd.MasterPid);
        (_, page) = await HttpdSandbox.GetAsync(_httpd.BaseUrl + "/server-status?auto");
        Assert.Contains("balancer://t2rws", page);
        Assert.DoesNotContain("balancer://t1rws", page);
        Assert.False(File.Exists(Path.Combine(ConfD, "loadbalancer_tenant1.conf")));

        // the same document again: nothing rewritten, httpd still reloads (files may have been changed by hand)
        var written = File.GetLastWriteTimeUtc(Path.Combine(ConfD, "loadbalancer_tenant2.conf"));
        Assert.Equal(0, _httpd.Agent("reload-agent", With(Document("t2"))).ExitCode);
        Assert.Equal(written, File.GetLastWriteTimeUtc(Path.Combine(ConfD, "loadbalancer_tenant2.conf")));
    }

    [Fact]
    public async Task A_document_this_httpd_rejects_is_not_written_and_httpd_keeps_serving_the_previous_one()
    {
        Assert.Equal(0, _httpd.Agent("start", With(Document())).ExitCode);
        var before = Directory.GetFiles(ConfD).ToDictionary(f => f, File.ReadAllText);
        var pid = _httpd.MasterPid;

        // https members need mod_ssl (SSLProxyEngine), which this httpd does not load
        var reload = _httpd.Agent("reload-agent", With(Document("t2", "https")));
        Assert.Equal(1, reload.ExitCode);
        Assert.Contains("ocf-exit-reason:httpd keeps serving the previous tenants; httpd rejects the cluster's tenants", reload.StandardError);
        Assert.Contains("Invalid command 'SSLProxyEngine'", reload.StandardError);
        Assert.Equal(before, Directory.GetFiles(ConfD).ToDictionary(f => f, File.ReadAllText));
        Assert.Equal(pid, _httpd.MasterPid);
        var (_, page) = await HttpdSandbox.GetAsync(_httpd.BaseUrl + "/server-status?auto");
        Assert.Contains("balancer://t1rws", page);

        // a start with it fails as "not installed here" (5): Pacemaker runs the service on a node that can
        Assert.Equal(0, _httpd.Agent("stop", With(Document())).ExitCode);
        var start = _httpd.Agent("start", With(Document("t2", "https")));
        Assert.Equal(5, start.ExitCode);
        Assert.Contains("files unchanged: Invalid command 'SSLProxyEngine'", start.StandardError);
        Assert.Equal(before, Directory.GetFiles(ConfD).ToDictionary(f => f, File.ReadAllText));
        Assert.Empty(_httpd.HttpdProcesses());
    }

    [Theory]
    [InlineData("girlb1:gz:AAAA", "parameter tenants is not a valid tenants document: damaged")]
    [InlineData("{\"tenants\": []}", "parameter tenants is not a valid tenants document")]
    public void A_document_that_is_not_valid_is_a_configuration_error_everywhere(string value, string expected)
    {
        var start = _httpd.Agent("start", With(value));
        Assert.Equal(6, start.ExitCode);
        Assert.Contains(expected, start.StandardError);
        Assert.Empty(_httpd.HttpdProcesses());
    }
}
