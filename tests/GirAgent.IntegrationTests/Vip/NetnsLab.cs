using System.Diagnostics;
using System.Text.RegularExpressions;
using GirAgent.IntegrationTests.Support;

namespace GirAgent.IntegrationTests.Vip;

/// <summary>
/// Two network namespaces made for one test, joined by a veth pair named lab0 on both sides:
/// the node the agent runs in (10.77.0.1/24, 2001:db8:77::1/64) and a peer that observes and,
/// when a test says so, holds the same address. Nothing is ever configured outside them; both
/// are deleted on dispose, whatever happened. Requires root.
/// </summary>
public sealed partial class NetnsLab : IDisposable
{
    public const string Nic = "lab0";
    public const string NodeIp = "10.77.0.1", PeerIp = "10.77.0.2", Vip4 = "10.77.0.50";
    public const string NodeIp6 = "2001:db8:77::1", PeerIp6 = "2001:db8:77::2", Vip6 = "2001:db8:77::50";

    private readonly DirectoryInfo _dir;
    private bool _disposed;

    public NetnsLab()
    {
        var id = Convert.ToHexString(Guid.NewGuid().ToByteArray().AsSpan(0, 4)).ToLowerInvariant();
        Node = $"girlb-vip-{id}-n";
        Peer = $"girlb-vip-{id}-p";
        _dir = Directory.CreateTempSubdirectory("girlb-vip-it-");
        File.SetUnixFileMode(_dir.FullName, (UnixFileMode)0b111_101_101);
        try
        {
            Ip("netns", "add", Node);
            Ip("netns", "add", Peer);
            // the veth pair is created inside the node namespace and its peer moved straight into the other: never in ours
            Ip("-n", Node, "link", "add", Nic, "type", "veth", "peer", "name", Nic, "netns", Peer);
            foreach (var ns in new[] { Node, Peer })
            {
                Ip("-n", ns, "link", "set", "lo", "up");
                Ip("-n", ns, "link", "set", Nic, "up");
            }
            Ip("-n", Node, "addr", "add", NodeIp + "/24", "dev", Nic);
            Ip("-n", Peer, "addr", "add", PeerIp + "/24", "dev", Nic);
            Ip("-n", Node, "addr", "add", NodeIp6 + "/64", "dev", Nic, "nodad");
            Ip("-n", Peer, "addr", "add", PeerIp6 + "/64", "dev", Nic, "nodad");
            NodeMac = Mac(Node);
            PeerMac = Mac(Peer);
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    public string Node { get; }
    public string Peer { get; }
    public string NodeMac { get; } = "";
    public string PeerMac { get; } = "";

    /// <summary>Runs ip with these arguments; throws with its output when it fails.</summary>
    public static string Ip(params string[] args)
    {
        var run = Programs.Run("/usr/sbin/ip", args, timeout: TimeSpan.FromSeconds(20));
        if (run.ExitCode != 0) throw new InvalidOperationException($"ip {string.Join(' ', args)}: {run}");
        return run.StandardOutput;
    }

    /// <summary>Runs a command inside namespace <paramref name="ns"/>.</summary>
    public static AgentRun Exec(string ns, IEnumerable<string> command, IReadOnlyDictionary<string, string>? env = null, TimeSpan? timeout = null) =>
        Programs.Run("/usr/sbin/ip", ["netns", "exec", ns, .. command], env, timeout);

    /// <summary>The agent as Pacemaker runs it (a link named vip), in the node namespace.</summary>
    public AgentRun Agent(string action, params (string Name, string Value)[] parameters) => Agent(action, Node, parameters);

    public AgentRun Agent(string action, string ns, params (string Name, string Value)[] parameters)
    {
        var env = new Dictionary<string, string> { ["OCF_ROOT"] = "/usr/lib/ocf", ["OCF_RESOURCE_INSTANCE"] = "vip-test" };
        foreach (var (name, value) in parameters)
            env[name.StartsWith("OCF_", StringComparison.Ordinal) ? name : "OCF_RESKEY_" + name] = value;
        return Exec(ns, [AgentLink, action], env, TimeSpan.FromSeconds(60));
    }

    public string AgentLink
    {
        get
        {
            var link = Path.Combine(_dir.FullName, "vip");
            if (!File.Exists(link)) File.CreateSymbolicLink(link, Programs.Giragent);
            return link;
        }
    }

    public string WorkDirectory => _dir.FullName;

    /// <summary>The "ip -o addr show" lines of the node's lab0 (one per address).</summary>
    public string Addresses(string? ns = null) => Ip("-n", ns ?? Node, "-o", "addr", "show", "dev", Nic);

    public bool HasAddress(string address, int prefix, string? ns = null) =>
        Addresses(ns).Split('\n').Any(l => Regex.IsMatch(l, $@"\binet6? {Regex.Escape(address)}/{prefix}\b"));

    public Capture StartCapture(TimeSpan duration) => Capture.Start(this, duration);

    private static string Mac(string ns)
    {
        var match = MacPattern().Match(Ip("-n", ns, "-o", "link", "show", Nic));
        return match.Success ? match.Groups[1].Value : throw new InvalidOperationException("no MAC on " + Nic);
    }

    [GeneratedRegex(@"link/ether ([0-9a-f:]{17})")]
    private static partial Regex MacPattern();

    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        foreach (var ns in new[] { Node, Peer })
        {
            // the agent's announcer pid files carry the namespace's inode
            var inode = Programs.Run("/usr/bin/stat", ["-L", "-c", "%i", "/run/netns/" + ns]).StandardOutput.Trim();
            if (inode.Length > 0 && System.IO.Directory.Exists("/run/girlb"))
                foreach (var file in System.IO.Directory.EnumerateFiles("/run/girlb", $"vip-announce-*-{inode}.pid"))
                    try { File.Delete(file); } catch (IOException) { }
            // announcers still running in the namespace would keep it alive: end them first
            var pids = Programs.Run("/usr/sbin/ip", ["netns", "pids", ns]);
            foreach (var line in pids.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries))
                if (int.TryParse(line.Trim(), out var pid))
                    try { Process.GetProcessById(pid).Kill(); } catch (ArgumentException) { } catch (InvalidOperationException) { }
            Programs.Run("/usr/sbin/ip", ["netns", "del", ns]);
        }
        try { _dir.Delete(recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
