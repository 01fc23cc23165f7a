using System.Collections.ObjectModel;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Runtime.InteropServices;

using GirAgent.Text;

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
    public static ServerStatus Parse(string text) =>
        // defence in depth: a monitor only ever sees the documented exception
        ParserBoundary.Parse(() => ParseCore(text), ex =>
            new ServerStatusFormatException("internal error while parsing mod_status ?auto page: " + ex.GetType().Name, ex) { IsInternalError = true });

    /// <summary>Parses a <c>?auto</c> page; never throws.</summary>
    /// <param name="text">The page.</param>
    /// <param name="status">The result when this returns true.</param>
    /// <param name="error">A one-line reason when this returns false.</param>
    public static bool TryParse(string text, [NotNullWhen(true)] out ServerStatus? status, [NotNullWhen(false)] out string? error) =>
        ParserBoundary.TryParse(() => Parse(text), out status, out error);

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
