namespace GirAgent.Ocf;

/// <summary>
/// The one exception an agent action throws to end with a given OCF exit code and a one-line
/// reason. It is turned into <c>ocf-exit-reason:</c> and the exit status in one place
/// (<see cref="OcfRunner"/>).
/// </summary>
internal sealed class OcfException(OcfExitCode code, string reason) : Exception(reason)
{
    public OcfExitCode Code { get; } = code;

    public static OcfException Generic(string reason) => new(OcfExitCode.ErrGeneric, reason);
    public static OcfException Installed(string reason) => new(OcfExitCode.ErrInstalled, reason);
    public static OcfException Configured(string reason) => new(OcfExitCode.ErrConfigured, reason);
}
