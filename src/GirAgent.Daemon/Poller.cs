using System.Diagnostics;
using GirAgent.Httpd;
using GirAgent.Metrics;
using GirAgent.Net;
using GirAgent.Ocf;
using GirAgent.Pacemaker;
using GirAgent.Posix;
using GirAgent.Status;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace GirAgent.Daemon;

/// <summary>
/// Polls crm_mon and (on the node that runs the webserver) server-status on its own schedule, each
/// with its own timeout; publishes the snapshot, turns changes into failover events, and feeds the
/// systemd watchdog. One failing source never stops the other or the loop.
/// </summary>
public sealed partial class Poller(DaemonState state, ICommandRunner runner, ServiceNotifier notifier, ILogger<Poller> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var options = state.Options;
        var interval = TimeSpan.FromSeconds(options.PollIntervalSeconds);
        var first = true;
        state.LocalNode = await Task.Run(LocalNodeName, stoppingToken).ConfigureAwait(false);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Run(PollOnce, stoppingToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogPollFailed(log, e.Message);
            }
            notifier.Watchdog();
            if (first)
            {
                notifier.Ready("polling crm_mon and server-status");
                first = false;
            }
            await state.WaitForPollRequest(interval, stoppingToken).ConfigureAwait(false);
        }
    }

    /// <summary>One round: both sources, the snapshot, the events.</summary>
    public void PollOnce()
    {
        var options = state.Options;
        var previous = state.Snapshot;
        var now = state.Time.GetUtcNow();

        var clock = Stopwatch.StartNew();
        var (cluster, source) = new StatusCollector(runner, TextReader.Null)
            .CollectCluster(new StatusOptions(Timeout: TimeSpan.FromSeconds(options.CrmMonTimeoutSeconds)));
        var clusterError = source.Error;
        var clusterScrape = new SourceScrape(cluster is not null, clock.Elapsed,
            cluster is not null ? now : previous.ClusterScrape?.LastSuccess,
            (previous.ClusterScrape?.Failures ?? 0) + (cluster is null ? 1 : 0));
        if (cluster is null && previous.ClusterError != clusterError) LogSourceDown(log, "crm_mon", clusterError ?? "unknown error");

        // server-status answers on the node that serves; elsewhere its absence is normal
        ServerStatus? httpd = null;
        string? httpdError = null;
        SourceScrape? httpdScrape = null;
        var runsHere = cluster is null || RunsWebserverHere(cluster);
        if (runsHere)
        {
            clock.Restart();
            try
            {
                var url = ServerStatusUrl.WithAuto(new Uri(options.StatusUrl));
                var timeout = TimeSpan.FromSeconds(options.StatusTimeoutSeconds);
                var page = HttpProbe.Get(url, new Deadline(timeout), new HttpProbe.Options(timeout));
                if (!page.IsSuccess) httpdError = $"{url} answered {page.StatusCode} {page.Reason}";
                else if (!ServerStatusParser.TryParse(page.Body, out httpd, out var error)) httpdError = error;
            }
            catch (HttpProbeException e)
            {
                httpdError = e.Message;
            }
            httpdScrape = new SourceScrape(httpd is not null, clock.Elapsed,
                httpd is not null ? now : previous.HttpdScrape?.LastSuccess,
                (previous.HttpdScrape?.Failures ?? 0) + (httpd is null ? 1 : 0));
        }

        state.Publish(new DaemonSnapshot(cluster, clusterScrape, clusterError, httpd, httpdScrape, httpdError, now));

        if (cluster is not null)
        {
            IReadOnlyList<Events.FailoverEvent> events;
            lock (state.TrackerLock) events = state.Tracker.Observe(cluster, now);
            state.Record(events);
            foreach (var e in events) EventLogging.Log(log, e);
            state.Operations.Observe(cluster);
        }
        state.PublishMetrics(PrometheusTextWriter.WriteUtf8(MetricsExporter.Collect(new MetricsInput
        {
            Cluster = cluster,
            ClusterScrape = clusterScrape,
            Httpd = httpd,
            HttpdScrape = httpdScrape,
            Health = state.HealthOptions,
            Failovers = state.Failovers,
            Operations = state.Operations,
            Process = ProcessStats.ReadSelf(),
            CompatibleNames = options.CompatibleMetricNames,
            AgentVersion = typeof(Poller).Assembly.GetName().Version?.ToString(3),
        })));
    }

    /// <summary>The node name Pacemaker uses for this node (it may differ from the host name).</summary>
    private string LocalNodeName()
    {
        try
        {
            var result = runner.Run("crm_node", ["-n"], null, TimeSpan.FromSeconds(5));
            var name = result.StandardOutput.Trim();
            if (result.Success && name.Length > 0 && !name.Contains('\n')) return name;
        }
        catch (Exception e) when (e is IOException or TimeoutException) { }
        return Environment.MachineName;
    }

    private bool RunsWebserverHere(ClusterSnapshot cluster) =>
        cluster.Resources.Any(r => (r.BaseId == state.Options.WebserverResource || StatusEvaluator.KindOf(r) == StatusEvaluator.WebserverKind)
            && r.IsStarted && r.Nodes.Contains(state.LocalNode, StringComparer.OrdinalIgnoreCase));

    [LoggerMessage(EventId = 1001, Level = LogLevel.Warning, Message = "poll failed: {Reason}")]
    private static partial void LogPollFailed(ILogger logger, string reason);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Warning, Message = "source {GirSource} down: {Reason}")]
    private static partial void LogSourceDown(ILogger logger, string girSource, string reason);
}
