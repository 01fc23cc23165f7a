using GirAgent.Pacemaker;
using GirAgent.Posix;
using GirAgent.Tests.TestSupport;

namespace GirAgent.Tests.Pacemaker;

/// <summary>The one reader of the cluster that status and the daemon share: a snapshot, or why there is none.</summary>
public sealed class ClusterReaderTests
{
    private static readonly string TwoNodes = PacemakerFixtures.Read("pacemaker-live/live.2x.xml");

    [Fact]
    public void A_live_read_gives_the_snapshot_and_says_it_came_from_crm_mon()
    {
        var runner = new FakeCommandRunner((_, _) => FakeCommandRunner.Ok(TwoNodes));

        var read = new ClusterReader(runner).Read(TimeSpan.FromSeconds(1));

        Assert.True(read.Ok);
        Assert.Equal("crm_mon", read.Origin);
        Assert.Null(read.Error);
        Assert.NotEmpty(read.Snapshot!.Nodes);
    }

    [Fact]
    public void A_crm_mon_that_fails_is_a_result_with_its_reason_not_an_exception()
    {
        var runner = new FakeCommandRunner((_, _) => new CommandResult(102, "", "crm_mon: Connection to cluster failed: Transport endpoint is not connected"));

        var read = new ClusterReader(runner).Read(TimeSpan.FromSeconds(1));

        Assert.False(read.Ok);
        Assert.Contains("Connection to cluster failed", read.Error);
    }

    [Fact]
    public void A_saved_document_that_is_not_crm_mon_says_where_it_came_from_and_why()
    {
        var read = ClusterReader.Parse("<html>no</html>", "saved.xml");

        Assert.False(read.Ok);
        Assert.Equal("saved.xml", read.Origin);
        Assert.False(string.IsNullOrEmpty(read.Error));
    }

    [Theory]
    [InlineData("webserver", "ocf:gir:webserver", "Webserver")]
    [InlineData("web", "ocf:heartbeat:apache", "Webserver")]
    [InlineData("virtual_ip", "ocf:heartbeat:Dummy", "Vip")]
    [InlineData("ip", "ocf:heartbeat:IPaddr2", "Vip")]
    [InlineData("db", "ocf:heartbeat:pgsql", "Other")]
    public void A_resource_is_the_webserver_or_the_vip_by_its_id_first_then_its_agent(string id, string agent, string role)
    {
        var resource = new ClusterResource { Id = id, Agent = agent };

        Assert.Equal(role, LoadBalancerRoles.Of(resource).ToString());
    }
}
