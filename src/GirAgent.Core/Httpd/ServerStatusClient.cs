using GirAgent.Net;
using GirAgent.Time;

namespace GirAgent.Httpd;

/// <summary>One read of mod_status: the page's <c>?auto</c> address, and either the parsed page or why there is none.</summary>
/// <param name="Error">
/// Why <see cref="Status"/> is null, in the words the monitor's exit reason uses:
/// <c>status URL http://... answered 503 Service Unavailable</c>, <c>... is not a mod_status page: ...</c>.
/// </param>
internal sealed record ServerStatusRead(Uri Url, ServerStatus? Status, string? Error);

/// <summary>
/// The one place where httpd's <c>/server-status?auto</c> is fetched and parsed: the agent's monitor, stop and
/// reload, the daemon's poll, <c>giragent status</c> and <c>tenants check</c> all read it here.
/// </summary>
internal static class ServerStatusClient
{
    /// <summary>Fetches and parses; throws <see cref="HttpProbeException"/> when there is no answer (refused, timed out, TLS).</summary>
    public static ServerStatusRead Read(Uri statusUrl, Deadline deadline, HttpProbe.Options options)
    {
        var url = ServerStatusUrl.WithAuto(statusUrl);
        var page = HttpProbe.Get(url, deadline, options);
        if (!page.IsSuccess) return new(url, null, $"status URL {HttpProbe.Describe(url)} answered {page.StatusCode} {page.Reason}");
        return ServerStatusParser.TryParse(page.Body, out var status, out var error)
            ? new(url, status, null)
            : new(url, null, $"status URL {HttpProbe.Describe(url)} is not a mod_status page: {error}");
    }

    /// <summary>The parsed page, or null for any failure (for callers that only use a figure when there is one).</summary>
    public static ServerStatus? TryRead(Uri statusUrl, Deadline deadline, HttpProbe.Options options)
    {
        try
        {
            return Read(statusUrl, deadline, options).Status;
        }
        catch (HttpProbeException)
        {
            return null;
        }
    }
}
