using System.Runtime.CompilerServices;
using GirAgent.Posix;

namespace GirAgent.Daemon;

/// <summary>
/// Keeps the daemon's resident memory small under scrape load. The garbage collector sizes its gen0
/// budget from the CPU's cache (tens of MiB on a server CPU), and the daemon, which allocates a little per
/// request, would otherwise touch that much memory before each collection. NativeAOT reads GC settings
/// only from the environment at start-up (DOTNET_GCGen0MaxBudget: the name is case-sensitive and the
/// value hex digits without 0x), not from the binary and not later; so when the variable is not set,
/// the daemon sets it and executes itself again (same pid, same arguments: systemd's notify and
/// watchdog see one process). An operator's own value is kept. See docs/decisions.md.
/// </summary>
internal static class GcBudget
{
    public const string Variable = "DOTNET_GCGen0MaxBudget";

    /// <summary>2 MiB, in the hex form the runtime reads.</summary>
    public const string DefaultHex = "200000";

    /// <summary>The gen0 budget the running GC uses, in bytes (0 when the runtime does not say).</summary>
    public static long Current =>
        GC.GetConfigurationVariables().TryGetValue("GCGen0MaxBudget", out var value) && value is long bytes ? bytes : 0;

    /// <summary>
    /// Executes this program again with the budget set, when it runs as the NativeAOT binary and the variable
    /// is not set yet. Returns (only when it did not exec) why not, or null when nothing had to be done.
    /// </summary>
    public static string? ApplyByReexec(IReadOnlyList<string> argv)
    {
        if (RuntimeFeature.IsDynamicCodeSupported) return null; // a JIT host (tests): not the binary, leave it alone
        if (Environment.GetEnvironmentVariable(Variable) is not null) return null;
        var environment = ProcessEnvironment.ForExec(Variable, DefaultHex);
        var errno = Native.Exec("/proc/self/exe", argv, environment);
        return $"cannot execute /proc/self/exe to set {Variable} ({Native.ErrorText(errno)}): running with the default gen0 budget";
    }
}
