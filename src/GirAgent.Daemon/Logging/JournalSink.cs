using System.Buffers.Binary;
using System.Net.Sockets;
using System.Text;
using Serilog.Core;
using Serilog.Events;

namespace GirAgent.Daemon.Logging;

/// <summary>
/// A Serilog sink writing journald's native protocol: one datagram per event to
/// /run/systemd/journal/socket, each property a field, so <c>journalctl GIR_EVENT=failover</c>
/// works. Property names become journal field names (<c>GirEvent</c> -> <c>GIR_EVENT</c>).
/// Never throws: logging must not take the daemon down.
/// </summary>
internal sealed class JournalSink : ILogEventSink, IDisposable
{
    public const string DefaultSocket = "/run/systemd/journal/socket";
    private const int MaxValueBytes = 48 * 1024;

    private readonly Socket _socket;
    private readonly UnixDomainSocketEndPoint _endpoint;
    private readonly string _identifier;
    private readonly Lock _lock = new();

    public JournalSink(string socketPath = DefaultSocket, string identifier = "giragent")
    {
        _socket = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
        _endpoint = new UnixDomainSocketEndPoint(socketPath);
        _identifier = identifier;
    }

    public void Emit(LogEvent logEvent)
    {
        try
        {
            var datagram = Format(logEvent, _identifier);
            lock (_lock) _socket.SendTo(datagram, _endpoint);
        }
        catch (SocketException) { }
        catch (ObjectDisposedException) { }
    }

    /// <summary>The datagram for one event (public for tests).</summary>
    public static byte[] Format(LogEvent logEvent, string identifier)
    {
        using var buffer = new MemoryStream(512);
        Field(buffer, "MESSAGE", Render(logEvent) + (logEvent.Exception is { } e ? ExceptionReason.Of(e) : ""));
        if (logEvent.Exception is { } exception) Field(buffer, "GIR_EXCEPTION", exception.ToString());
        Field(buffer, "PRIORITY", Priority(logEvent.Level).ToString(System.Globalization.CultureInfo.InvariantCulture));
        Field(buffer, "SYSLOG_IDENTIFIER", identifier);
        Field(buffer, "SYSLOG_PID", Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Field(buffer, "GIR_LEVEL", logEvent.Level.ToString());
        foreach (var (name, value) in logEvent.Properties)
        {
            if (name == ExceptionReason.Property) continue; // already in MESSAGE
            var key = FieldName(name);
            if (key is null) continue;
            var text = value is ScalarValue { Value: string s } ? s : value.ToString();
            Field(buffer, key, text);
        }
        return buffer.ToArray();
    }

    /// <summary>The message with string values as they are (Serilog's default rendering quotes them).</summary>
    public static string Render(LogEvent logEvent)
    {
        var sb = new StringBuilder(128);
        foreach (var token in logEvent.MessageTemplate.Tokens)
        {
            if (token is Serilog.Parsing.PropertyToken property && logEvent.Properties.TryGetValue(property.PropertyName, out var value))
                sb.Append(value is ScalarValue { Value: string s } ? s : value.ToString());
            else
                sb.Append(token.ToString());
        }
        return sb.ToString();
    }

    /// <summary>journald field names: upper case letters, digits and underscores, not starting with one, at most 64.</summary>
    public static string? FieldName(string property)
    {
        var sb = new StringBuilder(property.Length + 8);
        for (var i = 0; i < property.Length; i++)
        {
            var c = property[i];
            if (char.IsAsciiLetterUpper(c) && i > 0 && (char.IsAsciiLetterLower(property[i - 1]) || char.IsAsciiDigit(property[i - 1])))
                sb.Append('_');
            sb.Append(char.IsAsciiLetterOrDigit(c) ? char.ToUpperInvariant(c) : '_');
        }
        var name = sb.ToString().TrimStart('_');
        if (name.Length == 0 || char.IsAsciiDigit(name[0])) return null;
        if (name is "MESSAGE" or "PRIORITY" or "SYSLOG_IDENTIFIER" or "SYSLOG_PID") name = "GIR_" + name;
        return name.Length > 64 ? name[..64] : name;
    }

    private static void Field(MemoryStream buffer, string key, string value)
    {
        var bytes = Encoding.UTF8.GetBytes(value);
        if (bytes.Length > MaxValueBytes) bytes = bytes[..MaxValueBytes];
        buffer.Write(Encoding.ASCII.GetBytes(key));
        if (Array.IndexOf(bytes, (byte)'\n') < 0)
        {
            buffer.WriteByte((byte)'=');
            buffer.Write(bytes);
        }
        else
        {
            // binary-safe form: KEY \n little-endian 64-bit length, value
            buffer.WriteByte((byte)'\n');
            Span<byte> length = stackalloc byte[8];
            BinaryPrimitives.WriteUInt64LittleEndian(length, (ulong)bytes.Length);
            buffer.Write(length);
            buffer.Write(bytes);
        }
        buffer.WriteByte((byte)'\n');
    }

    private static int Priority(LogEventLevel level) => level switch
    {
        LogEventLevel.Fatal => 2,
        LogEventLevel.Error => 3,
        LogEventLevel.Warning => 4,
        LogEventLevel.Information => 6,
        _ => 7,
    };

    public void Dispose() => _socket.Dispose();
}
