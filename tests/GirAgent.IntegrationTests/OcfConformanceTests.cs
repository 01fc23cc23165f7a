using GirAgent.IntegrationTests.Support;

namespace GirAgent.IntegrationTests;

/// <summary>The public conformance checks: resource-agents' ocf-tester against the agent as installed.</summary>
public sealed class OcfConformanceTests : IDisposable
{
    private readonly HttpdSandbox _httpd = new(name: "webtest");

    public void Dispose() => _httpd.Dispose();

    [Fact]
    public void Ocf_tester_passes_with_no_failure()
    {
        // installed as Pacemaker finds it: <OCF_ROOT>/resource.d/gir/webserver, a link to the binary
        var agentDir = Path.Combine(_httpd.Directory.FullName, "resource.d", "gir");
        Directory.CreateDirectory(agentDir);
        File.SetUnixFileMode(Path.Combine(_httpd.Directory.FullName, "resource.d"), (UnixFileMode)0b111_101_101);
        File.SetUnixFileMode(agentDir, (UnixFileMode)0b111_101_101);
        var agent = Path.Combine(agentDir, "webserver");
        File.CreateSymbolicLink(agent, Programs.Giragent);

        var run = Programs.Run("/usr/sbin/ocf-tester",
        [
            "-v", "-n", "webtest",
            "-o", $"configfile={_httpd.ConfigFile}",
            "-o", $"httpd={HttpdSandbox.Apache2}",
            "-o", "envfiles=",
            "-o", $"pidfile={_httpd.PidFile}",
            "-o", $"statusurl=http://127.0.0.1:{_httpd.Port}/server-status",
            agent,
        ], new Dictionary<string, string> { ["OCF_ROOT"] = "/usr/lib/ocf" }, TimeSpan.FromMinutes(3));

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("passed all tests", run.StandardOutput);
        Assert.Empty(_httpd.HttpdProcesses());
    }

    [Fact]
    public void Pcs_describes_every_parameter()
    {
        // pcs reads the agent's meta-data; the agent must be installed under the real OCF root for it
        var meta = Programs.Run(Programs.Giragent, ["ocf", "webserver", "meta-data"]);
        Assert.Equal(0, meta.ExitCode);
        var doc = System.Xml.Linq.XDocument.Parse(meta.StandardOutput);
        var parameters = doc.Descendants("parameter").ToList();
        Assert.All(parameters, p =>
        {
            Assert.False(string.IsNullOrWhiteSpace(p.Element("shortdesc")?.Value), $"{p.Attribute("name")} has a shortdesc");
            Assert.False(string.IsNullOrWhiteSpace(p.Element("longdesc")?.Value), $"{p.Attribute("name")} has a longdesc");
            Assert.NotNull(p.Element("content")?.Attribute("type"));
        });
        var actions = doc.Descendants("action").Select(a => a.Attribute("name")!.Value).ToList();
        Assert.Equal(["start", "stop", "status", "monitor", "reload", "meta-data", "validate-all", "usage"], actions);
    }
}
