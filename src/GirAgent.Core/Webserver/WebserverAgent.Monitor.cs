using System.Text;
using GirAgent.Httpd;
using GirAgent.Net;
using GirAgent.Ocf;
using GirAgent.Time;

namespace GirAgent.Webserver;

internal sealed partial class WebserverAgent
{
    public OcfResult Monitor(OcfContext context)
    {
        var settings = Settings(context);
        var deadline = context.StartDeadline(MonitorTimeout);
        var (master, orphans, note) = Process(settings).Find();
        if (master is null && orphans.Count > 0)
            // not cleanly stopped: they hold the listening sockets, so a stop must clean up before any start
            return Failed($"httpd master is gone but {orphans.Count} of its processes still run ({string.Join(' ', orphans.Take(5))})");
        if (master is null)
            return OcfResult.NotRunning(note is null ? null : "httpd is not running: " + note);
        if (note is not null) log.Warn(note);
        RequireValidParameters(settings);
        return CheckHealth(settings, deadline, context.CheckLevel);
    }

    /// <summary>The checks of a monitor at <paramref name="level"/> against a running httpd.</summary>
    private OcfResult CheckHealth(WebserverSettings settings, Deadline deadline, int level)
    {
        if (settings.StatusUrlError is { } statusUrlError) return Failed(statusUrlError);
        var options = new HttpProbe.Options(settings.ConnectTimeout, settings.StatusTlsVerify);
        var statusUrl = StatusUrl(settings);
        ServerStatus? status = null;
        try
        {
            if (settings.TestRegex is { } regex)
            {
                // ocf:heartbeat:apache's way: any page, matched against testregex
                var page = HttpProbe.Get(statusUrl, deadline, options);
                if (!page.IsSuccess) return Failed($"status URL {HttpProbe.Describe(statusUrl)} answered {page.StatusCode} {page.Reason}");
                if (!Matches(regex, page.Body, deadline)) return Failed($"status URL {HttpProbe.Describe(statusUrl)} does not match testregex");
            }
            else
            {
                var read = ServerStatusClient.Read(statusUrl, deadline, options);
                if (read.Status is null) return Failed(read.Error!);
                status = read.Status;
            }

            if (level >= 10 && settings.TestUrl is { } testUrl)
            {
                var url = TestUrl(testUrl, statusUrl);
                var page = HttpProbe.Get(url, deadline, options);
                if (!page.IsSuccess) return Failed($"testurl {HttpProbe.Describe(url)} answered {page.StatusCode} {page.Reason}");
                if (settings.TestRegex10 is { } regex10 && !Matches(regex10, page.Body, deadline))
                    return Failed($"testurl {HttpProbe.Describe(url)} does not match testregex10");
            }
        }
        catch (HttpProbeException e)
        {
            return Failed(e.Message);
        }
        catch (System.Text.RegularExpressions.RegexMatchTimeoutException e)
        {
            return Failed($"the regular expression '{e.Pattern}' did not finish matching within the operation's timeout");
        }

        if (level >= 20 && status is not null)
            return BalancerHealth(status);
        return OcfResult.Ok;
    }

    private static OcfResult Failed(string reason) => new(OcfExitCode.ErrGeneric, reason);

    /// <summary>
    /// A regex match that ends inside the operation's deadline (a pathological testregex against a big page must not
    /// outlive the monitor's timeout); the static API caches the parsed pattern, so this costs no compile per monitor.
    /// </summary>
    private static bool Matches(System.Text.RegularExpressions.Regex regex, string text, Deadline deadline)
    {
        var left = deadline.Remaining;
        if (left <= TimeSpan.Zero) throw new System.Text.RegularExpressions.RegexMatchTimeoutException(text, regex.ToString(), TimeSpan.Zero);
        return System.Text.RegularExpressions.Regex.IsMatch(text, regex.ToString(), regex.Options, left);
    }

    /// <summary>
    /// Level 20: degraded (190) when a balancer has members in error. httpd itself is healthy
    /// then, and moving it to the other node would not bring a backend back, so this is never a
    /// failure; a balancer with no usable member at all is named first.
    /// </summary>
    internal static OcfResult BalancerHealth(ServerStatus status)
    {
        var problems = new List<string>();
        foreach (var balancer in status.Balancers.OrderBy(b => b.HasUsableMember ? 1 : 0))
        {
            var bad = balancer.Workers.Count - balancer.UsableCount;
            if (balancer.ErrorCount == 0 && balancer.HasUsableMember) continue;
            problems.Add(balancer.HasUsableMember
                ? $"{balancer.Name} {bad}/{balancer.Workers.Count} members unusable"
                : $"{balancer.Name} has no usable member ({balancer.Workers.Count} configured)");
        }
        if (problems.Count == 0) return OcfResult.Ok;
        var reason = new StringBuilder("degraded: ").Append(string.Join("; ", problems));
        return OcfResult.Degraded(reason.ToString());
    }

    /// <summary>The status URL: the statusurl parameter, else built from port or the configuration's Listen.</summary>
    internal Uri StatusUrl(WebserverSettings settings)
    {
        if (settings.StatusUrl is { } given) return given;
        var host = settings.UseIpv6 ? "[::1]" : "localhost";
        var scheme = "http";
        var port = settings.Port;
        if (port is null)
        {
            var listen = HttpdConfigReader.FindListen(settings.ConfigFile, settings.Environment).FirstOrDefault();
            if (listen is not null)
            {
                port = listen.Port;
                if (listen.IsHttps) scheme = "https";
                if (listen.Address is { } address && address is not ("*" or "0.0.0.0" or "::" or "[::]"))
                    host = address.Contains(':') ? $"[{address}]" : address;
            }
        }
        return new Uri($"{scheme}://{host}:{port ?? 80}/server-status");
    }

    internal static Uri TestUrl(string testUrl, Uri statusUrl) =>
        testUrl.StartsWith("http", StringComparison.OrdinalIgnoreCase)
            ? new Uri(testUrl)
            : new Uri(new Uri(statusUrl.GetLeftPart(UriPartial.Authority)), testUrl.StartsWith('/') ? testUrl : "/" + testUrl);
}
