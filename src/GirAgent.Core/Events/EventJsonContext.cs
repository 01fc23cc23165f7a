using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace GirAgent.Events;

/// <summary>
/// Source-generated JSON for events (the log file, <c>/events</c>, the status socket). Use
/// <see cref="Log"/>: like <see cref="JsonSerializerContext"/>'s Default, but it leaves
/// <c>&gt;</c>, <c>&amp;</c>, quotes in text and non-ASCII letters readable (control characters
/// are still escaped, so an event is always one line).
/// </summary>
[JsonSourceGenerationOptions(
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    WriteIndented = false)]
[JsonSerializable(typeof(FailoverEvent))]
[JsonSerializable(typeof(IReadOnlyList<FailoverEvent>))]
[JsonSerializable(typeof(List<FailoverEvent>))]
[JsonSerializable(typeof(Dictionary<string, string>))]
[JsonSerializable(typeof(EventKind))]
[JsonSerializable(typeof(EventCause))]
internal sealed partial class EventJsonContext : JsonSerializerContext
{
    /// <summary>The context the event log and the daemon's answers use.</summary>
    public static EventJsonContext Log { get; } = new(new JsonSerializerOptions
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        WriteIndented = false,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });
}
