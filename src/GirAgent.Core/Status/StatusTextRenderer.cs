using System.Globalization;
using System.Text;
using GirAgent.Text;

namespace GirAgent.Status;

/// <summary>
/// The status screen: one line per thing that matters, problems last with the command that helps.
/// Colour only when asked (a terminal, and NO_COLOR unset: the caller decides).
/// </summary>
internal static class StatusTextRenderer
{
    /// <summary>Above this many tenants a healthy tenant is one line (its services and usable members); a tenant with a problem keeps its detail.</summary>
    public const int DetailedTenants = 5;

    /// <summary>Members an operator took out (drained, disabled): named as such, not as failures.</summary>
    private static string OutOfService(TenantSection tenant)
    {
        var states = tenant.Services.SelectMany(b => b.MemberList).Where(m => m.State is "draining" or "disabled")
            .GroupBy(m => m.State).Select(g => $"{g.Count()} {g.Key}").ToList();
        return states.Count == 0 ? "" : $" ({string.Join(", ", states)})";
    }

    /// <param name="tenant">Only this tenant, in detail (<c>--tenant ID</c>).</param>
    /// <param name="allMembers">Every tenant in detail, however many (<c>--members</c>).</param>
    public static string Render(StatusReport report, bool color, string? tenant = null, bool allMembers = false)
    {
        var c = new Palette(color);
        var sb = new StringBuilder(4096);
        sb.Append(c.Bold("girlb status")).Append("  ").Append(report.GeneratedAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)).Append(" UTC  ")
          .Append(c.Health(report.Health, HealthWord(report.Health))).Append('\n');

        if (report.Cluster is { } cluster)
        {
            sb.Append('\n').Append(c.Bold("Cluster   "));
            if (cluster.Name is not null) sb.Append(cluster.Name).Append("  ");
            sb.Append("DC ").Append(cluster.DcNode ?? c.Red("none")).Append("  quorum ")
              .Append(cluster.HasQuorum switch { true => c.Green("yes"), false => c.Red("NO"), _ => "?" });
            if (report.Quorum is { } quorum) sb.Append(QuorumText(c, quorum));
            sb.Append("  fencing ")
              .Append(cluster.StonithEnabled switch { true => c.Green("on"), false => c.Yellow("OFF"), _ => "?" });
            if (cluster.MaintenanceMode == true) sb.Append("  ").Append(c.Yellow("MAINTENANCE"));
            sb.Append('\n').Append(c.Bold("Nodes     "));
            sb.Append(string.Join("   ", cluster.Nodes.Select(n => $"{n.Name} {NodeState(c, n.State)}{(n.IsDc ? " (DC)" : "")}"))).Append('\n');
        }

