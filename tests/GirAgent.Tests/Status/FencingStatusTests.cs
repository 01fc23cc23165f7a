using GirAgent.Pacemaker;
using GirAgent.Status;
using GirAgent.Tests.Pacemaker;

namespace GirAgent.Tests.Status;

/// <summary>What giragent status shows of fencing: the devices, the last fence actions, and what is wrong with them.</summary>
public sealed class FencingStatusTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 0, 0, 0, TimeSpan.Zero);

    private static StatusReport Report(ClusterSnapshot cluster) =>
        StatusEvaluator.Evaluate(new StatusInputs(cluster, new SourceResult("crm_mon", "fixture", true, null, 1), null, null), Now);

    private static ClusterSnapshot Live => PacemakerFixtures.Parse("pacemaker-live/live.2x.xml");

    [Fact]
    public void The_devices_and_the_last_fence_actions_of_a_real_crm_mon_are_shown()
    {
        var report = Report(Live);

        var fencing = report.Fencing!;
        Assert.True(fencing.Enabled);
        Assert.Equal(["fence-bad", "fence-ok"], fencing.Devices.Select(d => d.Id).Order());
        Assert.All(fencing.Devices, d => Assert.Equal(("started", "stonith:fence_dummy"), (d.State, d.Agent)));
        Assert.Equal(["node2", "node3", "node4"], fencing.Recent.Select(a => a.Target));
        var failed = fencing.Recent[^1];
        Assert.Equal(("reboot", "failed", "node1", "Fence agent did not complete within 5s"), (failed.Action, failed.Status, failed.By, failed.Reason));
        var text = StatusTextRenderer.Render(report, color: false);
        Assert.Contains("Fencing   fence-ok started on node1   fence-bad started on node1", text);
        Assert.Contains("  fenced    node4 reboot by node1: failed  2026-11-23 23:37:06Z (Fence agent did not complete within 5s)", text);
    }

    [Fact]
    public void A_failed_fence_is_critical_and_says_what_waits_for_it()
    {
        var problem = Assert.Single(Report(Live).Problems, p => p.Check == StatusEvaluator.Checks.Stonith);

        Assert.Equal((Health.Critical, "node4"), (problem.Severity, problem.Subject));
        Assert.StartsWith("fencing node4 (reboot) failed: Fence agent did not complete within 5s", problem.Message);
        Assert.Contains("pcs stonith confirm node4", problem.Advice);
    }

    [Fact]
    public void A_fence_that_succeeded_after_a_failure_is_not_a_problem()
    {
        var retried = Live with
        {
            FenceHistory = [.. Live.FenceHistory, new FenceEvent { Target = "node4", Action = "reboot", Status = "success", Delegate = "node1", Completed = Now.AddMinutes(-1) }],
        };

        Assert.DoesNotContain(Report(retried).Problems, p => p.Check == StatusEvaluator.Checks.Stonith);
    }

    [Fact]
    public void A_stopped_or_failing_device_is_critical_and_no_device_at_all_too()
    {
        var live = Live with { FenceHistory = [] };
        var stopped = live with { Resources = [.. live.Resources.Select(r => r.Id == "fence-ok" ? r with { Active = false, Role = "Stopped", Nodes = [] } : r)] };
        var failing = live with
        {
            Failures = [.. live.Failures, new ResourceFailure { OperationKey = "fence-bad_monitor_60000", Resource = "fence-bad", Node = "node1", Task = "monitor", ExitCode = 1, ExitReason = "Unable to connect/login to fencing device" }],
        };
        var none = live with { Resources = [.. live.Resources.Where(r => !(r.Agent ?? "").StartsWith("stonith:", StringComparison.Ordinal))] };

        Assert.Contains(Report(stopped).Problems, p => p is { Severity: Health.Critical, Subject: "fence-ok" } && p.Message.Contains("is stopped", StringComparison.Ordinal));
        Assert.Contains(Report(failing).Problems, p => p is { Severity: Health.Critical, Subject: "fence-bad" } && p.Message.Contains("Unable to connect/login", StringComparison.Ordinal));
        Assert.Contains(Report(none).Problems, p => p is { Severity: Health.Critical, Subject: "fencing" } && p.Message.StartsWith("fencing is on but there is no fence device", StringComparison.Ordinal));
        Assert.DoesNotContain(Report(live).Problems, p => p.Check == StatusEvaluator.Checks.Stonith);
    }

    [Fact]
    public void A_fence_device_kept_off_its_target_is_the_setup_not_a_ban_and_has_its_own_line()
    {
        var fenced = Live with
        {
            FenceHistory = [],
            Bans = [new ResourceBan { Id = "location-fence-ok-node2--INFINITY", Resource = "fence-ok", Node = "node2", Weight = -1000000 },
                    new ResourceBan { Id = "cli-ban-ping-on-node1", Resource = "ping", Node = "node1", Weight = -1000000 }],
        };

        var report = Report(fenced);
        var text = StatusTextRenderer.Render(report, color: false);

        Assert.DoesNotContain(report.Problems, p => p.Subject == "fence-ok");
        Assert.Contains(report.Problems, p => p.Subject == "ping" && p.Message.Contains("is banned from node1", StringComparison.Ordinal));
        Assert.DoesNotContain(text.Split('\n'), l => l.StartsWith("Other", StringComparison.Ordinal) && l.Contains("fence-", StringComparison.Ordinal));
    }

    [Fact]
    public void A_device_stopped_because_the_only_node_that_may_run_it_is_down_is_not_critical()
    {
        // fence-ok fences node1 (online) and never runs there; the nodes that may run it (node2, node3) are offline
        var down = Live with
        {
            FenceHistory = [],
            Bans = [new ResourceBan { Id = "location-fence-ok-node1--INFINITY", Resource = "fence-ok", Node = "node1", Weight = -1000000 }],
            Resources = [.. Live.Resources.Select(r => r.Id == "fence-ok" ? r with { Active = false, Role = "Stopped", Nodes = [] } : r)],
        };

        var problem = Assert.Single(Report(down).Problems, p => p.Subject == "fence-ok");

        Assert.Equal(Health.Degraded, problem.Severity);
        Assert.Contains("the only nodes that may run it are offline", problem.Message);
        // with an online node that may run it, the same stop is critical
        Assert.Equal(Health.Critical, Assert.Single(Report(down with { Bans = [] }).Problems, p => p.Subject == "fence-ok").Severity);
    }
}
