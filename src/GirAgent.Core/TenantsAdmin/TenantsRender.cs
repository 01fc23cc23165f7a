using GirAgent.Admin;
using GirAgent.Httpd;
using GirAgent.Posix;
using GirAgent.Tenants;

namespace GirAgent.TenantsAdmin;

/// <summary>What <c>giragent tenants render</c> was asked to do.</summary>
/// <param name="CheckWith">The checking program (name or path); <c>null</c> for none.</param>
internal sealed record RenderRequest(
    string TenantsPath,
    HttpdLayout Layout,
    string Directory,
    string? MainConfig,
    string? CheckWith,
    string? ModuleDirectory,
    bool DiffOnly,
    bool Reload = false);

/// <summary>
/// <c>giragent tenants render</c>: tenants file -> rendered files -> plan against the target
/// directory -> (diff, or) check with the real httpd -> atomic writes of what changed.
/// A failing check changes nothing.
/// </summary>
internal sealed class TenantsRender(ICommandRunner runner, TextWriter output, TextWriter messages, Func<bool>? isRoot = null, string command = "tenants render")
{
    private readonly Func<bool> _isRoot = isRoot ?? (() => Environment.IsPrivilegedProcess);

    public int Run(RenderRequest request)
    {
        TenantsConfig config;
        try
        {
            config = TenantsFile.Load(request.TenantsPath);
        }
        catch (TenantsFileException e)
        {
            messages.WriteLine($"giragent tenants render: {e.FileName} is not valid:");
            foreach (var error in e.Errors) messages.WriteLine("  " + error);
            return AdminExit.Invalid;
        }
        foreach (var warning in config.Warnings) messages.WriteLine("warning: " + warning);
        if (!request.DiffOnly && new Pacemaker.PacemakerTools(runner).ResourceParameter(WebserverReload.Resource, ClusterTenants.Parameter, TimeSpan.FromSeconds(5)) is not null)
            messages.WriteLine($"warning: the cluster has tenants of its own ({WebserverReload.Resource}'s '{ClusterTenants.Parameter}', set by 'giragent tenants apply'): " +
                "its agent renders them at every start and change, replacing what is written here; 'giragent tenants apply FILE' changes them");

        var files = TenantsRenderer.Render(config);
        var plan = RenderPlan.Create(request.Directory, files);
        foreach (var name in plan.Foreign)
            messages.WriteLine($"note: {Path.Combine(request.Directory, name)} was not written by giragent and is not in the tenants file: left as it is (import it with 'giragent tenants import', or remove it)");

        if (request.DiffOnly)
        {
            foreach (var change in plan.Changes.Where(c => c.Kind != FileChangeKind.Unchanged))
                output.Write(change.Diff(request.Directory));
            messages.WriteLine(plan.HasChanges ? $"{Summary(plan)} (nothing written: --diff)" : $"no change: {files.Count} files in {request.Directory} are up to date");
            return plan.HasChanges ? AdminExit.Findings : AdminExit.Ok;
        }

        if (!plan.HasChanges)
        {
            messages.WriteLine($"no change: {files.Count} files in {request.Directory} are up to date (digest {TenantsDigest.Short(TenantsDigest.Compute(files))})");
            EnableNote(request, files);
            return request.Reload ? Reload() : AdminExit.Ok;
        }

        if (request.CheckWith is { } checkWith)
        {
            var rc = Check(request, checkWith, plan);
            if (rc != AdminExit.Ok) return rc;
        }
        else
            messages.WriteLine("warning: --check-with none: the files were not tested with httpd -t");

        try
        {
            plan.Apply();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            messages.WriteLine($"giragent tenants render: writing to {request.Directory} failed: {e.Message}");
            return AdminExit.Failed;
        }
        messages.WriteLine(Summary(plan));
        messages.WriteLine($"digest {TenantsDigest.Compute(files)}");
        EnableNote(request, files);
        if (request.Reload) return Reload();
        messages.WriteLine("next: render the same tenants file on the other node; on the node that runs webserver, 'giragent tenants render --reload'");
        messages.WriteLine("      reloads httpd gracefully (no connection dropped); then: giragent tenants check");
        return AdminExit.Ok;
    }

