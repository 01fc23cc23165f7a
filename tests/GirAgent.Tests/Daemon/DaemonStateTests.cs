using GirAgent.Daemon;
using GirAgent.Events;
using GirAgent.Tests.TestSupport;
using static GirAgent.Tests.Events.Snapshots;

namespace GirAgent.Tests.Daemon;

public sealed class DaemonStateTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private DaemonState State(int pollSeconds) =>
        new(new DaemonOptions { PollIntervalSeconds = pollSeconds }, new EventStore(Path.Combine(_dir.Path, "events.jsonl")), TimeProvider.System);

    [Fact]
    public void While_a_resource_is_lost_crm_mon_is_read_every_half_second_until_it_serves_again()
    {
        var state = State(5);
        state.Tracker.Observe(TwoNodes("node1"), T0);
        Assert.Equal(TimeSpan.FromSeconds(5), state.ClusterPollInterval(T0.AddSeconds(1)));

        state.Tracker.Observe(TwoNodes("node1").Place("webserver", null), T0.AddSeconds(5));
        Assert.Equal(TimeSpan.FromMilliseconds(500), state.ClusterPollInterval(T0.AddSeconds(6)));

        state.Tracker.Observe(TwoNodes("node2"), T0.AddSeconds(7));
        Assert.Equal(TimeSpan.FromSeconds(5), state.ClusterPollInterval(T0.AddSeconds(8)));
    }

    [Fact]
    public void A_resource_that_stays_down_is_followed_for_a_minute_then_polled_as_usual()
    {
        var state = State(5);
        state.Tracker.Observe(TwoNodes("node1"), T0);
        state.Tracker.Observe(TwoNodes("node1").Place("webserver", null), T0.AddSeconds(5));

        Assert.Equal(TimeSpan.FromMilliseconds(500), state.ClusterPollInterval(T0.AddSeconds(64)));
        Assert.Equal(TimeSpan.FromSeconds(5), state.ClusterPollInterval(T0.AddSeconds(66)));
    }
}
