using System.Globalization;
using System.Net;
using System.Net.Sockets;
using GirAgent.Ocf;

namespace GirAgent.Vip;

/// <summary>How the IPv4 broadcast address is chosen: computed from the prefix, none, or given.</summary>
public enum BroadcastMode { Auto, None, Explicit }

/// <summary>
/// The vip agent's parameters, typed and checked, with IPaddr2's names and meaning. <see cref="From"/>
/// reads only the environment; problems are collected, not thrown, so that a probe or a stop can
/// still answer while validate-all and start report them (exit 6).
/// </summary>
internal sealed record VipSettings
{
    public const int DefaultArpCount = 5, DefaultArpIntervalMs = 200, DefaultConflictTimeoutMs = 50;

    /// <summary>IPaddr2 parameters accepted for compatibility and ignored (meta-data lists them so pcs takes them).</summary>
    public static readonly IReadOnlyList<string> IgnoredParameters =
        ["arp_bg", "arp_sender", "send_arp_opts", "arp_mac", "flush_routes", "run_arping", "mac", "clusterip_hash", "lvs_ipv6_addrlabel_value"];

    public IPAddress? Ip { get; init; }
    public bool IsIpv6 => Ip?.AddressFamily == AddressFamily.InterNetworkV6;
    public string? Nic { get; init; }
    public string? IfLabel { get; init; }
    public int? Prefix { get; init; }
    public BroadcastMode BroadcastMode { get; init; }
    public IPAddress? Broadcast { get; init; }
    public int ArpCount { get; init; } = DefaultArpCount;
    public int ArpIntervalMs { get; init; } = DefaultArpIntervalMs;
    public int ArpCountRefresh { get; init; }
    /// <summary>preferred_lft in seconds, null for forever (IPv6 only).</summary>
    public uint? PreferredLifetime { get; init; }
    public bool NoPrefixRoute { get; init; }
    public bool NoDad { get; init; }
    public bool MonitorLink { get; init; } = true;
    public bool CheckConflict { get; init; } = true;
    public int ConflictTimeoutMs { get; init; } = DefaultConflictTimeoutMs;

    /// <summary>Parameter errors (exit 6), one line each.</summary>
    public IReadOnlyList<string> ConfigurationErrors { get; init; } = [];

    /// <summary>Things worth a warning that do not stop the agent (ignored parameters, dotted netmasks).</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];

    public string Describe => Ip is null ? "(no ip)" : Prefix is { } p ? $"{Ip}/{p}" : Ip.ToString();

