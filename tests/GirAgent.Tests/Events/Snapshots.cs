using GirAgent.Pacemaker;

namespace GirAgent.Tests.Events;

/// <summary>Snapshots for the event tests: the crm_mon fixtures, and small hand-made clusters.</summary>
internal static class Snapshots
{
    public static readonly DateTimeOffset T0 = new(2026, 11, 23, 22, 10, 0, TimeSpan.Zero);

    public static ClusterSnapshot Fixture(string relativePath) =>
        CrmMonParser.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", relativePath)));

    /// <summary>
    /// The seed's cluster: node1 and node2 online, node1 the DC, group-less <c>virtual_ip</c> and
    /// <c>webserver</c> running on <paramref name="activeNode"/>.
    /// </summary>
    public static ClusterSnapshot TwoNodes(string? activeNode = "node1") => new()
    {
        Summary = new ClusterSummary
        {
            DcPresent = true,
            DcNode = "node1",
            HasQuorum = true,
            StonithEnabled = true,
            MaintenanceMode = false,
            LastChange = T0.AddHours(-1),
        },
        Nodes = [Node("node1") with { IsDc = true }, Node("node2")],
        Resources =
        [
            Primitive("virtual_ip", "ocf:heartbeat:IPaddr2", activeNode),
            Primitive("webserver", "ocf:gir:webserver", activeNode),
        ],
        OperationHistory =
        [
            new NodeHistory { Node = "node1", Resources = [History("virtual_ip"), History("webserver")] },
            new NodeHistory { Node = "node2", Resources = [History("virtual_ip"), History("webserver")] },
        ],
    };

    public static ClusterNode Node(string name) => new()
    {
        Name = name, Id = name[^1..], Online = true, ExpectedUp = true, Type = "member",
    };

    public static ClusterResource Primitive(string id, string agent, string? node, string? group = null) => new()
    {
        Id = id,
        Agent = agent,
        Role = node is null ? "Stopped" : "Started",
        Active = node is not null,
        Nodes = node is null ? [] : [node],
        Group = group,
    };

    public static ResourceHistory History(string resource, int? failCount = null) =>
        new() { Resource = resource, FailCount = failCount, MigrationThreshold = 10 };

    /// <summary>The same cluster with every instance of <paramref name="id"/> placed on <paramref name="node"/> (null: stopped).</summary>
    public static ClusterSnapshot Place(this ClusterSnapshot s, string id, string? node) => s with
    {
        Resources = s.Resources
            .Select(r => r.Id != id ? r : r with { Role = node is null ? "Stopped" : "Started", Active = node is not null, Nodes = node is null ? [] : [node] })
            .ToList(),
    };

    public static ClusterSnapshot WithNode(this ClusterSnapshot s, string name, Func<ClusterNode, ClusterNode> change) => s with
    {
        Nodes = s.Nodes.Select(n => n.Name == name ? change(n) : n).ToList(),
    };

    public static ClusterSnapshot WithResource(this ClusterSnapshot s, string id, Func<ClusterResource, ClusterResource> change) => s with
    {
        Resources = s.Resources.Select(r => r.Id == id ? change(r) : r).ToList(),
    };

    public static ClusterSnapshot WithFailure(this ClusterSnapshot s, ResourceFailure f) => s with { Failures = [.. s.Failures, f] };

    public static ClusterSnapshot WithBan(this ClusterSnapshot s, ResourceBan b) => s with { Bans = [.. s.Bans, b] };

    public static ClusterSnapshot WithFailCount(this ClusterSnapshot s, string node, string resource, int count) => s with
    {
        OperationHistory = s.OperationHistory
            .Select(n => n.Node != node ? n : n with
            {
                Resources = n.Resources.Select(r => r.Resource == resource ? r with { FailCount = count } : r).ToList(),
            })
            .ToList(),
    };

    /// <summary>The same cluster with <paramref name="op"/> in <paramref name="resource"/>'s history on <paramref name="node"/>.</summary>
    public static ClusterSnapshot WithOperation(this ClusterSnapshot s, string node, string resource, OperationRecord op)
    {
        var history = s.OperationHistory.FirstOrDefault(n => n.Node == node) ?? new NodeHistory { Node = node };
        var entry = history.Resources.FirstOrDefault(r => r.Resource == resource) ?? History(resource);
        var changed = history with
        {
            Resources = [.. history.Resources.Where(r => r.Resource != resource), entry with { Operations = [.. entry.Operations, op] }],
        };
        return s with { OperationHistory = [.. s.OperationHistory.Where(n => n.Node != node), changed] };
    }

    public static ClusterSnapshot WithSummary(this ClusterSnapshot s, Func<ClusterSummary, ClusterSummary> change) =>
        s with { Summary = change(s.Summary) };

    public static ResourceFailure MonitorFailure(string resource, string node, int exitCode = 7, int call = 31) => new()
    {
        OperationKey = resource + "_monitor_30000",
        Resource = resource,
        Node = node,
        Task = "monitor",
        Interval = 30000,
        ExitCode = exitCode,
        ExitStatus = exitCode == 190 ? "OCF_DEGRADED" : "not running",
        ExitReason = exitCode == 190 ? "1 of 2 members usable" : "httpd master process is gone",
        Call = call,
        Status = "complete",
        LastRcChange = T0,
    };
}
