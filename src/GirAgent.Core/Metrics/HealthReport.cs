using GirAgent.Status;

namespace GirAgent.Metrics;

/// <summary>One failed health check: which, how bad, and a one-line reason.</summary>
internal sealed record HealthProblem(string Check, Health Status, string Message);

/// <summary>
/// The result of <see cref="HealthEvaluator.Evaluate"/>: the worst status of all checks and the
/// problems found (empty when healthy). <see cref="Checks"/> holds every check, problem or not,
/// so metrics have a stable set of series.
/// </summary>
internal sealed record HealthReport(
    Health Status,
    IReadOnlyList<HealthProblem> Problems,
    IReadOnlyDictionary<string, Health> Checks)
{
    /// <summary>This node runs the webserver resource (null when the local node or the resource is unknown).</summary>
    public bool? LocalNodeActive { get; init; }
}
