using GirAgent.Events;
using GirAgent.Pacemaker;
using static GirAgent.Tests.Events.Snapshots;

namespace GirAgent.Tests.Events;

public sealed class SnapshotDiffTests
{
    private static IReadOnlyList<FailoverEvent> Diff(ClusterSnapshot before, ClusterSnapshot after) =>
        SnapshotDiff.Compare(before, after, T0);

    private static FailoverEvent Single(IEnumerable<FailoverEvent> events, EventKind kind, string? resource = null, string? node = null)
    {
        var matching = events.Where(e => e.Kind == kind && (resource is null || e.Resource == resource) && (node is null || e.Node == node)).ToList();
        return Assert.Single(matching);
    }

    // ------------------------------------------------------------------ fixtures

    [Fact]
    public void Without_a_previous_snapshot_there_is_nothing_to_report()
    {
        Assert.Empty(SnapshotDiff.Compare(null, Fixture("pacemaker-cts/out-crm_mon.2x.xml"), T0));
    }

    [Fact]
    public void The_same_snapshot_twice_reports_nothing()
    {
        var s = Fixture("pacemaker-cts/out-crm_mon.2x.xml");

        Assert.Empty(Diff(s, Fixture("pacemaker-cts/out-crm_mon.2x.xml")));
    }

    [Fact]
    public void A_node_failure_is_a_node_loss_moving_its_resources_to_the_survivor()
    {
        // Arrange: cluster02 fails; exim-group (Public-IP, Email) moves to cluster01.
        var before = Fixture("pacemaker-cts/out-crm_mon.2x.xml");
        var after = Fixture("pacemaker-cts/out-after-nodefail.2x.xml");

        // Act
        var events = Diff(before, after);

        // Assert
        var lost = Single(events, EventKind.NodeLost, node: "cluster02");
        Assert.Equal(EventCause.NodeLoss, lost.Cause);
        var ip = Single(events, EventKind.ResourceMoved, "Public-IP");
        Assert.Equal(("cluster02", "cluster01", EventCause.NodeLoss), (ip.From, ip.To, ip.Cause));
        var email = Single(events, EventKind.ResourceMoved, "Email");
        Assert.Equal(("cluster02", "cluster01", EventCause.NodeLoss), (email.From, email.To, email.Cause));
        Assert.All(events, e => Assert.Equal(T0, e.Time));
        Assert.All(events, e => Assert.Equal(EventSource.Snapshot, e.Source));
    }

    [Fact]
    public void After_a_node_failure_a_resource_banned_from_the_survivor_is_stopped_by_the_node_loss()
    {
        var events = Diff(Fixture("pacemaker-cts/out-crm_mon.2x.xml"), Fixture("pacemaker-cts/out-after-nodefail.2x.xml"));

        var dummy = Single(events, EventKind.ResourceStopped, "dummy");
        Assert.Equal(("cluster02", EventCause.NodeLoss), (dummy.From, dummy.Cause));
        var ping = Single(events, EventKind.ResourceStopped, "ping");
        Assert.Equal("cluster02", ping.From);
        var mysql = Single(events, EventKind.ResourceStopped, "mysql-proxy");
        Assert.Equal("cluster02", mysql.From);
        Assert.DoesNotContain(events, e => e.Kind == EventKind.ResourceMoved && e.Resource is "ping" or "mysql-proxy");
    }

    [Fact]
    public void A_lost_remote_node_is_reported_with_its_type()
    {
        var events = Diff(Fixture("pacemaker-cts/out-crm_mon.2x.xml"), Fixture("pacemaker-cts/out-after-nodefail.2x.xml"));

        var remote = Single(events, EventKind.NodeLost, node: "httpd-bundle-1");
        Assert.Contains("remote", remote.Detail);
        var httpd = Single(events, EventKind.ResourceStopped, "httpd");
        Assert.Equal(("httpd-bundle-1", EventCause.NodeLoss), (httpd.From, httpd.Cause));
    }

