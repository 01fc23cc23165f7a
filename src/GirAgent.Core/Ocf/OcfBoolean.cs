namespace GirAgent.Ocf;

/// <summary>Booleans as ocf_is_true reads them (yes/true/1/on and their opposites, any case).</summary>
public static class OcfBoolean
{
    public static bool? Parse(string? text) => text?.Trim().ToLowerInvariant() switch
    {
        "1" or "yes" or "true" or "on" or "y" => true,
        "0" or "no" or "false" or "off" or "n" => false,
        _ => null,
    };
}
