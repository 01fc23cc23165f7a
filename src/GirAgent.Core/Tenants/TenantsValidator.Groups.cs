using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;

namespace GirAgent.Tenants;

// "groups": the tenants' groups, each behind a virtual IP of its own (tenants spread over three or more nodes).
internal static partial class TenantsValidator
{
    /// <summary>More groups than this is a typing error, not a cluster: each is a Pacemaker resource with two constraints.</summary>
    public const int MaxGroups = 64;

    private static List<TenantGroup> ValidateGroups(List<GroupEntry?>? entries, List<string> errors)
    {
        var groups = new List<TenantGroup>();
        if (entries is null) return groups;
        if (entries.Count == 0) errors.Add("groups: an empty list; leave \"groups\" out for one VIP for all tenants");
        if (entries.Count > MaxGroups) errors.Add($"groups: {entries.Count} groups, at most {MaxGroups}");
        for (var i = 0; i < entries.Count; i++)
        {
            var entry = entries[i];
            if (entry is null)
            {
                errors.Add($"groups[{i}]: null is not a group");
                continue;
            }
            var name = entry.Name?.Trim();
            var where = name is { Length: > 0 } ? $"group {name}" : $"groups[{i}]";
            Unknown(entry.Unknown, where + ": ", "key", ["name", "vip", "cidr"], errors);
            var valid = true;
            if (string.IsNullOrEmpty(name)) { errors.Add($"{where}: no \"name\" (a1, blue, eu-1: lower-case letters, digits and -)"); valid = false; }
            else if (!GroupName().IsMatch(name))
            {
                errors.Add($"{where}: name '{name}' must be 1-32 lower-case letters, digits and -, starting with a letter (it names the resource vip-{name})");
                valid = false;
            }
            var vip = entry.Vip?.Trim();
            IPAddress? address = null;
            if (string.IsNullOrEmpty(vip)) { errors.Add($"{where}: no \"vip\" (the group's virtual IP address)"); valid = false; }
            else if (!IPAddress.TryParse(vip, out address) || (address.AddressFamily == AddressFamily.InterNetwork && vip.Count(c => c == '.') != 3)
                || vip.Contains('%') || vip.Contains('/'))
            {
                errors.Add($"{where}: vip '{vip}' is not an IP address (10.0.0.10, 2001:db8::10)");
                valid = false;
            }
            else if (IPAddress.IsLoopback(address) || address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any) || address.Equals(IPAddress.Broadcast)
                || address.IsIPv6Multicast || (address.AddressFamily == AddressFamily.InterNetwork && address.GetAddressBytes()[0] >= 224))
            {
                errors.Add($"{where}: vip {vip} cannot be a virtual IP (loopback, unspecified, multicast or broadcast)");
                valid = false;
            }
            var max = address?.AddressFamily == AddressFamily.InterNetworkV6 ? 128 : 32;
            if (entry.Cidr is { } cidr && (cidr < 1 || cidr > max))
            {
                errors.Add($"{where}: cidr {cidr} is not a prefix length for {vip} (1-{max})");
                valid = false;
            }
            if (valid) groups.Add(new TenantGroup(name!, address!.ToString(), entry.Cidr));
        }
        foreach (var dup in groups.GroupBy(g => g.Name, StringComparer.Ordinal).Where(g => g.Count() > 1))
            errors.Add($"group {dup.Key}: defined {dup.Count()} times; group names must be unique");
        foreach (var dup in groups.GroupBy(g => g.Vip, StringComparer.Ordinal).Where(g => g.Count() > 1))
            errors.Add($"vip {dup.Key} is given to groups {string.Join(" and ", dup.Select(g => g.Name))}: one address, one group");
        return groups;
    }

    /// <summary>With groups every tenant names one of them; without, none may.</summary>
    private static void CheckGroups(List<TenantGroup> groups, List<Tenant> tenants, List<string> errors, List<string> warnings)
    {
        var names = groups.Select(g => g.Name).ToHashSet(StringComparer.Ordinal);
        var known = string.Join(", ", groups.Select(g => g.Name));
        foreach (var tenant in tenants)
        {
            if (tenant.Group is null or "")
            {
                if (groups.Count > 0) errors.Add($"{tenant.Id}: no \"group\": with groups every tenant names its own ({known})");
            }
            else if (groups.Count == 0)
                errors.Add($"{tenant.Id}: group '{tenant.Group}', but the file has no \"groups\" (each with its vip)");
            else if (!names.Contains(tenant.Group))
                errors.Add($"{tenant.Id}: group '{tenant.Group}' is not one of the groups ({known})");
        }
        foreach (var group in groups.Where(g => !tenants.Any(t => t.Group == g.Name)))
            warnings.Add($"group {group.Name} ({group.Vip}) has no tenant: its VIP serves nobody's DNS name yet");
    }

    [GeneratedRegex(@"^[a-z][a-z0-9-]{0,31}$", RegexOptions.CultureInvariant)]
    private static partial Regex GroupName();
}
