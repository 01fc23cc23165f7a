namespace GirAgent.Pacemaker;

/// <summary>A node's state as crm_mon shows it first (worst condition wins); see <see cref="ClusterNode.State"/>.</summary>
public enum NodeState
{
    Online,
    Standby,
    Maintenance,
    Offline,
    Unclean,
    Pending,
}

/// <summary>One <c>&lt;node&gt;</c> of crm_mon's node list: a cluster member, a remote or a guest node.</summary>
public sealed record ClusterNode
{
    /// <summary>How node names compare: as Pacemaker compares them (without regard to case).</summary>
    public static readonly StringComparer NameComparer = StringComparer.OrdinalIgnoreCase;

    public required string Name { get; init; }

    public string? Id { get; init; }

    public bool Online { get; init; }

    public bool Standby { get; init; }

    /// <summary>In standby because a resource failed on it and <c>on-fail=standby</c>.</summary>
    public bool StandbyOnFail { get; init; }

    public bool Maintenance { get; init; }

    /// <summary>Joining the cluster, not yet a full member.</summary>
    public bool Pending { get; init; }

    /// <summary>
    /// In standby as an operator (or <c>on-fail=standby</c>) put it. crm_mon also says <c>standby="true"</c> of a node that
    /// is still joining (pending: seen for a few polls while a fenced node rebooted into the cluster), which is not.
    /// </summary>
    public bool InStandby => !Pending && (Standby || StandbyOnFail);

    /// <summary>State unknown to the cluster: it must be fenced before its resources can move.</summary>
    public bool Unclean { get; init; }

    public bool Shutdown { get; init; }

    public bool ExpectedUp { get; init; }

    public bool IsDc { get; init; }

    public int ResourcesRunning { get; init; }

    /// <summary><c>member</c>, <c>remote</c>, <c>ping</c> or <c>unknown</c>.</summary>
    public string? Type { get; init; }

    /// <summary>Node health colour (<c>green</c>, <c>yellow</c>, <c>red</c>), written by 2.x.</summary>
    public string? Health { get; init; }

    /// <summary>For a guest node, the resource that runs it (<c>id_as_resource</c>, <c>container_id</c> in 1.1.13).</summary>
    public string? IdAsResource { get; init; }

    /// <summary>
    /// The one state to show, worst first: <see cref="NodeState.Unclean"/>, <see cref="NodeState.Pending"/>,
    /// <see cref="NodeState.Offline"/>, <see cref="NodeState.Maintenance"/>, <see cref="NodeState.Standby"/>
    /// (standby or standby-on-fail), else <see cref="NodeState.Online"/>. An offline node in standby is Offline.
    /// </summary>
    public NodeState State =>
        Unclean ? NodeState.Unclean
        : Pending ? NodeState.Pending
        : !Online ? NodeState.Offline
        : Maintenance ? NodeState.Maintenance
        : Standby || StandbyOnFail ? NodeState.Standby
        : NodeState.Online;
}
