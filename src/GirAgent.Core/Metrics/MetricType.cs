namespace GirAgent.Metrics;

/// <summary>The Prometheus metric types this writer emits.</summary>
internal enum MetricType
{
    Gauge,
    Counter,
    Histogram,
}
