using System.Globalization;
using Microsoft.Extensions.Hosting.Systemd;

namespace GirAgent.Daemon;

/// <summary>
/// systemd's notify protocol (Type=notify): READY=1 once the daemon serves, WATCHDOG=1 from the
/// poll loop (so a hung loop gets the service restarted), STATUS= lines, STOPPING=1. Sends to
/// $NOTIFY_SOCKET whenever it is set, also outside systemd (tests listen on their own socket).
/// </summary>
internal sealed class ServiceNotifier
{
    private readonly SystemdNotifier _notifier = new();
    private long _lastWatchdog;

    /// <summary>The watchdog interval systemd asked for (WATCHDOG_USEC), when it is meant for this process.</summary>
    public TimeSpan? WatchdogInterval { get; } = ReadWatchdog();

    public bool IsEnabled => _notifier.IsEnabled;

    public void Ready(string status) => Send($"READY=1\nSTATUS={status}\nMAINPID={Environment.ProcessId}");

    public void Status(string status) => Send("STATUS=" + status);

    public void Stopping() => Send("STOPPING=1");

    /// <summary>WATCHDOG=1, at most every half interval (systemd wants one per interval).</summary>
    public void Watchdog()
    {
        if (WatchdogInterval is not { } interval) return;
        var now = Environment.TickCount64;
        if (now - Interlocked.Read(ref _lastWatchdog) < interval.TotalMilliseconds / 4) return;
        Interlocked.Exchange(ref _lastWatchdog, now);
        Send("WATCHDOG=1");
    }

    private void Send(string message)
    {
        if (_notifier.IsEnabled) _notifier.Notify(new ServiceState(message));
    }

    private static TimeSpan? ReadWatchdog()
    {
        var usec = Environment.GetEnvironmentVariable("WATCHDOG_USEC");
        var pid = Environment.GetEnvironmentVariable("WATCHDOG_PID");
        if (pid is { Length: > 0 } && pid != Environment.ProcessId.ToString(CultureInfo.InvariantCulture)) return null;
        return long.TryParse(usec, NumberStyles.None, CultureInfo.InvariantCulture, out var us) && us > 0 ? TimeSpan.FromMicroseconds(us) : null;
    }
}
