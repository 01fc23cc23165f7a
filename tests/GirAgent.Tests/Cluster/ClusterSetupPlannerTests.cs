using GirAgent.Cluster;
using GirAgent.Pacemaker;
using GirAgent.Tests.Tenants;

namespace GirAgent.Tests.Cluster;

public sealed class ClusterSetupPlannerTests
{
    private static readonly ClusterSetupSpec Gir = new()
    {
        Vip = "10.77.0.100",
        Cidr = 24,
        Nic = "lab0",
        ConfigFile = "/etc/httpd/conf/httpd.conf",
    };

    /// <summary>What the heartbeat-setup.cib.xml fixture was made with (real pcs 0.11 on an empty CIB).</summary>
    private static readonly ClusterSetupSpec Heartbeat = Gir with { VipAgent = "ocf:heartbeat:IPaddr2", WebserverAgent = "ocf:heartbeat:apache" };

    private static CibState Cib(string name) => CibState.Parse(Golden.Read(Path.Combine("cib", name)));

    [Fact]
    public void On_an_empty_cluster_every_command_of_the_seed_is_planned_in_pcs_0_11_syntax()
    {
        var plan = ClusterSetupPlanner.Plan(Gir, Cib("empty.cib.xml"));

        Assert.Equal(
        [
            "property set no-quorum-policy=ignore",
            "resource defaults update migration-threshold=1",
            "resource create virtual_ip ocf:gir:vip ip=10.77.0.100 cidr_netmask=24 nic=lab0 op monitor interval=30s",
            "resource create webserver ocf:gir:webserver configfile=/etc/httpd/conf/httpd.conf statusurl=http://localhost/server-status op monitor interval=30s meta migration-threshold=10",
            "constraint colocation add webserver with virtual_ip score=INFINITY",
            "constraint order virtual_ip then webserver",
            "alert create path=/usr/libexec/girlb/alert-agent id=girlb",
        ], plan.Steps.Select(s => string.Join(' ', s.Arguments)));
        Assert.Empty(plan.Conflicts);
        Assert.Contains(plan.Warnings, w => w.StartsWith("no fence device is configured", StringComparison.Ordinal));
    }

    [Fact]
    public void The_printed_script_builds_everything_in_a_CIB_file_and_pushes_it_once()
    {
        var script = ClusterSetupPlanner.Plan(Gir with { DisableFencing = true }, null).Script();
        var commands = script.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => !l.StartsWith('#')).ToList();

