using System.Text.Json;
using GirAgent.Events;
using GirAgent.Net;

namespace GirAgent.Status;

/// <summary>
/// Where <c>giragent status</c> gets its report when it does not collect one itself: the daemon's <c>/status</c>
/// (one snapshot for everyone, no crm_mon run per call), and the recent failovers from the daemon's event log.
/// </summary>
internal static class StatusSources
{
    /// <summary>The recent failovers from the event log; none when it is absent or not readable by this user (the daemon's: hacluster:haclient, 0750), which is not a failure.</summary>
    public static IReadOnlyList<FailoverEvent>? RecentFromLog(string path, DateTimeOffset now) =>
        File.Exists(path) && EventReader.FromLog(path, now - RecentFailovers.Window).Events is { } events
            ? RecentFailovers.Of(events, now)
            : null;

    /// <summary>The daemon's report; null when it does not answer (not running, or this user may not use its socket).</summary>
    public static StatusReport? FromDaemon(string socket, TimeSpan timeout)
    {
        if (!File.Exists(socket)) return null;
        try
        {
            var response = UnixHttp.Send(socket, "GET", "/status", null, timeout);
            return response.IsSuccess ? JsonSerializer.Deserialize(response.Body, StatusJsonContext.Default.StatusReport) : null;
        }
        catch (Exception e) when (e is HttpProbeException or JsonException or UnauthorizedAccessException)
        {
            return null; // not readable by this user, or not running: collect directly
        }
    }
}
