namespace GirAgent.Tenants;

/// <summary>
/// A checked tenants file: every default of the seed filled in, every value valid. Made by
/// <see cref="TenantsFile"/>; rendered by <see cref="TenantsRenderer"/>.
/// </summary>
internal sealed record TenantsConfig(StatusPage Status, TlsSettings Tls, IReadOnlyList<Tenant> Tenants)
{
    /// <summary>Problems that do not stop rendering (e.g. WebDAV without a hot standby), one line each.</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];

    /// <summary>The tenants' groups, each behind its own virtual IP; empty: one VIP for all (the two-node cluster).</summary>
    public IReadOnlyList<TenantGroup> Groups { get; init; } = [];

    /// <summary>The tenants of <paramref name="group"/>.</summary>
    public IEnumerable<Tenant> InGroup(string group) => Tenants.Where(t => t.Group == group);
}

/// <summary>
/// A group of tenants and its virtual IP: cluster setup makes the VIP a resource of its own (<c>vip-NAME</c>), placed
/// on a node running webserver; every node serves every tenant, so a group's failover moves only its address.
/// </summary>
internal sealed record TenantGroup(string Name, string Vip, int? Cidr)
{
    /// <summary>The group's VIP resource (<c>vip-NAME</c>).</summary>
    public string ResourceId => ResourceIdPrefix + Name;

    public const string ResourceIdPrefix = "vip-";
}

/// <summary>mod_status's page: its path, restricted to local requests and these addresses (<c>Require ip</c>).</summary>
internal sealed record StatusPage(string Path, IReadOnlyList<string> Allow)
{
    public const string DefaultPath = "/server-status";
}

/// <summary>mod_ssl's proxy settings for https members; <c>null</c> leaves httpd's default.</summary>
internal sealed record TlsSettings(string? Verify, string? CaFile, bool? CheckPeerName, bool? CheckPeerExpire)
{
    public static TlsSettings Default { get; } = new(null, null, null, null);
}

/// <summary>One tenant: id <c>tN</c>, public prefix (default <c>/tN</c>) and its services in the seed's order.</summary>
internal sealed record Tenant(string Id, int Number, string Prefix, IReadOnlyList<ServiceConfig> Services)
{
    /// <summary>The group it belongs to (<see cref="TenantGroup.Name"/>), or null when the file has no groups.</summary>
    public string? Group { get; init; }

    /// <summary>The file the tenant's configuration is written to: <c>loadbalancer_tenantN.conf</c>.</summary>
    public string FileName => $"loadbalancer_tenant{Number}.conf";

    public ServiceConfig? Find(TenantService service) => Services.FirstOrDefault(s => s.Service == service);
}

/// <summary>One balancer: a tenant's service with its members and options.</summary>
internal sealed record ServiceConfig(
    TenantService Service,
    string Balancer,
    string Scheme,
    IReadOnlyList<ServicePath> Paths,
    IReadOnlyList<BalancerMemberConfig> Members,
    string? StickySession,
    int? ConnectionTimeoutMs,
    bool DisableReuse,
    int? TimeoutSeconds)
{
    public bool IsTls => Scheme == "https";
}

/// <summary>What an operator made of a member: in service, draining (sticky sessions only) or disabled.</summary>
internal enum MemberState { Active, Drain, Disabled }

/// <summary>The names a tenants file gives member states (a member's <c>"state"</c>): active (the default), drain, disabled.</summary>
internal static class MemberStates
{
    public static string Name(MemberState state) => state switch
    {
        MemberState.Drain => "drain",
        MemberState.Disabled => "disabled",
        _ => "active",
    };

    /// <summary>The state NAME gives (none: active); null when it names none.</summary>
    public static MemberState? Parse(string? name) => name switch
    {
        null or "active" => MemberState.Active,
        "drain" => MemberState.Drain,
        "disabled" => MemberState.Disabled,
        _ => null,
    };
}

/// <summary>One balancer member: <c>scheme://host:port</c> with its route, hot-standby flag and operator state.</summary>
internal sealed record BalancerMemberConfig(string Host, int Port, string Scheme, string? Route, bool HotStandby, MemberState State = MemberState.Active)
{
    /// <summary>Takes new sessions: not drained, not disabled (a hot standby takes them when the others cannot).</summary>
    public bool TakesNewSessions => State == MemberState.Active;

    /// <summary>The member's URL as httpd names the worker (IPv6 literals in brackets).</summary>
    public string Url => $"{Scheme}://{(Host.Contains(':') ? "[" + Host + "]" : Host)}:{Port}";
}

/// <summary>
/// One path of a service: published as the tenant's prefix + <paramref name="Public"/>, sent to the members
/// as <paramref name="Backend"/> (<c>ProxyPass /t1/rp/api balancer://t1rp/api</c>: public <c>/rp/api</c>, backend <c>/api</c>).
/// </summary>
internal sealed record ServicePath(string Public, string Backend)
{
    public static ServicePath Same(string path) => new(path, path);

    public bool IsSame => Public == Backend;

    public override string ToString() => IsSame ? Public : $"{Public} -> {Backend}";
}
