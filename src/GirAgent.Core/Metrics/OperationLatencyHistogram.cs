using GirAgent.Pacemaker;

namespace GirAgent.Metrics;

/// <summary>
/// <c>gir_agent_operation_seconds</c>: a histogram of resource agent execution times per resource
/// and operation, fed from crm_mon's operation history (<c>exec-time</c>). crm_mon shows the last
/// run of each operation, so each run is counted once: a run is new when its call id or its
/// last-rc-change was not in the previous snapshot for that node, resource, operation and interval.
/// Thread-safe; memory is bounded by the size of one snapshot.
/// </summary>
internal sealed class OperationLatencyHistogram
{
    /// <summary>Bucket upper bounds in seconds.</summary>
    public static IReadOnlyList<double> Buckets { get; } = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 20, 30, 60];

    private readonly object _gate = new();
    private HashSet<string> _lastSeen = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Resource, string Operation), Series> _series = [];

    /// <summary>Counts the runs in <paramref name="snapshot"/> not seen before; returns how many.</summary>
    public int Observe(ClusterSnapshot snapshot)
    {
        var added = 0;
        lock (_gate)
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var node in snapshot.OperationHistory)
            {
                foreach (var resource in node.Resources)
                {
                    foreach (var op in resource.Operations)
                    {
                        if (op.ExecMs is not { } ms || ms < 0 || op.Call is null or < 0)
                        {
                            continue;
                        }

                        var run = string.Join(
                            '\0', node.Node, resource.Resource, op.Task, op.Interval, op.Call, (op.LastRcChange ?? op.LastRun)?.UtcTicks);
                        if (!seen.Add(run) || _lastSeen.Contains(run))
                        {
                            continue;
                        }

                        var key = (resource.Resource, OperationName(op));
                        if (!_series.TryGetValue(key, out var series))
                        {
                            series = new Series();
                            _series.Add(key, series);
                        }

                        series.Observe(ms / 1000.0);
                        added++;
                    }
                }
            }

            _lastSeen = seen;
        }

        return added;
    }

    public void Collect(MetricSet set)
    {
        lock (_gate)
        {
            var family = set.Histogram(
                "gir_agent_operation_seconds",
                "Resource agent execution time per resource and operation, from Pacemaker's operation history",
                "resource", "operation");
            foreach (var ((resource, operation), series) in _series)
            {
                family.AddHistogram(series.Snapshot(), resource, operation);
            }
        }
    }

    /// <summary><c>monitor</c> with interval 0 is a probe.</summary>
    public static string OperationName(OperationRecord op) => op.Task == "monitor" && op.Interval == 0 ? "probe" : op.Task;

    private sealed class Series
    {
        private readonly long[] _counts = new long[Buckets.Count];
        private long _count;
        private double _sum;

        public void Observe(double seconds)
        {
            for (var i = 0; i < _counts.Length; i++)
            {
                if (seconds <= Buckets[i])
                {
                    _counts[i]++;
                }
            }

            _count++;
            _sum += seconds;
        }

        public HistogramValue Snapshot() => new(Buckets, _counts.ToArray(), _count, _sum);
    }
}
