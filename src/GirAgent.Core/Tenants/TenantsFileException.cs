using GirAgent.Admin;
namespace GirAgent.Tenants;

/// <summary>
/// The tenants file cannot be used: each error is one line naming the tenant, service and member. The values the
/// errors quote come from the file: their control characters are escaped here, so each error stays one line.
/// A file that cannot be read at all is a failure (exit 5), one that is read and not valid is invalid (exit 3).
/// </summary>
internal sealed class TenantsFileException(string source, IReadOnlyList<string> errors, int exitCode = AdminExit.Invalid)
    : AdminException(exitCode, $"{source}: {errors.Count} error{(errors.Count == 1 ? "" : "s")}: {string.Join("; ", errors.Select(GirAgent.Text.Printable.Escape))}")
{
    public string FileName { get; } = source;
    public IReadOnlyList<string> Errors { get; } = [.. errors.Select(GirAgent.Text.Printable.Escape)];
}
