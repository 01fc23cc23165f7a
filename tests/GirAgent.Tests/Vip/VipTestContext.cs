using GirAgent.Ocf;
using GirAgent.Vip;

namespace GirAgent.Tests.Vip;

internal static class VipTestContext
{
    public static OcfContext Context(string action = "start", params (string Name, string Value)[] parameters)
    {
        var env = parameters.ToDictionary(p => "OCF_RESKEY_" + p.Name, p => p.Value, StringComparer.Ordinal);
        return new OcfContext(action, env);
    }

    public static VipSettings Settings(params (string Name, string Value)[] parameters) =>
        VipSettings.From(Context("start", parameters), VipMetadata.Create());

    public static byte[] Hex(string hex) => Convert.FromHexString(hex.Replace(" ", "").Replace(":", ""));
}
