using GirAgent.Events;

namespace GirAgent.Tests.Events;

public sealed class PollPacingTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 5, 3, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(5, false, 5000)]
    [InlineData(5, true, 500)]
    [InlineData(0.2, true, 200)] // a faster configured pace is never slowed down
    public void Crm_mon_is_read_every_half_second_only_while_a_loss_is_followed(double configuredSeconds, bool following, int expectedMs)
    {
        Assert.Equal(TimeSpan.FromMilliseconds(expectedMs), PollPacing.ClusterInterval(TimeSpan.FromSeconds(configuredSeconds), following));
    }

    [Fact]
    public void The_daemon_is_alive_only_while_both_loops_ran_within_the_limit()
    {
        var limit = PollPacing.StallLimit(TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(10));

        Assert.Equal(TimeSpan.FromSeconds(15), limit);
        Assert.True(PollPacing.IsAlive(T0, T0, T0.AddSeconds(14), limit));
        Assert.False(PollPacing.IsAlive(T0, T0.AddSeconds(10), T0.AddSeconds(16), limit)); // crm_mon's loop is stuck
        Assert.False(PollPacing.IsAlive(T0, null, T0, limit)); // server-status's loop never ran
    }
}
