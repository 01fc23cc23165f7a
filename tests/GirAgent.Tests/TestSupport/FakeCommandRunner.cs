using GirAgent.Posix;

namespace GirAgent.Tests.TestSupport;

/// <summary>An <see cref="ICommandRunner"/> that answers from a function and records every call.</summary>
internal sealed class FakeCommandRunner(Func<string, IReadOnlyList<string>, CommandResult> handler) : ICommandRunner
{
    public List<(string Program, IReadOnlyList<string> Arguments)> Calls { get; } = [];

    /// <summary>The environment each call was given, in call order.</summary>
    public List<IReadOnlyDictionary<string, string?>?> Environments { get; } = [];

    public CommandResult Run(string program, IReadOnlyList<string> arguments, IReadOnlyDictionary<string, string?>? environment, TimeSpan timeout)
    {
        Calls.Add((program, arguments.ToList()));
        Environments.Add(environment);
        return handler(program, arguments);
    }

    public static CommandResult Ok(string stdout = "") => new(0, stdout, "");
}
