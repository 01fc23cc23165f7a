using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using GirAgent.Events;
using GirAgent.Httpd;
using GirAgent.Metrics;
using GirAgent.Pacemaker;
using GirAgent.Status;
using GirAgent.Webserver;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace GirAgent.Daemon;

/// <summary>
/// The daemon's HTTP surface, answered from the last snapshot (a scrape never runs crm_mon):
/// /metrics (Prometheus text), /health (200 on the serving node, 503 otherwise, JSON saying why),
/// /live (the daemon itself works), /events (recent failover events), /status (the status report,
/// for `giragent status`), POST /alert (the alert agent, on the Unix socket only). Basic authentication, when configured,
/// guards the TCP endpoint except /live; the Unix socket is guarded by its mode and group.
/// </summary>
internal static class Endpoints
{
    /// <summary>The largest alert body taken (an alert's variables are a few hundred bytes).</summary>
    public const int MaxAlertBytes = 64 * 1024;

    private static readonly string TooLarge = $"an alert is at most {MaxAlertBytes / 1024} KiB\n";

    public static void Map(WebApplication app, DaemonState state)
    {
        if (state.Options.BasicAuthUser is { } user && state.Options.BasicAuthPasswordSha256 is { } hash)
            app.Use(async (context, next) =>
            {
                var fromSocket = context.Connection.LocalIpAddress is null; // the Unix socket: guarded by its mode
                if (fromSocket || context.Request.Path == "/live" || Authorized(context.Request, user, hash)) { await next(context); return; }
                context.Response.StatusCode = 401;
                context.Response.Headers.WWWAuthenticate = "Basic realm=\"giragent\"";
            });

        // /status, /events and the status page name every node, member and failover: over the network only with authentication
        app.Use(async (context, next) =>
        {
            var fromSocket = context.Connection.LocalIpAddress is null;
            if (!fromSocket && IsDetail(context.Request.Path) && !state.Options.AllowsDetailsTo(context.Connection.RemoteIpAddress))
            {
                await Write(context, 403, "text/plain",
                    "/status, /events and the status page (/ui) are answered on the Unix socket and on loopback; over the network only with BasicAuthUser set (docs/daemon.md, Security)\n");
                return;
            }
            await next(context);
        });

        // RequestDelegate handlers: no reflection-based delegate binding (NativeAOT)
        app.MapGet("/metrics", (RequestDelegate)(context =>
        {
            var metrics = state.Metrics;
            context.Response.ContentType = PrometheusTextWriter.ContentType;
            context.Response.ContentLength = metrics.Length;
            return context.Response.Body.WriteAsync(metrics).AsTask();
        }));
        app.MapGet("/health", (RequestDelegate)(context =>
        {
            var (code, body) = Health(state);
            return Write(context, code, "application/json", JsonSerializer.Serialize(body, DaemonJsonContext.Default.HealthResponse));
        }));
        app.MapGet("/live", (RequestDelegate)(context =>
        {
            var alive = state.IsAlive(state.Time.GetUtcNow());
            return Write(context, alive ? 200 : 503, "application/json",
                JsonSerializer.Serialize(new LiveResponse(alive ? "alive" : "stalled", state.Snapshot.LastPoll), DaemonJsonContext.Default.LiveResponse));
        }));
        app.MapGet("/status", (RequestDelegate)(context =>
        {
            var report = Report(state) with { RecentFailovers = state.Failovers.Recent(state.Time.GetUtcNow()) };
            return Write(context, 200, "application/json", JsonSerializer.Serialize(report, StatusJsonContext.Default.StatusReport));
        }));
        app.MapGet("/events", (RequestDelegate)(async context =>
        {
            var sinceText = context.Request.Query["since"].ToString();
            var limitText = context.Request.Query["limit"].ToString();
            DateTimeOffset? since = null;
            if (sinceText.Length > 0)
            {
                if (!DateTimeOffset.TryParse(sinceText, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var s))
                {
                    await Write(context, 400, "text/plain", "since is not a time (ISO 8601: 2026-12-01T20:00:00Z)\n");
                    return;
                }
                since = s;
            }
            var limit = 100;
            if (limitText.Length > 0 && (!int.TryParse(limitText, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out limit) || limit < 1))
            {
                await Write(context, 400, "text/plain", $"limit is a number from 1 to {EventLedger.RecentCapacity}\n");
                return;
            }
            limit = Math.Min(limit, EventLedger.RecentCapacity);
            var answered = await state.QueryEvents(since, limit, result =>
            {
                context.Response.StatusCode = 200;
                context.Response.ContentType = "application/json";
                return JsonSerializer.SerializeAsync(context.Response.Body, result.Events.ToList(), EventJsonContext.Default.ListFailoverEvent, context.RequestAborted);
            }, context.RequestAborted);
            if (!answered)
            {
                context.Response.Headers.RetryAfter = "5";
                await Write(context, 503, "text/plain", "the event log is being read for other requests: try again\n");
            }
        }));
        app.MapPost("/alert", (RequestDelegate)(async context =>
        {
            // only the alert agent, through the Unix socket (mode 0660, group haclient), may add to the event log
            if (context.Connection.LocalIpAddress is not null)
            {
                await Write(context, 403, "text/plain", "alerts are taken on the Unix socket only\n");
                return;
            }

            // an alert is a few hundred bytes of CRM_alert_* variables: more is not from the alert agent
            var bodyLimit = context.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpMaxRequestBodySizeFeature>();
            if (bodyLimit is { IsReadOnly: false }) bodyLimit.MaxRequestBodySize = MaxAlertBytes;
            if (context.Request.ContentLength > MaxAlertBytes)
            {
                await Write(context, 413, "text/plain", TooLarge);
                return;
            }

            Dictionary<string, string>? fields;
            try { fields = await JsonSerializer.DeserializeAsync(context.Request.Body, DaemonJsonContext.Default.DictionaryStringString); }
            catch (JsonException) { fields = null; }
            catch (BadHttpRequestException e) when (e.StatusCode == 413)
            {
                await Write(context, 413, "text/plain", TooLarge);
                return;
            }
            if (fields is null) { await Write(context, 400, "text/plain", "a JSON object of CRM_alert_* variables is expected\n"); return; }
            if (!PacemakerAlert.TryFromEnvironment(fields, out var alert, out var why))
            {
                await Write(context, 422, "text/plain", why + ": not recorded\n");
                return;
            }
            var now = state.Time.GetUtcNow();
            var log = context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("GirAgent.Daemon.Alerts");
            var stamp = alert.Timestamp;
            alert = alert.ClampedTo(now, out var clamped);
            alert = ServedFrom(state, alert);
            if (clamped)
                log.LogWarning(LogEventIds.AlertTimeAhead, "alert {Kind} for {Subject}: its time {Time:o} is ahead of this clock: recorded at {Now:o}",
                    alert.Kind, GirAgent.Text.Printable.Escape(alert.Resource ?? alert.Node), stamp, now);
            IReadOnlyList<FailoverEvent> events;
            try { events = state.Ledger.AcceptAlert(fields, alert, now); }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // not on disk: the agent must not hear "accepted" (it logs the failure, Pacemaker's log keeps the alert)
                log.LogError(LogEventIds.AlertNotRecorded, "alert {Kind} not recorded: {Reason}", alert.Kind, e.Message);
                await Write(context, 503, "text/plain", "the alert could not be written to disk: not accepted\n");
                return;
            }
            foreach (var e in events) EventLogging.Log(log, e);
            state.RequestPoll();
            await Write(context, 202, "text/plain", "accepted\n");
        }));
    }

    /// <summary>
    /// The paths that may name nodes, members and failovers (/status, /events, the status page): every path but the
    /// monitoring ones and /alert (guarded on its own), compared as routing does (case-insensitive, a trailing slash
    /// ignored), so that /STATUS or /ui/ is guarded like /status.
    /// </summary>
    internal static bool IsDetail(PathString path) =>
        (path.Value ?? "/").TrimEnd('/').ToLowerInvariant() is not ("/metrics" or "/health" or "/live" or "/alert");

    /// <summary>
    /// A successful start of the webserver on this node, timed when its agent first heard httpd answer (the agent's mark
    /// beside the pid file) rather than when Pacemaker recorded the start: that is when clients were served again.
    /// </summary>
    internal static PacemakerAlert ServedFrom(DaemonState state, PacemakerAlert alert)
    {
        if (alert is not { Kind: "resource", Task: "start", Succeeded: true, Timestamp: { } completed, Resource: { } resource, Node: { } node }
            || ClusterResource.StripInstance(resource) != state.Options.WebserverResource
            || !ClusterNode.NameComparer.Equals(node, state.LocalNode))
            return alert;
        var pidFile = state.WebserverPidFile ?? WebserverMetadata.DefaultPidFile(state.Options.WebserverResource);
        return ServingMark.ServedBefore(pidFile, completed) is { } served ? alert with { Timestamp = served } : alert;
    }

    internal static Task Write(HttpContext context, int status, string contentType, string body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = contentType;
        return context.Response.WriteAsync(body);
    }

    public static StatusReport Report(DaemonState state)
    {
        var s = state.Snapshot;
        var inputs = new StatusInputs(
            s.Cluster,
            new SourceResult("crm_mon", "daemon", s.Cluster is not null, s.ClusterError, s.ClusterScrape?.Duration.TotalMilliseconds ?? 0),
            s.Httpd,
            s.HttpdScrape is null ? null : new SourceResult("server-status", state.Options.StatusUrl, s.Httpd is not null, s.HttpdError, s.HttpdScrape.Duration.TotalMilliseconds),
            state.LocalNode,
            state.Options.WebserverResource,
            state.Options.VipResource);
        return StatusEvaluator.Evaluate(inputs, s.LastPoll ?? state.Time.GetUtcNow());
    }

    /// <summary>200 when this node serves (<see cref="ServingVerdict"/>), else 503, with the reasons (a passive node says so).</summary>
    public static (int Status, HealthResponse Body) Health(DaemonState state)
    {
        var report = Report(state);
        var verdict = ServingVerdict.Of(report, state.LocalNode);
        return (verdict.Serving ? 200 : 503, new HealthResponse(verdict.Status, verdict.Active, state.LocalNode, report.Health, verdict.Reasons));
    }

    private static bool Authorized(HttpRequest request, string user, string sha256Hex)
    {
        var header = request.Headers.Authorization.ToString();
        if (!header.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase)) return false;
        string decoded;
        try { decoded = Encoding.UTF8.GetString(Convert.FromBase64String(header[6..].Trim())); }
        catch (FormatException) { return false; }
        var colon = decoded.IndexOf(':');
        if (colon < 0) return false;
        var given = SHA256.HashData(Encoding.UTF8.GetBytes(decoded[(colon + 1)..]));
        var expected = Convert.FromHexString(sha256Hex);
        return CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(decoded[..colon]), Encoding.UTF8.GetBytes(user))
            & CryptographicOperations.FixedTimeEquals(given, expected);
    }
}
