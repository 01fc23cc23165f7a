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
            // without BMCs: this test re-applies cluster setup with --no-fencing and expects nothing to change
            var up = LabRun("up", "--agents", "gir", "--no-fencing");
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

    /// <summary>
    /// A client in the lab's client namespace: for SECONDS, alternates requests of sticky sessions (RWS on route T1RWS1
    /// by cookie ROUTEID, RCS on Recording_Crypto_Server_1 by JSESSIONID) with requests of new sessions (no cookie) to
    /// /t1/api and /t1/rcs; prints one JSON line: requests, failed, and which members each kind reached.
    /// </summary>
    private const string StickyClient = """
        import json, sys, time, urllib.request
        end = time.time() + float(sys.argv[1])
        kinds = {"rws_sticky": ("/t1/api/ping", "ROUTEID=.T1RWS1"), "rws_new": ("/t1/api/ping", None),
                 "rcs_sticky": ("/t1/rcs/ping", "JSESSIONID=0123abcd.Recording_Crypto_Server_1"), "rcs_new": ("/t1/rcs/ping", None)}
        out = {"requests": 0, "failed": 0}
        for k in kinds: out[k] = {}
        while time.time() < end:
            for kind, (path, cookie) in kinds.items():
                req = urllib.request.Request("http://10.77.0.100" + path)
                if cookie: req.add_header("Cookie", cookie)
                out["requests"] += 1
                try:
                    with urllib.request.urlopen(req, timeout=5) as r:
                        m = r.headers.get("X-Member", "?"); out[kind][m] = out[kind].get(m, 0) + 1
                except Exception as e:
                    out["failed"] += 1
            time.sleep(0.01)
        print(json.dumps(out))
        """;

    /// <summary>The members one kind of request of <see cref="StickyClient"/> reached.</summary>
    private static string[] Reached(string json, string kind) =>
        [.. System.Text.Json.JsonDocument.Parse(json).RootElement.GetProperty(kind).EnumerateObject().Select(p => p.Name)];

    private static int Failed(string json) => System.Text.Json.JsonDocument.Parse(json).RootElement.GetProperty("failed").GetInt32();

    private static Task<AgentRun> Client(double seconds) => Task.Run(() =>
        Programs.Run("/usr/sbin/ip", ["netns", "exec", "girlb-lab-client", "python3", "-c", StickyClient, seconds.ToString(System.Globalization.CultureInfo.InvariantCulture)],
            timeout: TimeSpan.FromSeconds(seconds + 30)));

    /// <summary>A program (not giragent) on a node.</summary>
    private AgentRun Exec(string node, params string[] args) => LabRun(["exec", node, .. args]);

    private string ServerStatus(string node) => Exec(node, "curl", "-s", "http://127.0.0.1/server-status?auto").StandardOutput;

    /// <summary>The status words of a member of a balancer, from a server-status page.</summary>
    private static string MemberStatus(string page, string balancer, string member)
    {
        var lines = page.Split('\n');
        var b = lines.First(l => l.EndsWith("Name: " + balancer, StringComparison.Ordinal)).Split(']')[0];
        var w = lines.First(l => l.StartsWith(b + "]Worker[", StringComparison.Ordinal) && l.EndsWith("Name: " + member, StringComparison.Ordinal)).Split("Name:")[0];
        return lines.First(l => l.StartsWith(w + "Status:", StringComparison.Ordinal))[(w.Length + 7)..].Trim();
    }

    private string HttpdPid(string node)
    {
        var pid = Exec(node, "cat", "/run/girlb/webserver-webserver.pid").StandardOutput.Trim();
        Assert.Matches("^[0-9]+$", pid);
        return pid;
    }

    [Theory]
    [InlineData("debian12")]
    [InlineData("debian13")]
    public async Task Tenants_applied_on_one_node_are_the_clusters_and_a_drained_member_keeps_its_sessions_across_a_failover(string stack)
    {
        WaitForNoOtherLab();
        try
        {
            var up = LabRun("up", "--agents", "gir", "--stack", stack);
            Assert.True(up.ExitCode == 0, "lab up failed:\n" + up);
            var active = LabRun("active").StandardOutput.Trim();
            var passive = active == "n1" ? "n2" : "n1";
            var tenants = State + "/httpd/tenants.json";

            // from the passive node: tested there, kept in the CIB, applied by the active node's reload-agent (same master pid)
            var pid = HttpdPid(active);
            var apply = OnNode(passive, "tenants", "apply", tenants, "--check-with", "apache2ctl");
            Assert.True(apply.ExitCode == 0, apply.ToString());
            Assert.Contains("with the new files in place: Syntax OK", apply.StandardError);
            Assert.Contains($"{active} serves it after", apply.StandardError);
            Assert.Equal(pid, HttpdPid(active));
            Assert.Contains("reload-agent operation for webserver", File.ReadAllText($"{State}/nodes/{active}/var-log/pacemaker/pacemaker.log"));
            Assert.Contains("no change", OnNode(active, "tenants", "apply", tenants, "--check-with", "apache2ctl").StandardError);

            // a change of the file is one apply, from either node: t3 moves to /tenant3 on the running server
            File.WriteAllText(tenants, File.ReadAllText(tenants).Replace("\"id\": \"t3\"", "\"id\": \"t3\", \"prefix\": \"/tenant3\"", StringComparison.Ordinal));
            Assert.Equal(0, OnNode(active, "tenants", "apply", tenants, "--check-with", "apache2ctl").ExitCode);
            var routed = Programs.Run("/usr/sbin/ip", ["netns", "exec", "girlb-lab-client", "curl", "-s", "-o", "/dev/null", "-w", "%{http_code}", "http://10.77.0.100/tenant3/rp/api/x"]);
            Assert.Equal("200", routed.StandardOutput);

            // drain T1RWS1 and the first RCS while a client runs sticky and new sessions: none fails, sticky ones keep their member
            var client = Client(8);
            Thread.Sleep(1500);
            var drain = OnNode(passive, "members", "drain", "t1", "rws", "T1RWS1");
            Assert.True(drain.ExitCode == 0, drain.ToString());
            Assert.Contains("t1 RWS http://10.77.0.31:8080 (route T1RWS1): active -> drain", drain.StandardError);
            var drainRcs = OnNode(active, "members", "drain", "t1", "rcs", "Recording_Crypto_Server_1");
            Assert.True(drainRcs.ExitCode == 0, drainRcs.ToString());
            Assert.Equal(pid, HttpdPid(active));
            Assert.Contains("Drn", MemberStatus(ServerStatus(active), "balancer://t1rws", "http://10.77.0.31:8080"));
            Assert.Contains("Drn", MemberStatus(ServerStatus(active), "balancer://t1rcs", "http://10.77.0.51:8008"));
            var during = (await client).StandardOutput;
            output.WriteLine("client during the drains: " + during);
            Assert.Equal(0, Failed(during));
            Assert.Equal(["t1rws1"], Reached(during, "rws_sticky"));
            Assert.Equal(["t1rcs1"], Reached(during, "rcs_sticky"));

            var after = (await Client(2)).StandardOutput;
            output.WriteLine("client after the drains: " + after);
            Assert.Equal(0, Failed(after));
            Assert.Equal(["t1rws1"], Reached(after, "rws_sticky"));
            Assert.Equal(["t1rcs1"], Reached(after, "rcs_sticky"));
            Assert.DoesNotContain("t1rws1", Reached(after, "rws_new"));
            Assert.Equal(["t1rcs2"], Reached(after, "rcs_new"));
            var waited = OnNode(active, "members", "drain", "t1", "rws", "T1RWS1", "--wait", "--timeout", "10", "--status-url", "http://127.0.0.1/server-status");
            Assert.True(waited.ExitCode == 0, waited.ToString());
            Assert.Contains("no request in flight", waited.StandardError);

            // the tenants file applied again keeps what 'members' set (the file says nothing of states)
            var reapply = OnNode(passive, "tenants", "apply", tenants);
            Assert.True(reapply.ExitCode == 0, reapply.ToString());
            Assert.Contains("kept: t1 RWS http://10.77.0.31:8080 (route T1RWS1) stays drain", reapply.StandardError);
            Assert.Contains("no change", reapply.StandardError);

            // refused: RP of t1 would have no member for new sessions
            Assert.Equal(0, OnNode(active, "members", "disable", "t1", "rp", "1").ExitCode);
            var refused = OnNode(active, "members", "disable", "t1", "rp", "10.77.0.42");
            Assert.Equal(4, refused.ExitCode);
            Assert.Contains("refused: no member of t1 RP would take new sessions", refused.StandardError);
            Assert.Equal(0, OnNode(active, "members", "enable", "t1", "rp", "1").ExitCode);

            // status shows the drained member as such, not as a failure
            var status = OnNode(active, "status", "--tenant", "t1");
            Assert.Matches(@"http://10\.77\.0\.31:8080\s+draining", status.StandardOutput);
            Assert.DoesNotContain("t1 RWS", status.StandardOutput.Split("Problems")[^1]);

            // failover: the other node renders the cluster's document before its httpd starts; the member is still drained
            Exec(active, "pcs", "node", "standby", active);
            var clock = Stopwatch.StartNew();
            // (the VIP moves first: httpd is ordered after it)
            var page = "";
            while (!page.Contains("balancer://t1rws", StringComparison.Ordinal) && clock.Elapsed < TimeSpan.FromSeconds(60))
            {
                Thread.Sleep(500);
                page = ServerStatus(passive);
            }
            Assert.Contains("Drn", MemberStatus(page, "balancer://t1rws", "http://10.77.0.31:8080"));
            Assert.Contains("balancer://t3rws", page);
            var moved = (await Client(2)).StandardOutput;
            output.WriteLine("client after the failover: " + moved);
            Assert.Equal(0, Failed(moved));
            Assert.Equal(["t1rws1"], Reached(moved, "rws_sticky"));
            Assert.DoesNotContain("t1rws1", Reached(moved, "rws_new"));
            Assert.Equal(["t1rcs2"], Reached(moved, "rcs_new"));
            var digests = Exec(passive, "cibadmin", "--query", "--scope", "nodes").StandardOutput;
            Assert.Single(System.Text.RegularExpressions.Regex.Matches(digests, "name=\"girlb-tenants-digest\""));

            Assert.Equal(0, OnNode(passive, "members", "enable", "t1", "rws", "T1RWS1").ExitCode);
            Assert.DoesNotContain("Drn", MemberStatus(ServerStatus(passive), "balancer://t1rws", "http://10.77.0.31:8080"));
        }
        finally
        {
            LabRun("down");
        }
    }
}
