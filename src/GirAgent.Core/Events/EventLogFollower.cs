using System.Text;

namespace GirAgent.Events;

/// <summary>
/// Follows the event log's end (<c>giragent events -f</c> without a daemon): each <see cref="ReadNew"/> reads only the
/// bytes appended since the last, never the whole log again; a rotated or replaced log (another inode, or shorter than
/// what was read) is read from its start; a line still being written waits for its line end.
/// </summary>
internal sealed class EventLogFollower
{
    private readonly string _path;
    private long _offset;
    private long _inode;

    /// <summary>Starts at the log's current end: what is there was read by the first query.</summary>
    public EventLogFollower(string path)
    {
        _path = path;
        (_inode, _offset) = Identity();
    }

    private (long Inode, long Length) Identity()
    {
        try
        {
            var info = new FileInfo(_path);
            return info.Exists ? (Posix.Native.Inode(_path) ?? 0, info.Length) : (0, 0);
        }
        catch (IOException) { return (0, 0); }
    }

    /// <summary>The events appended since the last call, oldest first; lines that are not events go to <paramref name="warnings"/>.</summary>
    public IReadOnlyList<FailoverEvent> ReadNew(List<string> warnings)
    {
        var (inode, length) = Identity();
        if (inode != _inode || length < _offset)
        {
            _inode = inode;
            _offset = 0; // rotated or replaced: the new file from its start
        }
        if (length == _offset) return [];
        var events = new List<FailoverEvent>();
        using var stream = new FileStream(_path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        stream.Position = _offset;
        var bytes = new byte[Math.Min(length - _offset, EventStore.MaxReadBytes)];
        var read = stream.ReadAtLeast(bytes, bytes.Length, throwOnEndOfStream: false);
        var start = 0;
        while (start < read)
        {
            var end = Array.IndexOf(bytes, (byte)'\n', start, read - start);
            if (end < 0) break; // still being written
            var text = Encoding.UTF8.GetString(bytes, start, end - start).Replace("\0", "", StringComparison.Ordinal).TrimEnd('\r');
            if (text.Length > 0)
            {
                if (EventStore.ParseLine(text) is { } e) events.Add(e);
                else warnings.Add($"{_path}: a line that is not an event, skipped ({end - start} bytes)");
            }
            start = end + 1;
        }
        _offset += start;
        return events;
    }
}
