using System.Globalization;
using GirAgent.Time;
using GirAgent.Posix;

namespace GirAgent.Ocf;

/// <summary>
/// Everything Pacemaker (or ocf-tester, or an operator) hands an agent through the environment:
/// the action, the instance name, <c>OCF_RESKEY_*</c> parameters, interval, timeout and check level.
/// </summary>
internal sealed class OcfContext
{
    private const string ParameterPrefix = "OCF_RESKEY_";

    private readonly IReadOnlyDictionary<string, string> _environment;

    public OcfContext(string action, IReadOnlyDictionary<string, string> environment, TimeProvider? time = null)
    {
        Action = action;
        _environment = environment;
        Time = time ?? TimeProvider.System;
        InstanceName = Get("OCF_RESOURCE_INSTANCE") is { Length: > 0 } name ? name : "default";
        Interval = ReadMilliseconds("OCF_RESKEY_CRM_meta_interval") ?? TimeSpan.Zero;
        Timeout = ReadMilliseconds("OCF_RESKEY_CRM_meta_timeout");
        CheckLevel = int.TryParse(Get("OCF_CHECK_LEVEL"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var level) ? level : 0;
    }

    public string Action { get; }
    public string InstanceName { get; }
    public TimeSpan Interval { get; }
    /// <summary>The operation timeout Pacemaker enforces, when it says one.</summary>
    public TimeSpan? Timeout { get; }
    public int CheckLevel { get; }
    public TimeProvider Time { get; }

    /// <summary>A probe: a monitor with no (or a zero) interval, run to learn a resource's state.</summary>
    public bool IsProbe => Action == "monitor" && Interval == TimeSpan.Zero;

    /// <summary>The whole environment the action was given (httpd's envfiles and its Listen lines read it).</summary>
    public IReadOnlyDictionary<string, string> Environment => _environment;

    public string? Get(string variable) => _environment.TryGetValue(variable, out var value) ? value : null;

    /// <summary>The value of parameter <paramref name="name"/>, or null when it is not set.</summary>
    public string? Parameter(string name) => Get(ParameterPrefix + name);

    public IEnumerable<string> ParameterNames =>
        _environment.Keys
            .Where(k => k.StartsWith(ParameterPrefix, StringComparison.Ordinal) && !k.StartsWith(ParameterPrefix + "CRM_meta_", StringComparison.Ordinal))
            .Select(k => k[ParameterPrefix.Length..]);

    /// <summary>A deadline for this action: Pacemaker's timeout less a margin, or the fallback.</summary>
    public Deadline StartDeadline(TimeSpan fallbackTimeout) => new(Deadline.BudgetFor(Timeout ?? fallbackTimeout), Time);

    public static OcfContext FromProcess(string action)
    {
        return new OcfContext(action, ProcessEnvironment.Read());
    }

    private TimeSpan? ReadMilliseconds(string variable)
    {
        var text = Get(variable);
        if (string.IsNullOrWhiteSpace(text)) return null;
        return long.TryParse(text.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var ms) && ms >= 0
            ? TimeSpan.FromMilliseconds(ms)
            : null;
    }
}
