using GirAgent.Pacemaker;

namespace GirAgent.Events;

/// <summary>
/// The daemon's record of what happened, with one owner and one lock: the <see cref="FailoverTracker"/> (which is not
/// thread-safe), the alert journal, the event store and the newest events kept in memory. Every alert, snapshot and
/// watcher report goes through here; <paramref name="recorded"/> hears each event recorded (the statistics, the metrics
/// cache), including those of the log read at start.
/// </summary>
internal sealed class EventLedger
{
    /// <summary>The newest events kept in memory for <c>/events</c>: the most a request may ask for.</summary>
    public const int RecentCapacity = 1000;

    private readonly Lock _gate = new();
    private readonly FailoverTracker _tracker = new();
    private readonly Queue<FailoverEvent> _recent = new();
    private bool _recentHoldsAll = true;
    private readonly Action<FailoverEvent> _recorded;

    public EventLedger(EventStore store, Action<FailoverEvent>? recorded = null)
    {
        Store = store;
        _recorded = recorded ?? (_ => { });
        Alerts = new AlertJournal(store.FilePath + ".alerts");
        // the history, streamed (bounded memory): counters survive restarts, the newest events answer /events
        var warnings = new List<string>();
        foreach (var e in EventStore.Enumerate(store.FilePath, null, warnings))
        {
            Remember(e);
            _recorded(e);
        }
        LogWarnings = [.. store.OpenWarnings, .. warnings];
        ReplayedAlerts = TellJournaledAlerts();
    }

    public EventStore Store { get; }

    /// <summary>Alerts acknowledged to the alert agent and not yet told in full: on disk before the agent hears "accepted".</summary>
    public AlertJournal Alerts { get; }

    /// <summary>What opening and reading the event log at start found wrong (a torn tail cut, lines skipped), for the log.</summary>
    public IReadOnlyList<string> LogWarnings { get; }

    /// <summary>The events told at start from alerts a previous run had accepted and not yet told (it stopped in between).</summary>
    public IReadOnlyList<FailoverEvent> ReplayedAlerts { get; }

    /// <summary>Corosync's detection time (token + consensus), once known: a node loss's outage begins that much before the verdict.</summary>
    public void SetNodeLossDetection(TimeSpan detection)
    {
        lock (_gate) _tracker.NodeLossDetection = detection;
    }

    public TimeSpan NodeLossDetection
    {
        get { lock (_gate) return _tracker.NodeLossDetection; }
    }

    /// <summary>A failed resource still served until then (the daemon heard its listener refuse only later): its loss starts there.</summary>
    public void ServedUntil(string resource, DateTimeOffset until)
    {
        lock (_gate) _tracker.ServedUntil(resource, until);
    }

    /// <summary>Whether a resource lost less than <paramref name="within"/> before <paramref name="now"/> is not serving again.</summary>
    public bool FollowsLoss(DateTimeOffset now, TimeSpan within)
    {
        lock (_gate) return _tracker.PendingLosses.Values.Any(l => now - l.Since < within);
    }

    /// <summary>
    /// Takes one alert: what the tracker tells at once is recorded (fsynced), and an alert it holds back for a snapshot
    /// is journaled (fsynced); when this returns the alert survives a crash, so only then may the agent hear "accepted".
    /// Returns the events told now. Throws when the record could not be written (nothing is then acknowledged).
    /// </summary>
    public IReadOnlyList<FailoverEvent> AcceptAlert(IReadOnlyDictionary<string, string> fields, PacemakerAlert alert, DateTimeOffset now)
    {
        lock (_gate)
        {
            var told = RecordLocked(_tracker.ObserveAlert(alert, now));
            if (_tracker.HoldsAlerts) Alerts.Append(new JournaledAlert(now, new Dictionary<string, string>(fields)));
            else Alerts.Clear();
            return told;
        }
    }

    /// <summary>Records what the tracker tells from a snapshot (or, without one, the holds that expired).</summary>
    public IReadOnlyList<FailoverEvent> ObserveCluster(ClusterSnapshot? cluster, DateTimeOffset now)
    {
        lock (_gate)
        {
            var events = RecordLocked(cluster is not null ? _tracker.Observe(cluster, now) : _tracker.Release(now));
            // every acknowledged alert is now told in full: nothing left for a restart to tell
            if (!_tracker.HoldsAlerts) Alerts.Clear();
            return events;
        }
    }

    /// <summary>Records events the daemon made itself (the httpd watcher's): the store (fsynced), memory, the listeners.</summary>
    public void Record(IReadOnlyList<FailoverEvent> events)
    {
        lock (_gate) RecordLocked(events);
    }

    /// <summary>
    /// The events at or after <paramref name="since"/>, the newest <paramref name="limit"/>, when memory holds them all
    /// (nearly always); null when only the files can answer.
    /// </summary>
    public EventQueryResult? FromMemory(DateTimeOffset? since, int limit)
    {
        lock (_gate)
        {
            var matching = since is { } s ? _recent.Where(e => e.Time >= s).ToList() : [.. _recent];
            var oldest = _recent.Count > 0 ? _recent.Peek().Time : (DateTimeOffset?)null;
            var complete = _recentHoldsAll || matching.Count >= limit || (since is { } from && oldest is { } o && from > o);
            return complete ? new EventQueryResult(matching.Count > limit ? matching[^limit..] : matching, []) : null;
        }
    }

    /// <summary>The tenants behind a resource (a group's VIP: its group's), named in the events of its moves and stops; null: none known.</summary>
    public Func<string, IReadOnlyList<string>?> TenantsOf { get; init; } = _ => null;

    /// <summary>Records <paramref name="events"/> as told: with the tenants they touched, each field bounded.</summary>
    private List<FailoverEvent> RecordLocked(IReadOnlyList<FailoverEvent> events)
    {
        if (events.Count == 0) return [];
        var bounded = events.Select(e => WithTenants(e).Bounded()).ToList();
        Store.Append(bounded);
        foreach (var e in bounded)
        {
            Remember(e);
            _recorded(e);
        }
        return bounded;
    }

    private FailoverEvent WithTenants(FailoverEvent e) =>
        e is { Tenants: null, Resource: { } id } && (e.IsFailover || e.Kind is EventKind.ResourceStopped or EventKind.ResourceStarted)
            && TenantsOf(id) is { Count: > 0 } tenants ? e with { Tenants = tenants } : e;

    private void Remember(FailoverEvent e)
    {
        _recent.Enqueue(e);
        if (_recent.Count > RecentCapacity)
        {
            _recent.Dequeue();
            _recentHoldsAll = false;
        }
    }

    /// <summary>
    /// Tells the alerts a previous run accepted and did not tell in full (it was killed while they waited for a
    /// snapshot): with what they say, at their own times; events the log already has (same id) are not told twice.
    /// </summary>
    private IReadOnlyList<FailoverEvent> TellJournaledAlerts()
    {
        var journaled = Alerts.ReadAll();
        if (journaled.Count == 0) return [];
        lock (_gate)
        {
            var told = new List<FailoverEvent>();
            foreach (var entry in journaled)
                if (PacemakerAlert.TryFromEnvironment(entry.Fields, out var alert, out _))
                    told.AddRange(_tracker.ObserveAlert(alert.ClampedTo(entry.Received, out _), entry.Received));
            told.AddRange(_tracker.Release(DateTimeOffset.MaxValue));
            HashSet<string> known = [.. _recent.Select(e => e.Id)];
            told.RemoveAll(e => known.Contains(e.Id));
            RecordLocked(told);
            Alerts.Clear();
            return told;
        }
    }
}