    public static VipSettings From(OcfContext context, AgentMetadata metadata)
    {
        var errors = new List<string>();
        var warnings = new List<string>();
        string? P(string name) => context.Parameter(name) is { } v && v.Trim().Length > 0 ? v.Trim() : null;

        IPAddress? ip = null;
        if (P("ip") is not { } ipText) errors.Add("ip is required");
        else if (TryParseAddress(ipText, out var parsed)) ip = parsed;
        else errors.Add($"ip '{ipText}' {WhyNotAnAddress(ipText)}");
        var v6 = ip?.AddressFamily == AddressFamily.InterNetworkV6;
        var maxPrefix = v6 ? 128 : 32;

        string? nic = null, label = null;
        if (P("nic") is { } nicText)
        {
            // IPaddr2's deprecated "eth0:label" form
            var colon = nicText.IndexOf(':');
            nic = colon >= 0 ? nicText[..colon] : nicText;
            if (colon >= 0) label = nicText[(colon + 1)..];
            if (!IsInterfaceName(nic)) errors.Add($"nic '{nicText}' is not a valid interface name");
        }
        if (P("iflabel") is { } labelText) label = labelText;
        if (label is not null)
        {
            if (label.Length == 0 || label.Any(c => char.IsWhiteSpace(c) || c is '/' or ':'))
                errors.Add($"iflabel '{label}' is not a valid label");
            else if (nic is not null && nic.Length + 1 + label.Length > 15)
                errors.Add($"interface label {nic}:{label} exceeds the maximum of 15 characters");
        }
        if (v6 && label is not null) { warnings.Add("iflabel applies to IPv4 only and is ignored"); label = null; }

        int? prefix = null;
        var maskText = P("cidr_netmask") ?? P("netmask");
        if (maskText is not null)
        {
            if (int.TryParse(maskText, NumberStyles.None, CultureInfo.InvariantCulture, out var bits) && maskText.Length <= 3 && bits >= 1 && bits <= maxPrefix)
                prefix = bits;
            else if (!v6 && DottedQuadToPrefix(maskText) is { } fromDotted && fromDotted >= 1)
            {
                prefix = fromDotted;
                warnings.Add($"cidr_netmask {maskText} converted to /{fromDotted}: please use CIDR notation");
            }
            else errors.Add($"cidr_netmask '{maskText}' is not a prefix length (1-{maxPrefix})");
        }

        // a VIP is a host of its subnet: the network address and the broadcast address are not (but for /31 and /32,
        // which have neither)
        if (ip is not null && !v6 && prefix is { } p && p < 31)
        {
            var network = NetworkAddress(ip, p);
            if (ip.Equals(network)) errors.Add($"ip {ip} is the network address of {network}/{p}, not a host address: a VIP cannot be it");
            else if (ip.Equals(ComputeBroadcast(ip, p))) errors.Add($"ip {ip} is the broadcast address of {network}/{p}, not a host address: a VIP cannot be it");
        }

        var mode = BroadcastMode.Auto;
        IPAddress? broadcast = null;
        if (P("broadcast") is { } brdText && !v6)
        {
            if (brdText == "-") mode = BroadcastMode.None;
            else if (brdText == "+") mode = BroadcastMode.Auto;
            else if (TryParseIpv4(brdText, out var b)) { mode = BroadcastMode.Explicit; broadcast = b; }
            else errors.Add($"broadcast '{brdText}' is not an IPv4 address, '+' or '-'");
        }

        if (ip is { IsIPv6LinkLocal: true } && nic is null)
            errors.Add($"nic is required for the link-local address {ip}");

        var arpCount = ReadInteger("arp_count", context, errors, DefaultArpCount, 1, 1000);
        var arpInterval = ReadInteger("arp_interval", context, errors, DefaultArpIntervalMs, 1, 60_000);
        var arpRefresh = ReadInteger("arp_count_refresh", context, errors, 0, 0, 1000);
        var conflictTimeout = ReadInteger("conflict_timeout", context, errors, DefaultConflictTimeoutMs, 10, 60_000);

        uint? preferred = null;
        var lftText = context.Parameter("preferred_lft");
        if (lftText is not null)
        {
            var t = lftText.Trim();
            if (t.Length == 0) errors.Add("preferred_lft must not be empty (use 'forever')");
            else if (t != "forever")
            {
                var number = t.EndsWith("sec", StringComparison.Ordinal) ? t[..^3] : t;
                if (uint.TryParse(number, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) && seconds < uint.MaxValue) preferred = seconds;
                else errors.Add($"preferred_lft '{t}' is not 'forever' or a number of seconds");
            }
        }

        var noPrefixRoute = OcfBoolean.Read("noprefixroute", context, errors) ?? false;
        var noDad = OcfBoolean.Read("nodad", context, errors) ?? false;
        var monitorLink = OcfBoolean.Read("monitor_link", context, errors) ?? true;
        var checkConflict = OcfBoolean.Read("check_conflict", context, errors) ?? true;

        // IPaddr2 features that change what is configured: refused rather than silently ignored
        if (OcfBoolean.Read("lvs_support", context, errors) == true) errors.Add("lvs_support is not supported by ocf:gir:vip");
        if (OcfBoolean.Read("lvs_ipv6_addrlabel", context, errors) == true) errors.Add("lvs_ipv6_addrlabel is not supported by ocf:gir:vip");
        if (OcfBoolean.Read("unique_clone_address", context, errors) == true) errors.Add("unique_clone_address is not supported by ocf:gir:vip");
        if (P("network_namespace") is not null) errors.Add("network_namespace is not supported by ocf:gir:vip; run the cluster node in the namespace");
        if (int.TryParse(context.Get("OCF_RESKEY_CRM_meta_clone_max"), NumberStyles.None, CultureInfo.InvariantCulture, out var cloneMax) && cloneMax > 1)
            errors.Add("cloned VIPs (iptables CLUSTERIP) are not supported by ocf:gir:vip");

        foreach (var name in IgnoredParameters)
            if (P(name) is not null) warnings.Add($"parameter '{name}' is accepted for IPaddr2 compatibility and ignored");
        var known = metadata.Parameters.Select(p => p.Name).Append("netmask").Append("arp_mac").ToHashSet(StringComparer.Ordinal);
        foreach (var name in context.ParameterNames.Where(n => !known.Contains(n) && n != "crm_feature_set").Order(StringComparer.Ordinal))
            warnings.Add($"unknown parameter '{name}' is ignored");

        return new VipSettings
        {
            Ip = ip,
            Nic = nic,
            IfLabel = label,
            Prefix = prefix,
            BroadcastMode = mode,
            Broadcast = broadcast,
            ArpCount = arpCount,
            ArpIntervalMs = arpInterval,
            ArpCountRefresh = arpRefresh,
            PreferredLifetime = preferred,
            NoPrefixRoute = noPrefixRoute,
            NoDad = noDad,
            MonitorLink = monitorLink,
            CheckConflict = checkConflict,
            ConflictTimeoutMs = conflictTimeout,
            ConfigurationErrors = errors,
            Warnings = warnings,
        };
    }

