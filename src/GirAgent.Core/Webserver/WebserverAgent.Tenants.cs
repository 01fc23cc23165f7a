using GirAgent.Httpd;
using GirAgent.Ocf;
using GirAgent.Pacemaker;
using GirAgent.Tenants;
using GirAgent.Time;

namespace GirAgent.Webserver;

/// <summary>
/// The cluster's tenants document (parameter <c>tenants</c>): rendered into <c>tenants_dir</c> before
/// httpd starts and, when Pacemaker reports a change, by reload-agent. The new files are tested with
/// this instance's httpd -t, in a private mount namespace where the directory already holds them,
/// before anything is written: a document this node's httpd rejects never reaches its disk or its
/// running server. The node's digest is published as <see cref="TenantsDigest.AttributeName"/>.
/// </summary>
internal sealed partial class WebserverAgent
{
    /// <summary>
    /// Renders the cluster's tenants document into tenants_dir when it differs from what is there, tested in place
    /// first; returns the document's digest. A document that is not valid is the same on every node: exit 6. One
    /// this node's httpd rejects (a module missing here) is this node's problem: exit 5, so the cluster runs the
    /// service on a node that can.
    /// </summary>
    private string RenderTenants(WebserverSettings settings, IReadOnlyDictionary<string, string> env, Deadline deadline)
    {
        TenantsConfig config;
        try
        {
            config = ClusterTenants.Parse(settings.Tenants!, "parameter tenants");
        }
        catch (TenantsFileException e)
        {
            var more = e.Errors.Count > 1 ? $" (and {e.Errors.Count - 1} more)" : "";
            throw OcfException.Configured($"parameter tenants is not a valid tenants document: {e.Errors[0]}{more}");
        }
        var files = TenantsRenderer.Render(config);
        var digest = TenantsDigest.Compute(files);
        var dir = settings.TenantsDirectory;
        try
        {
            Directory.CreateDirectory(dir);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw OcfException.Installed($"cannot create tenants_dir {dir}: {e.Message}");
        }
        var plan = RenderPlan.Create(dir, files);
        foreach (var name in plan.Foreign)
            log.Warn($"{Path.Combine(dir, name)} is not the cluster's: httpd reads it beside the tenants document (remove it, or import it into the document)");
        if (!plan.HasChanges) return digest;

        var staging = Directory.CreateTempSubdirectory("girlb-agent-render-");
        try
        {
            var check = new HttpdConfigCheck(_runner, deadline.AtMost(TimeSpan.FromSeconds(30)))
                .CheckInPlace(settings.Httpd, HttpdArguments(settings), AsNullable(env), files, plan.RemovedNames, staging.FullName, dir,
                    $"{settings.ConfigFile} with the cluster's tenants (digest {TenantsDigest.Short(digest)}) in {dir}");
            if (!check.Passed)
            {
                // the whole of httpd's words in the log; the exit reason (128 characters) leads with what was wrong
                var lines = check.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
                log.Error($"this node's httpd rejects {check.What}; {dir} is unchanged: {string.Join(" | ", lines.Take(5))}");
                throw OcfException.Installed($"httpd rejects the cluster's tenants ({TenantsDigest.Short(digest)}), files unchanged: {lines.LastOrDefault() ?? "no message"}");
            }
        }
        finally
        {
            try { staging.Delete(recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
        try
        {
            plan.Apply();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw OcfException.Installed($"cannot write the tenants into {dir}: {e.Message}");
        }
        var changed = plan.Changes.Count(c => c.Kind != FileChangeKind.Unchanged);
        log.Info($"rendered the cluster's tenants into {dir} (digest {TenantsDigest.Short(digest)}, {config.Tenants.Count} tenants, {changed} files changed)");
        return digest;
    }

    /// <summary>Publishes (or, with null, withdraws) this node's digest; a cluster that cannot be asked is logged, not fatal.</summary>
    private void PublishDigest(OcfContext context, string? digest)
    {
        try
        {
            var tools = new PacemakerTools(_runner);
            var node = context.Parameter("CRM_meta_on_node") is { Length: > 0 } n ? n : tools.LocalNodeName(TimeSpan.FromSeconds(5));
            if (digest is null) tools.DeleteNodeAttribute(node, TenantsDigest.AttributeName);
            else tools.SetNodeAttribute(node, TenantsDigest.AttributeName, digest);
        }
        catch (PacemakerToolException e)
        {
            log.Warn($"could not {(digest is null ? "withdraw" : "publish")} this node's tenants digest ({TenantsDigest.AttributeName}): {e.Message}");
        }
    }
}
