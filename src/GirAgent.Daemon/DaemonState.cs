using GirAgent.Events;
using GirAgent.Httpd;
using GirAgent.Metrics;
using GirAgent.Pacemaker;

namespace GirAgent.Daemon;

/// <summary>
/// The last answers of each source, as one immutable value the endpoints read without locks. Each source
/// is polled by its own loop: <see cref="LastPoll"/> is crm_mon's last round, <see cref="HttpdLastPoll"/>
/// server-status's (a round that skipped the fetch on a passive node counts).
/// </summary>
public sealed record DaemonSnapshot(
    ClusterSnapshot? Cluster,
    SourceScrape? ClusterScrape,
    string? ClusterError,
    ServerStatus? Httpd,
    SourceScrape? HttpdScrape,
    string? HttpdError,
    DateTimeOffset? LastPoll,
    DateTimeOffset? HttpdLastPoll = null)
{
    public static DaemonSnapshot Empty { get; } = new(null, null, null, null, null, null, null);
}

/// <summary>
/// What the daemon knows, shared by the poller, the watcher and the endpoints: the latest snapshot
/// (swapped atomically), the failover tracker and statistics, the event store, and a signal to
/// poll at once (a Pacemaker alert arrived).
/// </summary>
public sealed class DaemonState
{
    public DaemonState(DaemonOptions options, EventStore events, TimeProvider time)
    {
        Options = options;
        Events = events;
        Time = time;
        // failover counters survive restarts: they are rebuilt from the event log
        Failovers.RecordAll(events.Query().Events);
    }

    private DaemonSnapshot _snapshot = DaemonSnapshot.Empty;
    private readonly Lock _snapshotLock = new();
    private readonly SemaphoreSlim _pollNow = new(0, 1);
    private readonly SemaphoreSlim _httpdPollNow = new(0, 1);

    public DaemonOptions Options { get; }
    public EventStore Events { get; }
    public TimeProvider Time { get; }
    public FailoverTracker Tracker { get; } = new();
    public FailoverStatistics Failovers { get; } = new();
    public Lock TrackerLock { get; } = new();
    public OperationLatencyHistogram Operations { get; } = new();
    private long _version;
    private Rendered _rendered = new(-1, []);
    private readonly Lock _renderLock = new();

    private sealed record Rendered(long Version, byte[] Bytes);

    /// <summary>This node's name in the cluster (<c>crm_node -n</c> at start; the host name until then).</summary>
    public string LocalNode { get; set; } = Environment.MachineName;

    /// <summary>
    /// /metrics for the current snapshot: rendered by the first scrape after a poll or an event changed
    /// something, then served as the same bytes; a scrape never runs crm_mon, and nobody renders when
    /// nobody scrapes.
    /// </summary>
    public byte[] Metrics
    {
        get
        {
            var cached = Volatile.Read(ref _rendered);
            if (cached.Version == Volatile.Read(ref _version)) return cached.Bytes;
            lock (_renderLock)
            {
                var version = Volatile.Read(ref _version);
                if (_rendered.Version == version) return _rendered.Bytes;
                var bytes = RenderMetrics();
                Volatile.Write(ref _rendered, new Rendered(version, bytes));
                return bytes;
            }
        }
    }

    private byte[] RenderMetrics()
    {
        var s = Snapshot;
        return PrometheusTextWriter.WriteUtf8(MetricsExporter.Collect(new MetricsInput
        {
            Cluster = s.Cluster,
            ClusterScrape = s.ClusterScrape,
            Httpd = s.Httpd,
            HttpdScrape = s.HttpdScrape,
            Health = HealthOptions,
            Failovers = Failovers,
            Operations = Operations,
            Process = ProcessStats.ReadSelf(),
            CompatibleNames = Options.CompatibleMetricNames,
            AgentVersion = typeof(DaemonState).Assembly.GetName().Version?.ToString(3),
        }));
    }

    public DaemonSnapshot Snapshot => Volatile.Read(ref _snapshot);

    public void Publish(DaemonSnapshot snapshot)
    {
        Volatile.Write(ref _snapshot, snapshot);
        Interlocked.Increment(ref _version);
    }

    /// <summary>Replaces the snapshot with <paramref name="change"/> of the current one (the two poll loops each change their part).</summary>
    public DaemonSnapshot Update(Func<DaemonSnapshot, DaemonSnapshot> change)
    {
        lock (_snapshotLock)
        {
            var next = change(Snapshot);
            Publish(next);
            return next;
        }
    }

    /// <summary>Wakes both poll loops (at most one pending wake-up each).</summary>
    public void RequestPoll()
    {
        Wake(_pollNow);
        Wake(_httpdPollNow);
    }

    private static void Wake(SemaphoreSlim signal)
    {
        try { signal.Release(); }
        catch (SemaphoreFullException) { }
    }

    /// <summary>Waits <paramref name="interval"/> or until <see cref="RequestPoll"/>: crm_mon's loop, or server-status's when <paramref name="httpd"/>.</summary>
    public async Task WaitForPollRequest(TimeSpan interval, CancellationToken cancel, bool httpd = false)
    {
        try { await (httpd ? _httpdPollNow : _pollNow).WaitAsync(interval, cancel).ConfigureAwait(false); }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested) { }
    }

    /// <summary>crm_mon's pace while a loss is open: a failover's end is seen within it.</summary>
    public static readonly TimeSpan LossPollInterval = TimeSpan.FromMilliseconds(500);

    /// <summary>How long after a loss began crm_mon keeps the faster pace (a resource that stays down is polled as usual).</summary>
    public static readonly TimeSpan LossFollowTime = TimeSpan.FromSeconds(60);

    /// <summary>
    /// The wait before the next crm_mon: <c>PollIntervalSeconds</c>, or <see cref="LossPollInterval"/> while a resource
    /// lost less than <see cref="LossFollowTime"/> ago is not serving again, so the end of a failover (and its
    /// duration) is seen to half a second rather than to a poll interval. crm_mon costs a few ms of CPU.
    /// </summary>
    public TimeSpan ClusterPollInterval(DateTimeOffset now)
    {
        var interval = TimeSpan.FromSeconds(Options.PollIntervalSeconds);
        var following = Tracker.PendingLosses.Values.Any(l => now - l.Since < LossFollowTime);
        return following && interval > LossPollInterval ? LossPollInterval : interval;
    }

    /// <summary>Whether both poll loops have run recently: what /live and the systemd watchdog report.</summary>
    public bool IsAlive(DateTimeOffset now)
    {
        var limit = TimeSpan.FromSeconds(Math.Max(3 * Options.PollIntervalSeconds, Math.Max(Options.CrmMonTimeoutSeconds, Options.StatusTimeoutSeconds) + 5));
        var s = Snapshot;
        return s.LastPoll is { } cluster && now - cluster < limit && s.HttpdLastPoll is { } httpd && now - httpd < limit;
    }

    public HealthOptions HealthOptions => new() { LocalNode = LocalNode, WebserverResource = Options.WebserverResource, VipResource = Options.VipResource };

    /// <summary>Records events: the store (fsync'd), the statistics, and returns them for logging.</summary>
    public void Record(IReadOnlyList<FailoverEvent> events)
    {
        if (events.Count == 0) return;
        Events.Append(events);
        Failovers.RecordAll(events);
        Interlocked.Increment(ref _version);
    }
}
