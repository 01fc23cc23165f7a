using Serilog.Core;
using Serilog.Events;

namespace GirAgent.Daemon.Logging;

/// <summary>
/// What a logged exception says, without its stack trace: a framework component that logs a failure
/// with its exception (Kestrel that cannot bind, a hosted service that throws) then reads
/// "Hosting failed to start: Failed to bind to address http://127.0.0.1:9664: address already in use."
/// on the console and in the journal's MESSAGE; the stack trace goes only to the journal's
/// GIR_EXCEPTION field, for a developer.
/// </summary>
internal sealed class ExceptionReason : ILogEventEnricher
{
    public const string Property = "ExceptionReason";

    public static string Of(Exception e) => ": " + (e is AggregateException { InnerExceptions.Count: 1 } a ? a.InnerExceptions[0] : e).Message;

    public void Enrich(LogEvent logEvent, ILogEventPropertyFactory propertyFactory)
    {
        logEvent.AddPropertyIfAbsent(propertyFactory.CreateProperty(Property, logEvent.Exception is { } e ? Of(e) : ""));
    }
}
