using GirAgent.Ocf;

namespace GirAgent.Vip;

/// <summary>The parameters and actions of ocf:gir:vip: IPaddr2's names and meaning, and girlb's own.</summary>
internal static class VipMetadata
{
    public const string AgentName = "vip";

    public static AgentMetadata Create() => new(
        AgentName,
        typeof(VipMetadata).Assembly.GetName().Version?.ToString(3) ?? "0.1.0",
        "Manages a virtual IPv4 or IPv6 address (drop-in for ocf:heartbeat:IPaddr2)",
        """
        girlb's virtual IP agent, a drop-in replacement for ocf:heartbeat:IPaddr2: the parameters
        operators set keep their names and meaning. Everything is done in the agent's own process
        over rtnetlink and raw sockets: no ip, send_arp, send_ua or arping is run.

        start first checks that no other host holds the address (an RFC 5227 ARP probe for IPv4,
        the kernel's duplicate address detection for IPv6; check_conflict=false turns it off) and
        fails, leaving nothing configured, when one does. It then adds the address and announces
        it (gratuitous ARP request and reply for IPv4, unsolicited neighbour advertisements for
        IPv6) arp_count times every arp_interval ms, the first at once, from a detached background
        process, so start returns as soon as the address is usable.

        monitor reports running when exactly this address and prefix are on the nic; with
        monitor_link=true (the default) a nic that is down or has lost its carrier fails the
        monitor. stop removes the address; an address or nic already gone is success.

        IPaddr2 parameters accepted and ignored: arp_bg, arp_sender, send_arp_opts, flush_routes,
        run_arping (check_conflict replaces it), mac, clusterip_hash, lvs_ipv6_addrlabel_value.
        Refused (exit 6 when set): lvs_support, lvs_ipv6_addrlabel, unique_clone_address,
        network_namespace, and cloning the resource (CLUSTERIP).
        """,
        Parameters(),
        [
            new ActionSpec("start", 20),
            new ActionSpec("stop", 20),
            new ActionSpec("status", 20, IntervalSeconds: 10, Depth: 0),
            new ActionSpec("monitor", 20, IntervalSeconds: 10, Depth: 0),
            new ActionSpec("meta-data", 5),
            new ActionSpec("validate-all", 20),
        ]);

    private static List<ParameterSpec> Parameters() =>
    [
        new("ip", ParameterType.String, "IPv4 or IPv6 address",
            "The virtual address to manage, IPv4 in dotted quad notation (192.168.1.1) or IPv6 (2001:db8::10).",
            Required: true, Unique: true),
        new("nic", ParameterType.String, "network interface",
            "The interface to add the address to. When absent it is found from the routing table, as IPaddr2 does: the interface of the connected route (main table) that covers the address with the longest prefix. Required for an IPv6 link-local address. The deprecated form nic=eth0:label sets iflabel too."),
        new("cidr_netmask", ParameterType.String, "prefix length",
            "The prefix length of the address in CIDR notation (24, not 255.255.255.0; a dotted quad is converted with a warning). When absent it is taken from the connected route that covers the address."),
        new("broadcast", ParameterType.String, "IPv4 broadcast address",
            "The broadcast address of an IPv4 address. When absent (or '+') it is computed from the prefix (all host bits set; none for /31 and /32); '-' means no broadcast address. Ignored for IPv6."),
        new("iflabel", ParameterType.String, "interface label",
            "A label for an IPv4 address, shown by ip as NIC:LABEL (at most 15 characters together). Ignored for IPv6."),
        new("arp_count", ParameterType.Integer, "number of announcements",
            "How many times the address is announced after start (gratuitous ARP request and reply for IPv4, an unsolicited neighbour advertisement for IPv6).",
            "5"),
        new("arp_interval", ParameterType.Integer, "milliseconds between announcements",
            "The time between two announcements, in milliseconds.", "200"),
        new("arp_count_refresh", ParameterType.Integer, "announcements per monitor",
            "How many announcements each monitor sends (in the background) while the address is up; 0 sends none.", "0"),
        new("preferred_lft", ParameterType.String, "IPv6 preferred lifetime",
            "The preferred lifetime of an IPv6 address in seconds, or 'forever'. 0 makes it deprecated: it answers but is not chosen as a source address. Ignored for IPv4.",
            "forever"),
        new("noprefixroute", ParameterType.Boolean, "do not add a prefix route",
            "Add the address without the route to its prefix (ip's noprefixroute).", "false"),
        new("nodad", ParameterType.Boolean, "skip IPv6 duplicate address detection",
            "Add an IPv6 address without duplicate address detection. check_conflict=false does the same.", "false"),
        new("monitor_link", ParameterType.Boolean, "fail the monitor when the link is down",
            "When true, monitor fails (and start refuses) when the nic is administratively down or has no carrier, so the cluster moves the address to a node where it is reachable. When false only the presence of the address counts, as with IPaddr2.",
            "true"),
        new("check_conflict", ParameterType.Boolean, "check for a duplicate address before start",
            "When true, start first asks whether another host holds the address (ARP probes from 0.0.0.0 as RFC 5227 describes for IPv4, the kernel's duplicate address detection for IPv6) and fails without adding it when one answers. Bringing up an address another host holds splits the traffic between them.",
            "true"),
        new("conflict_timeout", ParameterType.Integer, "milliseconds to wait for an IPv4 conflict",
            "How long start listens for another host answering its ARP probes (three probes sent at once, 1 ms apart, then listening for the rest of this time). A holder that is alive answers within a millisecond on a LAN; the default leaves a busy one fifty times that, and the failover waits no longer. IPv6 duplicate address detection takes as long as the kernel's settings say (about 1-2 s by default).",
            "50"),
        Ignored("lvs_support", ParameterType.Boolean, "false", "LVS loopback handling: not supported; true is refused."),
        Ignored("lvs_ipv6_addrlabel", ParameterType.Boolean, "false", "IPv6 address labels for LVS: not supported; true is refused."),
        Ignored("lvs_ipv6_addrlabel_value", ParameterType.Integer, "99", "Accepted for IPaddr2 compatibility and ignored."),
        Ignored("mac", ParameterType.String, null, "CLUSTERIP multicast MAC: cloned VIPs are not supported; accepted and ignored."),
        Ignored("clusterip_hash", ParameterType.String, "sourceip-sourceport", "CLUSTERIP hash: cloned VIPs are not supported; accepted and ignored."),
        Ignored("unique_clone_address", ParameterType.Boolean, "false", "Not supported; true is refused."),
        Ignored("arp_bg", ParameterType.String, null, "Accepted and ignored: announcements after the first always run in the background."),
        Ignored("arp_sender", ParameterType.String, null, "Accepted and ignored: giragent sends the announcements itself."),
        Ignored("send_arp_opts", ParameterType.String, null, "Accepted and ignored: giragent sends the announcements itself."),
        Ignored("flush_routes", ParameterType.Boolean, "false", "Accepted and ignored (Linux has no IPv4 route cache to flush since 3.6)."),
        Ignored("run_arping", ParameterType.String, "false", "Accepted and ignored: check_conflict does the duplicate address check, on by default."),
        Ignored("network_namespace", ParameterType.String, null, "Not supported; a value is refused."),
    ];

    private static ParameterSpec Ignored(string name, ParameterType type, string? @default, string what) =>
        new(name, type, "IPaddr2 compatibility (" + name + ")", what, @default);
}
