namespace GirAgent.Tenants;

/// <summary>Why a balancer of the tenants file is not in server-status, from what can be seen on the node.</summary>
internal static class MissingBalancerReason
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
