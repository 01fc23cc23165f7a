using GirAgent.Events;
using GirAgent.Status;
using GirAgent.Text;

namespace GirAgent.Tests.Status;

public sealed class StatusTextEscapingTests
{
    [Theory]
    [InlineData("plain", "plain")]
    [InlineData("a\u001b[2Jb", "a\\x1b[2Jb")]
    [InlineData("ok\rFAKED", "ok\\rFAKED")]
    [InlineData("two\nlines", "two\\nlines")]
    [InlineData("bell\u0007 del\u007f c1\u009b", "bell\\x07 del\\x7f c1\\x9b")]
    [InlineData("rtl\u202eevil", "rtl\\u202eevil")]
    [InlineData("ünïcode ok", "ünïcode ok")]
    public void Text_from_outside_is_printed_with_its_control_characters_escaped(string text, string printed) =>
        Assert.Equal(printed, Printable.Escape(text));

    [Fact]
    public void An_event_from_a_hostile_alert_is_one_line_with_no_raw_escape()
    {
        var e = FailoverEvent.Create(DateTimeOffset.UnixEpoch, EventKind.FailedAction, EventCause.ResourceFailure, EventSource.Alert,
            resource: "web\u001b[31mserver", node: "n1\rn2", detail: "reason\nNo problems.");

        var line = e.Line();

        Assert.DoesNotContain('\u001b', line);
        Assert.DoesNotContain('\r', line);
        Assert.DoesNotContain('\n', line);
        Assert.Contains("web\\x1b[31mserver", line);
    }

    [Fact]
    public void A_server_status_page_with_escape_sequences_cannot_paint_the_screen()
    {
        var page = "ServerVersion: Apache/2.4\u001b[2J\u001b[32mALL GOOD\rX\nServerMPM: event\nUptime: 10\nBusyWorkers: 1\nIdleWorkers: 2\n";
        var httpd = GirAgent.Httpd.ServerStatusParser.Parse(page);
        var report = StatusEvaluator.Evaluate(new StatusInputs(null, new SourceResult("crm_mon", "test", false, "down", 1),
            httpd, new SourceResult("server-status", "page", true, null, 1), "n1"), DateTimeOffset.UnixEpoch);

        var plain = StatusTextRenderer.Render(report, color: false);

        Assert.Contains("Apache/2.4\\x1b[2J\\x1b[32mALL GOOD\\rX", plain);
        Assert.DoesNotContain('\u001b', plain);
        Assert.DoesNotContain('\r', plain);
    }

    [Fact]
    public void The_status_screen_keeps_its_own_colours_and_escapes_those_of_a_server_status_page()
    {
        var report = StatusEvaluator.Evaluate(new StatusInputs(null, new SourceResult("crm_mon", "test", false, "crm_mon: \u001b[2J\rgone", 1),
            null, null, "n1", "webserver", "virtual_ip"), DateTimeOffset.UnixEpoch);

        var colored = StatusTextRenderer.Render(report, color: true);
        var plain = StatusTextRenderer.Render(report, color: false);

        Assert.Contains("\\x1b[2J\\rgone", plain);
        Assert.DoesNotContain('\u001b', plain);
        Assert.DoesNotContain('\r', plain);
        Assert.Contains("\u001b[1mgirlb status\u001b[0m", colored);
        Assert.DoesNotContain("\u001b[2J", colored);
    }
}
