namespace GirAgent.Tenants;

/// <summary>The five backend services every tenant has, as the seed names their balancers.</summary>
internal enum TenantService
{
    /// <summary>Recording Web Services: <c>balancer://tNrws</c>, sticky on ROUTEID.</summary>
    Rws,
    /// <summary>Recording Processor: <c>balancer://tNrp</c>.</summary>
    Rp,
    /// <summary>Recording Crypto Server: <c>balancer://tNrcs</c>, sticky on JSESSIONID.</summary>
    Rcs,
    /// <summary>Interaction Receiver: <c>balancer://tNsm</c>.</summary>
    InteractionReceiver,
    /// <summary>WebDAV (recordings): <c>balancer://tNwebdav</c>, the second member a hot standby.</summary>
    WebDav,
}

internal static class TenantServices
{
    /// <summary>Every service, in the order the seed lists them (and files render them).</summary>
    public static IReadOnlyList<TenantService> All { get; } =
        [TenantService.Rws, TenantService.Rp, TenantService.Rcs, TenantService.InteractionReceiver, TenantService.WebDav];

    public static string BalancerSuffix(this TenantService service) => service switch
    {
        TenantService.Rws => "rws",
        TenantService.Rp => "rp",
        TenantService.Rcs => "rcs",
        TenantService.InteractionReceiver => "sm",
        TenantService.WebDav => "webdav",
        _ => throw new ArgumentOutOfRangeException(nameof(service)),
    };

    public static string DisplayName(this TenantService service) => service switch
    {
        TenantService.Rws => "RWS",
        TenantService.Rp => "RP",
        TenantService.Rcs => "RCS",
        TenantService.InteractionReceiver => "Interaction Receiver",
        TenantService.WebDav => "WebDAV",
        _ => service.ToString(),
    };

    /// <summary>The service's long name, for comments in rendered files.</summary>
    public static string LongName(this TenantService service) => service switch
    {
        TenantService.Rws => "Recording Web Services (RWS)",
        TenantService.Rp => "Recording Processor (RP)",
        TenantService.Rcs => "Recording Crypto Server (RCS)",
        TenantService.InteractionReceiver => "Interaction Receiver",
        TenantService.WebDav => "WebDAV (recordings)",
        _ => service.ToString(),
    };

    /// <summary>The key of the service in the tenants file.</summary>
    public static string FileKey(this TenantService service) => service switch
    {
        TenantService.Rws => "rws",
        TenantService.Rp => "rp",
        TenantService.Rcs => "rcs",
        TenantService.InteractionReceiver => "interaction_receiver",
        TenantService.WebDav => "webdav",
        _ => throw new ArgumentOutOfRangeException(nameof(service)),
    };

    /// <summary>The seed's member port, or <c>null</c> where the seed gives none (the tenants file must).</summary>
    public static int? DefaultPort(this TenantService service) => service switch
    {
        TenantService.Rws => 8080,
        TenantService.Rp => 8889,
        TenantService.Rcs => 8008,
        _ => null,
    };

    /// <summary>
    /// The seed's paths: each is published as <c>/tN</c> + <see cref="ServicePath.Public"/> and sent to the
    /// members as <see cref="ServicePath.Backend"/>. Only RP differs: <c>ProxyPass /tN/rp/api balancer://tNrp/api</c>.
    /// </summary>
    public static IReadOnlyList<ServicePath> DefaultPaths(this TenantService service) => service switch
    {
        TenantService.Rws => [ServicePath.Same("/api"), ServicePath.Same("/internal-api")],
        TenantService.Rp => [new ServicePath("/rp/api", "/api")],
        TenantService.Rcs => [ServicePath.Same("/rcs")],
        TenantService.InteractionReceiver => [ServicePath.Same("/interactionreceiver")],
        TenantService.WebDav => [ServicePath.Same("/recordings"), ServicePath.Same("/dest2")],
        _ => throw new ArgumentOutOfRangeException(nameof(service)),
    };

    /// <summary>The seed's sticky-session cookie: ROUTEID for RWS, JSESSIONID for RCS, none elsewhere.</summary>
    public static string? DefaultStickySession(this TenantService service) => service switch
    {
        TenantService.Rws => "ROUTEID",
        TenantService.Rcs => "JSESSIONID",
        _ => null,
    };

    /// <summary>The seed's <c>connectiontimeout</c> (RCS: 10000 ms).</summary>
    public static int? DefaultConnectionTimeoutMs(this TenantService service) => service == TenantService.Rcs ? 10000 : null;

    /// <summary>The seed's <c>disablereuse=On</c> (RCS).</summary>
    public static bool DefaultDisableReuse(this TenantService service) => service == TenantService.Rcs;
}
