using System.Text.Json;
using GirAgent.IntegrationTests.Support;
using Xunit.Abstractions;

namespace GirAgent.IntegrationTests.Lab;

/// <summary>
/// End-to-end failover on the real cluster stack: the lab (tests/lab/lab) brings up two
/// Pacemaker/Corosync nodes with httpd and the VIP, tenant t1's backends and a client, all in
/// namespaces; each scenario injects a fault under a steady client load and reports what the
/// client saw. The same scenarios run with ocf:heartbeat:apache + IPaddr2, so every figure has the
/// peer beside it (artifacts/lab-results, then docs/benchmarks.md). Each runs on both stacks: Debian 12's
/// (Pacemaker 2.1, pcs 0.11, the machine's own) and Debian 13's (Pacemaker 3.0, pcs 0.12, resource-agents
/// 4.16: a root the lab's nodes chroot into, tests/lab/stack-root).
/// </summary>
[Collection("lab")]
public sealed class LabScenarioTests(ITestOutputHelper output)
{
    // (bmc-down: the gir run only; it crashes the active node with its BMC away, then the crash scenario crashes the other)
    private static readonly string[] Scenarios = ["paths", "backend", "kill-httpd", "standby", "split", "bmc-down", "upgrade", "crash"];

    /// <summary>Scenarios of girlb's own (its BMC wait, its package): the peer's run skips them.</summary>
    private static readonly string[] GirOnly = ["bmc-down", "upgrade"];
    private const int KillRepeats = 3;

