using GirAgent.Ocf;
using GirAgent.Webserver;

namespace GirAgent.Cli;

/// <summary>The OCF agents this binary is, by the name it is installed under.</summary>
internal static class Agents
{
    public static readonly IReadOnlyList<string> Names = ["webserver", "vip"];

    public static bool IsAgent(string name) => Names.Contains(name);

    public static IResourceAgent Create(string name, OcfLog log) => name switch
    {
        "webserver" => new WebserverAgent(log),
        "vip" => new GirAgent.Vip.VipAgent(log),
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "unknown agent"),
    };
}
