using System.Diagnostics;
using GirAgent.IntegrationTests.Support;
using Xunit.Abstractions;
using static GirAgent.IntegrationTests.Tenants.TenantsFixtures;

namespace GirAgent.IntegrationTests.Tenants;

/// <summary>
/// On the real two-node lab, which comes up with 'giragent tenants render' and 'giragent cluster
/// setup --apply': applying the setup again changes nothing, 'tenants check' passes on the node that
/// runs httpd, publishes each node's digest, and names a node whose files differ.
/// </summary>
[Collection("lab")]
public sealed class TenantsLabTests(ITestOutputHelper output)
{
    private const string State = "/var/lib/girlb-lab";
    private static string Lab => Path.Combine(RepoRoot, "tests", "lab", "lab");

    private AgentRun LabRun(params string[] args)
    {
        var run = Programs.Run("/bin/bash", [Lab, .. args], new Dictionary<string, string> { ["GIRAGENT"] = Programs.Giragent }, TimeSpan.FromMinutes(4));
        output.WriteLine($"lab {string.Join(' ', args)}: exit {run.ExitCode}\n{run.StandardOutput}{run.StandardError}");
        return run;
    }

    private AgentRun OnNode(string node, params string[] args) => LabRun(["exec", node, Programs.Giragent, .. args]);

    private static string[] Check(string dir = State + "/httpd/conf.d") =>
        ["tenants", "check", "--tenants", State + "/httpd/tenants.json", "--layout", "debian", "--out", dir, "--status-url", "http://127.0.0.1/server-status"];

    /// <summary>One lab per machine: another test's lab (the namespaces) must be gone before this one comes up.</summary>
    private static void WaitForNoOtherLab()
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromMinutes(10))
        {
            var list = Programs.Run("/usr/sbin/ip", ["netns", "list"]);
            if (!list.StandardOutput.Contains("girlb-lab-", StringComparison.Ordinal)) return;
            Thread.Sleep(5000);
        }
        Assert.Fail("another girlb lab has been up for 10 minutes: not tearing it down");
    }

    [Fact]
    public void The_lab_comes_up_from_the_tenants_file_and_cluster_setup_and_every_check_holds()
    {
        WaitForNoOtherLab();
        try
        {
            var up = LabRun("up", "--agents", "gir");
            Assert.True(up.ExitCode == 0, "lab up failed:\n" + up);
            Assert.Contains("with the new files in place: Syntax OK", File.ReadAllText(State + "/httpd/render.log"));
            // properties, defaults, two resources, two constraints and the daemon's alert agent (the lab installs it)
            Assert.Contains("applied 7 changes in one push", File.ReadAllText(State + "/cluster-setup.log"));

            var again = OnNode("n1", "cluster", "setup", "--apply", "--no-fencing", "--alert-path", "/usr/libexec/girlb/alert-agent", "--vip", "10.77.0.100", "--cidr", "24", "--nic", "lab0",
                "--config", State + "/httpd/httpd.conf", "--httpd", "/usr/sbin/apache2", "--status-url", "http://127.0.0.1/server-status",
                "--vip-monitor-interval", "10s", "--webserver-monitor-interval", "10s", "--webserver-monitor-timeout", "20s");
            Assert.True(again.ExitCode == 0 && again.StandardOutput.Contains("nothing to change", StringComparison.Ordinal), again.ToString());

            var active = LabRun("active").StandardOutput.Trim();
            var passive = active == "n1" ? "n2" : "n1";
            var onPassive = OnNode(passive, Check());
            var onActive = OnNode(active, Check());
            Assert.True(onPassive.StandardOutput.Contains($"note     httpd runs on {active}", StringComparison.Ordinal), onPassive.ToString());
            Assert.True(onActive.ExitCode == 0, onActive.ToString());
            Assert.Contains("ok       balancer://t1webdav (t1 WebDAV): 2 members listed", onActive.StandardOutput);
            Assert.Contains("ok       every node (n1, n2) has digest", onActive.StandardOutput);

            // the passive node's files drift: both nodes' checks name the difference
            var drift = Directory.CreateTempSubdirectory("girlb-drift-");
            foreach (var file in Directory.GetFiles(State + "/httpd/conf.d")) File.Copy(file, Path.Combine(drift.FullName, Path.GetFileName(file)));
            File.AppendAllText(Path.Combine(drift.FullName, "loadbalancer_tenant1.conf"), "# edited by hand on one node\n");
            OnNode(passive, Check(drift.FullName));
            var differs = OnNode(active, Check());
            drift.Delete(recursive: true);
            Assert.Equal(2, differs.ExitCode);
            Assert.Contains($"DIGEST   {passive}: configuration differs", differs.StandardOutput);

            // a change: RWS loses a member; rendered on both nodes, applied by webserver's reload (graceful)
            var tenants = State + "/httpd/tenants.json";
            File.WriteAllText(tenants, string.Join('\n', File.ReadAllLines(tenants).Where(l => !l.Contains("\"10.77.0.33\"", StringComparison.Ordinal)))
                .Replace("\"T1RWS2\" },", "\"T1RWS2\" }", StringComparison.Ordinal));
            var stale = OnNode(active, Check());
            Assert.Contains("MEMBER   balancer://t1rws (t1 RWS): httpd lists http://10.77.0.33:8080, which the tenants file does not have (reload pending?)", stale.StandardOutput);
            foreach (var node in new[] { passive, active })
            {
                var render = OnNode(node, "tenants", "render", "--reload", "--tenants", tenants, "--layout", "debian", "--out", State + "/httpd/conf.d",
                    "--httpd-config", State + "/httpd/httpd.conf");
                Assert.True(render.ExitCode == 0, render.ToString());
                Assert.Contains(node == active ? $"webserver reloaded on {active}" : $"webserver runs on {active}, not here", render.StandardError);
            }
            OnNode(passive, Check());
            var reloaded = OnNode(active, Check());
            Assert.True(reloaded.ExitCode == 0, reloaded.ToString());
            Assert.Contains("ok       balancer://t1rws (t1 RWS): 2 members listed", reloaded.StandardOutput);
            Assert.Contains("ok       every node (n1, n2) has digest", reloaded.StandardOutput);
        }
        finally
        {
            LabRun("down");
        }
    }
}
