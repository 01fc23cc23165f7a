using System.Collections.ObjectModel;

namespace GirAgent.Pacemaker;

/// <summary>Which XML envelope crm_mon wrote.</summary>
public enum CrmMonFormat
{
    /// <summary><c>crm_mon --output-as=xml</c> (Pacemaker 2.x): root <c>&lt;pacemaker-result&gt;</c>, a <c>&lt;status&gt;</c> at the end.</summary>
    Modern2x,

    /// <summary>
    /// <c>crm_mon --as-xml</c> / <c>--output-as=xml</c> of Pacemaker 1.1 (EL7) and the legacy mode of 2.x
    /// (what <c>pcs status xml</c> reads): root <c>&lt;crm_mon version="..."&gt;</c>, no status element.
    /// </summary>
    Legacy,
}

/// <summary>
/// One crm_mon XML document, parsed by <see cref="CrmMonParser"/>: the cluster as crm_mon saw it.
/// Sections crm_mon did not write (it writes node attributes only with <c>-A</c>, operation history
/// with <c>-o</c>/<c>-f</c>, fence history with <c>--fence-history</c>, bans with <c>--include=bans</c>
/// or <c>-L</c>) are empty, never <c>null</c>. All timestamps are UTC. Record equality compares the
/// list members by reference: compare two snapshots through their elements.
/// </summary>
internal sealed record ClusterSnapshot
{
    public CrmMonFormat Format { get; init; }

    /// <summary><c>api-version</c> of <c>&lt;pacemaker-result&gt;</c> (e.g. <c>2.25</c>); <c>null</c> in the legacy format.</summary>
    public string? ApiVersion { get; init; }

    /// <summary><c>version</c> of the legacy <c>&lt;crm_mon&gt;</c> root: the Pacemaker release that wrote it (e.g. <c>1.1.23</c>).</summary>
    public string? CrmMonVersion { get; init; }

    public ClusterSummary Summary { get; init; } = new();

    /// <summary>Cluster nodes, remote nodes and guest nodes, in crm_mon's order.</summary>
    public IReadOnlyList<ClusterNode> Nodes { get; init; } = [];

    /// <summary>
    /// Every primitive resource instance, flattened out of groups, clones and bundles in crm_mon's
    /// order; each knows its parents (<see cref="ClusterResource.Group"/>, <see cref="ClusterResource.CloneId"/>,
    /// <see cref="ClusterResource.Bundle"/>). An anonymous clone appears once per instance with the same id.
    /// </summary>
    public IReadOnlyList<ClusterResource> Resources { get; init; } = [];

    /// <summary>Failed resource actions (<c>&lt;failures&gt;</c>), degraded monitors (exit 190/191) included.</summary>
    public IReadOnlyList<ResourceFailure> Failures { get; init; } = [];

    /// <summary>Corosync's quorum on the node that read it (<c>corosync-quorumtool</c>); null from a saved crm_mon document.</summary>
    public QuorumInfo? Quorum { get; init; }

    /// <summary>Fencing history, newest first as crm_mon lists it.</summary>
    public IReadOnlyList<FenceEvent> FenceHistory { get; init; } = [];

    /// <summary>Negative location constraints (bans).</summary>
    public IReadOnlyList<ResourceBan> Bans { get; init; } = [];

    /// <summary>Node attributes: node name -&gt; attribute name -&gt; value (ordinal keys).</summary>
    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> NodeAttributes { get; init; } =
        ReadOnlyDictionary<string, IReadOnlyDictionary<string, string>>.Empty;

    /// <summary>Per-node resource operation history, fail counts and migration thresholds.</summary>
    public IReadOnlyList<NodeHistory> OperationHistory { get; init; } = [];

    /// <summary>The node with this name (compared as Pacemaker does, <see cref="ClusterNode.NameComparer"/>), or <c>null</c>.</summary>
    public ClusterNode? FindNode(string name)
    {
        var nodes = Nodes;
        for (var i = 0; i < nodes.Count; i++)
        {
            if (ClusterNode.NameComparer.Equals(nodes[i].Name, name))
            {
                return nodes[i];
            }
        }

        return null;
    }

    /// <summary>
    /// The first primitive whose id is <paramref name="id"/> (<c>dummy</c>, or a unique clone
    /// instance such as <c>dummy:0</c>), else the first whose id without the instance suffix is;
    /// <c>null</c> when there is none. For every instance of a clone use <see cref="FindResources"/>.
    /// </summary>
    public ClusterResource? FindResource(string id)
    {
        var resources = Resources;
        for (var i = 0; i < resources.Count; i++)
        {
            if (string.Equals(resources[i].Id, id, StringComparison.Ordinal))
            {
                return resources[i];
            }
        }

        for (var i = 0; i < resources.Count; i++)
        {
            if (string.Equals(resources[i].BaseId, id, StringComparison.Ordinal))
            {
                return resources[i];
            }
        }

        return null;
    }

    /// <summary>
    /// Every primitive instance that <paramref name="id"/> names: primitives with that id (with or
    /// without a clone instance suffix) and all primitives inside the group, clone or bundle of that id.
    /// </summary>
    public IReadOnlyList<ClusterResource> FindResources(string id)
    {
        var found = new List<ClusterResource>();
        foreach (var r in Resources)
        {
            if (string.Equals(r.Id, id, StringComparison.Ordinal)
                || string.Equals(r.BaseId, id, StringComparison.Ordinal)
                || string.Equals(r.CloneId, id, StringComparison.Ordinal)
                || string.Equals(r.Bundle, id, StringComparison.Ordinal)
                || (r.Group is { } g
                    && (string.Equals(g, id, StringComparison.Ordinal)
                        || string.Equals(ClusterResource.StripInstance(g), id, StringComparison.Ordinal))))
            {
                found.Add(r);
            }
        }

        return found;
    }

    /// <summary>
    /// The placement query: whether a started instance of the resource <paramref name="id"/> names (see
    /// <see cref="FindResources"/>) runs on <paramref name="node"/>. Health, metrics, status, the watcher and
    /// the poller ask "does this node run the webserver / hold the VIP" here.
    /// </summary>
    public bool IsStartedOn(string id, string node)
    {
        foreach (var r in FindResources(id))
        {
            if (r.IsStartedOn(node)) return true;
        }

        return false;
    }

    /// <summary>Primitives active on the node with this name.</summary>
    public IReadOnlyList<ClusterResource> ResourcesOn(string nodeName)
    {
        var found = new List<ClusterResource>();
        foreach (var r in Resources)
        {
            foreach (var n in r.Nodes)
            {
                if (ClusterNode.NameComparer.Equals(n, nodeName))
                {
                    found.Add(r);
                    break;
                }
            }
        }

        return found;
    }

    /// <summary>The operation history of one resource on one node, or <c>null</c>.</summary>
    public ResourceHistory? FindHistory(string nodeName, string resourceId)
    {
        foreach (var node in OperationHistory)
        {
            if (!string.Equals(node.Node, nodeName, StringComparison.Ordinal))
            {
                continue;
            }

            foreach (var r in node.Resources)
            {
                if (string.Equals(r.Resource, resourceId, StringComparison.Ordinal))
                {
                    return r;
                }
            }
        }

        return null;
    }
}
