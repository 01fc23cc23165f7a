namespace GirAgent.Tenants;

/// <summary>An admin command ends with this exit code and one-line message (printed on standard error).</summary>
public sealed class AdminException(int exitCode, string message) : Exception(message)
{
    public int ExitCode { get; } = exitCode;
}
