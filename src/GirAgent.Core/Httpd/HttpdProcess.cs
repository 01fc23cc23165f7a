using System.Globalization;
using System.Runtime.InteropServices;
using GirAgent.Posix;

namespace GirAgent.Httpd;

/// <summary>
/// One httpd instance as the agent started it, known by its pid file. The agent passes
/// <c>-c "PidFile PATH"</c> to every httpd it starts; that argument, which httpd keeps in its
/// command line, is the instance's mark: a pid is this instance's master only when the process
/// is alive (not a zombie), runs the httpd binary and carries the mark. A reused pid, a zombie or
/// the distribution's own httpd never pass.
/// </summary>
internal sealed class HttpdProcess(string httpdBinary, string pidFile, ProcFs? procFs = null)
{
    private readonly ProcFs _proc = procFs ?? ProcFs.Default;

    public string PidFile { get; } = pidFile;
    public string Marker { get; } = "PidFile " + pidFile;
    public string HttpdBinary { get; } = httpdBinary;

    /// <summary>The pid the pid file names, or null when it is absent, empty or not a number.</summary>
    public int? ReadPidFile()
    {
        try
        {
            var text = File.ReadAllText(PidFile).Trim();
            return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var pid) && pid > 1 ? pid : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return null; }
    }

    /// <summary>Whether <paramref name="pid"/> is a live process of this instance; when not, why.</summary>
    public bool IsOurs(int pid, out string? whyNot)
    {
        var stat = _proc.Stat(pid);
        if (stat is null) { whyNot = $"pid {pid} is not running"; return false; }
        if (stat.HasExited) { whyNot = $"pid {pid} has exited (state {stat.State})"; return false; }
        var args = _proc.CommandLine(pid);
        if (args is null || !args.Contains(Marker))
        {
            whyNot = $"pid {pid} ({stat.Command}) is not this instance's httpd (no '{Marker}' in its command line)";
            return false;
        }
        if (!SameExecutable(_proc.Executable(pid), stat.Command))
        {
            whyNot = $"pid {pid} ({stat.Command}) does not run {HttpdBinary}";
            return false;
        }
        whyNot = null;
        return true;
    }

    /// <summary>What runs of this instance: its master (when alive) and every other process carrying the mark.</summary>
    public sealed record Survey(int? Master, IReadOnlyList<int> Orphans, string? Note);

    /// <summary>
    /// The master's pid from the pid file when it names this instance's process; else a scan of
    /// /proc for processes with the mark: a master (it leads its own process group) or children
    /// left behind by a master that was killed.
    /// </summary>
    public Survey Find()
    {
        string? note = null;
        if (ReadPidFile() is { } pid)
        {
            if (IsOurs(pid, out var whyNot)) return new Survey(pid, [], null);
            note = $"stale pid file {PidFile}: {whyNot}";
        }
        var all = FindAll();
        foreach (var candidate in all)
        {
            if (_proc.Stat(candidate) is { } stat && stat.ProcessGroup == candidate)
                return new Survey(candidate, [], (note is null ? "" : note + "; ") + $"found master pid {candidate} by its command line");
        }
        return new Survey(null, all, note);
    }

    /// <summary>Every live process (master and children) that carries this instance's mark.</summary>
    public List<int> FindAll()
    {
        var found = new List<int>();
        var self = Environment.ProcessId;
        foreach (var pid in _proc.AllPids())
        {
            if (pid == self) continue;
            var args = _proc.CommandLine(pid);
            if (args is null || !args.Contains(Marker)) continue;
            if (IsOurs(pid, out _)) found.Add(pid);
        }
        return found;
    }

    public ProcessInfo? Stat(int pid) => _proc.Stat(pid);

    /// <summary>Sends a signal; false when the process is already gone.</summary>
    public static bool Signal(int pid, int signal)
    {
        if (Native.Kill(pid, signal) == 0) return true;
        var errno = Marshal.GetLastPInvokeError();
        if (errno == Native.ESRCH) return false;
        throw new IOException($"kill({pid}, {signal}) failed: errno {errno}");
    }

    /// <summary>
    /// Waits for <paramref name="pid"/> to exit, on the process itself (a pidfd), at most
    /// <paramref name="timeout"/>. True once it has exited (a zombie counts as exited).
    /// </summary>
    public bool WaitForExit(int pid, TimeSpan timeout)
    {
        var fd = Native.PidfdOpen(pid);
        if (fd < 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            if (errno == Native.ESRCH) return true;
            return PollExit(pid, timeout); // kernels without pidfd_open (before 5.3)
        }
        try
        {
            return Native.WaitReadable(fd, timeout) || _proc.Stat(pid) is null or { HasExited: true };
        }
        finally
        {
            Native.Close(fd);
        }
    }

    private bool PollExit(int pid, TimeSpan timeout)
    {
        var until = Environment.TickCount64 + (long)timeout.TotalMilliseconds;
        var step = 5;
        while (true)
        {
            if (_proc.Stat(pid) is null or { HasExited: true }) return true;
            if (Environment.TickCount64 >= until) return false;
            Thread.Sleep(step);
            step = Math.Min(step * 2, 100);
        }
    }

    private bool SameExecutable(string? exe, string comm)
    {
        if (exe is null)
            return comm == Path.GetFileName(HttpdBinary)[..Math.Min(15, Path.GetFileName(HttpdBinary).Length)];
        if (exe == HttpdBinary) return true;
        try
        {
            var resolved = new FileInfo(HttpdBinary).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? Path.GetFullPath(HttpdBinary);
            if (exe == resolved) return true;
        }
        catch (IOException) { }
        // the binary may have been replaced by an upgrade, or the node lacks it: compare names
        return Path.GetFileName(exe) == Path.GetFileName(HttpdBinary);
    }
}
