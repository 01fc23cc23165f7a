namespace GirAgent.Metrics;

/// <summary>Overall health, with the Nagios/monitoring-plugin codes as values (<c>gir_health</c>).</summary>
public enum HealthStatus
{
    Ok = 0,
    Warning = 1,
    Critical = 2,
    Unknown = 3,
}

/// <summary>Ordering of <see cref="HealthStatus"/> by gravity: Ok, Warning, Unknown, Critical.</summary>
public static class HealthStatuses
{
    public static int Gravity(this HealthStatus status) => status switch
    {
        HealthStatus.Ok => 0,
        HealthStatus.Warning => 1,
        HealthStatus.Unknown => 2,
        _ => 3,
    };

    public static HealthStatus Worst(HealthStatus a, HealthStatus b) => a.Gravity() >= b.Gravity() ? a : b;

    public static string Label(this HealthStatus status) => status switch
    {
        HealthStatus.Ok => "ok",
        HealthStatus.Warning => "warning",
        HealthStatus.Critical => "critical",
        _ => "unknown",
    };
}
