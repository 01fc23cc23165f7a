namespace GirAgent.Time;

/// <summary>
/// The time an action may still use. Pacemaker kills the agent's process group at the operation
/// timeout, so every wait takes its bound from here and the agent ends first, saying why.
/// </summary>
internal sealed class Deadline
{
    private readonly TimeProvider _time;
    private readonly long _start;

    public Deadline(TimeSpan budget, TimeProvider? time = null)
    {
        _time = time ?? TimeProvider.System;
        _start = _time.GetTimestamp();
        Budget = budget < TimeSpan.Zero ? TimeSpan.Zero : budget;
    }

    public TimeSpan Budget { get; }

    public TimeSpan Elapsed => _time.GetElapsedTime(_start);

    public TimeSpan Remaining
    {
        get
        {
            var left = Budget - Elapsed;
            return left > TimeSpan.Zero ? left : TimeSpan.Zero;
        }
    }

    public bool IsExpired => Remaining == TimeSpan.Zero;

    /// <summary>The smaller of <paramref name="limit"/> and what is left.</summary>
    public TimeSpan AtMost(TimeSpan limit) => limit < Remaining ? limit : Remaining;

    /// <summary>
    /// The budget for an operation whose timeout Pacemaker gives in milliseconds: the timeout less
    /// a safety margin (a tenth, at least half a second, at most three seconds) for the agent to
    /// report before it is killed.
    /// </summary>
    public static TimeSpan BudgetFor(TimeSpan timeout)
    {
        var margin = TimeSpan.FromTicks(timeout.Ticks / 10);
        if (margin < TimeSpan.FromMilliseconds(500)) margin = TimeSpan.FromMilliseconds(500);
        if (margin > TimeSpan.FromSeconds(3)) margin = TimeSpan.FromSeconds(3);
        var budget = timeout - margin;
        return budget > TimeSpan.FromMilliseconds(200) ? budget : TimeSpan.FromMilliseconds(200);
    }
}
