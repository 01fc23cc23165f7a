namespace GirAgent.Tenants;

/// <summary>
/// The daemon's tenants file, read again whenever it changed: the tenants behind each group's VIP resource
/// (<c>vip-NAME</c>), so the events name the tenants a failover of a group touched, and the groups for /metrics. A
/// missing or invalid file names none. Safe to use from several threads (the event ledger, a metrics scrape).
/// </summary>
internal sealed class GroupTenants(string path)
{
    private readonly Lock _lock = new();
    private DateTime? _stamp;
    private TenantsConfig? _config;
    private Dictionary<string, IReadOnlyList<string>> _byResource = [];

    public string Path { get; } = path;

    /// <summary>The tenants file as last read; null when it is not there or not valid.</summary>
    public TenantsConfig? Current
    {
        get
        {
            lock (_lock)
            {
                Refresh();
                return _config;
            }
        }
    }

    /// <summary>The tenants of the group whose VIP is <paramref name="resource"/>; null when it is no group's VIP (or the file is not there).</summary>
    public IReadOnlyList<string>? Of(string resource)
    {
        if (!resource.StartsWith(TenantGroup.ResourceIdPrefix, StringComparison.Ordinal)) return null;
        lock (_lock)
        {
            Refresh();
            return _byResource.GetValueOrDefault(resource);
        }
    }

    private void Refresh()
    {
        try
        {
            var stamp = File.Exists(Path) ? File.GetLastWriteTimeUtc(Path) : (DateTime?)null;
            if (stamp == _stamp) return;
            _stamp = stamp;
            _config = null;
            _byResource = [];
            if (stamp is null) return;
            var config = TenantsFile.Load(Path);
            _byResource = config.Groups.ToDictionary(g => g.ResourceId, g => (IReadOnlyList<string>)[.. config.InGroup(g.Name).Select(t => t.Id)], StringComparer.Ordinal);
            _config = config;
        }
        catch (Exception e) when (e is TenantsFileException or IOException or UnauthorizedAccessException)
        {
            // told as no tenants; 'giragent tenants check' names what is wrong with the file
            _config = null;
            _byResource = [];
        }
    }
}
