using GirAgent.Admin;
using GirAgent.Cluster;
using GirAgent.Posix;
using GirAgent.Tests.Tenants;
using GirAgent.Tests.TestSupport;

namespace GirAgent.Tests.Cluster;

public sealed class ClusterSetupTests
{
    private static readonly ClusterSetupSpec Heartbeat = new()
    {
        Vip = "10.77.0.100",
        Cidr = 24,
        Nic = "lab0",
        ConfigFile = "/etc/httpd/conf/httpd.conf",
        VipAgent = "ocf:heartbeat:IPaddr2",
        WebserverAgent = "ocf:heartbeat:apache",
    };

    /// <summary>pcs as seen from giragent: 'cluster cib FILE' writes the CIB (before, then after the push).</summary>
    private static FakeCommandRunner Pcs(string before, string after, Func<IReadOnlyList<string>, CommandResult?>? step = null)
    {
        var pushed = false;
        return new FakeCommandRunner((program, args) =>
        {
            Assert.Equal("pcs", program);
            if (args is ["cluster", "cib", var file])
            {
                File.WriteAllText(file, Golden.Read(Path.Combine("cib", pushed ? after : before)));
                return FakeCommandRunner.Ok();
            }
            if (args is ["cluster", "cib-push", _, "--config"]) pushed = true;
            return step?.Invoke(args) ?? FakeCommandRunner.Ok();
        });
    }

    [Fact]
    public void Apply_builds_the_change_in_a_CIB_file_pushes_it_once_and_reads_it_back()
    {
        var runner = Pcs("empty.cib.xml", "heartbeat-setup.cib.xml");
        var output = new StringWriter();

        var rc = new ClusterSetup(runner, output, new StringWriter()).Apply(Heartbeat, force: false);

        Assert.Equal(AdminExit.Ok, rc);
        var calls = runner.Calls.Select(c => c.Arguments).ToList();
        Assert.Equal(["cluster", "cib"], calls[0].Take(2));
        Assert.All(calls.Skip(1).Take(7), c => Assert.Equal("-f", c[0]));
        Assert.Equal(["cluster", "cib-push"], calls[8].Take(2));
        Assert.Equal("--config", calls[8][3]);
        Assert.Equal(["cluster", "cib"], calls[9].Take(2));
        Assert.Equal(10, calls.Count);
        Assert.Contains("applied 7 changes in one push", output.ToString());
    }

    [Fact]
    public void Applying_over_the_same_configuration_changes_nothing_and_says_so()
    {
        var runner = Pcs("heartbeat-setup.cib.xml", "heartbeat-setup.cib.xml");
        var output = new StringWriter();

        var rc = new ClusterSetup(runner, output, new StringWriter()).Apply(Heartbeat, force: false);

        Assert.Equal(AdminExit.Ok, rc);
        Assert.Single(runner.Calls);
        Assert.Contains("nothing to change: the cluster already has this configuration", output.ToString());
    }

    [Fact]
    public void A_different_configuration_is_refused_without_force_and_nothing_is_pushed()
    {
        var runner = Pcs("heartbeat-setup.cib.xml", "heartbeat-setup.cib.xml");
        var messages = new StringWriter();

        var rc = new ClusterSetup(runner, new StringWriter(), messages).Apply(Heartbeat with { Nic = "eth1" }, force: false);

        Assert.Equal(AdminExit.Refused, rc);
        Assert.Single(runner.Calls);
        Assert.Contains("differs: resource virtual_ip exists and differs: nic=lab0, wanted eth1", messages.ToString());
    }

    [Fact]
    public void A_failing_step_stops_before_the_push()
    {
        var runner = Pcs("empty.cib.xml", "heartbeat-setup.cib.xml",
            args => args.Contains("create") ? new CommandResult(1, "", "Error: Agent 'ocf:gir:vip' is not installed") : null);
        var messages = new StringWriter();

        var rc = AdminBoundary.Run("cluster setup", messages, () => new ClusterSetup(runner, new StringWriter(), messages).Apply(Heartbeat, force: false));

        Assert.Equal(AdminExit.Failed, rc);
        Assert.DoesNotContain(runner.Calls, c => c.Arguments.Contains("cib-push"));
        Assert.Contains("is not installed; nothing was pushed", messages.ToString());
    }

