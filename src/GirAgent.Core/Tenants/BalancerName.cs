using System.Text.RegularExpressions;

namespace GirAgent.Tenants;

/// <summary>
/// What a balancer's name says: <c>balancer://t1rws</c> is tenant <c>t1</c>, service RWS. Names that
/// do not follow the seed's convention have no tenant and are shown as they are.
/// </summary>
internal sealed partial record BalancerName(string Name, string? Tenant, TenantService? Service)
{
    public static BalancerName Parse(string name)
    {
        var match = Pattern().Match(name.Trim());
        if (!match.Success) return new BalancerName(name, null, null);
        var service = match.Groups[2].Value.ToLowerInvariant() switch
        {
            "rws" => TenantService.Rws,
            "rp" => TenantService.Rp,
            "rcs" => TenantService.Rcs,
            "sm" => TenantService.InteractionReceiver,
            _ => TenantService.WebDav,
        };
        return new BalancerName(name, "t" + match.Groups[1].Value, service);
    }

    [GeneratedRegex(@"^balancer://t(\d{1,6})(rws|rp|rcs|sm|webdav)/?$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
