using System.Collections.ObjectModel;
using System.Runtime.InteropServices;

namespace GirAgent.Httpd;

// mod_status ?auto, the ProxyBalancer[N]... lines of mod_proxy_balancer: balancers, their workers and the workers' flags.
internal static partial class ServerStatusParser
{
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
