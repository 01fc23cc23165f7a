using System.Text.Json;
using GirAgent.IntegrationTests.Support;
using Xunit.Abstractions;
using static GirAgent.IntegrationTests.Tenants.TenantsFixtures;

namespace GirAgent.IntegrationTests.Lab;

/// <summary>
/// Tenants spread over three active nodes (`lab up --nodes 3 --groups 4`, fencing on): webserver cloned, four groups of
/// tenants each behind a VIP of its own, every node holding one or two. Under a client load on every group's VIP: the
/// cluster's tenants applied and a member drained and enabled (every node reloads, nothing fails, no httpd master
/// replaced); then the node holding g1 crashes: the groups on the other nodes lose no request, the crashed node's groups
/// serve again from the survivors, status and the events say which group and tenants moved; back from its fence the node
/// holds no group until 'giragent cluster rebalance --apply' gives it one, with no failed request; then a fourth node
/// joins the running cluster (Corosync's nodelist reloaded, cluster setup adds its fence device): nothing moves when it
/// joins, the rebalance gives it a group, no request fails, and a member change waits for all four nodes.
/// Both stacks. Reports in artifacts/lab-results/groups-*.json.
/// </summary>
[Collection("lab")]
public sealed class GroupsLabTests(ITestOutputHelper output)
{
    private static string Lab => Path.Combine(RepoRoot, "tests", "lab", "lab");

    private AgentRun LabRun(TimeSpan timeout, params string[] args)
    {
        var run = Programs.Run("/bin/bash", [Lab, .. args], new Dictionary<string, string> { ["GIRAGENT"] = Programs.Giragent }, timeout);
        output.WriteLine($"lab {string.Join(' ', args)}: exit {run.ExitCode}\n{run.StandardOutput}{run.StandardError}");
        return run;
    }

    private JsonElement Scenario(string stack, params string[] args)
    {
        var run = LabRun(TimeSpan.FromMinutes(4), ["scenario", .. args]);
        Assert.True(run.ExitCode == 0 && run.StandardOutput.TrimStart().StartsWith('{'), $"scenario {args[0]} did not report:\n{run}");
        var results = Path.Combine(RepoRoot, "artifacts", "lab-results");
        Directory.CreateDirectory(results);
        File.WriteAllText(Path.Combine(results, $"groups-{stack}-{args[0]}.json"), run.StandardOutput);
        return JsonDocument.Parse(run.StandardOutput.Trim().Split('\n')[^1]).RootElement.Clone();
    }

