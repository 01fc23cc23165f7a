using GirAgent.Tests.TestSupport;
using GirAgent.Time;

namespace GirAgent.Tests.Time;

public sealed class DeadlineTests
{
    [Theory]
    // timeout ms, budget ms: a tenth as margin, at least 500 ms, at most 3 s, never under 200 ms
    [InlineData(20_000, 18_000)]
    [InlineData(10_000, 9_000)]
    [InlineData(5_000, 4_500)]
    [InlineData(2_000, 1_500)]
    [InlineData(30_000, 27_000)]
    [InlineData(60_000, 57_000)]
    [InlineData(120_000, 117_000)]
    [InlineData(1_000, 500)]
    [InlineData(600, 200)]
    [InlineData(0, 200)]
    public void The_budget_leaves_a_margin_to_report_before_Pacemaker_kills_the_agent(int timeoutMs, int expectedMs)
    {
        var budget = Deadline.BudgetFor(TimeSpan.FromMilliseconds(timeoutMs));

        Assert.Equal(TimeSpan.FromMilliseconds(expectedMs), budget);
    }

    [Fact]
    public void Remaining_time_shrinks_as_the_clock_moves()
    {
        // Arrange
        var clock = new ManualTimeProvider();
        var deadline = new Deadline(TimeSpan.FromSeconds(10), clock);

        // Act
        clock.Advance(TimeSpan.FromSeconds(3));

        // Assert
        Assert.Equal(TimeSpan.FromSeconds(3), deadline.Elapsed);
        Assert.Equal(TimeSpan.FromSeconds(7), deadline.Remaining);
        Assert.False(deadline.IsExpired);
    }

    [Fact]
    public void A_deadline_past_its_budget_has_nothing_left_and_is_expired()
    {
        var clock = new ManualTimeProvider();
        var deadline = new Deadline(TimeSpan.FromSeconds(10), clock);

        clock.Advance(TimeSpan.FromSeconds(11));

        Assert.Equal(TimeSpan.Zero, deadline.Remaining);
        Assert.True(deadline.IsExpired);
    }

    [Fact]
    public void A_deadline_is_expired_exactly_at_its_budget()
    {
        var clock = new ManualTimeProvider();
        var deadline = new Deadline(TimeSpan.FromSeconds(10), clock);

        clock.Advance(TimeSpan.FromSeconds(10));

        Assert.True(deadline.IsExpired);
    }

    [Fact]
    public void A_negative_budget_is_an_expired_deadline()
    {
        var deadline = new Deadline(TimeSpan.FromSeconds(-5), new ManualTimeProvider());

        Assert.Equal(TimeSpan.Zero, deadline.Budget);
        Assert.True(deadline.IsExpired);
    }

    [Theory]
    // budget 10 s, 4 s gone: 6 s left
    [InlineData(2, 2)]
    [InlineData(6, 6)]
    [InlineData(30, 6)]
    public void AtMost_is_the_smaller_of_the_limit_and_what_is_left(int limitSeconds, int expectedSeconds)
    {
        var clock = new ManualTimeProvider();
        var deadline = new Deadline(TimeSpan.FromSeconds(10), clock);
        clock.Advance(TimeSpan.FromSeconds(4));

        var bound = deadline.AtMost(TimeSpan.FromSeconds(limitSeconds));

        Assert.Equal(TimeSpan.FromSeconds(expectedSeconds), bound);
    }

    [Fact]
    public void AtMost_is_zero_once_the_deadline_has_passed()
    {
        var clock = new ManualTimeProvider();
        var deadline = new Deadline(TimeSpan.FromSeconds(1), clock);
        clock.Advance(TimeSpan.FromSeconds(2));

        Assert.Equal(TimeSpan.Zero, deadline.AtMost(TimeSpan.FromSeconds(30)));
    }
}
