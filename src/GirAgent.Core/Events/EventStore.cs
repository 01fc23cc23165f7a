using System.Text;
using System.Text.Json;
using GirAgent.Posix;

namespace GirAgent.Events;

/// <summary>
/// The failover event log: one JSON object per line (<see cref="EventJsonContext"/>), appended and
/// fsynced one event at a time, so a crash loses at most the event being written. When the file
/// would grow past <see cref="MaxBytes"/> it is renamed to <c>PATH.1</c> (replacing the older one)
/// and a new file is started. Opening refuses a file that is not an event log (a mistyped path must
/// never cost the file it names) and repairs one a crash or a power loss damaged (EventStore.Repair.cs: the damaged
/// bytes kept aside, every record kept, reported in <see cref="OpenWarnings"/>); reading streams the files line by line with bounded memory,
/// never under the writers' lock, skips lines that are not events (with a warning) and never throws for
/// bad content. Files are created rw-r----- and directories rwxr-x---, whatever the umask. Thread-safe
/// within one process.
/// </summary>
internal sealed partial class EventStore
{
    /// <summary>Default rotation size: 16 MiB.</summary>
    public const long DefaultMaxBytes = 16 * 1024 * 1024;

    /// <summary>The longest line read as an event; longer lines are skipped unread (events are far shorter: <see cref="FailoverEvent.Bounded"/>).</summary>
    public const int MaxLineBytes = 64 * 1024;

    /// <summary>The most bytes read from one file: past it (a device, a file that is no event log) reading stops with a warning.</summary>
    public const long MaxReadBytes = 64L * 1024 * 1024;

    /// <summary>The event log's mode: the daemon writes, its group (haclient) reads.</summary>
    public const UnixFileMode LogFileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead;

    /// <summary>The mode of a directory the store makes.</summary>
    public const UnixFileMode LogDirectoryMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
        | UnixFileMode.GroupRead | UnixFileMode.GroupExecute;

    private const int MaxWarnings = 100;
    private readonly object _gate = new();

    /// <summary>Opens (and creates the directory of) the log at <paramref name="path"/>; reads nothing but the tail.</summary>
    public EventStore(string path, long maxBytes = DefaultMaxBytes)
    {
        if (!Path.IsPathFullyQualified(path))
        {
            throw new ArgumentException($"event log path '{path}' is not absolute", nameof(path));
        }

        if (maxBytes < 1024)
        {
            throw new ArgumentOutOfRangeException(nameof(maxBytes), maxBytes, "rotation size must be at least 1024 bytes");
        }

        FilePath = path;
        MaxBytes = maxBytes;
        Directory.CreateDirectory(Path.GetDirectoryName(path)!, LogDirectoryMode);
        OpenWarnings = Open(path);
    }

    /// <summary>The current log file.</summary>
    public string FilePath { get; }

    /// <summary>The rotated file: <c>PATH.1</c>.</summary>
    public string RotatedPath => FilePath + RotatedSuffix;

    private const string RotatedSuffix = ".1";

    public long MaxBytes { get; }

    /// <summary>What opening found wrong (a torn last line cut off), one line each.</summary>
    public IReadOnlyList<string> OpenWarnings { get; }

    /// <summary>Raised after each event is durably appended (outside the lock), for followers.</summary>
    public event Action<FailoverEvent>? Appended;

    /// <summary>Appends one event and fsyncs it.</summary>
    public void Append(FailoverEvent e) => Append([e]);

    /// <summary>Appends events in order, each written and fsynced before the next.</summary>
    public void Append(IEnumerable<FailoverEvent> events)
    {
        var written = new List<FailoverEvent>();
        lock (_gate)
        {
            foreach (var e in events)
            {
                var bounded = e.Bounded();
                var line = Serialize(bounded);
                RotateIfNeeded(line.Length);
                // a failed write (a full disk) is cut back before this throws: nothing after it lands on its fragment
                LineLog.Append(FilePath, line, LogFileMode);

                written.Add(bounded);
            }
        }

        var handler = Appended;
        if (handler is not null)
        {
            foreach (var e in written)
            {
                handler(e);
            }
        }
    }

    /// <summary>
    /// Events at or after <paramref name="since"/> (all when null), oldest first; with
    /// <paramref name="limit"/>, only the newest that many. Reads the rotated file, then the current one.
    /// </summary>
    public EventQueryResult Query(DateTimeOffset? since = null, int? limit = null)
    {
        if (limit is < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(limit), limit, "limit must not be negative");
        }

