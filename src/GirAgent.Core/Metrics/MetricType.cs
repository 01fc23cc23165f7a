namespace GirAgent.Metrics;

/// <summary>The Prometheus metric types this writer emits.</summary>
public enum MetricType
{
    Gauge,
    Counter,
    Histogram,
}
