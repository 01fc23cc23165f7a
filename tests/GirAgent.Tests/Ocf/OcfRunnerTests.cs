using GirAgent.Ocf;
using NSubstitute;

namespace GirAgent.Tests.Ocf;

public sealed class OcfRunnerTests
{
    private const string ExitReasonMarker = "ocf-exit-reason:";

    private readonly IResourceAgent _agent = Substitute.For<IResourceAgent>();
    private readonly StringWriter _stderr = new();
    private readonly StringWriter _stdout = new();

    public OcfRunnerTests()
    {
        _agent.Metadata.Returns(new AgentMetadata(
            "dummy", "1.2.3", "A dummy agent", "Used by the tests.",
            [new ParameterSpec("state", ParameterType.String, "state file", "Where the state is kept.")],
            [new ActionSpec("start", 20), new ActionSpec("monitor", 20, IntervalSeconds: 10, Depth: 0)]));
    }

    private int Run(string action, bool debug = false)
    {
        var context = new OcfContext(action, new Dictionary<string, string> { ["OCF_RESOURCE_INSTANCE"] = "d1" });
        var log = new OcfLog(_stderr, "dummy", "d1", debug);
        return OcfRunner.Run(_agent, context, log, _stdout);
    }

    private string[] LogLines => _stderr.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);

    private string[] ExitReasons => LogLines.Where(l => l.StartsWith(ExitReasonMarker, StringComparison.Ordinal)).ToArray();

    private void Returns(string method, OcfResult result)
    {
        switch (method)
        {
            case "Start": _agent.Start(Arg.Any<OcfContext>()).Returns(result); break;
            case "Stop": _agent.Stop(Arg.Any<OcfContext>()).Returns(result); break;
            case "Monitor": _agent.Monitor(Arg.Any<OcfContext>()).Returns(result); break;
            case "Validate": _agent.Validate(Arg.Any<OcfContext>()).Returns(result); break;
            case "Reload": _agent.Reload(Arg.Any<OcfContext>()).Returns(result); break;
            default: throw new ArgumentException(method);
        }
    }

    private int CallsTo(string method) =>
        _agent.ReceivedCalls().Count(c => c.GetMethodInfo().Name == method);

    [Theory]
    [InlineData("start", "Start")]
    [InlineData("stop", "Stop")]
    [InlineData("monitor", "Monitor")]
    [InlineData("status", "Monitor")]
    [InlineData("validate-all", "Validate")]
    [InlineData("reload", "Reload")]
    public void Each_action_runs_the_agent_method_of_that_name_and_no_other(string action, string method)
    {
        // Arrange
        Returns(method, new OcfResult(OcfExitCode.RunningPromoted));

        // Act
        var exit = Run(action);

        // Assert
        Assert.Equal(8, exit);
        Assert.Equal(1, CallsTo(method));
        foreach (var other in new[] { "Start", "Stop", "Monitor", "Validate", "Reload" }.Where(m => m != method))
            Assert.Equal(0, CallsTo(other));
    }

    [Fact]
    public void The_agent_is_handed_the_context_with_the_action()
    {
        _agent.Stop(Arg.Any<OcfContext>()).Returns(OcfResult.Ok);

        Run("stop");

        _agent.Received(1).Stop(Arg.Is<OcfContext>(c => c.Action == "stop" && c.InstanceName == "d1"));
    }

    [Fact]
    public void Success_exits_0_and_writes_no_exit_reason()
    {
        _agent.Start(Arg.Any<OcfContext>()).Returns(OcfResult.Ok);

        var exit = Run("start");

        Assert.Equal(0, exit);
        Assert.Equal("", _stderr.ToString());
        Assert.Equal("", _stdout.ToString());
    }

    [Fact]
    public void Success_with_a_reason_logs_it_as_information_only()
    {
        _agent.Stop(Arg.Any<OcfContext>()).Returns(new OcfResult(OcfExitCode.Success, "httpd was already stopped"));

        var exit = Run("stop");

        Assert.Equal(0, exit);
        var line = Assert.Single(LogLines);
        Assert.EndsWith(": INFO: httpd was already stopped", line);
        Assert.Empty(ExitReasons);
    }

    [Fact]
    public void Not_running_with_a_reason_exits_7_logs_it_as_information_and_writes_no_exit_reason()
    {
        _agent.Monitor(Arg.Any<OcfContext>()).Returns(OcfResult.NotRunning("httpd is not running: no pid file"));

        var exit = Run("monitor");

        Assert.Equal(7, exit);
        var line = Assert.Single(LogLines);
        Assert.Contains(": INFO: httpd is not running: no pid file", line);
        Assert.Empty(ExitReasons);
    }

    [Fact]
    public void Not_running_without_a_reason_exits_7_silently()
    {
        _agent.Monitor(Arg.Any<OcfContext>()).Returns(OcfResult.NotRunning());

        var exit = Run("monitor");

        Assert.Equal(7, exit);
        Assert.Equal("", _stderr.ToString());
    }

    [Fact]
    public void A_failure_result_exits_with_its_code_and_gives_its_reason_as_exit_reason()
    {
        _agent.Monitor(Arg.Any<OcfContext>()).Returns(OcfResult.Degraded("degraded: balancer://api 1/2 members unusable"));

        var exit = Run("monitor");

        Assert.Equal(190, exit);
        Assert.Equal(["ocf-exit-reason:degraded: balancer://api 1/2 members unusable"], ExitReasons);
        Assert.Contains(LogLines, l => l.EndsWith(": ERROR: degraded: balancer://api 1/2 members unusable", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(OcfExitCode.ErrGeneric, 1)]
    [InlineData(OcfExitCode.ErrArgs, 2)]
    [InlineData(OcfExitCode.ErrPerm, 4)]
    [InlineData(OcfExitCode.ErrInstalled, 5)]
    [InlineData(OcfExitCode.ErrConfigured, 6)]
    public void An_OcfException_becomes_its_exit_code_and_an_exit_reason(OcfExitCode code, int expectedExit)
    {
        // Arrange
        _agent.Start(Arg.Any<OcfContext>()).Returns(_ => throw new OcfException(code, "port 'abc' is not a TCP port (1-65535)"));

        // Act
        var exit = Run("start");

        // Assert
        Assert.Equal(expectedExit, exit);
        Assert.Equal(["ocf-exit-reason:port 'abc' is not a TCP port (1-65535)"], ExitReasons);
        Assert.Contains(LogLines, l => l.EndsWith(": ERROR: port 'abc' is not a TCP port (1-65535)", StringComparison.Ordinal));
    }

    [Fact]
    public void An_OcfException_with_a_multi_line_reason_gives_a_one_line_exit_reason()
    {
        _agent.Validate(Arg.Any<OcfContext>()).Returns(_ => throw OcfException.Configured("configuration rejected\nInvalid command 'Foo'"));

        var exit = Run("validate-all");

        Assert.Equal(6, exit);
        Assert.Equal(["ocf-exit-reason:configuration rejected Invalid command 'Foo'"], ExitReasons);
        Assert.All(LogLines, l => Assert.DoesNotContain('\n', l));
    }

    [Fact]
    public void Any_other_exception_exits_1_with_a_one_line_reason_and_no_stack_trace()
    {
        // Arrange
        _agent.Reload(Arg.Any<OcfContext>()).Returns(_ => ThrowDeep());

        // Act
        var exit = Run("reload");

        // Assert
        Assert.Equal(1, exit);
        Assert.Equal(["ocf-exit-reason:internal error in reload: InvalidOperationException: the pid file vanished"], ExitReasons);
        Assert.DoesNotContain(" at ", _stderr.ToString());
        Assert.DoesNotContain(nameof(ThrowDeep), _stderr.ToString());
        Assert.Equal(2, LogLines.Length);
    }

    [Fact]
    public void The_stack_trace_of_an_unexpected_exception_is_logged_only_in_debug_mode()
    {
        _agent.Reload(Arg.Any<OcfContext>()).Returns(_ => ThrowDeep());

        var exit = Run("reload", debug: true);

        Assert.Equal(1, exit);
        Assert.Contains(LogLines, l => l.Contains(": DEBUG: ", StringComparison.Ordinal) && l.Contains(nameof(ThrowDeep), StringComparison.Ordinal));
        Assert.Single(ExitReasons);
    }

    [Fact]
    public void An_unexpected_exception_with_a_multi_line_message_still_gives_one_exit_reason_line()
    {
        _agent.Stop(Arg.Any<OcfContext>()).Returns(_ => throw new IOException("read failed\nsecond line"));

        var exit = Run("stop");

        Assert.Equal(1, exit);
        Assert.Equal(["ocf-exit-reason:internal error in stop: IOException: read failed second line"], ExitReasons);
    }

    [Fact]
    public void An_unknown_action_exits_3_without_calling_the_agent()
    {
        var exit = Run("promote");

        Assert.Equal(3, exit);
        Assert.DoesNotContain(_agent.ReceivedCalls(), c => c.GetMethodInfo().Name != "get_Metadata");
        var reason = Assert.Single(ExitReasons);
        Assert.StartsWith("ocf-exit-reason:action 'promote' is not implemented", reason);
    }

    [Fact]
    public void An_unknown_action_with_control_characters_is_shown_harmlessly()
    {
        var exit = Run("st\u001b[2Jart");

        Assert.Equal(3, exit);
        var reason = Assert.Single(ExitReasons);
        Assert.StartsWith("ocf-exit-reason:action 'st?[2Jart' is not implemented", reason);
    }

    [Fact]
    public void Meta_data_prints_the_agents_XML_and_exits_0()
    {
        var exit = Run("meta-data");

        Assert.Equal(0, exit);
        Assert.Equal(_agent.Metadata.ToXml(), _stdout.ToString());
        Assert.StartsWith("<?xml", _stdout.ToString());
        Assert.Contains("<resource-agent name=\"dummy\" version=\"1.2.3\">", _stdout.ToString());
        Assert.Equal("", _stderr.ToString());
        Assert.Equal(0, CallsTo("Start") + CallsTo("Stop") + CallsTo("Monitor") + CallsTo("Validate") + CallsTo("Reload"));
    }

    [Theory]
    [InlineData("usage")]
    [InlineData("help")]
    [InlineData("--help")]
    [InlineData("-h")]
    public void Usage_prints_the_actions_and_exits_0(string action)
    {
        var exit = Run(action);

        Assert.Equal(0, exit);
        Assert.StartsWith("usage: dummy {start|stop|monitor|status|reload|validate-all|meta-data|usage}", _stdout.ToString());
        Assert.Equal("", _stderr.ToString());
    }

    private static OcfResult ThrowDeep() => throw new InvalidOperationException("the pid file vanished");
}