        // no lock: appends are whole lines, a reader skips a line being written; writers never wait for a reader
        return Read(FilePath, since, limit);
    }

    /// <summary>
    /// <see cref="Query"/> for a reader beside the daemon that owns the log (the CLI): it only reads, so it
    /// needs no write permission and never cuts a line the daemon is writing (a torn last line is skipped
    /// with a warning). Unreadable files throw <see cref="UnauthorizedAccessException"/> or <see cref="IOException"/>.
    /// </summary>
    public static EventQueryResult Read(string path, DateTimeOffset? since = null, int? limit = null)
    {
        if (limit is < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(limit), limit, "limit must not be negative");
        }

        var warnings = new List<string>();
        var events = new Queue<FailoverEvent>();
        foreach (var e in Enumerate(path, since, warnings))
        {
            events.Enqueue(e);
            if (limit is { } n && events.Count > n)
            {
                events.Dequeue();
            }
        }

        return new EventQueryResult([.. events], warnings);
    }

    /// <summary>
    /// Every event at or after <paramref name="since"/>, oldest first (the rotated file, then the current one),
    /// streamed: memory stays bounded by one line whatever the files hold. Problems go to <paramref name="warnings"/>.
    /// </summary>
    public static IEnumerable<FailoverEvent> Enumerate(string path, DateTimeOffset? since, List<string> warnings)
    {
        foreach (var e in ReadFile(path + RotatedSuffix, since, warnings))
        {
            yield return e;
        }

        foreach (var e in ReadFile(path, since, warnings))
        {
            yield return e;
        }
    }

    /// <summary>Parses one log line; null when it is not an event.</summary>
    public static FailoverEvent? ParseLine(string line)
    {
        try
        {
            var e = JsonSerializer.Deserialize(line, EventJsonContext.Log.FailoverEvent);
            return e is { Id.Length: > 0 } ? e : null;
        }
        catch (JsonException)
        {
            return null;
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }

    /// <summary>One event as its log line, without the line feed.</summary>
    public static string ToJson(FailoverEvent e) => JsonSerializer.Serialize(e, EventJsonContext.Log.FailoverEvent);

    private static byte[] Serialize(FailoverEvent e)
    {
        // The serializer escapes control characters, so an event is always exactly one line.
        var json = JsonSerializer.SerializeToUtf8Bytes(e, EventJsonContext.Log.FailoverEvent);
        var line = new byte[json.Length + 1];
        json.CopyTo(line, 0);
        line[^1] = (byte)'\n';
        return line;
    }

    private void RotateIfNeeded(int incoming)
    {
        var info = new FileInfo(FilePath);
        if (!info.Exists || info.Length == 0 || info.Length + incoming <= MaxBytes)
        {
            return;
        }

        File.Move(FilePath, RotatedPath, overwrite: true);
    }

    private static IEnumerable<FailoverEvent> ReadFile(string path, DateTimeOffset? since, List<string> warnings)
    {
        FileStream stream;
        try
        {
            if (NotARegularFile(path) is { } why)
            {
                throw new IOException(why);
            }

            stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1, FileOptions.SequentialScan);
        }
        catch (FileNotFoundException)
        {
            yield break;
        }
        catch (DirectoryNotFoundException)
        {
            yield break;
        }

        using (stream)
        {
            var buffer = new byte[64 * 1024];
            var line = new MemoryStream();
            var lineNumber = 0;
            var tooLong = false;
            long total = 0;
            int n;
            while ((n = stream.Read(buffer, 0, buffer.Length)) > 0)
            {
                total += n;
                var start = 0;
                while (start < n)
                {
                    var end = Array.IndexOf(buffer, (byte)'\n', start, n - start);
                    var chunk = (end < 0 ? n : end) - start;
                    if (!tooLong && line.Length + chunk > MaxLineBytes)
                    {
                        tooLong = true;
                        line.SetLength(0);
                    }

                    if (!tooLong)
                    {
                        line.Write(buffer, start, chunk);
                    }

                    if (end < 0)
                    {
                        break;
                    }

                    lineNumber++;
                    var e = TakeLine(path, lineNumber, line, tooLong, torn: false, warnings);
                    tooLong = false;
                    if (e is not null && (since is null || e.Time >= since.Value))
                    {
                        yield return e;
                    }

                    start = end + 1;
                }

                if (total > MaxReadBytes)
                {
                    Warn(warnings, $"{path}: more than {MaxReadBytes / 1024 / 1024} MiB: reading stopped there (not an event log, or a device?)");
                    yield break;
                }
            }

            if (line.Length > 0 || tooLong)
            {
                TakeLine(path, lineNumber + 1, line, tooLong, torn: true, warnings);
            }
        }
    }

    /// <summary>The event on the line collected in <paramref name="line"/> (then emptied), or null with a warning.</summary>
    private static FailoverEvent? TakeLine(string path, int lineNumber, MemoryStream line, bool tooLong, bool torn, List<string> warnings)
    {
        var length = line.Length;
        // NUL bytes are what a crash leaves in a file's last blocks, never part of an event: a record behind them is read
        var text = Encoding.UTF8.GetString(line.GetBuffer(), 0, (int)length).Replace("\0", "", StringComparison.Ordinal).TrimEnd('\r');
        line.SetLength(0);
        if (!tooLong && text.Length == 0)
        {
            return null;
        }

        var e = tooLong || torn ? null : ParseLine(text);
        if (e is null)
        {
            var what = tooLong ? $"longer than {MaxLineBytes / 1024} KiB, not an event"
                : torn ? "torn last line (no line end: a write cut short, or being written)" : "not an event";
            Warn(warnings, $"{path} line {lineNumber}: {what}, skipped" + (tooLong ? "" : $" ({length} bytes)"));
        }

        return e;
    }

    private static void Warn(List<string> warnings, string warning)
    {
        if (warnings.Count < MaxWarnings)
        {
            warnings.Add(warning);
        }
    }
}

/// <summary>The answer to <see cref="EventStore.Query"/>: events oldest first, and lines that were skipped.</summary>
internal sealed record EventQueryResult(IReadOnlyList<FailoverEvent> Events, IReadOnlyList<string> Warnings);

/// <summary>A file named as the event log that is not one: refused, never changed.</summary>
internal sealed class NotAnEventLogException(string path)
    : IOException($"{path} exists and is not an event log (its first line is not a girlb event): a mistyped path? It is left as it is");
