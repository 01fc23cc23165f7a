using System.Globalization;
using System.Text;
using System.Text.Json.Serialization;

namespace GirAgent.Events;

/// <summary>
/// One classified cluster event: a failover (<see cref="EventKind.ResourceMoved"/>) or anything that
/// leads to or explains one. Immutable; one JSON line in the event log (see docs/events.md).
/// </summary>
internal sealed record FailoverEvent
{
    /// <summary>Stable id: a hash of what the event says, so the same observation always gets the same id.</summary>
    [JsonPropertyName("id")]
    public required string Id { get; init; }

    /// <summary>When it was seen (UTC): Pacemaker's time for alerts, the snapshot time for diffs.</summary>
    [JsonPropertyName("time")]
    public required DateTimeOffset Time { get; init; }

    [JsonPropertyName("kind")]
    public required EventKind Kind { get; init; }

    [JsonPropertyName("cause")]
    public EventCause Cause { get; init; }

    /// <summary>Resource id (an anonymous clone's id without instance number), for resource events.</summary>
    [JsonPropertyName("resource")]
    public string? Resource { get; init; }

    /// <summary>Node it ran on before, for moves, recoveries and stops.</summary>
    [JsonPropertyName("from")]
    public string? From { get; init; }

    /// <summary>Node it runs on now, for moves, recoveries and starts.</summary>
    [JsonPropertyName("to")]
    public string? To { get; init; }

    /// <summary>The node concerned: the lost/fenced/standby node, or where a resource action happened.</summary>
    [JsonPropertyName("node")]
    public string? Node { get; init; }

    /// <summary>
    /// For moves and recoveries, the outage: seconds from the loss (a stop, a failure, or for a node loss the node's
    /// last contact) to the resource serving again; null when the loss was not seen on its own.
    /// </summary>
    [JsonPropertyName("duration_seconds")]
    public double? DurationSeconds { get; init; }

    /// <summary>
    /// For a move after a node loss: the part of <see cref="DurationSeconds"/> before the cluster knew, from the
    /// node's last contact to Corosync's verdict (its token and consensus timeouts, read from the running Corosync).
    /// </summary>
    [JsonPropertyName("detection_seconds")]
    public double? DetectionSeconds { get; init; }

    /// <summary>
    /// For a move after a node loss with fencing: the part of <see cref="DurationSeconds"/> from the cluster's verdict to
    /// the fence's confirmation (the fence delay, the agent's power off and, for a reboot, on): recovery waits for it.
    /// </summary>
    [JsonPropertyName("fence_seconds")]
    public double? FenceSeconds { get; init; }

    /// <summary>
    /// How far the outage may be off, either way: the true outage lies within <see cref="DurationSeconds"/> ± this. A stop
    /// or start this node saw only in a snapshot happened somewhere since the snapshot before (narrowed by the operation's
    /// own record in the CIB, which Pacemaker keeps to the second); what it saw by an alert or its own watcher is exact.
    /// Null when the outage is exact.
    /// </summary>
    [JsonPropertyName("uncertainty_seconds")]
    public double? UncertaintySeconds { get; init; }

    /// <summary>For a group's VIP (tenants in groups over N nodes): the tenants of its group, whom its move or stop touched.</summary>
    [JsonPropertyName("tenants")]
    public IReadOnlyList<string>? Tenants { get; init; }

    /// <summary>One line for a human: exit reason, fail count, constraint id...</summary>
    [JsonPropertyName("detail")]
    public string? Detail { get; init; }

    [JsonPropertyName("source")]
    public EventSource Source { get; init; }

    [JsonIgnore]
    public TimeSpan? Duration => DurationSeconds is { } s ? TimeSpan.FromSeconds(s) : null;

    /// <summary>A move or an in-place recovery: what <c>gir_failovers_total</c> counts.</summary>
    [JsonIgnore]
    public bool IsFailover => Kind is EventKind.ResourceMoved or EventKind.ResourceRecovered;

    /// <summary>
    /// What happened in a few words, only with the fields the event has (control characters escaped):
    /// <c>webserver n1 -> n2 in 2.067s: node n1 in standby</c>, <c>webserver on n2</c>, <c>on n1: standby</c>.
    /// </summary>
    public string Summary()
    {
        var place = From ?? To ?? Node;
        var where = From is not null && To is not null ? $"{From} -> {To}" : place is not null ? $"on {place}" : null;
        var duration = DurationSeconds is { } d
            ? string.Create(CultureInfo.InvariantCulture, $"in {d:0.###}s")
                + (UncertaintySeconds is { } u ? string.Create(CultureInfo.InvariantCulture, $" ±{u:0.##}s") : "")
                + (DetectionSeconds is { } found
                ? string.Create(CultureInfo.InvariantCulture, $" ({found:0.###}s of it before the cluster knew") + (FenceSeconds is { } f1
                    ? string.Create(CultureInfo.InvariantCulture, $", {f1:0.###}s fencing)") : ")") : "")
                + (DetectionSeconds is null && FenceSeconds is { } f2 ? string.Create(CultureInfo.InvariantCulture, $" ({f2:0.###}s of it fencing)") : "")
            : null;
        var tenants = Tenants is { Count: > 0 } t ? $"(tenant{(t.Count == 1 ? "" : "s")} {string.Join(", ", t.Take(MaxTenantsTold))}{(t.Count > MaxTenantsTold ? $" +{t.Count - MaxTenantsTold}" : "")})" : null;
        var what = string.Join(' ', new[] { Resource, where, duration, tenants }.Where(p => !string.IsNullOrEmpty(p)));
        // names and details come from Pacemaker's alerts and crm_mon: control characters are escaped, so a line stays one line
        return Text.Printable.Escape(Detail is null ? what : what.Length == 0 ? Detail : what + ": " + Detail);
    }

