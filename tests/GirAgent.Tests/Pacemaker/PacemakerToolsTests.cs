using GirAgent.Admin;
using GirAgent.Pacemaker;
using GirAgent.Posix;
using GirAgent.Tests.TestSupport;

namespace GirAgent.Tests.Pacemaker;

/// <summary>The one door to Pacemaker's tools: what is run, in which words, and what a failure says.</summary>
public sealed class PacemakerToolsTests
{
    private static readonly TimeSpan Second = TimeSpan.FromSeconds(1);

    [Fact]
    public void Every_tool_runs_in_the_C_locale_so_its_words_are_the_ones_parsed()
    {
        var runner = new FakeCommandRunner((program, _) => program switch
        {
            "crm_mon" => FakeCommandRunner.Ok("<pacemaker-result/>"),
            "crm_node" => FakeCommandRunner.Ok("n1\n"),
            "crm_failcount" => FakeCommandRunner.Ok("scope=status  name=fail-count-webserver value=1\n"),
            "cibadmin" => FakeCommandRunner.Ok("<cib><configuration><nodes/></configuration></cib>"),
            _ => FakeCommandRunner.Ok(),
        });
        var tools = new PacemakerTools(runner);

        tools.CrmMonXml(Second);
        tools.LocalNodeName();
        tools.ResourceParameter("webserver", "pidfile", Second);
        tools.Locate("webserver");
        tools.ReportFailure("webserver", "n1");
        tools.SetNodeAttribute("n1", "a", "b");
        tools.NodeAttribute("a");
        tools.Pcs(["status"], Second, "status", "");

        Assert.Equal(["crm_mon", "crm_node", "crm_resource", "crm_resource", "crm_resource", "crm_failcount", "crm_attribute", "cibadmin", "pcs"],
            runner.Calls.Select(c => c.Program));
        Assert.All(runner.Environments, env => Assert.Equal("C", env!["LC_ALL"]));
        Assert.Equal("UTC", runner.Environments[0]!["TZ"]); // crm_mon's times are read as UTC
    }

    [Fact]
    public void Crm_mon_of_Pacemaker_1_1_is_asked_again_in_its_own_words()
    {
        var runner = new FakeCommandRunner((_, args) => args.Contains("--output-as=xml")
            ? new CommandResult(64, "", "crm_mon: unrecognized option '--output-as=xml'")
            : FakeCommandRunner.Ok("<crm_mon version=\"1.1.23\"/>"));

        var xml = new PacemakerTools(runner).CrmMonXml(Second);

        Assert.Equal("<crm_mon version=\"1.1.23\"/>", xml);
        Assert.Equal(["-1", "-r", "-f", "-A", "-o", "--as-xml"], runner.Calls[1].Arguments);
    }

    [Fact]
    public void Crm_mon_without_xml_says_its_first_error_line_and_exit_code()
    {
        var runner = new FakeCommandRunner((_, _) => new CommandResult(102, "", "\ncrm_mon: Connection to cluster failed: Transport endpoint is not connected\nmore\n"));

        var e = Assert.Throws<PacemakerToolException>(() => new PacemakerTools(runner).CrmMonXml(Second));

        Assert.Equal("crm_mon exited 102: crm_mon: Connection to cluster failed: Transport endpoint is not connected", e.Message);
        Assert.Equal(AdminExit.Failed, e.ExitCode);
    }

    [Fact]
    public void Crm_mon_that_cannot_be_run_says_which_package_it_needs()
    {
        var runner = new FakeCommandRunner((program, _) => throw new IOException(CommandRunner.CannotStart("/nonexistent/" + program, new IOException("No such file or directory"))));

        var e = Assert.Throws<PacemakerToolException>(() => new PacemakerTools(runner).CrmMonXml(Second));

        Assert.Equal("cannot run /nonexistent/crm_mon: no such file (install pacemaker-cli-utils (Debian) or pacemaker-cli (EL))", e.Message);
    }

    [Fact]
    public void A_failed_report_is_not_counted_as_recorded()
    {
        // crm_resource --fail exits 0 for a user only in haclient, and nothing is recorded: the fail count tells
        var runner = new FakeCommandRunner((program, _) => program == "crm_failcount"
            ? FakeCommandRunner.Ok("scope=status  name=fail-count-webserver value=0\n")
            : FakeCommandRunner.Ok());

        var (recorded, _) = new PacemakerTools(runner).ReportFailure("webserver", "n1");

        Assert.False(recorded);
    }

    [Fact]
    public void A_node_name_that_is_not_one_line_is_no_node_name()
    {
        var tools = new PacemakerTools(new FakeCommandRunner((_, _) => FakeCommandRunner.Ok("\n")));

        Assert.Null(tools.TryLocalNodeName(Second));
        Assert.Equal("crm_node -n printed no node name", Assert.Throws<PacemakerToolException>(() => tools.LocalNodeName()).Message);
    }

    [Fact]
    public void Locate_reads_every_node_a_resource_runs_on_and_nothing_when_the_tool_fails()
    {
        var runner = new FakeCommandRunner((_, _) => FakeCommandRunner.Ok("resource c is running on: n1\nresource c is running on: n2 Promoted\n"));
        Assert.Equal(["n1", "n2"], new PacemakerTools(runner).Locate("c"));

        var failing = new FakeCommandRunner((_, _) => throw new TimeoutException("crm_resource did not finish within 15s"));
        Assert.Empty(new PacemakerTools(failing).Locate("c"));
    }

    [Fact]
    public void A_pcs_failure_says_the_step_the_command_its_output_and_the_consequence()
    {
        var runner = new FakeCommandRunner((_, _) => new CommandResult(1, "", "Error: unable to push"));

        var e = Assert.Throws<PacemakerToolException>(() =>
            new PacemakerTools(runner).Pcs(["cluster", "cib-push", "f"], Second, "pushing", "; nothing was pushed"));

        Assert.Equal("pushing: pcs cluster cib-push f failed (exit 1): Error: unable to push; nothing was pushed", e.Message);
    }

    [Fact]
    public void A_node_loss_is_known_after_corosyncs_running_token_and_consensus()
    {
        var runner = new FakeCommandRunner((_, args) => FakeCommandRunner.Ok(args[1] switch
        {
            "runtime.config.totem.token" => "runtime.config.totem.token (u32) = 1000\n",
            "runtime.config.totem.consensus" => "runtime.config.totem.consensus (u32) = 1200\n",
            _ => "",
        }));

        Assert.Equal(TimeSpan.FromMilliseconds(2200), new PacemakerTools(runner).NodeLossDetection(Second));
    }

    [Fact]
    public void Without_corosync_the_detection_time_is_unknown_not_zero()
    {
        var runner = new FakeCommandRunner((_, _) => new CommandResult(1, "", "Failed to initialize the cmap API. Error CS_ERR_LIBRARY"));

        Assert.Null(new PacemakerTools(runner).NodeLossDetection(Second));
    }
}
