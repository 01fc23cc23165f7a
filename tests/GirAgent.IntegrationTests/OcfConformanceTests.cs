using System.Text.RegularExpressions;
using GirAgent.IntegrationTests.Support;

namespace GirAgent.IntegrationTests;

/// <summary>
/// The public conformance checks: resource-agents' ocf-tester and ocft against the agent as installed, on each stack
/// with that stack's own tools and httpd (Debian 12: resource-agents 4.12; Debian 13: 4.16, apache2 2.4.71).
/// </summary>
public sealed partial class OcfConformanceTests : IDisposable
{
    private readonly HttpdSandbox _httpd = new(name: "webtest");

    public void Dispose() => _httpd.Dispose();

    [Theory]
    [InlineData(StackRoot.Debian12)]
    [InlineData(StackRoot.Debian13)]
    public void Ocf_tester_passes_with_no_failure(string stack)
    {
        // installed as Pacemaker finds it: <OCF_ROOT>/resource.d/gir/webserver, a link to the binary
        var agentDir = Path.Combine(_httpd.Directory.FullName, "resource.d", "gir");
        Directory.CreateDirectory(agentDir);
        File.SetUnixFileMode(Path.Combine(_httpd.Directory.FullName, "resource.d"), (UnixFileMode)0b111_101_101);
        File.SetUnixFileMode(agentDir, (UnixFileMode)0b111_101_101);
        var agent = Path.Combine(agentDir, "webserver");
        File.CreateSymbolicLink(agent, Programs.Giragent);

        var run = StackRoot.Run(stack, "/usr/sbin/ocf-tester",
        [
            "-v", "-n", "webtest",
            "-o", $"configfile={_httpd.ConfigFile}",
            "-o", $"httpd={HttpdSandbox.Apache2}",
            "-o", "envfiles=",
            "-o", $"pidfile={_httpd.PidFile}",
            "-o", $"statusurl=http://127.0.0.1:{_httpd.Port}/server-status",
            agent,
        ], [_httpd.Directory.FullName, Path.GetDirectoryName(Programs.Giragent)!], new Dictionary<string, string> { ["OCF_ROOT"] = "/usr/lib/ocf" },
            TimeSpan.FromMinutes(3));

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("passed all tests", run.StandardOutput);
        Assert.Empty(_httpd.HttpdProcesses());
    }

    [Theory]
    [InlineData(StackRoot.Debian12)]
    [InlineData(StackRoot.Debian13)]
    public void Ocf_tester_is_run_against_the_peer_of_each_stack(string stack)
    {
        // the peer is measured, not judged: ocf:heartbeat:apache of that stack on the same httpd, its result kept
        // beside girlb's (artifacts/lab-results/ocf-tester-apache-STACK.txt)
        var run = StackRoot.Run(stack, "/usr/sbin/ocf-tester",
        [
            "-v", "-n", "webtest",
            "-o", $"configfile={_httpd.ConfigFile}",
            "-o", $"httpd={HttpdSandbox.Apache2}",
            "-o", $"statusurl=http://127.0.0.1:{_httpd.Port}/server-status",
            "/usr/lib/ocf/resource.d/heartbeat/apache",
        ], [_httpd.Directory.FullName], new Dictionary<string, string> { ["OCF_ROOT"] = "/usr/lib/ocf" }, TimeSpan.FromMinutes(3));

        var results = Path.Combine(RepoRoot, "artifacts", "lab-results");
        Directory.CreateDirectory(results);
        File.WriteAllText(Path.Combine(results, $"ocf-tester-apache-{stack}.txt"), run.ToString());
        Assert.Contains("Beginning tests for /usr/lib/ocf/resource.d/heartbeat/apache", run.StandardOutput);
        Assert.Matches(@"(passed all tests|failed \d+ tests)", run.StandardOutput);
    }

