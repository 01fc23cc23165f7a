using System.Text;

namespace GirAgent.Posix;

/// <summary>
/// The one way girlb reads a whole input (a saved crm_mon document or server-status page, a tenants file,
/// a CIB, a configuration to import, the event log): through a stream that stops at a limit. A file's
/// length cannot be trusted for that: it is 0 for /dev/zero, a FIFO or a process substitution, and a file
/// can grow while it is read. Over the limit is an <see cref="InputTooLargeException"/>, never a read until
/// memory runs out.
/// </summary>
internal static class BoundedFile
{
    /// <summary>The whole of <paramref name="path"/> as UTF-8 text (a byte-order mark dropped), at most <paramref name="maxBytes"/> bytes.</summary>
    /// <exception cref="InputTooLargeException">More than <paramref name="maxBytes"/> bytes.</exception>
    /// <exception cref="IOException">Missing, a directory, or unreadable (the message names the path).</exception>
    /// <exception cref="UnauthorizedAccessException">No permission to read it.</exception>
    public static string ReadText(string path, long maxBytes) => Decode(ReadBytes(path, maxBytes));

    /// <summary>The whole of <paramref name="path"/>, at most <paramref name="maxBytes"/> bytes.</summary>
    public static byte[] ReadBytes(string path, long maxBytes)
    {
        if (Directory.Exists(path)) throw new IOException($"{path} is a directory, not a file");
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1, FileOptions.None);
        return ReadBytes(stream, path, maxBytes);
    }

    /// <summary>All of <paramref name="stream"/> (standard input, say), at most <paramref name="maxBytes"/> bytes; <paramref name="name"/> for the error.</summary>
    public static byte[] ReadBytes(Stream stream, string name, long maxBytes)
    {
        var result = new MemoryStream();
        var buffer = new byte[64 * 1024];
        int n;
        while ((n = stream.Read(buffer, 0, (int)Math.Min(buffer.Length, maxBytes + 1 - result.Length))) > 0)
        {
            result.Write(buffer, 0, n);
            if (result.Length > maxBytes) throw new InputTooLargeException(name, maxBytes);
        }
        return result.ToArray();
    }

    /// <summary>A limit for people: 64 MiB, 512 KiB, 300 bytes.</summary>
    public static string Describe(long bytes) => bytes switch
    {
        >= 1024 * 1024 when bytes % (1024 * 1024) == 0 => $"{bytes / 1024 / 1024} MiB",
        >= 1024 when bytes % 1024 == 0 => $"{bytes / 1024} KiB",
        _ => $"{bytes} bytes",
    };

    private static string Decode(byte[] bytes)
    {
        var start = bytes.Length >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF ? 3 : 0;
        return Encoding.UTF8.GetString(bytes, start, bytes.Length - start);
    }
}

/// <summary>An input over its limit: read up to the limit and refused.</summary>
internal sealed class InputTooLargeException(string name, long limit)
    : IOException($"{name} is larger than {BoundedFile.Describe(limit)}, the limit for it: not read further (a device, a pipe or a growing file is read only up to the limit)");