    [Theory]
    [InlineData("debian12")]
    [InlineData("debian13")]
    public void Failover_scenarios_hold_with_the_gir_agents(string stack)
    {
        var reports = RunAll("gir", stack, daemon: true);
        var failures = new List<string>();
        Check(failures, reports["paths"].String("stack") == stack, $"the lab ran stack {reports["paths"].String("stack")}, not {stack}");

        // every public path reaches its own service on the path that service really serves (seed: /t1/rp/api -> /api)
        foreach (var path in reports["paths"].Root.GetProperty("paths").EnumerateArray())
        {
            var service = path.GetProperty("path").GetString()!.Split('/')[2] switch
            {
                "api" or "internal-api" => "rws",
                "rp" => "rp",
                "rcs" => "rcs",
                "interactionreceiver" => "sm",
                _ => "webdav",
            };
            Check(failures, path.GetProperty("status").GetInt32() == 200 && path.GetProperty("member").GetString()!.StartsWith("t1" + service, StringComparison.Ordinal),
                $"paths: {path.GetProperty("path")} answered {path.GetProperty("status")} from '{path.GetProperty("member")}' (a t1{service} member with 200 expected)");
        }

        var backend = reports["backend"];
        var api = backend.Client(0);
        var rcs = backend.Client(1);
        // the pinned RWS member dies at once under load (SIGTERM, no drain): the one request it may
        // hold at that instant fails (502, httpd does not resend a request once sent), no other
        Check(failures, api.GetProperty("failed").GetInt32() <= 1 && api.GetProperty("longest_gap_seconds").GetDouble() < 1,
            $"backend: the RWS client lost more than the request in flight at the kill ({api.GetProperty("failed")} failed, longest gap {api.GetProperty("longest_gap_seconds")} s)");
        Check(failures, rcs.GetProperty("failed").GetInt32() == 0, "backend: the RCS client saw failures");
        Check(failures, backend.Strings("kept").SequenceEqual(backend.Strings("pinned")), "backend: a session left its member while it lived");
        Check(failures, rcs.GetProperty("member_changes").GetInt32() == 0, "backend: the RCS session (JSESSIONID) changed member");
        Check(failures, backend.String("moved_to") is { Length: > 0 } moved && moved != backend.String("stopped_pinned"),
            "backend: the RWS session did not move off its stopped member");
        Check(failures, api.GetProperty("member_changes").GetInt32() == 1, "backend: the RWS session changed member more than once");

        // fast recovery: the daemon reports the dead master at once; serving again well under a second
        foreach (var name in reports.Keys.Where(k => k.StartsWith("kill-httpd", StringComparison.Ordinal)))
        {
            var kill = reports[name];
            Check(failures, kill.Ok, $"{name}: Pacemaker did not recover httpd");
            Check(failures, kill.Root.GetProperty("fail_count").GetInt32() >= 1, $"{name}: no failure recorded");
            Check(failures, kill.String("to") == kill.String("from"), $"{name}: webserver moved although migration-threshold=10");
            // recovered: Pacemaker logged a new start (the lab's loop, which looks every few tenths of a second); fast: the
            // client, which asks every 50 ms, was served again within 1.5 s of the kill
            Check(failures, kill.Root.GetProperty("recovered_seconds").ValueKind == JsonValueKind.Number, $"{name}: Pacemaker logged no new start");
            Check(failures, ServedAgainAfter(kill.Client(0)) is { } served && served < 1.5,
                $"{name}: the client was served again {ServedAgainAfter(kill.Client(0))?.ToString("0.###") ?? "never"} s after the kill (fast recovery expected)");
        }

        var health = reports["health"];
        Check(failures, health.String("active_health")?.Contains("\"status\": \"serving\"") == true, "daemon: /health of the active node is not serving");
        Check(failures, health.String("passive_health")?.Contains("\"status\": \"passive\"") == true, "daemon: /health of the passive node does not say passive");

        var standby = reports["standby"];
        Check(failures, standby.Ok && standby.String("to") != standby.String("from"), "standby: resources did not move");
        // the order each resource first stopped (started) in: later repeats (a late probe) do not change it
        Check(failures, FirstOrder(standby.String("stop_order_on_from")) == "webserver virtual_ip", $"standby: stop order was '{standby.String("stop_order_on_from")}'");
        Check(failures, FirstOrder(standby.String("start_order_on_to")) == "virtual_ip webserver", $"standby: start order was '{standby.String("start_order_on_to")}'");
        Check(failures, standby.Client(0).GetProperty("longest_gap_seconds").GetDouble() < 10, "standby: the client's gap exceeded 10 s");

        var crashEvents = reports["events-crash"].String("events") ?? "";
        Check(failures, crashEvents.Contains("\"kind\":\"node_lost\""), "daemon: no node_lost event after the crash");
        Check(failures, crashEvents.Contains("\"cause\":\"node_loss\""), "daemon: no event caused by node_loss after the crash");
        var killEvents = reports["events-kill"].String("events") ?? "";
        Check(failures, killEvents.Contains("\"source\":\"watcher\""), "daemon: fast recovery left no watcher event");
        // the standby's move is told as a standby, not as the crashes recovered before it
        var standbyEvents = (reports["events-standby"].String("events") ?? "").Split('\n');
        Check(failures, standbyEvents.Any(l => l.Contains("\"kind\":\"standby_on\"")), "daemon: no standby_on event");
        foreach (var resource in new[] { "webserver", "virtual_ip" })
            Check(failures, standbyEvents.Any(l => l.Contains("\"kind\":\"resource_moved\"") && l.Contains($"\"resource\":\"{resource}\"") && l.Contains("\"cause\":\"standby\"")),
                $"daemon: the {resource} move on standby was not given the cause standby");
        // a stop by the agent (standby) is not a crash: no fast-recovery report for it
        static int Watcher(string events) => events.Split('\n').Count(l => l.Contains("\"source\":\"watcher\""));
        if (reports["standby"].String("from") == reports["kill-httpd"].String("from"))
            Check(failures, Watcher(reports["events-standby"].String("events") ?? "") == Watcher(killEvents),
                "daemon: the agent's stop during standby was reported to Pacemaker as a crash");

        var crash = reports["crash"];
        Check(failures, crash.Ok && crash.String("to") != crash.String("from"), "crash: the other node did not take over");
        // fencing first: detection (2 s), the fence delay (5 s), fence_ipmilan's reboot (4-5 s), then the starts
        Check(failures, crash.Client(0).GetProperty("recovery_seconds").GetDouble() < 30, "crash: recovery took 30 s or more");
        Check(failures, crash.Root.GetProperty("powered_off_seconds").ValueKind == JsonValueKind.Number,
            "crash: the crashed node's BMC never powered it off (no fence)");
        Check(failures, crash.Root.GetProperty("timeline").GetProperty("fenced").ValueKind == JsonValueKind.Number,
            $"crash: the survivor did not log the fence's success (timeline {Json(crash.Root, "timeline")})");

        // the events tell the outage the client saw: for the node crash, counted from the node's last contact
        var webMove = LastEvent(crashEvents, "resource_moved", "webserver");
        var gap = crash.Client(0).GetProperty("longest_gap_seconds").GetDouble();
        if (webMove is not { } move || !move.TryGetProperty("duration_seconds", out var outage))
            failures.Add("daemon: the survivor recorded no move of webserver with its outage after the crash");
        else
        {
            Check(failures, Math.Abs(outage.GetDouble() - gap) <= 0.3,
                $"crash: the event's outage {outage.GetDouble():0.###} s is not within 0.3 s of the client's longest gap {gap:0.###} s"
                + $" (seconds from the fault: {Json(crash.Root, "timeline")}; the client's outages: {Json(crash.Client(0), "outages")})");
            Check(failures, move.TryGetProperty("detection_seconds", out var found) && found.GetDouble() > 1,
                "crash: the move does not say how much of the outage passed before the cluster knew (detection_seconds)");
        }

        // every failover either node recorded tells the outage its clients saw: within 0.3 s of the client's longest gap,
        // or within the doubt the event states; the two nodes' figures of one failover agree within their doubts
        // (a scenario's events: from its fault to the next scenario's)
        string[] timed = ["kill-httpd", "kill-httpd#2", "kill-httpd#3", "standby", "split", "bmc-down", "crash"];
        for (var i = 0; i < timed.Length; i++)
            failures.AddRange(OutageProblems(timed[i], reports[timed[i]], i + 1 < timed.Length ? FaultTime(reports[timed[i + 1]]) : null, Logs));

        // the cluster's link cut, clients still reaching both nodes, fencing on: the node running the service survives
        // (priority-fencing-delay), the passive one is powered off by its BMC, nothing is served twice, no request fails
        failures.AddRange(SplitProblems(reports["split"]));

        // the active node crashes while its BMC is unreachable: the survivor waits (nothing served twice), status says
        // why, and the service comes back once the BMC answers
        var upgrade = reports["upgrade"];
        Check(failures, upgrade.Ok && upgrade.Client(0).GetProperty("failed").GetInt32() == 0,
            $"upgrade: girlb's package upgraded on the running cluster restarted something or lost requests: {upgrade.Root}");
        var bmc = reports["bmc-down"];
        Check(failures, bmc.Ok, $"bmc-down: {Json(bmc.Root, "held_while_unfenced_seconds")} s held while unfenced, served {Json(bmc.Root, "served_after_bmc_back_seconds")} s after the BMC was back");
        Check(failures, bmc.String("status_said")?.Contains("fenced", StringComparison.Ordinal) == true,
            $"bmc-down: giragent status did not say the node waits for its fence (it said '{bmc.String("status_said")}')");

        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    /// <summary>What is wrong with a split under fencing: the active node must survive and the passive one be powered off.</summary>
    private static IEnumerable<string> SplitProblems(Report split)
    {
        var from = split.String("from")!;
        var to = split.String("to")!;
        var off = split.Root.GetProperty("powered_off");
        if (!split.Ok) yield return $"split: the cluster did not serve from one node again after the link came back";
        if (split.String("survivor") != from) yield return $"split: {split.String("survivor")} survived, not the active node {from}";
        if (off.GetProperty(from).GetString() is { Length: > 0 } shot) yield return $"split: the active node {from} was powered off ({shot} s after the cut)";
        if (off.GetProperty(to).GetString() is not { Length: > 0 }) yield return $"split: the passive node {to} was not powered off";
        if (split.Root.GetProperty("both_held_seconds").ValueKind != JsonValueKind.Null) yield return $"split: both nodes held the VIP";
        if (split.Client(0).GetProperty("failed").GetInt32() > 0) yield return $"split: the client lost {split.Client(0).GetProperty("failed")} requests";
    }

    /// <summary>Seconds from the fault to the end of the client's first outage after it (0 when it saw none); null without a fault time.</summary>
    private static double? ServedAgainAfter(JsonElement client)
    {
        if (!client.TryGetProperty("fault_time", out var f) || f.ValueKind != JsonValueKind.Number) return null;
        var fault = f.GetDouble();
        foreach (var outage in client.GetProperty("outages").EnumerateArray())
            if (outage.GetProperty("end").GetDouble() > fault) return outage.GetProperty("end").GetDouble() - fault;
        return 0;
    }

    private static string Json(JsonElement e, string property) => e.TryGetProperty(property, out var p) ? p.GetRawText() : "none";

    /// <summary>Each node's event log (its events.jsonl), read after the last scenario.</summary>
    private Dictionary<string, string> Logs { get; } = [];

    /// <summary>
    /// What is wrong with the outages the nodes recorded for webserver in SCENARIO (the events after its fault, until NEXT):
    /// each must be within 0.3 s of the client's longest gap, or within the uncertainty it states; two nodes' figures must
    /// agree within their doubts. A scenario that had an outage must have it told by at least one node.
    /// </summary>
    private static IEnumerable<string> OutageProblems(string scenario, Report report, DateTimeOffset? next, Dictionary<string, string> logs)
    {
        var client = report.Client(0);
        var gap = client.GetProperty("longest_gap_seconds").GetDouble();
        var fault = FaultTime(report);
        var until = next ?? fault.AddSeconds(30);
        var told = new List<(string Node, double Outage, double Doubt)>();
        foreach (var (node, log) in logs)
        {
            foreach (var e in Parse(log))
            {
                if (e.GetProperty("resource").GetString() != "webserver" || !e.TryGetProperty("duration_seconds", out var d)) continue;
                var time = e.GetProperty("time").GetDateTimeOffset();
                if (time < fault || time >= until) continue;
                var doubt = e.TryGetProperty("uncertainty_seconds", out var u) ? u.GetDouble() : 0;
                told.Add((node, d.GetDouble(), doubt));
                if (Math.Abs(d.GetDouble() - gap) > 0.3 + doubt)
                    yield return $"{scenario}: {node} recorded an outage of {d.GetDouble():0.###} s (±{doubt:0.###}), the client's longest gap was {gap:0.###} s";
            }
        }

        if (told.Count == 0 && client.GetProperty("failed").GetInt32() > 0)
            yield return $"{scenario}: no node recorded webserver's outage (the client's longest gap {gap:0.###} s)";
        foreach (var a in told)
            foreach (var b in told.Where(b => string.CompareOrdinal(b.Node, a.Node) > 0))
                if (Math.Abs(a.Outage - b.Outage) > a.Doubt + b.Doubt + 0.3)
                    yield return $"{scenario}: {a.Node} told {a.Outage:0.###} s (±{a.Doubt:0.###}), {b.Node} {b.Outage:0.###} s (±{b.Doubt:0.###})";

        static IEnumerable<JsonElement> Parse(string jsonLines) => jsonLines.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Where(l => l.TrimStart().StartsWith('{'))
            .Select(l => JsonDocument.Parse(l).RootElement.Clone())
            .Where(e => e.TryGetProperty("kind", out var k) && k.GetString() is "resource_moved" or "resource_recovered" && e.TryGetProperty("resource", out _));
    }

    private static DateTimeOffset FaultTime(Report report) =>
        DateTimeOffset.FromUnixTimeMilliseconds((long)(report.Client(0).GetProperty("fault_time").GetDouble() * 1000));

    /// <summary>The last event of KIND for RESOURCE in a node's <c>giragent events --json</c> output.</summary>
    private static JsonElement? LastEvent(string jsonLines, string kind, string resource)
    {
        JsonElement? last = null;
        foreach (var line in jsonLines.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            if (!line.TrimStart().StartsWith('{')) continue;
            var e = JsonDocument.Parse(line).RootElement.Clone();
            if (e.TryGetProperty("kind", out var k) && k.GetString() == kind && e.TryGetProperty("resource", out var r) && r.GetString() == resource)
                last = e;
        }
        return last;
    }

    [Theory]
    [InlineData("debian13")]
    public void Failover_scenarios_are_measured_with_the_heartbeat_agents(string stack)
    {
        // the peer is measured, not judged: each scenario must run and report. On Debian 12 the benches measure it
        // beside girlb (bench-failover, bench-groups), so CI runs it on Debian 13 only (2.5 minutes less)
        var reports = RunAll("heartbeat", stack);
        Assert.Equal(stack, reports["paths"].String("stack"));
        Assert.Equal(Scenarios.Length - GirOnly.Length, reports.Count);
        Assert.True(reports["kill-httpd"].Ok, "kill-httpd with apache: Pacemaker did not recover httpd");
        Assert.True(reports["crash"].Ok, "crash with IPaddr2 + apache: the other node did not take over");
        // the same fencing for the peer: the split is the cluster's choice, not the agents'
        Assert.Empty(SplitProblems(reports["split"]));
    }

    [Theory]
    [InlineData("debian12")]
    [InlineData("debian13")]
    public void With_a_quorum_device_the_lost_qnetd_moves_nothing_and_the_isolated_node_loses_the_service(string stack)
    {
        // lab up --qdevice: corosync-qnetd on the ring network, corosync-qdevice (ffsplit) on the nodes, fencing on;
        // bmc-lost: the passive node's BMC stops answering (its fence device fails its monitor)
        var reports = RunAll("gir", stack, daemon: true, scenarios: ["qnetd-down", "bmc-lost", "split"], upArguments: ["--qdevice"]);

        // cluster setup --qdevice ran pcs quorum device add (pcsd on the nodes and the quorum host): pcs's certificates
        // on both nodes (qnetd verifies each client's), the device in corosync.conf, corosync-qdevice started; run again,
        // cluster setup finds the device as wanted
        var up = File.ReadAllText(Path.Combine(RepoRoot, "artifacts", "lab-results", $"gir{(stack == "debian12" ? "" : "-" + stack)}-qdevice-up.log"));
        Assert.Contains("cluster setup: + pcs quorum device add model net host=10.78.0.30 algorithm=ffsplit", up);
        Assert.Contains("qnetd: 2 of 2 nodes connected with TLS, client certificate verified", up);
        Assert.Contains("cluster setup again: unchanged: quorum device on 10.78.0.30", up);

        var qnetd = reports["qnetd-down"];
        Assert.True(qnetd.Ok, $"qnetd-down: something moved or status did not say so: {qnetd.Root}");
        Assert.Equal(0, qnetd.Client(0).GetProperty("failed").GetInt32());
        Assert.Contains("quorum device does not vote", qnetd.String("status_said"));
        var bmc = reports["bmc-lost"];
        Assert.True(bmc.Ok, $"bmc-lost: status did not say so, something moved, or the device did not start after its cleanup: {bmc.Root}");
        Assert.Equal(0, bmc.Client(0).GetProperty("failed").GetInt32());
        Assert.Matches("^CRIT fence device fence-n[12] (failed|is stopped)", bmc.String("status_said"));
        // the active node, cut from its peer and from qnetd, loses quorum; the other node has qnetd's vote, fences it and serves
        var split = reports["split"];
        Assert.True(split.Ok, $"split with a quorum device: {split.Root}");
        Assert.Equal(split.String("to"), split.String("survivor"));
        Assert.NotEqual("", split.Root.GetProperty("powered_off").GetProperty(split.String("from")!).GetString());
    }

    private Dictionary<string, Report> RunAll(string agents, string stack, bool daemon = false, string[]? scenarios = null, string[]? upArguments = null)
    {
        // results of the machine's own stack keep their names (failover-report.py reads them); the other's say its name
        var label = (stack == "debian12" ? agents : $"{agents}-{stack}") + (upArguments?.Contains("--qdevice") == true ? "-qdevice" : "");
        var lab = Path.Combine(RepoRoot, "tests", "lab", "lab");
        var results = Path.Combine(RepoRoot, "artifacts", "lab-results");
        Directory.CreateDirectory(results);
        var env = new Dictionary<string, string> { ["GIRAGENT"] = Programs.Giragent };
        var reports = new Dictionary<string, Report>();
        try
        {
            // a first run on Debian 13 builds its root (debootstrap, about two minutes)
            string[] upArgs = [lab, "up", "--stack", stack, "--agents", agents, .. daemon ? ["--daemon"] : Array.Empty<string>(), .. upArguments ?? []];
            var up = Programs.Run("/bin/bash", upArgs, env, TimeSpan.FromMinutes(10));
            Assert.True(up.ExitCode == 0, "lab up failed:\n" + up);
            File.WriteAllText(Path.Combine(results, $"{label}-up.log"), up.ToString());
            if (daemon && scenarios is null)
            {
                var active = Programs.Run("/bin/bash", [lab, "active"], env).StandardOutput.Trim();
                var passive = active == "n1" ? "10.77.0.12" : "10.77.0.11";
                var activeIp = active == "n1" ? "10.77.0.11" : "10.77.0.12";
                string Health(string ip) => Programs.Run("/bin/bash", [lab, "client", "curl", "-s", $"http://{ip}:9664/health"], env).StandardOutput;
                var json = JsonSerializer.Serialize(new Dictionary<string, string> { ["active_health"] = Health(activeIp), ["passive_health"] = Health(passive) });
                reports["health"] = new Report(JsonDocument.Parse(json).RootElement.Clone());
            }
            foreach (var scenario in (scenarios ?? Scenarios).Where(s => agents == "gir" || !GirOnly.Contains(s))
                         .SelectMany(s => s == "kill-httpd" && daemon ? Enumerable.Range(1, KillRepeats).Select(i => i == 1 ? s : $"{s}#{i}") : [s]))
            {
                // repeated kills come 0.5 s after the previous recovery: the successor must be watched by then
                var runEnv = scenario.StartsWith("kill-httpd#", StringComparison.Ordinal) ? new Dictionary<string, string>(env) { ["LAB_KILL_SETTLE"] = "0.5" } : env;
                var run = Programs.Run("/bin/bash", [lab, "scenario", scenario.Split('#')[0]], runEnv, TimeSpan.FromMinutes(4));
                output.WriteLine($"{label} {scenario}: {run.StandardOutput.Trim()}");
                Assert.True(run.ExitCode == 0 && run.StandardOutput.TrimStart().StartsWith('{'), $"scenario {scenario} did not report:\n{run}");
                File.WriteAllText(Path.Combine(results, $"{label}-{scenario.Replace('#', '-')}.json"), run.StandardOutput);
                reports[scenario] = new Report(JsonDocument.Parse(run.StandardOutput).RootElement.Clone());
                // what the daemon of the node concerned recorded (each node keeps its own event log)
                if (daemon && scenario == $"kill-httpd#{KillRepeats}")
                    reports["events-kill"] = Events(lab, env, reports["kill-httpd"].String("from")!);
                if (daemon && scenario == "standby")
                    reports["events-standby"] = Events(lab, env, reports["standby"].String("from")!);
                if (scenario == "crash")
                {
                    if (daemon)
                    {
                        Thread.Sleep(3000);
                        reports["events-crash"] = Events(lab, env, reports["crash"].String("to")!);
                        // the crashed node's log stays on its disk
                        foreach (var node in new[] { "n1", "n2" })
                        {
                            var log = $"/var/lib/girlb-lab/nodes/{node}/var-lib-giragent/events.jsonl";
                            Logs[node] = File.Exists(log) ? File.ReadAllText(log) : "";
                            File.WriteAllText(Path.Combine(results, $"{label}-events-{node}.jsonl"), Logs[node]);
                        }
                    }
                    break;
                }
            }
            return reports;
        }
        catch
        {
            var diagnosis = Programs.Run("/bin/bash", [lab, "diagnose"], env, TimeSpan.FromMinutes(1));
            output.WriteLine("lab diagnosis:\n" + diagnosis.StandardError + diagnosis.StandardOutput);
            throw;
        }
        finally
        {
            // the daemons' own logs, for a failure's diagnosis (the lab's state goes with `down`)
            foreach (var node in new[] { "n1", "n2" })
            {
                var daemonLog = $"/var/lib/girlb-lab/nodes/{node}/var-log/giragent.log";
                if (File.Exists(daemonLog)) File.Copy(daemonLog, Path.Combine(results, $"{label}-giragent-{node}.log"), overwrite: true);
            }
            var down = Programs.Run("/bin/bash", [lab, "down"], env, TimeSpan.FromMinutes(1));
            output.WriteLine(down.StandardError);
        }
    }

    private Report Events(string lab, Dictionary<string, string> env, string node)
    {
        var events = Programs.Run("/bin/bash", [lab, "exec", node, Programs.Giragent, "events", "--json", "--limit", "500"], env);
        output.WriteLine($"events on {node}:\n{events.StandardOutput}");
        var json = JsonSerializer.Serialize(new Dictionary<string, string> { ["events"] = events.StandardOutput });
        return new Report(JsonDocument.Parse(json).RootElement.Clone());
    }

    private static string FirstOrder(string? sequence) =>
        string.Join(' ', (sequence ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries).Distinct());

    private static void Check(List<string> failures, bool condition, string message)
    {
        if (!condition) failures.Add(message);
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

    private sealed record Report(JsonElement Root)
    {
        public bool Ok => Root.GetProperty("ok").GetBoolean();
        public string? String(string name) => Root.TryGetProperty(name, out var v) ? v.GetString() : null;
        public IEnumerable<string?> Strings(string name) => Root.GetProperty(name).EnumerateArray().Select(e => e.GetString());
        public JsonElement Client(int index) => Root.GetProperty("clients")[index];
    }
}
