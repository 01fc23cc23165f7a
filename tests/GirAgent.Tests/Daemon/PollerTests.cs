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
}
