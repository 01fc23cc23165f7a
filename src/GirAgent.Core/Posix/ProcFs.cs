using System.Globalization;

namespace GirAgent.Posix;

/// <summary>Reads processes from /proc (of the caller's PID namespace).</summary>
internal sealed class ProcFs(string root = "/proc")
{
    public static ProcFs Default { get; } = new();

    public ProcessInfo? Stat(int pid)
    {
        if (pid <= 0) return null;
        try { return ProcessInfo.ParseStat(File.ReadAllText($"{root}/{pid}/stat")); }
        catch (IOException) { return null; }
        catch (UnauthorizedAccessException) { return null; }
    }

    /// <summary>The process's arguments (argv), or null when it is gone or unreadable.</summary>
    public IReadOnlyList<string>? CommandLine(int pid)
    {
        try
        {
            var bytes = File.ReadAllBytes($"{root}/{pid}/cmdline");
            if (bytes.Length == 0) return [];
            var text = System.Text.Encoding.UTF8.GetString(bytes);
            return text.TrimEnd('\0').Split('\0');
        }
        catch (IOException) { return null; }
        catch (UnauthorizedAccessException) { return null; }
    }

    /// <summary>The executable's path (" (deleted)" removed, as after a package upgrade), or null.</summary>
    public string? Executable(int pid)
    {
        try
        {
            var target = new FileInfo($"{root}/{pid}/exe").LinkTarget;
            if (target is null) return null;
            const string deleted = " (deleted)";
            return target.EndsWith(deleted, StringComparison.Ordinal) ? target[..^deleted.Length] : target;
        }
        catch (IOException) { return null; }
        catch (UnauthorizedAccessException) { return null; }
    }

    public IEnumerable<int> AllPids()
    {
        IEnumerable<string> entries;
        try { entries = Directory.EnumerateDirectories(root); }
        catch (IOException) { yield break; }
        foreach (var dir in entries)
        {
            var name = Path.GetFileName(dir.AsSpan());
            if (name.Length > 0 && char.IsAsciiDigit(name[0]) && int.TryParse(name, NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
                yield return pid;
        }
    }
}
