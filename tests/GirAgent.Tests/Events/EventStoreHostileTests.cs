using System.Runtime.InteropServices;
using GirAgent.Events;
using GirAgent.Tests.TestSupport;

namespace GirAgent.Tests.Events;

/// <summary>The event log against what a careless operator or a local user does to it.</summary>
[Collection("umask")]
public sealed class EventStoreHostileTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 23, 22, 0, 0, TimeSpan.Zero);
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private string LogPath => _dir.Combine("var/lib/giragent/events.jsonl");

    private static FailoverEvent Event(int i, string? detail = null) => FailoverEvent.Create(
        T0.AddSeconds(i), EventKind.ResourceMoved, EventCause.NodeLoss, EventSource.Snapshot, "webserver", "node1", "node2", "node2",
        TimeSpan.FromSeconds(2.5), detail ?? "event " + i);

    [DllImport("libc", EntryPoint = "umask")]
    private static extern uint Umask(uint mask);

    [Fact]
    public void A_mistyped_path_naming_a_file_that_is_no_event_log_is_refused_and_the_file_left_whole()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(LogPath)!);
        const string httpdConf = "ServerRoot /etc/httpd\nListen 80\nInclude conf.d/*.conf"; // no line end: looks "torn"
        File.WriteAllText(LogPath, httpdConf);

        var e = Assert.Throws<NotAnEventLogException>(() => new EventStore(LogPath));

        Assert.Contains("is not an event log", e.Message);
        Assert.Equal(httpdConf, File.ReadAllText(LogPath));
    }

    [Fact]
    public void The_log_and_its_directory_get_their_modes_whatever_the_umask()
    {
        var old = Umask(0);
        try
        {
            new EventStore(LogPath).Append(Event(1));
        }
        finally
        {
            Umask(old);
        }

        Assert.Equal(EventStore.LogFileMode, File.GetUnixFileMode(LogPath));
        Assert.Equal(EventStore.LogDirectoryMode, File.GetUnixFileMode(Path.GetDirectoryName(LogPath)!));
    }

    [Fact]
    public void A_log_others_could_write_is_narrowed_and_said_so()
    {
        new EventStore(LogPath).Append(Event(1));
        File.SetUnixFileMode(LogPath, (UnixFileMode)0b110_110_110);

        var reopened = new EventStore(LogPath);

        Assert.Equal(EventStore.LogFileMode, File.GetUnixFileMode(LogPath));
        Assert.Contains(reopened.OpenWarnings, w => w.Contains("narrowed", StringComparison.Ordinal));
    }

    [Fact]
    public void A_device_named_as_the_event_log_is_refused_unread()
    {
        var read = Assert.Throws<IOException>(() => EventStore.Read("/dev/zero"));
        var open = Assert.Throws<IOException>(() => new EventStore("/dev/zero"));

        Assert.Equal("/dev/zero is not a regular file (a device or a pipe?), not an event log", read.Message);
        Assert.Equal(read.Message, open.Message);
    }

    [Fact]
    public void A_line_longer_than_any_event_is_skipped_without_holding_it()
    {
        var store = new EventStore(LogPath);
        store.Append(Event(1));
        File.AppendAllText(LogPath, "{\"id\":\"" + new string('x', EventStore.MaxLineBytes * 3) + "\"}\n");
        store.Append(Event(2));

        var result = store.Query();

        Assert.Equal(["event 1", "event 2"], result.Events.Select(e => e.Detail));
        Assert.Contains(result.Warnings, w => w.Contains("line 2: longer than", StringComparison.Ordinal));
    }

    [Fact]
    public void An_event_with_huge_fields_is_written_cut_to_its_bounds_with_its_id()
    {
        var huge = FailoverEvent.Create(T0, EventKind.FailedAction, EventCause.Unknown, EventSource.Alert,
            resource: new string('r', 100_000), node: "n1", detail: new string('d', 1_000_000));
        var store = new EventStore(LogPath);

        store.Append(huge);

        var back = Assert.Single(store.Query().Events);
        Assert.Equal(huge.Id, back.Id);
        Assert.True(back.Detail!.Length <= FailoverEvent.MaxDetailChars + 3);
        Assert.True(back.Resource!.Length <= FailoverEvent.MaxNameChars + 3);
        Assert.True(new FileInfo(LogPath).Length < EventStore.MaxLineBytes);
    }

    [Fact]
    public async Task Readers_do_not_wait_for_a_writer_and_never_see_half_a_line()
    {
        var store = new EventStore(LogPath);
        store.Append(Enumerable.Range(0, 200).Select(i => Event(i, new string('z', 400))));

        var writer = Task.Run(() => { for (var i = 200; i < 400; i++) store.Append(Event(i)); });
        var readers = Enumerable.Range(0, 8).Select(_ => Task.Run(() => store.Query(limit: 50))).ToArray();
        await writer;
        var results = await Task.WhenAll(readers);

        Assert.All(results, r => Assert.Equal(50, r.Events.Count));
        Assert.All(results, r => Assert.DoesNotContain(r.Warnings, w => !w.Contains("torn last line", StringComparison.Ordinal)));
        Assert.Equal(400, store.Query().Events.Count);
    }
}

[CollectionDefinition("umask", DisableParallelization = true)]
public sealed class UmaskCollection;
