namespace GirAgent.Daemon;

/// <summary>
/// Every log event id the daemon writes, in one append-only registry (docs/daemon.md, Logs): an id, once
/// given, keeps its meaning, so that journal queries and alerting rules written against it stay true.
/// </summary>
internal static class LogEventIds
{
    public const int PollFailed = 1001;
    public const int SourceDown = 1002;
    public const int NodeLossDetection = 1003;
    public const int ClusterEvent = 2001;
    public const int WatchingHttpd = 3001;
    public const int ExpectedHttpdExit = 3002;
    public const int HttpdDied = 3003;
    public const int FailureReportFailed = 3004;
    public const int WatcherError = 3005;
    public const int AlertTimeAhead = 4001;
    public const int AlertNotRecorded = 4002;
}
