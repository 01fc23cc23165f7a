using GirAgent.Pacemaker;
using GirAgent.Tenants;
using GirAgent.TenantsAdmin;

namespace GirAgent.Tests.Tenants;

public sealed class DigestComparisonTests
{
    private const string A = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
    private const string B = "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb";

    [Fact]
    public void Nodes_that_published_the_same_digest_agree()
    {
        var result = DigestComparison.Compare("n1", A, [new("n1", A), new("n2", A)]);

        Assert.True(result.Agree);
        Assert.Empty(result.Problems);
    }

    [Fact]
    public void A_node_with_another_digest_is_named_with_both_digests()
    {
        var result = DigestComparison.Compare("n1", A, [new("n1", A), new("n2", B)]);

        Assert.False(result.Agree);
        var problem = Assert.Single(result.Problems);
        Assert.StartsWith("n2: configuration differs: bbbbbbbbbbbb there, aaaaaaaaaaaa here", problem);
    }

    [Fact]
    public void A_node_that_published_nothing_is_a_problem()
    {
        var result = DigestComparison.Compare("n1", A, [new("n1", A), new("n2", null)]);

        Assert.Equal(["n2: no digest published: run 'giragent tenants check' there"], result.Problems);
    }

    [Fact]
    public void This_nodes_stale_publication_is_a_problem_too()
    {
        // crm_attribute may exit 0 and record nothing (a user only in haclient): check the effect
        var result = DigestComparison.Compare("n1", A, [new("n1", B), new("n2", A)]);

        Assert.Equal(["n1 (this node): published bbbbbbbbbbbb, files now aaaaaaaaaaaa"], result.Problems);
    }

    [Fact]
    public void A_node_missing_from_the_cluster_list_is_reported()
    {
        var result = DigestComparison.Compare("n3", A, [new("n1", A), new("n2", A)]);

        Assert.Equal(["n3 (this node): not among the cluster's nodes"], result.Problems);
    }

    [Fact]
    public void Node_attributes_are_read_from_the_CIBs_nodes_section()
    {
        const string xml = """
            <nodes>
              <node id="1" uname="n1">
                <instance_attributes id="nodes-1">
                  <nvpair id="nodes-1-girlb-tenants-digest" name="girlb-tenants-digest" value="abc"/>
                  <nvpair id="nodes-1-other" name="other" value="x"/>
                </instance_attributes>
              </node>
              <node id="2" uname="n2"/>
            </nodes>
            """;

        var nodes = CibState.NodeAttribute(xml, TenantsDigest.AttributeName);

        Assert.Equal([new NodeDigest("n1", "abc"), new NodeDigest("n2", null)], nodes);
    }
}
