namespace GirAgent.Tenants;

/// <summary>
/// The tenants behind each group's VIP resource (<c>vip-NAME</c>), from the tenants file, read again whenever it changed:
/// the daemon's events name the tenants a failover of a group touched. A missing or invalid file names none.
/// </summary>
internal sealed class GroupTenants(string path)
{
    private DateTime? _stamp;
    private Dictionary<string, IReadOnlyList<string>> _byResource = [];

    public string Path { get; } = path;

    /// <summary>The tenants of the group whose VIP is <paramref name="resource"/>; null when it is no group's VIP (or the file is not there).</summary>
    public IReadOnlyList<string>? Of(string resource)
    {
        if (!resource.StartsWith(TenantGroup.ResourceIdPrefix, StringComparison.Ordinal)) return null;
        try
        {
            var stamp = File.Exists(Path) ? File.GetLastWriteTimeUtc(Path) : (DateTime?)null;
            if (stamp != _stamp)
            {
                _stamp = stamp;
                _byResource = [];
                if (stamp is not null)
                {
                    var config = TenantsFile.Load(Path);
                    _byResource = config.Groups.ToDictionary(g => g.ResourceId, g => (IReadOnlyList<string>)[.. config.InGroup(g.Name).Select(t => t.Id)], StringComparer.Ordinal);
                }
            }
        }
        catch (Exception e) when (e is TenantsFileException or IOException or UnauthorizedAccessException)
        {
            _byResource = []; // told as no tenants; 'giragent tenants check' names what is wrong with the file
        }
        return _byResource.GetValueOrDefault(resource);
    }
}