    [Fact]
    public void A_failed_monitor_is_a_failed_action_a_rising_fail_count_and_a_stop_caused_by_resource_failure()
    {
        var events = Diff(Fixture("pacemaker-cts/out-crm_mon.2x.xml"), Fixture("pacemaker-cts/out-after-dummy-monfail.2x.xml"));

        var failed = Single(events, EventKind.FailedAction, "dummy");
        Assert.Equal(("cluster02", EventCause.ResourceFailure), (failed.Node, failed.Cause));
        Assert.Contains("Simulated action result", failed.Detail);
        Assert.Contains("returned 7 (not running)", failed.Detail);
        var count = Single(events, EventKind.FailCountRising, "dummy");
        Assert.Equal("fail count 0 -> 1", count.Detail);
        var stopped = Single(events, EventKind.ResourceStopped, "dummy");
        Assert.Equal(("cluster02", EventCause.ResourceFailure), (stopped.From, stopped.Cause));
        Assert.Equal(3, events.Count);
    }

    [Fact]
    public void A_degraded_monitor_is_reported_as_degraded_not_as_a_failure()
    {
        var events = Diff(Fixture("pacemaker-gen/crm_mon.full.2x.xml"), Fixture("pacemaker-gen/dummy-degraded.full.2x.xml"));

        var degraded = Single(events, EventKind.ResourceDegraded, "dummy");
        Assert.Contains("OCF_DEGRADED", degraded.Detail);
        Assert.DoesNotContain(events, e => e.Kind is EventKind.FailedAction or EventKind.ResourceStopped or EventKind.ResourceMoved);
    }

    [Fact]
    public void Cluster_maintenance_mode_on_is_reported()
    {
        var events = Diff(Fixture("pacemaker-live/live-full.2x.xml"), Fixture("pacemaker-live/live-maintenance.2x.xml"));

        var on = Single(events, EventKind.MaintenanceOn);
        Assert.Null(on.Node);
        Assert.Equal(EventCause.Maintenance, on.Cause);
    }

    // ------------------------------------------------------------------ hand-made clusters

    [Fact]
    public void A_move_with_no_explanation_is_of_unknown_cause()
    {
        var events = Diff(TwoNodes("node1"), TwoNodes("node2"));

        Assert.Equal(2, events.Count);
        Assert.All(events, e => Assert.Equal((EventKind.ResourceMoved, EventCause.Unknown, "node1", "node2"), (e.Kind, e.Cause, e.From, e.To)));
        Assert.All(events, e => Assert.Null(e.DurationSeconds));
    }

    [Fact]
    public void Standby_on_the_active_node_moves_resources_for_standby()
    {
        var before = TwoNodes("node1");
        var after = TwoNodes("node2").WithNode("node1", n => n with { Standby = true });

        var events = Diff(before, after);

        Assert.Equal(EventCause.Standby, Single(events, EventKind.StandbyOn, node: "node1").Cause);
        Assert.Equal(EventCause.Standby, Single(events, EventKind.ResourceMoved, "webserver").Cause);
        Assert.Equal(EventCause.Standby, Single(events, EventKind.ResourceMoved, "virtual_ip").Cause);
    }

    [Fact]
    public void A_standby_after_an_old_recovered_failure_is_a_standby_not_that_failure()
    {
        // httpd crashed and was recovered earlier: its failed action stays on record until a cleanup
        var old = MonitorFailure("webserver", "node1");
        var before = TwoNodes("node1").WithFailure(old);
        var after = TwoNodes("node2").WithNode("node1", n => n with { Standby = true }).WithFailure(old);

        var events = Diff(before, after);

        Assert.Equal(EventCause.Standby, Single(events, EventKind.ResourceMoved, "webserver").Cause);
        Assert.Equal(EventCause.Standby, Single(events, EventKind.ResourceMoved, "virtual_ip").Cause);
    }

    [Fact]
    public void A_standby_whose_snapshot_marks_the_resource_failed_without_a_new_failure_is_a_standby()
    {
        // seen in the lab: three recovered crashes, then a standby; the snapshot of the move still marks
        // webserver failed="true", but no new failed action and no rising fail count came with it
        var old = MonitorFailure("webserver", "node1");
        var before = TwoNodes("node1").WithNode("node1", n => n with { Standby = true }).WithFailure(old);
        var after = TwoNodes("node2").WithNode("node1", n => n with { Standby = true }).WithFailure(old)
            .WithResource("webserver", r => r with { Failed = true });

        var events = Diff(before, after);

        Assert.Equal(EventCause.Standby, Single(events, EventKind.ResourceMoved, "webserver").Cause);
        Assert.Equal(EventCause.Standby, Single(events, EventKind.ResourceMoved, "virtual_ip").Cause);
    }

