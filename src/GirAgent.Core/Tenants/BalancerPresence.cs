using GirAgent.Httpd;

namespace GirAgent.Tenants;

/// <summary>What the running httpd shows of one balancer of the tenants file.</summary>
/// <param name="Listed">server-status lists the balancer.</param>
/// <param name="MissingMembers">Members of the tenants file that server-status does not list.</param>
/// <param name="UnexpectedMembers">Members server-status lists that the tenants file does not have.</param>
/// <param name="FailedMembers">Members httpd flags in error, with their status as printed.</param>
internal sealed record BalancerPresence(
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
