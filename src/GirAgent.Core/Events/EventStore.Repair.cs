using System.Globalization;
using System.Text;
using GirAgent.Posix;

namespace GirAgent.Events;

/// <summary>
/// Opening the log: a foreign file (a mistyped path) is refused and left whole; a log of ours that a crash or a power
/// loss damaged (a torn last line, blocks of NUL bytes, a flipped bit) is repaired: the damaged bytes are kept aside in
/// <c>PATH.damaged-TIME</c>, every record is kept (also one behind NUL bytes on its line), and the daemon starts.
/// </summary>
internal sealed partial class EventStore
{
    /// <summary>What a scan of the log found: its records and its damage, and whether the file is ours at all.</summary>
    private sealed record LogScan(int Records, int Recovered, int DamagedLines, long NulBytes, long TornBytes, bool OursByShape, bool Truncated)
    {
        // foreign: something other than records, NUL bytes and line ends, and nothing of ours in it (a file of nothing but
        // NUL bytes is what a power loss leaves of a small log: ours)
        public bool Foreign => Records == 0 && !OursByShape && DamagedLines + (TornBytes > 0 ? 1 : 0) > 0;

        public bool DamagedBeyondTail => Recovered > 0 || DamagedLines > 0 || NulBytes > 0;
    }

    /// <summary>
    /// Opens the log for appending: creates it (rw-r-----) when missing, refuses a file that is not an event log
    /// (never changed: a mistyped EventLog naming an httpd configuration must not lose its last line), narrows a
    /// mode others could write, and repairs damage.
    /// </summary>
    private static IReadOnlyList<string> Open(string path)
    {
        var warnings = new List<string>();
        if (NotARegularFile(path) is { } why) throw new IOException(why);
        if (File.Exists(path))
        {
            var scan = Scan(path);
            if (scan.Foreign) throw new NotAnEventLogException(path);
            var mode = File.GetUnixFileMode(path);
            if ((mode & (UnixFileMode.GroupWrite | UnixFileMode.OtherWrite | UnixFileMode.OtherRead)) != 0)
            {
                File.SetUnixFileMode(path, mode & ~(UnixFileMode.GroupWrite | UnixFileMode.OtherWrite | UnixFileMode.OtherRead | UnixFileMode.OtherExecute));
                warnings.Add($"{path}: mode {Convert.ToString((int)mode, 8)} let others write or read it: narrowed to {Convert.ToString((int)File.GetUnixFileMode(path), 8)}");
            }
            if (scan.DamagedBeyondTail && scan.Truncated)
                warnings.Add($"{path}: damaged ({scan.DamagedLines} lines not events, {scan.NulBytes} NUL bytes) and larger than {MaxReadBytes / 1024 / 1024} MiB: not repaired (damaged lines are skipped when read)");
            else if (scan.DamagedBeyondTail) warnings.Add(Repair(path, scan));
            else if (scan.TornBytes > 0) warnings.Add(CutTornTail(path, scan.TornBytes));
        }

        using (new FileStream(path, new FileStreamOptions { Mode = FileMode.OpenOrCreate, Access = FileAccess.Write, UnixCreateMode = LogFileMode }))
        {
        }
        return warnings;
    }

    /// <summary>Why <paramref name="path"/> cannot be opened as the event log (what <see cref="EventStore(string, long)"/> would refuse), or null.</summary>
    public static string? WhyNotAnEventLog(string path)
    {
        try
        {
            if (!File.Exists(path) && !Directory.Exists(path)) return null;
            return NotARegularFile(path) ?? (Scan(path).Foreign ? new NotAnEventLogException(path).Message : null);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null; // unreadable here (check-config as another user): the daemon's own open decides
        }
    }

    /// <summary>Why an existing <paramref name="path"/> is no file an event log can be (a directory, a device, a FIFO), or null.</summary>
    private static string? NotARegularFile(string path) =>
        Native.FileType(path, followLinks: true) is { } type && type != Native.RegularFileType
            ? Directory.Exists(path) ? $"{path} is a directory, not an event log" : $"{path} is not a regular file (a device or a pipe?), not an event log"
            : null;

    /// <summary>
    /// Every line of the file (at most <see cref="MaxReadBytes"/>): its bytes, kept up to one more than
    /// <see cref="MaxLineBytes"/> (a longer line is no record), its whole length, and whether it ended with a line feed.
    /// </summary>
    private static IEnumerable<(byte[] Bytes, long Length, bool Ended)> RawLines(FileStream stream)
    {
        var buffer = new byte[64 * 1024];
        var line = new MemoryStream();
        long total = 0, length = 0;
        int n;
        while (total < MaxReadBytes && (n = stream.Read(buffer, 0, buffer.Length)) > 0)
        {
            total += n;
            var start = 0;
            while (start < n)
            {
                var end = Array.IndexOf(buffer, (byte)'\n', start, n - start);
                var chunk = (end < 0 ? n : end) - start;
                line.Write(buffer, start, (int)Math.Min(chunk, Math.Max(0, MaxLineBytes + 1 - line.Length)));
                length += chunk;
                if (end < 0) break;
                yield return (line.ToArray(), length, true);
                line.SetLength(0);
                length = 0;
                start = end + 1;
            }
        }
        if (length > 0) yield return (line.ToArray(), length, false);
    }