    /// <summary>
    /// A strict address: dotted-quad IPv4 (four decimal parts, no leading zeros, first part not 0),
    /// or IPv6 without brackets, zone or prefix. <see cref="IPAddress.TryParse(string, out IPAddress)"/>
    /// alone takes "10.1" and "1" as addresses.
    /// </summary>
    public static bool TryParseAddress(string text, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out IPAddress? address)
    {
        address = null;
        if (text.Contains(':'))
        {
            if (text.Any(c => !(char.IsAsciiHexDigit(c) || c is ':' or '.'))) return false;
            if (!IPAddress.TryParse(text, out var v6) || v6.AddressFamily != AddressFamily.InterNetworkV6) return false;
            if (v6.Equals(IPAddress.IPv6Any) || v6.Equals(IPAddress.IPv6Loopback) || v6.IsIPv6Multicast || v6.IsIPv4MappedToIPv6) return false;
            address = v6;
            return true;
        }
        if (!TryParseIpv4(text, out var v4)) return false;
        var first = v4.GetAddressBytes()[0];
        if (first == 0 || first >= 224) return false;   // 0.x, multicast and reserved cannot be a VIP
        address = v4;
        return true;
    }

    /// <summary>What is wrong with <paramref name="text"/> as a VIP (when <see cref="TryParseAddress"/> refuses it), to follow "ip 'TEXT' ".</summary>
    public static string WhyNotAnAddress(string text)
    {
        if (text.Contains(':') && !text.Any(c => !(char.IsAsciiHexDigit(c) || c is ':' or '.')) && IPAddress.TryParse(text, out var v6)
            && v6.AddressFamily == AddressFamily.InterNetworkV6)
        {
            if (v6.IsIPv4MappedToIPv6)
                return $"is an IPv4-mapped IPv6 address (::ffff:a.b.c.d), which no interface holds: give the IPv4 address {v6.MapToIPv4()} itself";
            if (v6.Equals(IPAddress.IPv6Any)) return "is the unspecified address (::), not an address a host can hold";
            if (v6.Equals(IPAddress.IPv6Loopback)) return "is the loopback address (::1): a VIP must be reachable from other hosts";
            if (v6.IsIPv6Multicast) return "is a multicast address: a VIP is a unicast address";
        }
        if (TryParseIpv4(text, out var v4))
        {
            var first = v4.GetAddressBytes()[0];
            if (first == 0) return "is in 0.0.0.0/8 (\"this network\"): not an address a host can hold";
            if (first is >= 224 and < 240) return "is a multicast address: a VIP is a unicast address";
            if (first >= 240) return "is a reserved (240.0.0.0/4) or the limited broadcast address: not a VIP";
        }
        if (text.Contains('/')) return "has a prefix: give the address in ip and the prefix length in cidr_netmask";
        if (text.Contains('%')) return "has a zone (%...): give the interface in nic";
        return "is not a valid IPv4 or IPv6 address";
    }

