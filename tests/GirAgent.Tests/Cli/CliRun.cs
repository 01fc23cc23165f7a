using GirAgent.Cli;

namespace GirAgent.Tests.Cli;

/// <summary>The admin commands write to the process's console: their tests run one at a time.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ConsoleCollection
{
    public const string Name = "console";
}

/// <summary>Runs <c>giragent ARGS</c> in-process and captures what it prints.</summary>
internal static class CliRun
{
    private static readonly Lock Gate = new();

    public static (int Code, string Out, string Error) Run(params string[] args)
    {
        lock (Gate)
        {
            var (stdout, stderr) = (Console.Out, Console.Error);
            var (o, e) = (new StringWriter(), new StringWriter());
            Console.SetOut(o);
            Console.SetError(e);
            try
            {
                var code = CliApplication.Run(["giragent", .. args]);
                return (code, o.ToString(), e.ToString());
            }
            finally
            {
                Console.SetOut(stdout);
                Console.SetError(stderr);
            }
        }
    }
}