    [Fact]
    public void A_resource_marked_failed_with_nothing_else_to_explain_its_loss_is_a_failure()
    {
        var after = TwoNodes("node2").WithResource("webserver", r => r with { Failed = true });

        var events = Diff(TwoNodes("node1"), after);

        Assert.Equal(EventCause.ResourceFailure, Single(events, EventKind.ResourceMoved, "webserver").Cause);
    }

    [Fact]
    public void A_failure_already_on_record_still_explains_a_loss_nothing_else_explains()
    {
        // the failure was seen one snapshot before the resource was seen stopped
        var failure = MonitorFailure("webserver", "node1");
        var before = TwoNodes("node1").WithFailure(failure);
        var after = TwoNodes("node2").WithFailure(failure);

        var events = Diff(before, after);

        Assert.Equal(EventCause.ResourceFailure, Single(events, EventKind.ResourceMoved, "webserver").Cause);
    }

    [Fact]
    public void Standby_off_is_reported()
    {
        var before = TwoNodes("node2").WithNode("node1", n => n with { Standby = true });

        var events = Diff(before, TwoNodes("node2"));

        Assert.Equal(EventCause.Standby, Single(events, EventKind.StandbyOff, node: "node1").Cause);
        Assert.Single(events);
    }

    [Fact]
    public void Standby_on_fail_counts_as_a_resource_failure()
    {
        var events = Diff(TwoNodes("node1"), TwoNodes("node2").WithNode("node1", n => n with { StandbyOnFail = true }));

        Assert.Equal(EventCause.ResourceFailure, Single(events, EventKind.StandbyOn, node: "node1").Cause);
        Assert.Equal(EventCause.ResourceFailure, Single(events, EventKind.ResourceMoved, "webserver").Cause);
    }

    [Fact]
    public void A_node_still_joining_that_crm_mon_calls_standby_is_not_put_in_standby()
    {
        // a fenced node rebooting into the cluster: crm_mon 2.1 shows it online="true" standby="true" pending="true" for a
        // few polls, then a plain member; no standby on or off, and its resources are not stopped "by a standby"
        var offline = TwoNodes("node2").WithNode("node1", n => n with { Online = false, Unclean = false });
        var joining = TwoNodes("node2").WithNode("node1", n => n with { Standby = true, Pending = true });

        var events = Diff(offline, joining).Concat(Diff(joining, TwoNodes("node2"))).ToList();

        Assert.DoesNotContain(events, e => e.Kind is EventKind.StandbyOn or EventKind.StandbyOff);
        Assert.DoesNotContain(events, e => e.Cause == EventCause.Standby);
    }

    [Fact]
    public void A_new_ban_on_the_old_node_makes_a_move_an_admin_move()
    {
        var after = TwoNodes("node2").WithBan(new ResourceBan { Id = "cli-ban-webserver-on-node1", Resource = "webserver", Node = "node1", Weight = -1_000_000 });

        var events = Diff(TwoNodes("node1"), after);

        var move = Single(events, EventKind.ResourceMoved, "webserver");
        Assert.Equal(EventCause.AdminMove, move.Cause);
        Assert.Contains("cli-ban-webserver-on-node1", move.Detail);
    }

    [Fact]
    public void A_ban_on_the_group_explains_the_move_of_its_members()
    {
        static ClusterSnapshot Grouped(string node) => TwoNodes(node) with
        {
            Resources = [Primitive("virtual_ip", "ocf:heartbeat:IPaddr2", node, "web"), Primitive("webserver", "ocf:gir:webserver", node, "web")],
        };

        var events = Diff(Grouped("node1"), Grouped("node2").WithBan(new ResourceBan { Id = "cli-ban-web-on-node1", Resource = "web", Node = "node1", Weight = -1_000_000 }));

        Assert.All(events, e => Assert.Equal(EventCause.AdminMove, e.Cause));
        Assert.Equal(2, events.Count);
    }

