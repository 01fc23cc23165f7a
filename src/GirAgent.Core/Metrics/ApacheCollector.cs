using System.Globalization;
using GirAgent.Httpd;

namespace GirAgent.Metrics;

/// <summary>
/// The families <c>apache_exporter</c> (Lusitaniae) exports, with its names, label names and
/// label values, from one parsed <c>server-status?auto</c> page. When httpd could not be read
/// (<c>status</c> is null) only <c>apache_up 0</c> is written, as apache_exporter does.
/// </summary>
internal static class ApacheCollector
{
    private static readonly (char Char, string State)[] ScoreboardStates =
    [
        ('_', "idle"), ('S', "startup"), ('R', "read"), ('W', "reply"), ('K', "keepalive"), ('D', "dns"),
        ('C', "closing"), ('L', "logging"), ('G', "graceful_stop"), ('I', "idle_cleanup"), ('.', "open_slot"),
    ];

    public static void Collect(MetricSet set, ServerStatus? status, bool compatibleNames = true)
    {
        var up = set.Gauge("apache_up", "Could the apache server be reached");
        if (status is null)
        {
            up.Add(0);
            return;
        }

        up.Add(1);

        set.Gauge("apache_info", "Apache version information", "version", "mpm")
            .Add(1, status.ServerVersion ?? "UNKNOWN", status.ServerMpm ?? "UNKNOWN");

        if (VersionNumber(status.ServerVersion) is { } version)
        {
            set.Gauge("apache_version", "Apache server version").Add(version);
        }

        var generation = set.Gauge("apache_generation", "Apache restart generation", "type");
        AddIf(generation, status.ParentServerConfigGeneration, "config");
        AddIf(generation, status.ParentServerMpmGeneration, "mpm");

        var load = set.Gauge("apache_load", "Apache server load", "interval");
        AddIf(load, status.Load1, "1min");
        AddIf(load, status.Load5, "5min");
        AddIf(load, status.Load15, "15min");

        if (status.TotalAccesses is { } accesses)
        {
            set.Counter("apache_accesses_total", "Current total apache accesses (*)").Add(accesses);
        }

        // apache_exporter's three names with units in them (promtool's lint objects to them) are kept for
        // dashboards unless compatibleNames is off; the gir_httpd_* ones carry the same values in base units
        if (status.TotalKBytes is { } kbytes)
        {
            if (compatibleNames) set.Counter("apache_sent_kilobytes_total", "Current total kbytes sent (*)").Add(kbytes);
            set.Counter("gir_httpd_sent_bytes_total", "Bytes httpd has sent (server-status Total kBytes, in bytes)").Add(kbytes * 1024);
        }

        if (status.TotalDuration is { } duration)
        {
            if (compatibleNames) set.Counter("apache_duration_ms_total", "Total duration of all registered requests in ms").Add(duration);
            set.Counter("gir_httpd_request_duration_seconds_total", "Total duration of all registered requests").Add(duration / 1000.0);
        }

        if (status.CpuUser is not null || status.CpuSystem is not null
            || status.CpuChildrenUser is not null || status.CpuChildrenSystem is not null)
        {
            var user = (status.CpuUser ?? 0) + (status.CpuChildrenUser ?? 0);
            var system = (status.CpuSystem ?? 0) + (status.CpuChildrenSystem ?? 0);
            if (compatibleNames)
            {
                var cpu = set.Counter("apache_cpu_time_ms_total", "Apache CPU time", "type");
                cpu.Add(1000 * user, "user");
                cpu.Add(1000 * system, "system");
            }

            var seconds = set.Counter("gir_httpd_cpu_seconds_total", "CPU time of httpd and its children", "type");
            seconds.Add(user, "user");
            seconds.Add(system, "system");
        }

        if (status.CpuLoad is { } cpuLoad)
        {
            set.Gauge("apache_cpuload", "The current percentage CPU used by each worker and in total by all workers combined (*)")
                .Add(cpuLoad);
        }

        if (status.Uptime is { } uptime)
        {
            set.Counter("apache_uptime_seconds_total", "Current uptime in seconds (*)").Add(Math.Floor(uptime.TotalSeconds));
        }

        var workers = set.Gauge("apache_workers", "Apache worker statuses", "state");
        AddIf(workers, status.BusyWorkers, "busy");
        AddIf(workers, status.IdleWorkers, "idle");

        var processes = set.Gauge("apache_processes", "Apache process count", "state");
        AddIf(processes, status.Processes, "all");
        AddIf(processes, status.Stopping, "stopping");

        if (status.ConnsTotal is not null || status.ConnsAsyncWriting is not null
            || status.ConnsAsyncKeepAlive is not null || status.ConnsAsyncClosing is not null)
        {
            var connections = set.Gauge("apache_connections", "Apache connection statuses", "state");
            AddIf(connections, status.ConnsTotal, "total");
            AddIf(connections, status.ConnsAsyncWriting, "writing");
            AddIf(connections, status.ConnsAsyncKeepAlive, "keepalive");
            AddIf(connections, status.ConnsAsyncClosing, "closing");
        }

        if (status.Scoreboard is { } scoreboard)
        {
            var board = set.Gauge("apache_scoreboard", "Apache scoreboard statuses", "state");
            foreach (var (c, state) in ScoreboardStates)
            {
                board.Add(scoreboard.AsSpan().Count(c), state);
            }

            // Characters httpd does not document are counted under themselves, as apache_exporter does.
            foreach (var group in scoreboard.Where(c => !ScoreboardStates.Any(s => s.Char == c)).GroupBy(c => c))
            {
                board.Add(group.Count(), group.Key.ToString());
            }
        }

        CollectBalancers(set, status);
    }

