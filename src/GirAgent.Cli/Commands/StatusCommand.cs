using System.CommandLine;
using System.Text.Json;
using GirAgent.Posix;
using GirAgent.Status;

namespace GirAgent.Cli.Commands;

/// <summary><c>giragent status</c>: one screen for the cluster, the VIP, httpd and every tenant's backends.</summary>
internal static class StatusCommand
{
    public static Command Create()
    {
        var json = new Option<bool>("--json") { Description = $"print the report as JSON (schema {StatusReport.SchemaName}, docs/status.md)" };
        var crmMon = new Option<string?>("--crm-mon-xml") { Description = "read saved 'crm_mon --output-as=xml' (or legacy --as-xml) output from PATH ('-' for stdin) instead of running crm_mon", HelpName = "PATH" };
        var serverStatus = new Option<string?>("--server-status") { Description = "read a saved server-status?auto page from PATH ('-' for stdin) instead of fetching it", HelpName = "PATH" };
        var statusUrl = new Option<string?>("--status-url") { Description = "mod_status URL to fetch (default: this node's when it runs webserver, else through the VIP)", HelpName = "URL" };
        var timeout = new Option<int>("--timeout") { Description = "seconds each source may take", DefaultValueFactory = _ => 10, HelpName = "SECONDS" };
        var noColor = new Option<bool>("--no-color") { Description = "no colour even on a terminal (also: NO_COLOR set)" };
        var tlsVerify = new Option<bool>("--tls-verify") { Description = "verify the certificate of an https status URL" };
        var tenantsFile = new Option<string?>("--tenants") { Description = $"tenants file to check the page against (default {GirAgent.Tenants.TenantsFile.DefaultPath} when it exists)", HelpName = "PATH" };
        var noDaemon = new Option<bool>("--no-daemon") { Description = "collect directly even when the daemon runs" };
        var socket = new Option<string>("--socket") { Description = "the daemon's socket", DefaultValueFactory = _ => GirAgent.Events.EventReader.DefaultSocket, HelpName = "PATH" };
        var onlyTenant = new Option<string?>("--tenant") { Description = "show only this tenant, with every member", HelpName = "ID" };
        var members = new Option<bool>("--members") { Description = $"every tenant with its members (above {StatusTextRenderer.DetailedTenants} tenants a healthy tenant is one line)" };
        var eventLog = new Option<string>("--event-log") { Description = "the daemon's event log, for the recent failovers when the daemon does not answer", DefaultValueFactory = _ => GirAgent.Events.EventReader.DefaultEventLog, HelpName = "PATH" };

        var command = new Command("status", "show the cluster, the VIP, httpd and every tenant's balancer members; exit 0 ok, 1 degraded, 2 critical, 3 unknown")
        {
            json, crmMon, serverStatus, statusUrl, timeout, noColor, tlsVerify, noDaemon, socket, eventLog, tenantsFile, onlyTenant, members,
        };
        command.SetAction(parse =>
        {
            Uri? url = null;
            if (parse.GetValue(statusUrl) is { } text && (!Uri.TryCreate(text, UriKind.Absolute, out url) || url.Scheme is not ("http" or "https")))
            {
                Console.Error.WriteLine($"giragent status: --status-url '{text}' is not an http or https URL");
                return (int)Health.Unknown;
            }
            var seconds = parse.GetValue(timeout);
            if (seconds is < 1 or > 300)
            {
                Console.Error.WriteLine("giragent status: --timeout must be 1 to 300 seconds");
                return (int)Health.Unknown;
            }
            var options = new StatusOptions(parse.GetValue(crmMon), parse.GetValue(serverStatus), url, TimeSpan.FromSeconds(seconds), parse.GetValue(tlsVerify));
            if (options.CrmMonXmlPath == "-" && options.ServerStatusPath == "-")
            {
                Console.Error.WriteLine("giragent status: only one of --crm-mon-xml and --server-status can read standard input");
                return (int)Health.Unknown;
            }
            // the daemon answers from its last poll: instant, and the same view as its metrics
            GirAgent.Tenants.TenantsConfig? tenants = null;
            var tenantsPath = parse.GetValue(tenantsFile) ?? (File.Exists(GirAgent.Tenants.TenantsFile.DefaultPath) ? GirAgent.Tenants.TenantsFile.DefaultPath : null);
            if (tenantsPath is not null)
            {
                try { tenants = GirAgent.Tenants.TenantsFile.Load(tenantsPath); }
                catch (Exception e) when (e is GirAgent.Tenants.TenantsFileException or IOException or UnauthorizedAccessException)
                {
                    Console.Error.WriteLine($"giragent status: {e.Message}");
                    return (int)Health.Unknown;
                }
            }
            var fromDaemon = !parse.GetValue(noDaemon) && tenants is null && options is { CrmMonXmlPath: null, ServerStatusPath: null, StatusUrl: null }
                ? StatusSources.FromDaemon(parse.GetValue(socket)!, options.Timeout!.Value) : null;
            var report = fromDaemon ?? StatusEvaluator.Evaluate(
                new StatusCollector(CommandRunner.Default, Console.In).Collect(options) with { Tenants = tenants }, DateTimeOffset.UtcNow);
            // saved outputs are another site's: this node's event log says nothing of them
            if (fromDaemon is null && options.CrmMonXmlPath is null)
                report = report with { RecentFailovers = StatusSources.RecentFromLog(parse.GetValue(eventLog)!, report.GeneratedAt) };
            var only = parse.GetValue(onlyTenant);
            if (only is not null && report.Tenants.All(t => t.Tenant != only))
            {
                Console.Error.WriteLine($"giragent status: no tenant '{GirAgent.Text.Printable.Escape(only)}' on this server (tenants: "
                    + (report.Tenants.Count == 0 ? "none" : string.Join(", ", report.Tenants.Select(t => t.Tenant).Take(20))) + ")");
                return (int)Health.Unknown;
            }
            if (parse.GetValue(json))
                Console.Out.WriteLine(JsonSerializer.Serialize(report, StatusJsonContext.Default.StatusReport));
            else
            {
                var color = !parse.GetValue(noColor) && !Console.IsOutputRedirected && string.IsNullOrEmpty(Environment.GetEnvironmentVariable("NO_COLOR"));
                Console.Out.Write(StatusTextRenderer.Render(report, color, only, parse.GetValue(members)));
            }
            return report.ExitCode;
        });
        return command;
    }
}