    /// <summary>Reloads webserver when this node runs it (after a change, or when asked with nothing changed here).</summary>
    private int Reload()
    {
        try
        {
            messages.WriteLine(new WebserverReload(runner).Run(null));
            return AdminExit.Ok;
        }
        catch (AdminException e)
        {
            messages.WriteLine("giragent tenants render: --reload: " + e.Message);
            return e.ExitCode;
        }
    }

    /// <summary>httpd -t of the plan's files, alone and (as root, the directory existing) in place; exit code and messages, nothing written.</summary>
    public int Check(RenderRequest request, string checkWith, RenderPlan plan)
    {
        var program = HttpdConfigCheck.ResolveProgram(checkWith);
        if (program is null)
        {
            messages.WriteLine($"giragent {command}: {checkWith} not found: install httpd (apache2), or name it with --check-with PATH; nothing changed");
            return AdminExit.Failed;
        }
        var moduleDir = request.ModuleDirectory ?? HttpdConfigCheck.FindModuleDirectory(
            request.Layout.ModuleDirectories.Concat(HttpdLayout.All.SelectMany(l => l.ModuleDirectories)));
        var staging = Directory.CreateTempSubdirectory("girlb-render-");
        try
        {
            var check = new HttpdConfigCheck(runner);
            var alone = check.CheckAlone(program, plan.Files, moduleDir, staging.FullName, request.Directory);
            if (!alone.Passed) return Rejected(program, alone);
            messages.WriteLine($"checked: {alone.What}: {Path.GetFileName(program)} -t: Syntax OK");

            if (!Directory.Exists(request.Directory))
                messages.WriteLine($"note: {request.Directory} does not exist yet: the server's configuration was not checked with the new files in place");
            else if (!_isRoot())
                messages.WriteLine("note: not root: the server's configuration was not checked with the new files in place (that needs a private mount namespace)");
            else if (request.MainConfig is not null && !File.Exists(request.MainConfig))
                messages.WriteLine($"note: {request.MainConfig} does not exist: the server's configuration was not checked");
            else
            {
                var inPlace = check.CheckInPlace(program, request.MainConfig, plan.Files, plan.RemovedNames, staging.FullName, request.Directory);
                if (!inPlace.Passed) return Rejected(program, inPlace);
                messages.WriteLine($"checked: {inPlace.What}: Syntax OK");
            }
            return AdminExit.Ok;
        }
        finally
        {
            try { staging.Delete(recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }

    private int Rejected(string program, ConfigCheckResult result)
    {
        if (!result.Ran)
        {
            messages.WriteLine($"giragent {command}: could not check {result.What}; nothing changed: {result.Output.Trim()}");
            return AdminExit.Failed;
        }
        messages.WriteLine($"giragent {command}: {Path.GetFileName(program)} -t rejected {result.What}; nothing changed:");
        foreach (var line in result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries)) messages.WriteLine("  " + line.TrimEnd());
        return AdminExit.Refused;
    }

    private static string Summary(RenderPlan plan)
    {
        string Names(FileChangeKind kind) => string.Join(", ", plan.Changes.Where(c => c.Kind == kind).Select(c => c.Name));
        var parts = new List<string>();
        foreach (var (kind, verb) in new[] { (FileChangeKind.Added, "new"), (FileChangeKind.Changed, "changed"), (FileChangeKind.Removed, "removed") })
            if (plan.Changes.Any(c => c.Kind == kind)) parts.Add($"{verb}: {Names(kind)}");
        var unchanged = plan.Changes.Count(c => c.Kind == FileChangeKind.Unchanged);
        if (unchanged > 0) parts.Add($"unchanged: {unchanged}");
        return $"{plan.Directory}: {string.Join("; ", parts)}";
    }

    private void EnableNote(RenderRequest request, IReadOnlyList<RenderedFile> files)
    {
        if (request.Layout.EnabledDirectory is not { } enabled
            || Path.GetFullPath(request.Directory).TrimEnd('/') != request.Layout.ConfigDirectory) return;
        var disabled = files.Where(f => !File.Exists(Path.Combine(enabled, f.Name))).Select(f => Path.GetFileNameWithoutExtension(f.Name)).ToList();
        if (disabled.Count > 0)
            messages.WriteLine($"note: not enabled yet (Debian reads only {enabled}): a2enconf {string.Join(' ', disabled)}");
    }
}