    private static string RepoRoot
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "GirAgent.sln"))) dir = dir.Parent;
            return dir?.FullName ?? throw new InvalidOperationException("repository root not found");
        }
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
        // only what Pacemaker runs (pcs 0.12 makes an operation in the CIB of each advertised action; "usage" was one);
        // reload-agent is what Pacemaker runs when the reloadable parameter tenants changes (OCF 1.1)
        Assert.Equal(["start", "stop", "status", "monitor", "reload", "reload-agent", "meta-data", "validate-all"], actions);
        Assert.Equal(["tenants"], parameters.Where(p => p.Attribute("reloadable")?.Value == "1").Select(p => p.Attribute("name")!.Value));
    }
    /// <summary>
    /// resource-agents' own ocft cases of ocf:heartbeat:apache, with only the agent's name and root changed, run
    /// as they are meant: no parameters, so the distribution's httpd and configuration (Debian's apache2.conf on
    /// port 80). In a network and mount namespace of their own (gone with the process): port 80, /run and
    /// /var/log/apache2 are the test's. The config's SETUP-AGENT (start and stop apache2.service once, to see
    /// that it is installed) is left out: there is no systemd here.
    /// </summary>
    [Theory]
    [InlineData(StackRoot.Debian12)]
    [InlineData(StackRoot.Debian13)]
    public void The_ocft_cases_of_apache_pass_against_webserver(string stack)
    {
        // the stack's own case file (the same on both today)
        var source = stack == StackRoot.Debian12 ? "/usr/share/resource-agents/ocft/configs/apache"
            : StackRoot.Run(stack, "/bin/cat", ["/usr/share/resource-agents/ocft/configs/apache"], []).StandardOutput;
        var work = Path.Combine(_httpd.Directory.FullName, "ocft");
        var agents = Path.Combine(work, "agents");
        Directory.CreateDirectory(agents);
        File.CreateSymbolicLink(Path.Combine(agents, "webserver"), Programs.Giragent);
        var text = stack == StackRoot.Debian12 ? File.ReadAllText(source) : source;
        text = Regex.Replace(text, @"^\tAgent apache\s*$", "\tAgent webserver", RegexOptions.Multiline);
        text = Regex.Replace(text, @"^\tAgentRoot .*$", "\tAgentRoot " + agents, RegexOptions.Multiline);
        text = Regex.Replace(text, @"^SETUP-AGENT\n(?:[ \t].*\n|\n)*", "", RegexOptions.Multiline);
        var name = "girweb" + Path.GetFileName(_httpd.Directory.FullName).Replace("-", "", StringComparison.Ordinal);
        File.WriteAllText(Path.Combine(work, name), text);

        var passed = new List<string>();
        var failures = new List<string>();
        string[] binds = [_httpd.Directory.FullName, Path.GetDirectoryName(Programs.Giragent)!];
        try
        {
            // ocft make writes the cases where ocft test reads them (the stack's /var/lib/resource-agents/ocft)
            var make = StackRoot.Run(stack, "/usr/sbin/ocft", ["make", "-d", work, name], binds, timeout: TimeSpan.FromMinutes(2));
            Assert.True(make.ExitCode == 0, make.ToString());
            // ocft makes and removes ./fakebin: in a directory of its own, not beside another test's ocft run
            var test = stack == StackRoot.Debian12
                ? Programs.Run("/usr/bin/unshare", ["-n", "-m", "--propagation", "private", "/bin/bash", "-c",
                    "ip link set lo up && mount -t tmpfs tmpfs /run && mkdir -p /run/resource-agents /run/lock && mount -t tmpfs tmpfs /var/log/apache2"
                    + " && cd \"$1\" && exec /usr/sbin/ocft test \"$2\"", "ocft", work, name],
                    timeout: TimeSpan.FromMinutes(5))
                : StackRoot.Run(stack, "/bin/bash", ["-c", "cd \"$1\" && exec /usr/sbin/ocft test \"$2\"", "ocft", work, name], binds,
                    timeout: TimeSpan.FromMinutes(5));
            foreach (var line in Regex.Replace(test.StandardOutput, @"\x1b\[[0-9;]*m", "").Split('\n'))
            {
                var result = Regex.Match(line, @"^\S+: (.+?) - (OK|FAILED)");
                if (!result.Success) continue;
                (result.Groups[2].Value == "OK" ? passed : failures).Add(result.Groups[1].Value + ": " + line);
            }
            Assert.True(failures.Count == 0, string.Join('\n', failures) + "\n" + test);
            Assert.True(passed.Count >= 10, $"only {passed.Count} ocft cases ran:\n{test}");
        }
        finally
        {
            StackRoot.Run(stack, "/usr/sbin/ocft", ["clean", name], binds);
        }
    }
}
