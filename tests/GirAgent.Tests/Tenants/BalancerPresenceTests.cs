using GirAgent.Httpd;
using GirAgent.Tenants;

namespace GirAgent.Tests.Tenants;

public sealed class BalancerPresenceTests
{
    private static readonly TenantsConfig Config = TenantsFile.Parse("""
        { "tenants": [ { "id": "t1",
            "rws": { "members": [ { "host": "10.0.0.31" }, { "host": "10.0.0.32" } ] },
            "rp": { "members": [ { "host": "10.0.0.41" } ] } } ] }
        """);

    [Fact]
    public void Balancers_and_members_are_compared_with_server_status()
    {
        var status = ServerStatusParser.Parse("""
            ServerVersion: Apache/2.4.62 (Debian)
            ServerUptimeSeconds: 3600
            ProxyBalancer[0]Name: balancer://t1rws
            ProxyBalancer[0]Worker[0]Name: http://10.0.0.31:8080
            ProxyBalancer[0]Worker[0]Status: Init Err
            ProxyBalancer[0]Worker[1]Name: http://10.0.0.99:8080
            ProxyBalancer[0]Worker[1]Status: Init Ok
            """);

        var result = BalancerPresence.Compare(Config, status);

        var rws = result.Single(r => r.Service.Service == TenantService.Rws);
        Assert.True(rws.Listed);
        Assert.Equal(["http://10.0.0.32:8080"], rws.MissingMembers);
        Assert.Equal(["http://10.0.0.99:8080"], rws.UnexpectedMembers);
        Assert.Equal(["http://10.0.0.31:8080 (Init Err)"], rws.FailedMembers);
        Assert.False(rws.Matches);
        Assert.False(result.Single(r => r.Service.Service == TenantService.Rp).Listed);
    }

    [Fact]
    public void Every_balancer_listed_with_its_members_matches()
    {
        var status = ServerStatusParser.Parse("""
            ServerUptimeSeconds: 3600
            ProxyBalancer[0]Name: balancer://t1rws
            ProxyBalancer[0]Worker[0]Name: http://10.0.0.31:8080
            ProxyBalancer[0]Worker[0]Status: Init Ok
            ProxyBalancer[0]Worker[1]Name: http://10.0.0.32:8080
            ProxyBalancer[0]Worker[1]Status: Init Ok
            ProxyBalancer[1]Name: balancer://t1rp
            ProxyBalancer[1]Worker[0]Name: http://10.0.0.41:8889
            ProxyBalancer[1]Worker[0]Status: Init Ok
            """);

        Assert.All(BalancerPresence.Compare(Config, status), r => Assert.True(r.Matches));
    }

    private static readonly DateTimeOffset Restarted = new(2026, 11, 23, 10, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(false, null, null, null, "is not in /etc/httpd/conf.d: run 'giragent tenants render'")]
    [InlineData(true, "old", null, null, "differs from the tenants file")]
    [InlineData(true, "R", false, null, "is not enabled: a2enconf loadbalancer_tenant1")]
    [InlineData(true, "R", null, 60, "httpd has not reloaded since loadbalancer_tenant1.conf changed")]
    [InlineData(false, "R", null, -60, "server-status lists no balancer at all")]
    [InlineData(true, "R", null, -60, "inside a <VirtualHost>? (mod_status lists only server-level balancers and those of the virtual host that answers)")]
    public void A_missing_balancer_comes_with_the_likely_reason(bool statusListsAny, string? onDisk, bool? enabled, int? changedMinutesAfterRestart, string expected)
    {
        DateTimeOffset? changed = changedMinutesAfterRestart is { } m ? Restarted.AddMinutes(m) : null;

        var reason = MissingBalancerReason.Explain("loadbalancer_tenant1.conf", "/etc/httpd/conf.d", statusListsAny, onDisk, "R", changed, Restarted, enabled);

        Assert.Contains(expected, reason);
    }
}
