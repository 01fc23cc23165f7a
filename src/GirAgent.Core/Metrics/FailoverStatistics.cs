using GirAgent.Events;

namespace GirAgent.Metrics;

/// <summary>
/// Counters kept from the events the daemon records: events by kind, failovers (moves and
/// in-place recoveries) by resource and cause, and the last failover's time and duration. Seed it
/// from the event log at start (<see cref="RecordAll"/>) so the counts survive restarts. Thread-safe.
/// </summary>
internal sealed class FailoverStatistics
{
    private readonly object _gate = new();
    private readonly Dictionary<EventKind, long> _events = [];
    private readonly Dictionary<(string Resource, EventCause Cause), long> _failovers = [];
    private FailoverEvent? _last;
    private readonly List<FailoverEvent> _recent = [];

    public void Record(FailoverEvent e)
    {
        lock (_gate)
        {
            _events[e.Kind] = _events.GetValueOrDefault(e.Kind) + 1;
            if (!e.IsFailover)
            {
                return;
            }

            var key = (e.Resource ?? string.Empty, e.Cause);
            _failovers[key] = _failovers.GetValueOrDefault(key) + 1;
            if (_last is null || e.Time >= _last.Time)
            {
                _last = e;
            }

            // the newest few, for the status report: kept here so that no request reads the log
            var at = _recent.FindLastIndex(r => r.Time <= e.Time) + 1;
            _recent.Insert(at, e);
            if (_recent.Count > RecentFailovers.Count) _recent.RemoveAt(0);
        }
    }

    /// <summary>The failovers <c>giragent status</c> shows (<see cref="RecentFailovers.Of"/>), from memory.</summary>
    public IReadOnlyList<FailoverEvent> Recent(DateTimeOffset now)
    {
        lock (_gate)
        {
            return RecentFailovers.Of(_recent, now);
        }
    }

    public void RecordAll(IEnumerable<FailoverEvent> events)
    {
        foreach (var e in events)
        {
            Record(e);
        }
    }

    public void Collect(MetricSet set)
    {
        lock (_gate)
        {
            var events = set.Counter("gir_events_total", "Cluster events recorded, by kind", "kind");
            foreach (var kind in Enum.GetValues<EventKind>())
            {
                events.Add(_events.GetValueOrDefault(kind), EventNames.Kind(kind));
            }

            var failovers = set.Counter(
                "gir_failovers_total", "Resource failovers (moves and in-place recoveries), by resource and cause", "resource", "cause");
            foreach (var ((resource, cause), count) in _failovers)
            {
                failovers.Add(count, resource, EventNames.Cause(cause));
            }

            if (_last is { } last)
            {
                set.Gauge("gir_last_failover_timestamp_seconds", "When the last failover completed (Unix time)")
                    .Add(last.Time.ToUnixTimeMilliseconds() / 1000.0);
                set.Gauge(
                        "gir_last_failover_duration_seconds",
                        "Seconds from loss to serving again of the last failover (its outage; for a node loss from the node's last contact); NaN when the loss was not observed")
                    .Add(last.DurationSeconds ?? double.NaN);
                set.Gauge(
                        "gir_last_failover_detection_seconds",
                        "Of the last failover's outage, the seconds before the cluster knew of the loss (a node loss: Corosync's token + consensus); 0 for other causes")
                    .Add(last.DurationSeconds is null ? double.NaN : last.DetectionSeconds ?? 0);
                set.Gauge(
                        "gir_last_failover_fence_seconds",
                        "Of the last failover's outage, the seconds from the cluster's verdict to the lost node's fence confirmed (fence delay, power off and on); 0 without a fence")
                    .Add(last.DurationSeconds is null ? double.NaN : last.FenceSeconds ?? 0);
                set.Gauge(
                        "gir_last_failover_uncertainty_seconds",
                        "How far the last failover's outage may be off either way (a stop or start this node saw only in a snapshot); 0 when exact")
                    .Add(last.DurationSeconds is null ? double.NaN : last.UncertaintySeconds ?? 0);
            }
        }
    }
}
