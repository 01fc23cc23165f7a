using System.Net.Sockets;
using System.Text;
using GirAgent.Daemon.Logging;
using Serilog.Events;
using Serilog.Parsing;

namespace GirAgent.Tests.Daemon;

public sealed class JournalSinkTests
{
    private static LogEvent Event(string template, LogEventLevel level, params (string Name, object Value)[] properties) =>
        new(DateTimeOffset.UtcNow, level, null, new MessageTemplateParser().Parse(template),
            properties.Select(p => new LogEventProperty(p.Name, new ScalarValue(p.Value))));

    private static Dictionary<string, string> Fields(byte[] datagram)
    {
        var fields = new Dictionary<string, string>();
        var i = 0;
        while (i < datagram.Length)
        {
            var end = Array.IndexOf(datagram, (byte)'\n', i);
            var eq = Array.IndexOf(datagram, (byte)'=', i, end - i);
            if (eq >= 0)
            {
                fields[Encoding.ASCII.GetString(datagram, i, eq - i)] = Encoding.UTF8.GetString(datagram, eq + 1, end - eq - 1);
                i = end + 1;
            }
            else
            {
                var key = Encoding.ASCII.GetString(datagram, i, end - i);
                var length = (int)BitConverter.ToUInt64(datagram, end + 1);
                fields[key] = Encoding.UTF8.GetString(datagram, end + 9, length);
                i = end + 9 + length + 1;
            }
        }
        return fields;
    }

    [Fact]
    public void An_exception_gives_its_reason_in_the_message_and_its_stack_trace_only_in_its_own_field()
    {
        Exception thrown;
        try { throw new IOException("Failed to bind to address http://127.0.0.1:9664: address already in use."); }
        catch (IOException e) { thrown = e; }
        var logEvent = new LogEvent(DateTimeOffset.UtcNow, LogEventLevel.Error, thrown, new MessageTemplateParser().Parse("Hosting failed to start"), []);
        new ExceptionReason().Enrich(logEvent, new PropertyFactory());

        var fields = Fields(JournalSink.Format(logEvent, "giragent"));

        Assert.Equal("Hosting failed to start: Failed to bind to address http://127.0.0.1:9664: address already in use.", fields["MESSAGE"]);
        Assert.Contains("   at ", fields["GIR_EXCEPTION"], StringComparison.Ordinal);
        Assert.DoesNotContain("EXCEPTION_REASON", fields.Keys);
    }

    private sealed class PropertyFactory : Serilog.Core.ILogEventPropertyFactory
    {
        public LogEventProperty CreateProperty(string name, object? value, bool destructureObjects = false) => new(name, new ScalarValue(value));
    }

    [Fact]
    public void A_failover_event_becomes_structured_journal_fields()
    {
        var e = Event("webserver moved {GirFrom} -> {GirTo}", LogEventLevel.Warning,
            ("GirEvent", "failover"), ("GirResource", "webserver"), ("GirFrom", "n1"), ("GirTo", "n2"));

        var fields = Fields(JournalSink.Format(e, "giragent"));

        Assert.Equal("webserver moved n1 -> n2", fields["MESSAGE"]);
        Assert.Equal("4", fields["PRIORITY"]);
        Assert.Equal("giragent", fields["SYSLOG_IDENTIFIER"]);
        Assert.Equal("failover", fields["GIR_EVENT"]);
        Assert.Equal("webserver", fields["GIR_RESOURCE"]);
        Assert.Equal("n2", fields["GIR_TO"]);
    }

    [Fact]
    public void A_multi_line_value_uses_the_binary_safe_form()
    {
        var e = Event("first line\nsecond line", LogEventLevel.Error);

        var fields = Fields(JournalSink.Format(e, "giragent"));

        Assert.Equal("first line\nsecond line", fields["MESSAGE"]);
        Assert.Equal("3", fields["PRIORITY"]);
    }

    [Theory]
    [InlineData("GirEvent", "GIR_EVENT")]
    [InlineData("SourceContext", "SOURCE_CONTEXT")]
    [InlineData("http2Port", "HTTP2_PORT")]
    [InlineData("_private", "PRIVATE")]
    [InlineData("Message", "GIR_MESSAGE")]
    [InlineData("9lives", null)]
    [InlineData("a-b c", "A_B_C")]
    public void Property_names_become_valid_journal_field_names(string property, string? expected)
    {
        Assert.Equal(expected, JournalSink.FieldName(property));
    }

    [Fact]
    public void Events_reach_a_journal_socket_as_datagrams()
    {
        var path = Path.Combine(Path.GetTempPath(), $"girlb-journal-{Guid.NewGuid():N}.sock");
        using var journal = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
        journal.Bind(new UnixDomainSocketEndPoint(path));
        journal.ReceiveTimeout = 2000;
        try
        {
            using var sink = new JournalSink(path);
            sink.Emit(Event("hello {Who}", LogEventLevel.Information, ("Who", "journal")));

            var buffer = new byte[65536];
            var n = journal.Receive(buffer);
            var fields = Fields(buffer[..n]);

            Assert.Equal("6", fields["PRIORITY"]);
            Assert.Equal("journal", fields["WHO"]);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void A_missing_journal_never_throws()
    {
        using var sink = new JournalSink("/nonexistent/journal.sock");
        sink.Emit(Event("nobody listens", LogEventLevel.Information));
    }
}
