using System.Security.Cryptography;
using System.Text;
using GirAgent.Httpd;

namespace GirAgent.Tenants;

/// <summary>
/// The configuration digest: SHA-256 over the rendered files (name and content, in name order), as
/// lower-case hex. Two nodes with the same digest serve the same tenant configuration.
/// </summary>
internal static class TenantsDigest
{
    /// <summary>The Pacemaker node attribute that carries each node's digest.</summary>
    public const string AttributeName = "girlb-tenants-digest";

    /// <summary>The digest of these files; a <c>null</c> content stands for a missing file.</summary>
    public static string Compute(IEnumerable<(string Name, string? Content)> files)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var (name, content) in files.OrderBy(f => f.Name, StringComparer.Ordinal))
        {
            hash.AppendData(Encoding.UTF8.GetBytes(name));
            hash.AppendData(content is null ? [0xff] : [0x00]);
            if (content is not null) hash.AppendData(Encoding.UTF8.GetBytes(content));
            hash.AppendData([0x00]);
        }
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    public static string Compute(IEnumerable<RenderedFile> files) => Compute(files.Select(f => (f.Name, (string?)f.Content)));

    /// <summary>The digest of the files named <paramref name="names"/> as they are in <paramref name="directory"/>.</summary>
    public static string ComputeOnDisk(string directory, IEnumerable<string> names) =>
        Compute(names.Select(n => (n, File.Exists(Path.Combine(directory, n)) ? File.ReadAllText(Path.Combine(directory, n)) : null)));

    /// <summary>The first 12 hex digits, for people.</summary>
    public static string Short(string digest) => digest.Length > 12 ? digest[..12] : digest;
}
