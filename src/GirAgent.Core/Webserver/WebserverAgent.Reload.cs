using GirAgent.Httpd;
using GirAgent.Net;
using GirAgent.Ocf;
using GirAgent.Posix;
using GirAgent.Time;

namespace GirAgent.Webserver;

internal sealed partial class WebserverAgent
{
    /// <summary>
    /// Applies a changed configuration without dropping connections: httpd -t first, and only when
    /// it passes a graceful restart (USR1); then waits until httpd serves with the new generation.
    /// A rejected configuration leaves the running server untouched and fails the action with httpd's words.
    /// </summary>
    public OcfResult Reload(OcfContext context) => Reload(context, renderTenants: false);

    /// <summary>
    /// reload-agent: Pacemaker's answer to a changed reloadable parameter (tenants): the cluster's tenants rendered
    /// first (tested in place; a document this httpd rejects is not written), then what reload does.
    /// </summary>
    public OcfResult ReloadAgent(OcfContext context) => Reload(context, renderTenants: true);

    private OcfResult Reload(OcfContext context, bool renderTenants)
    {
        var settings = Settings(context);
        var deadline = context.StartDeadline(StartTimeout);
        RequireValidParameters(settings);
        RequireInstalled(settings);
        var process = Process(settings);
        var (running, _, note) = process.Find();
        if (running is not { } master)
            return new OcfResult(OcfExitCode.NotRunning, "httpd is not running" + (note is null ? "" : ": " + note));

        var env = LoadEnvironment(settings, deadline);
        string? digest = null;
        if (renderTenants && settings.Tenants is not null)
        {
            try
            {
                digest = RenderTenants(settings, env, deadline);
            }
            catch (OcfException e) when (e.Code is OcfExitCode.ErrInstalled)
            {
                return new OcfResult(OcfExitCode.ErrGeneric, "httpd keeps serving the previous tenants; " + e.Message);
            }
        }
        try
        {
            ConfigTest(settings, env, deadline, "new configuration");
        }
        catch (OcfException e) when (e.Code == OcfExitCode.ErrConfigured)
        {
            return new OcfResult(OcfExitCode.ErrGeneric, "httpd keeps serving the previous configuration; " + e.Message);
        }

        var before = ConfigGeneration(settings, deadline);
        using var marker = OperationMarker.Create(settings.PidFile, "reloading");
        HttpdProcess.Signal(master, Native.SIGUSR1);
        var step = TimeSpan.FromMilliseconds(10);
        while (true)
        {
            if (process.WaitForExit(master, deadline.AtMost(step)))
                return new OcfResult(OcfExitCode.ErrGeneric, $"httpd (pid {master}) exited during the graceful restart; see its ErrorLog");
            var health = CheckHealth(settings, new Deadline(deadline.AtMost(TimeSpan.FromSeconds(5))), 0);
            if (health.Code == OcfExitCode.Success && (before is null || ConfigGeneration(settings, deadline) > before))
            {
                log.Info($"httpd (pid {master}) reloaded its configuration");
                if (digest is not null) PublishDigest(context, digest);
                return OcfResult.Ok;
            }
            if (deadline.IsExpired)
                return new OcfResult(OcfExitCode.ErrGeneric, $"httpd did not finish its graceful restart within {deadline.Budget.TotalSeconds:0}s");
            if (step < TimeSpan.FromMilliseconds(200)) step *= 2;
        }
    }

    /// <summary>ParentServerConfigGeneration from server-status, or null when it cannot be read.</summary>
    private long? ConfigGeneration(WebserverSettings settings, Deadline deadline)
    {
        if (settings.TestRegex is not null) return null;
        return ServerStatusClient.TryRead(StatusUrl(settings), new Deadline(deadline.AtMost(TimeSpan.FromSeconds(5))),
            new HttpProbe.Options(settings.ConnectTimeout, settings.StatusTlsVerify))?.ParentServerConfigGeneration;
    }
}
