using System.Globalization;
using System.Xml;
using System.Xml.Linq;

namespace GirAgent.Pacemaker;

/// <summary>One operation of a primitive (<c>&lt;op name="monitor" interval="30s" .../&gt;</c>).</summary>
internal sealed record CibOperation(string Name, string Interval, string? Timeout);

/// <summary>One primitive resource: agent, instance and meta attributes, operations, and its group or clone if any.</summary>
internal sealed record CibPrimitive(
    string Id,
    string Agent,
    IReadOnlyDictionary<string, string> InstanceAttributes,
    IReadOnlyDictionary<string, string> MetaAttributes,
    IReadOnlyList<CibOperation> Operations,
    string? Container);

internal sealed record CibColocation(string Id, string? Resource, string? WithResource, string? Score);

internal sealed record CibOrder(string Id, string? First, string? Then, string? Kind, string? Score, string? FirstAction, string? ThenAction, string? Symmetrical);

internal sealed record CibAlert(string Id, string Path);

/// <summary>A location constraint on one node (<c>&lt;rsc_location rsc node score&gt;</c>).</summary>
internal sealed record CibLocation(string Id, string? Resource, string? Node, string? Score);

/// <summary>The parts of a CIB that cluster setup reads: properties, resource defaults, primitives, constraints, alerts.</summary>
internal sealed record CibState(
    IReadOnlyDictionary<string, string> Properties,
    IReadOnlyDictionary<string, string> ResourceDefaults,
    IReadOnlyDictionary<string, CibPrimitive> Primitives,
    IReadOnlyList<CibColocation> Colocations,
    IReadOnlyList<CibOrder> Orders,
    IReadOnlyList<CibAlert> Alerts)
{
    /// <summary>Location constraints that name a node (rules are not read).</summary>
    public IReadOnlyList<CibLocation> Locations { get; init; } = [];

    /// <summary>The largest CIB file read (a CIB of a two-node cluster is tens of KiB).</summary>
    public const long MaxBytes = 32 * 1024 * 1024;

    /// <summary>Fence devices (stonith primitives).</summary>
    public int FenceDevices => Primitives.Values.Count(p => p.Agent.StartsWith("stonith:", StringComparison.Ordinal));

    /// <summary>
    /// Every node of <c>&lt;nodes&gt;</c> XML (<c>cibadmin --query --scope nodes</c>, or a whole CIB) with its permanent
    /// value of <paramref name="name"/> (<c>null</c> when unset); throws <see cref="FormatException"/> when it is not XML.
    /// </summary>
    public static IReadOnlyList<NodeDigest> NodeAttribute(string xml, string name)
    {
        XDocument doc;
        try
        {
            doc = XDocument.Parse(xml);
        }
        catch (XmlException e)
        {
            throw new FormatException(e.Message, e);
        }
        return [.. doc.Descendants("node")
            .Where(n => n.Parent?.Name == "nodes")
            .Select(n => new NodeDigest(
                (string?)n.Attribute("uname") ?? (string?)n.Attribute("id") ?? "?",
                n.Elements("instance_attributes").Elements("nvpair").FirstOrDefault(p => (string?)p.Attribute("name") == name) is { } pair
                    ? (string?)pair.Attribute("value") : null))];
    }

    /// <summary>Reads a CIB (<c>pcs cluster cib</c>, <c>cibadmin --query</c>); throws <see cref="FormatException"/> when it is not one.</summary>
    public static CibState Parse(string xml)
    {
        XDocument doc;
        try
        {
            doc = XDocument.Parse(xml);
        }
        catch (XmlException e)
        {
            throw new FormatException($"not a CIB: {e.Message}", e);
        }
        var configuration = doc.Root?.Name == "cib" ? doc.Root.Element("configuration") : null;
        if (configuration is null) throw new FormatException("not a CIB: no <cib><configuration>");

        var properties = Pairs(configuration.Element("crm_config")?.Elements("cluster_property_set"));
        var defaults = Pairs(configuration.Element("rsc_defaults")?.Elements("meta_attributes"));

        var primitives = new Dictionary<string, CibPrimitive>(StringComparer.Ordinal);
        foreach (var p in configuration.Element("resources")?.Descendants("primitive") ?? [])
        {
            var id = (string?)p.Attribute("id");
            if (id is null) continue;
            var cls = (string?)p.Attribute("class") ?? "";
            var provider = (string?)p.Attribute("provider");
            var type = (string?)p.Attribute("type") ?? "";
            var agent = provider is null ? $"{cls}:{type}" : $"{cls}:{provider}:{type}";
            var ops = p.Element("operations")?.Elements("op")
                .Select(o => new CibOperation((string?)o.Attribute("name") ?? "", (string?)o.Attribute("interval") ?? "0", (string?)o.Attribute("timeout")))
                .ToList() ?? [];
            var parent = p.Parent?.Name.LocalName is "group" or "clone" or "master" or "bundle" ? (string?)p.Parent.Attribute("id") : null;
            primitives[id] = new CibPrimitive(id, agent, Pairs(p.Elements("instance_attributes")), Pairs(p.Elements("meta_attributes")), ops, parent);
        }

        var constraints = configuration.Element("constraints");
        var colocations = constraints?.Elements("rsc_colocation")
            .Select(c => new CibColocation((string?)c.Attribute("id") ?? "", (string?)c.Attribute("rsc"), (string?)c.Attribute("with-rsc"), (string?)c.Attribute("score")))
            .ToList() ?? [];
        var orders = constraints?.Elements("rsc_order")
            .Select(o => new CibOrder((string?)o.Attribute("id") ?? "", (string?)o.Attribute("first"), (string?)o.Attribute("then"),
                (string?)o.Attribute("kind"), (string?)o.Attribute("score"), (string?)o.Attribute("first-action"),
                (string?)o.Attribute("then-action"), (string?)o.Attribute("symmetrical")))
            .ToList() ?? [];
        var alerts = configuration.Element("alerts")?.Elements("alert")
            .Select(a => new CibAlert((string?)a.Attribute("id") ?? "", (string?)a.Attribute("path") ?? ""))
            .ToList() ?? [];
        var locations = constraints?.Elements("rsc_location")
            .Select(l => new CibLocation((string?)l.Attribute("id") ?? "", (string?)l.Attribute("rsc"), (string?)l.Attribute("node"), (string?)l.Attribute("score")))
            .ToList() ?? [];
        return new CibState(properties, defaults, primitives, colocations, orders, alerts) { Locations = locations };
    }

    private static Dictionary<string, string> Pairs(IEnumerable<XElement>? sets)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var set in sets ?? [])
            foreach (var pair in set.Elements("nvpair"))
                if ((string?)pair.Attribute("name") is { } name && !result.ContainsKey(name))
                    result[name] = (string?)pair.Attribute("value") ?? "";
        return result;
    }

    /// <summary>An operation interval or timeout as a duration: <c>30s</c>, <c>30</c>, <c>30000ms</c>, <c>1min</c>, <c>1m</c>, <c>1h</c>.</summary>
    public static TimeSpan? ParseDuration(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        text = text.Trim().ToLowerInvariant();
        var split = 0;
        while (split < text.Length && (char.IsAsciiDigit(text[split]) || text[split] == '.')) split++;
        if (!double.TryParse(text[..split], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var n)) return null;
        return text[split..].Trim() switch
        {
            "" or "s" or "sec" or "secs" => TimeSpan.FromSeconds(n),
            "ms" or "msec" or "msecs" => TimeSpan.FromMilliseconds(n),
            "us" or "usec" or "usecs" => TimeSpan.FromMilliseconds(n / 1000),
            "m" or "min" or "mins" => TimeSpan.FromMinutes(n),
            "h" or "hr" or "hrs" => TimeSpan.FromHours(n),
            _ => null,
        };
    }
}