    [Fact]
    public void Target_role_stopped_makes_a_stop_an_admin_stop()
    {
        var after = TwoNodes("node1").Place("webserver", null).WithResource("webserver", r => r with { TargetRole = "Stopped" });

        var stop = Single(Diff(TwoNodes("node1"), after), EventKind.ResourceStopped, "webserver");

        Assert.Equal((EventCause.AdminMove, "node1"), (stop.Cause, stop.From));
        Assert.Equal("target-role Stopped", stop.Detail);
    }

    [Fact]
    public void Target_role_started_again_makes_the_start_an_admin_start()
    {
        var before = TwoNodes("node1").Place("webserver", null).WithResource("webserver", r => r with { TargetRole = "Stopped" });

        var start = Single(Diff(before, TwoNodes("node1")), EventKind.ResourceStarted, "webserver");

        Assert.Equal((EventCause.AdminMove, "node1"), (start.Cause, start.To));
    }

    [Fact]
    public void A_configuration_change_explains_a_move_nothing_else_explains()
    {
        var after = TwoNodes("node2").WithSummary(s => s with { LastChange = T0, LastChangeUser = "root", LastChangeClient = "cibadmin" });

        var move = Single(Diff(TwoNodes("node1"), after), EventKind.ResourceMoved, "webserver");

        Assert.Equal(EventCause.AdminMove, move.Cause);
        Assert.Equal("configuration changed by root via cibadmin", move.Detail);
    }

    [Fact]
    public void A_failed_monitor_explains_the_move_and_the_resource_moving_with_it()
    {
        var after = TwoNodes("node2").WithFailure(MonitorFailure("webserver", "node1")).WithFailCount("node1", "webserver", 1);

        var events = Diff(TwoNodes("node1"), after);

        var web = Single(events, EventKind.ResourceMoved, "webserver");
        Assert.Equal(EventCause.ResourceFailure, web.Cause);
        Assert.Contains("httpd master process is gone", web.Detail);
        var ip = Single(events, EventKind.ResourceMoved, "virtual_ip");
        Assert.Equal(EventCause.ResourceFailure, ip.Cause);
        Assert.Contains("with webserver", ip.Detail);
        Assert.Equal("node1", Single(events, EventKind.FailedAction, "webserver").Node);
        Assert.Equal("fail count 0 -> 1, migration threshold 10", Single(events, EventKind.FailCountRising, "webserver").Detail);
    }

    [Fact]
    public void A_rising_fail_count_alone_explains_a_move()
    {
        var after = TwoNodes("node2").WithFailCount("node1", "webserver", 3);

        var events = Diff(TwoNodes("node1"), after);

        Assert.Equal(EventCause.ResourceFailure, Single(events, EventKind.ResourceMoved, "webserver").Cause);
        Assert.Equal("fail count 0 -> 3", Single(events, EventKind.FailCountRising, "webserver").Detail![..17]);
    }

    [Fact]
    public void A_failure_already_seen_is_not_reported_again_but_a_repeat_of_it_is()
    {
        var before = TwoNodes("node1").WithFailure(MonitorFailure("webserver", "node1", call: 31));

        Assert.Empty(Diff(before, TwoNodes("node1").WithFailure(MonitorFailure("webserver", "node1", call: 31))));
        Assert.Single(Diff(before, TwoNodes("node1").WithFailure(MonitorFailure("webserver", "node1", call: 44))), e => e.Kind == EventKind.FailedAction);
    }

    [Fact]
    public void A_node_going_offline_is_lost_and_coming_back_is_back()
    {
        var offline = TwoNodes("node1").WithNode("node2", n => n with { Online = false });

        var lost = Diff(TwoNodes("node1"), offline);
        var back = Diff(offline, TwoNodes("node1"));

        Assert.Equal(EventCause.NodeLoss, Single(lost, EventKind.NodeLost, node: "node2").Cause);
        Assert.Single(lost);
        Assert.Equal("node2", Single(back, EventKind.NodeBack).Node);
    }

    [Fact]
    public void An_unclean_node_says_it_awaits_fencing()
    {
        var events = Diff(TwoNodes("node1"), TwoNodes("node2").WithNode("node1", n => n with { Online = false, Unclean = true }));

        Assert.Contains("unclean", Single(events, EventKind.NodeLost).Detail);
        Assert.Equal(EventCause.NodeLoss, Single(events, EventKind.ResourceMoved, "webserver").Cause);
    }

