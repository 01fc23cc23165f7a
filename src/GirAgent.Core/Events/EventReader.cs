using System.Text.Json;
using GirAgent.Net;

namespace GirAgent.Events;

/// <summary>What <see cref="EventReader"/> found: events oldest first (null when none could be read), where from, and lines skipped.</summary>
/// <param name="Origin">The socket or file the events came from; when <see cref="Events"/> is null, why none could be read.</param>
internal sealed record EventReading(IReadOnlyList<FailoverEvent>? Events, string Origin, IReadOnlyList<string> Warnings);

/// <summary>
/// The one place where the CLI reads failover events: from the daemon when it answers on its socket (it holds the
/// newest in memory and its log may not be readable by this user), else from its event log.
/// </summary>
internal static class EventReader
{
    /// <summary>The path of the daemon's socket unless its settings say otherwise.</summary>
    public const string DefaultSocket = "/run/giragent/giragent.sock";

    /// <summary>The daemon's event log unless its settings say otherwise.</summary>
    public const string DefaultEventLog = "/var/lib/giragent/events.jsonl";

    public static EventReading FromDaemonOrLog(string socket, string eventLog, DateTimeOffset? since, int limit)
    {
        var query = $"/events?limit={limit}" + (since is { } s ? "&since=" + Uri.EscapeDataString(s.ToString("O")) : "");
        if (File.Exists(socket))
        {
            try
            {
                var response = UnixHttp.Send(socket, "GET", query, null, TimeSpan.FromSeconds(5));
                if (response.IsSuccess && JsonSerializer.Deserialize(response.Body, EventJsonContext.Default.ListFailoverEvent) is { } list)
                    return new EventReading(list, socket, []);
            }
            catch (Exception e) when (e is HttpProbeException or JsonException) { }
        }
        if (!File.Exists(eventLog))
            return new EventReading(null, $"the daemon does not answer on {socket} and there is no event log at {eventLog}", []);
        return FromLog(eventLog, since, limit);
    }

    /// <summary>The event log itself; an unreadable log gives no events and the reason (with who may read it).</summary>
    public static EventReading FromLog(string eventLog, DateTimeOffset? since, int? limit = null)
    {
        try
        {
            var result = EventStore.Read(eventLog, since, limit);
            return new EventReading(result.Events, eventLog, result.Warnings);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return new EventReading(null, $"cannot read the event log {eventLog}: {e.Message}"
                + (e is UnauthorizedAccessException ? " (it is the daemon's: root or group haclient may read it)" : ""), []);
        }
    }
}
