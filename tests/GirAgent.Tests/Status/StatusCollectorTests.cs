using GirAgent.Status;
using GirAgent.Tests.TestSupport;

namespace GirAgent.Tests.Status;

/// <summary>giragent status on saved outputs: the same cluster reader as the live one, a missing file a failed source.</summary>
public sealed class StatusCollectorTests
{
    private static readonly string Fixtures = Path.Combine(AppContext.BaseDirectory, "Fixtures");

    private static StatusInputs Collect(string crmMonXml) =>
        new StatusCollector(new FakeCommandRunner((_, _) => FakeCommandRunner.Ok()), TextReader.Null)
            .Collect(new StatusOptions(CrmMonXmlPath: crmMonXml, ServerStatusPath: Path.Combine(Fixtures, "metrics/server-status-tenants.auto.txt")));

    [Fact]
    public void A_saved_crm_mon_document_is_read_and_named_as_the_source()
    {
        var path = Path.Combine(Fixtures, "pacemaker-live/live.2x.xml");

        var inputs = Collect(path);

        Assert.NotNull(inputs.Cluster);
        Assert.True(inputs.ClusterSource.Ok);
        Assert.Equal(path, inputs.ClusterSource.Origin);
    }

    [Fact]
    public void A_missing_saved_document_is_a_failed_source_naming_the_path_not_an_exception()
    {
        var path = Path.Combine(Fixtures, "pacemaker-live/no-such-file.xml");

        var inputs = Collect(path);

        Assert.Null(inputs.Cluster);
        Assert.False(inputs.ClusterSource.Ok);
        Assert.Contains(path, inputs.ClusterSource.Error);
        Assert.DoesNotContain('\n', inputs.ClusterSource.Error!);
    }
}
