namespace GirAgent.Events;

/// <summary>The failovers <c>giragent status</c> shows: the last few moves and in-place recoveries of the past day.</summary>
internal static class RecentFailovers
{
    /// <summary>How far back the list looks.</summary>
    public static readonly TimeSpan Window = TimeSpan.FromHours(24);

    /// <summary>How many it keeps.</summary>
    public const int Count = 5;

    /// <summary>The failovers among <paramref name="events"/> the list shows, oldest first.</summary>
    public static IReadOnlyList<FailoverEvent> Of(IEnumerable<FailoverEvent> events, DateTimeOffset now) =>
        events.Where(e => e.IsFailover && now - e.Time <= Window).OrderBy(e => e.Time).TakeLast(Count).ToList();
}
