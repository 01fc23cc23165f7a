using GirAgent.Events;
using GirAgent.Status;
using GirAgent.Tests.TestSupport;

namespace GirAgent.Tests.Status;

/// <summary>Where giragent status gets a report and recent failovers when it does not collect them itself.</summary>
public sealed class StatusSourcesTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void No_daemon_and_no_log_is_nothing_to_add_not_a_failure()
    {
        Assert.Null(StatusSources.FromDaemon("/nonexistent/giragent.sock", TimeSpan.FromSeconds(1)));
        Assert.Null(StatusSources.RecentFromLog("/nonexistent/events.jsonl", Now));
    }

    [Fact]
    public void Recent_failovers_come_from_the_log_within_the_recent_window()
    {
        using var dir = new TempDirectory();
        var path = Path.Combine(dir.Path, "events.jsonl");
        var store = new EventStore(path);
        store.Append(FailoverEvent.Create(Now - RecentFailovers.Window - TimeSpan.FromHours(1), EventKind.ResourceMoved, EventCause.NodeLoss,
            EventSource.Alert, resource: "webserver", from: "n2", to: "n1", duration: TimeSpan.FromSeconds(3)));
        store.Append(FailoverEvent.Create(Now - TimeSpan.FromMinutes(5), EventKind.ResourceMoved, EventCause.NodeLoss,
            EventSource.Alert, resource: "webserver", from: "n1", to: "n2", duration: TimeSpan.FromSeconds(2.3), detection: TimeSpan.FromSeconds(2.2)));

        var recent = StatusSources.RecentFromLog(path, Now);

        var move = Assert.Single(recent!, e => e.Kind == EventKind.ResourceMoved);
        Assert.Equal(("n1", "n2", 2.3, 2.2), (move.From, move.To, move.DurationSeconds, move.DetectionSeconds));
    }
}