        if (report.Fencing is { Enabled: not false } f && (f.Devices.Count > 0 || f.Recent.Count > 0))
        {
            sb.Append(c.Bold("Fencing   ")).Append(f.Devices.Count == 0 ? c.Red("no device") : string.Join("   ", f.Devices.Select(d =>
                $"{Printable.Escape(d.Id)} {(d.State == "started" && d.LastFailure is null ? c.Green(d.State) : c.Red(d.LastFailure is null ? d.State : "FAILING"))}"
                + (d.Nodes.Count > 0 ? " on " + Printable.Escape(string.Join(",", d.Nodes)) : ""))));
            sb.Append('\n');
            foreach (var a in f.Recent)
                sb.Append("  fenced    ").Append(Printable.Escape(a.Target)).Append(' ').Append(Printable.Escape(a.Action)).Append(" by ").Append(Printable.Escape(a.By ?? "?"))
                  .Append(": ").Append(a.Status == "success" ? c.Green(a.Status) : c.Red(Printable.Escape(a.Status)))
                  .Append(a.Completed is { } at ? at.UtcDateTime.ToString("  yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture) : "")
                  .Append(a.Reason is { } why ? " (" + Printable.Escape(why) + ")" : "").Append('\n');
        }

        // a group's VIP has the group's line; a clone's instances in one line per state
        var groupVips = report.Groups.Select(g => g.Resource).ToHashSet(StringComparer.Ordinal);
        foreach (var same in report.Resources.Where(r => r.Kind != StatusEvaluator.OtherKind && !groupVips.Contains(r.Id))
                     .GroupBy(r => (r.Kind, r.Id, r.Agent, r.State)))
        {
            var (kind, id, agent, state) = same.Key;
            var nodes = same.SelectMany(r => r.Nodes).Distinct(StringComparer.Ordinal).ToList();
            sb.Append(c.Bold(kind == StatusEvaluator.VipKind ? "VIP       " : "httpd     ")).Append(id).Append(" (").Append(agent ?? "?").Append(")  ")
              .Append(ResourceState(c, state));
            if (nodes.Count > 0) sb.Append(" on ").Append(string.Join(", ", nodes));
            sb.Append('\n');
        }
        foreach (var g in report.Groups)
        {
            sb.Append(c.Bold("Group     ")).Append(Printable.Escape(g.Name)).Append("  ").Append(g.Vip ?? g.Resource).Append("  ").Append(ResourceState(c, g.State));
            if (g.Node is not null) sb.Append(" on ").Append(g.Node);
            if (g.Since is { } since) sb.Append(" since ").Append(since.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture));
            if (g.Tenants.Count > 0) sb.Append("  tenants ").Append(string.Join(", ", g.Tenants.Take(12))).Append(g.Tenants.Count > 12 ? $" (+{g.Tenants.Count - 12})" : "");
            sb.Append('\n');
        }
        if (report.NodesWithoutGroup.Count > 0)
            sb.Append(c.Bold("          ")).Append(string.Join(", ", report.NodesWithoutGroup)).Append(" serve").Append(report.NodesWithoutGroup.Count == 1 ? "s" : "")
              .Append(" no group (a node back from a fence takes none back by itself: 'pcs resource move vip-NAME NODE' gives it one)\n");
        // (fence devices have their line: Fencing)
        var others = report.Resources.Where(r => r.Kind == StatusEvaluator.OtherKind && r.Agent?.StartsWith("stonith:", StringComparison.Ordinal) != true).ToList();
        if (others.Count > 0)
        {
            // other resources by state: the running ones in one line, anything else named
            foreach (var group in others.GroupBy(r => r.State).OrderBy(g => g.Key == "started" ? 0 : 1))
            {
                var names = group.Select(r => r.Nodes.Count > 0 ? $"{r.Id}@{string.Join(",", r.Nodes)}" : r.Id).Distinct().ToList();
                sb.Append(c.Bold("Other     ")).Append(ResourceState(c, group.Key)).Append(' ').Append(names.Count).Append(": ")
                  .Append(string.Join(" ", names.Take(12))).Append(names.Count > 12 ? $" (+{names.Count - 12})" : "").Append('\n');
            }
        }

        if (report.Httpd is { } h)
        {
            sb.Append(c.Bold("server    ")).Append(h.ServerVersion ?? "httpd");
            if (h.UptimeSeconds is { } up) sb.Append("  up ").Append(Duration(up));
            if (h.BusyWorkers is not null || h.IdleWorkers is not null) sb.Append("  workers ").Append(h.BusyWorkers?.ToString(CultureInfo.InvariantCulture) ?? "?").Append(" busy/").Append(h.IdleWorkers?.ToString(CultureInfo.InvariantCulture) ?? "?").Append(" idle");
            if (h.RequestsPerSecond is { } rps) sb.Append("  ").Append(rps.ToString("0.##", CultureInfo.InvariantCulture)).Append(" req/s");
            sb.Append("  (").Append(h.Source).Append(")\n");
        }

        if (report.TenantsDigests.Count > 0)
            sb.Append(c.Bold("Tenants   ")).Append("digest ").Append(string.Join("   ", report.TenantsDigests.Select(d =>
                $"{d.Node} {(d.Digest is null ? "-" : Tenants.TenantsDigest.Short(d.Digest))}{(d.RunsWebserver ? " (runs httpd)" : "")}"))).Append('\n');

        var tenants = tenant is null ? report.Tenants : report.Tenants.Where(t => t.Tenant == tenant).ToList();
        var compact = tenant is null && !allMembers && tenants.Count > DetailedTenants;
        if (compact) sb.Append('\n');
        foreach (var t in tenants)
        {
            if (compact && t.Health == Health.Ok)
            {
                // one line: many tenants stay one screen; --tenant ID or --members for the members
                sb.Append(c.Bold(("Tenant " + t.Tenant).PadRight(24))).Append(c.Health(t.Health, HealthWord(t.Health))).Append("  ")
                  .Append(t.Services.Count.ToString(CultureInfo.InvariantCulture)).Append(" services, ")
                  .Append(t.Services.Sum(b => b.Usable).ToString(CultureInfo.InvariantCulture)).Append('/')
                  .Append(t.Services.Sum(b => b.Members).ToString(CultureInfo.InvariantCulture)).Append(" members usable")
                  .Append(OutOfService(t)).Append('\n');
                continue;
            }
            sb.Append('\n').Append(c.Bold("Tenant " + t.Tenant)).Append("  ").Append(c.Health(t.Health, HealthWord(t.Health))).Append('\n');
            foreach (var service in t.Services) AppendBalancer(sb, c, service, service.Service ?? service.Balancer);
        }
        if (compact)
            sb.Append(c.Bold($"({tenants.Count} tenants: one line each when healthy; --tenant ID or --members for their members)")).Append('\n');
        if (report.OtherBalancers.Count > 0 && tenant is null)
        {
            sb.Append('\n').Append(c.Bold("Other balancers")).Append('\n');
            foreach (var b in report.OtherBalancers) AppendBalancer(sb, c, b, "");
        }

        if (report.RecentFailovers is { } failovers)
        {
            sb.Append('\n').Append(c.Bold("Failovers (24 h)"));
            if (failovers.Count == 0) sb.Append("  none").Append('\n');
            else
            {
                sb.Append('\n');
                foreach (var e in failovers) sb.Append("  ").Append(e.Line()).Append('\n');
            }
        }

        sb.Append('\n');
        if (report.Problems.Count == 0)
            sb.Append(c.Green("No problems.")).Append('\n');
        else
        {
            sb.Append(c.Bold("Problems")).Append('\n');
            foreach (var p in report.Problems)
            {
                sb.Append("  ").Append(c.Health(p.Severity, Marker(p.Severity))).Append(' ').Append(Printable.Escape(p.Message)).Append('\n');
                if (p.Advice is not null) sb.Append("      -> ").Append(Printable.Escape(p.Advice)).Append('\n');
            }
        }
        foreach (var s in report.Sources.Where(s => !s.Ok))
            sb.Append(c.Yellow($"  (source {s.Name} from {Printable.Escape(s.Origin)} failed: {Printable.Escape(s.Error)})")).Append('\n');
        // text from outside (node and resource names, server-status fields, error messages) can hold ESC, CR and
        // the like: escaped here, so only this renderer's own colours and line ends reach the terminal
        return Printable.EscapeKeepingLineFeeds(sb.ToString()).Replace(Palette.EscapeMark, '\u001b');
    }

