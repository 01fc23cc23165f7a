using System.Text;
using GirAgent.Events;
using GirAgent.Tests.TestSupport;

namespace GirAgent.Tests.Events;

public sealed class EventStoreTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 23, 22, 0, 0, TimeSpan.Zero);
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private string LogPath => _dir.Combine("var/lib/giragent/events.jsonl");

    private static FailoverEvent Event(int i, string? detail = null) => FailoverEvent.Create(
        T0.AddSeconds(i), EventKind.ResourceMoved, EventCause.NodeLoss, EventSource.Snapshot, "webserver", "node1", "node2", "node2",
        TimeSpan.FromSeconds(2.5), detail ?? "event " + i);

    [Fact]
    public void An_events_id_is_a_stable_hash_of_what_was_observed_as_docs_events_md_shows()
    {
        var at = new DateTimeOffset(2026, 11, 23, 22, 14, 37, TimeSpan.Zero);

        var e = FailoverEvent.Create(at, EventKind.ResourceMoved, EventCause.NodeLoss, EventSource.Snapshot, "Public-IP", "cluster02", "cluster01", "cluster01",
            TimeSpan.FromSeconds(2.5), "node cluster02 lost");
        var again = FailoverEvent.Create(at, EventKind.ResourceMoved, EventCause.NodeLoss, EventSource.Snapshot, "Public-IP", "cluster02", "cluster01", "cluster01");

        Assert.Equal("be2950a305c69681", e.Id);
        Assert.Equal(e.Id, again.Id); // the cause, duration and detail are interpretations, not the observation
        Assert.NotEqual(e.Id, FailoverEvent.Create(at.AddTicks(1), EventKind.ResourceMoved, EventCause.NodeLoss, EventSource.Snapshot, "Public-IP", "cluster02", "cluster01", "cluster01").Id);
    }

    [Fact]
    public void A_reader_beside_the_daemon_skips_a_line_in_the_making_and_leaves_it_whole()
    {
        var store = new EventStore(LogPath);
        store.Append([Event(0), Event(1)]);
        File.AppendAllText(LogPath, "{\"id\":\"being-writ");
        var length = new FileInfo(LogPath).Length;

        var read = EventStore.Read(LogPath, since: T0.AddSeconds(1));

        Assert.Equal([Event(1).Id], read.Events.Select(e => e.Id));
        Assert.Contains(read.Warnings, w => w.Contains("torn last line"));
        Assert.Equal(length, new FileInfo(LogPath).Length);
    }

    [Fact]
    public void Appended_events_come_back_in_order_with_every_field()
    {
        var store = new EventStore(LogPath);
        var events = Enumerable.Range(0, 5).Select(i => Event(i)).ToList();

        store.Append(events);
        var result = store.Query();

        Assert.Equal(events, result.Events);
        Assert.Empty(result.Warnings);
        Assert.Empty(store.OpenWarnings);
    }

    [Fact]
    public void A_line_is_snake_case_json_without_nulls()
    {
        var e = FailoverEvent.Create(T0, EventKind.NodeLost, EventCause.NodeLoss, EventSource.Alert, node: "node2", detail: "lost");

        var json = EventStore.ToJson(e);

        Assert.Equal(
            "{\"id\":\"" + e.Id + "\",\"time\":\"2026-11-23T22:00:00+00:00\",\"kind\":\"node_lost\",\"cause\":\"node_loss\",\"node\":\"node2\",\"detail\":\"lost\",\"source\":\"alert\"}",
            json);
        Assert.Equal(e, EventStore.ParseLine(json));
    }

    [Fact]
    public void Text_stays_readable_in_the_log()
    {
        var json = EventStore.ToJson(Event(1, "fail count 0 -> 1 on nœud-1 & \"web\""));

        Assert.Contains("\"detail\":\"fail count 0 -> 1 on nœud-1 & \\\"web\\\"\"", json);
    }

    [Fact]
    public void A_detail_with_line_breaks_stays_on_one_line()
    {
        var store = new EventStore(LogPath);

        store.Append(Event(1, "two\nlines\r\nand a \u2028 separator"));

        Assert.Single(File.ReadAllLines(LogPath));
        Assert.Equal("two\nlines\r\nand a \u2028 separator", Assert.Single(store.Query().Events).Detail);
    }

    [Fact]
    public void Since_and_limit_select_the_newest_events()
    {
        var store = new EventStore(LogPath);
        store.Append(Enumerable.Range(0, 10).Select(i => Event(i)));

        var since = store.Query(since: T0.AddSeconds(6));
        var limited = store.Query(limit: 3);
        var both = store.Query(since: T0.AddSeconds(2), limit: 2);

        Assert.Equal(["event 6", "event 7", "event 8", "event 9"], since.Events.Select(e => e.Detail));
        Assert.Equal(["event 7", "event 8", "event 9"], limited.Events.Select(e => e.Detail));
        Assert.Equal(["event 8", "event 9"], both.Events.Select(e => e.Detail));
        Assert.Empty(store.Query(limit: 0).Events);
        Assert.Throws<ArgumentOutOfRangeException>(() => store.Query(limit: -1));
    }

    [Fact]
    public void Events_survive_a_restart()
    {
        new EventStore(LogPath).Append([Event(1), Event(2)]);

        var reopened = new EventStore(LogPath);
        reopened.Append(Event(3));

        Assert.Equal(["event 1", "event 2", "event 3"], reopened.Query().Events.Select(e => e.Detail));
    }

    [Fact]
    public void A_torn_last_line_after_a_crash_is_cut_off_with_a_warning()
    {
        // Arrange: two whole events, then half of a third, as a crash mid-write leaves it.
        new EventStore(LogPath).Append([Event(1), Event(2)]);
        var third = Encoding.UTF8.GetBytes(EventStore.ToJson(Event(3)));
        using (var f = new FileStream(LogPath, FileMode.Append))
        {
            f.Write(third, 0, third.Length / 2);
        }

        // Act
        var reopened = new EventStore(LogPath);
        reopened.Append(Event(4));

        // Assert
        var warning = Assert.Single(reopened.OpenWarnings);
        Assert.Contains("torn last line", warning);
        var result = reopened.Query();
        Assert.Equal(["event 1", "event 2", "event 4"], result.Events.Select(e => e.Detail));
        Assert.Empty(result.Warnings);
    }

    [Fact]
    public void Truncating_the_log_anywhere_in_its_last_line_loses_only_that_event()
    {
        new EventStore(LogPath).Append(Enumerable.Range(1, 3).Select(i => Event(i)));
        var whole = File.ReadAllBytes(LogPath);
        var lastLineStart = Array.LastIndexOf(whole, (byte)'\n', whole.Length - 2) + 1;

        for (var cut = lastLineStart; cut < whole.Length; cut += 7)
        {
            File.WriteAllBytes(LogPath, whole[..cut]);

            var store = new EventStore(LogPath);

            Assert.Equal(["event 1", "event 2"], store.Query().Events.Select(e => e.Detail));
            Assert.Equal(cut == lastLineStart ? 0 : 1, store.OpenWarnings.Count);
        }
    }

    [Fact]
    public void A_torn_line_written_behind_the_stores_back_is_skipped_with_a_warning_when_read()
    {
        var store = new EventStore(LogPath);
        store.Append(Event(1));
        File.AppendAllText(LogPath, "{\"id\":\"abc\",\"ti");

        var result = store.Query();

        Assert.Single(result.Events);
        Assert.Contains("torn last line", Assert.Single(result.Warnings));
    }

    [Fact]
    public void A_line_that_is_not_an_event_is_skipped_with_a_warning_by_a_reader()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(LogPath)!);
        File.WriteAllText(LogPath, EventStore.ToJson(Event(1)) + "\nnot json at all\n{\"time\":\"2026-11-23T22:00:00Z\"}\n\n" + EventStore.ToJson(Event(2)) + "\n");

        var result = EventStore.Read(LogPath); // the CLI beside the daemon: it reads, never repairs

        Assert.Equal(["event 1", "event 2"], result.Events.Select(e => e.Detail));
        Assert.Equal(2, result.Warnings.Count);
        Assert.Contains("line 2", result.Warnings[0]);
        Assert.Contains("line 3", result.Warnings[1]);
    }

    [Fact]
    public void The_log_rotates_past_its_size_keeping_one_old_file()
    {
        // Arrange: a line is about 250 bytes; 2 KiB holds 8.
        var store = new EventStore(LogPath, maxBytes: 2048);
        var lineLength = Encoding.UTF8.GetByteCount(EventStore.ToJson(Event(10))) + 1;

        // Act
        for (var i = 10; i < 60; i++)
        {
            store.Append(Event(i));
        }

        // Assert
        Assert.True(File.Exists(store.RotatedPath));
        Assert.False(File.Exists(store.RotatedPath + ".1"));
        Assert.True(new FileInfo(LogPath).Length <= 2048);
        Assert.True(new FileInfo(store.RotatedPath).Length <= 2048);
        var kept = store.Query().Events;
        Assert.Equal(Enumerable.Range(60 - kept.Count, kept.Count).Select(i => "event " + i), kept.Select(e => e.Detail));
        Assert.True(kept.Count > 2048 / lineLength, "both files are read");
        Assert.Equal(1, Directory.GetFiles(Path.GetDirectoryName(LogPath)!).Count(f => f.EndsWith(".1", StringComparison.Ordinal)));
    }

    [Fact]
    public void An_event_bigger_than_the_rotation_size_still_gets_written()
    {
        var store = new EventStore(LogPath, maxBytes: 1024);
        store.Append(Event(1));

        store.Append(Event(2, new string('x', 3000)));

        Assert.Equal(2, store.Query().Events.Count);
    }

    [Fact]
    public void Concurrent_appends_each_make_one_whole_line()
    {
        var store = new EventStore(LogPath);

        Parallel.For(0, 8, t =>
        {
            for (var i = 0; i < 50; i++)
            {
                store.Append(Event(t * 1000 + i));
            }
        });

        var result = store.Query();
        Assert.Equal(400, result.Events.Count);
        Assert.Empty(result.Warnings);
        Assert.Equal(400, result.Events.Select(e => e.Id).Distinct().Count());
        Assert.Equal(400, File.ReadAllLines(LogPath).Length);
    }

    [Fact]
    public async Task Concurrent_appends_and_queries_with_rotation_never_show_a_broken_line()
    {
        var store = new EventStore(LogPath, maxBytes: 4096);
        var stop = false;
        var reader = Task.Run(() =>
        {
            var warnings = 0;
            while (!Volatile.Read(ref stop))
            {
                warnings += store.Query().Warnings.Count;
            }

            return warnings;
        });

        Parallel.For(0, 4, t =>
        {
            for (var i = 0; i < 40; i++)
            {
                store.Append(Event(t * 100 + i));
            }
        });
        Volatile.Write(ref stop, true);

        Assert.Equal(0, await reader);
    }

    [Fact]
    public void Followers_hear_of_each_appended_event()
    {
        var store = new EventStore(LogPath);
        var heard = new List<FailoverEvent>();
        store.Appended += heard.Add;

        store.Append([Event(1), Event(2)]);

        Assert.Equal(["event 1", "event 2"], heard.Select(e => e.Detail));
    }

    [Fact]
    public void A_relative_path_or_a_tiny_rotation_size_is_refused()
    {
        Assert.Throws<ArgumentException>(() => new EventStore("events.jsonl"));
        Assert.Throws<ArgumentOutOfRangeException>(() => new EventStore(LogPath, maxBytes: 10));
    }

    [Fact]
    public void The_id_depends_on_what_happened_not_on_when_it_was_built()
    {
        var a = Event(1);
        var b = Event(1);
        var c = Event(2);

        Assert.Equal(a.Id, b.Id);
        Assert.NotEqual(a.Id, c.Id);
        Assert.Equal(16, a.Id.Length);
    }
    [Theory]
    [InlineData(EventKind.ResourceMoved, "webserver", "n1", "n2", "n2", 2.0671, "node n1 in standby", "webserver n1 -> n2 in 2.067s: node n1 in standby")]
    [InlineData(EventKind.ResourceStarted, "webserver", null, "n2", "n2", null, null, "webserver on n2")]
    [InlineData(EventKind.ResourceStopped, "virtual_ip", "n1", null, "n1", null, "node n1 in standby", "virtual_ip on n1: node n1 in standby")]
    [InlineData(EventKind.StandbyOn, null, null, null, "n1", null, "standby", "on n1: standby")]
    [InlineData(EventKind.QuorumLost, null, null, null, null, null, "quorum lost", "quorum lost")]
    public void An_events_summary_says_only_what_it_has(EventKind kind, string? resource, string? from, string? to, string? node, double? seconds, string? detail, string expected)
    {
        var e = FailoverEvent.Create(T0, kind, EventCause.Unknown, EventSource.Snapshot, resource, from, to, node,
            seconds is { } s ? TimeSpan.FromSeconds(s) : null, detail);

        Assert.Equal(expected, e.Summary());
    }
}
