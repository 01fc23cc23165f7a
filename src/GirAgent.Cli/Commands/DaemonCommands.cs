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
            var socketPath = parse.GetValue(socket)!;
            var logPath = parse.GetValue(log)!;
            // placed before the first read, so that nothing appended in between is missed (what is seen twice is printed once)
            var logFollower = parse.GetValue(follow) ? new EventLogFollower(logPath) : null;
            var reading = EventReader.FromDaemonOrLog(socketPath, logPath, from, parse.GetValue(limit));
            if (!Print(reading, parse.GetValue(json))) return 1;
            if (!parse.GetValue(follow)) return 0;

            // following: the daemon is asked only for what came after the last event, the log only read past its end;
            // it ends when whoever reads the output is gone (a pipe closed), even when no event comes to write
            var last = reading.Events!.Count > 0 ? reading.Events[^1].Time : from ?? DateTimeOffset.UtcNow;
            var seen = new HashSet<string>(reading.Events.Select(e => e.Id));
            var follower = reading.Origin == socketPath ? null : logFollower;
            while (!Posix.Native.ReaderGone(1))
            {
                Thread.Sleep(1000);
                EventReading next;
                if (follower is null)
                {
                    next = EventReader.FromDaemonOrLog(socketPath, logPath, last, EventLedger.RecentCapacity);
                    if (next.Origin != socketPath)
                    {
                        follower = new EventLogFollower(logPath); // the daemon went away: the log from here on
                        continue;
                    }
                }
                else
                {
                    var warnings = new List<string>();
                    next = new EventReading(follower.ReadNew(warnings), logPath, warnings);
                }
                var fresh = (next.Events ?? []).Where(e => seen.Add(e.Id)).ToList();
                if (!Print(next with { Events = fresh }, parse.GetValue(json))) return 1;
                if (fresh.Count > 0) last = fresh[^1].Time;
            }
            return 0;
        });
        return command;
    }

    /// <summary>Prints a reading's warnings and events; false (after saying why) when there were no events to read.</summary>
    private static bool Print(EventReading reading, bool json)
    {
        foreach (var warning in reading.Warnings) Console.Error.WriteLine("giragent events: " + Text.Printable.Escape(warning));
        if (reading.Events is not { } events)
        {
            Console.Error.WriteLine($"giragent events: {reading.Origin}");
            return false;
        }
        try
        {
            foreach (var e in events) Console.Out.WriteLine(json ? EventStore.ToJson(e) : e.Line());
            Console.Out.Flush();
        }
        catch (IOException)
        {
            // the reader is gone (a pipe closed): nothing more to say
        }
        return true;
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
            var unit = text[^1] switch { 's' => 1L, 'm' => 60L, 'h' => 3600L, 'd' => 86400L, _ => 0L };
            // an age older than the calendar (3000000d) means every event, never an internal error
            if (unit > 0) return n * unit >= (now - DateTimeOffset.MinValue).TotalSeconds ? DateTimeOffset.MinValue : now - TimeSpan.FromSeconds(n * unit);
        }
        return DateTimeOffset.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var t) ? t : null;
    }
}
