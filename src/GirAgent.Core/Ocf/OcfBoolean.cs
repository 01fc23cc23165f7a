namespace GirAgent.Ocf;

/// <summary>Booleans as ocf_is_true reads them (yes/true/1/on and their opposites, any case).</summary>
internal static class OcfBoolean
{
    public static bool? Parse(string? text) => text?.Trim().ToLowerInvariant() switch
    {
        "1" or "yes" or "true" or "on" or "y" => true,
        "0" or "no" or "false" or "off" or "n" => false,
        _ => null,
    };

    /// <summary>The boolean parameter <paramref name="name"/>: null when unset, an error (and null) when it is no boolean.</summary>
    public static bool? Read(string name, OcfContext context, List<string> errors)
    {
        var text = context.Parameter(name);
        if (string.IsNullOrWhiteSpace(text)) return null;
        var value = Parse(text);
        if (value is null) errors.Add($"{name} '{text}' is not a boolean (true/false)");
        return value;
    }
}
