namespace GirAgent.Net;

/// <summary>A network interface as rtnetlink reports it (RTM_NEWLINK).</summary>
/// <param name="Flags">IFF_* flags: UP is the administrative state, LOWER_UP the carrier.</param>
/// <param name="HardwareType">ARPHRD_*: 1 for Ethernet (and veth, bridges), 772 for loopback.</param>
internal sealed record InterfaceLink(int Index, string Name, uint Flags, ushort HardwareType, byte[] HardwareAddress, byte OperState)
{
    public bool IsUp => (Flags & NetlinkConstants.IFF_UP) != 0;
    public bool HasCarrier => (Flags & NetlinkConstants.IFF_LOWER_UP) != 0;
    public bool IsLoopback => (Flags & NetlinkConstants.IFF_LOOPBACK) != 0 || HardwareType == NetlinkConstants.ARPHRD_LOOPBACK;

    /// <summary>Whether ARP and neighbour discovery run on it: an Ethernet-like link with a 6-byte address and no NOARP flag.</summary>
    public bool IsEthernet => HardwareType == NetlinkConstants.ARPHRD_ETHER && HardwareAddress.Length == 6 && (Flags & NetlinkConstants.IFF_NOARP) == 0 && !IsLoopback;

    public string MacText => string.Join(':', HardwareAddress.Select(b => b.ToString("x2", System.Globalization.CultureInfo.InvariantCulture)));

    /// <summary>Why traffic cannot flow, or null when the link is up with carrier.</summary>
    public string? DownReason => !IsUp ? $"interface {Name} is administratively down"
        : !HasCarrier && !IsLoopback ? $"link of {Name} is down (no carrier)" : null;
}
