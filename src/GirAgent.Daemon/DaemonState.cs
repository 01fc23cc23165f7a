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
internal sealed record DaemonSnapshot(
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
internal sealed class DaemonState
{
    public DaemonState(DaemonOptions options, EventStore events, TimeProvider time)
    {
        Options = options;
        Events = events;
        Time = time;
        Alerts = new AlertJournal(events.FilePath + ".alerts");
        // failover counters survive restarts: they are rebuilt from the event log, streamed (bounded memory),
        // and the newest events are kept for /events
        var warnings = new List<string>();
        Failovers.RecordAll(Remember(EventStore.Enumerate(events.FilePath, null, warnings)));
        LogWarnings = [.. events.OpenWarnings, .. warnings];
        ReplayedAlerts = TellJournaledAlerts();
    }

    /// <summary>The newest events kept in memory for /events: the most a request may ask for.</summary>
    public const int RecentEventCapacity = 1000;

    private readonly Queue<FailoverEvent> _recentEvents = new();
    private readonly Lock _recentLock = new();
    private bool _recentHoldsAll = true;
    private readonly SemaphoreSlim _eventReads = new(2, 2);

    /// <summary>What opening and reading the event log at start found wrong (a torn tail cut, lines skipped), for the log.</summary>
    public IReadOnlyList<string> LogWarnings { get; }

    /// <summary>The events told at start from alerts a previous run had accepted and not yet told (it stopped in between).</summary>
    public IReadOnlyList<FailoverEvent> ReplayedAlerts { get; }

    /// <summary>Alerts acknowledged to the alert agent and not yet told in full: on disk before the agent hears "accepted".</summary>
    public AlertJournal Alerts { get; }

    private IEnumerable<FailoverEvent> Remember(IEnumerable<FailoverEvent> events)
    {
        foreach (var e in events)
        {
            RememberRecent(e);
            yield return e;
        }
    }

    private void RememberRecent(FailoverEvent e)
    {
        lock (_recentLock)
        {
            _recentEvents.Enqueue(e);
            if (_recentEvents.Count > RecentEventCapacity)
            {
                _recentEvents.Dequeue();
                _recentHoldsAll = false;
            }
        }
    }

    /// <summary>
    /// Runs <paramref name="answer"/> with the events at or after <paramref name="since"/>, the newest <paramref name="limit"/>
    /// of them: from memory when it holds them (nearly always), else a bounded read of the files, never under the writers'
    /// lock. At most two requests are answered at a time, so that fifty at once cannot take the daemon's memory or the CPU
    /// an alert needs; false when none was free for 10 s (the endpoint answers 503).
    /// </summary>
    public async Task<bool> QueryEvents(DateTimeOffset? since, int limit, Func<EventQueryResult, Task> answer, CancellationToken cancel)
    {
        if (!await _eventReads.WaitAsync(TimeSpan.FromSeconds(10), cancel).ConfigureAwait(false)) return false;
        try
        {
            EventQueryResult? result = null;
            lock (_recentLock)
            {
                var matching = since is { } s ? _recentEvents.Where(e => e.Time >= s).ToList() : [.. _recentEvents];
                var oldest = _recentEvents.Count > 0 ? _recentEvents.Peek().Time : (DateTimeOffset?)null;
                if (_recentHoldsAll || matching.Count >= limit || (since is { } from && oldest is { } o && from > o))
                    result = new EventQueryResult(matching.Count > limit ? matching[^limit..] : matching, []);
            }
            result ??= await Task.Run(() => EventStore.Read(Events.FilePath, since, limit), cancel).ConfigureAwait(false);
            await answer(result).ConfigureAwait(false);
            return true;
        }
        finally { _eventReads.Release(); }
    }

    /// <summary>
    /// Takes one alert under <see cref="TrackerLock"/>: what the tracker tells at once is recorded (fsynced), and an alert
    /// it holds back for a snapshot is journaled (fsynced); when this returns the alert survives a crash, so only then
    /// does the agent hear "accepted". Returns the events told now.
    /// </summary>
    public IReadOnlyList<FailoverEvent> AcceptAlert(Dictionary<string, string> fields, PacemakerAlert alert, DateTimeOffset now)
    {
        lock (TrackerLock)
        {
            var told = Tracker.ObserveAlert(alert, now);
            Record(told);
            if (Tracker.HoldsAlerts) Alerts.Append(new JournaledAlert(now, fields));
            else Alerts.Clear();
            return told;
        }
    }

    /// <summary>Records what the tracker told from a snapshot (or, without one, the holds that expired).</summary>
    public IReadOnlyList<FailoverEvent> ObserveCluster(ClusterSnapshot? cluster, DateTimeOffset now)
    {
        lock (TrackerLock)
        {
            return RecordTracked(cluster is not null ? Tracker.Observe(cluster, now) : Tracker.Release(now));
        }
    }

    private IReadOnlyList<FailoverEvent> RecordTracked(IReadOnlyList<FailoverEvent> events)
    {
        Record(events);
        // every acknowledged alert is now told in full: nothing left for a restart to tell
        if (!Tracker.HoldsAlerts) Alerts.Clear();
        return events;
    }

    /// <summary>
    /// Tells the alerts a previous run accepted and did not tell in full (it was killed while they waited for a
    /// snapshot): with what they say, at their own times; events the log already has (same id) are not told twice.
    /// </summary>
    private IReadOnlyList<FailoverEvent> TellJournaledAlerts()
    {
        var journaled = Alerts.ReadAll();
        if (journaled.Count == 0) return [];
        var told = new List<FailoverEvent>();
        lock (TrackerLock)
        {
            foreach (var entry in journaled)
                if (PacemakerAlert.TryFromEnvironment(entry.Fields, out var alert, out _))
                    told.AddRange(Tracker.ObserveAlert(alert.ClampedTo(entry.Received, out _), entry.Received));
            told.AddRange(Tracker.Release(DateTimeOffset.MaxValue));
            HashSet<string> known;
            lock (_recentLock) known = [.. _recentEvents.Select(e => e.Id)];
            told.RemoveAll(e => known.Contains(e.Id));
            Record(told);
            Alerts.Clear();
        }
        return told;
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
        var bounded = events.Select(e => e.Bounded()).ToList();
        Events.Append(bounded);
        foreach (var e in bounded) RememberRecent(e);
        Failovers.RecordAll(bounded);
        Interlocked.Increment(ref _version);
    }
}
