using GirAgent.Events;
using GirAgent.Httpd;

namespace GirAgent.Tests.Events;

/// <summary>Drains and disables seen between two server-status pages become events; httpd's own health changes do not.</summary>
public sealed class MemberChangesTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 5, 3, 0, 0, TimeSpan.Zero);
    private static readonly string Healthy = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "lab", "healthy.server-status.txt"));

    /// <summary>The healthy lab page with t1rws's first member's status replaced.</summary>
    private static ServerStatus With(string status) =>
        ServerStatusParser.Parse(Healthy.Replace("ProxyBalancer[0]Worker[0]Status: Init Ok ", "ProxyBalancer[0]Worker[0]Status: " + status, StringComparison.Ordinal));

    [Theory]
    [InlineData("Init Ok ", "Init Drn Ok ", "http://10.77.0.31:8080 ok -> drained")]
    [InlineData("Init Drn Ok ", "Init Ok ", "http://10.77.0.31:8080 drained -> ok")]
    [InlineData("Init Ok ", "Init Dis Ok ", "http://10.77.0.31:8080 ok -> disabled")]
    [InlineData("Init Dis Ok ", "Init Drn Ok ", "http://10.77.0.31:8080 disabled -> drained")]
    public void A_member_drained_disabled_or_put_back_is_an_event(string before, string after, string detail)
    {
        var e = Assert.Single(MemberChanges.Between(With(before), With(after), "n1", T0));

        Assert.Equal((EventKind.MemberChanged, EventCause.AdminMove, "n1", detail), (e.Kind, e.Cause, e.Node, e.Detail));
        Assert.StartsWith("balancer://t1", e.Resource);
        Assert.Contains($"on n1: {detail}", e.Summary());
    }

    [Theory]
    [InlineData("Init Ok ", "Init Err ")]
    [InlineData("Init Err ", "Init Ok ")]
    [InlineData("Init Ok ", "Init Ok ")]
    [InlineData("Init Drn Ok ", "Init Drn Ok ")]
    public void Httpd_s_own_health_and_no_change_are_not_events(string before, string after) =>
        Assert.Empty(MemberChanges.Between(With(before), With(after), "n1", T0));

    [Fact]
    public void Without_a_page_before_a_drained_member_is_not_an_event() =>
        Assert.Empty(MemberChanges.Between(null, With("Init Drn Ok "), "n1", T0));
}
