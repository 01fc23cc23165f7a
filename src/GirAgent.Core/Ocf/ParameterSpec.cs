namespace GirAgent.Ocf;

/// <summary>The OCF content types that ra-api-1.dtd allows.</summary>
internal enum ParameterType { String, Integer, Boolean, Time }

/// <summary>One parameter of an agent as it appears in meta-data.</summary>
/// <param name="Default">The default as documented in meta-data (null when there is none).</param>
/// <param name="Reloadable">OCF 1.1: a change is applied by reload-agent, not a restart.</param>
internal sealed record ParameterSpec(
    string Name,
    ParameterType Type,
    string ShortDescription,
    string LongDescription,
    string? Default = null,
    bool Required = false,
    bool Unique = false,
    bool Reloadable = false);

/// <summary>One action with the timeout (and interval and depth, for monitors) Pacemaker should use.</summary>
internal sealed record ActionSpec(string Name, int TimeoutSeconds, int? IntervalSeconds = null, int? Depth = null);
