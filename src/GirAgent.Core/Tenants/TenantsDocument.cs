using System.Text.Json;
using System.Text.Json.Serialization;

namespace GirAgent.Tenants;

// The tenants file as JSON reads it: every value optional, unknown keys kept (JsonExtensionData) so
// that validation can name them. TenantsValidator turns this into the checked TenantsConfig.
// Keys are snake_case (TenantsJsonContext); docs/tenants.md documents every one.

/// <summary>The whole tenants file.</summary>
internal sealed class TenantsDocument
{
    public string? Schema { get; set; }
    public StatusEntry? Status { get; set; }
    public TlsEntry? Tls { get; set; }
    public List<GroupEntry?>? Groups { get; set; }
    public List<TenantEntry?>? Tenants { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Unknown { get; set; }
}

/// <summary><c>/server-status</c>: its path and who besides localhost may read it.</summary>
internal sealed class StatusEntry
{
    public string? Path { get; set; }
    public List<string?>? Allow { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Unknown { get; set; }
}

/// <summary>How httpd talks TLS to https members (mod_ssl's SSLProxy* directives); unset means httpd's default.</summary>
internal sealed class TlsEntry
{
    public string? Verify { get; set; }
    public string? CaFile { get; set; }
    public bool? CheckPeerName { get; set; }
    public bool? CheckPeerExpire { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Unknown { get; set; }
}

/// <summary>A group of tenants served behind one virtual IP of its own (three or more active nodes: docs/tenants.md).</summary>
internal sealed class GroupEntry
{
    public string? Name { get; set; }
    public string? Vip { get; set; }
    public int? Cidr { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Unknown { get; set; }
}

/// <summary>One tenant: its id, scheme, group and up to five services.</summary>
internal sealed class TenantEntry
{
    public string? Id { get; set; }
    public string? Group { get; set; }
    public string? Prefix { get; set; }
    public string? Scheme { get; set; }
    public ServiceEntry? Rws { get; set; }
    public ServiceEntry? Rp { get; set; }
    public ServiceEntry? Rcs { get; set; }
    public ServiceEntry? InteractionReceiver { get; set; }
    public ServiceEntry? Webdav { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Unknown { get; set; }
}

/// <summary>One service of a tenant: its members and the overrides of the seed's defaults.</summary>
internal sealed class ServiceEntry
{
    public int? Port { get; set; }
    public string? Scheme { get; set; }
    public List<PathEntry?>? Paths { get; set; }
    public string? StickySession { get; set; }
    public int? ConnectionTimeoutMs { get; set; }
    public bool? DisableReuse { get; set; }
    public int? TimeoutSeconds { get; set; }
    public List<MemberEntry?>? Members { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Unknown { get; set; }
}

/// <summary>
/// One path of a service: <c>"/api"</c> (the same path public and at the members) or
/// <c>{ "public": "/rp/api", "backend": "/api" }</c> (what <c>ProxyPass /tN/rp/api balancer://tNrp/api</c> does).
/// </summary>
[JsonConverter(typeof(PathEntryConverter))]
internal sealed class PathEntry
{
    public string? Public { get; set; }
    public string? Backend { get; set; }

    /// <summary>What was there instead of a string or an object, or the unknown keys of the object; for the error.</summary>
    public string? Problem { get; set; }

    public static PathEntry Same(string path) => new() { Public = path, Backend = path };

    public override string ToString() => Public == Backend ? $"{Public}" : $"{Public} -> {Backend}";
}

/// <summary>Reads a path as a string or a <c>{public, backend}</c> object; writes the string when both are the same.</summary>
internal sealed class PathEntryConverter : JsonConverter<PathEntry>
{
    public override PathEntry? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.String:
                return PathEntry.Same(reader.GetString()!);
            case JsonTokenType.StartObject:
            {
                var entry = new PathEntry();
                var unknown = new List<string>();
                while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
                {
                    var key = reader.GetString()!;
                    reader.Read();
                    string? value = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
                    if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray) reader.Skip();
                    switch (key)
                    {
                        case "public": entry.Public = value ?? ""; break;
                        case "backend": entry.Backend = value ?? ""; break;
                        default: unknown.Add(key); break;
                    }
                }
                if (unknown.Count > 0) entry.Problem = $"unknown key {string.Join(", ", unknown.Select(k => "'" + k + "'"))} (known: public, backend)";
                else if (entry.Public is null || entry.Backend is null) entry.Problem = "a path object needs both \"public\" and \"backend\"";
                return entry;
            }
            default:
                var kind = reader.TokenType;
                reader.Skip();
                return new PathEntry { Problem = $"{kind.ToString().ToLowerInvariant()} is not a path (a string, or {{ \"public\": ..., \"backend\": ... }})" };
        }
    }

    public override void Write(Utf8JsonWriter writer, PathEntry value, JsonSerializerOptions options)
    {
        if (value.Public == value.Backend)
        {
            writer.WriteStringValue(value.Public);
            return;
        }
        writer.WriteStartObject();
        writer.WriteString("public", value.Public);
        writer.WriteString("backend", value.Backend);
        writer.WriteEndObject();
    }
}

/// <summary>One backend server of a service.</summary>
internal sealed class MemberEntry
{
    public string? Host { get; set; }
    public int? Port { get; set; }
    public string? Route { get; set; }
    public string? Application { get; set; }
    public bool? HotStandby { get; set; }

    /// <summary><c>active</c> (default), <c>drain</c> (<c>status=+N</c>) or <c>disabled</c> (<c>status=+D</c>): what <c>giragent members</c> sets.</summary>
    public string? State { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Unknown { get; set; }
}

/// <summary>Source-generated (NativeAOT-safe) JSON for the tenants file: comments and trailing commas allowed.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    ReadCommentHandling = JsonCommentHandling.Skip,
    AllowTrailingCommas = true,
    WriteIndented = true,
    IndentSize = 2,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(TenantsDocument))]
internal sealed partial class TenantsJsonContext : JsonSerializerContext;
