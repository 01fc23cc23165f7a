namespace GirAgent.Pacemaker;

/// <summary>One fencing action from crm_mon's fence history (<c>--fence-history</c>).</summary>
internal sealed record FenceEvent
{
    /// <summary>The node that was (to be) fenced.</summary>
    public required string Target { get; init; }

    /// <summary><c>reboot</c>, <c>off</c> or <c>on</c>.</summary>
    public required string Action { get; init; }

    /// <summary>The node that carried it out.</summary>
    public string? Delegate { get; init; }

    /// <summary>Who asked, e.g. <c>pacemaker-controld.55</c>, <c>stonith_admin.575</c>.</summary>
    public string? Client { get; init; }

    /// <summary>The node the request came from.</summary>
    public string? Origin { get; init; }

    /// <summary><c>success</c>, <c>failed</c> or <c>pending</c> (2.x <c>status</c>, 1.1 <c>state</c>).</summary>
    public required string Status { get; init; }

    /// <summary>When it finished; <c>null</c> while pending.</summary>
    public DateTimeOffset? Completed { get; init; }

    /// <summary>Why it failed, when Pacemaker knows (2.x <c>exit-reason</c>).</summary>
    public string? ExitReason { get; init; }

    public bool Succeeded => string.Equals(Status, "success", StringComparison.Ordinal);

    public bool IsFailed => string.Equals(Status, "failed", StringComparison.Ordinal);

    public bool IsPending => string.Equals(Status, "pending", StringComparison.Ordinal);
}
