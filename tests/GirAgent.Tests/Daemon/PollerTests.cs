using GirAgent.Daemon;
using GirAgent.Events;
using GirAgent.Posix;
using GirAgent.Tests.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;
using NSubstitute;

namespace GirAgent.Tests.Daemon;

public sealed class PollerTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private static readonly string CrmMon = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "pacemaker-live", "live.2x.xml"));

    [Fact]
    public void A_daemon_started_before_Corosync_learns_its_detection_time_at_the_first_crm_mon_that_answers()
    {
        // a node booting (or `lab revive`): the daemon starts while Corosync does not answer yet
        var runner = Substitute.For<ICommandRunner>();
        var corosyncUp = false;
        runner.Run(default!, default!, default, default).ReturnsForAnyArgs(c =>
        {
            var args = c.ArgAt<IReadOnlyList<string>>(1);
            return c.ArgAt<string>(0) switch
            {
                "corosync-cmapctl" when corosyncUp => new CommandResult(0, $"{args[1]} (u32) = {(args[1].EndsWith(".token", StringComparison.Ordinal) ? 1000 : 1200)}\n", ""),
                "crm_mon" when corosyncUp => new CommandResult(0, CrmMon, ""),
                "crm_node" when corosyncUp => new CommandResult(0, "node1\n", ""),
                _ => new CommandResult(1, "", "Could not connect to the cluster"),
            };
        });
        var state = new DaemonState(new DaemonOptions(), new EventStore(Path.Combine(_dir.Path, "events.jsonl")), TimeProvider.System);
        var poller = new Poller(state, runner, new ServiceNotifier(), NullLogger<Poller>.Instance);

        poller.LearnTheStack();
        Assert.Equal(TimeSpan.Zero, state.Ledger.NodeLossDetection);
        poller.PollCluster();
        Assert.Equal(TimeSpan.Zero, state.Ledger.NodeLossDetection);

        // a few seconds later the stack is up: the very next poll learns it (not 10 s after the last try), so a
        // node lost right after still counts its outage from the node's last contact
        corosyncUp = true;
        poller.PollCluster();
        Assert.Equal(TimeSpan.FromMilliseconds(2200), state.Ledger.NodeLossDetection);
        Assert.Equal("node1", state.LocalNode);
    }

    [Fact]
    public void The_quorum_is_asked_of_corosync_on_a_membership_change_and_every_ten_seconds_not_on_every_poll()
    {
        var quorum = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "quorum", "two-node.txt"));
        var crmMon = CrmMon;
        var runner = new FakeCommandRunner((program, _) => program switch
        {
            "crm_mon" => FakeCommandRunner.Ok(crmMon),
            "corosync-quorumtool" => FakeCommandRunner.Ok(quorum),
            _ => new CommandResult(1, "", "not here"),
        });
        var time = new WallClock { Now = new DateTimeOffset(2026, 12, 5, 17, 0, 0, TimeSpan.Zero) };
        var state = new DaemonState(new DaemonOptions(), new EventStore(Path.Combine(_dir.Path, "events.jsonl")), time);
        var poller = new Poller(state, runner, new ServiceNotifier(), NullLogger<Poller>.Instance);
        int Asked() => runner.Calls.Count(c => c.Program == "corosync-quorumtool");

        poller.PollCluster();
        time.Now += TimeSpan.FromSeconds(2);
        poller.PollCluster();
        Assert.Equal(1, Asked());
        Assert.Equal(2, state.Snapshot.Cluster!.Quorum!.TotalVotes);

        // a node joins: asked at once
        crmMon = crmMon.Replace("<node name=\"node2\" id=\"2\" online=\"false\"", "<node name=\"node2\" id=\"2\" online=\"true\"", StringComparison.Ordinal);
        time.Now += TimeSpan.FromSeconds(2);
        poller.PollCluster();
        Assert.Equal(2, Asked());
        time.Now += TimeSpan.FromSeconds(10);
        poller.PollCluster();
        Assert.Equal(3, Asked());
    }

    /// <summary>A wall clock that moves only when the test says so.</summary>
    private sealed class WallClock : TimeProvider
    {
        public DateTimeOffset Now { get; set; }

        public override DateTimeOffset GetUtcNow() => Now;
    }
}
