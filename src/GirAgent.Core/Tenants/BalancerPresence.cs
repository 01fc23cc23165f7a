using GirAgent.Httpd;

namespace GirAgent.Tenants;

/// <summary>What the running httpd shows of one balancer of the tenants file.</summary>
/// <param name="Listed">server-status lists the balancer.</param>
/// <param name="MissingMembers">Members of the tenants file that server-status does not list.</param>
/// <param name="UnexpectedMembers">Members server-status lists that the tenants file does not have.</param>
/// <param name="FailedMembers">Members httpd flags in error, with their status as printed.</param>
public sealed record BalancerPresence(
    Tenant Tenant,
    ServiceConfig Service,
    bool Listed,
    IReadOnlyList<string> MissingMembers,
    IReadOnlyList<string> UnexpectedMembers,
    IReadOnlyList<string> FailedMembers)
{
    public bool Matches => Listed && MissingMembers.Count == 0 && UnexpectedMembers.Count == 0;

    /// <summary>Compares every balancer of <paramref name="config"/> with a parsed server-status page.</summary>
    public static IReadOnlyList<BalancerPresence> Compare(TenantsConfig config, ServerStatus status)
    {
        var result = new List<BalancerPresence>();
        foreach (var tenant in config.Tenants)
        {
            foreach (var service in tenant.Services)
            {
                var listed = status.Balancers.FirstOrDefault(b => string.Equals(b.Name.TrimEnd('/'), service.Balancer, StringComparison.OrdinalIgnoreCase));
                if (listed is null)
                {
                    result.Add(new BalancerPresence(tenant, service, false, [], [], []));
                    continue;
                }
                var names = listed.Workers.Select(w => Normalize(w.Name)).ToHashSet(StringComparer.OrdinalIgnoreCase);
                var expected = service.Members.Select(m => Normalize(m.Url)).ToHashSet(StringComparer.OrdinalIgnoreCase);
                result.Add(new BalancerPresence(tenant, service, true,
                    [.. service.Members.Select(m => m.Url).Where(u => !names.Contains(Normalize(u)))],
                    [.. listed.Workers.Select(w => w.Name).Where(n => !expected.Contains(Normalize(n)))],
                    [.. listed.Workers.Where(w => w.State is WorkerState.Error or WorkerState.HealthCheckFailed).Select(w => $"{w.Name} ({w.RawStatus.Trim()})")]));
            }
        }
        return result;
    }

    private static string Normalize(string url) => url.TrimEnd('/');
}

/// <summary>Why a balancer of the tenants file is not in server-status, from what can be seen on the node.</summary>
public static class MissingBalancerReason
{
    /// <param name="statusListsAny">server-status lists at least one balancer.</param>
    /// <param name="fileOnDisk">The tenant's file as it is in the configuration directory; <c>null</c> when absent.</param>
    /// <param name="rendered">The tenant's file as the tenants file renders it.</param>
    /// <param name="fileChanged">When the file on disk last changed.</param>
    /// <param name="httpdRestarted">When httpd last (re)started or reloaded: now minus its uptime.</param>
    /// <param name="enabled">Debian: the file is linked in conf-enabled (<c>null</c> elsewhere).</param>
    public static string Explain(string fileName, string directory, bool statusListsAny, string? fileOnDisk, string rendered,
        DateTimeOffset? fileChanged, DateTimeOffset? httpdRestarted, bool? enabled)
    {
        if (fileOnDisk is null)
            return $"{fileName} is not in {directory}: run 'giragent tenants render'";
        if (fileOnDisk != rendered)
            return $"{Path.Combine(directory, fileName)} differs from the tenants file: run 'giragent tenants render'";
        if (enabled == false)
            return $"{fileName} is not enabled: a2enconf {Path.GetFileNameWithoutExtension(fileName)}, then reload";
        if (fileChanged is { } changed && httpdRestarted is { } restarted && changed > restarted)
            return $"httpd has not reloaded since {fileName} changed ({changed:yyyy-MM-dd HH:mm:ss} UTC): giragent tenants render --reload (on this node)";
        if (!statusListsAny)
            return "server-status lists no balancer at all: ProxyStatus is off, mod_proxy_balancer is not loaded, or no tenant file is included";
        return $"httpd does not list it although {fileName} defines it: is {directory} included by httpd's configuration, " +
            "or is the balancer inside a <VirtualHost>? (mod_status lists only server-level balancers and those of the virtual host that answers)";
    }
}
