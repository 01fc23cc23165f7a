using GirAgent.Daemon;
using GirAgent.Events;
using GirAgent.Tests.TestSupport;
using static GirAgent.Tests.Events.Snapshots;

namespace GirAgent.Tests.Daemon;

public sealed class DaemonStateTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private DaemonState State(int pollSeconds) =>
        new(new DaemonOptions { PollIntervalSeconds = pollSeconds }, new EventStore(Path.Combine(_dir.Path, "events.jsonl")), TimeProvider.System);

    [Fact]
    public void While_a_resource_is_lost_crm_mon_is_read_every_half_second_until_it_serves_again()
    {
        var state = State(5);
        state.Ledger.ObserveCluster(TwoNodes("node1"), T0);
        Assert.Equal(TimeSpan.FromSeconds(5), state.ClusterPollInterval(T0.AddSeconds(1)));

        state.Ledger.ObserveCluster(TwoNodes("node1").Place("webserver", null), T0.AddSeconds(5));
        Assert.Equal(TimeSpan.FromMilliseconds(500), state.ClusterPollInterval(T0.AddSeconds(6)));

        state.Ledger.ObserveCluster(TwoNodes("node2"), T0.AddSeconds(7));
        Assert.Equal(TimeSpan.FromSeconds(5), state.ClusterPollInterval(T0.AddSeconds(8)));
    }

    [Fact]
    public void A_resource_that_stays_down_is_followed_for_a_minute_then_polled_as_usual()
    {
        var state = State(5);
        state.Ledger.ObserveCluster(TwoNodes("node1"), T0);
        state.Ledger.ObserveCluster(TwoNodes("node1").Place("webserver", null), T0.AddSeconds(5));

        Assert.Equal(TimeSpan.FromMilliseconds(500), state.ClusterPollInterval(T0.AddSeconds(64)));
        Assert.Equal(TimeSpan.FromSeconds(5), state.ClusterPollInterval(T0.AddSeconds(66)));
    }
}

public sealed class DaemonStateAlertTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 23, 22, 0, 0, TimeSpan.Zero);
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private string LogPath => Path.Combine(_dir.Path, "events.jsonl");

    private DaemonState Start() => new(new DaemonOptions(), new EventStore(LogPath), TimeProvider.System);

    private static Dictionary<string, string> StopAlert(int tenth) => new()
    {
        ["CRM_alert_kind"] = "resource",
        ["CRM_alert_node"] = "node1",
        ["CRM_alert_rsc"] = "webserver",
        ["CRM_alert_task"] = "stop",
        ["CRM_alert_rc"] = "0",
        ["CRM_alert_target_rc"] = "0",
        ["CRM_alert_status"] = "0",
        ["CRM_alert_desc"] = "ok",
        ["CRM_alert_timestamp_epoch"] = T0.AddSeconds(tenth / 10).ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["CRM_alert_timestamp_usec"] = (tenth % 10 * 100_000).ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    [Fact]
    public void Alerts_accepted_while_they_wait_for_a_snapshot_survive_a_daemon_killed_in_that_wait()
    {
        var first = Start();
        for (var i = 0; i < 20; i++)
        {
            var fields = StopAlert(i);
            var told = first.Ledger.AcceptAlert(fields, PacemakerAlert.FromEnvironment(fields), T0.AddSeconds(i / 10.0));
            Assert.Empty(told); // held for the snapshot that gives its cause
        }
        Assert.Empty(EventStore.Read(LogPath).Events); // nothing in the log yet: a kill now is what lost them

        // the daemon is killed (no stop, no flush) and starts again on the same files
        var second = Start();

        Assert.Equal(20, second.Ledger.ReplayedAlerts.Count);
        Assert.Equal(20, EventStore.Read(LogPath).Events.Count(e => e.Kind == EventKind.ResourceStopped));
        Assert.Empty(second.Ledger.Alerts.ReadAll());
        // and a third start tells nothing twice
        Assert.Empty(Start().Ledger.ReplayedAlerts);
        Assert.Equal(20, EventStore.Read(LogPath).Events.Count);
    }

    [Fact]
    public void The_journal_empties_once_a_snapshot_told_what_the_alerts_held()
    {
        var state = Start();
        state.Ledger.ObserveCluster(TwoNodes("node1"), T0);
        var fields = StopAlert(1);
        state.Ledger.AcceptAlert(fields, PacemakerAlert.FromEnvironment(fields), T0.AddSeconds(1));
        Assert.Single(state.Ledger.Alerts.ReadAll());

        state.Ledger.ObserveCluster(TwoNodes("node1").Place("webserver", null), T0.AddSeconds(2));

        Assert.Empty(state.Ledger.Alerts.ReadAll());
        Assert.Contains(EventStore.Read(LogPath).Events, e => e.Kind == EventKind.ResourceStopped);
    }

    [Fact]
    public async Task Events_are_answered_from_memory_newest_first_limited()
    {
        var store = new EventStore(LogPath);
        store.Append(Enumerable.Range(0, 50).Select(i => FailoverEvent.Create(T0.AddSeconds(i), EventKind.NodeLost, EventCause.NodeLoss, EventSource.Snapshot, node: "n" + i)));
        var state = new DaemonState(new DaemonOptions(), store, TimeProvider.System);
        File.Delete(LogPath); // memory answers: the files are not read

        EventQueryResult? last = null, since = null;
        Assert.True(await state.QueryEvents(null, 10, r => { last = r; return Task.CompletedTask; }, CancellationToken.None));
        Assert.True(await state.QueryEvents(T0.AddSeconds(45), 100, r => { since = r; return Task.CompletedTask; }, CancellationToken.None));

        Assert.Equal(Enumerable.Range(40, 10).Select(i => "n" + i), last!.Events.Select(e => e.Node));
        Assert.Equal(5, since!.Events.Count);
    }
}

