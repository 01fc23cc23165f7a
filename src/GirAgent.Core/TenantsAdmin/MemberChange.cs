using GirAgent.Admin;
using GirAgent.Tenants;

namespace GirAgent.TenantsAdmin;

/// <summary>
/// <c>giragent members drain|disable|enable TENANT SERVICE MEMBER</c>: one member's state in the cluster's
/// tenants document. The pure part (find the member, refuse what leaves a service with no member for new
/// sessions) is here; <see cref="TenantsApply"/> makes the changed document the cluster's.
/// </summary>
internal static class MemberChange
{
    /// <summary>The service named on the command line: its file key, balancer suffix or display name, any case.</summary>
    public static TenantService? FindService(string name) =>
        TenantServices.All.Cast<TenantService?>().FirstOrDefault(s =>
            name.Equals(s!.Value.FileKey(), StringComparison.OrdinalIgnoreCase)
            || name.Equals(s.Value.BalancerSuffix(), StringComparison.OrdinalIgnoreCase)
            || name.Equals(s.Value.DisplayName(), StringComparison.OrdinalIgnoreCase)
            || name.Equals(s.Value.DisplayName().Replace(' ', '_'), StringComparison.OrdinalIgnoreCase));

    /// <summary>A member's name for people: its URL and route.</summary>
    public static string Describe(BalancerMemberConfig member) => member.Route is null ? member.Url : $"{member.Url} (route {member.Route})";

    /// <summary>
    /// Sets the state of one member in <paramref name="document"/> (which <paramref name="config"/> validated); returns
    /// what changed, or null when the member is in that state already. Throws <see cref="AdminException"/> (usage)
    /// for a tenant, service or member that is not there or is ambiguous, and (refused) when no member of the
    /// service would take new sessions, unless <paramref name="force"/>.
    /// </summary>
    public static string? Set(TenantsDocument document, TenantsConfig config, string tenantId, string serviceName, string memberName,
        MemberState state, bool force)
    {
        var tenantIndex = config.Tenants.ToList().FindIndex(t => t.Id == tenantId);
        if (tenantIndex < 0)
            throw new AdminException(AdminExit.Usage, $"no tenant '{tenantId}' in the cluster's tenants (there are: {string.Join(", ", config.Tenants.Select(t => t.Id).Take(20))})");
        var tenant = config.Tenants[tenantIndex];
        if (FindService(serviceName) is not { } kind)
            throw new AdminException(AdminExit.Usage, $"no service '{serviceName}': one of {string.Join(", ", TenantServices.All.Select(s => s.FileKey()))}");
        if (tenant.Find(kind) is not { } service)
            throw new AdminException(AdminExit.Usage, $"tenant {tenant.Id} has no {kind.DisplayName()} (it has: {string.Join(", ", tenant.Services.Select(s => s.Service.FileKey()))})");

        var matches = Enumerable.Range(0, service.Members.Count).Where(i => Matches(service.Members[i], memberName, i)).ToList();
        if (matches.Count != 1)
            throw new AdminException(AdminExit.Usage,
                (matches.Count == 0 ? $"{tenant.Id} {kind.DisplayName()} has no member '{memberName}'" : $"'{memberName}' names {matches.Count} members of {tenant.Id} {kind.DisplayName()}")
                + "; name one by route, host, host:port or position: " + string.Join("; ", service.Members.Select((m, i) => $"{i + 1}. {Describe(m)}")));
        var index = matches[0];
        var member = service.Members[index];
        var label = $"{tenant.Id} {kind.DisplayName()} {Describe(member)}";
        if (member.State == state) return null;

        var after = service.Members.Select((m, i) => i == index ? m with { State = state } : m).ToList();
        if (!after.Any(m => m.TakesNewSessions) && !force)
            throw new AdminException(AdminExit.Refused,
                $"{label}: refused: no member of {tenant.Id} {kind.DisplayName()} would take new sessions " +
                $"({string.Join(", ", after.Select(m => $"{m.Url} {MemberStates.Name(m.State)}"))}); --force does it anyway");

        var entry = Entry(document, tenantIndex, kind).Members![index]!;
        entry.State = state == MemberState.Active ? null : MemberStates.Name(state);
        return $"{label}: {MemberStates.Name(member.State)} -> {MemberStates.Name(state)}";
    }

    /// <summary>The service and member a command line names, in a validated document.</summary>
    public static (ServiceConfig Service, BalancerMemberConfig Member) Find(TenantsConfig config, string tenantId, string serviceName, string memberName)
    {
        var service = config.Tenants.First(t => t.Id == tenantId).Find(FindService(serviceName)!.Value)!;
        var index = Enumerable.Range(0, service.Members.Count).First(i => Matches(service.Members[i], memberName, i));
        return (service, service.Members[index]);
    }

