using System.CommandLine;
using GirAgent.Ocf;

namespace GirAgent.Cli;

/// <summary>
/// The thin host: invoked as <c>webserver</c> (argv[0], the OCF agent's installed name) it is
/// that agent; otherwise the first argument picks a subcommand.
/// </summary>
internal static class CliApplication
{
    public static string Version => typeof(CliApplication).Assembly.GetName().Version?.ToString(3) ?? "0.0.0";

    public static int Run(string[] argv)
    {
        var invokedAs = Path.GetFileName(argv.Length > 0 ? argv[0] : "giragent");
        var args = argv.Skip(1).ToArray();
        try
        {
            if (Agents.IsAgent(invokedAs))
                return RunAgent(invokedAs, args);
            if (invokedAs == "alert-agent")
                return GirAgent.Cli.Commands.DaemonCommands.Alert(GirAgent.Events.EventReader.DefaultSocket);

            switch (args.FirstOrDefault())
            {
                case "--version" or "-V" or "version":
                    Console.Out.WriteLine($"giragent {Version}");
                    return 0;
                case "ocf":
                    // the agents' explicit form stays off System.CommandLine: monitors pay for every start-up
                    if (args.Length < 2 || !Agents.IsAgent(args[1]))
                    {
                        Console.Error.WriteLine($"giragent: usage: giragent ocf {{{string.Join('|', Agents.Names)}}} ACTION");
                        return (int)OcfExitCode.ErrArgs;
                    }
                    return RunAgent(args[1], args[2..]);
            }
            return Commands(args);
        }
        catch (Exception e)
        {
            // last resort: never a stack trace on an operator's screen
            Console.Error.WriteLine($"giragent: internal error: {e.GetType().Name}: {e.Message}");
            return 1;
        }
    }

    private static int RunAgent(string name, string[] args)
    {
        var instance = Environment.GetEnvironmentVariable("OCF_RESOURCE_INSTANCE") ?? name;
        var debug = OcfBoolean.Parse(Environment.GetEnvironmentVariable("HA_debug")) == true;
        var log = new OcfLog(Console.Error, name, instance, debug);
        var agent = Agents.Create(name, log);
        if (args.Length == 0)
        {
            Console.Error.Write(OcfRunner.Usage(name));
            return (int)OcfExitCode.ErrArgs;
        }
        if (args.Length > 1) log.Warn($"extra arguments after '{args[0]}' are ignored");
        return OcfRunner.Run(agent, OcfContext.FromProcess(args[0]), log, Console.Out);
    }

    private static int Commands(string[] args)
    {
        var root = new RootCommand($"giragent {Version}: girlb's OCF agents and admin CLI for highly available Apache httpd load balancers.\n" +
            "As /usr/lib/ocf/resource.d/gir/webserver or .../gir/vip (links to this binary) it is the ocf:gir:webserver or ocf:gir:vip agent; " +
            "'giragent ocf webserver ACTION' does the same explicitly.")
        {
            GirAgent.Cli.Commands.StatusCommand.Create(),
            GirAgent.Cli.Commands.DaemonCommands.Daemon(),
            GirAgent.Cli.Commands.DaemonCommands.Events(),
            GirAgent.Cli.Commands.TenantsCommand.Create(),
            GirAgent.Cli.Commands.MembersCommand.Create(),
            GirAgent.Cli.Commands.ClusterCommand.Create(),
        };
        var ocf = new Command("ocf", "run an OCF agent: giragent ocf AGENT ACTION (agents: " + string.Join(", ", Agents.Names) + ")");
        root.Subcommands.Add(ocf);
        var parse = root.Parse(args);
        if (parse.Errors.Count > 0 && parse.CommandResult.Command.Name == "status")
        {
            foreach (var error in parse.Errors) Console.Error.WriteLine("giragent status: " + error.Message);
            return (int)Status.Health.Unknown;
        }
        // exceptions reach the one-line handler above, not System.CommandLine's stack-trace printer
        return parse.Invoke(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
    }
}
