using CliWrap;
using CliWrap.Buffered;

namespace GirAgent.Posix;

public sealed record CommandResult(int ExitCode, string StandardOutput, string StandardError)
{
    public bool Success => ExitCode == 0;
    public string Output => (StandardError + "\n" + StandardOutput).Trim();
}

/// <summary>The seam through which the agents run programs (httpd -t, a shell to read env files).</summary>
public interface ICommandRunner
{
    /// <summary>Runs a program to its end; throws <see cref="TimeoutException"/> (after killing it) when it overruns.</summary>
    CommandResult Run(string program, IReadOnlyList<string> arguments, IReadOnlyDictionary<string, string?>? environment, TimeSpan timeout);
}

/// <summary>Runs programs with CliWrap: buffered output, no exception on a non-zero exit, killed on timeout.</summary>
public sealed class CommandRunner : ICommandRunner
{
    public static CommandRunner Default { get; } = new();

    public CommandResult Run(string program, IReadOnlyList<string> arguments, IReadOnlyDictionary<string, string?>? environment, TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        var command = Cli.Wrap(program)
            .WithArguments(arguments)
            .WithWorkingDirectory("/")
            .WithStandardInputPipe(PipeSource.Null)
            .WithValidation(CommandResultValidation.None);
        if (environment is not null)
            command = command.WithEnvironmentVariables(environment);
        try
        {
            var result = command.ExecuteBufferedAsync(cts.Token).GetAwaiter().GetResult();
            return new CommandResult(result.ExitCode, result.StandardOutput, result.StandardError);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"{Path.GetFileName(program)} did not finish within {timeout.TotalSeconds:0.#}s");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new IOException($"cannot run {program}: {e.Message}", e);
        }
    }
}
