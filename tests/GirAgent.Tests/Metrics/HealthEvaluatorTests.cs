using GirAgent.Httpd;
using GirAgent.Metrics;

using GirAgent.Status;

namespace GirAgent.Tests.Metrics;

public sealed class HealthEvaluatorTests
{
    private static readonly HealthOptions Live = new() { LocalNode = "node1" };

    [Fact]
    public void Crm_mon_down_makes_health_unknown()
    {
        var report = HealthEvaluator.Evaluate(null, null, new HealthOptions());

        Assert.Equal(Health.Unknown, report.Status);
        Assert.Equal(Health.Unknown, report.Checks[HealthEvaluator.CrmMon]);
        Assert.Null(report.LocalNodeActive);
    }

    [Fact]
    public void Httpd_down_on_the_passive_node_is_not_a_problem()
    {
        var cluster = MetricsFixtures.Cluster("pacemaker-live/live-full.2x.xml");

        var report = HealthEvaluator.Evaluate(cluster, null, Live with { LocalNode = "node2" });

        Assert.Equal(Health.Ok, report.Checks[HealthEvaluator.Httpd]);
        Assert.False(report.LocalNodeActive);
    }

    [Fact]
    public void Httpd_down_on_the_active_node_is_critical()
    {
        var cluster = MetricsFixtures.Cluster("pacemaker-live/live-full.2x.xml");

        var report = HealthEvaluator.Evaluate(cluster, null, Live);

        Assert.True(report.LocalNodeActive);
        Assert.Equal(Health.Critical, report.Checks[HealthEvaluator.Httpd]);
        Assert.Equal(Health.Critical, report.Status);
    }

    [Fact]
    public void A_tenant_service_without_usable_member_is_critical_and_a_member_in_error_a_warning()
    {
        var cluster = MetricsFixtures.Cluster("pacemaker-live/live-full.2x.xml");

        var report = HealthEvaluator.Evaluate(cluster, MetricsFixtures.TenantStatus(), Live);

        Assert.Equal(Health.Critical, report.Checks[HealthEvaluator.TenantServices]);
        Assert.Contains(report.Problems, p => p.Check == HealthEvaluator.TenantServices && p.Message.Contains("tenant t1 RCS", StringComparison.Ordinal));
        Assert.Equal(Health.Degraded, report.Checks[HealthEvaluator.Members]);
        Assert.DoesNotContain(report.Problems, p => p.Message.Contains("ir2", StringComparison.Ordinal));
    }

    [Fact]
    public void The_live_cluster_reports_offline_nodes_maintenance_and_failed_actions()
    {
        var cluster = MetricsFixtures.Cluster("pacemaker-live/live-full.2x.xml");

        var report = HealthEvaluator.Evaluate(cluster, null, Live with { LocalNode = "node2" });

        Assert.Equal(Health.Degraded, report.Checks[HealthEvaluator.NodesOffline]);
        Assert.Equal(Health.Degraded, report.Checks[HealthEvaluator.Maintenance]);
        Assert.Equal(Health.Degraded, report.Checks[HealthEvaluator.FailedActions]);
        Assert.Equal(Health.Ok, report.Checks[HealthEvaluator.Quorum]);
        Assert.Equal(Health.Ok, report.Checks[HealthEvaluator.Webserver]);
        Assert.All(report.Problems, p => Assert.DoesNotContain('\n', p.Message));
    }

    [Fact]
    public void Fencing_disabled_is_a_warning()
    {
        var cluster = MetricsFixtures.Cluster("pacemaker-live/live-full.2x.xml");
        cluster = cluster with { Summary = cluster.Summary with { StonithEnabled = false } };

        var report = HealthEvaluator.Evaluate(cluster, null, Live with { LocalNode = "node2" });

        Assert.Equal(Health.Degraded, report.Checks[HealthEvaluator.Stonith]);
    }

    [Fact]
    public void Lost_quorum_and_a_stopped_webserver_are_critical()
    {
        var cluster = MetricsFixtures.Cluster("pacemaker-cts/out-crm_mon.2x.xml");
        cluster = cluster with { Summary = cluster.Summary with { HasQuorum = false } };

        var report = HealthEvaluator.Evaluate(cluster, null, new HealthOptions { WebserverResource = "inactive-dummy-1", VipResource = "Public-IP" });

        Assert.Equal(Health.Critical, report.Checks[HealthEvaluator.Quorum]);
        Assert.Equal(Health.Critical, report.Checks[HealthEvaluator.Webserver]);
        Assert.Equal(Health.Ok, report.Checks[HealthEvaluator.Vip]);
        Assert.Equal(Health.Critical, report.Status);
    }

    [Fact]
    public void Every_check_is_always_reported()
    {
        var report = HealthEvaluator.Evaluate(null, new ServerStatus(), new HealthOptions());

        Assert.Equal(HealthEvaluator.CheckNames.Order(), report.Checks.Keys.Order());
    }

    [Theory]
    [InlineData(Health.Ok, Health.Degraded, Health.Degraded)]
    [InlineData(Health.Degraded, Health.Unknown, Health.Unknown)]
    [InlineData(Health.Critical, Health.Unknown, Health.Critical)]
    [InlineData(Health.Ok, Health.Ok, Health.Ok)]
    public void The_worst_status_wins_with_critical_above_unknown(Health a, Health b, Health expected)
    {
        Assert.Equal(expected, StatusEvaluator.Worst(a, b));
        Assert.Equal(expected, StatusEvaluator.Worst(b, a));
    }
}
