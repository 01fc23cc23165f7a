using System.Globalization;

namespace GirAgent.Httpd;

/// <summary>
/// A file beside the pid file saying "an agent is stopping (or reloading) this httpd now", holding
/// the agent's pid. The daemon's fast recovery reads it: httpd's master exiting during a stop or a
/// graceful restart is expected, not a failure to report. The marker outlives the operation by
/// <see cref="Grace"/>: a watcher woken by the master's exit may look a moment after the agent has
/// finished. Older markers whose agent is gone are ignored.
/// </summary>
internal sealed class OperationMarker : IDisposable
{
    public static readonly TimeSpan Grace = TimeSpan.FromSeconds(2);
    private readonly string _path;

    private OperationMarker(string path) => _path = path;

    public static string PathFor(string pidFile, string operation) => pidFile + "." + operation;

    /// <summary>Writes the marker; a failure to write it only loses the hint, so it is not an error.</summary>
    public static OperationMarker Create(string pidFile, string operation)
    {
        var path = PathFor(pidFile, operation);
        try
        {
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
            File.WriteAllText(path, Environment.ProcessId.ToString(CultureInfo.InvariantCulture) + "\n");
            // readable by the daemon (user hacluster) whatever the agent's umask (Pacemaker's is 027): it holds a pid
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
        return new OperationMarker(path);
    }

    /// <summary>
    /// True while an agent that wrote the marker for <paramref name="operation"/> still runs, or finished less than
    /// <see cref="Grace"/> ago. An operation that finished before <paramref name="watchedSinceUtc"/> (when the watcher
    /// began watching the master that exited) was not about that master: a crash of the master a recovery has just
    /// started is not hidden by the stop that came before that start.
    /// </summary>
    public static bool IsActive(string pidFile, string operation, DateTime? nowUtc = null, DateTime? watchedSinceUtc = null)
    {
        var path = PathFor(pidFile, operation);
        try
        {
            if (!File.Exists(path)) return false;
            var finished = File.GetLastWriteTimeUtc(path);
            string? text;
            try { text = File.ReadAllText(path).Trim(); }
            catch (UnauthorizedAccessException) { text = null; } // a marker of an older agent, 0640 root: its time still tells
            if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var pid) && pid > 0 && Directory.Exists($"/proc/{pid}"))
                return true; // an agent at work
            return (nowUtc ?? DateTime.UtcNow) - finished < Grace && (watchedSinceUtc is null || finished >= watchedSinceUtc);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return false; }
    }

    /// <summary>Marks the operation finished: the file stays (its time counts for <see cref="Grace"/>), naming no live agent.</summary>
    public void Dispose()
    {
        try { File.WriteAllText(_path, "done\n"); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
    }
}