    /// <summary>The network address of <paramref name="ip"/>/<paramref name="prefix"/> (IPv4: all host bits clear).</summary>
    public static IPAddress NetworkAddress(IPAddress ip, int prefix)
    {
        var bytes = ip.GetAddressBytes();
        var value = (uint)(bytes[0] << 24 | bytes[1] << 16 | bytes[2] << 8 | bytes[3]);
        value &= prefix == 0 ? 0 : uint.MaxValue << (32 - prefix);
        return new IPAddress([(byte)(value >> 24), (byte)(value >> 16), (byte)(value >> 8), (byte)value]);
    }

    public static bool TryParseIpv4(string text, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out IPAddress? address)
    {
        address = null;
        var parts = text.Split('.');
        if (parts.Length != 4) return false;
        var bytes = new byte[4];
        for (var i = 0; i < 4; i++)
        {
            var part = parts[i];
            if (part.Length is 0 or > 3 || !part.All(char.IsAsciiDigit) || (part.Length > 1 && part[0] == '0')) return false;
            var value = int.Parse(part, CultureInfo.InvariantCulture);
            if (value > 255) return false;
            bytes[i] = (byte)value;
        }
        address = new IPAddress(bytes);
        return true;
    }

    /// <summary>The prefix length of a dotted-quad netmask (255.255.255.0 -> 24), or null when it is not a contiguous mask.</summary>
    public static int? DottedQuadToPrefix(string text)
    {
        if (!TryParseIpv4(text, out var mask) && text != "0.0.0.0") return null;
        var bytes = mask?.GetAddressBytes() ?? new byte[4];
        var value = (uint)(bytes[0] << 24 | bytes[1] << 16 | bytes[2] << 8 | bytes[3]);
        var prefix = System.Numerics.BitOperations.LeadingZeroCount(~value);
        if (prefix < 32 && (value << prefix) != 0) return null;
        return prefix;
    }

    /// <summary>The broadcast address of <paramref name="ip"/>/<paramref name="prefix"/> (all host bits set); none for /31 and /32, as <c>ip addr add ... brd +</c>.</summary>
    public static IPAddress? ComputeBroadcast(IPAddress ip, int prefix)
    {
        if (ip.AddressFamily != AddressFamily.InterNetwork || prefix >= 31) return null;
        var bytes = ip.GetAddressBytes();
        var value = (uint)(bytes[0] << 24 | bytes[1] << 16 | bytes[2] << 8 | bytes[3]);
        var host = prefix == 0 ? uint.MaxValue : (1u << (32 - prefix)) - 1;
        value |= host;
        return new IPAddress([(byte)(value >> 24), (byte)(value >> 16), (byte)(value >> 8), (byte)value]);
    }

    /// <summary>Linux interface names: 1-15 bytes, no '/', ':' or white space, not "." or "..".</summary>
    public static bool IsInterfaceName(string name) =>
        name.Length is > 0 and <= 15 && name is not ("." or "..") && !name.Any(c => c is '/' or ':' || char.IsWhiteSpace(c) || c > 126);

    private static int ReadInteger(string name, OcfContext context, List<string> errors, int fallback, int min, int max)
    {
        var text = context.Parameter(name)?.Trim();
        if (string.IsNullOrEmpty(text)) return fallback;
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max) return value;
        errors.Add($"{name} '{text}' is not a whole number from {min} to {max}");
        return fallback;
    }
}
