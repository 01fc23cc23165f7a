using GirAgent.Pacemaker;
using GirAgent.Status;
using GirAgent.Tests.Events;

namespace GirAgent.Tests.Pacemaker;

/// <summary>corosync-quorumtool -s as girlb reads it, and what status and the metrics make of it.</summary>
public sealed class QuorumInfoTests
{
    private static string Fixture(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "quorum", name));

    private static StatusReport Report(QuorumInfo quorum) =>
        StatusEvaluator.Evaluate(new StatusInputs(Snapshots.TwoNodes("node1") with { Quorum = quorum }, new SourceResult("crm_mon", "fixture", true, null, 1), null, null),
            Snapshots.T0);

    [Fact]
    public void Two_nodes_without_a_quorum_device_are_read_with_their_flags()
    {
        var q = QuorumInfo.Parse(Fixture("two-node.txt"))!;

        Assert.Equal((true, 2, 2, 1), (q.Quorate, q.ExpectedVotes, q.TotalVotes, q.Quorum));
        Assert.Equal(["2Node", "Quorate", "WaitForAll"], q.Flags);
        Assert.False(q.HasQDevice);
        Assert.Contains("quorum yes (votes 2/2, two_node)", StatusTextRenderer.Render(Report(q), color: false));
    }

    [Theory]
    [InlineData("qdevice-voting.txt", true, true)]
    [InlineData("qdevice-lost.txt", true, false)]
    public void A_quorum_device_is_read_voting_or_not(string fixture, bool alive, bool voting)
    {
        var q = QuorumInfo.Parse(Fixture(fixture))!;

        Assert.True(q.HasQDevice);
        Assert.Equal((alive, voting), (q.QDeviceAlive, q.QDeviceVoting));
    }

    [Fact]
    public void A_quorum_device_that_does_not_vote_is_degraded_with_what_to_check()
    {
        var report = Report(QuorumInfo.Parse(Fixture("qdevice-lost.txt"))!);

        var problem = Assert.Single(report.Problems, p => p.Subject == "qdevice");
        Assert.Equal(Health.Degraded, problem.Severity);
        Assert.Contains("loss of one more node stops the service", problem.Message);
        Assert.Contains("corosync-qnetd-tool", problem.Advice);
        Assert.Contains("quorum yes (votes 2/3, qdevice NOT voting)", StatusTextRenderer.Render(report, color: false));
        Assert.Contains("quorum yes (votes 3/3, qdevice voting)", StatusTextRenderer.Render(Report(QuorumInfo.Parse(Fixture("qdevice-voting.txt"))!), color: false));
        Assert.DoesNotContain(Report(QuorumInfo.Parse(Fixture("qdevice-voting.txt"))!).Problems, p => p.Subject == "qdevice");
    }

    [Theory]
    [InlineData("")]
    [InlineData("Cannot initialize QUORUM service\n")]
    [InlineData("Quorate: maybe\nExpected votes: -1\nTotal votes: 99999999999999999999\nQuorum: \nFlags:\n")]
    public void What_is_not_quorumtool_output_is_no_quorum_or_read_without_numbers(string text)
    {
        var q = QuorumInfo.Parse(text);

        Assert.True(q is null || (q.ExpectedVotes is null && q.TotalVotes is null && q.Quorum is null && !q.Quorate));
    }

    [Fact]
    public void The_metrics_carry_the_votes_and_the_quorum_devices_vote()
    {
        var set = new GirAgent.Metrics.MetricSet();
        GirAgent.Metrics.PacemakerCollector.Collect(set, Snapshots.TwoNodes("node1") with { Quorum = QuorumInfo.Parse(Fixture("qdevice-lost.txt")) });
        var text = set.ToString();

        Assert.Contains("ha_cluster_corosync_quorate 1", text);
        Assert.Contains("ha_cluster_corosync_quorum_votes{type=\"expected_votes\"} 3", text);
        Assert.Contains("gir_qdevice_voting 0", text);
    }

    [Theory]
    [InlineData("pcs-0.11-config-qdevice.txt")]
    [InlineData("pcs-0.12-config-qdevice.txt")]
    public void The_configured_quorum_device_is_read_from_pcs_quorum_config(string fixture) =>
        Assert.Equal(new QuorumDeviceConfig("net", "10.78.0.30", "ffsplit"), QuorumDeviceConfig.Parse(Fixture(fixture)));

    [Theory]
    [InlineData("Options:\n")]
    [InlineData("Options:\n  two_node: 1\n  wait_for_all: 1\n")]
    [InlineData("")]
    [InlineData("Error: Unable to read /etc/corosync/corosync.conf: No such file or directory\n")]
    public void Without_a_device_pcs_quorum_config_names_none(string text) => Assert.Null(QuorumDeviceConfig.Parse(text));
}
