using GirAgent.Httpd;
using GirAgent.Pacemaker;
using GirAgent.Status;
using GirAgent.Tests.Events;

namespace GirAgent.Tests.Status;

/// <summary>What the daemon's /health tells a load balancer in front of the cluster.</summary>
public sealed class ServingVerdictTests
{
    private static readonly ServerStatus Page = ServerStatusParser.Parse(
        File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "httpd", "sample-default-vhost.auto.txt")));

    private static ServingVerdict Verdict(ClusterSnapshot? cluster, ServerStatus? httpd, string node)
    {
        var inputs = new StatusInputs(cluster, new SourceResult("crm_mon", "daemon", cluster is not null, cluster is null ? "down" : null, 0),
            httpd, new SourceResult("server-status", "x", httpd is not null, httpd is null ? "refused" : null, 0), node);
        return ServingVerdict.Of(StatusEvaluator.Evaluate(inputs, Snapshots.T0), node);
    }

    [Fact]
    public void The_node_with_the_webserver_and_the_vip_serves_while_httpd_answers()
    {
        var verdict = Verdict(Snapshots.TwoNodes("node1"), Page, "node1");

        Assert.Equal(("serving", true), (verdict.Status, verdict.Active));
        Assert.True(verdict.Serving);
        Assert.Empty(verdict.Reasons);
    }

    [Fact]
    public void The_other_node_is_passive_and_says_where_the_webserver_runs()
    {
        var verdict = Verdict(Snapshots.TwoNodes("node1"), null, "node2");

        Assert.Equal(("passive", false), (verdict.Status, verdict.Active));
        Assert.Equal(["this node (node2) is passive: the webserver runs on node1"], verdict.Reasons);
    }

    [Fact]
    public void The_active_node_whose_httpd_is_silent_is_unhealthy()
    {
        var verdict = Verdict(Snapshots.TwoNodes("node1"), null, "node1");

        Assert.Equal(("unhealthy", true), (verdict.Status, verdict.Active));
        Assert.Equal(["httpd's server-status does not answer"], verdict.Reasons);
    }

    [Fact]
    public void Without_the_cluster_state_nothing_is_claimed()
    {
        var verdict = Verdict(null, Page, "node1");

        Assert.Equal("unknown", verdict.Status);
        Assert.False(verdict.Serving);
    }
}
