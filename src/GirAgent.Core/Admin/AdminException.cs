namespace GirAgent.Admin;

/// <summary>
/// The root of every error an admin command reports: it carries the command's exit code (<see cref="AdminExit"/>)
/// and a one-line message. <see cref="AdminBoundary"/> turns it into that line on standard error and that exit code.
/// </summary>
internal class AdminException(int exitCode, string message) : Exception(message)
{
    public int ExitCode { get; } = exitCode;
}
