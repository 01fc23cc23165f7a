using GirAgent.Cluster;
using GirAgent.Pacemaker;
using GirAgent.Tenants;
using GirAgent.Tests.Tenants;

namespace GirAgent.Tests.Cluster;

/// <summary>Tenants in groups over N nodes: webserver cloned, a VIP per group on a node whose webserver runs.</summary>
public sealed class ClusterSetupGroupsTests
{
    private static readonly TenantGroup[] LabGroups =
        [new("g1", "10.77.0.101", 24), new("g2", "10.77.0.102", 24), new("g3", "10.77.0.103", 24)];

    /// <summary>What `lab up --nodes 3` gave cluster setup; groups-setup.cib.xml is the CIB real pcs 0.11 made of it.</summary>
    private static readonly ClusterSetupSpec Lab = new()
    {
        Vip = "",
        Groups = LabGroups,
        Nic = "lab0",
        ConfigFile = "/var/lib/girlb-lab/httpd/httpd.conf",
        Httpd = "/usr/sbin/apache2",
        StatusUrl = "http://127.0.0.1/server-status",
        VipMonitorInterval = "10s",
        WebserverMonitorInterval = "10s",
        WebserverMonitorTimeout = "20s",
        Fencing = [.. new[] { "n1=10.79.0.21", "n2=10.79.0.22", "n3=10.79.0.23" }.Select(f => FenceDeviceSpec.Parse(f + ",cipher=3", "admin", "/var/lib/girlb-lab/bmc/password"))],
    };

    private static readonly ClusterSetupSpec Plain = new() { Vip = "", Groups = LabGroups[..2], ConfigFile = "/etc/httpd/conf/httpd.conf" };

    private static CibState Cib(string name) => CibState.Parse(Golden.Read(Path.Combine("cib", name)));

    private static List<string> Steps(ClusterSetupPlan plan) => [.. plan.Steps.Select(s => string.Join(' ', s.Arguments))];

    [Fact]
    public void Webserver_is_cloned_and_each_group_gets_a_sticky_vip_that_follows_a_running_webserver()
    {
        var plan = ClusterSetupPlanner.Plan(Plain with { DisableFencing = true }, Cib("empty.cib.xml"));

        Assert.Equal(
        [
            "property set no-quorum-policy=stop stonith-enabled=false",
            "resource defaults update migration-threshold=1",
            "resource create webserver ocf:gir:webserver configfile=/etc/httpd/conf/httpd.conf statusurl=http://localhost/server-status op monitor interval=30s meta migration-threshold=10 clone",
            "resource create vip-g1 ocf:gir:vip ip=10.77.0.101 cidr_netmask=24 op monitor interval=30s meta resource-stickiness=100",
            "constraint colocation add vip-g1 with webserver-clone score=INFINITY",
            "constraint order webserver-clone then vip-g1",
            "resource create vip-g2 ocf:gir:vip ip=10.77.0.102 cidr_netmask=24 op monitor interval=30s meta resource-stickiness=100",
            "constraint colocation add vip-g2 with webserver-clone score=INFINITY",
            "constraint order webserver-clone then vip-g2",
            "alert create path=/usr/libexec/girlb/alert-agent id=girlb",
        ], Steps(plan));
        Assert.Empty(plan.Conflicts);
    }

    [Fact]
    public void The_cluster_real_pcs_made_from_the_same_groups_needs_nothing_more()
    {
        var plan = ClusterSetupPlanner.Plan(Lab, Cib("groups-setup.cib.xml"));

        Assert.Empty(plan.Steps);
        Assert.Empty(plan.Conflicts);
        Assert.Contains("resource webserver (ocf:gir:webserver) in webserver-clone", plan.Unchanged);
        Assert.Contains("order webserver-clone then vip-g3", plan.Unchanged);
        Assert.Contains("vip-g2 meta priority=10", plan.Unchanged);
    }

    [Fact]
    public void With_fencing_the_groups_vips_carry_the_priority_that_wins_a_two_node_split()
    {
        var steps = Steps(ClusterSetupPlanner.Plan(Lab, Cib("empty.cib.xml")));

        Assert.Contains("resource meta vip-g1 priority=10", steps);
        Assert.Contains("resource meta vip-g3 priority=10", steps);
        Assert.DoesNotContain(steps, s => s.StartsWith("resource meta webserver", StringComparison.Ordinal));
        Assert.Equal("property set no-quorum-policy=stop stonith-enabled=true stonith-timeout=60s priority-fencing-delay=5s", steps[0]);
    }

    [Fact]
    public void The_seeds_single_vip_layout_is_a_conflict_that_force_replaces_whole()
    {
        var cib = Cib("heartbeat-setup.cib.xml");
        var spec = Plain with { VipAgent = "ocf:heartbeat:IPaddr2", WebserverAgent = "ocf:heartbeat:apache" };

        var refused = ClusterSetupPlanner.Plan(spec, cib);
        Assert.Contains("resource virtual_ip (ocf:heartbeat:IPaddr2) exists: with groups each group has its VIP (vip-NAME)", refused.Conflicts);
        Assert.Contains(refused.Conflicts, c => c.StartsWith("resource webserver exists and differs: it is not in webserver-clone", StringComparison.Ordinal));

        var forced = Steps(ClusterSetupPlanner.Plan(spec, cib, force: true));
        Assert.Equal("resource delete virtual_ip", forced[1]);
        var delete = forced.IndexOf("resource delete webserver");
        Assert.True(delete > 1, "webserver is deleted to be created anew as a clone");
        Assert.EndsWith(" clone", forced[delete + 1]);
        Assert.Contains("constraint colocation add vip-g2 with webserver-clone score=INFINITY", forced);
    }

