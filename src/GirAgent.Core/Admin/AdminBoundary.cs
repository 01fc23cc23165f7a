namespace GirAgent.Admin;

/// <summary>
/// The one place where an admin command's failure becomes what the operator sees: one line
/// <c>giragent COMMAND: reason</c> on standard error and the exit code, never a stack trace.
/// (The agents have theirs in <c>OcfRunner</c>, with OCF exit codes.)
/// </summary>
internal static class AdminBoundary
{
    public static int Run(string command, TextWriter error, Func<int> action)
    {
        try
        {
            return action();
        }
        catch (AdminException e)
        {
            error.WriteLine($"giragent {command}: {e.Message}");
            return e.ExitCode;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            error.WriteLine($"giragent {command}: {e.Message}");
            return AdminExit.Failed;
        }
        catch (Exception e)
        {
            error.WriteLine($"giragent {command}: internal error: {e.GetType().Name}: {e.Message}");
            return AdminExit.Failed;
        }
    }
}
