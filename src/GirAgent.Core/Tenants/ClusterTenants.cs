using System.IO.Compression;
using System.Text;
using GirAgent.Posix;

namespace GirAgent.Tenants;

/// <summary>
/// The cluster's tenants document: the tenants file kept in the CIB as parameter <c>tenants</c> of
/// the webserver resource, so that Pacemaker replicates it to every node, keeps it over restarts and
/// gives it to the agent, which renders it before httpd starts and, when it changes, in its
/// <c>reload-agent</c> action (docs/decisions.md, "Tenants in the CIB").
/// <para>
/// The value is <c>girlb1:gz:</c> + base64 of the gzipped JSON (100 tenants of 11 members: about
/// 9 KiB instead of 60 KiB): a parameter reaches the agent as one environment variable, which Linux
/// bounds at 128 KiB. A plain JSON object (starting with <c>{</c> or a comment) is accepted too, for an operator
/// who sets it by hand.
/// </para>
/// </summary>
internal static class ClusterTenants
{
    public const string Parameter = "tenants";
    public const string Prefix = "girlb1:gz:";

    /// <summary>Linux's MAX_ARG_STRLEN (one environment string, its NUL included) less <c>OCF_RESKEY_tenants=</c>.</summary>
    public const int MaxValueLength = 128 * 1024 - 1 - 19;

    /// <summary>The value for the CIB: the document as one line of JSON, gzipped, base64.</summary>
    public static string Encode(TenantsDocument document)
    {
        var json = Encoding.UTF8.GetBytes(TenantsFile.SerializeCompact(document));
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.SmallestSize, leaveOpen: true))
            gzip.Write(json);
        return Prefix + Convert.ToBase64String(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    /// <summary>The JSON text of a value; a value that is neither ours nor JSON, or that inflates past the tenants file's limit, is a <see cref="TenantsFileException"/>.</summary>
    public static string Decode(string value, string source = "the cluster's tenants document")
    {
        var text = value.Trim();
        if (text.StartsWith('{') || text.StartsWith("//", StringComparison.Ordinal) || text.StartsWith("/*", StringComparison.Ordinal)) return text;
        if (!text.StartsWith(Prefix, StringComparison.Ordinal))
            throw new TenantsFileException(source, [$"not a tenants document: it starts neither with '{{' (JSON) nor with '{Prefix}' (what 'giragent tenants apply' writes)"]);
        byte[] compressed;
        try
        {
            compressed = Convert.FromBase64String(text[Prefix.Length..]);
        }
        catch (FormatException)
        {
            throw new TenantsFileException(source, ["damaged: not base64 after " + Prefix]);
        }
        try
        {
            using var gzip = new GZipStream(new MemoryStream(compressed), CompressionMode.Decompress);
            var bytes = BoundedFile.ReadBytes(gzip, source, TenantsFile.MaxBytes);
            return new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes);
        }
        catch (InputTooLargeException)
        {
            throw new TenantsFileException(source, [$"inflates to more than {BoundedFile.Describe(TenantsFile.MaxBytes)}: not a tenants document"]);
        }
        catch (Exception e) when (e is InvalidDataException or IOException or DecoderFallbackException)
        {
            throw new TenantsFileException(source, ["damaged: " + e.Message]);
        }
    }

    /// <summary>The document of a value, validated.</summary>
    public static TenantsConfig Parse(string value, string source = "the cluster's tenants document") =>
        TenantsFile.Parse(Decode(value, source), source);

    /// <summary>The raw document of a value (for commands that change it and write it back).</summary>
    public static TenantsDocument Deserialize(string value, string source = "the cluster's tenants document") =>
        TenantsFile.Deserialize(Decode(value, source), source);
}
