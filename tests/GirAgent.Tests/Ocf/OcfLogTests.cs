using GirAgent.Ocf;

namespace GirAgent.Tests.Ocf;

public sealed class OcfLogTests
{
    [Theory]
    [InlineData("port is not a number", "port is not a number")]
    [InlineData("first line\nsecond line", "first line second line")]
    [InlineData("first line\r\nsecond line\r\n", "first line second line")]
    [InlineData("  padded \n\n  reason  ", "padded reason")]
    [InlineData("tab\tseparated", "tab separated")]
    public void The_exit_reason_is_one_line(string reason, string expected)
    {
        Assert.Equal(expected, OcfLog.FormatExitReason(reason));
    }

    [Theory]
    [InlineData("bell\a here")]
    [InlineData("escape \u001b[31mred\u001b[0m")]
    [InlineData("nul\0byte")]
    [InlineData("next line\u0085char")]
    [InlineData("delete\u007fchar")]
    public void The_exit_reason_has_no_control_characters(string reason)
    {
        var formatted = OcfLog.FormatExitReason(reason);

        Assert.DoesNotContain(formatted, char.IsControl);
        Assert.Equal(reason.Length, formatted.Length);
    }

    [Fact]
    public void A_control_character_becomes_a_space_so_words_stay_apart()
    {
        Assert.Equal("left right", OcfLog.FormatExitReason("left\u001bright"));
    }

    [Fact]
    public void A_long_exit_reason_is_cut_to_128_characters_with_an_ellipsis()
    {
        var reason = "configuration rejected: " + new string('x', 300);

        var formatted = OcfLog.FormatExitReason(reason);

        Assert.Equal(OcfLog.ExitReasonMaxLength, formatted.Length);
        Assert.Equal(128, formatted.Length);
        Assert.StartsWith("configuration rejected: xxx", formatted);
        Assert.EndsWith("...", formatted);
    }

    [Fact]
    public void An_exit_reason_of_exactly_128_characters_is_kept_whole()
    {
        var reason = new string('r', 128);

        Assert.Equal(reason, OcfLog.FormatExitReason(reason));
    }

    [Fact]
    public void The_exit_reason_line_starts_with_the_marker_Pacemaker_looks_for()
    {
        var writer = new StringWriter();
        var log = new OcfLog(writer, "webserver", "web", debug: false);

        log.ExitReason("httpd failed\nto start");

        Assert.Equal("ocf-exit-reason:httpd failed to start" + Environment.NewLine, writer.ToString());
    }

    [Fact]
    public void Log_lines_name_the_agent_instance_and_level_on_one_line()
    {
        var writer = new StringWriter();
        var log = new OcfLog(writer, "webserver", "web", debug: false);

        log.Warn("two\nlines");

        var line = Assert.Single(writer.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal($"webserver(web)[{Environment.ProcessId}]: WARNING: two lines", line);
    }

    [Fact]
    public void Debug_messages_are_written_only_when_debugging()
    {
        var quiet = new StringWriter();
        var verbose = new StringWriter();

        new OcfLog(quiet, "webserver", "web", debug: false).Debug("details");
        new OcfLog(verbose, "webserver", "web", debug: true).Debug("details");

        Assert.Equal("", quiet.ToString());
        Assert.Contains(": DEBUG: details", verbose.ToString());
    }
}

public sealed class OcfLogInstanceTests
{
    [Fact]
    public void An_instance_name_with_a_newline_cannot_forge_a_log_line()
    {
        var output = new StringWriter();
        var log = new OcfLog(output, "webserver", "web\nwebserver(web)[1]: ERROR: forged", debug: false);

        log.Info("started");

        var lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var line = Assert.Single(lines);
        Assert.StartsWith("webserver(web\\nwebserver(web)[1]: ERROR: forged)[", line);
        Assert.EndsWith(": INFO: started", line);
    }
}