    [Fact]
    public void A_push_that_did_not_take_effect_is_reported()
    {
        var runner = Pcs("empty.cib.xml", "empty.cib.xml");
        var messages = new StringWriter();

        var rc = new ClusterSetup(runner, new StringWriter(), messages).Apply(Heartbeat, force: false);

        Assert.Equal(AdminExit.Failed, rc);
        Assert.Contains("after the push the configuration still differs", messages.ToString());
    }

    [Fact]
    public void A_different_quorum_device_refuses_the_whole_setup_before_anything_is_pushed()
    {
        var runner = Pcs("empty.cib.xml", "heartbeat-setup.cib.xml", args => args is ["quorum", "config"]
            ? FakeCommandRunner.Ok("Options:\nDevice:\n  Model: net\n    algorithm: ffsplit\n    host: old-qnetd\n")
            : null);
        var messages = new StringWriter();

        var rc = new ClusterSetup(runner, new StringWriter(), messages).Apply(Heartbeat with { QDeviceHost = "qnetd" }, force: false);

        Assert.Equal(AdminExit.Refused, rc);
        Assert.DoesNotContain(runner.Calls, c => c.Arguments.Contains("cib-push") || c.Arguments.Contains("device"));
        Assert.Contains("differs: quorum device exists and differs: model net host old-qnetd", messages.ToString());
    }

    [Fact]
    public void The_same_quorum_device_is_left_alone()
    {
        var runner = Pcs("heartbeat-setup.cib.xml", "heartbeat-setup.cib.xml", args => args is ["quorum", "config"]
            ? FakeCommandRunner.Ok(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "quorum", "pcs-0.12-config-qdevice.txt")))
            : null);
        var output = new StringWriter();

        new ClusterSetup(runner, output, new StringWriter()).Apply(Heartbeat with { QDeviceHost = "10.78.0.30" }, force: false);

        Assert.DoesNotContain(runner.Calls, c => c.Arguments.Contains("device"));
        Assert.Contains("unchanged: quorum device on 10.78.0.30", output.ToString());
    }

    private static string KnownHosts(string? fixture)
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("girlb-known-hosts-").FullName, "known-hosts");
        if (fixture is not null) File.Copy(Path.Combine(AppContext.BaseDirectory, "Fixtures", "quorum", fixture), path);
        return path;
    }

    [Theory]
    [InlineData(null)] // pcs never authorized a host on this node
    [InlineData("known-hosts.json")] // n1 and 10.78.0.30, not qnetd
    public void A_quorum_device_host_pcs_does_not_know_refuses_the_setup_before_anything_is_pushed(string? knownHosts)
    {
        var runner = Pcs("empty.cib.xml", "heartbeat-setup.cib.xml", args => args is ["quorum", "config"] ? FakeCommandRunner.Ok("Options:\n") : null);
        var messages = new StringWriter();

        var rc = new ClusterSetup(runner, new StringWriter(), messages, KnownHosts(knownHosts)).Apply(Heartbeat with { QDeviceHost = "qnetd" }, force: false);

        Assert.Equal(AdminExit.Refused, rc);
        Assert.DoesNotContain(runner.Calls, c => c.Arguments.Contains("cib-push") || c.Arguments.Contains("device"));
        Assert.Contains("does not know the quorum device host qnetd: run 'pcs host auth qnetd -u hacluster' first", messages.ToString());
    }

    [Fact]
    public void A_quorum_device_host_pcs_knows_lets_the_setup_push()
    {
        var runner = Pcs("empty.cib.xml", "heartbeat-setup.cib.xml", args => args is ["quorum", "config"] ? FakeCommandRunner.Ok("Options:\n") : null);
        var messages = new StringWriter();

        new ClusterSetup(runner, new StringWriter(), messages, KnownHosts("known-hosts.json")).Apply(Heartbeat with { QDeviceHost = "10.78.0.30" }, force: false);

        Assert.Contains(runner.Calls, c => c.Arguments.Contains("cib-push"));
        Assert.DoesNotContain("does not know", messages.ToString());
    }

    [Theory]
    [InlineData("[]")]
    [InlineData("{\"format_version\": 1}")]
    [InlineData("not json")]
    public void A_known_hosts_file_that_is_not_pcss_concludes_nothing(string text) => Assert.Null(GirAgent.Pacemaker.PcsKnownHosts.Parse(text));
}
