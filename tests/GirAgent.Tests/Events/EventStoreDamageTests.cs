using System.Text;
using GirAgent.Events;
using GirAgent.Tests.TestSupport;

namespace GirAgent.Tests.Events;

/// <summary>
/// An event log after a power loss (ext4 leaves NUL blocks, a small file all NULs, a flipped bit): the daemon starts,
/// every valid record is kept, the damaged bytes are kept aside, and a foreign file is still refused unchanged.
/// </summary>
public sealed class EventStoreDamageTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 5, 3, 0, 0, TimeSpan.Zero);
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private string LogPath => Path.Combine(_dir.Path, "events.jsonl");

    private static FailoverEvent Event(int i) =>
        FailoverEvent.Create(T0.AddSeconds(i), EventKind.NodeLost, EventCause.NodeLoss, EventSource.Snapshot, node: "node" + i);

    private static byte[] Line(int i) => Encoding.UTF8.GetBytes(EventStore.ToJson(Event(i)) + "\n");

    private static byte[] Nuls(int n) => new byte[n];

    private static byte[] Flipped(int i)
    {
        var line = Line(i);
        line[3] ^= 0x20; // {"Id"... : one bit, and the line is no longer an event
        return line;
    }

    public static TheoryData<string, int[]> DamagedLogs() => new()
    {
        // name, then the records (by number) that must survive
        { "only NULs", [] },
        { "NULs then records", [1, 2] },
        { "first line starts with NULs", [1, 2] },
        { "first record has a flipped bit", [2, 3] },
        { "a NUL block in the middle", [1, 3] },
        { "a NUL tail after the records", [1, 2] },
        { "records, a flipped bit, a torn NUL tail", [1, 3] },
    };

    private static byte[] Build(string name) => name switch
    {
        "only NULs" => Nuls(4096),
        "NULs then records" => [.. Nuls(4096), (byte)'\n', .. Line(1), .. Line(2)],
        "first line starts with NULs" => [.. Nuls(512), .. Line(1), .. Line(2)],
        "first record has a flipped bit" => [.. Flipped(1), .. Line(2), .. Line(3)],
        "a NUL block in the middle" => [.. Line(1), .. Nuls(1000), (byte)'\n', .. Line(3)],
        "a NUL tail after the records" => [.. Line(1), .. Line(2), .. Nuls(4096)],
        "records, a flipped bit, a torn NUL tail" => [.. Line(1), .. Flipped(2), .. Line(3), .. Nuls(100), .. Line(4)[..20]],
        _ => throw new ArgumentException(name),
    };

    [Theory]
    [MemberData(nameof(DamagedLogs))]
    public void A_damaged_log_of_ours_opens_keeps_every_record_and_keeps_the_damaged_bytes_aside(string damage, int[] survivors)
    {
        var original = Build(damage);
        File.WriteAllBytes(LogPath, original);

        var store = new EventStore(LogPath);
        store.Append(Event(9));

        Assert.Equal([.. survivors.Select(i => "node" + i), "node9"], store.Query().Events.Select(e => e.Node));
        Assert.Empty(store.Query().Warnings); // repaired: a read finds nothing left to skip
        Assert.NotEmpty(store.OpenWarnings);
        var aside = Directory.GetFiles(_dir.Path, "events.jsonl.damaged-*");
        Assert.Single(aside);
        // the damaged bytes are kept, never silently dropped: the whole damaged file, or the torn fragment
        var kept = File.ReadAllBytes(aside[0]);
        Assert.True(kept.SequenceEqual(original) || original.AsSpan().EndsWith(kept), $"{damage}: the aside file is not the damaged bytes");
        Assert.Contains(aside[0], string.Join(" ", store.OpenWarnings));
    }

    [Fact]
    public void A_record_behind_a_NUL_block_on_its_own_line_is_read_even_without_a_repair()
    {
        File.WriteAllBytes(LogPath, [.. Nuls(300), .. Line(1), .. Line(2)]);

        var read = EventStore.Read(LogPath);

        Assert.Equal(["node1", "node2"], read.Events.Select(e => e.Node));
    }

    [Theory]
    [InlineData("ServerRoot /etc/httpd\nListen 80\n")]
    [InlineData("{\"groups\": [\"web\"], \"users\": 3}\n")]
    [InlineData("#!/bin/sh\nexec true\n")]
    public void A_foreign_file_is_still_refused_and_left_whole(string content)
    {
        File.WriteAllText(LogPath, content);

        Assert.Throws<NotAnEventLogException>(() => new EventStore(LogPath));

        Assert.Equal(content, File.ReadAllText(LogPath));
        Assert.Empty(Directory.GetFiles(_dir.Path, "events.jsonl.damaged-*"));
        Assert.NotNull(EventStore.WhyNotAnEventLog(LogPath));
    }
}

/// <summary>What a write cut short by a full disk leaves (a fragment without its line end) never swallows the next record.</summary>
public sealed class EventStoreFullDiskTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 5, 3, 0, 0, TimeSpan.Zero);
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void A_record_appended_after_a_failed_writes_fragment_is_whole_and_read()
    {
        var store = new EventStore(Path.Combine(_dir.Path, "events.jsonl"));
        store.Append(FailoverEvent.Create(T0, EventKind.NodeLost, EventCause.NodeLoss, EventSource.Alert, node: "before"));
        File.AppendAllText(store.FilePath, "{\"id\":\"d29ab4bf5ed9c6"); // the first bytes of a write the disk cut short (the daemon answered 503)

        store.Append(FailoverEvent.Create(T0.AddSeconds(1), EventKind.NodeLost, EventCause.NodeLoss, EventSource.Alert, node: "after"));

        var read = EventStore.Read(store.FilePath);
        Assert.Equal(["before", "after"], read.Events.Select(e => e.Node));
        Assert.Empty(read.Warnings);
    }

    [Fact]
    public void An_alert_journaled_after_a_failed_writes_fragment_is_told_at_the_next_start()
    {
        var journal = new AlertJournal(Path.Combine(_dir.Path, "events.jsonl.alerts"));
        journal.Append(new JournaledAlert(T0, new() { ["CRM_alert_kind"] = "resource", ["CRM_alert_rsc"] = "webserver" }));
        File.AppendAllText(journal.FilePath, "{\"received\":\"2026-12-05T03:00:01"); // cut short by a full disk

        journal.Append(new JournaledAlert(T0.AddSeconds(2), new() { ["CRM_alert_kind"] = "resource", ["CRM_alert_rsc"] = "virtual_ip" }));

        Assert.Equal(["webserver", "virtual_ip"], journal.ReadAll().Select(a => a.Fields["CRM_alert_rsc"]));
    }
}
