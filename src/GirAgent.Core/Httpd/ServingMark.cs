using System.Globalization;

namespace GirAgent.Httpd;

/// <summary>
/// When the webserver agent's start first heard httpd answer on its status URL: a file beside the pid file
/// (<c>PIDFILE.serving</c>, Unix milliseconds), readable by the daemon. Pacemaker's start alert comes when the start
/// operation is recorded, after the agent exits and the controller has taken the result: tenths of a second later
/// on a busy node, while clients are served already. The daemon ends an outage at this mark instead.
/// </summary>
internal static class ServingMark
{
    /// <summary>How long before a start alert its mark may lie and still be that start's (a start takes seconds at most).</summary>
    public static readonly TimeSpan Window = TimeSpan.FromSeconds(30);

    public static string PathFor(string pidFile) => OperationMarker.PathFor(pidFile, "serving");

    /// <summary>Writes the mark; a failure to write it only loses the precision, so it is not an error.</summary>
    public static void Write(string pidFile, DateTimeOffset servedAt)
    {
        var path = PathFor(pidFile);
        try
        {
            File.WriteAllText(path, servedAt.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture) + "\n");
            // readable by the daemon (user hacluster) whatever the agent's umask: it holds a time
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
    }

    /// <summary>
    /// The moment httpd first answered for the start that completed at <paramref name="startCompleted"/>: the mark when
    /// it lies before that and within <see cref="Window"/>; null otherwise (no mark, another start's, unreadable).
    /// </summary>
    public static DateTimeOffset? ServedBefore(string pidFile, DateTimeOffset startCompleted)
    {
        try
        {
            var path = PathFor(pidFile);
            if (!File.Exists(path)) return null;
            var text = File.ReadAllText(path).Trim();
            if (!long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var ms)) return null;
            var served = DateTimeOffset.FromUnixTimeMilliseconds(ms);
            return served <= startCompleted && startCompleted - served <= Window ? served : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentOutOfRangeException)
        {
            return null;
        }
    }
}
