namespace GirAgent.Cluster;

/// <summary>
/// The cluster configuration <c>giragent cluster setup</c> writes: the seed's, in pcs 0.11 terms,
/// with girlb's agents by default.
/// </summary>
public sealed record ClusterSetupSpec
{
    public const string VipId = "virtual_ip";
    public const string WebserverId = "webserver";
    public const string AlertId = "girlb";
    public const string DefaultAlertPath = "/usr/libexec/girlb/alert-agent";
    public const string DefaultStatusUrl = "http://localhost/server-status";

    /// <summary>The virtual IP (ip=).</summary>
    public required string Vip { get; init; }
    /// <summary>cidr_netmask=; <c>null</c> lets the agent take it from the route that covers the address.</summary>
    public int? Cidr { get; init; }
    /// <summary>nic=; <c>null</c> lets the agent find it from the routing table.</summary>
    public string? Nic { get; init; }
    /// <summary>webserver's configfile=.</summary>
    public required string ConfigFile { get; init; }
    /// <summary>webserver's statusurl=.</summary>
    public string StatusUrl { get; init; } = DefaultStatusUrl;
    /// <summary>webserver's httpd= (the binary); <c>null</c> leaves the agent's search.</summary>
    public string? Httpd { get; init; }

    public string VipAgent { get; init; } = "ocf:gir:vip";
    public string WebserverAgent { get; init; } = "ocf:gir:webserver";
    public string VipMonitorInterval { get; init; } = "30s";
    public string WebserverMonitorInterval { get; init; } = "30s";
    public string? WebserverMonitorTimeout { get; init; }
    public int WebserverMigrationThreshold { get; init; } = 10;
    public int DefaultMigrationThreshold { get; init; } = 1;

    /// <summary>The alert agent's path; <c>null</c> for no alert.</summary>
    public string? AlertPath { get; init; } = DefaultAlertPath;

    /// <summary>Sets stonith-enabled=false (the lab, or a cluster without a fence device yet), with a warning.</summary>
    public bool DisableFencing { get; init; }

    /// <summary>The virtual IP's instance attributes, in the order pcs is given them.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> VipAttributes()
    {
        var list = new List<KeyValuePair<string, string>> { new("ip", Vip) };
        if (Cidr is { } cidr) list.Add(new("cidr_netmask", cidr.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        if (Nic is { } nic) list.Add(new("nic", nic));
        return list;
    }

    public IReadOnlyList<KeyValuePair<string, string>> WebserverAttributes()
    {
        var list = new List<KeyValuePair<string, string>> { new("configfile", ConfigFile), new("statusurl", StatusUrl) };
        if (Httpd is { } httpd) list.Add(new("httpd", httpd));
        return list;
    }
}
