using System.Globalization;
using GirAgent.Admin;
using GirAgent.Pacemaker;
using GirAgent.Posix;

namespace GirAgent.TenantsAdmin;

/// <summary>
/// Reloads httpd through its cluster resource, on this node only: the resource's agent is run
/// with action <c>reload</c> and the resource's parameters from the CIB, as Pacemaker runs it
/// (crm_resource has --force-start/--force-stop but no reload). ocf:gir:webserver tests the new
/// configuration and then restarts httpd gracefully: no connection is dropped.
/// </summary>
internal sealed class WebserverReload(ICommandRunner runner, string ocfRoot = "/usr/lib/ocf")
{
    public const string Resource = ResourceIds.Webserver;
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    /// <summary>Reloads when this node runs the resource; returns what was done, or throws <see cref="AdminException"/>.</summary>
    public string Run(string? node)
    {
        var pacemaker = new PacemakerTools(runner);
        node ??= pacemaker.LocalNodeName();
        var where = pacemaker.Locate(Resource);
        if (!where.Contains(node))
            return where.Count == 0
                ? $"{Resource} runs nowhere: nothing to reload (it reads the new files when it starts)"
                : $"{Resource} runs on {string.Join(", ", where)}, not here: reload it there (giragent tenants render --reload)";

        var cib = pacemaker.QueryCib();
        if (!cib.Primitives.TryGetValue(Resource, out var primitive))
            throw new AdminException(AdminExit.Failed, $"the CIB has no primitive '{Resource}'");
        var parts = primitive.Agent.Split(':');
        if (parts is not ["ocf", var provider, var type])
            throw new AdminException(AdminExit.Failed, $"{Resource} is {primitive.Agent}, not an OCF agent: reload it by hand");
        var agent = Path.Combine(ocfRoot, "resource.d", provider, type);

        var env = new Dictionary<string, string?>
        {
            ["OCF_ROOT"] = ocfRoot,
            ["OCF_RESOURCE_INSTANCE"] = Resource,
            ["OCF_RESOURCE_PROVIDER"] = provider,
            ["OCF_RESOURCE_TYPE"] = type,
            ["OCF_RESKEY_CRM_meta_timeout"] = ((int)Timeout.TotalMilliseconds).ToString(CultureInfo.InvariantCulture),
        };
        foreach (var (key, value) in primitive.InstanceAttributes) env["OCF_RESKEY_" + key] = value;

        CommandResult result;
        try
        {
            result = runner.Run(agent, ["reload"], env, Timeout + TimeSpan.FromSeconds(5));
        }
        catch (Exception e) when (e is IOException or TimeoutException)
        {
            throw new AdminException(AdminExit.Failed, $"{primitive.Agent} reload: {e.Message}");
        }
        if (result.ExitCode == 3)
            throw new AdminException(AdminExit.Failed, $"{primitive.Agent} has no reload action: 'pcs resource restart {Resource}' applies the files but drops connections");
        if (!result.Success)
        {
            var reason = result.StandardError.Split('\n').LastOrDefault(l => l.StartsWith("ocf-exit-reason:", StringComparison.Ordinal))?["ocf-exit-reason:".Length..]
                ?? result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).LastOrDefault() ?? "";
            throw new AdminException(AdminExit.Failed, $"{primitive.Agent} reload failed (exit {result.ExitCode}): {reason.Trim()}");
        }
        return $"{Resource} reloaded on {node} ({primitive.Agent}: configuration tested, graceful restart, no connection dropped)";
    }
}