        Assert.Equal("pcs cluster cib girlb.cib", commands[0]);
        Assert.Equal("pcs -f girlb.cib property set no-quorum-policy=ignore stonith-enabled=false", commands[1]);
        Assert.Equal("pcs cluster cib-push girlb.cib --config", commands[^1]);
        Assert.Equal(9, commands.Count);
        Assert.Contains("# WARNING: --no-fencing sets stonith-enabled=false: fencing is OFF: after a network split both nodes may hold the virtual IP", script);
    }

    [Fact]
    public void Values_that_need_quoting_are_quoted_for_the_shell()
    {
        var script = ClusterSetupPlanner.Plan(Gir with { StatusUrl = "http://localhost/server-status?auto&x=1" }, null).Script();

        Assert.Contains("'statusurl=http://localhost/server-status?auto&x=1'", script);
    }

    [Fact]
    public void A_cluster_that_already_has_the_configuration_needs_nothing()
    {
        var plan = ClusterSetupPlanner.Plan(Heartbeat, Cib("heartbeat-setup.cib.xml"));

        Assert.True(plan.NothingToDo);
        Assert.Empty(plan.Conflicts);
        Assert.Equal(7, plan.Unchanged.Count);
    }

    [Fact]
    public void A_different_existing_resource_is_a_conflict_replaced_only_with_force()
    {
        var spec = Heartbeat with { Vip = "10.77.0.200" };

        var plan = ClusterSetupPlanner.Plan(spec, Cib("heartbeat-setup.cib.xml"));
        var forced = ClusterSetupPlanner.Plan(spec, Cib("heartbeat-setup.cib.xml"), force: true);

        Assert.Equal(["resource virtual_ip exists and differs: ip=10.77.0.100, wanted 10.77.0.200"], plan.Conflicts);
        Assert.Empty(plan.Steps);
        Assert.Equal(
        [
            "resource delete virtual_ip",
            "resource create virtual_ip ocf:heartbeat:IPaddr2 ip=10.77.0.200 cidr_netmask=24 nic=lab0 op monitor interval=30s",
            "constraint colocation add webserver with virtual_ip score=INFINITY",
            "constraint order virtual_ip then webserver",
        ], forced.Steps.Select(s => string.Join(' ', s.Arguments)));
    }

    [Fact]
    public void Every_difference_of_a_resource_is_named()
    {
        var spec = Gir with { StatusUrl = "http://127.0.0.1/server-status", WebserverMonitorInterval = "10s", Httpd = "/usr/sbin/apache2" };

        var plan = ClusterSetupPlanner.Plan(spec, Cib("heartbeat-setup.cib.xml"));

        var web = plan.Conflicts.Single(c => c.StartsWith("resource webserver", StringComparison.Ordinal));
        Assert.Contains("agent ocf:heartbeat:apache, wanted ocf:gir:webserver", web);
        Assert.Contains("statusurl=http://localhost/server-status, wanted http://127.0.0.1/server-status", web);
        Assert.Contains("httpd unset, wanted /usr/sbin/apache2", web);
        Assert.Contains("monitor interval=30s, wanted 10s", web);
    }

    [Fact]
    public void A_constraint_with_another_score_is_a_conflict()
    {
        var xml = Golden.Read(Path.Combine("cib", "heartbeat-setup.cib.xml")).Replace("score=\"INFINITY\"", "score=\"100\"", StringComparison.Ordinal);

        var plan = ClusterSetupPlanner.Plan(Heartbeat, CibState.Parse(xml));
        var forced = ClusterSetupPlanner.Plan(Heartbeat, CibState.Parse(xml), force: true);

        Assert.Equal(["colocation of webserver and virtual_ip differs: colocation-webserver-virtual_ip-INFINITY: webserver with virtual_ip score 100"], plan.Conflicts);
        Assert.Equal(["constraint delete colocation-webserver-virtual_ip-INFINITY", "constraint colocation add webserver with virtual_ip score=INFINITY"],
            forced.Steps.Select(s => string.Join(' ', s.Arguments)));
    }

    [Fact]
    public void Fencing_turned_off_in_the_cluster_is_warned_about_plainly()
    {
        var xml = Golden.Read(Path.Combine("cib", "heartbeat-setup.cib.xml")).Replace(
            "<nvpair id=\"cib-bootstrap-options-no-quorum-policy\"",
            "<nvpair id=\"cib-bootstrap-options-stonith-enabled\" name=\"stonith-enabled\" value=\"false\"/><nvpair id=\"cib-bootstrap-options-no-quorum-policy\"",
            StringComparison.Ordinal);

        var plan = ClusterSetupPlanner.Plan(Heartbeat, CibState.Parse(xml));

        var warning = Assert.Single(plan.Warnings);
        Assert.StartsWith("fencing is OFF in this cluster (stonith-enabled=false): after a network split both nodes may hold the virtual IP", warning);
        Assert.True(plan.NothingToDo);
    }

    [Fact]
    public void No_alert_and_heartbeat_agents_are_options()
    {
        var plan = ClusterSetupPlanner.Plan(Heartbeat with { AlertPath = null }, null);

        Assert.DoesNotContain(plan.Steps, s => s.Arguments[0] == "alert");
        Assert.Contains(plan.Steps, s => s.Arguments.Contains("ocf:heartbeat:IPaddr2"));
    }

    [Theory]
    [InlineData("30s", 30_000)]
    [InlineData("30", 30_000)]
    [InlineData("10000ms", 10_000)]
    [InlineData("1min", 60_000)]
    [InlineData("1m", 60_000)]
    [InlineData("2h", 7_200_000)]
    [InlineData("soon", null)]
    public void Operation_intervals_are_read_as_Pacemaker_reads_them(string text, int? milliseconds) =>
        Assert.Equal(milliseconds is { } ms ? TimeSpan.FromMilliseconds(ms) : null, CibState.ParseDuration(text));

    [Fact]
    public void A_CIB_is_read_into_resources_constraints_and_alerts()
    {
        var cib = Cib("heartbeat-setup.cib.xml");

        var vip = cib.Primitives["virtual_ip"];
        Assert.Equal("ocf:heartbeat:IPaddr2", vip.Agent);
        Assert.Equal("10.77.0.100", vip.InstanceAttributes["ip"]);
        Assert.Contains(new CibOperation("monitor", "30s", null), vip.Operations);
        Assert.Equal("10", cib.Primitives["webserver"].MetaAttributes["migration-threshold"]);
        Assert.Equal("1", cib.ResourceDefaults["migration-threshold"]);
        Assert.Equal([new CibAlert("girlb", "/usr/libexec/girlb/alert-agent")], cib.Alerts);
        Assert.Equal(0, cib.FenceDevices);
        Assert.Throws<FormatException>(() => CibState.Parse("<nodes/>"));
    }
}

