using GirAgent.Pacemaker;
using GirAgent.Tests.Events;
using GirAgent.Tests.TestSupport;
using GirAgent.Webserver;

namespace GirAgent.Tests.Webserver;

/// <summary>The daemon's fast recovery decisions: when to watch httpd's master here, and what its exit means.</summary>
public sealed class FastRecoveryTests
{
    private readonly ManualTimeProvider _time = new();

    private string _node = "node1";

    private FastRecovery Policy() => new("webserver", () => _node, _time);

    private static ClusterSnapshot Stopped => Snapshots.TwoNodes().Place("webserver", null);

    [Fact]
    public void Only_the_node_that_runs_the_webserver_watches()
    {
        var policy = Policy();

        Assert.True(policy.ShouldWatch(Snapshots.TwoNodes("node1"), _time.GetUtcNow()));
        Assert.True(policy.ShouldWatch(Snapshots.TwoNodes("NODE1"), _time.GetUtcNow())); // Pacemaker's node names ignore case
        Assert.False(policy.ShouldWatch(Snapshots.TwoNodes("node2"), _time.GetUtcNow()));
        Assert.False(policy.ShouldWatch(Stopped, _time.GetUtcNow()));
        Assert.False(policy.ShouldWatch(null, null));
    }

    [Fact]
    public void The_node_name_learned_after_the_start_is_the_one_used()
    {
        _node = "vm"; // the host name, before the daemon asked crm_node
        var policy = Policy();
        Assert.False(policy.ShouldWatch(Snapshots.TwoNodes("node1"), _time.GetUtcNow()));

        _node = "node1";
        Assert.True(policy.ShouldWatch(Snapshots.TwoNodes("node1"), _time.GetUtcNow()));
    }

    [Fact]
    public void An_operator_at_work_is_never_interfered_with()
    {
        var policy = Policy();
        var maintenance = Snapshots.TwoNodes() with { Summary = Snapshots.TwoNodes().Summary with { MaintenanceMode = true } };
        var unmanaged = Snapshots.TwoNodes() with { Resources = [.. Snapshots.TwoNodes().Resources.Select(r => r.Id == "webserver" ? r with { Managed = false } : r)] };

        Assert.False(policy.ShouldWatch(maintenance, _time.GetUtcNow()));
        Assert.False(policy.ShouldWatch(unmanaged, _time.GetUtcNow()));
        Assert.Equal(MasterExitVerdict.HandsOff, policy.OnMasterExit(agentAtWork: false, unmanaged));
        Assert.False(policy.Recovering);
    }

    [Fact]
    public void An_exit_during_the_agents_stop_or_reload_is_expected()
    {
        var policy = Policy();

        Assert.Equal(MasterExitVerdict.Expected, policy.OnMasterExit(agentAtWork: true, Snapshots.TwoNodes()));
        Assert.False(policy.Recovering);
    }

    [Fact]
    public void After_a_death_the_successor_is_watched_before_the_snapshot_shows_it_started()
    {
        var policy = Policy();
        Assert.Equal(MasterExitVerdict.Report, policy.OnMasterExit(agentAtWork: false, Snapshots.TwoNodes()));

        // the snapshot still says stopped (or failed): the agent's start is faster than the poll
        Assert.True(policy.Recovering);
        Assert.True(policy.ShouldWatch(Stopped, _time.GetUtcNow()));
        policy.MasterFound();

        // a snapshot polled before the successor appeared does not end the recovery; one polled after it does
        Assert.True(policy.ShouldWatch(Snapshots.TwoNodes("node1"), _time.GetUtcNow().AddSeconds(-1)));
        Assert.True(policy.Recovering);
        Assert.True(policy.ShouldWatch(Snapshots.TwoNodes("node1"), _time.GetUtcNow().AddSeconds(1)));
        Assert.False(policy.Recovering);
    }

    [Fact]
    public void Recovered_elsewhere_ends_the_watch_and_the_wait_ends_after_its_window()
    {
        var policy = Policy();
        policy.OnMasterExit(agentAtWork: false, Snapshots.TwoNodes());

        Assert.False(policy.ShouldWatch(Snapshots.TwoNodes("node2"), _time.GetUtcNow()));

        _time.Advance(FastRecovery.RecoveryWindow - TimeSpan.FromSeconds(1));
        Assert.True(policy.ShouldWatch(Stopped, _time.GetUtcNow()));
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.False(policy.Recovering);
        Assert.False(policy.ShouldWatch(Stopped, _time.GetUtcNow()));
    }
}
