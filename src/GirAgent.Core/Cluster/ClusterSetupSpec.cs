using System.Net;
using System.Text.RegularExpressions;
using GirAgent.Net;
using GirAgent.Pacemaker;
using GirAgent.Tenants;

namespace GirAgent.Cluster;

/// <summary>
/// The cluster configuration <c>giragent cluster setup</c> writes: the seed's, in pcs 0.11 terms,
/// with girlb's agents by default.
/// </summary>
internal sealed partial record ClusterSetupSpec
{
    public const string VipId = ResourceIds.Vip;
    public const string WebserverId = ResourceIds.Webserver;
    public const string AlertId = "girlb";
    public const string DefaultAlertPath = "/usr/libexec/girlb/alert-agent";
    public const string DefaultStatusUrl = "http://localhost/server-status";

    /// <summary>The virtual IP (ip=); empty with <see cref="Groups"/>.</summary>
    public required string Vip { get; init; }

    /// <summary>
    /// The tenants' groups (<c>--tenants</c>, its "groups"): webserver becomes a clone on every node and each group gets
    /// a VIP of its own placed on one of them; empty: the seed's one VIP and one webserver (docs/operations.md).
    /// </summary>
    public IReadOnlyList<TenantGroup> Groups { get; init; } = [];

    /// <summary>The webserver clone's id (pcs names a clone RESOURCE-clone).</summary>
    public const string WebserverCloneId = ResourceIds.Webserver + "-clone";

    /// <summary>
    /// Each group VIP's resource-stickiness: above the nodes' equal placement scores, so a node that comes back takes no
    /// group back by itself (an address moved is a moment its clients wait); docs/decisions.md "Tenants over N nodes".
    /// </summary>
    public const string GroupStickiness = "100";
    /// <summary>cidr_netmask=; <c>null</c> lets the agent take it from the route that covers the address.</summary>
    public int? Cidr { get; init; }
    /// <summary>nic=; <c>null</c> lets the agent find it from the routing table.</summary>
    public string? Nic { get; init; }
    /// <summary>webserver's configfile=.</summary>
    public required string ConfigFile { get; init; }
    /// <summary>webserver's statusurl=.</summary>
    public string StatusUrl { get; init; } = DefaultStatusUrl;
    /// <summary>webserver's httpd= (the binary); <c>null</c> leaves the agent's search.</summary>
    public string? Httpd { get; init; }

    public string VipAgent { get; init; } = "ocf:gir:vip";
    public string WebserverAgent { get; init; } = "ocf:gir:webserver";
    public string VipMonitorInterval { get; init; } = "30s";
    public string WebserverMonitorInterval { get; init; } = "30s";
    public string? WebserverMonitorTimeout { get; init; }
    public int WebserverMigrationThreshold { get; init; } = 10;
    public int DefaultMigrationThreshold { get; init; } = 1;

    /// <summary>The alert agent's path; <c>null</c> for no alert.</summary>
    public string? AlertPath { get; init; } = DefaultAlertPath;

    /// <summary>Sets stonith-enabled=false (the lab, or a cluster without a fence device yet), with a warning.</summary>
    public bool DisableFencing { get; init; }

    /// <summary>One fence device per node (<c>--fence</c>); with them fencing is on and sized (ClusterSetupPlanner.Fencing.cs).</summary>
    public IReadOnlyList<FenceDeviceSpec> Fencing { get; init; } = [];

    /// <summary>
    /// <c>priority-fencing-delay</c> (<c>--fence-delay</c>): after a split, fencing the node that runs webserver waits this long,
    /// so the other node is fenced first and the service stays; a crash of the active node costs it too (docs/decisions.md).
    /// </summary>
    public string FenceDelay { get; init; } = DefaultFenceDelay;

    /// <summary>
    /// Longer than a fence takes to kill the other node once both notice the split at the same token timeout: fence_ipmilan's
    /// login and power off, 0.1-0.3 s on the lab's BMCs, a second or two on real ones (measured: docs/benchmarks.md).
    /// </summary>
    public const string DefaultFenceDelay = "5s";

    /// <summary>The corosync-qnetd host of a quorum device (<c>--qdevice</c>), algorithm ffsplit; null for none.</summary>
    public string? QDeviceHost { get; init; }

