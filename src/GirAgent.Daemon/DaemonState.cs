using GirAgent.Events;
using GirAgent.Httpd;
using GirAgent.Metrics;
using GirAgent.Pacemaker;
using GirAgent.Tenants;

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
        Time = time;
        Tenants = new GroupTenants(options.TenantsFile);
        // failover counters survive restarts: the ledger replays the event log through them
        Ledger = new EventLedger(events, e =>
        {
            Failovers.Record(e);
            Interlocked.Increment(ref _version);
        })
        { TenantsOf = Tenants.Of };
    }

    /// <summary>The tenants file (<see cref="DaemonOptions.TenantsFile"/>): the groups' tenants for events and /metrics.</summary>
    public GroupTenants Tenants { get; }

    private readonly SemaphoreSlim _eventReads = new(2, 2);

    /// <summary>Every event, alert and snapshot's record: the tracker, the alert journal and the event log, under one lock.</summary>
    public EventLedger Ledger { get; }

    /// <summary>
    /// Runs <paramref name="answer"/> with the events at or after <paramref name="since"/>, the newest <paramref name="limit"/>
    /// of them: from memory when it holds them (nearly always), else a bounded read of the files, never under the ledger's
    /// lock. At most two requests are answered at a time, so that fifty at once cannot take the daemon's memory or the CPU
    /// an alert needs; false when none was free for 10 s (the endpoint answers 503).
    /// </summary>
    public async Task<bool> QueryEvents(DateTimeOffset? since, int limit, Func<EventQueryResult, Task> answer, CancellationToken cancel)
    {
        if (!await _eventReads.WaitAsync(TimeSpan.FromSeconds(10), cancel).ConfigureAwait(false)) return false;
        try
        {
            var result = Ledger.FromMemory(since, limit)
                ?? await Task.Run(() => EventStore.Read(Ledger.Store.FilePath, since, limit), cancel).ConfigureAwait(false);
            await answer(result).ConfigureAwait(false);
            return true;
        }
        finally { _eventReads.Release(); }
    }

    private DaemonSnapshot _snapshot = DaemonSnapshot.Empty;
    private readonly Lock _snapshotLock = new();
    private readonly SemaphoreSlim _pollNow = new(0, 1);
    private readonly SemaphoreSlim _httpdPollNow = new(0, 1);

    public DaemonOptions Options { get; }
    public TimeProvider Time { get; }
    public FailoverStatistics Failovers { get; } = new();
    public OperationLatencyHistogram Operations { get; } = new();
    private long _version;
    private Rendered _rendered = new(-1, []);
    private readonly Lock _renderLock = new();

    private sealed record Rendered(long Version, byte[] Bytes);

    /// <summary>This node's name in the cluster (<c>crm_node -n</c> at start; the host name until then).</summary>
    public string LocalNode { get; set; } = Environment.MachineName;

    /// <summary>The webserver's pid file as its resource names it (the httpd watcher asks once); null until then.</summary>
    public string? WebserverPidFile { get; set; }

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
            Tenants = Tenants.Current,
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

    /// <summary>The wait before the next crm_mon (<see cref="PollPacing.ClusterInterval"/>).</summary>
    public TimeSpan ClusterPollInterval(DateTimeOffset now) =>
        PollPacing.ClusterInterval(TimeSpan.FromSeconds(Options.PollIntervalSeconds), Ledger.FollowsLoss(now, PollPacing.LossFollowTime));

    /// <summary>Whether both poll loops have run recently: what /live and the systemd watchdog report.</summary>
    public bool IsAlive(DateTimeOffset now)
    {
        var s = Snapshot;
        var limit = PollPacing.StallLimit(TimeSpan.FromSeconds(Options.PollIntervalSeconds),
            TimeSpan.FromSeconds(Math.Max(Options.CrmMonTimeoutSeconds, Options.StatusTimeoutSeconds)));
        return PollPacing.IsAlive(s.LastPoll, s.HttpdLastPoll, now, limit);
    }

    public HealthOptions HealthOptions => new() { LocalNode = LocalNode, WebserverResource = Options.WebserverResource, VipResource = Options.VipResource };
}