public sealed class EventLedgerTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 5, 3, 0, 0, TimeSpan.Zero);
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Events_older_than_memory_holds_are_left_to_the_files()
    {
        var store = new EventStore(Path.Combine(_dir.Path, "events.jsonl"));
        store.Append(Enumerable.Range(0, EventLedger.RecentCapacity + 10)
            .Select(i => FailoverEvent.Create(T0.AddSeconds(i), EventKind.NodeLost, EventCause.NodeLoss, EventSource.Snapshot, node: "n" + i)));
        var recorded = 0;

        var ledger = new EventLedger(store, _ => recorded++);

        Assert.Equal(EventLedger.RecentCapacity + 10, recorded); // the history went through the listeners (counters survive restarts)
        Assert.Null(ledger.FromMemory(T0, 5000)); // the first ten are only on disk
        Assert.Null(ledger.FromMemory(null, 5000));
        Assert.Equal(20, ledger.FromMemory(null, 20)!.Events.Count);
        Assert.Equal(10, ledger.FromMemory(T0.AddSeconds(EventLedger.RecentCapacity), 5000)!.Events.Count);
    }

    [Fact]
    public void Concurrent_snapshots_alerts_and_watcher_reports_go_through_one_lock_and_every_event_is_recorded_once()
    {
        // the tracker is not thread-safe: its one owner is the ledger, which the poller, the alert endpoint and the watcher share
        var store = new EventStore(Path.Combine(_dir.Path, "events.jsonl"));
        var ledger = new EventLedger(store);
        ledger.ObserveCluster(TwoNodes("node1"), T0);

        Parallel.For(0, 200, i =>
        {
            if (i % 3 == 0) ledger.ObserveCluster(TwoNodes(i % 2 == 0 ? "node1" : "node2"), T0.AddSeconds(i));
            else if (i % 3 == 1)
            {
                var fields = new Dictionary<string, string>
                {
                    ["CRM_alert_kind"] = "node", ["CRM_alert_node"] = "n" + i, ["CRM_alert_desc"] = "lost",
                    ["CRM_alert_timestamp_epoch"] = T0.AddSeconds(i).ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture),
                };
                ledger.AcceptAlert(fields, PacemakerAlert.FromEnvironment(fields), T0.AddSeconds(i));
            }
            else ledger.Record([FailoverEvent.Create(T0.AddSeconds(i), EventKind.FailedAction, EventCause.ResourceFailure, EventSource.Watcher, node: "w" + i)]);
        });

        var logged = EventStore.Read(store.FilePath);
        Assert.Empty(logged.Warnings); // no line torn by two writers
        var inMemory = ledger.FromMemory(null, EventLedger.RecentCapacity)!.Events;
        Assert.Equal(logged.Events.Select(e => e.Id).Order(), inMemory.Select(e => e.Id).Order());
        Assert.Equal(logged.Events.Count, logged.Events.Select(e => e.Id).Distinct().Count());
        Assert.Equal(Enumerable.Range(0, 200).Count(i => i % 3 == 1), logged.Events.Count(e => e.Kind == EventKind.NodeLost));
    }
}