    private static void AppendBalancer(StringBuilder sb, Palette c, BalancerSection b, string label)
    {
        sb.Append("  ").Append(label.Length == 0 ? "" : label.PadRight(22)).Append(b.Balancer.PadRight(24)).Append(' ')
          .Append(c.Health(b.Health, $"{b.Usable}/{b.Members} usable")).Append('\n');
        foreach (var m in b.MemberList)
        {
            sb.Append("      ").Append(m.Name.PadRight(34)).Append(MemberState(c, m.State).PadRight(c.Enabled ? 24 : 14));
            if (m.Elected is { } elected) sb.Append(" ").Append(elected.ToString(CultureInfo.InvariantCulture)).Append(" requests");
            sb.Append('\n');
        }
    }

    public static string HealthWord(Health health) => health switch
    {
        Health.Ok => "OK",
        Health.Degraded => "DEGRADED",
        Health.Critical => "CRITICAL",
        _ => "UNKNOWN",
    };

    private static string Marker(Health health) => health switch
    {
        Health.Critical => "CRIT",
        Health.Unknown => "UNKN",
        Health.Degraded => "WARN",
        _ => "ok",
    };

    /// <summary>" (votes 3/3, qdevice voting)", " (votes 2/2, two_node)": how the quorum is made, after "quorum yes".</summary>
    private static string QuorumText(Palette c, QuorumSection q)
    {
        var votes = q.TotalVotes is { } total && q.ExpectedVotes is { } expected ? string.Create(CultureInfo.InvariantCulture, $"votes {total}/{expected}") : null;
        var how = q.QDevice is { } qdevice ? (qdevice.Voting ? "qdevice voting" : c.Yellow("qdevice NOT voting"))
            : q.Flags.Contains("2Node") ? "two_node" : null;
        var parts = new[] { votes, how }.Where(p => p is not null).ToList();
        return parts.Count == 0 ? "" : " (" + string.Join(", ", parts) + ")";
    }

    private static string NodeState(Palette c, string state) => state == "online" ? c.Green(state) : state is "unclean" ? c.Red(state) : c.Yellow(state);
    private static string ResourceState(Palette c, string state) => state is "started" or "promoted" ? c.Green(state) : c.Red(state);
    private static string MemberState(Palette c, string state) => state switch
    {
        "ok" => c.Green(state),
        "hot standby" or "disabled" or "draining" => c.Yellow(state),
        _ => c.Red(state),
    };

    private static string Duration(long seconds)
    {
        var t = TimeSpan.FromSeconds(seconds);
        return t.TotalDays >= 1 ? $"{(int)t.TotalDays}d{t.Hours}h" : t.TotalHours >= 1 ? $"{(int)t.TotalHours}h{t.Minutes:00}m" : t.TotalMinutes >= 1 ? $"{t.Minutes}m{t.Seconds:00}s" : $"{t.Seconds}s";
    }

    private readonly record struct Palette(bool Enabled)
    {
        /// <summary>Stands for ESC while the screen is built: any ESC in it then came from outside and is escaped.</summary>
        public const char EscapeMark = '\uE01B';

        private string Wrap(string code, string text) => Enabled ? $"{EscapeMark}[{code}m{text}{EscapeMark}[0m" : text;
        public string Bold(string t) => Wrap("1", t);
        public string Red(string t) => Wrap("31;1", t);
        public string Green(string t) => Wrap("32", t);
        public string Yellow(string t) => Wrap("33;1", t);
        public string Health(Health h, string t) => h switch
        {
            Status.Health.Ok => Green(t),
            Status.Health.Degraded => Yellow(t),
            _ => Red(t),
        };
    }
}
