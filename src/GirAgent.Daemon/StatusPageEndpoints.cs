using GirAgent.Events;
using GirAgent.Status;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace GirAgent.Daemon;

/// <summary>
/// The status page: <c>/ui</c> (the whole page, complete without JavaScript; <c>?q=</c> filters tenants),
/// <c>/ui/fragment</c> (its main part, which app.js fetches again every few seconds), <c>/ui/app.css</c> and
/// <c>/ui/app.js</c> (from the binary), and <c>/</c> (to <c>/ui</c>). Read-only, under the same access rule as /status
/// (<see cref="Endpoints.IsDetail"/>), with a Content-Security-Policy that allows only the page's own files.
/// </summary>
internal static class StatusPageEndpoints
{
    /// <summary>Events shown: the last day's, at most this many.</summary>
    public const int TimelineEvents = 200;

    private static readonly byte[] Css = Asset("girlb.ui.app.css");
    private static readonly byte[] Script = Asset("girlb.ui.app.js");

    public static void Map(WebApplication app, DaemonState state)
    {
        app.MapGet("/", (RequestDelegate)(context =>
        {
            context.Response.Redirect("/ui");
            return Task.CompletedTask;
        }));
        app.MapGet("/ui", (RequestDelegate)(context => Html(context, state, fragment: false)));
        app.MapGet("/ui/fragment", (RequestDelegate)(context => Html(context, state, fragment: true)));
        app.MapGet("/ui/app.css", (RequestDelegate)(context => File(context, "text/css; charset=utf-8", Css)));
        app.MapGet("/ui/app.js", (RequestDelegate)(context => File(context, "text/javascript; charset=utf-8", Script)));
    }

    private static async Task Html(HttpContext context, DaemonState state, bool fragment)
    {
        var now = state.Time.GetUtcNow();
        var report = Endpoints.Report(state);
        IReadOnlyList<FailoverEvent> events = [];
        // the event log's last day, as /events reads it (memory first, two readers at a time); busy: the page without it
        await state.QueryEvents(now - TimeSpan.FromDays(1), TimelineEvents, result =>
        {
            events = result.Events;
            return Task.CompletedTask;
        }, context.RequestAborted);
        var filter = context.Request.Query["q"].ToString();
        var html = fragment ? StatusPage.Main(report, events, state.LocalNode, filter) : StatusPage.Page(report, events, state.LocalNode, filter);
        Secure(context.Response);
        context.Response.Headers.CacheControl = "no-store";
        await Endpoints.Write(context, 200, "text/html; charset=utf-8", html);
    }

    private static Task File(HttpContext context, string type, byte[] body)
    {
        Secure(context.Response);
        context.Response.Headers.CacheControl = "max-age=300";
        context.Response.ContentType = type;
        context.Response.ContentLength = body.Length;
        return context.Response.Body.WriteAsync(body).AsTask();
    }

    private static void Secure(HttpResponse response)
    {
        response.Headers.ContentSecurityPolicy = StatusPage.ContentSecurityPolicy;
        response.Headers.XContentTypeOptions = "nosniff";
        response.Headers.XFrameOptions = "DENY";
        response.Headers["Referrer-Policy"] = "no-referrer";
    }

    private static byte[] Asset(string name)
    {
        using var stream = typeof(StatusPageEndpoints).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"the status page's {name} is not in the binary");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