    [Fact]
    public void Losing_and_regaining_quorum_are_reported()
    {
        var inquorate = TwoNodes("node1").WithSummary(s => s with { HasQuorum = false });

        Assert.Equal(EventCause.NodeLoss, Single(Diff(TwoNodes("node1"), inquorate), EventKind.QuorumLost).Cause);
        Single(Diff(inquorate, TwoNodes("node1")), EventKind.QuorumRegained);
    }

    [Fact]
    public void Losing_the_DC_counts_as_losing_quorum()
    {
        var noDc = TwoNodes("node1").WithSummary(s => s with { DcPresent = false, HasQuorum = null });

        Assert.Equal("no designated controller", Single(Diff(TwoNodes("node1"), noDc), EventKind.QuorumLost).Detail);
    }

    [Fact]
    public void Node_maintenance_on_and_off_are_reported_for_the_node()
    {
        var maintenance = TwoNodes("node1").WithNode("node2", n => n with { Maintenance = true });

        Assert.Equal("node2", Single(Diff(TwoNodes("node1"), maintenance), EventKind.MaintenanceOn).Node);
        Assert.Equal("node2", Single(Diff(maintenance, TwoNodes("node1")), EventKind.MaintenanceOff).Node);
    }

    [Fact]
    public void Cluster_maintenance_off_is_reported_without_a_node()
    {
        var maintenance = TwoNodes("node1").WithSummary(s => s with { MaintenanceMode = true });

        var off = Single(Diff(maintenance, TwoNodes("node1")), EventKind.MaintenanceOff);

        Assert.Null(off.Node);
    }

    [Fact]
    public void A_stop_during_maintenance_mode_is_put_down_to_maintenance()
    {
        var before = TwoNodes("node1").WithSummary(s => s with { MaintenanceMode = true });
        var after = before.Place("webserver", null);

        Assert.Equal(EventCause.Maintenance, Single(Diff(before, after), EventKind.ResourceStopped).Cause);
    }

    [Fact]
    public void A_new_fencing_action_is_reported_once()
    {
        var fenced = TwoNodes("node1") with
        {
            FenceHistory = [new FenceEvent { Target = "node2", Action = "reboot", Status = "success", Delegate = "node1", Completed = T0 }],
        };

        var e = Single(Diff(TwoNodes("node1"), fenced), EventKind.NodeFenced);

        Assert.Equal(("node2", EventCause.NodeLoss, "reboot success by node1"), (e.Node, e.Cause, e.Detail));
        Assert.Empty(Diff(fenced, fenced));
    }

    [Fact]
    public void A_resource_removed_from_the_configuration_is_an_admin_stop()
    {
        var after = TwoNodes("node1") with { Resources = [Primitive("virtual_ip", "ocf:heartbeat:IPaddr2", "node1")] };

        var stop = Single(Diff(TwoNodes("node1"), after), EventKind.ResourceStopped, "webserver");

        Assert.Equal((EventCause.AdminMove, "removed from the configuration"), (stop.Cause, stop.Detail));
    }

    [Fact]
    public void The_promoted_role_moving_is_a_move_of_its_own()
    {
        static ClusterResource Instance(string node, bool promoted) => new()
        {
            Id = "db", Agent = "ocf:pacemaker:Stateful", Role = promoted ? "Promoted" : "Unpromoted", Active = true, Nodes = [node],
            CloneId = "db-clone", InPromotableClone = true,
        };
        var before = TwoNodes("node1") with { Resources = [Instance("node1", true), Instance("node2", false)] };
        var after = TwoNodes("node1") with { Resources = [Instance("node1", false), Instance("node2", true)] };

        var move = Single(Diff(before, after), EventKind.ResourceMoved, "db");

        Assert.Equal(("node1", "node2"), (move.From, move.To));
        Assert.StartsWith("promoted role", move.Detail);
    }

    [Fact]
    public void The_same_inputs_give_the_same_events_and_ids()
    {
        var before = Fixture("pacemaker-cts/out-crm_mon.2x.xml");
        var after = Fixture("pacemaker-cts/out-after-nodefail.2x.xml");

        var first = Diff(before, after);
        var second = Diff(before, after);

        Assert.Equal(first, second);
        Assert.Equal(first.Count, first.Select(e => e.Id).Distinct().Count());
    }
}
