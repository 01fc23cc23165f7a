using System.Text.Json.Serialization;
using GirAgent.Status;

namespace GirAgent.Daemon;

/// <summary>/health's answer: usable as an upstream health check (200 only on the serving node).</summary>
internal sealed record HealthResponse(string Status, bool Active, string Node, Health Health, IReadOnlyList<string> Reasons);

/// <summary>/live's answer.</summary>
internal sealed record LiveResponse(string Status, DateTimeOffset? LastPoll);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, WriteIndented = true)]
[JsonSerializable(typeof(HealthResponse))]
[JsonSerializable(typeof(LiveResponse))]
[JsonSerializable(typeof(Dictionary<string, string>))]
internal sealed partial class DaemonJsonContext : JsonSerializerContext;
