#:property InvariantGlobalization=true
#:property ServerGarbageCollector=false

// A scrape load generator for tests/bench/bench-daemon.py: C client threads, each with its own HTTP
// connection (kept alive, as Prometheus keeps it; or a new one per scrape with --close), scrape the given
// URLs round robin for S seconds after a 1 s warm-up, and the latency of every scrape (request sent to
// whole body read) is recorded. Prints one JSON object: per URL, requests, errors and latency percentiles
// in ms. Compiled ahead (dotnet build) so the load generator costs little CPU next to the servers.
//     dotnet run -c Release tests/bench/scrape-load.cs -- --seconds 10 --clients 8 [--close] URL...
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;

var seconds = 10.0;
var clients = 8;
var close = false;
var urls = new List<Uri>();
for (var i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--seconds": seconds = double.Parse(args[++i], CultureInfo.InvariantCulture); break;
        case "--clients": clients = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
        case "--close": close = true; break;
        default: urls.Add(new Uri(args[i])); break;
    }
}
if (urls.Count == 0 || clients < 1 || seconds <= 0)
{
    Console.Error.WriteLine("usage: scrape-load [--seconds S] [--clients C] [--close] URL...");
    return 2;
}

var latencies = urls.Select(_ => new List<double>[clients]).ToArray();
var errors = new long[urls.Count, clients];
var start = new ManualResetEventSlim();
var warmEnd = 0L;
var end = 0L;
var threads = new List<Thread>();
for (var c = 0; c < clients; c++)
{
    var client = c;
    for (var u = 0; u < urls.Count; u++) latencies[u][client] = new List<double>(200_000);
    var thread = new Thread(() =>
    {
        using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = 1, PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5), UseProxy = false, AutomaticDecompression = DecompressionMethods.None };
        using var http = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(10) };
        var buffer = new byte[1 << 20];
        start.Wait();
        var k = client;
        while (true)
        {
            var now = Stopwatch.GetTimestamp();
            if (now >= end) break;
            var u = k++ % urls.Count;
            var t0 = Stopwatch.GetTimestamp();
            var ok = false;
            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, urls[u]);
                if (close) request.Headers.ConnectionClose = true;
                using var response = http.Send(request, HttpCompletionOption.ResponseHeadersRead);
                using var body = response.Content.ReadAsStream();
                while (body.Read(buffer, 0, buffer.Length) > 0) { }
                ok = response.StatusCode == HttpStatusCode.OK;
            }
            catch (Exception e) when (e is HttpRequestException or IOException or TaskCanceledException) { }
            var t1 = Stopwatch.GetTimestamp();
            if (t0 < warmEnd) continue;
            if (ok) latencies[u][client].Add(Stopwatch.GetElapsedTime(t0, t1).TotalMilliseconds);
            else errors[u, client]++;
        }
    }) { IsBackground = true };
    threads.Add(thread);
    thread.Start();
}
warmEnd = Stopwatch.GetTimestamp() + Stopwatch.Frequency;
end = warmEnd + (long)(seconds * Stopwatch.Frequency);
start.Set();
foreach (var t in threads) t.Join();

static double Percentile(List<double> sorted, double p) =>
    sorted.Count == 0 ? double.NaN : sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];

var json = new StringBuilder("{\"clients\": ").Append(clients).Append(", \"seconds\": ").Append(seconds.ToString(CultureInfo.InvariantCulture))
    .Append(", \"keepalive\": ").Append(close ? "false" : "true").Append(", \"urls\": {");
for (var u = 0; u < urls.Count; u++)
{
    var all = latencies[u].SelectMany(l => l).ToList();
    all.Sort();
    long errs = 0;
    for (var c = 0; c < clients; c++) errs += errors[u, c];
    json.Append(u == 0 ? "" : ", ").Append('"').Append(urls[u]).Append("\": {\"requests\": ").Append(all.Count + errs)
        .Append(", \"errors\": ").Append(errs)
        .Append(", \"p50\": ").Append(Percentile(all, 0.50).ToString("F3", CultureInfo.InvariantCulture))
        .Append(", \"p90\": ").Append(Percentile(all, 0.90).ToString("F3", CultureInfo.InvariantCulture))
        .Append(", \"p99\": ").Append(Percentile(all, 0.99).ToString("F3", CultureInfo.InvariantCulture)).Append('}');
}
Console.WriteLine(json.Append("}}"));
return 0;
