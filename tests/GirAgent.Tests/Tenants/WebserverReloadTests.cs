using GirAgent.Admin;
using GirAgent.Posix;
using GirAgent.TenantsAdmin;
using GirAgent.Tests.TestSupport;

namespace GirAgent.Tests.Tenants;

public sealed class WebserverReloadTests
{
    private static FakeCommandRunner Cluster(string runningOn, Func<IReadOnlyDictionary<string, string?>?, CommandResult>? agent = null)
    {
        var cib = Golden.Read(Path.Combine("cib", "heartbeat-setup.cib.xml")).Replace("type=\"apache\" provider=\"heartbeat\"", "type=\"webserver\" provider=\"gir\"", StringComparison.Ordinal);
        return new FakeCommandRunner((program, _) => program switch
        {
            "crm_node" => FakeCommandRunner.Ok("n1\n"),
            "crm_resource" => FakeCommandRunner.Ok($"resource webserver is running on: {runningOn}\n"),
            "cibadmin" => FakeCommandRunner.Ok(cib),
            _ => FakeCommandRunner.Ok(),
        });
    }

    [Fact]
    public void On_the_node_that_runs_webserver_its_agent_reloads_with_the_resources_parameters()
    {
        var runner = Cluster("n1");

        var result = new WebserverReload(runner, "/usr/lib/ocf").Run(null);

        var call = runner.Calls.Last();
        Assert.Equal("/usr/lib/ocf/resource.d/gir/webserver", call.Program);
        Assert.Equal(["reload"], call.Arguments);
        Assert.StartsWith("webserver reloaded on n1 (ocf:gir:webserver", result);
    }

    [Fact]
    public void On_another_node_nothing_is_reloaded()
    {
        var runner = Cluster("n2");

        var result = new WebserverReload(runner).Run(null);

        Assert.Equal("webserver runs on n2, not here: reload it there (giragent tenants render --reload)", result);
        Assert.DoesNotContain(runner.Calls, c => c.Arguments.Contains("reload"));
    }

    [Fact]
    public void An_agent_without_reload_is_named_with_the_alternative()
    {
        var inner = Cluster("n1");
        var runner = new FakeCommandRunner((program, args) => args is ["reload"] ? new CommandResult(3, "", "") : inner.Run(program, args, null, TimeSpan.Zero));

        var e = Assert.Throws<AdminException>(() => new WebserverReload(runner).Run("n1"));

        Assert.Contains("has no reload action: 'pcs resource restart webserver'", e.Message);
    }

    [Fact]
    public void A_refused_reload_reports_the_agents_reason()
    {
        var inner = Cluster("n1");
        var runner = new FakeCommandRunner((program, args) => args is ["reload"]
            ? new CommandResult(1, "", "ocf-exit-reason:httpd keeps serving the previous configuration; new configuration rejected\n")
            : inner.Run(program, args, null, TimeSpan.Zero));

        var e = Assert.Throws<AdminException>(() => new WebserverReload(runner).Run("n1"));

        Assert.Equal("ocf:gir:webserver reload failed (exit 1): httpd keeps serving the previous configuration; new configuration rejected", e.Message);
    }
}
