namespace GirAgent.Posix;

/// <summary>
/// Appends whole lines durably to a log of lines: each append is written and fsynced before it returns, and an append
/// that fails (a full disk, an I/O error) leaves the file as it was: what it wrote is cut back. Should that cut fail
/// too, the next append first cuts the torn fragment back to the last line end, so an acknowledged line never lands
/// glued to a failed one's bytes.
/// </summary>
internal static class LineLog
{
    /// <summary>Appends <paramref name="line"/> (which ends with <c>\n</c>) to <paramref name="path"/>, created with <paramref name="mode"/>.</summary>
    public static void Append(string path, ReadOnlySpan<byte> line, UnixFileMode mode)
    {
        using var stream = new FileStream(path, new FileStreamOptions
        {
            Mode = FileMode.OpenOrCreate, Access = FileAccess.ReadWrite, Share = FileShare.Read, BufferSize = 1, UnixCreateMode = mode,
        });
        var end = CutTornTail(stream);
        stream.Position = end;
        try
        {
            stream.Write(line);
            stream.Flush(flushToDisk: true);
        }
        catch (IOException)
        {
            try
            {
                stream.SetLength(end);
                stream.Flush(flushToDisk: true);
            }
            catch (IOException) { } // the next append cuts it
            throw;
        }
    }

    /// <summary>
    /// The length of the file's whole lines: when its last byte is not a line end (a write cut short), the fragment
    /// is cut off first; returns the new length.
    /// </summary>
    public static long CutTornTail(FileStream stream)
    {
        var length = stream.Length;
        if (length == 0) return 0;
        stream.Position = length - 1;
        if (stream.ReadByte() == '\n') return length;
        var keep = LastLineEnd(stream, length) + 1;
        stream.SetLength(keep);
        stream.Flush(flushToDisk: true);
        return keep;
    }

    /// <summary>The offset of the last <c>\n</c> before <paramref name="length"/>, or -1.</summary>
    public static long LastLineEnd(FileStream stream, long length)
    {
        var buffer = new byte[8192];
        var position = length;
        while (position > 0)
        {
            var count = (int)Math.Min(buffer.Length, position);
            position -= count;
            stream.Position = position;
            stream.ReadExactly(buffer, 0, count);
            var i = Array.LastIndexOf(buffer, (byte)'\n', count - 1, count);
            if (i >= 0) return position + i;
        }
        return -1;
    }
}