public sealed class ClusterSetupFencingTests
{
    private static readonly FenceDeviceSpec N1 = FenceDeviceSpec.Parse("n1=10.79.0.11", "admin", "/etc/girlb/bmc.pass");
    private static readonly FenceDeviceSpec N2 = FenceDeviceSpec.Parse("n2=[fd00::12]:6230,user=root,agent=fence_ipmilan", "admin", "/etc/girlb/bmc.pass");

    private static readonly ClusterSetupSpec Fenced = new()
    {
        Vip = "10.77.0.100",
        ConfigFile = "/etc/httpd/conf/httpd.conf",
        Fencing = [N1, N2],
        QDeviceHost = "qnetd.example",
    };

    [Fact]
    public void Each_node_gets_a_device_it_never_runs_itself_and_the_node_running_webserver_wins_a_split()
    {
        var plan = ClusterSetupPlanner.Plan(Fenced, CibState.Parse(Golden.Read(Path.Combine("cib", "empty.cib.xml"))));
        var steps = plan.Steps.Select(s => string.Join(' ', s.Arguments)).ToList();

        Assert.Equal("property set no-quorum-policy=stop stonith-enabled=true stonith-timeout=60s priority-fencing-delay=5s", steps[0]);
        Assert.Contains("stonith create fence-n1 fence_ipmilan ip=10.79.0.11 ipport=623 lanplus=1 username=admin password_script=cat /etc/girlb/bmc.pass pcmk_host_list=n1 op monitor interval=60s", steps);
        Assert.Contains("stonith create fence-n2 fence_ipmilan ip=fd00::12 ipport=6230 lanplus=1 username=root password_script=cat /etc/girlb/bmc.pass pcmk_host_list=n2 op monitor interval=60s", steps);
        Assert.Contains("constraint location fence-n1 avoids n1", steps);
        Assert.Contains("constraint location fence-n2 avoids n2", steps);
        Assert.Contains("resource meta webserver priority=10", steps);
        Assert.Equal("quorum device add model net host=qnetd.example algorithm=ffsplit", string.Join(' ', Assert.Single(plan.AfterPush).Arguments));
        Assert.DoesNotContain(plan.Warnings, w => w.Contains("fenc", StringComparison.OrdinalIgnoreCase));
        Assert.Contains("pcs quorum device add model net host=qnetd.example algorithm=ffsplit", plan.Script());
    }

