namespace GirAgent.Pacemaker;

/// <summary>
/// One failed resource action (<c>&lt;failure&gt;</c>, "Failed Resource Actions" in <c>pcs status</c>).
/// A monitor that returned 190 or 191 (degraded) is listed here too, but the resource keeps running
/// and no fail count is added: check <see cref="IsDegraded"/> before calling it a failure.
/// </summary>
public sealed record ResourceFailure
{
    /// <summary>OCF_DEGRADED: the service runs with reduced capacity.</summary>
    public const int OcfDegraded = 190;

    /// <summary>OCF_DEGRADED_PROMOTED (OCF_RUNNING_PROMOTED degraded).</summary>
    public const int OcfDegradedPromoted = 191;

    /// <summary>Operation key, e.g. <c>dummy_monitor_60000</c> (or the operation id when crm_mon wrote <c>id</c>).</summary>
    public required string OperationKey { get; init; }

    /// <summary>Resource id taken from the operation key, e.g. <c>dummy</c>; <c>null</c> when the key cannot be split.</summary>
    public string? Resource { get; init; }

    public required string Node { get; init; }

    /// <summary><c>monitor</c>, <c>start</c>, <c>stop</c>, <c>promote</c>...</summary>
    public required string Task { get; init; }

    /// <summary>Operation interval in milliseconds (0 for start, stop and probes).</summary>
    public int? Interval { get; init; }

    /// <summary>OCF exit code of the action (<c>exitcode</c>).</summary>
    public int ExitCode { get; init; }

    /// <summary>crm_mon's text for the exit code, e.g. <c>not running</c>, <c>OCF_DEGRADED</c>.</summary>
    public string? ExitStatus { get; init; }

    /// <summary>The agent's <c>ocf-exit-reason:</c>, or <c>null</c> when none (1.1's <c>none</c> placeholder included).</summary>
    public string? ExitReason { get; init; }

    public int? Call { get; init; }

    /// <summary>Execution status, e.g. <c>complete</c>, <c>Timed Out</c>, <c>Error</c>.</summary>
    public string? Status { get; init; }

    public DateTimeOffset? LastRcChange { get; init; }

    public int? QueuedMs { get; init; }

    public int? ExecMs { get; init; }

    /// <summary>Exit code 190 or 191: degraded, not failed.</summary>
    public bool IsDegraded => ExitCode is OcfDegraded or OcfDegradedPromoted;
}
