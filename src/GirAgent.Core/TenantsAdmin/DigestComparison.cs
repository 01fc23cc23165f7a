using GirAgent.Pacemaker;
using GirAgent.Tenants;
namespace GirAgent.TenantsAdmin;

/// <summary>How the nodes' digests compare.</summary>
/// <param name="Agree">Every node published the local digest.</param>
/// <param name="Problems">One line per node that differs or has published nothing.</param>
internal sealed record DigestComparison(bool Agree, IReadOnlyList<string> Problems)
{
    /// <summary>
    /// Compares <paramref name="localDigest"/> (this node's files) with what every node published.
    /// A node whose published digest differs, or which published none, is a problem; so is this
    /// node's published value when it is not the local digest (it was published before a change).
    /// </summary>
    public static DigestComparison Compare(string localNode, string localDigest, IReadOnlyList<NodeDigest> published)
    {
        var problems = new List<string>();
        foreach (var node in published.OrderBy(n => n.Node, StringComparer.Ordinal))
        {
            var isLocal = node.Node == localNode;
            if (node.Digest is null)
                problems.Add(isLocal
                    ? $"{node.Node} (this node): no digest published"
                    : $"{node.Node}: no digest published: run 'giragent tenants check' there");
            else if (node.Digest != localDigest)
                problems.Add(isLocal
                    ? $"{node.Node} (this node): published {TenantsDigest.Short(node.Digest)}, files now {TenantsDigest.Short(localDigest)}"
                    : $"{node.Node}: configuration differs: {TenantsDigest.Short(node.Digest)} there, {TenantsDigest.Short(localDigest)} here: render the same tenants file on both nodes");
        }
        if (!published.Any(n => n.Node == localNode))
            problems.Add($"{localNode} (this node): not among the cluster's nodes");
        return new DigestComparison(problems.Count == 0, problems);
    }
}
