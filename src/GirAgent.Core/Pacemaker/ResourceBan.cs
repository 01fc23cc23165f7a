namespace GirAgent.Pacemaker;

/// <summary>
/// A negative location constraint (<c>&lt;ban&gt;</c>): <c>crm_resource --ban</c> /
/// <c>pcs resource ban</c> leave ones with ids starting <c>cli-ban-</c>.
/// </summary>
internal sealed record ResourceBan
{
    public required string Id { get; init; }

    public required string Resource { get; init; }

    public required string Node { get; init; }

    /// <summary>Score, e.g. -1000000 (-INFINITY).</summary>
    public int Weight { get; init; }

    /// <summary>Bans only the promoted role (<c>promoted-only</c>, 1.1 <c>master_only</c>).</summary>
    public bool PromotedOnly { get; init; }
}