    /// <summary>The virtual IP's instance attributes (a group's with <paramref name="group"/>), in the order pcs is given them.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> VipAttributes(TenantGroup? group = null)
    {
        var list = new List<KeyValuePair<string, string>> { new("ip", group?.Vip ?? Vip) };
        if ((group is null ? Cidr : group.Cidr) is { } cidr) list.Add(new("cidr_netmask", cidr.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        if (Nic is { } nic) list.Add(new("nic", nic));
        return list;
    }

    public IReadOnlyList<KeyValuePair<string, string>> WebserverAttributes()
    {
        var list = new List<KeyValuePair<string, string>> { new("configfile", ConfigFile), new("statusurl", StatusUrl) };
        if (Httpd is { } httpd) list.Add(new("httpd", httpd));
        return list;
    }

    /// <summary>What is wrong with this configuration, one line per value, named by its option; empty when it can be set up.</summary>
    public IReadOnlyList<string> Problems()
    {
        var errors = new List<string>();
        if (Groups.Count > 0)
        {
            if (!string.IsNullOrEmpty(Vip)) errors.Add($"--vip {Vip} and the groups of --tenants contradict each other: with groups each group's vip is its VIP");
            if (Cidr is not null) errors.Add("--cidr with groups: give each group's \"cidr\" in the tenants file");
        }
        else if (string.IsNullOrEmpty(Vip)) errors.Add("--vip is required (or --tenants FILE whose \"groups\" each have a vip)");
        else if (!IPAddress.TryParse(Vip, out var address) || (address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork && Vip.Count(c => c == '.') != 3))
            errors.Add($"--vip '{Vip}' is not an IP address");
        if (Cidr is < 0 or > 128 || (Cidr > 32 && !string.IsNullOrEmpty(Vip) && !Vip.Contains(':'))) errors.Add($"--cidr {Cidr} is not a prefix length for {Vip}");
        if (Nic is { } nic && !NicName().IsMatch(nic)) errors.Add($"--nic '{nic}' is not an interface name");
        if (!Uri.TryCreate(StatusUrl, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https"))
            errors.Add($"--status-url '{StatusUrl}' is not an http or https URL");
        foreach (var agent in new[] { VipAgent, WebserverAgent })
            if (!AgentName().IsMatch(agent)) errors.Add($"agent '{agent}' is not class:provider:type (ocf:gir:vip)");
        foreach (var (option, value) in new[] { ("--vip-monitor-interval", VipMonitorInterval), ("--webserver-monitor-interval", WebserverMonitorInterval), ("--webserver-monitor-timeout", WebserverMonitorTimeout) })
            if (value is not null && (CibState.ParseDuration(value) is not { } d || d <= TimeSpan.Zero)) errors.Add($"{option} '{value}' is not a duration (30s, 1min)");
        if (!Path.IsPathRooted(ConfigFile)) errors.Add($"--config '{ConfigFile}' is not an absolute path");
        if (DisableFencing && Fencing.Count > 0) errors.Add("--no-fencing and --fence contradict each other");
        if (!FenceDelayPattern().IsMatch(FenceDelay)) errors.Add($"--fence-delay '{FenceDelay}': seconds, e.g. 5s (0s-120s)");
        foreach (var node in Fencing.GroupBy(f => f.Node, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1))
            errors.Add($"--fence names node {node.Key} {node.Count()} times: one device per node");
        if (QDeviceHost is { } host && !HostNames.IsHostOrAddress(host))
            errors.Add($"--qdevice '{host}' is not a host name or address");
        return errors;
    }

    [GeneratedRegex(@"^[A-Za-z0-9_.:@-]{1,15}$", RegexOptions.CultureInvariant)]
    private static partial Regex NicName();

    // 0s to 120s, whole seconds (what pcs and Pacemaker take for priority-fencing-delay)
    [GeneratedRegex(@"^(0|[1-9][0-9]?|1[01][0-9]|120)s$", RegexOptions.CultureInvariant)]
    private static partial Regex FenceDelayPattern();

    [GeneratedRegex(@"^[a-z0-9_-]+(:[A-Za-z0-9_.-]+){1,2}$", RegexOptions.CultureInvariant)]
    private static partial Regex AgentName();
}
