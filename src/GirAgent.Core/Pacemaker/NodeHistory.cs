namespace GirAgent.Pacemaker;

/// <summary>Operation history of the resources on one node (<c>&lt;node_history&gt;&lt;node&gt;</c>).</summary>
internal sealed record NodeHistory
{
    public required string Node { get; init; }

    public IReadOnlyList<ResourceHistory> Resources { get; init; } = [];
}

/// <summary>
/// One resource's history on one node: fail count against migration threshold, last failure, and
/// (with <c>crm_mon -o</c>) its operations.
/// </summary>
internal sealed record ResourceHistory
{
    public required string Resource { get; init; }

    /// <summary>The resource is no longer configured.</summary>
    public bool Orphan { get; init; }

    /// <summary>Fail count; 1000000 is INFINITY. <c>null</c> when crm_mon wrote none (no failures).</summary>
    public int? FailCount { get; init; }

    /// <summary>Failures allowed before the resource is moved away; 1000000 is INFINITY (never).</summary>
    public int? MigrationThreshold { get; init; }

    public DateTimeOffset? LastFailure { get; init; }

    public IReadOnlyList<OperationRecord> Operations { get; init; } = [];
}

/// <summary>One recorded operation (<c>&lt;operation_history&gt;</c>).</summary>
internal sealed record OperationRecord
{
    /// <summary>Call id; -1 for an operation still pending.</summary>
    public int? Call { get; init; }

    /// <summary><c>start</c>, <c>stop</c>, <c>monitor</c>, <c>probe</c> (a one-off monitor), <c>promote</c>...</summary>
    public required string Task { get; init; }

    /// <summary>Interval in milliseconds; 0 when not recurring.</summary>
    public int Interval { get; init; }

    public int ExitCode { get; init; }

    /// <summary>crm_mon's text for the exit code (<c>rc_text</c>), e.g. <c>ok</c>, <c>not running</c>, <c>OCF_DEGRADED</c>.</summary>
    public string? ExitStatus { get; init; }

    public DateTimeOffset? LastRcChange { get; init; }

    /// <summary>When it last ran (1.1 writes <c>last-run</c>).</summary>
    public DateTimeOffset? LastRun { get; init; }

    public int? ExecMs { get; init; }

    public int? QueueMs { get; init; }
}
