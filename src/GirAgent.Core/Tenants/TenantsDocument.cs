using System.Text.Json;
using System.Text.Json.Serialization;

namespace GirAgent.Tenants;

// The tenants file as JSON reads it: every value optional, unknown keys kept (JsonExtensionData) so
// that validation can name them. TenantsValidator turns this into the checked TenantsConfig.
// Keys are snake_case (TenantsJsonContext); docs/tenants.md documents every one.

/// <summary>The whole tenants file.</summary>
public sealed class TenantsDocument
{
    public string? Schema { get; set; }
    public StatusEntry? Status { get; set; }
    public TlsEntry? Tls { get; set; }
    public List<TenantEntry?>? Tenants { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Unknown { get; set; }
}

/// <summary><c>/server-status</c>: its path and who besides localhost may read it.</summary>
public sealed class StatusEntry
{
    public string? Path { get; set; }
    public List<string?>? Allow { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Unknown { get; set; }
}

/// <summary>How httpd talks TLS to https members (mod_ssl's SSLProxy* directives); unset means httpd's default.</summary>
public sealed class TlsEntry
{
    public string? Verify { get; set; }
    public string? CaFile { get; set; }
    public bool? CheckPeerName { get; set; }
    public bool? CheckPeerExpire { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Unknown { get; set; }
}

/// <summary>One tenant: its id, scheme and up to five services.</summary>
public sealed class TenantEntry
{
    public string? Id { get; set; }
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
public sealed class ServiceEntry
{
    public int? Port { get; set; }
    public string? Scheme { get; set; }
    public List<string?>? Paths { get; set; }
    public string? StickySession { get; set; }
    public int? ConnectionTimeoutMs { get; set; }
    public bool? DisableReuse { get; set; }
    public int? TimeoutSeconds { get; set; }
    public List<MemberEntry?>? Members { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Unknown { get; set; }
}

/// <summary>One backend server of a service.</summary>
public sealed class MemberEntry
{
    public string? Host { get; set; }
    public int? Port { get; set; }
    public string? Route { get; set; }
    public string? Application { get; set; }
    public bool? HotStandby { get; set; }

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
public sealed partial class TenantsJsonContext : JsonSerializerContext;
