using System.Diagnostics;
using GirAgent.Events;
using GirAgent.Httpd;
using GirAgent.Metrics;
using GirAgent.Net;
using GirAgent.Pacemaker;
using GirAgent.Posix;
using GirAgent.Time;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace GirAgent.Daemon;

/// <summary>
/// Polls crm_mon and (on the node that runs the webserver) server-status, each in its own loop on its
/// own schedule with its own timeout, so a hung status URL never delays the cluster's state nor the
/// other way round; publishes the snapshot (from which the next scrape renders /metrics), turns cluster
/// changes into failover events, and feeds the systemd watchdog while both loops run. One failing source
/// never stops the other or the daemon.
/// </summary>
internal sealed partial class Poller(DaemonState state, ICommandRunner runner, ServiceNotifier notifier, ILogger<Poller> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Run(LearnTheStack, stoppingToken).ConfigureAwait(false);
        await Task.WhenAll(Loop(PollCluster, httpd: false, stoppingToken), Loop(PollHttpd, httpd: true, stoppingToken)).ConfigureAwait(false);
    }

    private async Task Loop(Action poll, bool httpd, CancellationToken stoppingToken)
    {
        var interval = TimeSpan.FromSeconds(state.Options.PollIntervalSeconds);
        var first = !httpd;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Run(poll, stoppingToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogPollFailed(log, e.Message);
            }
            if (state.IsAlive(state.Time.GetUtcNow())) notifier.Watchdog();
            if (first)
            {
                notifier.Ready("polling crm_mon and server-status");
                first = false;
            }
            await state.WaitForPollRequest(httpd ? interval : state.ClusterPollInterval(state.Time.GetUtcNow()), stoppingToken, httpd).ConfigureAwait(false);
        }
    }

    /// <summary>When the cluster stack last answered what the daemon must learn from it (null: it has).</summary>
    private DateTimeOffset? _stackUnknownSince;

    /// <summary>Whether the stack was asked again when crm_mon first answered (once: then every 10 s).</summary>
    private bool _askedWhenAnswering;

    /// <summary>
    /// This node's cluster name and Corosync's detection time. A daemon started before the cluster (a node booting,
    /// `lab revive`) asks again as soon as crm_mon answers (Corosync runs then), and every 10 s until it is known:
    /// until then it goes by the host name and counts a node loss's outage from the verdict.
    /// </summary>
    internal void LearnTheStack()
    {
        var pacemaker = new PacemakerTools(runner);
        var name = pacemaker.TryLocalNodeName(TimeSpan.FromSeconds(5));
        state.LocalNode = name ?? Environment.MachineName;
        var detection = pacemaker.NodeLossDetection(TimeSpan.FromSeconds(5));
        if (detection is { } known)
        {
            state.Ledger.SetNodeLossDetection(known);
            LogDetection(log, known.TotalSeconds);
        }
        _stackUnknownSince = name is null || detection is null ? state.Time.GetUtcNow() : null;
    }

    private static readonly TimeSpan QuorumEvery = TimeSpan.FromSeconds(10);
    private QuorumInfo? _quorum;
    private DateTimeOffset? _quorumAt;
    private int? _quorumOnline;

    /// <summary>One crm_mon round: the operation latencies, the cluster part of the snapshot, the events.</summary>
    public void PollCluster()
    {
        var options = state.Options;
        var clock = Stopwatch.StartNew();
        var timeout = TimeSpan.FromSeconds(options.CrmMonTimeoutSeconds);
        var read = new ClusterReader(runner).Read(timeout, quorum: false);
        // the snapshot is stamped when crm_mon has answered: what it shows was so by then (stamped before the read, a
        // change crm_mon saw while it ran, 0.3 s on a busy node, looked older than Pacemaker's own record of it)
        var now = state.Time.GetUtcNow();
        if (read.Snapshot is { } fresh)
        {
            // Corosync's quorum changes with the membership crm_mon shows: asked when that changes and every QuorumEvery,
            // not on every poll (one process less in the alert-driven polls of a failover)
            var online = fresh.Nodes.Count(n => n.Online);
            if (_quorumAt is not { } asked || now - asked >= QuorumEvery || online != _quorumOnline)
                (_quorum, _quorumAt, _quorumOnline) = (new PacemakerTools(runner).Quorum(timeout), now, online);
            read = read with { Snapshot = fresh with { Quorum = _quorum } };
        }
        var (cluster, clusterError) = (read.Snapshot, read.Error);
        var elapsed = clock.Elapsed;
        var previous = state.Snapshot;
        if (cluster is not null) state.Operations.Observe(cluster); // before the snapshot that the metrics go with
        state.Update(s => s with
        {
            Cluster = cluster,
            ClusterScrape = Next(s.ClusterScrape, cluster is not null, elapsed, now),
            ClusterError = clusterError,
            LastPoll = now,
        });
        if (cluster is null && previous.ClusterError != clusterError) LogSourceDown(log, "crm_mon", clusterError ?? "unknown error");
        // before this snapshot's events: a node lost in it counts its outage from the node's last contact
        if (_stackUnknownSince is { } since && ((cluster is not null && !_askedWhenAnswering) || now - since >= TimeSpan.FromSeconds(10)))
        {
            _askedWhenAnswering |= cluster is not null;
            LearnTheStack();
        }

        // without a snapshot, the alerts' stops held for one are told when they have waited long enough
        var events = state.Ledger.ObserveCluster(cluster, now);
        foreach (var e in events) EventLogging.Log(log, e);
    }

    /// <summary>
    /// One server-status round: fetched on the node that runs the webserver (or when the cluster's state is
    /// unknown); elsewhere httpd's absence is normal and the page is not asked for.
    /// </summary>
    public void PollHttpd()
    {
        var options = state.Options;
        var now = state.Time.GetUtcNow();
        var cluster = state.Snapshot.Cluster;
        if (cluster is not null && !RunsWebserverHere(cluster))
        {
            state.Update(s => s with { Httpd = null, HttpdScrape = null, HttpdError = null, HttpdLastPoll = now });
            return;
        }

        ServerStatus? httpd = null;
        string? httpdError = null;
        var clock = Stopwatch.StartNew();
        try
        {
            var timeout = TimeSpan.FromSeconds(options.StatusTimeoutSeconds);
            var read = ServerStatusClient.Read(new Uri(options.StatusUrl), new Deadline(timeout), new HttpProbe.Options(timeout));
            (httpd, httpdError) = (read.Status, read.Error);
        }
        catch (HttpProbeException e)
        {
            httpdError = e.Message;
        }
        var elapsed = clock.Elapsed;
        var before = state.Snapshot.Httpd;
        state.Update(s => s with
        {
            Httpd = httpd,
            HttpdScrape = Next(s.HttpdScrape, httpd is not null, elapsed, now),
            HttpdError = httpdError,
            HttpdLastPoll = now,
        });
        // drains and disables (an operator's, or balancer-manager's) as events: the status page's timeline, giragent events
        if (httpd is null) return;
        var changed = MemberChanges.Between(before, httpd, state.LocalNode, now);
        if (changed.Count == 0) return;
        state.Ledger.Record(changed);
        foreach (var e in changed) EventLogging.Log(log, e);
    }

    /// <summary>A source's record after one more read: its last success and its failures so far carry over.</summary>
    private static SourceScrape Next(SourceScrape? previous, bool success, TimeSpan elapsed, DateTimeOffset now) =>
        new(success, elapsed, success ? now : previous?.LastSuccess, (previous?.Failures ?? 0) + (success ? 0 : 1));

    private bool RunsWebserverHere(ClusterSnapshot cluster) =>
        LoadBalancerRoles.RunsWebserver(cluster, state.LocalNode, state.Options.WebserverResource);

    [LoggerMessage(EventId = LogEventIds.NodeLossDetection, Level = LogLevel.Information, Message = "a node loss is known {Seconds:0.###} s after the node's last contact (Corosync's token + consensus): events count outages from then")]
    private static partial void LogDetection(ILogger logger, double seconds);

    [LoggerMessage(EventId = LogEventIds.PollFailed, Level = LogLevel.Warning, Message = "poll failed: {Reason}")]
    private static partial void LogPollFailed(ILogger logger, string reason);

    [LoggerMessage(EventId = LogEventIds.SourceDown, Level = LogLevel.Warning, Message = "source {GirSource} down: {Reason}")]
    private static partial void LogSourceDown(ILogger logger, string girSource, string reason);
}
