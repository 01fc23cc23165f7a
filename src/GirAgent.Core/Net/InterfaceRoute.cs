using System.Net;

namespace GirAgent.Net;

/// <summary>A route as rtnetlink reports it (RTM_NEWROUTE), with what "findif" needs.</summary>
/// <param name="Destination">The destination prefix, null for a default route.</param>
internal sealed record InterfaceRoute(byte Family, byte Table, byte Scope, byte Type, IPAddress? Destination, int DestinationLength, int? OutputInterface, IPAddress? PreferredSource, IPAddress? Gateway)
{
    public override string ToString() => $"{Destination?.ToString() ?? "default"}/{DestinationLength} table {Table} scope {Scope} type {Type} dev {OutputInterface}";
}
