using System.Collections.ObjectModel;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;

namespace GirAgent.Httpd;

/// <summary>
/// Parser for the Apache httpd 2.4 mod_status <c>/server-status?auto</c> page, including the
/// <c>ProxyBalancer[i]Worker[n]...</c> lines mod_proxy adds. One pass over the text, no regex,
/// no reflection. Unknown keys, blank lines and CRLF are tolerated; a malformed number in a
/// known key leaves that property <c>null</c> (the raw value stays in
/// <see cref="ServerStatus.Fields"/>). The only exception <see cref="Parse"/> throws is
/// <see cref="ServerStatusFormatException"/>.
/// </summary>
internal static partial class ServerStatusParser
{
    /// <summary>Largest accepted input, in characters (8 MiB).</summary>
    public const int MaxInputChars = 8 * 1024 * 1024;

    /// <summary>Most lines accepted.</summary>
    public const int MaxLines = 200_000;

    /// <summary>Longest accepted line, in characters (64 KiB), excluding the line break.</summary>
    public const int MaxLineChars = 64 * 1024;

    /// <summary>Largest accepted ProxyBalancer or Worker index.</summary>
    public const int MaxIndex = 100_000;

    private const string NotAutoPage = "not a mod_status ?auto page";
    private const string BalancerPrefix = "ProxyBalancer[";
    private const string WorkerPrefix = "Worker[";
    private const int MaxKeyInMessage = 80;

    /// <summary>Parses a <c>?auto</c> page.</summary>
    /// <exception cref="ServerStatusFormatException">The text is not a usable <c>?auto</c> page.</exception>
    public static ServerStatus Parse(string text)
    {
        try
        {
            return ParseCore(text);
        }
        catch (ServerStatusFormatException)
        {
            throw;
        }
        catch (Exception ex)
        {
            // Defence in depth: a monitor must only ever see the documented exception.
            throw new ServerStatusFormatException(
                "internal error while parsing mod_status ?auto page: " + ex.GetType().Name, ex)
            { IsInternalError = true };
        }
    }

    /// <summary>Parses a <c>?auto</c> page; never throws.</summary>
    /// <param name="text">The page.</param>
    /// <param name="status">The result when this returns true.</param>
    /// <param name="error">A one-line reason when this returns false.</param>
    public static bool TryParse(
        string text,
        [NotNullWhen(true)] out ServerStatus? status,
        [NotNullWhen(false)] out string? error)
    {
        try
        {
            status = Parse(text);
            error = null;
            return true;
        }
        catch (Exception ex)
        {
            status = null;
            error = ex.Message;
            return false;
        }
    }

    /// <summary>
    /// Reads a size as httpd prints it for Sent/Rcvd: apr_strfsize style (<c>512</c>,
    /// <c>" 12K"</c>, <c>3.9M</c>, <c>1.2G</c>) or the newer integer <c>NK</c>. Suffixes K, M, G,
    /// T, P, E are powers of 1024. Returns bytes (rounded), or <c>null</c> for <c>-</c>,
    /// <c>****</c>, negative or unreadable values.
    /// </summary>
    public static long? ParseApacheSize(ReadOnlySpan<char> value)
    {
        var v = value.Trim();
        if (v.IsEmpty)
        {
            return null;
        }

        var shift = (v[^1] | 0x20) switch
        {
            'k' => 10,
            'm' => 20,
            'g' => 30,
            't' => 40,
            'p' => 50,
            'e' => 60,
            _ => 0,
        };
        if (shift != 0)
        {
            v = v[..^1].TrimEnd();
            if (v.IsEmpty)
            {
                return null;
            }
        }

        if (long.TryParse(v, NumberStyles.None, CultureInfo.InvariantCulture, out var whole))
        {
            if (whole > (long.MaxValue >> shift))
            {
                return null;
            }

            return whole << shift;
        }

        if (!double.TryParse(v, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var d)
            || !double.IsFinite(d))
        {
            return null;
        }

        var bytes = Math.Round(d * Math.ScaleB(1.0, shift), MidpointRounding.AwayFromZero);
        if (bytes < 0 || bytes >= 9.2e18)
        {
            return null;
        }

        return (long)bytes;
    }

