using System.Text;
using System.Text.Json;

namespace GirAgent.Events;

/// <summary>
/// The failover event log: one JSON object per line (<see cref="EventJsonContext"/>), appended and
/// fsynced one event at a time, so a crash loses at most the event being written. When the file
/// would grow past <see cref="MaxBytes"/> it is renamed to <c>PATH.1</c> (replacing the older one)
/// and a new file is started. Opening repairs a torn last line left by a crash (it is cut off and
/// reported in <see cref="OpenWarnings"/>); reading skips lines that are not events, with a warning,
/// and never throws for bad content. Thread-safe within one process.
/// </summary>
public sealed class EventStore
{
    /// <summary>Default rotation size: 16 MiB.</summary>
    public const long DefaultMaxBytes = 16 * 1024 * 1024;

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
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        OpenWarnings = RepairTail(path);
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
                var line = Serialize(e);
                RotateIfNeeded(line.Length);
                using (var stream = new FileStream(FilePath, FileMode.Append, FileAccess.Write, FileShare.Read, 1, FileOptions.None))
                {
                    stream.Write(line);
                    stream.Flush(flushToDisk: true);
                }

                written.Add(e);
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

        lock (_gate)
        {
            return Read(FilePath, since, limit);
        }
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

        var events = new List<FailoverEvent>();
        var warnings = new List<string>();
        ReadFile(path + RotatedSuffix, since, events, warnings);
        ReadFile(path, since, events, warnings);
        if (limit is { } n && events.Count > n)
        {
            events.RemoveRange(0, events.Count - n);
        }

        return new EventQueryResult(events, warnings);
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

    private static void ReadFile(string path, DateTimeOffset? since, List<FailoverEvent> events, List<string> warnings)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (FileNotFoundException)
        {
            return;
        }
        catch (DirectoryNotFoundException)
        {
            return;
        }

        var start = 0;
        var lineNumber = 0;
        while (start < bytes.Length)
        {
            lineNumber++;
            var end = Array.IndexOf(bytes, (byte)'\n', start);
            var torn = end < 0;
            var length = (torn ? bytes.Length : end) - start;
            var text = Encoding.UTF8.GetString(bytes, start, length).TrimEnd('\r');
            start = torn ? bytes.Length : end + 1;
            if (text.Length == 0)
            {
                continue;
            }

            var e = torn ? null : ParseLine(text);
            if (e is null)
            {
                if (warnings.Count < MaxWarnings)
                {
                    var what = torn ? "torn last line (no line end: a write cut short)" : "not an event";
                    warnings.Add($"{path} line {lineNumber}: {what}, skipped ({length} bytes)");
                }

                continue;
            }

            if (since is null || e.Time >= since.Value)
            {
                events.Add(e);
            }
        }
    }

    /// <summary>Cuts a last line without its line feed (a crash mid-write) so appends start on a line of their own.</summary>
    private static IReadOnlyList<string> RepairTail(string path)
    {
        using var stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.Read);
        var length = stream.Length;
        if (length == 0)
        {
            return [];
        }

        // Walk back to the last line feed.
        var buffer = new byte[8192];
        var position = length;
        long lastNewline = -1;
        while (position > 0 && lastNewline < 0)
        {
            var count = (int)Math.Min(buffer.Length, position);
            position -= count;
            stream.Position = position;
            stream.ReadExactly(buffer, 0, count);
            var i = Array.LastIndexOf(buffer, (byte)'\n', count - 1, count);
            if (i >= 0)
            {
                lastNewline = position + i;
            }
        }

        var keep = lastNewline + 1;
        if (keep == length)
        {
            return [];
        }

        stream.SetLength(keep);
        stream.Flush(flushToDisk: true);
        return [$"{path}: torn last line ({length - keep} bytes, no line end) from an unclean stop cut off"];
    }
}

/// <summary>The answer to <see cref="EventStore.Query"/>: events oldest first, and lines that were skipped.</summary>
public sealed record EventQueryResult(IReadOnlyList<FailoverEvent> Events, IReadOnlyList<string> Warnings);
