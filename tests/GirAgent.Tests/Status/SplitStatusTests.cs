using GirAgent.Pacemaker;
using GirAgent.Status;
using GirAgent.Tests.Events;

namespace GirAgent.Tests.Status;

/// <summary>After a split without fencing both nodes hold the VIP: the status says so, on either node.</summary>
public sealed class SplitStatusTests
{
    private static StatusReport Report(ResourceFailure failure)
    {
        var cluster = Snapshots.TwoNodes("node1") with { Failures = [failure] };
        return StatusEvaluator.Evaluate(new StatusInputs(cluster, new SourceResult("crm_mon", "fixture", true, null, 1), null, null), Snapshots.T0);
    }

    [Fact]
    public void A_vip_monitor_that_heard_another_holder_is_critical_with_fencing_as_the_advice()
    {
        var report = Report(new ResourceFailure
        {
            OperationKey = "virtual_ip_monitor_30000", Resource = "virtual_ip", Node = "node1", Task = "monitor", ExitCode = 1,
            ExitReason = "address conflict: host 02:00:0a:4d:00:0c on lab0 answers for 10.77.0.100 too: two hosts hold the VIP and the traffic is split between them",
        });

        Assert.Equal(Health.Critical, report.Health);
        var problem = Assert.Single(report.Problems, p => p.Severity == Health.Critical && p.Check == StatusEvaluator.Checks.Vip);
        Assert.StartsWith("the VIP is held by two nodes: virtual_ip on node1: address conflict: host 02:00:0a:4d:00:0c", problem.Message);
        Assert.Contains("fencing", problem.Advice);
    }

    [Fact]
    public void A_start_refused_because_another_host_answers_is_the_other_side_of_a_split()
    {
        // the node that lost the link to the other: Pacemaker starts the VIP here, ocf:gir:vip hears the other still serving it
        var report = Report(new ResourceFailure
        {
            OperationKey = "virtual_ip_start_0", Resource = "virtual_ip", Node = "node2", Task = "start", ExitCode = 1,
            ExitReason = "address conflict: host 02:00:0a:4d:00:0b on lab0 answers for it; 10.77.0.100 not added",
        });

        Assert.Equal(Health.Critical, report.Health);
        var problem = Assert.Single(report.Problems, p => p.Severity == Health.Critical && p.Check == StatusEvaluator.Checks.Vip);
        Assert.StartsWith("the VIP is held by another host: its start on node2 was refused (address conflict: host 02:00:0a:4d:00:0b", problem.Message);
    }

    [Fact]
    public void Another_failed_start_is_no_split()
    {
        var report = Report(new ResourceFailure
        {
            OperationKey = "virtual_ip_start_0", Resource = "virtual_ip", Node = "node2", Task = "start", ExitCode = 1,
            ExitReason = "interface eth9 does not exist",
        });

        Assert.DoesNotContain(report.Problems, p => p.Message.Contains("the VIP is held by", StringComparison.Ordinal));
    }
}
