using System.CommandLine;
using System.Text.Json;
using GirAgent.Daemon;
using GirAgent.Events;
using GirAgent.Net;

namespace GirAgent.Cli.Commands;

/// <summary><c>giragent daemon</c>, <c>giragent events</c> and the Pacemaker alert agent.</summary>
internal static class DaemonCommands
{
    public static Command Daemon()
    {
        var config = new Option<string?>("--config") { Description = $"settings file (default {DaemonOptions.DefaultConfigFile}; absent means defaults)", HelpName = "PATH" };
        var check = new Option<bool>("--check-config") { Description = "validate the settings and exit (0 valid, 1 not)" };
        var command = new Command("daemon", "the companion daemon: health, Prometheus metrics and failover events (systemd Type=notify)") { config, check };
        command.SetAction(parse => DaemonHost.Run(parse.GetValue(config), parse.GetValue(check), Console.Out, Console.Error));
        return command;
    }

    public static Command Events()
    {
        var since = new Option<string?>("--since") { Description = "only events at or after this time (ISO 8601, UTC) or age (30m, 2h, 7d)", HelpName = "TIME" };
        var limit = new Option<int>("--limit") { Description = "at most this many, newest last", DefaultValueFactory = _ => 50 };
        limit.Validators.Add(result =>
        {
            // a token that is no number is reported by the parser itself
            if (result.Tokens is [{ } token] && int.TryParse(token.Value, out var n) && n is < 1 or > 10000)
                result.AddError("--limit must be between 1 and 10000");
        });
        var follow = new Option<bool>("--follow", "-f") { Description = "keep printing new events" };
        var json = new Option<bool>("--json") { Description = "JSON lines" };
        var socket = new Option<string>("--socket") { Description = "the daemon's socket", DefaultValueFactory = _ => EventReader.DefaultSocket };
        var log = new Option<string>("--event-log") { Description = "read this event log when the daemon does not answer", DefaultValueFactory = _ => EventReader.DefaultEventLog };
        var command = new Command("events", "recent failover events, from the daemon (or its event log when it is down)") { since, limit, follow, json, socket, log };
        command.SetAction(parse =>
        {
            DateTimeOffset? from = null;
            if (parse.GetValue(since) is { } text && (from = ParseSince(text, DateTimeOffset.UtcNow)) is null)
            {
                Console.Error.WriteLine($"giragent events: --since '{text}' is neither a time nor an age like 30m");
                return 2;
            }
            var seen = new HashSet<string>();
            do
            {
                var reading = EventReader.FromDaemonOrLog(parse.GetValue(socket)!, parse.GetValue(log)!, from, parse.GetValue(limit));
                foreach (var warning in reading.Warnings) Console.Error.WriteLine("giragent events: " + Text.Printable.Escape(warning));
                if (reading.Events is not { } events)
                {
                    Console.Error.WriteLine($"giragent events: {reading.Origin}");
                    return 1;
                }
                foreach (var e in events.Where(e => seen.Add(e.Id)))
                    Console.Out.WriteLine(parse.GetValue(json) ? EventStore.ToJson(e) : e.Line());
                if (parse.GetValue(follow)) Thread.Sleep(1000);
            }
            while (parse.GetValue(follow));
            return 0;
        });
        return command;
    }

    /// <summary>Pacemaker's alert agent (installed as /usr/libexec/girlb/alert-agent, a link to giragent): forwards CRM_alert_* to the daemon. Never fails the alert.</summary>
    public static int Alert(string socketPath)
    {
        var fields = PacemakerAlert.AlertVariables();
        try
        {
            var response = UnixHttp.Send(Environment.GetEnvironmentVariable("GIRAGENT_SOCKET") ?? socketPath, "POST", "/alert",
                JsonSerializer.Serialize(fields, DaemonJsonContext.Default.DictionaryStringString), TimeSpan.FromSeconds(2));
            if (response.StatusCode != 202)
            {
                // refused (not an alert) or not on disk: Pacemaker logs the agent's failure, so the alert is not silently gone
                Console.Error.WriteLine($"girlb alert agent: the daemon refused the alert ({response.StatusCode}): {Text.Printable.Escape(response.Body.Trim())}");
                return 1;
            }
        }
        catch (HttpProbeException e)
        {
            // no daemon (it is optional): nothing to tell
            Console.Error.WriteLine($"girlb alert agent: the daemon did not take the alert: {e.Message}");
        }
        return 0;
    }

    internal static DateTimeOffset? ParseSince(string text, DateTimeOffset now)
    {
        if (text.Length >= 2 && char.IsAsciiDigit(text[0]) && int.TryParse(text[..^1], out var n) && n >= 0)
        {
            TimeSpan? age = text[^1] switch { 's' => TimeSpan.FromSeconds(n), 'm' => TimeSpan.FromMinutes(n), 'h' => TimeSpan.FromHours(n), 'd' => TimeSpan.FromDays(n), _ => null };
            if (age is { } a) return now - a;
        }
        return DateTimeOffset.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var t) ? t : null;
    }
}
