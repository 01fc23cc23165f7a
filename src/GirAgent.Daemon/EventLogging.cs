using GirAgent.Events;
using GirAgent.Metrics;
using Microsoft.Extensions.Logging;

namespace GirAgent.Daemon;

/// <summary>
/// Failover events in the log with structured fields, which the journal sink turns into
/// GIR_EVENT, GIR_KIND, GIR_CAUSE, GIR_RESOURCE, GIR_NODE, GIR_FROM, GIR_TO, GIR_DURATION:
/// <c>journalctl GIR_EVENT=failover</c>. Event ids are an append-only registry (docs/daemon.md).
/// </summary>
public static partial class EventLogging
{
    public static void Log(ILogger log, FailoverEvent e)
    {
        var kind = EventNames.Kind(e.Kind);
        var cause = EventNames.Cause(e.Cause);
        var girEvent = e.IsFailover ? "failover" : "cluster";
        LogEvent(log, girEvent, kind, cause, e.Resource ?? "", e.Node ?? "", e.From ?? "", e.To ?? "",
            e.DurationSeconds?.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture) ?? "", e.Detail ?? "", e.Id);
    }

    [LoggerMessage(EventId = 2001, Level = LogLevel.Warning,
        Message = "{GirEvent} {GirKind} ({GirCause}): resource {GirResource} node {GirNode} from {GirFrom} to {GirTo} in {GirDuration}s {GirDetail} [{GirEventId}]")]
    private static partial void LogEvent(ILogger logger, string girEvent, string girKind, string girCause, string girResource, string girNode,
        string girFrom, string girTo, string girDuration, string girDetail, string girEventId);
}
