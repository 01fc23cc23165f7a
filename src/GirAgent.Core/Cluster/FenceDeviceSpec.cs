using System.Globalization;
using System.Text.RegularExpressions;
using GirAgent.Net;

namespace GirAgent.Cluster;

/// <summary>
/// One node's fence device, from <c>--fence NODE=BMC[:PORT][,user=U][,password-file=F][,agent=A][,cipher=N][,power-wait=S]</c>: the BMC that powers
/// the node off, and how to log in. The password is never on the command line nor in the CIB: the device reads it from
/// <see cref="PasswordFile"/> on the node that fences (<c>password_script</c>), so the file must exist on every node.
/// </summary>
internal sealed partial record FenceDeviceSpec(string Node, string Address, int Port, string User, string PasswordFile, string Agent)
{
    /// <summary>The IPMI 2.0 cipher suite (fence_ipmilan's <c>cipher</c>); null: ipmitool negotiates one.</summary>
    public int? Cipher { get; init; }

    /// <summary>Seconds the agent waits after a power off or on (<c>power_wait</c>); null: the agent's default (2 s).</summary>
    public string? PowerWait { get; init; }

    public const string DefaultAgent = "fence_ipmilan";
    public const int DefaultPort = 623;

    /// <summary>The device's resource id: <c>fence-NODE</c>.</summary>
    public string Id => "fence-" + Node;

    /// <summary>The device's instance attributes, in the order pcs is given them.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Attributes() =>
    [
        new("ip", Address),
        new("ipport", Port.ToString(CultureInfo.InvariantCulture)),
        new("lanplus", "1"),
        new("username", User),
        new("password_script", "cat " + PasswordFile),
        .. Cipher is { } cipher ? [new KeyValuePair<string, string>("cipher", cipher.ToString(CultureInfo.InvariantCulture))] : Array.Empty<KeyValuePair<string, string>>(),
        .. PowerWait is { } wait ? [new KeyValuePair<string, string>("power_wait", wait)] : Array.Empty<KeyValuePair<string, string>>(),
        new("pcmk_host_list", Node),
    ];

    /// <summary>
    /// Parses one <c>--fence</c> value; <paramref name="user"/>, <paramref name="passwordFile"/> and <paramref name="agent"/>
    /// are the defaults the value may override. Throws <see cref="FormatException"/> naming what is wrong.
    /// </summary>
    public static FenceDeviceSpec Parse(string text, string? user, string? passwordFile, string agent = DefaultAgent)
    {
        var parts = text.Split(',', StringSplitOptions.TrimEntries);
        var eq = parts[0].IndexOf('=');
        if (eq <= 0) throw new FormatException($"--fence '{text}': NODE=BMC-ADDRESS[:PORT][,user=U][,password-file=F][,agent=fence_ipmilan][,cipher=N][,power-wait=S]");
        var node = parts[0][..eq];
        var target = parts[0][(eq + 1)..];
        if (!NodeName().IsMatch(node)) throw new FormatException($"--fence '{text}': '{node}' is not a node name");
        // BMC, BMC:PORT, an IPv6 address, or [IPv6]:PORT
        var (address, portText) = target.StartsWith('[') && target.IndexOf(']') is var close and > 0
            ? (target[1..close], target[(close + 1)..].StartsWith(':') ? target[(close + 2)..] : null)
            : target.Count(c => c == ':') == 1 ? (target[..target.IndexOf(':')], target[(target.IndexOf(':') + 1)..]) : (target, null);
        var port = DefaultPort;
        if (portText is not null && (!int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out port) || port is < 1 or > 65535))
            throw new FormatException($"--fence '{text}': port '{portText}' is not a UDP port (1-65535)");
        if (!HostNames.IsHostOrAddress(address))
            throw new FormatException($"--fence '{text}': '{address}' is not an address or host name of a BMC");
        int? cipher = null;
        string? powerWait = null;
        foreach (var option in parts.Skip(1))
        {
            var split = option.IndexOf('=');
            var (key, value) = split > 0 ? (option[..split], option[(split + 1)..]) : (option, "");
            switch (key)
            {
                case "user": user = value; break;
                case "password-file": passwordFile = value; break;
                case "agent": agent = value; break;
                case "cipher":
                    cipher = int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var suite) && suite <= 17 ? suite
                        : throw new FormatException($"--fence '{text}': cipher '{value}' is not an IPMI cipher suite (0-17; 3 and 17 are the common ones)");
                    break;
                case "power-wait":
                    powerWait = decimal.TryParse(value, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var seconds) && seconds <= 60 ? value
                        : throw new FormatException($"--fence '{text}': power-wait '{value}' is not a number of seconds (0-60)");
                    break;
                case "password":
                    throw new FormatException($"--fence '{node}=...': a password on the command line is seen by every user (ps, shell history): give password-file=FILE");
                default: throw new FormatException($"--fence '{text}': unknown option '{key}' (user, password-file, agent, cipher, power-wait)");
            }
        }
        if (string.IsNullOrEmpty(user)) throw new FormatException($"--fence '{text}': no user (user=U, or --fence-user)");
        if (string.IsNullOrEmpty(passwordFile)) throw new FormatException($"--fence '{text}': no password file (password-file=FILE, or --fence-password-file)");
        if (!Path.IsPathRooted(passwordFile) || passwordFile.Any(c => char.IsWhiteSpace(c) || c is '\'' or '"' or '$' or '`' or ';' or '&' or '|' or '\\'))
            throw new FormatException($"--fence '{text}': password file '{passwordFile}' must be an absolute path without spaces or shell characters");
        if (!AgentName().IsMatch(agent)) throw new FormatException($"--fence '{text}': '{agent}' is not a fence agent (fence_ipmilan)");
        if (user.Any(char.IsControl)) throw new FormatException($"--fence '{text}': the user has control characters");
        return new FenceDeviceSpec(node, address, port, user, passwordFile, agent) { Cipher = cipher, PowerWait = powerWait };
    }

    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9_.-]{0,62}$", RegexOptions.CultureInvariant)]
    private static partial Regex NodeName();

    [GeneratedRegex(@"^fence_[a-z0-9_]+$", RegexOptions.CultureInvariant)]
    private static partial Regex AgentName();
}