    /// <summary>
    /// A tenants file applied over the cluster's tenants keeps what <c>members</c> set: a member of both (same tenant,
    /// service and URL) that the file gives no <c>state</c> keeps the cluster's drain or disabled. Returns what was kept.
    /// </summary>
    public static IReadOnlyList<string> CarryStates(TenantsDocument document, TenantsConfig config, TenantsConfig cluster)
    {
        var kept = new List<string>();
        for (var t = 0; t < config.Tenants.Count; t++)
        {
            var tenant = config.Tenants[t];
            if (cluster.Tenants.FirstOrDefault(c => c.Id == tenant.Id) is not { } was) continue;
            foreach (var service in tenant.Services)
            {
                if (was.Find(service.Service) is not { } wasService) continue;
                var entries = Entry(document, t, service.Service).Members!;
                for (var i = 0; i < service.Members.Count; i++)
                {
                    if (entries[i]!.State is not null) continue;
                    var old = wasService.Members.FirstOrDefault(m => m.Url == service.Members[i].Url);
                    if (old is null || old.State == MemberState.Active) continue;
                    entries[i]!.State = MemberStates.Name(old.State);
                    kept.Add($"{tenant.Id} {service.Service.DisplayName()} {Describe(service.Members[i])} stays {MemberStates.Name(old.State)}");
                }
            }
        }
        return kept;
    }

    private static bool Matches(BalancerMemberConfig member, string name, int index) =>
        name == member.Route
        || name.Equals(member.Host, StringComparison.OrdinalIgnoreCase)
        || name.Equals($"{member.Host}:{member.Port}", StringComparison.OrdinalIgnoreCase)
        || name.Equals($"[{member.Host}]:{member.Port}", StringComparison.OrdinalIgnoreCase)
        || name.Equals(member.Url, StringComparison.OrdinalIgnoreCase)
        || name == (index + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static ServiceEntry Entry(TenantsDocument document, int tenantIndex, TenantService kind)
    {
        var tenant = document.Tenants![tenantIndex]!;
        return kind switch
        {
            TenantService.Rws => tenant.Rws,
            TenantService.Rp => tenant.Rp,
            TenantService.Rcs => tenant.Rcs,
            TenantService.InteractionReceiver => tenant.InteractionReceiver,
            _ => tenant.Webdav,
        } ?? throw new InvalidOperationException($"the document has no {kind.DisplayName()} for tenant {tenantIndex + 1}");
    }
}

/// <summary>
/// <c>members drain --wait</c>: reads this node's server-status until the member has no request in flight
/// (mod_proxy_balancer's <c>Busy</c>) or the time is up; says which.
/// </summary>
internal static class MemberDrainWait
{
    public static int Run(Uri statusUrl, string balancer, string memberUrl, TimeSpan timeout, TextWriter messages, TimeProvider? time = null)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        long? busy = null;
        string? problem = null;
        while (true)
        {
            var deadline = new GirAgent.Time.Deadline(TimeSpan.FromSeconds(5), time ?? TimeProvider.System);
            var status = GirAgent.Httpd.ServerStatusClient.TryRead(statusUrl, deadline, new GirAgent.Net.HttpProbe.Options(TimeSpan.FromSeconds(3)));
            var worker = status?.Balancers.FirstOrDefault(b => b.Name == balancer)?.Workers.FirstOrDefault(w => w.Name == memberUrl);
            problem = status is null ? $"cannot read {statusUrl}" : worker is null ? $"{balancer} has no member {memberUrl} in server-status" : null;
            if (worker is not null)
            {
                busy = worker.Busy;
                if (busy is null)
                {
                    messages.WriteLine($"giragent members: this httpd's server-status gives no Busy count for {memberUrl}: cannot wait for it");
                    return AdminExit.Failed;
                }
                if (busy == 0)
                {
                    messages.WriteLine($"{memberUrl}: no request in flight after {clock.Elapsed.TotalSeconds:0.0} s ({worker.RawStatus.Trim()})");
                    return AdminExit.Ok;
                }
            }
            if (clock.Elapsed >= timeout)
            {
                messages.WriteLine(problem is not null
                    ? $"giragent members: gave up after {timeout.TotalSeconds:0} s: {problem}"
                    : $"giragent members: timed out after {timeout.TotalSeconds:0} s: {busy} request(s) still in flight on {memberUrl} (sticky sessions keep their member while it drains)");
                return AdminExit.Findings;
            }
            Thread.Sleep(TimeSpan.FromMilliseconds(500));
        }
    }
}
