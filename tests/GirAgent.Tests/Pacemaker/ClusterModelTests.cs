using GirAgent.Pacemaker;

namespace GirAgent.Tests.Pacemaker;

public sealed class ClusterModelTests
{
    // online, standby, standby on fail, maintenance, pending, unclean -> state
    [Theory]
    [InlineData(true, false, false, false, false, false, NodeState.Online)]
    [InlineData(true, true, false, false, false, false, NodeState.Standby)]
    [InlineData(true, false, true, false, false, false, NodeState.Standby)]
    [InlineData(true, true, false, true, false, false, NodeState.Maintenance)]
    [InlineData(false, true, false, true, false, false, NodeState.Offline)]
    [InlineData(false, false, false, false, true, false, NodeState.Pending)]
    [InlineData(true, false, false, false, true, false, NodeState.Pending)]
    [InlineData(false, false, false, false, false, true, NodeState.Unclean)]
    [InlineData(true, false, false, true, true, true, NodeState.Unclean)]
    public void A_node_shows_its_worst_condition(
        bool online, bool standby, bool standbyOnFail, bool maintenance, bool pending, bool unclean, NodeState expected)
    {
        var node = new ClusterNode
        {
            Name = "n1", Online = online, Standby = standby, StandbyOnFail = standbyOnFail, Maintenance = maintenance,
            Pending = pending, Unclean = unclean,
        };

        Assert.Equal(expected, node.State);
    }

    [Theory]
    [InlineData(true, "Started", true, false)]
    [InlineData(true, "Promoted", true, true)]
    [InlineData(true, "Unpromoted", true, false)]
    [InlineData(true, "Master", true, true)]
    [InlineData(true, "Slave", true, false)]
    [InlineData(true, "Starting", false, false)]
    [InlineData(true, "Stopping", false, false)]
    [InlineData(false, "Started", false, false)]
    [InlineData(false, "Stopped", false, false)]
    [InlineData(true, null, false, false)]
    public void A_resource_is_started_only_when_active_in_a_running_role(bool active, string? role, bool started, bool promoted)
    {
        var r = new ClusterResource { Id = "r", Active = active, Role = role };

        Assert.Equal(started, r.IsStarted);
        Assert.Equal(promoted, r.IsPromoted);
    }

    [Theory]
    [InlineData("dummy", "dummy")]
    [InlineData("dummy:0", "dummy")]
    [InlineData("dummy:12", "dummy")]
    [InlineData("mysql-group:3", "mysql-group")]
    [InlineData("weird:x", "weird:x")]
    [InlineData("trailing:", "trailing:")]
    [InlineData(":0", ":0")]
    public void The_base_id_drops_only_a_clone_instance_number(string id, string baseId)
    {
        Assert.Equal(baseId, new ClusterResource { Id = id }.BaseId);
    }

    [Theory]
    [InlineData(190, true)]
    [InlineData(191, true)]
    [InlineData(0, false)]
    [InlineData(1, false)]
    [InlineData(7, false)]
    [InlineData(192, false)]
    public void Exit_190_and_191_are_degraded(int exitCode, bool degraded)
    {
        var f = new ResourceFailure { OperationKey = "r_monitor_10000", Node = "n1", Task = "monitor", ExitCode = exitCode };

        Assert.Equal(degraded, f.IsDegraded);
    }

    // key, task attribute, resource, task, interval
    [Theory]
    [InlineData("dummy_monitor_60000", "monitor", "dummy", "monitor", 60000)]
    [InlineData("dummy_monitor_60000", null, "dummy", "monitor", 60000)]
    [InlineData("my_app_server_start_0", "start", "my_app_server", "start", 0)]
    [InlineData("my_app_server_start_0", null, "my_app_server", "start", 0)]
    [InlineData("vm_migrate_to_0", null, "vm", "migrate_to", 0)]
    [InlineData("vm_migrate_from_0", "migrate_from", "vm", "migrate_from", 0)]
    [InlineData("db_post_notify_start_0", null, "db", "notify", 0)]
    [InlineData("db_pre_notify_promote_0", null, "db", "notify", 0)]
    [InlineData("dummy:1_stop_0", "stop", "dummy:1", "stop", 0)]
    [InlineData("dummy_last_failure_0", null, "dummy", null, null)]
    [InlineData("dummy_last_0", null, "dummy", null, null)]
    [InlineData("nounderscore", null, null, null, null)]
    [InlineData("r_monitor_x", null, null, null, null)]
    [InlineData("_monitor_0", null, null, null, 0)]
    [InlineData("monitor_0", null, null, null, 0)]
    public void Splits_operation_keys(string key, string? knownTask, string? resource, string? task, int? interval)
    {
        Assert.Equal((resource, task, interval), CrmMonParser.SplitOperationKey(key, knownTask));
    }

    [Fact]
    public void Finds_nodes_resources_instances_and_histories()
    {
        // Arrange
        var s = new ClusterSnapshot
        {
            Nodes = [new ClusterNode { Name = "n1" }, new ClusterNode { Name = "n2" }],
            Resources =
            [
                new ClusterResource { Id = "ip", Group = "web", Nodes = ["n1"], Active = true },
                new ClusterResource { Id = "ping", CloneId = "ping-clone", Nodes = ["n1"], Active = true },
                new ClusterResource { Id = "ping", CloneId = "ping-clone", Nodes = ["n2"], Active = true },
                new ClusterResource { Id = "c:0", CloneId = "c-clone" },
                new ClusterResource { Id = "httpd", Bundle = "b", Replica = 0 },
            ],
            OperationHistory =
            [
                new NodeHistory { Node = "n2", Resources = [new ResourceHistory { Resource = "ping", FailCount = 2 }] },
            ],
        };

        // Assert
        Assert.Equal("n2", s.FindNode("n2")!.Name);
        Assert.Equal("n2", s.FindNode("N2")!.Name); // Pacemaker compares node names without regard to case
        Assert.Null(s.FindNode("n3"));
        Assert.Equal(["n1"], s.FindResource("ping")!.Nodes);
        Assert.Equal("c:0", s.FindResource("c")!.Id);
        Assert.Null(s.FindResource("nope"));
        Assert.Equal(2, s.FindResources("ping-clone").Count);
        Assert.Equal(2, s.FindResources("ping").Count);
        Assert.Single(s.FindResources("web"));
        Assert.Single(s.FindResources("b"));
        Assert.Single(s.FindResources("c"));
        Assert.Empty(s.FindResources("n1"));
        Assert.Equal(["ip", "ping"], s.ResourcesOn("n1").Select(r => r.Id));
        Assert.Equal(2, s.FindHistory("n2", "ping")!.FailCount);
        Assert.Null(s.FindHistory("n1", "ping"));
        Assert.Equal("ping-clone", s.Resources[1].Clone);
    }

    [Fact]
    public void An_empty_snapshot_has_empty_collections_not_nulls()
    {
        var s = new ClusterSnapshot();

        Assert.Empty(s.Nodes);
        Assert.Empty(s.Resources);
        Assert.Empty(s.Failures);
        Assert.Empty(s.FenceHistory);
        Assert.Empty(s.Bans);
        Assert.Empty(s.NodeAttributes);
        Assert.Empty(s.OperationHistory);
        Assert.False(s.Summary.DcPresent);
        Assert.Null(s.FindNode("x"));
    }
}