    [Fact]
    public void A_group_gone_from_the_tenants_file_is_named_and_removed_only_with_force()
    {
        var cib = Cib("groups-setup.cib.xml");
        var fewer = Lab with { Groups = LabGroups[..2] };

        var refused = ClusterSetupPlanner.Plan(fewer, cib);
        Assert.Equal(["resource vip-g3 exists but the tenants file has no group g3"], refused.Conflicts);
        Assert.Empty(refused.Steps);

        Assert.Equal(["resource delete vip-g3"], Steps(ClusterSetupPlanner.Plan(fewer, cib, force: true)));
    }

    [Fact]
    public void A_group_added_to_a_running_cluster_is_created_beside_the_others()
    {
        var more = Lab with { Groups = [.. LabGroups, new TenantGroup("g4", "10.77.0.104", 24)] };

        Assert.Equal(
        [
            "resource create vip-g4 ocf:gir:vip ip=10.77.0.104 cidr_netmask=24 nic=lab0 op monitor interval=10s meta resource-stickiness=100",
            "constraint colocation add vip-g4 with webserver-clone score=INFINITY",
            "constraint order webserver-clone then vip-g4",
            "resource meta vip-g4 priority=10",
        ], Steps(ClusterSetupPlanner.Plan(more, Cib("groups-setup.cib.xml"))));
    }

    /// <summary>groups-setup.cib.xml after `giragent tenants apply`: the cluster's tenants kept in webserver's parameter.</summary>
    private static CibState AfterTenantsApply()
    {
        const string configfile = "<nvpair id=\"webserver-instance_attributes-configfile\"";
        var xml = Golden.Read(Path.Combine("cib", "groups-setup.cib.xml"));
        Assert.Contains(configfile, xml);
        return CibState.Parse(xml.Replace(configfile, "<nvpair id=\"webserver-instance_attributes-tenants\" name=\"tenants\" value=\"girlb1:gz:H4sIAAAA\"/>" + configfile));
    }

    [Fact]
    public void Set_up_again_after_tenants_apply_a_new_nodes_fence_device_is_all_it_adds()
    {
        var grown = Lab with { Fencing = [.. Lab.Fencing, FenceDeviceSpec.Parse("n4=10.79.0.24,cipher=3", "admin", "/var/lib/girlb-lab/bmc/password")] };

        var plan = ClusterSetupPlanner.Plan(grown, AfterTenantsApply());

        Assert.Empty(plan.Conflicts);
        Assert.Contains("resource webserver (ocf:gir:webserver) in webserver-clone", plan.Unchanged);
        Assert.NotEmpty(plan.Steps);
        Assert.All(Steps(plan), s => Assert.Contains("fence-n4", s, StringComparison.Ordinal));
    }

    [Fact]
    public void Force_replacing_webserver_keeps_the_tenants_the_operator_applied()
    {
        var moved = Lab with { ConfigFile = "/etc/apache2/apache2.conf" };

        Assert.Equal(["resource webserver exists and differs: configfile=/var/lib/girlb-lab/httpd/httpd.conf, wanted /etc/apache2/apache2.conf"],
            ClusterSetupPlanner.Plan(moved, AfterTenantsApply()).Conflicts);
        var create = Steps(ClusterSetupPlanner.Plan(moved, AfterTenantsApply(), force: true)).Single(s => s.StartsWith("resource create webserver ", StringComparison.Ordinal));
        Assert.Matches(" configfile=/etc/apache2/apache2.conf .*tenants=girlb1:gz:H4sIAAAA op monitor ", create);
        Assert.EndsWith(" clone", create);
    }

    [Fact]
    public void Two_groups_on_two_fenced_nodes_are_warned_of_a_fence_race_one_group_or_a_quorum_device_is_not()
    {
        var twoNodes = Lab with { Fencing = Lab.Fencing.Take(2).ToList() };
        const string race = "their priorities tie and priority-fencing-delay delays neither fence";

        Assert.Contains(ClusterSetupPlanner.Plan(twoNodes with { Groups = LabGroups[..2] }, Cib("empty.cib.xml")).Warnings, w => w.Contains(race, StringComparison.Ordinal));
        Assert.DoesNotContain(ClusterSetupPlanner.Plan(twoNodes with { Groups = LabGroups[..1] }, Cib("empty.cib.xml")).Warnings, w => w.Contains(race, StringComparison.Ordinal));
        Assert.DoesNotContain(ClusterSetupPlanner.Plan(twoNodes with { Groups = LabGroups[..2], QDeviceHost = "10.78.0.30" }, Cib("empty.cib.xml")).Warnings,
            w => w.Contains(race, StringComparison.Ordinal));
        Assert.DoesNotContain(ClusterSetupPlanner.Plan(Lab, Cib("empty.cib.xml")).Warnings, w => w.Contains(race, StringComparison.Ordinal)); // three nodes
    }
}