    [Fact]
    public void A_quorum_device_corosync_has_already_is_unchanged_and_another_one_is_a_conflict_that_force_replaces()
    {
        var cib = CibState.Parse(Golden.Read(Path.Combine("cib", "empty.cib.xml")));

        var same = ClusterSetupPlanner.Plan(Fenced, cib, quorumDevice: new QuorumDeviceConfig("net", "QNETD.example", "ffsplit"));
        Assert.Empty(same.AfterPush);
        Assert.Contains("quorum device on qnetd.example", same.Unchanged);
        Assert.Empty(same.Conflicts);

        var other = new QuorumDeviceConfig("net", "old-qnetd.example", "lms");
        var refused = ClusterSetupPlanner.Plan(Fenced, cib, quorumDevice: other);
        Assert.Empty(refused.AfterPush);
        Assert.Equal("quorum device exists and differs: model net host old-qnetd.example algorithm lms, wanted net qnetd.example ffsplit", Assert.Single(refused.Conflicts));

        var forced = ClusterSetupPlanner.Plan(Fenced, cib, force: true, quorumDevice: other);
        Assert.Equal(["quorum device remove", "quorum device add model net host=qnetd.example algorithm=ffsplit"],
            forced.AfterPush.Select(s => string.Join(' ', s.Arguments)));
    }

    [Fact]
    public void One_device_for_two_nodes_is_warned_about()
    {
        var plan = ClusterSetupPlanner.Plan(Fenced with { Fencing = [N1] }, null);

        Assert.Contains(plan.Warnings, w => w.StartsWith("only n1 has a fence device", StringComparison.Ordinal));
    }

    [Fact]
    public void Cipher_and_power_wait_become_the_agents_attributes()
    {
        var device = FenceDeviceSpec.Parse("n1=10.79.0.21,cipher=3,power-wait=0.5", "admin", "/etc/girlb/bmc.pass");

        var attributes = device.Attributes().Select(a => $"{a.Key}={a.Value}").ToList();

        Assert.Contains("cipher=3", attributes);
        Assert.Contains("power_wait=0.5", attributes);
        Assert.DoesNotContain(N1.Attributes(), a => a.Key is "cipher" or "power_wait");
    }

    [Theory]
    [InlineData("n1=10.0.0.1", null, "/p", "no user")]
    [InlineData("n1=10.0.0.1", "u", null, "no password file")]
    [InlineData("n1=10.0.0.1,password-file=relative.pass", "u", null, "absolute path")]
    [InlineData("n1=10.0.0.1,password-file=/etc/x;reboot", "u", null, "shell characters")]
    [InlineData("n1=not a host", "u", "/p", "not an address")]
    [InlineData("n1=10.0.0.1,agent=/bin/sh", "u", "/p", "not a fence agent")]
    [InlineData("n1=10.0.0.1,colour=blue", "u", "/p", "unknown option 'colour'")]
    [InlineData("-x=10.0.0.1", "u", "/p", "not a node name")]
    [InlineData("n1=10.0.0.1,cipher=18", "u", "/p", "not an IPMI cipher suite")]
    [InlineData("n1=10.0.0.1,cipher=-1", "u", "/p", "not an IPMI cipher suite")]
    [InlineData("n1=10.0.0.1,power-wait=2s", "u", "/p", "not a number of seconds")]
    [InlineData("n1=10.0.0.1,power-wait=61", "u", "/p", "not a number of seconds")]
    public void A_bad_fence_description_says_what_is_wrong(string text, string? user, string? passwordFile, string said)
    {
        var e = Assert.Throws<FormatException>(() => FenceDeviceSpec.Parse(text, user, passwordFile));

        Assert.Contains(said, e.Message);
    }

    [Fact]
    public void Fencing_and_no_fencing_together_are_refused()
    {
        Assert.Contains("--no-fencing and --fence contradict each other", (Fenced with { DisableFencing = true }).Problems());
        Assert.Contains((Fenced with { FenceDelay = "5" }).Problems(), p => p.StartsWith("--fence-delay '5': seconds", StringComparison.Ordinal));
        Assert.Contains((Fenced with { FenceDelay = "121s" }).Problems(), p => p.StartsWith("--fence-delay '121s'", StringComparison.Ordinal));
        Assert.DoesNotContain((Fenced with { FenceDelay = "0s" }).Problems(), p => p.StartsWith("--fence-delay", StringComparison.Ordinal));
        Assert.Contains("--fence names node n1 2 times: one device per node", (Fenced with { Fencing = [N1, N1] }).Problems());
    }
}
