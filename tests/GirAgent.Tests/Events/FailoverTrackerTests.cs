using GirAgent.Events;
using GirAgent.Pacemaker;
using static GirAgent.Tests.Events.Snapshots;

namespace GirAgent.Tests.Events;

public sealed class FailoverTrackerTests
{
    private static Dictionary<string, string> ResourceAlert(string task, string resource, string node, int rc, DateTimeOffset at, int targetRc = 0) => new()
    {
        ["CRM_alert_kind"] = "resource",
        ["CRM_alert_rsc"] = resource,
        ["CRM_alert_node"] = node,
        ["CRM_alert_task"] = task,
        ["CRM_alert_rc"] = rc.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["CRM_alert_target_rc"] = targetRc.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["CRM_alert_status"] = "0",
        ["CRM_alert_desc"] = rc == 0 ? "ok" : "not running",
        ["CRM_alert_timestamp_epoch"] = at.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["CRM_alert_timestamp_usec"] = (at.Ticks % TimeSpan.TicksPerSecond / 10).ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    private static PacemakerAlert Alert(Dictionary<string, string> env) => PacemakerAlert.FromEnvironment(env);

    /// <summary>Pacemaker's node-lost alert for NODE at AT (whole seconds, as without CRM_alert_timestamp_usec).</summary>
    private static Dictionary<string, string> NodeLost(string node, DateTimeOffset at) => new()
    {
        ["CRM_alert_kind"] = "node", ["CRM_alert_node"] = node, ["CRM_alert_desc"] = "lost",
        ["CRM_alert_timestamp_epoch"] = at.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    [Fact]
    public void The_first_snapshot_is_a_baseline()
    {
        var tracker = new FailoverTracker();

        Assert.Empty(tracker.Observe(TwoNodes("node1"), T0));
        Assert.Same(tracker.Last, tracker.Last);
    }

    [Fact]
    public void A_stop_in_one_snapshot_and_a_start_elsewhere_later_is_one_move_timed_from_the_stop()
    {
        // Arrange
        var tracker = new FailoverTracker();
        tracker.Observe(TwoNodes("node1"), T0);
        var down = TwoNodes("node1").Place("webserver", null).WithNode("node1", n => n with { Online = true, Standby = true });

        // Act
        var first = tracker.Observe(down, T0.AddSeconds(5));
        var middle = tracker.Observe(down, T0.AddSeconds(10));
        var last = tracker.Observe(TwoNodes("node2").WithNode("node1", n => n with { Standby = true }), T0.AddSeconds(15.5));

        // Assert
        Assert.Equal(EventCause.Standby, Single(first, EventKind.ResourceStopped, "webserver").Cause);
        Assert.Empty(middle);
        var move = Single(last, EventKind.ResourceMoved, "webserver");
        Assert.Equal(("node1", "node2", EventCause.Standby), (move.From, move.To, move.Cause));
        // the stop happened in (0, 5] s, the start in (10, 15.5]: told at the middles, with that doubt
        Assert.Equal((10.25, 5.25), (move.DurationSeconds, move.UncertaintySeconds));
        Assert.Equal(T0.AddSeconds(15.5), move.Time);
        var ip = Single(last, EventKind.ResourceMoved, "virtual_ip");
        // the VIP's stop and start both in the last 5.5 s, with no alert and no record: at most that, told as its middle
        Assert.Equal((2.75, 2.75), (ip.DurationSeconds, ip.UncertaintySeconds));
        Assert.Contains("bound by the polls", ip.Detail);
        Assert.Empty(tracker.PendingLosses);
    }

    [Fact]
    public void An_alerts_bare_stop_takes_the_cause_the_next_snapshot_gives_and_the_move_keeps_it()
    {
        var tracker = new FailoverTracker();
        tracker.Observe(TwoNodes("node1"), T0);

        // Pacemaker's alert of the stop arrives before the daemon's next crm_mon (which shows the standby)
        tracker.ObserveAlert(Alert(ResourceAlert("stop", "virtual_ip", "node1", 0, T0.AddSeconds(1))), T0.AddSeconds(1));
        tracker.Observe(TwoNodes("node1").Place("virtual_ip", null).WithNode("node1", n => n with { Standby = true }), T0.AddSeconds(1.2));
        var last = tracker.Observe(TwoNodes("node2").WithNode("node1", n => n with { Standby = true }), T0.AddSeconds(2));

        var move = Single(last, EventKind.ResourceMoved, "virtual_ip");
        Assert.Equal(("node1", "node2", EventCause.Standby), (move.From, move.To, move.Cause));
    }

    [Fact]
    public void A_loss_recovered_between_two_looks_does_not_lend_its_cause_to_a_later_standby()
    {
        var tracker = new FailoverTracker();
        tracker.Observe(TwoNodes("node1"), T0);
        // the alert of a failed monitor's stop arrives; its start is never seen (alert lost, snapshots too slow)
        tracker.ObserveAlert(Alert(ResourceAlert("monitor", "webserver", "node1", 7, T0.AddSeconds(1))), T0.AddSeconds(1));
        tracker.ObserveAlert(Alert(ResourceAlert("stop", "webserver", "node1", 0, T0.AddSeconds(1.1))), T0.AddSeconds(1.1));
        tracker.Observe(TwoNodes("node1"), T0.AddSeconds(5)); // running on node1 again
        Assert.Empty(tracker.PendingLosses);

        // later the node goes to standby: the stop is the standby's, not the old failure's
        var stop = tracker.ObserveAlert(Alert(ResourceAlert("stop", "webserver", "node1", 0, T0.AddSeconds(20))), T0.AddSeconds(20));
        var next = tracker.Observe(TwoNodes("node2").WithNode("node1", n => n with { Standby = true }), T0.AddSeconds(21));

        Assert.Empty(stop);
        Assert.Equal(EventCause.Standby, Single(next, EventKind.ResourceStopped, "webserver").Cause);
        Assert.Equal(EventCause.Standby, Single(next, EventKind.ResourceMoved, "webserver").Cause);
    }

    [Fact]
    public void An_alerts_stop_that_comes_before_the_snapshot_showing_the_standby_is_told_once_as_the_standbys_at_the_alerts_time()
    {
        var tracker = new FailoverTracker();
        tracker.Observe(TwoNodes("node1"), T0);

        var alert = tracker.ObserveAlert(Alert(ResourceAlert("stop", "webserver", "node1", 0, T0.AddSeconds(1.01))), T0.AddSeconds(1.02));
        var snapshot = tracker.Observe(TwoNodes("node1").Place("webserver", null).WithNode("node1", n => n with { Standby = true }), T0.AddSeconds(1.3));

        Assert.Empty(alert);
        var stop = Single(snapshot, EventKind.ResourceStopped, "webserver");
        Assert.Equal((EventCause.Standby, EventSource.Alert, T0.AddSeconds(1.01)), (stop.Cause, stop.Source, stop.Time));
        Assert.Contains(snapshot, e => e.Kind == EventKind.StandbyOn);
        var move = Single(tracker.Observe(TwoNodes("node2").WithNode("node1", n => n with { Standby = true }), T0.AddSeconds(2.01)), EventKind.ResourceMoved, "webserver");
        // the stop exact (its alert), the start somewhere in (1.3, 2.01] s
        Assert.Equal((EventCause.Standby, 0.645, 0.355), (move.Cause, move.DurationSeconds, move.UncertaintySeconds));
    }

    [Fact]
    public void An_alerts_stop_held_for_a_snapshot_is_told_as_unknown_when_none_comes()
    {
        var tracker = new FailoverTracker();
        tracker.Observe(TwoNodes("node1"), T0);
        tracker.ObserveAlert(Alert(ResourceAlert("stop", "webserver", "node1", 0, T0.AddSeconds(1))), T0.AddSeconds(1));

        // crm_mon fails: the poller asks on each round; the stop waits its hold, then is told as it is
        Assert.Empty(tracker.Release(T0.AddSeconds(2)));
        var stop = Assert.Single(tracker.Release(T0.AddSeconds(1) + FailoverTracker.HoldLimit));
        Assert.Equal((EventKind.ResourceStopped, EventCause.Unknown, "node1"), (stop.Kind, stop.Cause, stop.From));
        Assert.Empty(tracker.Release(T0.AddSeconds(60)));
    }

    [Fact]
    public void A_move_whose_loss_a_snapshot_saw_long_after_it_began_is_told_with_that_doubt()
    {
        // the node taking over: its snapshots (5 s apart) see the stop late; its own start comes by alert
        var tracker = new FailoverTracker();
        tracker.Observe(TwoNodes("node1"), T0);
        tracker.Observe(TwoNodes("node1").Place("webserver", null).WithNode("node1", n => n with { Standby = true }), T0.AddSeconds(5));

        var start = tracker.ObserveAlert(Alert(ResourceAlert("start", "webserver", "node2", 0, T0.AddSeconds(5.1))), T0.AddSeconds(5.1));

        var move = Single(start, EventKind.ResourceMoved, "webserver");
        Assert.Equal(("node1", "node2", EventCause.Standby), (move.From, move.To, move.Cause));
        // not 0.1 s: the stop may have been up to 5 s earlier; whenever it was, the true outage is within 2.6 ± 2.5 s
        Assert.Equal((2.6, 2.5), (move.DurationSeconds, move.UncertaintySeconds));
        Assert.EndsWith("in 2.6s ±2.5s: node node1 in standby", move.Summary());
    }

    [Theory]
    [InlineData(1.5, 0.75)] // the stop ended in the gap before the snapshot: timed from the alert
    [InlineData(2.03, 0.25)] // the snapshot showed the stop in progress, the alert of its end came just after
    public void An_alerts_stop_that_comes_after_the_snapshot_showing_it_gives_the_move_its_exact_start(double stopAt, double expected)
    {
        var tracker = new FailoverTracker();
        tracker.Observe(TwoNodes("node1"), T0);
        var stopped = tracker.Observe(TwoNodes("node1").Place("virtual_ip", null).WithNode("node1", n => n with { Standby = true }), T0.AddSeconds(2));

        var alert = tracker.ObserveAlert(Alert(ResourceAlert("stop", "virtual_ip", "node1", 0, T0.AddSeconds(stopAt))), T0.AddSeconds(2.1));
        var moved = tracker.Observe(TwoNodes("node2").Place("webserver", "node1").WithNode("node1", n => n with { Standby = true }), T0.AddSeconds(2.5));

        Assert.Equal(EventCause.Standby, Single(stopped, EventKind.ResourceStopped, "virtual_ip").Cause);
        Assert.Empty(alert); // the same stop, already told
        // the loss exact; the start only a snapshot saw, somewhere in (2, 2.5] s
        var move = Single(moved, EventKind.ResourceMoved, "virtual_ip");
        Assert.Equal((expected, 0.25), (move.DurationSeconds, move.UncertaintySeconds));
    }

    [Fact]
    public void A_resource_that_stops_a_moment_after_another_left_the_node_for_a_reason_went_with_it()
    {
        // pcs resource ban webserver: webserver stops first, the colocated virtual IP after it, each by alert
        var tracker = new FailoverTracker();
        tracker.Observe(TwoNodes("node1"), T0);
        var ban = new ResourceBan { Id = "cli-ban-webserver-on-node1", Resource = "webserver", Node = "node1", Weight = -1_000_000 };
        tracker.ObserveAlert(Alert(ResourceAlert("stop", "webserver", "node1", 0, T0.AddSeconds(1))), T0.AddSeconds(1));
        var webserver = tracker.Observe(TwoNodes("node1").Place("webserver", null).WithBan(ban), T0.AddSeconds(1.2));

        var ip = tracker.ObserveAlert(Alert(ResourceAlert("stop", "virtual_ip", "node1", 0, T0.AddSeconds(1.3))), T0.AddSeconds(1.3));
        var moved = tracker.Observe(TwoNodes("node2").WithBan(ban), T0.AddSeconds(2.4));

        Assert.Equal(EventCause.AdminMove, Single(webserver, EventKind.ResourceStopped, "webserver").Cause);
        var ipStop = Single(ip, EventKind.ResourceStopped, "virtual_ip");
        Assert.Equal((EventCause.AdminMove, "with webserver"), (ipStop.Cause, ipStop.Detail));
        Assert.All(moved.Where(e => e.Kind == EventKind.ResourceMoved), e => Assert.Equal(EventCause.AdminMove, e.Cause));
        Assert.Equal(2, moved.Count(e => e.Kind == EventKind.ResourceMoved));
    }

    [Fact]
    public void A_stop_long_after_another_resources_loss_does_not_take_its_cause()
    {
        var tracker = new FailoverTracker();
        tracker.Observe(TwoNodes("node1"), T0);
        tracker.Observe(TwoNodes("node1").Place("webserver", null).WithFailure(MonitorFailure("webserver", "node1")), T0.AddSeconds(1));

        var ip = tracker.Observe(TwoNodes("node1").Place("webserver", null).Place("virtual_ip", null).WithFailure(MonitorFailure("webserver", "node1")), T0.AddSeconds(60));

        Assert.Equal(EventCause.Unknown, Single(ip, EventKind.ResourceStopped, "virtual_ip").Cause);
    }

    [Fact]
    public void An_alerts_held_stop_is_told_before_the_start_that_follows_it()
    {
        var tracker = new FailoverTracker();
        tracker.Observe(TwoNodes("node1"), T0);
        tracker.ObserveAlert(Alert(ResourceAlert("stop", "webserver", "node1", 0, T0.AddSeconds(1))), T0.AddSeconds(1));

        var start = tracker.ObserveAlert(Alert(ResourceAlert("start", "webserver", "node1", 0, T0.AddSeconds(1.5))), T0.AddSeconds(1.5));

        Assert.Equal([EventKind.ResourceStopped, EventKind.ResourceRecovered], start.Select(e => e.Kind));
        Assert.Equal(0.5, start[1].DurationSeconds);
    }

    [Fact]
    public void An_alerts_stop_on_a_node_the_last_snapshot_shows_in_standby_is_the_standbys()
    {
        var tracker = new FailoverTracker();
        tracker.Observe(TwoNodes("node1"), T0);
        tracker.Observe(TwoNodes("node1").WithNode("node1", n => n with { Standby = true }), T0.AddSeconds(1));

        var stop = tracker.ObserveAlert(Alert(ResourceAlert("stop", "virtual_ip", "node1", 0, T0.AddSeconds(1.1))), T0.AddSeconds(1.1));

        var e = Single(stop, EventKind.ResourceStopped, "virtual_ip");
        Assert.Equal((EventCause.Standby, "node node1 in standby"), (e.Cause, e.Detail));
    }

    [Fact]
    public void The_node_taking_over_tells_the_move_even_when_its_own_start_alert_came_first()
    {
        // node2's daemon: Pacemaker's alert of its own start arrives before its crm_mon shows the standby of node1
        var tracker = new FailoverTracker();
        tracker.Observe(TwoNodes("node1"), T0);
        var start = tracker.ObserveAlert(Alert(ResourceAlert("start", "webserver", "node2", 0, T0.AddSeconds(1))), T0.AddSeconds(1));
        var moved = tracker.Observe(TwoNodes("node2").WithNode("node1", n => n with { Standby = true }), T0.AddSeconds(2));

        // the bare start waits for the snapshot, which tells where from and why: one event, at the alert's time
        Assert.Empty(start);
        Assert.DoesNotContain(moved, e => e.Kind == EventKind.ResourceStarted);
        var move = Single(moved, EventKind.ResourceMoved, "webserver");
        Assert.Equal(("node1", "node2", EventCause.Standby, T0.AddSeconds(1)), (move.From, move.To, move.Cause, move.Time));
        // a move already told by one source is not told again by the other
        tracker.ObserveAlert(Alert(ResourceAlert("stop", "webserver", "node2", 0, T0.AddSeconds(3))), T0.AddSeconds(3));
        var back = tracker.ObserveAlert(Alert(ResourceAlert("start", "webserver", "node1", 0, T0.AddSeconds(4))), T0.AddSeconds(4));
        Assert.Single(back, e => e.Kind == EventKind.ResourceMoved);
        Assert.DoesNotContain(tracker.Observe(TwoNodes("node1"), T0.AddSeconds(5)), e => e.Kind == EventKind.ResourceMoved && e.Resource == "webserver");
    }

    [Fact]
    public void A_stop_then_a_start_on_the_same_node_is_a_recovery()
    {
        var tracker = new FailoverTracker();
        tracker.Observe(TwoNodes("node1"), T0.AddSeconds(1.9));
        var failed = TwoNodes("node1").Place("webserver", null).WithFailure(MonitorFailure("webserver", "node1"));
        tracker.Observe(failed, T0.AddSeconds(2));

        var events = tracker.Observe(TwoNodes("node1").WithFailure(MonitorFailure("webserver", "node1")), T0.AddSeconds(3));

        var recovered = Single(events, EventKind.ResourceRecovered, "webserver");
        Assert.Equal(("node1", "node1", EventCause.ResourceFailure, 0.55, 0.55),
            (recovered.From, recovered.To, recovered.Cause, recovered.DurationSeconds, recovered.UncertaintySeconds));
        Assert.True(recovered.IsFailover);
    }

    [Fact]
    public void A_resource_that_stays_down_stays_pending()
    {
        var tracker = new FailoverTracker();
        tracker.Observe(TwoNodes("node1"), T0);

        tracker.Observe(TwoNodes("node1").Place("webserver", null), T0.AddSeconds(5));

        var pending = Assert.Single(tracker.PendingLosses);
        Assert.Equal(("webserver", "node1", T0.AddSeconds(5)), (pending.Key, pending.Value.From, pending.Value.Since));
    }

    [Fact]
    public void Alerts_give_exact_times_from_the_failure_to_the_start_elsewhere()
    {
        // Arrange: a baseline, then Pacemaker's own alerts for a failed monitor, the stop and the start elsewhere.
        var tracker = new FailoverTracker();
        tracker.Observe(TwoNodes("node1"), T0);
        var failedAt = T0.AddSeconds(1.25);
        var startedAt = T0.AddSeconds(1.59);

        // Act
        var failure = tracker.ObserveAlert(Alert(ResourceAlert("monitor", "webserver", "node1", 7, failedAt)), T0.AddSeconds(9));
        var stop = tracker.ObserveAlert(Alert(ResourceAlert("stop", "webserver", "node1", 0, failedAt.AddSeconds(0.1))), T0.AddSeconds(9));
        var start = tracker.ObserveAlert(Alert(ResourceAlert("start", "webserver", "node2", 0, startedAt)), T0.AddSeconds(9));
        var later = tracker.Observe(TwoNodes("node1").Place("webserver", "node2").WithFailure(MonitorFailure("webserver", "node1")), T0.AddSeconds(5));

        // Assert
        var failed = Single(failure, EventKind.FailedAction, "webserver");
        Assert.Equal((failedAt, EventSource.Alert, "node1"), (failed.Time, failed.Source, failed.Node));
        var stopped = Single(stop, EventKind.ResourceStopped, "webserver");
        Assert.Equal(EventCause.ResourceFailure, stopped.Cause);
        var move = Single(start, EventKind.ResourceMoved, "webserver");
        Assert.Equal(("node1", "node2", EventCause.ResourceFailure), (move.From, move.To, move.Cause));
        Assert.Equal(0.34, move.DurationSeconds);
        Assert.Equal(startedAt, move.Time);
        Assert.DoesNotContain(later, e => e.Resource == "webserver" && e.Kind is EventKind.ResourceMoved or EventKind.FailedAction or EventKind.ResourceStarted);
    }

    [Fact]
    public void A_node_loss_alert_opens_losses_for_what_ran_there()
    {
        var tracker = new FailoverTracker();
        tracker.Observe(TwoNodes("node1"), T0);
        var node = NodeLost("node1", T0.AddSeconds(1));

        var lost = tracker.ObserveAlert(Alert(node), T0.AddSeconds(30));
        var start = tracker.ObserveAlert(Alert(ResourceAlert("start", "virtual_ip", "node2", 0, T0.AddSeconds(3.5))), T0.AddSeconds(30));

        Assert.Equal(EventCause.NodeLoss, Single(lost, EventKind.NodeLost, node: "node1").Cause);
        var move = Single(start, EventKind.ResourceMoved, "virtual_ip");
        Assert.Equal(("node1", "node2", EventCause.NodeLoss, 2.5), (move.From, move.To, move.Cause, move.DurationSeconds));
        Assert.Contains(tracker.PendingLosses, p => p.Key == "webserver");
    }

    [Fact]
    public void A_node_loss_outage_counts_from_the_nodes_last_contact_not_from_the_verdict()
    {
        // Corosync (token 1000 + consensus 1200) declared node1 lost at T0+1 s: it went silent at T0-1.2 s
        var tracker = new FailoverTracker { NodeLossDetection = TimeSpan.FromMilliseconds(2200) };
        tracker.Observe(TwoNodes("node1"), T0.AddSeconds(-3));
        var node = NodeLost("node1", T0.AddSeconds(1));

        tracker.ObserveAlert(Alert(node), T0.AddSeconds(30));
        var start = tracker.ObserveAlert(Alert(ResourceAlert("start", "virtual_ip", "node2", 0, T0.AddSeconds(1.6))), T0.AddSeconds(30));

        var move = Single(start, EventKind.ResourceMoved, "virtual_ip");
        Assert.Equal((2.8, 2.2), (move.DurationSeconds, move.DetectionSeconds)); // 0.6 s of moving after 2.2 s of not knowing
        Assert.Equal("virtual_ip node1 -> node2 in 2.8s (2.2s of it before the cluster knew): node node1 lost", move.Summary());
    }

    [Fact]
    public void A_lost_node_that_comes_back_still_running_it_claims_no_outage()
    {
        // a split seen from node2: node1 lost (its link, not the node), the VIP's start here refused, node1 back with it
        var tracker = new FailoverTracker { NodeLossDetection = TimeSpan.FromMilliseconds(2200) };
        tracker.Observe(TwoNodes("node1"), T0);
        var node = NodeLost("node1", T0.AddSeconds(1));
        tracker.ObserveAlert(Alert(node), T0.AddSeconds(1));
        tracker.ObserveAlert(Alert(ResourceAlert("start", "virtual_ip", "node2", 1, T0.AddSeconds(1.1))), T0.AddSeconds(1.1));
        tracker.Observe(TwoNodes(null), T0.AddSeconds(2));

        var back = tracker.Observe(TwoNodes("node1"), T0.AddSeconds(40));

        var recovered = Single(back, EventKind.ResourceRecovered, "virtual_ip");
        Assert.Null(recovered.DurationSeconds);
        Assert.Contains("came back still running it", recovered.Detail);
        Assert.DoesNotContain(back, e => e.Kind == EventKind.ResourceMoved && e.Resource == "virtual_ip");
    }

    /// <summary>Pacemaker's fencing alert: NODE rebooted (rc 0) at AT.</summary>
    private static Dictionary<string, string> Fenced(string node, DateTimeOffset at) => new()
    {
        ["CRM_alert_kind"] = "fencing", ["CRM_alert_node"] = node, ["CRM_alert_task"] = "reboot", ["CRM_alert_rc"] = "0",
        ["CRM_alert_desc"] = $"Operation reboot of {node} by node2 for pacemaker-controld.55: OK",
        ["CRM_alert_timestamp_epoch"] = at.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_killed_masters_workers_serving_on_move_the_outage_start_to_when_the_listener_refused(bool heardBeforeTheAlert)
    {
        // master killed at 0.1 s, the failure reported at once (alert 0.1 s); its workers served until 0.5 s; serving again at 0.9 s
        var tracker = new FailoverTracker();
        tracker.Observe(TwoNodes("node1"), T0);
        if (heardBeforeTheAlert) tracker.ServedUntil("webserver", T0.AddSeconds(0.5));
        tracker.ObserveAlert(Alert(ResourceAlert("monitor", "webserver", "node1", 1, T0.AddSeconds(0.1))), T0.AddSeconds(0.1));
        if (!heardBeforeTheAlert) tracker.ServedUntil("webserver", T0.AddSeconds(0.5));
        tracker.ObserveAlert(Alert(ResourceAlert("stop", "webserver", "node1", 0, T0.AddSeconds(0.6))), T0.AddSeconds(0.6));

        var start = tracker.ObserveAlert(Alert(ResourceAlert("start", "webserver", "node1", 0, T0.AddSeconds(0.9))), T0.AddSeconds(0.9));

        Assert.Equal(0.4, Single(start, EventKind.ResourceRecovered, "webserver").DurationSeconds);
    }

    [Fact]
    public void A_listener_heard_long_after_the_failure_does_not_move_it()
    {
        var tracker = new FailoverTracker();
        tracker.Observe(TwoNodes("node1"), T0);
        tracker.ObserveAlert(Alert(ResourceAlert("monitor", "webserver", "node1", 1, T0.AddSeconds(0.1))), T0.AddSeconds(0.1));
        tracker.ServedUntil("webserver", T0.AddSeconds(30));

        var start = tracker.ObserveAlert(Alert(ResourceAlert("start", "webserver", "node1", 0, T0.AddSeconds(31))), T0.AddSeconds(31));

        Assert.Equal(30.9, Single(start, EventKind.ResourceRecovered, "webserver").DurationSeconds);
    }

    [Fact]
    public void A_node_loss_move_tells_how_much_of_its_outage_was_the_fence()
    {
        // node1 crashed at 0.8 s (last contact), verdict at 3 s, fenced (delay, off, on) until 13 s, VIP started at 13.2 s
        var tracker = new FailoverTracker { NodeLossDetection = TimeSpan.FromMilliseconds(2200) };
        tracker.Observe(TwoNodes("node1"), T0);
        tracker.ObserveAlert(Alert(NodeLost("node1", T0.AddSeconds(3))), T0.AddSeconds(3));
        tracker.ObserveAlert(Alert(Fenced("node1", T0.AddSeconds(13))), T0.AddSeconds(13));

        var start = tracker.ObserveAlert(Alert(ResourceAlert("start", "virtual_ip", "node2", 0, T0.AddSeconds(13.2))), T0.AddSeconds(13.2));

        var move = Single(start, EventKind.ResourceMoved, "virtual_ip");
        Assert.Equal((12.4, 2.2, 10.0), (move.DurationSeconds, move.DetectionSeconds, move.FenceSeconds));
        Assert.Contains("(2.2s of it before the cluster knew, 10s fencing)", move.Summary());
    }

    [Fact]
    public void A_node_back_from_its_fence_with_the_resource_restarted_it_and_claims_an_outage()
    {
        // node1 lost and rebooted by its fence; the resource (a fence device that may run there) is seen started on it
        // again by a snapshot alone: a restart after the fence, not a split it served through
        var tracker = new FailoverTracker { NodeLossDetection = TimeSpan.FromMilliseconds(2200) };
        tracker.Observe(TwoNodes("node1"), T0);
        tracker.ObserveAlert(Alert(NodeLost("node1", T0.AddSeconds(1))), T0.AddSeconds(1));
        tracker.Observe(TwoNodes(null), T0.AddSeconds(2));
        tracker.ObserveAlert(Alert(Fenced("node1", T0.AddSeconds(9))), T0.AddSeconds(9));

        var back = tracker.Observe(TwoNodes("node1"), T0.AddSeconds(20));

        var recovered = Single(back, EventKind.ResourceRecovered, "virtual_ip");
        Assert.NotNull(recovered.DurationSeconds);
        Assert.DoesNotContain("came back still running it", recovered.Detail ?? "");
    }

    [Fact]
    public void The_node_taking_over_times_a_move_from_the_stops_record_in_the_cib_and_its_own_start_alert()
    {
        // standby of node1 seen from node2: its snapshots are 5 s apart and show the stop and the start at once; the CIB
        // says the stop began to run in second :03 (last-rc-change) and ran 200 ms; node2's own start came by alert at 3.7 s
        var tracker = new FailoverTracker();
        tracker.Observe(TwoNodes("node1"), T0);
        tracker.ObserveAlert(Alert(ResourceAlert("start", "webserver", "node2", 0, T0.AddSeconds(3.7))), T0.AddSeconds(3.7));
        var after = TwoNodes("node2").WithNode("node1", n => n with { Standby = true }).WithOperation("node1", "webserver",
            new OperationRecord { Task = "stop", Call = 40, ExitCode = 0, LastRcChange = T0.AddSeconds(3), ExecMs = 200 });

        var moved = tracker.Observe(after, T0.AddSeconds(5));

        var move = Single(moved, EventKind.ResourceMoved, "webserver");
        Assert.Equal(("node1", "node2", EventCause.Standby, T0.AddSeconds(3.7)), (move.From, move.To, move.Cause, move.Time));
        // the stop began in [3.0, 4.0) s and before the start at 3.7 s: at the middle of [3.0, 3.7], the start exact
        Assert.Equal((0.35, 0.35), (move.DurationSeconds, move.UncertaintySeconds));
    }

    [Fact]
    public void A_start_seen_only_in_a_snapshot_serves_from_its_records_beginning_plus_its_run()
    {
        // seen from node1, which went to standby: its own stop came by alert at 0.5 s; node2's start is in the next
        // snapshot (1.5 s) with its record: it began in second :00 (last-rc-change) and ran 600 ms, so it served from
        // [0.6, 1.6) s, not from [0, 1) s (last-rc-change is when an operation began, not when it ended)
        var tracker = new FailoverTracker();
        tracker.Observe(TwoNodes("node1"), T0);
        tracker.ObserveAlert(Alert(ResourceAlert("stop", "webserver", "node1", 0, T0.AddSeconds(0.5))), T0.AddSeconds(0.5));
        var after = TwoNodes("node2").WithNode("node1", n => n with { Standby = true }).WithOperation("node2", "webserver",
            new OperationRecord { Task = "start", Call = 41, ExitCode = 0, LastRcChange = T0, ExecMs = 600 });

        var move = Single(tracker.Observe(after, T0.AddSeconds(1.5)), EventKind.ResourceMoved, "webserver");

        // served at the middle of [0.6, 1.5]: 1.05 s, 0.55 s after the stop
        Assert.Equal((0.55, 0.45), (move.DurationSeconds, move.UncertaintySeconds));
    }

    [Fact]
    public void A_stop_record_that_does_not_fit_the_snapshots_window_is_not_used()
    {
        // an old stop (a minute before the snapshot before): it is not this move's; the move's outage is only bound by the polls
        var tracker = new FailoverTracker();
        tracker.Observe(TwoNodes("node1"), T0);
        var after = TwoNodes("node2").WithNode("node1", n => n with { Standby = true }).WithOperation("node1", "webserver",
            new OperationRecord { Task = "stop", Call = 12, ExitCode = 0, LastRcChange = T0.AddSeconds(-60), ExecMs = 200 });

        var move = Single(tracker.Observe(after, T0.AddSeconds(5)), EventKind.ResourceMoved, "webserver");

        Assert.Equal((2.5, 2.5), (move.DurationSeconds, move.UncertaintySeconds));
        Assert.Contains("at most 5.0 s", move.Detail);
    }

    [Fact]
    public void A_node_loss_first_seen_by_a_snapshot_is_timed_by_the_node_lost_alert_that_follows()
    {
        var tracker = new FailoverTracker { NodeLossDetection = TimeSpan.FromMilliseconds(2200) };
        tracker.Observe(TwoNodes("node1"), T0);
        // the poll at 5 s shows node1 offline before the node-lost alert (Pacemaker's verdict at 3 s) is read
        var gone = TwoNodes(null).WithNode("node1", n => n with { Online = false });
        tracker.Observe(gone, T0.AddSeconds(5));
        var node = NodeLost("node1", T0.AddSeconds(3));
        tracker.ObserveAlert(Alert(node), T0.AddSeconds(5.1));

        var start = tracker.ObserveAlert(Alert(ResourceAlert("start", "virtual_ip", "node2", 0, T0.AddSeconds(3.5))), T0.AddSeconds(5.2));

        var move = Single(start, EventKind.ResourceMoved, "virtual_ip");
        // from the last contact (3 - 2.2 s) to the start: exact, not the 5 s window of the snapshots
        Assert.Equal((2.7, null, 2.2), (move.DurationSeconds, move.UncertaintySeconds, move.DetectionSeconds));
    }

    [Fact]
    public void A_snapshot_that_still_shows_the_lost_nodes_resources_does_not_end_the_loss()
    {
        // the node-lost alert comes, and the poll it wakes still shows webserver started on node1 (Pacemaker has not
        // written the lost node's state yet); the loss is not "recovered between looks", and the move is timed from the
        // node's last contact
        var tracker = new FailoverTracker { NodeLossDetection = TimeSpan.FromMilliseconds(2200) };
        tracker.Observe(TwoNodes("node1"), T0);
        var node = NodeLost("node1", T0.AddSeconds(3));
        tracker.ObserveAlert(Alert(node), T0.AddSeconds(3.02));
        tracker.Observe(TwoNodes("node1").WithNode("node1", n => n with { Online = false }), T0.AddSeconds(3.1));

        var start = tracker.ObserveAlert(Alert(ResourceAlert("start", "webserver", "node2", 0, T0.AddSeconds(3.4))), T0.AddSeconds(3.4));

        var move = Single(start, EventKind.ResourceMoved, "webserver");
        Assert.Equal((2.6, null, 2.2), (move.DurationSeconds, move.UncertaintySeconds, move.DetectionSeconds));
    }

    [Fact]
    public void A_failure_outage_has_no_detection_part()
    {
        var tracker = new FailoverTracker { NodeLossDetection = TimeSpan.FromMilliseconds(2200) };
        tracker.Observe(TwoNodes("node1"), T0);

        tracker.ObserveAlert(Alert(ResourceAlert("stop", "webserver", "node1", 0, T0.AddSeconds(1))), T0.AddSeconds(30));
        var start = tracker.ObserveAlert(Alert(ResourceAlert("start", "webserver", "node2", 0, T0.AddSeconds(1.5))), T0.AddSeconds(30));

        var moves = start.Where(e => e.Kind == EventKind.ResourceMoved).ToList();
        Assert.Null(Assert.Single(moves).DetectionSeconds);
    }

    [Fact]
    public void A_successful_fencing_alert_is_a_fenced_node()
    {
        var tracker = new FailoverTracker();
        var env = new Dictionary<string, string>
        {
            ["CRM_alert_kind"] = "fencing", ["CRM_alert_node"] = "node2", ["CRM_alert_task"] = "reboot", ["CRM_alert_rc"] = "0",
            ["CRM_alert_desc"] = "Operation reboot of node2 by node1 for pacemaker-controld.55: OK",
        };

        var e = Assert.Single(tracker.ObserveAlert(Alert(env), T0));

        Assert.Equal((EventKind.NodeFenced, "node2", T0), (e.Kind, e.Node, e.Time));
        Assert.StartsWith("reboot succeeded", e.Detail);
    }

    [Fact]
    public void Degraded_and_successful_monitor_alerts_are_told_apart()
    {
        var tracker = new FailoverTracker();

        var degraded = tracker.ObserveAlert(Alert(ResourceAlert("monitor", "webserver", "node1", 190, T0)), T0);
        var ok = tracker.ObserveAlert(Alert(ResourceAlert("monitor", "webserver", "node1", 0, T0)), T0);
        var notRunningProbe = tracker.ObserveAlert(Alert(ResourceAlert("monitor", "webserver", "node2", 7, T0, targetRc: 7)), T0);

        Assert.Equal(EventKind.ResourceDegraded, Assert.Single(degraded).Kind);
        Assert.Empty(ok);
        Assert.Empty(notRunningProbe);
        Assert.Empty(tracker.PendingLosses);
    }

    [Fact]
    public void Cancelled_operations_and_attribute_alerts_make_no_events()
    {
        var tracker = new FailoverTracker();
        var cancelled = ResourceAlert("monitor", "webserver", "node1", 1, T0);
        cancelled["CRM_alert_status"] = "1";
        var attribute = new Dictionary<string, string> { ["CRM_alert_kind"] = "attribute", ["CRM_alert_attribute_name"] = "pingd", ["CRM_alert_attribute_value"] = "0" };

        Assert.Empty(tracker.ObserveAlert(Alert(cancelled), T0));
        Assert.Empty(tracker.ObserveAlert(Alert(attribute), T0));
    }

    [Fact]
    public void A_resource_flapping_between_snapshots_is_reported_every_time()
    {
        var tracker = new FailoverTracker();
        tracker.Observe(TwoNodes("node1"), T0);

        var a = tracker.Observe(TwoNodes("node2"), T0.AddSeconds(5));
        var b = tracker.Observe(TwoNodes("node1"), T0.AddSeconds(10));
        var c = tracker.Observe(TwoNodes("node2"), T0.AddSeconds(15));

        Assert.All(new[] { a, b, c }, events => Single(events, EventKind.ResourceMoved, "webserver"));
    }

    private static FailoverEvent Single(IEnumerable<FailoverEvent> events, EventKind kind, string? resource = null, string? node = null) =>
        Assert.Single(events, e => e.Kind == kind && (resource is null || e.Resource == resource) && (node is null || e.Node == node));
}
