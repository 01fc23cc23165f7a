namespace GirAgent.Admin;

/// <summary>
/// Exit codes of <c>giragent tenants ...</c> and <c>giragent cluster setup</c> (docs/tenants.md).
/// 1 is System.CommandLine's for a command line it cannot parse, so usage errors found later use it too.
/// </summary>
internal static class AdminExit
{
    /// <summary>Done, or nothing to change; check: everything as it should be.</summary>
    public const int Ok = 0;
    /// <summary>Bad or missing options.</summary>
    public const int Usage = 1;
    /// <summary>render --diff: changes pending; check: problems found; import: defects found (and corrected).</summary>
    public const int Findings = 2;
    /// <summary>The tenants file (or an imported file) is not valid.</summary>
    public const int Invalid = 3;
    /// <summary>Refused, nothing changed: httpd rejected the rendered configuration, or the cluster holds a different configuration (without --force).</summary>
    public const int Refused = 4;
    /// <summary>A failure: a file could not be written, a program is missing or failed, a page could not be read.</summary>
    public const int Failed = 5;
}
