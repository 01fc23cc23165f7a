using System.Net;

namespace GirAgent.Net;

/// <summary>An address on an interface as rtnetlink reports it (RTM_NEWADDR).</summary>
/// <param name="Flags">IFA_F_* flags (from IFA_FLAGS when present, which carries more than the 8 bits of ifa_flags).</param>
internal sealed record InterfaceAddress(int InterfaceIndex, IPAddress Address, int PrefixLength, uint Flags, byte Scope, string? Label, IPAddress? Broadcast)
{
    public bool IsTentative => (Flags & NetlinkConstants.IFA_F_TENTATIVE) != 0;
    public bool IsDadFailed => (Flags & NetlinkConstants.IFA_F_DADFAILED) != 0;

    public override string ToString() => $"{Address}/{PrefixLength}";
}
