namespace GirAgent.Ocf;

/// <summary>What an action ends with: an exit code and, for anything but plain success, a reason.</summary>
internal readonly record struct OcfResult(OcfExitCode Code, string? Reason = null)
{
    public static OcfResult Ok { get; } = new(OcfExitCode.Success);
    public static OcfResult NotRunning(string? reason = null) => new(OcfExitCode.NotRunning, reason);
    public static OcfResult Degraded(string reason) => new(OcfExitCode.Degraded, reason);
}
