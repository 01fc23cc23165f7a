namespace GirAgent.Pacemaker;

/// <summary>
/// One primitive resource instance (a <c>&lt;resource&gt;</c> element), with the group, clone and
/// bundle it sits in (<see cref="Group"/>, <see cref="CloneId"/>, <see cref="Bundle"/>). Clone instance ids are kept as crm_mon writes them: <c>ping</c> for every
/// instance of an anonymous clone, <c>dummy:0</c>, <c>dummy:1</c> for a globally unique one; groups
/// cloned get instance ids too (<see cref="Group"/> = <c>mysql-group:0</c>).
/// </summary>
public sealed record ClusterResource
{
    public required string Id { get; init; }

    /// <summary>Standard, provider and type, e.g. <c>ocf:heartbeat:IPaddr2</c> (1.1's <c>ocf::heartbeat:IPaddr2</c> is normalised).</summary>
    public string? Agent { get; init; }

    /// <summary>Current role: <c>Started</c>, <c>Stopped</c>, <c>Promoted</c>, <c>Unpromoted</c> (<c>Master</c>/<c>Slave</c> in 1.1), <c>Starting</c>...</summary>
    public string? Role { get; init; }

    /// <summary>The <c>target-role</c> meta attribute, when set (e.g. <c>Stopped</c> for a disabled resource).</summary>
    public string? TargetRole { get; init; }

    public bool Active { get; init; }

    /// <summary>Still running but no longer in the configuration.</summary>
    public bool Orphaned { get; init; }

    /// <summary>Blocked from starting (e.g. after a failed stop with no fencing).</summary>
    public bool Blocked { get; init; }

    public bool Managed { get; init; } = true;

    public bool Failed { get; init; }

    /// <summary>Failed, but <c>on-fail=ignore</c>.</summary>
    public bool FailureIgnored { get; init; }

    /// <summary>The action in progress when crm_mon ran with <c>--pending</c> (e.g. <c>Monitoring</c>), else <c>null</c>.</summary>
    public string? Pending { get; init; }

    /// <summary>Names of the nodes it is active on (more than one only when it is wrongly active on several).</summary>
    public IReadOnlyList<string> Nodes { get; init; } = [];

    /// <summary>Id of the group it belongs to (with the instance suffix when the group is cloned), or <c>null</c>.</summary>
    public string? Group { get; init; }

    /// <summary>
    /// Id of the clone it is an instance of, or <c>null</c>. (Not named <c>Clone</c>: C# reserves that
    /// member name in records, CS8859.)
    /// </summary>
    public string? CloneId { get; init; }

    /// <summary>The clone is promotable (<c>multi_state</c>).</summary>
    public bool InPromotableClone { get; init; }

    /// <summary>Id of the bundle it belongs to, or <c>null</c>.</summary>
    public string? Bundle { get; init; }

    /// <summary>Bundle replica number, when in a bundle.</summary>
    public int? Replica { get; init; }

    /// <summary><see cref="Id"/> without a clone instance suffix (<c>dummy:1</c> -&gt; <c>dummy</c>).</summary>
    public string BaseId => StripInstance(Id);

    /// <summary>Active in a running role: Started, Promoted, Unpromoted (or 1.1's Master, Slave).</summary>
    public bool IsStarted => Active && Role is "Started" or "Promoted" or "Unpromoted" or "Master" or "Slave";

    /// <summary>Started, and on <paramref name="node"/> (compared as Pacemaker compares node names).</summary>
    public bool IsStartedOn(string node) => IsStarted && Nodes.Contains(node, ClusterNode.NameComparer);

    /// <summary>Active in the promoted role (<c>Promoted</c>, or <c>Master</c> in 1.1).</summary>
    public bool IsPromoted => Active && Role is "Promoted" or "Master";

    /// <summary>The first node it is active on, or <c>null</c>.</summary>
    public string? Node => Nodes.Count > 0 ? Nodes[0] : null;

    internal static string StripInstance(string id)
    {
        var colon = id.LastIndexOf(':');
        if (colon <= 0 || colon == id.Length - 1)
        {
            return id;
        }

        for (var i = colon + 1; i < id.Length; i++)
        {
            if (!char.IsAsciiDigit(id[i]))
            {
                return id;
            }
        }

        return id[..colon];
    }
}

/// <summary>
/// <see cref="ClusterResource.Clone"/>: the name the design uses for <see cref="ClusterResource.CloneId"/>,
/// which a record cannot declare itself (CS8859). Read-only; set <see cref="ClusterResource.CloneId"/>.
/// </summary>
internal static class ClusterResourceExtensions
{
    extension(ClusterResource resource)
    {
        /// <summary>Id of the clone the resource is an instance of (same as <see cref="ClusterResource.CloneId"/>).</summary>
        public string? Clone => resource.CloneId;
    }
}
