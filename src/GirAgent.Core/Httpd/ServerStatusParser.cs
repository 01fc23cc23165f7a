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
public static class ServerStatusParser
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
                "internal error while parsing mod_status ?auto page: " + ex.GetType().Name, ex) { IsInternalError = true };
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
    /// Reads the status words of a balancer member (<c>"Init Stby Ok "</c>) in any order,
    /// separated by spaces or tabs. Unknown words are ignored; words match case-insensitively.
    /// </summary>
    public static WorkerFlags ParseWorkerFlags(ReadOnlySpan<char> status)
    {
        var flags = WorkerFlags.None;
        var rest = status;
        while (true)
        {
            rest = rest.TrimStart(" \t");
            if (rest.IsEmpty)
            {
                return flags;
            }

            var end = rest.IndexOfAny(' ', '\t');
            var word = end < 0 ? rest : rest[..end];
            rest = end < 0 ? default : rest[end..];
            flags |= WordToFlag(word);
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
                acc.S.ServerVersion = value;
                break;
            case "ServerMPM":
                acc.S.ServerMpm = value;
                break;
            case "Server Built":
                acc.S.ServerBuilt = value;
                break;
            case "CurrentTime":
                acc.S.CurrentTime = value;
                break;
            case "RestartTime":
                acc.S.RestartTime = value;
                break;
            case "ParentServerConfigGeneration":
                acc.S.ParentServerConfigGeneration = ParseLong(v);
                break;
            case "ParentServerMPMGeneration":
                acc.S.ParentServerMpmGeneration = ParseLong(v);
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
                acc.S.Load1 = ParseDouble(v);
                break;
            case "Load5":
                acc.S.Load5 = ParseDouble(v);
                break;
            case "Load15":
                acc.S.Load15 = ParseDouble(v);
                break;
            case "Total Accesses":
                acc.SeenCoreKey = true;
                acc.S.TotalAccesses = CountLong(v);
                break;
            case "Total kBytes":
                acc.S.TotalKBytes = ParseDouble(v);
                break;
            case "Total Duration":
                acc.S.TotalDuration = CountLong(v);
                break;
            case "CPUUser":
                acc.S.CpuUser = ParseDouble(v);
                break;
            case "CPUSystem":
                acc.S.CpuSystem = ParseDouble(v);
                break;
            case "CPUChildrenUser":
                acc.S.CpuChildrenUser = ParseDouble(v);
                break;
            case "CPUChildrenSystem":
                acc.S.CpuChildrenSystem = ParseDouble(v);
                break;
            case "CPULoad":
                acc.S.CpuLoad = ParseDouble(v);
                break;
            case "ReqPerSec":
                acc.S.ReqPerSec = ParseDouble(v);
                break;
            case "BytesPerSec":
                acc.S.BytesPerSec = ParseDouble(v);
                break;
            case "BytesPerReq":
                acc.S.BytesPerReq = ParseDouble(v);
                break;
            case "DurationPerReq":
                acc.S.DurationPerReq = ParseDouble(v);
                break;
            case "BusyWorkers":
                acc.SeenCoreKey = true;
                acc.S.BusyWorkers = Count(v);
                break;
            case "GracefulWorkers":
                acc.S.GracefulWorkers = Count(v);
                break;
            case "IdleWorkers":
                acc.SeenCoreKey = true;
                acc.S.IdleWorkers = Count(v);
                break;
            case "Processes":
                acc.S.Processes = Count(v);
                break;
            case "Stopping":
                acc.S.Stopping = Count(v);
                break;
            case "ConnsTotal":
                acc.S.ConnsTotal = CountLong(v);
                break;
            case "ConnsAsyncWaitIO":
                acc.S.ConnsAsyncWaitIO = CountLong(v);
                break;
            case "ConnsAsyncWriting":
                acc.S.ConnsAsyncWriting = CountLong(v);
                break;
            case "ConnsAsyncKeepAlive":
                acc.S.ConnsAsyncKeepAlive = CountLong(v);
                break;
            case "ConnsAsyncClosing":
                acc.S.ConnsAsyncClosing = CountLong(v);
                break;
            case "Scoreboard":
                acc.SeenCoreKey = true;
                acc.S.Scoreboard = value;
                acc.S.ScoreboardCounts = ScoreboardCounts.FromScoreboard(v.Trim());
                break;
        }
    }

    private static void ReadBalancerKey(Accumulator acc, ReadOnlySpan<char> keySpan, string key, string value, int lineNo)
    {
        var k = keySpan[BalancerPrefix.Length..];
        if (!TryReadIndex(ref k, key, lineNo, out var balancerIndex))
        {
            return; // malformed key: kept in Fields only
        }

        if (k.SequenceEqual("Name"))
        {
            acc.Balancer(balancerIndex).Name = value;
            return;
        }

        if (!k.StartsWith(WorkerPrefix, StringComparison.Ordinal))
        {
            return; // unknown balancer-level key: kept in Fields only
        }

        k = k[WorkerPrefix.Length..];
        if (!TryReadIndex(ref k, key, lineNo, out var workerIndex) || k.IsEmpty)
        {
            return;
        }

        var worker = acc.Balancer(balancerIndex).Worker(workerIndex);
        var v = value.AsSpan();
        switch (k)
        {
            case "Name":
                worker.Name = value;
                break;
            case "Status":
                worker.Status = value;
                break;
            case "Elected":
                worker.Elected = ParseLong(v);
                break;
            case "Busy":
                worker.Busy = ParseLong(v);
                break;
            case "Sent":
                worker.Sent = ParseApacheSize(v);
                break;
            case "Rcvd":
                worker.Rcvd = ParseApacheSize(v);
                break;
            default:
                worker.Extra ??= new Dictionary<string, string>(StringComparer.Ordinal);
                worker.Extra.TryAdd(k.ToString(), value);
                break;
        }
    }

    /// <summary>
    /// Reads <c>digits]</c> from the start of <paramref name="k"/> and advances past it.
    /// False (ignore the key) when malformed; throws when the index is over <see cref="MaxIndex"/>.
    /// </summary>
    private static bool TryReadIndex(ref ReadOnlySpan<char> k, string key, int lineNo, out int index)
    {
        index = 0;
        var i = 0;
        while (i < k.Length && char.IsAsciiDigit(k[i]))
        {
            index = (index * 10) + (k[i] - '0');
            if (index > MaxIndex)
            {
                throw new ServerStatusFormatException(
                    $"line {lineNo}: index in key '{ForMessage(key)}' is over the limit of {MaxIndex}", lineNo);
            }

            i++;
        }

        if (i == 0 || i >= k.Length || k[i] != ']')
        {
            return false;
        }

        k = k[(i + 1)..];
        return true;
    }

    private static WorkerFlags WordToFlag(ReadOnlySpan<char> word) => word.Length switch
    {
        2 when word.Equals("Ok", StringComparison.OrdinalIgnoreCase) => WorkerFlags.Ok,
        3 when word.Equals("Ign", StringComparison.OrdinalIgnoreCase) => WorkerFlags.Ign,
        3 when word.Equals("Drn", StringComparison.OrdinalIgnoreCase) => WorkerFlags.Drn,
        3 when word.Equals("Gen", StringComparison.OrdinalIgnoreCase) => WorkerFlags.Gen,
        3 when word.Equals("Dis", StringComparison.OrdinalIgnoreCase) => WorkerFlags.Dis,
        3 when word.Equals("Err", StringComparison.OrdinalIgnoreCase) => WorkerFlags.Err,
        4 when word.Equals("Init", StringComparison.OrdinalIgnoreCase) => WorkerFlags.Init,
        4 when word.Equals("Shut", StringComparison.OrdinalIgnoreCase) => WorkerFlags.Shut,
        4 when word.Equals("Stop", StringComparison.OrdinalIgnoreCase) => WorkerFlags.Stop,
        4 when word.Equals("Stby", StringComparison.OrdinalIgnoreCase) => WorkerFlags.Stby,
        4 when word.Equals("Spar", StringComparison.OrdinalIgnoreCase) => WorkerFlags.Spar,
        4 when word.Equals("Free", StringComparison.OrdinalIgnoreCase) => WorkerFlags.Free,
        4 when word.Equals("HcFl", StringComparison.OrdinalIgnoreCase) => WorkerFlags.HcFl,
        _ => WorkerFlags.None,
    };

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

        public ServerValues S;

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
            return new ServerStatus
            {
                Host = Host,
                ServerVersion = S.ServerVersion,
                ServerMpm = S.ServerMpm,
                ServerBuilt = S.ServerBuilt,
                CurrentTime = S.CurrentTime,
                RestartTime = S.RestartTime,
                ParentServerConfigGeneration = S.ParentServerConfigGeneration,
                ParentServerMpmGeneration = S.ParentServerMpmGeneration,
                Uptime = ToUptime(UptimeSeconds) ?? ToUptime(UptimeLegacy),
                Load1 = S.Load1,
                Load5 = S.Load5,
                Load15 = S.Load15,
                TotalAccesses = S.TotalAccesses,
                TotalKBytes = S.TotalKBytes,
                TotalDuration = S.TotalDuration,
                CpuUser = S.CpuUser,
                CpuSystem = S.CpuSystem,
                CpuChildrenUser = S.CpuChildrenUser,
                CpuChildrenSystem = S.CpuChildrenSystem,
                CpuLoad = S.CpuLoad,
                ReqPerSec = S.ReqPerSec,
                BytesPerSec = S.BytesPerSec,
                BytesPerReq = S.BytesPerReq,
                DurationPerReq = S.DurationPerReq,
                BusyWorkers = S.BusyWorkers,
                GracefulWorkers = S.GracefulWorkers,
                IdleWorkers = S.IdleWorkers,
                Processes = S.Processes,
                Stopping = S.Stopping,
                ConnsTotal = S.ConnsTotal,
                ConnsAsyncWaitIO = S.ConnsAsyncWaitIO,
                ConnsAsyncWriting = S.ConnsAsyncWriting,
                ConnsAsyncKeepAlive = S.ConnsAsyncKeepAlive,
                ConnsAsyncClosing = S.ConnsAsyncClosing,
                Scoreboard = S.Scoreboard,
                ScoreboardCounts = S.ScoreboardCounts,
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

    /// <summary>Mutable copies of the typed server values, filled while reading.</summary>
    private struct ServerValues
    {
        public string? ServerVersion;
        public string? ServerMpm;
        public string? ServerBuilt;
        public string? CurrentTime;
        public string? RestartTime;
        public long? ParentServerConfigGeneration;
        public long? ParentServerMpmGeneration;
        public double? Load1;
        public double? Load5;
        public double? Load15;
        public long? TotalAccesses;
        public double? TotalKBytes;
        public long? TotalDuration;
        public double? CpuUser;
        public double? CpuSystem;
        public double? CpuChildrenUser;
        public double? CpuChildrenSystem;
        public double? CpuLoad;
        public double? ReqPerSec;
        public double? BytesPerSec;
        public double? BytesPerReq;
        public double? DurationPerReq;
        public int? BusyWorkers;
        public int? GracefulWorkers;
        public int? IdleWorkers;
        public int? Processes;
        public int? Stopping;
        public long? ConnsTotal;
        public long? ConnsAsyncWaitIO;
        public long? ConnsAsyncWriting;
        public long? ConnsAsyncKeepAlive;
        public long? ConnsAsyncClosing;
        public string? Scoreboard;
        public ScoreboardCounts? ScoreboardCounts;
    }

    private sealed class BalancerAcc
    {
        private Dictionary<int, WorkerAcc>? _workers;

        public string? Name;

        public WorkerAcc Worker(int index)
        {
            _workers ??= new();
            ref var slot = ref CollectionsMarshal.GetValueRefOrAddDefault(_workers, index, out _);
            return slot ??= new WorkerAcc();
        }

        public IReadOnlyList<BalancerWorker> BuildWorkers()
        {
            if (_workers is null || _workers.Count == 0)
            {
                return [];
            }

            var indexes = SortedKeys(_workers);
            var result = new BalancerWorker[indexes.Length];
            for (var i = 0; i < indexes.Length; i++)
            {
                var w = _workers[indexes[i]];
                var status = w.Status ?? string.Empty;
                result[i] = new BalancerWorker(
                    indexes[i],
                    w.Name ?? string.Empty,
                    ParseWorkerFlags(status),
                    status,
                    w.Elected,
                    w.Busy,
                    w.Sent,
                    w.Rcvd)
                {
                    Extra = w.Extra is null
                        ? ReadOnlyDictionary<string, string>.Empty
                        : new ReadOnlyDictionary<string, string>(w.Extra),
                };
            }

            return Array.AsReadOnly(result);
        }
    }

    private sealed class WorkerAcc
    {
        public string? Name;
        public string? Status;
        public long? Elected;
        public long? Busy;
        public long? Sent;
        public long? Rcvd;
        public Dictionary<string, string>? Extra;
    }
}
