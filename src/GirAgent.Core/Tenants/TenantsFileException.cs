namespace GirAgent.Tenants;

/// <summary>The tenants file cannot be used: each error is one line naming the tenant, service and member.</summary>
public sealed class TenantsFileException(string source, IReadOnlyList<string> errors)
    : Exception($"{source}: {errors.Count} error{(errors.Count == 1 ? "" : "s")}: {string.Join("; ", errors)}")
{
    public string FileName { get; } = source;
    public IReadOnlyList<string> Errors { get; } = errors;
}
