using System.Text.Json;

namespace GirAgent.Pacemaker;

/// <summary>
/// The hosts pcs on this node holds a token for (<c>pcs host auth</c>): the names in pcsd's known-hosts file
/// (<c>{"format_version": 1, "known_hosts": {"NAME": {"dest_list": [...], "token": "..."}}}</c>, pcs 0.10 to 0.12).
/// <c>pcs quorum device add</c> asks the qnetd host's pcsd for certificates under that name, so cluster setup checks it
/// before it pushes anything.
/// </summary>
internal static class PcsKnownHosts
{
    public const string DefaultPath = "/var/lib/pcsd/known-hosts";
    private const long MaxBytes = 4 * 1024 * 1024;

    /// <summary>
    /// The names in the file (none when there is no file: pcs never authorized a host here); null when it cannot be read
    /// or is not pcs's format (then nothing is concluded).
    /// </summary>
    public static IReadOnlySet<string>? Read(string path)
    {
        string text;
        try
        {
            text = Posix.BoundedFile.ReadText(path, MaxBytes);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return new HashSet<string>();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
            return null;
        }
        return Parse(text);
    }

    public static IReadOnlySet<string>? Parse(string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            if (document.RootElement.ValueKind != JsonValueKind.Object
                || !document.RootElement.TryGetProperty("known_hosts", out var hosts) || hosts.ValueKind != JsonValueKind.Object)
                return null;
            return hosts.EnumerateObject().Select(h => h.Name).ToHashSet(StringComparer.Ordinal);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
