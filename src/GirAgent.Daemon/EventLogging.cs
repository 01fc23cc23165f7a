using GirAgent.Events;
using Microsoft.Extensions.Logging;

namespace GirAgent.Daemon;

/// <summary>
/// Failover events in the log with structured fields, which the journal sink turns into
/// GIR_EVENT, GIR_KIND, GIR_CAUSE, GIR_RESOURCE, GIR_NODE, GIR_FROM, GIR_TO, GIR_DURATION (GIR_DETECTION, GIR_UNCERTAINTY, GIR_FENCE, GIR_TENANTS):
/// <c>journalctl GIR_EVENT=failover</c>. Event ids are an append-only registry (docs/daemon.md).
/// </summary>
internal static partial class EventLogging
{
    public static void Log(ILogger log, FailoverEvent e)
    {
        // the fields the event has become journal fields (GIR_RESOURCE ...); the message says the same in words
        var fields = new List<KeyValuePair<string, object>>(7);
        void Add(string name, string? value)
        {
            if (!string.IsNullOrEmpty(value)) fields.Add(new(name, value));
        }

        Add("GirResource", e.Resource);
        Add("GirNode", e.Node);
        Add("GirFrom", e.From);
        Add("GirTo", e.To);
        Add("GirDuration", e.DurationSeconds?.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture));
        Add("GirDetection", e.DetectionSeconds?.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture));
        Add("GirUncertainty", e.UncertaintySeconds?.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture));
        Add("GirFence", e.FenceSeconds?.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture));
        Add("GirTenants", e.Tenants is { } tenants ? string.Join(' ', tenants) : null);
        using (log.BeginScope(fields))
        {
            LogEvent(log, e.IsFailover ? "failover" : "cluster", EventNames.Kind(e.Kind), EventNames.Cause(e.Cause), e.Summary(), e.Id);
        }
    }

    [LoggerMessage(EventId = LogEventIds.ClusterEvent, Level = LogLevel.Warning, Message = "{GirEvent} {GirKind} ({GirCause}): {GirSummary} [{GirEventId}]")]
    private static partial void LogEvent(ILogger logger, string girEvent, string girKind, string girCause, string girSummary, string girEventId);
}
