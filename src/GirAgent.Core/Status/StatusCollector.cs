using System.Diagnostics;
using GirAgent.Httpd;
using GirAgent.Net;
using GirAgent.Pacemaker;
using GirAgent.Posix;
using GirAgent.Time;

namespace GirAgent.Status;

/// <summary>Where <c>giragent status</c> reads from: saved files (<c>-</c> for standard input) or the live node.</summary>
internal sealed record StatusOptions(
    string? CrmMonXmlPath = null,
    string? ServerStatusPath = null,
    Uri? StatusUrl = null,
    TimeSpan? Timeout = null,
    bool VerifyTls = false);

/// <summary>
/// Gathers the inputs of a status report: runs crm_mon (TZ=UTC LC_ALL=C, bounded in time) or reads
/// its saved XML, and fetches server-status?auto (from this node when it runs the webserver, else
/// through the VIP) or reads a saved page. A failing source is recorded, never thrown.
/// </summary>
internal sealed class StatusCollector(ICommandRunner runner, TextReader standardInput)
{
    private static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(10);

    public StatusInputs Collect(StatusOptions options)
    {
        var timeout = options.Timeout ?? DefaultTimeout;
        var (cluster, clusterSource) = CollectCluster(options, timeout);
        var (httpd, httpdSource) = CollectHttpd(options, cluster, timeout);
        return new StatusInputs(cluster, clusterSource, httpd, httpdSource);
    }

    private (ClusterSnapshot?, SourceResult) CollectCluster(StatusOptions options, TimeSpan timeout)
    {
        ClusterRead read;
        if (options.CrmMonXmlPath is { } path)
        {
            var clock = Stopwatch.StartNew();
            try
            {
                read = ClusterReader.Parse(ReadInput(path, CrmMonParser.MaxInputChars), path == "-" ? "stdin" : path, clock);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                read = new ClusterRead(null, path, e.Message, clock.Elapsed);
            }
        }
        else
        {
            read = new ClusterReader(runner).Read(timeout);
        }
        return (read.Snapshot, SourceResult.Of(read));
    }

    private (ServerStatus?, SourceResult?) CollectHttpd(StatusOptions options, ClusterSnapshot? cluster, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        string origin = "";
        try
        {
            string page;
            if (options.ServerStatusPath is { } path)
            {
                origin = path == "-" ? "stdin" : path;
                page = ReadInput(path, ServerStatusParser.MaxInputChars);
            }
            else
            {
                var url = options.StatusUrl ?? DefaultStatusUrl(cluster, timeout);
                if (url is null) return (null, null);
                origin = ServerStatusUrl.WithAuto(url).ToString();
                var read = ServerStatusClient.Read(url, new Deadline(timeout), new HttpProbe.Options(TimeSpan.FromSeconds(Math.Min(5, timeout.TotalSeconds)), options.VerifyTls));
                return (read.Status, new SourceResult("server-status", origin, read.Status is not null, read.Error, clock.Elapsed.TotalMilliseconds));
            }
            if (!ServerStatusParser.TryParse(page, out var status, out var error))
                return (null, new SourceResult("server-status", origin, false, error, clock.Elapsed.TotalMilliseconds));
            return (status, new SourceResult("server-status", origin, true, null, clock.Elapsed.TotalMilliseconds));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or HttpProbeException)
        {
            return (null, new SourceResult("server-status", origin, false, e.Message, clock.Elapsed.TotalMilliseconds));
        }
    }

    /// <summary>
    /// server-status of the node that serves: this node's when it runs the webserver (or no cluster
    /// answered), else through the virtual IP's address as the cluster configures it.
    /// </summary>
    private Uri? DefaultStatusUrl(ClusterSnapshot? cluster, TimeSpan timeout)
    {
        var local = new Uri("http://localhost/server-status");
        if (cluster is null) return local;
        var web = LoadBalancerRoles.Started(cluster, LoadBalancerRole.Webserver);
        if (web is null) return null; // nothing serves: nothing to ask
        var pacemaker = new PacemakerTools(runner);
        if (web.IsStartedOn(pacemaker.TryLocalNodeName(timeout) ?? Environment.MachineName)) return local;
        var vip = LoadBalancerRoles.Find(cluster, LoadBalancerRole.Vip);
        if (vip is null) return local;
        var ip = pacemaker.ResourceParameter(vip.BaseId, "ip", timeout);
        if (System.Net.IPAddress.TryParse(ip, out var address))
            return new Uri($"http://{(address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? $"[{ip}]" : ip)}/server-status");
        return local;
    }

    private string ReadInput(string path, int maxBytes)
    {
        if (path == "-")
        {
            var buffer = new char[64 * 1024];
            var sb = new System.Text.StringBuilder();
            int n;
            while ((n = standardInput.Read(buffer, 0, buffer.Length)) > 0)
            {
                sb.Append(buffer, 0, n);
                if (sb.Length > maxBytes) throw new InputTooLargeException("standard input", maxBytes);
            }
            return sb.ToString();
        }
        if (!File.Exists(path) && !Directory.Exists(path)) throw new IOException($"{path}: no such file");
        return BoundedFile.ReadText(path, maxBytes);
    }
}
