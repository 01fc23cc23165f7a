using CliWrap;

namespace GirAgent.Posix;

internal sealed record CommandResult(int ExitCode, string StandardOutput, string StandardError)
{
    public bool Success => ExitCode == 0;
    public string Output => (StandardError + "\n" + StandardOutput).Trim();
}

/// <summary>The seam through which the agents run programs (httpd -t, a shell to read env files).</summary>
internal interface ICommandRunner
{
    /// <summary>Runs a program to its end; throws <see cref="TimeoutException"/> (after killing it) when it overruns.</summary>
    CommandResult Run(string program, IReadOnlyList<string> arguments, IReadOnlyDictionary<string, string?>? environment, TimeSpan timeout);
}

/// <summary>
/// Runs programs with CliWrap: output captured up to a limit (a program that writes more is killed and
/// reported, never buffered until memory runs out), no exception on a non-zero exit, killed on timeout.
/// </summary>
internal sealed class CommandRunner : ICommandRunner
{
    /// <summary>Most standard output kept from one program (crm_mon's largest accepted document fits with room).</summary>
    public const int MaxOutputBytes = 48 * 1024 * 1024;

    /// <summary>Most standard error kept from one program.</summary>
    public const int MaxErrorBytes = 1024 * 1024;

    public static CommandRunner Default { get; } = new();

    public CommandResult Run(string program, IReadOnlyList<string> arguments, IReadOnlyDictionary<string, string?>? environment, TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        using var overflow = new CancellationTokenSource();
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cts.Token, overflow.Token);
        var stdout = new BoundedCapture(MaxOutputBytes, overflow);
        var stderr = new BoundedCapture(MaxErrorBytes, overflow);
        var command = Cli.Wrap(program)
            .WithArguments(arguments)
            .WithWorkingDirectory("/")
            .WithStandardInputPipe(PipeSource.Null)
            .WithStandardOutputPipe(PipeTarget.Create(stdout.ReadAsync))
            .WithStandardErrorPipe(PipeTarget.Create(stderr.ReadAsync))
            .WithValidation(CommandResultValidation.None);
        if (environment is not null)
            command = command.WithEnvironmentVariables(environment);
        try
        {
            var result = command.ExecuteAsync(linked.Token).GetAwaiter().GetResult();
            return new CommandResult(result.ExitCode, stdout.Text, stderr.Text);
        }
        catch (OperationCanceledException) when (overflow.IsCancellationRequested)
        {
            var which = stdout.Overflowed ? $"more than {BoundedFile.Describe(MaxOutputBytes)} of output" : $"more than {BoundedFile.Describe(MaxErrorBytes)} on standard error";
            throw new IOException($"{Path.GetFileName(program)} wrote {which}: killed, its output not used");
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"{Path.GetFileName(program)} did not finish within {timeout.TotalSeconds:0.#}s");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new IOException(CannotStart(program, e), e);
        }
    }

    /// <summary>The programs girlb runs that an operator may lack, and the package that has them (Debian; EL).</summary>
    private static readonly Dictionary<string, string> Packages = new(StringComparer.Ordinal)
    {
        ["crm_mon"] = "pacemaker-cli-utils (Debian) or pacemaker-cli (EL)", ["crm_resource"] = "pacemaker-cli-utils (Debian) or pacemaker-cli (EL)",
        ["crm_attribute"] = "pacemaker-cli-utils (Debian) or pacemaker-cli (EL)", ["crm_node"] = "pacemaker-cli-utils (Debian) or pacemaker-cli (EL)",
        ["crm_failcount"] = "pacemaker-cli-utils (Debian) or pacemaker-cli (EL)", ["cibadmin"] = "pacemaker-cli-utils (Debian) or pacemaker-cli (EL)",
        ["pcs"] = "pcs", ["corosync-cmapctl"] = "corosync", ["corosync-quorumtool"] = "corosync", ["ipmitool"] = "ipmitool",
        ["apache2"] = "apache2", ["httpd"] = "httpd", ["unshare"] = "util-linux",
    };

    /// <summary>Why <paramref name="program"/> could not be started, in the operator's words (not the runtime's "Failed to start a process").</summary>
    internal static string CannotStart(string program, Exception e)
    {
        var name = Path.GetFileName(program);
        var package = Packages.TryGetValue(name, out var p) ? $" (install {p})" : "";
        if (program.Contains('/'))
            return File.Exists(program) ? $"cannot run {program}: not executable or not a program ({e.Message})" : $"cannot run {program}: no such file{package}";
        var path = Environment.GetEnvironmentVariable("PATH") ?? "";
        var found = path.Split(':', StringSplitOptions.RemoveEmptyEntries).Select(d => Path.Combine(d, program)).FirstOrDefault(File.Exists);
        return found is null
            ? $"cannot run {program}: not found in PATH ({path}){package}"
            : $"cannot run {found}: not executable or not a program ({e.Message})";
    }

    /// <summary>One output stream of a program, kept up to a limit; past it the program is cancelled.</summary>
    private sealed class BoundedCapture(int limit, CancellationTokenSource overflow)
    {
        private readonly MemoryStream _bytes = new();

        public bool Overflowed { get; private set; }

        public string Text => System.Text.Encoding.UTF8.GetString(_bytes.GetBuffer(), 0, (int)_bytes.Length);

        public async Task ReadAsync(Stream stream, CancellationToken token)
        {
            var buffer = new byte[64 * 1024];
            int n;
            while ((n = await stream.ReadAsync(buffer, token).ConfigureAwait(false)) > 0)
            {
                if (_bytes.Length + n > limit)
                {
                    Overflowed = true;
                    await overflow.CancelAsync().ConfigureAwait(false);
                    return;
                }
                _bytes.Write(buffer, 0, n);
            }
        }
    }
}
