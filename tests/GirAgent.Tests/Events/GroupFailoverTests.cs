using GirAgent.Events;
using GirAgent.Pacemaker;

namespace GirAgent.Tests.Events;

/// <summary>
/// A crash of one of three nodes with tenants in groups (crm_mon as n3 saw it in `lab up --nodes 3`: n2, holding g1 and
/// g2, crashed; fenced; g1 on n1 and g2 on n3; n2 back): only the groups' VIPs fail over, webserver (a clone running on
/// the others all along) had no outage, and the fence devices' moves are no failovers.
/// </summary>
public sealed class GroupFailoverTests
{
    private static readonly DateTimeOffset T0 = DateTimeOffset.Parse("2026-12-05T22:20:00Z", System.Globalization.CultureInfo.InvariantCulture);

    private static ClusterSnapshot Stage(string name) =>
        CrmMonParser.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "lab", $"groups-crash-{name}.crm_mon.xml")));

    private static List<FailoverEvent> Crash()
    {
        var tracker = new FailoverTracker { NodeLossDetection = TimeSpan.FromMilliseconds(2200) };
        var events = new List<FailoverEvent>();
        var at = T0;
        foreach (var (stage, seconds) in new[] { ("healthy", 0), ("unclean", 5), ("moved", 12), ("back", 30) })
            events.AddRange(tracker.Observe(Stage(stage), at = T0.AddSeconds(seconds)));
        return events;
    }

    [Fact]
    public void Only_the_crashed_nodes_groups_fail_over_each_to_a_surviving_node()
    {
        var moves = Crash().Where(e => e.IsFailover).ToList();

        Assert.Equal(["vip-g1 n2 -> n1", "vip-g2 n2 -> n3"], moves.Select(m => $"{m.Resource} {m.From} -> {m.To}").Order());
        Assert.All(moves, m => Assert.Equal(EventCause.NodeLoss, m.Cause));
        Assert.All(moves, m => Assert.NotNull(m.DurationSeconds));
    }

    [Fact]
    public void The_clone_that_kept_serving_elsewhere_had_no_outage_and_its_instance_coming_back_is_a_start()
    {
        var web = Crash().Where(e => e.Resource == "webserver").ToList();

        Assert.DoesNotContain(web, e => e.IsFailover);
        Assert.Contains(web, e => e is { Kind: EventKind.ResourceStopped, From: "n2", Cause: EventCause.NodeLoss });
        Assert.Contains(web, e => e is { Kind: EventKind.ResourceStarted, To: "n2", DurationSeconds: null });
    }

    [Fact]
    public void Fence_devices_moving_with_the_node_are_not_failovers()
    {
        Assert.DoesNotContain(Crash(), e => e.Resource?.StartsWith("fence-", StringComparison.Ordinal) == true);
    }
}
