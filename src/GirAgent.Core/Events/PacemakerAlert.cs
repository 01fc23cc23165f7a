using System.Globalization;
using GirAgent.Posix;

namespace GirAgent.Events;

/// <summary>
/// One Pacemaker alert as an alert agent receives it: the <c>CRM_alert_*</c> environment
/// variables. Pacemaker gives the time to the microsecond (<c>CRM_alert_timestamp_epoch</c> and
/// <c>CRM_alert_timestamp_usec</c>, Pacemaker 1.1.22/2.0.3 and later), so events built from it
/// have exact times.
/// </summary>
internal sealed record PacemakerAlert
{
    /// <summary><c>node</c>, <c>fencing</c>, <c>resource</c> or <c>attribute</c> (<c>CRM_alert_kind</c>).</summary>
    public required string Kind { get; init; }

    /// <summary>The node concerned (<c>CRM_alert_node</c>): where the resource action ran, the node lost or fenced.</summary>
    public string? Node { get; init; }

    public string? NodeId { get; init; }

    /// <summary><c>CRM_alert_rsc</c>, for resource alerts.</summary>
    public string? Resource { get; init; }

    /// <summary><c>CRM_alert_task</c>: start, stop, monitor, promote... (for fencing: the fencing action).</summary>
    public string? Task { get; init; }

    /// <summary><c>CRM_alert_interval</c> in milliseconds (recurring monitors).</summary>
    public int? IntervalMs { get; init; }

    /// <summary><c>CRM_alert_rc</c>: the OCF exit code (resource) or fencing result (0 = success).</summary>
    public int? Rc { get; init; }

    /// <summary><c>CRM_alert_target_rc</c>: the exit code the cluster expected.</summary>
    public int? TargetRc { get; init; }

    /// <summary><c>CRM_alert_status</c>: execution status (0 done, 1 cancelled, 2 timed out, 4 error...).</summary>
    public int? ExecStatus { get; init; }

    /// <summary><c>CRM_alert_desc</c>: <c>member</c>/<c>lost</c> for node alerts, a result text otherwise.</summary>
    public string? Description { get; init; }

    public string? AttributeName { get; init; }

    public string? AttributeValue { get; init; }

    /// <summary>When Pacemaker raised it; null when it did not say (older Pacemaker).</summary>
    public DateTimeOffset? Timestamp { get; init; }

    /// <summary>Pacemaker version (<c>CRM_alert_version</c>).</summary>
    public string? Version { get; init; }

    /// <summary>How far ahead of the receiving clock an alert's time may be (Pacemaker on the same node raised it).</summary>
    public static readonly TimeSpan MaxClockSkew = TimeSpan.FromMinutes(1);

    /// <summary>
    /// This alert, or when its time is more than <see cref="MaxClockSkew"/> ahead of <paramref name="received"/> (a
    /// wrong or hostile time, which would sort its event after everything that follows it), this alert at
    /// <paramref name="received"/>; <paramref name="clamped"/> says which.
    /// </summary>
    public PacemakerAlert ClampedTo(DateTimeOffset received, out bool clamped)
    {
        clamped = Timestamp is { } stamp && stamp > received + MaxClockSkew;
        return clamped ? this with { Timestamp = received } : this;
    }

    /// <summary>The resource action succeeded: done, and the exit code was the expected one.</summary>
    public bool Succeeded => (ExecStatus ?? 0) == 0 && Rc == (TargetRc ?? 0);

    /// <summary>The exit code is OCF_DEGRADED or OCF_DEGRADED_PROMOTED.</summary>
    public bool IsDegraded => Rc is (int)Ocf.OcfExitCode.Degraded or (int)Ocf.OcfExitCode.DegradedPromoted;

    /// <summary>
    /// The <c>CRM_alert_*</c> variables of this process (an alert agent), to parse here or to forward
    /// to the daemon (serializable with <see cref="EventJsonContext"/>).
    /// </summary>
    public static Dictionary<string, string> AlertVariables() =>
        ProcessEnvironment.Read().Where(e => e.Key.StartsWith("CRM_alert_", StringComparison.Ordinal)).ToDictionary(StringComparer.Ordinal);

    /// <summary>Reads the <c>CRM_alert_*</c> variables. Throws <see cref="FormatException"/> when <c>CRM_alert_kind</c> is missing.</summary>
    public static PacemakerAlert FromEnvironment(IReadOnlyDictionary<string, string> environment)
    {
        if (!TryFromEnvironment(environment, out var alert, out var error))
        {
            throw new FormatException(error);
        }

        return alert;
    }

    public static bool TryFromEnvironment(
        IReadOnlyDictionary<string, string> environment,
        [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out PacemakerAlert? alert,
        [System.Diagnostics.CodeAnalysis.NotNullWhen(false)] out string? error)
    {
        alert = null;
        var kind = Get(environment, "CRM_alert_kind");
        if (kind is null)
        {
            error = "CRM_alert_kind is not set: not run as a Pacemaker alert agent";
            return false;
        }

        if (kind is not ("node" or "fencing" or "resource" or "attribute"))
        {
            error = $"CRM_alert_kind '{kind}' is not node, fencing, resource or attribute";
            return false;
        }

        alert = new PacemakerAlert
        {
            Kind = kind,
            Node = Get(environment, "CRM_alert_node"),
            NodeId = Get(environment, "CRM_alert_nodeid"),
            Resource = Get(environment, "CRM_alert_rsc"),
            Task = Get(environment, "CRM_alert_task"),
            IntervalMs = Int(environment, "CRM_alert_interval"),
            Rc = Int(environment, "CRM_alert_rc"),
            TargetRc = Int(environment, "CRM_alert_target_rc"),
            ExecStatus = Int(environment, "CRM_alert_status"),
            Description = Get(environment, "CRM_alert_desc"),
            AttributeName = Get(environment, "CRM_alert_attribute_name"),
            AttributeValue = Get(environment, "CRM_alert_attribute_value"),
            Version = Get(environment, "CRM_alert_version"),
            Timestamp = Time(environment),
        };
        error = null;
        return true;
    }

    private static DateTimeOffset? Time(IReadOnlyDictionary<string, string> environment)
    {
        if (Get(environment, "CRM_alert_timestamp_epoch") is not { } epochText
            || !long.TryParse(epochText, NumberStyles.Integer, CultureInfo.InvariantCulture, out var epoch)
            || epoch is < 0 or > 253_402_300_799)
        {
            return null;
        }

        var time = DateTimeOffset.FromUnixTimeSeconds(epoch);
        if (Int(environment, "CRM_alert_timestamp_usec") is { } usec and >= 0 and < 1_000_000)
        {
            time = time.AddTicks(usec * 10L);
        }

        return time;
    }

    private static string? Get(IReadOnlyDictionary<string, string> environment, string name) =>
        environment.TryGetValue(name, out var value) && !string.IsNullOrWhiteSpace(value) ? value.Trim() : null;

    private static int? Int(IReadOnlyDictionary<string, string> environment, string name) =>
        Get(environment, name) is { } text && int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v : null;
}
