namespace GirAgent.Pacemaker;

/// <summary>The seed's resource ids (<c>giragent cluster setup</c> creates them; status, health, metrics and the daemon look for them unless told otherwise).</summary>
internal static class ResourceIds
{
    /// <summary>httpd (ocf:gir:webserver, or ocf:heartbeat:apache before the move).</summary>
    public const string Webserver = "webserver";

    /// <summary>The virtual IP (ocf:gir:vip, or ocf:heartbeat:IPaddr2).</summary>
    public const string Vip = "virtual_ip";
}

/// <summary>Pacemaker's scores: INFINITY is 1,000,000; any larger number is read as INFINITY.</summary>
internal static class Scores
{
    public const string Infinity = "INFINITY";

    public const int InfinityValue = 1_000_000;
}