    private static ServerStatus ParseCore(string? text)
    {
        if (text is null)
        {
            throw new ServerStatusFormatException("mod_status ?auto page is empty (null input)");
        }

        if (text.Length > MaxInputChars)
        {
            throw new ServerStatusFormatException(
                $"mod_status ?auto page is too large: {text.Length} characters, the limit is 8 MiB ({MaxInputChars})");
        }

        ReadOnlySpan<char> all = text;
        if (!all.IsEmpty && all[0] == '\uFEFF')
        {
            all = all[1..];
        }

        var firstVisible = all.TrimStart();
        if (firstVisible.IsEmpty)
        {
            throw new ServerStatusFormatException("mod_status ?auto page is empty");
        }

        if (firstVisible[0] == '<')
        {
            throw new ServerStatusFormatException(
                "response looks like HTML/XML (starts with '<'), " + NotAutoPage + "; request /server-status?auto");
        }

        var nul = all.IndexOf('\0');
        if (nul >= 0)
        {
            var nulLine = all[..nul].Count('\n') + 1;
            throw new ServerStatusFormatException(
                $"line {nulLine}: contains a NUL character (binary data), " + NotAutoPage, nulLine);
        }

        var acc = new Accumulator();
        var lineNo = 0;
        var seenContent = false;
        var pos = 0;
        while (pos < all.Length)
        {
            var rest = all[pos..];
            var nl = rest.IndexOf('\n');
            ReadOnlySpan<char> line;
            if (nl < 0)
            {
                line = rest;
                pos = all.Length;
            }
            else
            {
                line = rest[..nl];
                pos += nl + 1;
            }

            lineNo++;
            if (lineNo > MaxLines)
            {
                throw new ServerStatusFormatException(
                    $"mod_status ?auto page has more than {MaxLines} lines", lineNo);
            }

            if (!line.IsEmpty && line[^1] == '\r')
            {
                line = line[..^1];
            }

            if (line.Length > MaxLineChars)
            {
                throw new ServerStatusFormatException(
                    $"line {lineNo}: {line.Length} characters long, the limit is 64 KiB ({MaxLineChars})", lineNo);
            }

            if (line.IsWhiteSpace())
            {
                continue;
            }

            var isFirst = !seenContent;
            seenContent = true;

            // httpd writes "Key: value". Anything else is the host line (first line only) or noise.
            var colon = line.IndexOf(':');
            if (colon <= 0 || (colon + 1 < line.Length && line[colon + 1] != ' ' && line[colon + 1] != '\t'))
            {
                if (isFirst)
                {
                    acc.Host = line.Trim().ToString();
                }

                continue;
            }

            var keySpan = line[..colon];
            var valueSpan = line[(colon + 1)..];
            if (!valueSpan.IsEmpty && valueSpan[0] == ' ')
            {
                valueSpan = valueSpan[1..];
            }

            var key = keySpan.ToString();
            ref var slot = ref CollectionsMarshal.GetValueRefOrAddDefault(acc.Fields, key, out var exists);
            if (exists)
            {
                continue; // first occurrence wins
            }

            var value = valueSpan.ToString();
            slot = value;

            if (keySpan.StartsWith(BalancerPrefix, StringComparison.Ordinal))
            {
                ReadBalancerKey(acc, keySpan, key, value, lineNo);
            }
            else
            {
                ReadServerKey(acc, key, value, lineNo);
            }
        }

        if (!acc.SeenCoreKey)
        {
            throw new ServerStatusFormatException(
                NotAutoPage + ": none of ServerUptimeSeconds, Uptime, Total Accesses, BusyWorkers, IdleWorkers, Scoreboard found");
        }

        return acc.Build();
    }

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

    private sealed class Accumulator
    {
        private Dictionary<int, BalancerAcc>? _balancers;

        public Dictionary<string, string> Fields { get; } = new(64, StringComparer.Ordinal);

        /// <summary>The typed values read so far (host, uptime, fields and balancers are set at the end).</summary>
        public ServerStatus S = new();

        public string? Host;
        public bool SeenCoreKey;
        public long? UptimeSeconds;
        public long? UptimeLegacy;

        public BalancerAcc Balancer(int index)
        {
            _balancers ??= new();
            ref var slot = ref CollectionsMarshal.GetValueRefOrAddDefault(_balancers, index, out _);
            return slot ??= new BalancerAcc();
        }

        public ServerStatus Build()
        {
            return S with
            {
                Host = Host,
                Uptime = ToUptime(UptimeSeconds) ?? ToUptime(UptimeLegacy),
                Fields = new ReadOnlyDictionary<string, string>(Fields),
                Balancers = BuildBalancers(),
            };
        }

        private static TimeSpan? ToUptime(long? seconds)
        {
            const long maxSeconds = long.MaxValue / TimeSpan.TicksPerSecond;
            return seconds is { } s and >= 0 and <= maxSeconds ? TimeSpan.FromTicks(s * TimeSpan.TicksPerSecond) : null;
        }

        private IReadOnlyList<ProxyBalancer> BuildBalancers()
        {
            if (_balancers is null || _balancers.Count == 0)
            {
                return [];
            }

            var indexes = SortedKeys(_balancers);
            var result = new ProxyBalancer[indexes.Length];
            for (var i = 0; i < indexes.Length; i++)
            {
                var b = _balancers[indexes[i]];
                result[i] = new ProxyBalancer(indexes[i], b.Name ?? string.Empty, b.BuildWorkers());
            }

            return Array.AsReadOnly(result);
        }
    }

    private static int[] SortedKeys<T>(Dictionary<int, T> map)
    {
        var keys = new int[map.Count];
        map.Keys.CopyTo(keys, 0);
        Array.Sort(keys);
        return keys;
    }
}
