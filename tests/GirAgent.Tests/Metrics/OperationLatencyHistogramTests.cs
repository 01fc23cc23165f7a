using GirAgent.Metrics;
using GirAgent.Pacemaker;

namespace GirAgent.Tests.Metrics;

public sealed class OperationLatencyHistogramTests
{
    [Fact]
    public void Each_run_is_counted_once_however_often_it_is_seen()
    {
        var snapshot = MetricsFixtures.Cluster("pacemaker-live/live-full.2x.xml");
        var histogram = new OperationLatencyHistogram();

        var first = histogram.Observe(snapshot);
        var second = histogram.Observe(snapshot);

        Assert.True(first > 0);
        Assert.Equal(0, second);
    }

    [Fact]
    public void A_new_call_of_the_same_operation_is_a_new_observation()
    {
        var snapshot = Snapshot(new OperationRecord { Task = "start", Call = 10, ExecMs = 40 });
        var histogram = new OperationLatencyHistogram();
        histogram.Observe(snapshot);

        var added = histogram.Observe(Snapshot(new OperationRecord { Task = "start", Call = 17, ExecMs = 3000 }));

        Assert.Equal(1, added);
        var samples = Render(histogram);
        Assert.Equal("2", samples["gir_agent_operation_seconds_count{resource=\"webserver\",operation=\"start\"}"]);
        Assert.Equal("3.04", samples["gir_agent_operation_seconds_sum{resource=\"webserver\",operation=\"start\"}"]);
        Assert.Equal("1", samples["gir_agent_operation_seconds_bucket{resource=\"webserver\",operation=\"start\",le=\"0.05\"}"]);
        Assert.Equal("1", samples["gir_agent_operation_seconds_bucket{resource=\"webserver\",operation=\"start\",le=\"2.5\"}"]);
        Assert.Equal("2", samples["gir_agent_operation_seconds_bucket{resource=\"webserver\",operation=\"start\",le=\"5\"}"]);
        Assert.Equal("2", samples["gir_agent_operation_seconds_bucket{resource=\"webserver\",operation=\"start\",le=\"+Inf\"}"]);
    }

    [Fact]
    public void Pending_operations_and_probes_are_told_apart()
    {
        var histogram = new OperationLatencyHistogram();

        histogram.Observe(Snapshot(
            new OperationRecord { Task = "monitor", Call = 3, Interval = 0, ExecMs = 5 },
            new OperationRecord { Task = "monitor", Call = -1, Interval = 30000, ExecMs = 0 }));

        var samples = Render(histogram);
        Assert.Equal("1", samples["gir_agent_operation_seconds_count{resource=\"webserver\",operation=\"probe\"}"]);
        Assert.DoesNotContain(samples.Keys, k => k.Contains("operation=\"monitor\"", StringComparison.Ordinal));
    }

    private static Dictionary<string, string> Render(OperationLatencyHistogram histogram)
    {
        var set = new MetricSet();
        histogram.Collect(set);
        return MetricsFixtures.Samples(set.ToString());
    }

    private static ClusterSnapshot Snapshot(params OperationRecord[] operations) => new()
    {
        OperationHistory =
        [
            new NodeHistory
            {
                Node = "node1",
                Resources = [new ResourceHistory { Resource = "webserver", Operations = operations }],
            },
        ],
    };
}
