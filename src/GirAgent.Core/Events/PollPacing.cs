namespace GirAgent.Events;

/// <summary>The daemon's pace: how often crm_mon is read, and when the poll loops count as stuck.</summary>
internal static class PollPacing
{
    /// <summary>crm_mon's pace while a loss is open: a failover's end is seen within it.</summary>
    public static readonly TimeSpan LossPollInterval = TimeSpan.FromMilliseconds(500);

    /// <summary>How long after a loss began crm_mon keeps the faster pace (a resource that stays down is polled as usual).</summary>
    public static readonly TimeSpan LossFollowTime = TimeSpan.FromSeconds(60);

    /// <summary>
    /// The wait before the next crm_mon: <paramref name="configured"/>, or <see cref="LossPollInterval"/> while a resource
    /// lost less than <see cref="LossFollowTime"/> ago is not serving again (<paramref name="followingLoss"/>), so the end
    /// of a failover (and its duration) is seen to half a second rather than to a poll interval. crm_mon costs a few ms of CPU.
    /// </summary>
    public static TimeSpan ClusterInterval(TimeSpan configured, bool followingLoss) =>
        followingLoss && configured > LossPollInterval ? LossPollInterval : configured;

    /// <summary>How long a poll loop may go without a round before the daemon is not alive (/live, the systemd watchdog).</summary>
    public static TimeSpan StallLimit(TimeSpan pollInterval, TimeSpan longestSourceTimeout) =>
        TimeSpan.FromTicks(Math.Max(3 * pollInterval.Ticks, (longestSourceTimeout + TimeSpan.FromSeconds(5)).Ticks));

    /// <summary>Whether both loops (crm_mon's and server-status's) have run within <paramref name="limit"/>.</summary>
    public static bool IsAlive(DateTimeOffset? lastClusterPoll, DateTimeOffset? lastHttpdPoll, DateTimeOffset now, TimeSpan limit) =>
        lastClusterPoll is { } cluster && now - cluster < limit && lastHttpdPoll is { } httpd && now - httpd < limit;
}
