using System.Text.RegularExpressions;
using GirAgent.Events;

namespace GirAgent.Tests.Events;

public sealed class EventNamesTests
{
    [Fact]
    public void Every_kind_and_cause_has_its_own_snake_case_name()
    {
        var kinds = Enum.GetValues<EventKind>().Select(EventNames.Kind).ToList();
        var causes = Enum.GetValues<EventCause>().Select(EventNames.Cause).ToList();

        Assert.All(kinds.Concat(causes), n => Assert.Matches(new Regex("^[a-z]+(_[a-z]+)*$"), n));
        Assert.Equal(kinds.Count, kinds.Distinct().Count());
        Assert.Equal(causes.Count, causes.Distinct().Count());
    }

    [Fact]
    public void The_names_are_the_ones_the_event_log_and_the_metrics_have_always_used()
    {
        Assert.Equal("resource_moved", EventNames.Kind(EventKind.ResourceMoved));
        Assert.Equal("node_fenced", EventNames.Kind(EventKind.NodeFenced));
        Assert.Equal("maintenance_off", EventNames.Kind(EventKind.MaintenanceOff));
        Assert.Equal("node_loss", EventNames.Cause(EventCause.NodeLoss));
        Assert.Equal("admin_move", EventNames.Cause(EventCause.AdminMove));
        Assert.Equal("unknown", EventNames.Cause((EventCause)99));
    }
}
