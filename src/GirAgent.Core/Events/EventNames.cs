using System.Text.Json;

namespace GirAgent.Events;

/// <summary>
/// The snake_case names of event kinds and causes, as in the event log, the journal and metric labels. The names are
/// written once, on the enums (<c>JsonStringEnumMemberName</c>); these are read from there, once.
/// </summary>
internal static class EventNames
{
    private static readonly string[] Kinds = Names(Enum.GetValues<EventKind>(), k => JsonSerializer.Serialize(k, EventJsonContext.Default.EventKind));
    private static readonly string[] Causes = Names(Enum.GetValues<EventCause>(), c => JsonSerializer.Serialize(c, EventJsonContext.Default.EventCause));

    public static string Kind(EventKind kind) => (uint)kind < (uint)Kinds.Length ? Kinds[(int)kind] : kind.ToString();

    public static string Cause(EventCause cause) => (uint)cause < (uint)Causes.Length ? Causes[(int)cause] : "unknown";

    private static string[] Names<T>(T[] values, Func<T, string> json)
        where T : struct, Enum
    {
        var names = new string[values.Length];
        foreach (var value in values)
        {
            names[Convert.ToInt32(value, System.Globalization.CultureInfo.InvariantCulture)] = json(value).Trim('"');
        }

        return names;
    }
}