    /// <summary>One line of <c>giragent events</c> and of the status screen: time, kind, cause, <see cref="Summary"/>.</summary>
    public string Line() =>
        string.Create(CultureInfo.InvariantCulture, $"{Time.UtcDateTime:yyyy-MM-dd HH:mm:ss}Z  {EventNames.Kind(Kind),-18} {EventNames.Cause(Cause),-16} {Summary()}");

    /// <summary>An uncertainty below this is not told: the outage is as exact as the clocks it was read from.</summary>
    public static readonly TimeSpan MinUncertainty = TimeSpan.FromMilliseconds(10);

    /// <summary>Longest <see cref="Detail"/> kept (a Pacemaker exit reason is a line, not a document).</summary>
    public const int MaxDetailChars = 1024;

    /// <summary>Tenants named in <see cref="Summary"/>; the event keeps up to <see cref="MaxTenantsKept"/>.</summary>
    public const int MaxTenantsTold = 8, MaxTenantsKept = 1000;

    /// <summary>Longest resource or node name kept (Pacemaker ids are far shorter).</summary>
    public const int MaxNameChars = 256;

    /// <summary>
    /// This event with every text field cut to its bound, so that no event (from an alert's fields, say) makes a
    /// line anyone reading the log must hold in memory; the id stays (it names what happened, not how it is told).
    /// </summary>
    public FailoverEvent Bounded()
    {
        static string? Cut(string? text, int max) => text is { } t && t.Length > max ? t[..max] + "..." : text;
        if ((Detail?.Length ?? 0) <= MaxDetailChars && (Resource?.Length ?? 0) <= MaxNameChars && (From?.Length ?? 0) <= MaxNameChars
            && (To?.Length ?? 0) <= MaxNameChars && (Node?.Length ?? 0) <= MaxNameChars
            && (Tenants is null || (Tenants.Count <= MaxTenantsKept && Tenants.All(t => t.Length <= MaxNameChars))))
        {
            return this;
        }

        return this with
        {
            Detail = Cut(Detail, MaxDetailChars),
            Resource = Cut(Resource, MaxNameChars),
            From = Cut(From, MaxNameChars),
            To = Cut(To, MaxNameChars),
            Node = Cut(Node, MaxNameChars),
            Tenants = Tenants is null ? null : [.. Tenants.Take(MaxTenantsKept).Select(t => Cut(t, MaxNameChars)!)],
        };
    }

    /// <summary>Builds an event with its <see cref="Id"/> computed from the other fields.</summary>
    public static FailoverEvent Create(
        DateTimeOffset time,
        EventKind kind,
        EventCause cause,
        EventSource source,
        string? resource = null,
        string? from = null,
        string? to = null,
        string? node = null,
        TimeSpan? duration = null,
        string? detail = null,
        TimeSpan? detection = null,
        TimeSpan? uncertainty = null,
        TimeSpan? fence = null)
    {
        var utc = time.ToUniversalTime();
        return new FailoverEvent
        {
            Id = MakeId(utc, kind, source, resource, from, to, node),
            Time = utc,
            Kind = kind,
            Cause = cause,
            Source = source,
            Resource = resource,
            From = from,
            To = to,
            Node = node,
            DurationSeconds = duration is { } d ? Math.Round(Math.Max(0, d.TotalSeconds), 3) : null,
            DetectionSeconds = duration is not null && detection is { } found && found > TimeSpan.Zero ? Math.Round(found.TotalSeconds, 3) : null,
            UncertaintySeconds = duration is not null && uncertainty is { } u && u >= MinUncertainty ? Math.Round(u.TotalSeconds, 3) : null,
            FenceSeconds = duration is not null && fence is { } f && f > TimeSpan.Zero ? Math.Round(f.TotalSeconds, 3) : null,
            Detail = detail,
        };
    }

    private static string MakeId(DateTimeOffset time, EventKind kind, EventSource source, string? resource, string? from, string? to, string? node)
    {
        var text = string.Join(
            '\u001f',
            time.UtcTicks.ToString(CultureInfo.InvariantCulture), kind.ToString(), source.ToString(), resource, from, to, node);
        // FNV-1a, 64 bits: an id, not a secret; a cryptographic hash would load OpenSSL (3-4 MiB resident) into the daemon
        var hash = 14695981039346656037UL;
        foreach (var b in Encoding.UTF8.GetBytes(text))
        {
            hash ^= b;
            hash *= 1099511628211UL;
        }
        return hash.ToString("x16", CultureInfo.InvariantCulture);
    }
}