    [Theory]
    [InlineData("debian12")]
    [InlineData("debian13")]
    public void Groups_over_three_nodes_lose_only_the_crashed_nodes_groups_and_a_fourth_node_joins_without_a_failed_request(string stack)
    {
        try
        {
            var up = LabRun(TimeSpan.FromMinutes(10), "up", "--nodes", "3", "--groups", "4", "--daemon", "--stack", stack);
            Assert.True(up.ExitCode == 0, "lab up failed:\n" + up);
            // the load is spread: every node holds a group while all are up
            Assert.Matches(@"groups g1=n\d g2=n\d g3=n\d g4=n\d", up.StandardError);
            var placed = System.Text.RegularExpressions.Regex.Matches(up.StandardError, @"g\d=(n\d)").Select(m => m.Groups[1].Value).ToList();
            Assert.Equal(3, placed.Distinct().Count());

            var reload = Scenario(stack, "reload-groups");
            foreach (var step in reload.GetProperty("steps").EnumerateArray())
                Assert.True(step.GetProperty("exit").GetInt32() == 0 && step.GetProperty("said")[0].GetString()!.Contains("n1, n2, n3 serve it", StringComparison.Ordinal),
                    $"{step.GetProperty("command")}: {step}");
            // tenants apply (files managed by hand until then: each node's files are already these, so a reload or none), drain, enable
            Assert.All(reload.GetProperty("reloads").EnumerateObject(), r => Assert.True(r.Value.GetInt32() >= 2, $"{r.Name} reloaded {r.Value} times"));
            Assert.True(reload.GetProperty("masters_unchanged").GetBoolean(), "an httpd master was replaced: a reload restarted httpd");
            Assert.All(reload.GetProperty("clients").EnumerateArray(), c => Assert.Equal(0, c.GetProperty("failed").GetInt32()));

            var crash = Scenario(stack, "crash-group");
            var victim = crash.GetProperty("from").GetString()!;
            Assert.True(crash.GetProperty("ok").GetBoolean(), $"not every group served again: {crash}");
            var groups = crash.GetProperty("groups").EnumerateArray().ToList();
            var clients = crash.GetProperty("clients").EnumerateArray().ToList();
            for (var i = 0; i < groups.Count; i++)
            {
                var (name, before, after) = (groups[i].GetProperty("group").GetString(), groups[i].GetProperty("before").GetString(), groups[i].GetProperty("after").GetString());
                var client = clients[i];
                if (before != victim)
                {
                    Assert.True(before == after, $"{name} moved from {before} to {after} although {victim} crashed");
                    Assert.True(client.GetProperty("failed").GetInt32() == 0, $"{name} on {before} lost {client.GetProperty("failed")} requests when {victim} crashed");
                }
                else
                {
                    Assert.True(after is not null && after != victim, $"{name} did not leave {victim}: {after}");
                    // the same bound as the two-node crash (detection, fence, start)
                    Assert.True(client.GetProperty("longest_gap_seconds").GetDouble() < 30, $"{name}: {client.GetProperty("longest_gap_seconds")} s without an answer");
                }
            }
            Assert.True(crash.GetProperty("powered_off_seconds").ValueKind == JsonValueKind.Number, "the crashed node was not powered off by its fence");

            // the survivor's daemon tells the group's move with its tenant, and webserver (a clone) had no failover
            var g1To = groups[0].GetProperty("after").GetString()!;
            string events = "";
            for (var i = 0; i < 20 && !events.Contains("vip-g1 " + victim + " -> " + g1To, StringComparison.Ordinal); i++)
            {
                Thread.Sleep(1000);
                events = LabRun(TimeSpan.FromMinutes(1), "exec", g1To, "/usr/sbin/giragent", "events").StandardOutput;
            }
            Assert.Matches($@"resource_moved +node_loss +vip-g1 {victim} -> {g1To} in [0-9.]+s.*\(tenant t1\)", events);
            Assert.DoesNotMatch(@"resource_(moved|recovered) +\S+ +webserver ", events);
            Assert.DoesNotMatch(@"resource_(moved|recovered) +\S+ +fence-", events);
            var status = LabRun(TimeSpan.FromMinutes(1), "exec", g1To, "/usr/sbin/giragent", "status", "--tenants", "/var/lib/girlb-lab/httpd/tenants.json").StandardOutput;
            Assert.Matches($@"Group +g1 +10\.77\.0\.101 +started on {g1To} since .* tenants t1", status);

            // the crashed node is back holding no group (stickiness); cluster rebalance gives it one, nothing fails
            var rebalance = Scenario(stack, "rebalance");
            Assert.True(rebalance.GetProperty("exit").GetInt32() == 0, $"cluster rebalance failed: {rebalance.GetProperty("said")}");
            var spread = rebalance.GetProperty("groups").EnumerateArray().Select(g => g.GetProperty("after").GetString()).ToList();
            Assert.True(spread.Distinct().Count() == 3 && spread.Contains(victim), $"a node holds no group after the rebalance: {string.Join(", ", spread)}");
            AssertNoRequestLost(rebalance);

            // a fourth node joins the running cluster: nothing moves as it joins; the rebalance gives it its share
            var added = Scenario(stack, "add-node");
            Assert.True(added.GetProperty("ok").GetBoolean() && added.GetProperty("to").GetString() == "n4", $"n4 did not join: {added}");
            Assert.True(added.GetProperty("exit").GetInt32() == 0, $"cluster rebalance failed: {added.GetProperty("said")}");
            foreach (var g in added.GetProperty("groups").EnumerateArray())
                Assert.True(g.GetProperty("before").GetString() == g.GetProperty("joined").GetString(), $"{g.GetProperty("group")} moved when n4 joined: {g}");
            var four = added.GetProperty("groups").EnumerateArray().Select(g => g.GetProperty("after").GetString()).ToList();
            Assert.True(four.Distinct().Count() == 4 && four.Contains("n4"), $"not one group per node after n4 joined and the rebalance: {string.Join(", ", four)}");
            AssertNoRequestLost(added);
            var fence = LabRun(TimeSpan.FromMinutes(1), "exec", "n1", "crm_mon", "-1", "-r").StandardOutput;
            Assert.Matches(@"fence-n4\s+\(stonith:fence_ipmilan\):\s+Started n[123]", fence);
            // the digest check covers the new node: a member change waits until all four serve it
            foreach (var change in new[] { "drain", "enable" })
            {
                var member = LabRun(TimeSpan.FromMinutes(2), "exec", "n1", "/usr/sbin/giragent", "members", change, "t1", "rws", "T1RWS1");
                Assert.True(member.ExitCode == 0 && member.StandardError.Contains("n1, n2, n3, n4 serve it", StringComparison.Ordinal), $"members {change}:\n{member}");
            }
        }
        finally
        {
            LabRun(TimeSpan.FromMinutes(2), "down");
        }
    }

    /// <summary>Every client of the scenario had every request answered, none slower than a connection tried while its group's address moved.</summary>
    private static void AssertNoRequestLost(JsonElement scenario) =>
        Assert.All(scenario.GetProperty("clients").EnumerateArray(), c =>
        {
            Assert.Equal(0, c.GetProperty("failed").GetInt32());
            // a moved group's connection tried while its address moved waits for TCP's retransmission (1 s)
            Assert.True(c.GetProperty("slowest_answer_seconds").GetDouble() < 2.5, $"an answer took {c.GetProperty("slowest_answer_seconds")} s");
        });
}
