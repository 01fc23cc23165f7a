using System.Globalization;
using System.Text;

namespace GirAgent.Httpd;

/// <summary>The server-wide keys of a ?auto page (Total Accesses, BusyWorkers, Scoreboard...).</summary>
internal static partial class ServerStatusParser
{
    private static void ReadServerKey(Accumulator acc, string key, string value, int lineNo)
    {
        // a count mod_status writes is never negative: one that is makes the page unusable, not a figure to show
        int? Count(ReadOnlySpan<char> text) => ParseInt(text) is { } n && n < 0 ? throw Negative(key, n, lineNo) : ParseInt(text);
        long? CountLong(ReadOnlySpan<char> text) => ParseLong(text) is { } n && n < 0 ? throw Negative(key, n, lineNo) : ParseLong(text);
        var v = value.AsSpan();
        switch (key)
        {
            case "ServerVersion":
                acc.S = acc.S with { ServerVersion = value };
                break;
            case "ServerMPM":
                acc.S = acc.S with { ServerMpm = value };
                break;
            case "Server Built":
                acc.S = acc.S with { ServerBuilt = value };
                break;
            case "CurrentTime":
                acc.S = acc.S with { CurrentTime = value };
                break;
            case "RestartTime":
                acc.S = acc.S with { RestartTime = value };
                break;
            case "ParentServerConfigGeneration":
                acc.S = acc.S with { ParentServerConfigGeneration = ParseLong(v) };
                break;
            case "ParentServerMPMGeneration":
                acc.S = acc.S with { ParentServerMpmGeneration = ParseLong(v) };
                break;
            case "ServerUptimeSeconds":
                acc.SeenCoreKey = true;
                acc.UptimeSeconds = CountLong(v);
                break;
            case "Uptime":
                acc.SeenCoreKey = true;
                acc.UptimeLegacy = CountLong(v);
                break;
            case "Load1":
                acc.S = acc.S with { Load1 = ParseDouble(v) };
                break;
            case "Load5":
                acc.S = acc.S with { Load5 = ParseDouble(v) };
                break;
            case "Load15":
                acc.S = acc.S with { Load15 = ParseDouble(v) };
                break;
            case "Total Accesses":
                acc.SeenCoreKey = true;
                acc.S = acc.S with { TotalAccesses = CountLong(v) };
                break;
            case "Total kBytes":
                acc.S = acc.S with { TotalKBytes = ParseDouble(v) };
                break;
            case "Total Duration":
                acc.S = acc.S with { TotalDuration = CountLong(v) };
                break;
            case "CPUUser":
                acc.S = acc.S with { CpuUser = ParseDouble(v) };
                break;
            case "CPUSystem":
                acc.S = acc.S with { CpuSystem = ParseDouble(v) };
                break;
            case "CPUChildrenUser":
                acc.S = acc.S with { CpuChildrenUser = ParseDouble(v) };
                break;
            case "CPUChildrenSystem":
                acc.S = acc.S with { CpuChildrenSystem = ParseDouble(v) };
                break;
            case "CPULoad":
                acc.S = acc.S with { CpuLoad = ParseDouble(v) };
                break;
            case "ReqPerSec":
                acc.S = acc.S with { ReqPerSec = ParseDouble(v) };
                break;
            case "BytesPerSec":
                acc.S = acc.S with { BytesPerSec = ParseDouble(v) };
                break;
            case "BytesPerReq":
                acc.S = acc.S with { BytesPerReq = ParseDouble(v) };
                break;
            case "DurationPerReq":
                acc.S = acc.S with { DurationPerReq = ParseDouble(v) };
                break;
            case "BusyWorkers":
                acc.SeenCoreKey = true;
                acc.S = acc.S with { BusyWorkers = Count(v) };
                break;
            case "GracefulWorkers":
                acc.S = acc.S with { GracefulWorkers = Count(v) };
                break;
            case "IdleWorkers":
                acc.SeenCoreKey = true;
                acc.S = acc.S with { IdleWorkers = Count(v) };
                break;
            case "Processes":
                acc.S = acc.S with { Processes = Count(v) };
                break;
            case "Stopping":
                acc.S = acc.S with { Stopping = Count(v) };
                break;
            case "ConnsTotal":
                acc.S = acc.S with { ConnsTotal = CountLong(v) };
                break;
            case "ConnsAsyncWaitIO":
                acc.S = acc.S with { ConnsAsyncWaitIO = CountLong(v) };
                break;
            case "ConnsAsyncWriting":
                acc.S = acc.S with { ConnsAsyncWriting = CountLong(v) };
                break;
            case "ConnsAsyncKeepAlive":
                acc.S = acc.S with { ConnsAsyncKeepAlive = CountLong(v) };
                break;
            case "ConnsAsyncClosing":
                acc.S = acc.S with { ConnsAsyncClosing = CountLong(v) };
                break;
            case "Scoreboard":
                acc.SeenCoreKey = true;
                acc.S = acc.S with { Scoreboard = value };
                acc.S = acc.S with { ScoreboardCounts = ScoreboardCounts.FromScoreboard(v.Trim()) };
                break;
        }
    }

    private static ServerStatusFormatException Negative(string key, long value, int lineNo) =>
        new($"line {lineNo}: {ForMessage(key)} is {value}: mod_status never writes a negative count; not a usable page", lineNo);

    private static long? ParseLong(ReadOnlySpan<char> v) =>
        long.TryParse(v, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : null;

    private static int? ParseInt(ReadOnlySpan<char> v) =>
        int.TryParse(v, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : null;

    private static double? ParseDouble(ReadOnlySpan<char> v) =>
        double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && double.IsFinite(d)
            ? d
            : null;

    /// <summary>Key text safe for a one-line message: control characters replaced, length capped.</summary>
    private static string ForMessage(string key)
    {
        var span = key.AsSpan();
        var truncated = span.Length > MaxKeyInMessage;
        if (truncated)
        {
            span = span[..MaxKeyInMessage];
        }

        var sb = new StringBuilder(span.Length + 3);
        foreach (var c in span)
        {
            sb.Append(char.IsControl(c) || c == '\u2028' || c == '\u2029' ? '?' : c);
        }

        if (truncated)
        {
            sb.Append("...");
        }

        return sb.ToString();
    }
}
