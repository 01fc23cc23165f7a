using GirAgent.Events;
using GirAgent.Metrics;

namespace GirAgent.Tests.Metrics;

public sealed class FailoverStatisticsTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 23, 22, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Moves_and_recoveries_count_as_failovers_by_resource_and_cause()
    {
        var stats = new FailoverStatistics();
        stats.RecordAll(
        [
            FailoverEvent.Create(T0, EventKind.ResourceStopped, EventCause.NodeLoss, EventSource.Snapshot, "webserver", from: "n1"),
            FailoverEvent.Create(T0.AddSeconds(2), EventKind.ResourceMoved, EventCause.NodeLoss, EventSource.Snapshot, "webserver", "n1", "n2", "n2", TimeSpan.FromSeconds(2)),
            FailoverEvent.Create(T0.AddSeconds(60), EventKind.ResourceRecovered, EventCause.ResourceFailure, EventSource.Alert, "webserver", "n2", "n2", "n2", TimeSpan.FromSeconds(0.34)),
            FailoverEvent.Create(T0.AddSeconds(61), EventKind.NodeLost, EventCause.NodeLoss, EventSource.Snapshot, node: "n1"),
        ]);

        var set = new MetricSet();
        stats.Collect(set);
        var samples = MetricsFixtures.Samples(set.ToString());

        Assert.Equal("1", samples["gir_failovers_total{resource=\"webserver\",cause=\"node_loss\"}"]);
        Assert.Equal("1", samples["gir_failovers_total{resource=\"webserver\",cause=\"resource_failure\"}"]);
        Assert.Equal("1", samples["gir_events_total{kind=\"node_lost\"}"]);
        Assert.Equal("0", samples["gir_events_total{kind=\"quorum_lost\"}"]);
        Assert.Equal("0.34", samples["gir_last_failover_duration_seconds"]);
        Assert.Equal((T0.AddSeconds(60).ToUnixTimeSeconds()).ToString(System.Globalization.CultureInfo.InvariantCulture), samples["gir_last_failover_timestamp_seconds"]);
    }

    [Fact]
    public void The_newest_failovers_of_the_day_are_kept_in_memory_for_the_status_report()
    {
        var stats = new FailoverStatistics();
        FailoverEvent Moved(double minutes) => FailoverEvent.Create(T0.AddMinutes(minutes), EventKind.ResourceMoved, EventCause.Standby, EventSource.Alert, "webserver", "n1", "n2");
        // out of order (an alert's time before a snapshot's), a stop among them, more than are kept
        stats.RecordAll([Moved(10), Moved(5), FailoverEvent.Create(T0.AddMinutes(11), EventKind.ResourceStopped, EventCause.Standby, EventSource.Alert, "webserver", from: "n1"),
            Moved(20), Moved(1), Moved(30), Moved(25), Moved(40)]);

        var recent = stats.Recent(T0.AddMinutes(45));

        Assert.Equal([10, 20, 25, 30, 40], recent.Select(e => (e.Time - T0).TotalMinutes));
        Assert.Equal([25, 30, 40], stats.Recent(T0.AddMinutes(24 * 60 + 22)).Select(e => (e.Time - T0).TotalMinutes)); // a day later
    }

    [Fact]
    public void A_failover_whose_loss_was_not_seen_has_NaN_duration()
    {
        var stats = new FailoverStatistics();
        stats.Record(FailoverEvent.Create(T0, EventKind.ResourceMoved, EventCause.Unknown, EventSource.Snapshot, "vip", "n1", "n2"));

        var set = new MetricSet();
        stats.Collect(set);

        Assert.Equal("NaN", MetricsFixtures.Samples(set.ToString())["gir_last_failover_duration_seconds"]);
    }

    [Fact]
    public void Before_any_failover_there_is_no_last_failover_series()
    {
        var set = new MetricSet();
        new FailoverStatistics().Collect(set);

        Assert.Null(set.Find("gir_last_failover_timestamp_seconds"));
        Assert.NotNull(set.Find("gir_failovers_total"));
    }

    [Fact]
    public void Event_names_match_the_event_log_spelling()
    {
        foreach (var kind in Enum.GetValues<EventKind>())
        {
            var json = EventStore.ToJson(FailoverEvent.Create(T0, kind, EventCause.Unknown, EventSource.Snapshot));
            Assert.Contains("\"kind\":\"" + EventNames.Kind(kind) + "\"", json);
        }

        foreach (var cause in Enum.GetValues<EventCause>())
        {
            var json = EventStore.ToJson(FailoverEvent.Create(T0, EventKind.NodeLost, cause, EventSource.Snapshot));
            Assert.Contains("\"cause\":\"" + EventNames.Cause(cause) + "\"", json);
        }
    }
}
