using GirAgent.Ocf;
using GirAgent.Webserver;

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

            switch (args.FirstOrDefault())
            {
                case null or "-h" or "--help" or "help":
                    Console.Out.Write(Help);
                    return args.Length == 0 ? 2 : 0;
                case "--version" or "-V" or "version":
                    Console.Out.WriteLine($"giragent {Version}");
                    return 0;
                case "ocf":
                    if (args.Length < 2 || !Agents.IsAgent(args[1]))
                    {
                        Console.Error.WriteLine($"giragent: usage: giragent ocf {{{string.Join('|', Agents.Names)}}} ACTION");
                        return (int)OcfExitCode.ErrArgs;
                    }
                    return RunAgent(args[1], args[2..]);
                default:
                    Console.Error.WriteLine($"giragent: unknown command '{args[0]}'; see 'giragent --help'");
                    return 2;
            }
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

    private static string Help => $"""
        giragent {Version}: girlb's OCF agents, admin CLI and daemon for highly available Apache httpd load balancers

        usage:
          giragent ocf webserver ACTION   run the ocf:gir:webserver agent (as Pacemaker does through
                                          /usr/lib/ocf/resource.d/gir/webserver, a link to this binary)
          giragent --version              print the version
          giragent --help                 this text

        OCF actions: start stop monitor status reload validate-all meta-data usage
        Parameters come from OCF_RESKEY_<name>; see 'giragent ocf webserver meta-data' and docs/agents.md.

        """;
}
