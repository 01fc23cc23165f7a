namespace GirAgent.Ocf;

/// <summary>
/// The one boundary between an agent and its caller: runs an action, turns every outcome (a
/// result, an <see cref="OcfException"/>, any other exception) into an exit code and, where there
/// is one, an <c>ocf-exit-reason:</c> line. Nothing escapes as a stack trace.
/// </summary>
internal static class OcfRunner
{
    public static readonly IReadOnlyList<string> SupportedActions =
        ["start", "stop", "monitor", "status", "meta-data", "validate-all", "reload", "reload-agent", "usage", "help"];

    public static int Run(IResourceAgent agent, OcfContext context, OcfLog log, TextWriter stdout)
    {
        var action = context.Action;
        switch (action)
        {
            case "meta-data":
                stdout.Write(agent.Metadata.ToXml());
                stdout.Flush();
                return (int)OcfExitCode.Success;
            case "usage":
            case "help":
            case "--help":
            case "-h":
                stdout.Write(Usage(agent.Metadata.Name));
                stdout.Flush();
                return (int)OcfExitCode.Success;
        }

        OcfResult result;
        try
        {
            result = action switch
            {
                "start" => agent.Start(context),
                "stop" => agent.Stop(context),
                "monitor" or "status" => agent.Monitor(context),
                "validate-all" => agent.Validate(context),
                "reload" => agent.Reload(context),
                "reload-agent" => agent.ReloadAgent(context),
                _ => new OcfResult(OcfExitCode.ErrUnimplemented, $"action '{Printable(action)}' is not implemented (try: {string.Join(", ", SupportedActions)})"),
            };
        }
        catch (OcfException e)
        {
            result = new OcfResult(e.Code, e.Message);
        }
        catch (Exception e)
        {
            if (log.IsDebugEnabled) log.Debug(e.ToString());
            result = new OcfResult(OcfExitCode.ErrGeneric, $"internal error in {action}: {e.GetType().Name}: {e.Message}");
        }

        if (result.Reason is { Length: > 0 } reason)
        {
            if (result.Code is OcfExitCode.Success or OcfExitCode.NotRunning)
                log.Info(reason);
            else
            {
                log.Error(reason);
                log.ExitReason(reason);
            }
        }
        return (int)result.Code;
    }

    public static string Usage(string agent) =>
        $"usage: {agent} {{start|stop|monitor|status|reload|validate-all|meta-data|usage}}\n\n" +
        "Parameters come from OCF_RESKEY_<name> environment variables; see 'meta-data'.\n" +
        "OCF_CHECK_LEVEL selects the monitor depth (0, 10, 20).\n";

    private static string Printable(string text)
    {
        var clean = new string(text.Take(40).Select(c => char.IsControl(c) ? '?' : c).ToArray());
        return text.Length > 40 ? clean + "..." : clean;
    }
}
