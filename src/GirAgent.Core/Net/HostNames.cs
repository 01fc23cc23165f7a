using System.Net;
using System.Text.RegularExpressions;

namespace GirAgent.Net;

/// <summary>Host names as DNS allows them (labels of letters, digits and inner hyphens, at most 63 each), and addresses.</summary>
internal static partial class HostNames
{
    public static bool IsHostName(string text) => text.Length <= 253 && HostName().IsMatch(text);

    /// <summary>An IP address (v4 written in full, or v6) or a host name.</summary>
    public static bool IsHostOrAddress(string text) =>
        (IPAddress.TryParse(text, out var address) && (address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 || text.Count(c => c == '.') == 3))
        || IsHostName(text);

    [GeneratedRegex(@"^[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$", RegexOptions.CultureInvariant)]
    private static partial Regex HostName();
}