    /// <summary>A line's text without NUL bytes, and how many there were.</summary>
    private static (string Text, int Nuls) WithoutNuls(byte[] bytes)
    {
        var nuls = bytes.AsSpan().Count((byte)0);
        var text = Encoding.UTF8.GetString(bytes);
        return (nuls == 0 ? text : text.Replace("\0", "", StringComparison.Ordinal), nuls);
    }

    private static LogScan Scan(string path)
    {
        int records = 0, recovered = 0, damaged = 0;
        long nulBytes = 0, torn = 0;
        var ours = false;
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        foreach (var (bytes, length, ended) in RawLines(stream))
        {
            var (text, nuls) = WithoutNuls(bytes);
            nulBytes += nuls;
            text = text.TrimEnd('\r');
            if (!ended)
            {
                // a write cut short: an event begins with its id
                if (text.Length > 0) torn = length;
                ours |= text.StartsWith("{\"id\":\"", StringComparison.Ordinal);
                continue;
            }
            if (text.Length == 0) continue;
            if (length <= MaxLineBytes && ParseLine(text) is not null)
            {
                records++;
                if (nuls > 0) recovered++;
                continue;
            }
            damaged++;
            // a record with a flipped bit still has the shape of one
            ours |= text.StartsWith("{\"id\":\"", StringComparison.Ordinal)
                || (text.Contains("\"kind\":\"", StringComparison.Ordinal) && text.Contains("\"time\":\"", StringComparison.Ordinal));
        }
        return new LogScan(records, recovered, damaged, nulBytes, torn, ours, stream.Length > MaxReadBytes);
    }

    /// <summary>A name beside the log for bytes a repair takes out of it: <c>PATH.damaged-YYYYMMDDTHHMMSSZ</c> (unique).</summary>
    private static string AsidePath(string path)
    {
        var stamp = DateTime.UtcNow.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
        var aside = $"{path}.damaged-{stamp}";
        for (var i = 2; File.Exists(aside); i++) aside = $"{path}.damaged-{stamp}-{i}";
        return aside;
    }

    /// <summary>Cuts a last line without its line feed (a crash mid-write), keeping its bytes aside; never an acknowledged record.</summary>
    private static string CutTornTail(string path, long tornBytes)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.Read);
        var keep = stream.Length - tornBytes;
        var fragment = new byte[tornBytes];
        stream.Position = keep;
        stream.ReadExactly(fragment);
        var kept = KeepAside(path, fragment);
        LineLog.CutTornTail(stream);
        return $"{path}: torn last line ({tornBytes} bytes, no line end) from an unclean stop cut off" + (kept is null ? "" : $" (its bytes kept in {kept})");
    }

    /// <summary>Writes <paramref name="bytes"/> beside the log; its path, or null when it could not be written (a full disk).</summary>
    private static string? KeepAside(string path, ReadOnlySpan<byte> bytes)
    {
        var aside = AsidePath(path);
        try
        {
            using var stream = new FileStream(aside, new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, UnixCreateMode = LogFileMode });
            stream.Write(bytes);
            stream.Flush(flushToDisk: true);
            return aside;
        }
        catch (IOException)
        {
            try { File.Delete(aside); } catch (IOException) { }
            return null;
        }
    }

    /// <summary>
    /// Rewrites a damaged log with its records only (each line without its NUL bytes), after the whole damaged file
    /// was copied aside. When the copy cannot be made (a full disk), nothing is rewritten: the reader skips what is
    /// damaged, appends start on a line of their own, and the next start tries again.
    /// </summary>
    private static string Repair(string path, LogScan scan)
    {
        var what = $"{scan.DamagedLines} lines not events, {scan.NulBytes} NUL bytes" + (scan.TornBytes > 0 ? ", a torn last line" : "")
            + $"; {scan.Records} records" + (scan.Recovered > 0 ? $", {scan.Recovered} of them behind NUL bytes" : "");
        var aside = AsidePath(path);
        var temp = $"{path}.repair-{Environment.ProcessId}";
        try
        {
            File.Copy(path, aside);
            File.SetUnixFileMode(aside, LogFileMode);
            using (var source = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite))
            using (var target = new FileStream(temp, new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write, UnixCreateMode = LogFileMode }))
            {
                foreach (var (bytes, length, ended) in RawLines(source))
                {
                    if (!ended || length > MaxLineBytes) continue;
                    var text = WithoutNuls(bytes).Text.TrimEnd('\r');
                    if (text.Length == 0 || ParseLine(text) is null) continue;
                    target.Write(Encoding.UTF8.GetBytes(text + "\n"));
                }
                target.Flush(flushToDisk: true);
            }
            File.SetUnixFileMode(temp, LogFileMode);
            File.Move(temp, path, overwrite: true);
            FileSync.SyncDirectory(Path.GetDirectoryName(path)!);
            return $"{path}: damaged by an unclean stop or a power loss ({what}): repaired, every record kept; the damaged file is kept as {aside}";
        }
        catch (IOException e)
        {
            try { File.Delete(temp); } catch (IOException) { }
            if (File.Exists(aside) && new FileInfo(aside).Length != new FileInfo(path).Length)
                try { File.Delete(aside); } catch (IOException) { }
            using (var stream = new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.Read))
                LineLog.CutTornTail(stream);
            return $"{path}: damaged by an unclean stop or a power loss ({what}): not repaired, the damaged bytes could not be kept aside ({e.Message}); "
                + "damaged lines are skipped when read, the next start tries again";
        }
    }
}
