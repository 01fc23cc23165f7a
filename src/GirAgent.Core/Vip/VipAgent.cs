using System.Net;
using GirAgent.Net;
using GirAgent.Ocf;
using GirAgent.Posix;
using GirAgent.Time;

namespace GirAgent.Vip;

/// <summary>
/// ocf:gir:vip: a virtual IP address as a Pacemaker resource, in place of ocf:heartbeat:IPaddr2.
/// Everything happens in this process over rtnetlink and raw sockets (no <c>ip</c>, no send_arp).
/// The actions live in partial files by concern (Start, Stop, Monitor, Announce); this file holds
/// what they share.
/// </summary>
internal sealed partial class VipAgent(OcfLog log) : IResourceAgent
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(20);
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(20);
    private static readonly TimeSpan MonitorTimeout = TimeSpan.FromSeconds(20);
    private static readonly TimeSpan ValidateTimeout = TimeSpan.FromSeconds(20);
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(5);

    private AgentMetadata? _metadata;

    public AgentMetadata Metadata => _metadata ??= VipMetadata.Create();

    public OcfResult Validate(OcfContext context)
    {
        var settings = Settings(context);
        RequireValidParameters(settings);
        var deadline = context.StartDeadline(ValidateTimeout);
        using var net = Open(deadline);
        var placement = Place(settings, net, out var failure);
        if (placement is null)
            throw failure!.IsConfigurationError ? OcfException.Configured(failure.Reason) : OcfException.Generic(failure.Reason);
        return OcfResult.Ok;
    }

    /// <summary>The vip agent has nothing to reload: every parameter change restarts it.</summary>
    public OcfResult Reload(OcfContext context) => new(OcfExitCode.ErrUnimplemented, "reload is not supported by ocf:gir:vip");

    private VipSettings Settings(OcfContext context)
    {
        var settings = VipSettings.From(context, Metadata);
        if (context.Action is "start" or "validate-all")
            foreach (var warning in settings.Warnings) log.Warn(warning);
        return settings;
    }

    private static void RequireValidParameters(VipSettings settings)
    {
        if (settings.ConfigurationErrors.Count == 0) return;
        var more = settings.ConfigurationErrors.Count > 1 ? $" (and {settings.ConfigurationErrors.Count - 1} more)" : "";
        throw OcfException.Configured(settings.ConfigurationErrors[0] + more);
    }

    private static NetlinkClient Open(Deadline deadline)
    {
        try
        {
            return NetlinkClient.Open(deadline.AtMost(RequestTimeout));
        }
        catch (NetlinkException e)
        {
            throw OcfException.Generic(e.Message);
        }
    }

    /// <summary>
    /// Where the address belongs (findif): the nic, from the routing table when not given, and the
    /// prefix and broadcast. Reads one link when nic is given, else every link and the routes.
    /// </summary>
    private static VipPlacement? Place(VipSettings settings, NetlinkClient net, out PlacementFailure? failure)
    {
        IReadOnlyList<InterfaceLink> links;
        if (settings.Nic is { } nic)
            links = net.Link(nic) is { } one ? [one] : [];
        else
            links = net.Links();
        var family = NetlinkRequests.Family(settings.Ip!);
        var (placement, why) = VipPlacementResolver.Resolve(settings, links, () => net.Routes(family));
        if (placement is not null && settings.Nic is null && settings.IfLabel is { } label && placement.Nic.Length + 1 + label.Length > 15)
        {
            failure = new PlacementFailure($"interface label {placement.Nic}:{label} exceeds the maximum of 15 characters", false) { IsConfigurationError = true };
            return null;
        }
        failure = why;
        return placement;
    }

    /// <summary>The addresses of this family equal to ip (on any interface).</summary>
    private static List<InterfaceAddress> Find(NetlinkClient net, IPAddress ip) =>
        net.Addresses(NetlinkRequests.Family(ip)).Where(a => a.Address.Equals(ip)).ToList();

    private static InterfaceAddress? Exact(IEnumerable<InterfaceAddress> found, VipPlacement placement) =>
        found.FirstOrDefault(a => a.InterfaceIndex == placement.Link.Index && a.PrefixLength == placement.Prefix);

    /// <summary>An rtnetlink failure as an OCF error: permission problems are exit 4, the rest 1.</summary>
    private static OcfException Failed(string what, NetlinkException e) =>
        e.Errno is NativeNet.EPERM or NativeNet.EACCES
            ? new OcfException(OcfExitCode.ErrPerm, $"{what}: {e.Message} (run as root)")
            : OcfException.Generic($"{what}: {e.Message}");
}