    private static void CollectBalancers(MetricSet set, ServerStatus status)
    {
        if (status.Balancers.Count == 0)
        {
            return;
        }

        var statusFamily = set.Gauge("apache_proxy_balancer_status", "Apache Proxy Balancer Statuses", "balancer", "worker", "status");
        var elected = set.Counter("apache_proxy_balancer_accesses_total", "Apache Proxy Balancer Request Count", "balancer", "worker");
        var busy = set.Gauge("apache_proxy_balancer_busy", "Apache Proxy Balancer Active Requests", "balancer", "worker");
        var sent = set.Counter("apache_proxy_balancer_request_kbytes_total", "Apache Proxy Balancer Request Count", "balancer", "worker");
        var received = set.Counter("apache_proxy_balancer_response_kbytes_total", "Apache Proxy Balancer Request Count", "balancer", "worker");
        foreach (var balancer in status.Balancers)
        {
            foreach (var worker in balancer.Workers)
            {
                statusFamily.Add(1, balancer.Name, worker.Name, worker.RawStatus.Trim());
                AddIf(elected, worker.Elected, balancer.Name, worker.Name);
                AddIf(busy, worker.Busy, balancer.Name, worker.Name);
                if (worker.SentBytes is { } s)
                {
                    sent.Add(s / 1024.0, balancer.Name, worker.Name);
                }

                if (worker.ReceivedBytes is { } r)
                {
                    received.Add(r / 1024.0, balancer.Name, worker.Name);
                }
            }
        }
    }

    /// <summary>apache_exporter's version number: <c>Apache/2.4.62 (Debian)</c> is 2.04062.</summary>
    internal static double? VersionNumber(string? serverVersion)
    {
        if (serverVersion is null)
        {
            return null;
        }

        var slash = serverVersion.IndexOf('/');
        if (slash < 0)
        {
            return null;
        }

        var rest = serverVersion[(slash + 1)..];
        var space = rest.IndexOf(' ');
        if (space >= 0)
        {
            rest = rest[..space];
        }

        var parts = rest.Split('.');
        if (parts.Length < 3 || parts.Any(p => p.Length == 0 || !p.All(char.IsAsciiDigit)))
        {
            return null;
        }

        var text = parts[0] + "." + parts[1].PadLeft(2, '0') + parts[2].PadLeft(3, '0');
        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v : null;
    }

    private static void AddIf(MetricFamily family, double? value, params ReadOnlySpan<string> labels)
    {
        if (value is { } v)
        {
            family.Add(v, labels);
        }
    }

    private static void AddIf(MetricFamily family, long? value, params ReadOnlySpan<string> labels)
    {
        if (value is { } v)
        {
            family.Add(v, labels);
        }
    }

    private static void AddIf(MetricFamily family, int? value, params ReadOnlySpan<string> labels)
    {
        if (value is { } v)
        {
            family.Add(v, labels);
        }
    }
}
