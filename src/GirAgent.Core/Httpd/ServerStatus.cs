using System.Collections.ObjectModel;

namespace GirAgent.Httpd;

/// <summary>
/// One parsed Apache httpd 2.4 mod_status <c>/server-status?auto</c> page
/// (see <see cref="ServerStatusParser"/>). Every typed property is <c>null</c> when its key is
/// missing or its value could not be read as a number; the raw text is always in
/// <see cref="Fields"/>.
/// </summary>
internal sealed record ServerStatus
{
    /// <summary>Server name written alone on the first line by httpd 2.4.5x and later.</summary>
    public string? Host { get; init; }

    /// <summary><c>ServerVersion</c>, e.g. <c>Apache/2.4.62 (Debian)</c>.</summary>
    public string? ServerVersion { get; init; }

    /// <summary><c>ServerMPM</c>: <c>event</c>, <c>worker</c> or <c>prefork</c>.</summary>
    public string? ServerMpm { get; init; }

    /// <summary><c>Server Built</c>, as printed.</summary>
    public string? ServerBuilt { get; init; }

    /// <summary><c>CurrentTime</c>, as printed (server local time format).</summary>
    public string? CurrentTime { get; init; }

    /// <summary><c>RestartTime</c>, as printed (server local time format).</summary>
    public string? RestartTime { get; init; }

    public long? ParentServerConfigGeneration { get; init; }

    public long? ParentServerMpmGeneration { get; init; }

    /// <summary>From <c>ServerUptimeSeconds</c>, else from <c>Uptime</c>.</summary>
    public TimeSpan? Uptime { get; init; }

    public double? Load1 { get; init; }

    public double? Load5 { get; init; }

    public double? Load15 { get; init; }

    /// <summary><c>Total Accesses</c> (ExtendedStatus On only).</summary>
    public long? TotalAccesses { get; init; }

    /// <summary><c>Total kBytes</c> (ExtendedStatus On only).</summary>
    public double? TotalKBytes { get; init; }

    /// <summary><c>Total Duration</c> (ExtendedStatus On only).</summary>
    public long? TotalDuration { get; init; }

    public double? CpuUser { get; init; }

    public double? CpuSystem { get; init; }

    public double? CpuChildrenUser { get; init; }

    public double? CpuChildrenSystem { get; init; }

    public double? CpuLoad { get; init; }

    public double? ReqPerSec { get; init; }

    public double? BytesPerSec { get; init; }

    public double? BytesPerReq { get; init; }

    public double? DurationPerReq { get; init; }

    public int? BusyWorkers { get; init; }

    public int? GracefulWorkers { get; init; }

    public int? IdleWorkers { get; init; }

    public int? Processes { get; init; }

    public int? Stopping { get; init; }

    public long? ConnsTotal { get; init; }

    public long? ConnsAsyncWaitIO { get; init; }

    public long? ConnsAsyncWriting { get; init; }

    public long? ConnsAsyncKeepAlive { get; init; }

    public long? ConnsAsyncClosing { get; init; }

    /// <summary>The raw <c>Scoreboard</c> value, one character per slot.</summary>
    public string? Scoreboard { get; init; }

    /// <summary>Slot counts per scoreboard character; <c>null</c> when there is no Scoreboard line.</summary>
    public ScoreboardCounts? ScoreboardCounts { get; init; }

    /// <summary>
    /// Every <c>Key: value</c> line as read (value without the separating space and without CR).
    /// When a key appears more than once the first value wins. Includes the ProxyBalancer keys
    /// and the cache/TLS keys that have no typed property.
    /// </summary>
    public IReadOnlyDictionary<string, string> Fields { get; init; } = ReadOnlyDictionary<string, string>.Empty;

    /// <summary>mod_proxy balancers, ordered by index.</summary>
    public IReadOnlyList<ProxyBalancer> Balancers { get; init; } = [];

    /// <summary>The balancer with this exact name (e.g. <c>balancer://api</c>), or <c>null</c>.</summary>
    public ProxyBalancer? FindBalancer(string name)
    {
        var balancers = Balancers;
        for (var i = 0; i < balancers.Count; i++)
        {
            if (string.Equals(balancers[i].Name, name, StringComparison.Ordinal))
            {
                return balancers[i];
            }
        }

        return null;
    }
}

/// <summary>
/// Number of scoreboard slots in each state, from the mod_status <c>Scoreboard</c> line.
/// <see cref="Other"/> counts characters httpd does not document; <see cref="Total"/> is the
/// number of slots (the line length).
/// </summary>
internal sealed record ScoreboardCounts(
    int Waiting,
    int Starting,
    int Reading,
    int Sending,
    int KeepAlive,
    int Dns,
    int Closing,
    int Logging,
    int Graceful,
    int IdleCleanup,
    int OpenSlot,
    int Other,
    int Total)
{
    /// <summary>Slots serving a connection: everything except waiting, open and unknown.</summary>
    public int Busy => Total - Waiting - OpenSlot - Other;

    /// <summary>Counts the characters of one scoreboard value (<c>_SRWKDCLGI.</c>).</summary>
    public static ScoreboardCounts FromScoreboard(ReadOnlySpan<char> scoreboard)
    {
        // Eleven vectorised counts are cheaper than one scalar switch over a long scoreboard.
        var waiting = scoreboard.Count('_');
        var starting = scoreboard.Count('S');
        var reading = scoreboard.Count('R');
        var sending = scoreboard.Count('W');
        var keepAlive = scoreboard.Count('K');
        var dns = scoreboard.Count('D');
        var closing = scoreboard.Count('C');
        var logging = scoreboard.Count('L');
        var graceful = scoreboard.Count('G');
        var idleCleanup = scoreboard.Count('I');
        var open = scoreboard.Count('.');
        var known = waiting + starting + reading + sending + keepAlive + dns + closing + logging
            + graceful + idleCleanup + open;
        return new ScoreboardCounts(
            waiting, starting, reading, sending, keepAlive, dns, closing, logging, graceful,
            idleCleanup, open, scoreboard.Length - known, scoreboard.Length);
    }
}

/// <summary>One mod_proxy_balancer balancer, from the <c>ProxyBalancer[i]...</c> lines.</summary>
/// <param name="Index">The <c>i</c> in <c>ProxyBalancer[i]</c>.</param>
/// <param name="Name">e.g. <c>balancer://api</c>; empty when the page had no Name line for it.</param>
/// <param name="Workers">Members ordered by index.</param>
internal sealed record ProxyBalancer(int Index, string Name, IReadOnlyList<BalancerWorker> Workers)
{
    /// <summary>Members that can take traffic now (<see cref="BalancerWorker.IsUsable"/>), hot standbys included.</summary>
    public int UsableCount
    {
        get
        {
            var n = 0;
            for (var i = 0; i < Workers.Count; i++)
            {
                if (Workers[i].IsUsable)
                {
                    n++;
                }
            }

            return n;
        }
    }

    /// <summary>Members flagged <c>Err</c> or <c>HcFl</c> (whatever else they are flagged).</summary>
    public int ErrorCount
    {
        get
        {
            var n = 0;
            for (var i = 0; i < Workers.Count; i++)
            {
                if ((Workers[i].Flags & (WorkerFlags.Err | WorkerFlags.HcFl)) != 0)
                {
                    n++;
                }
            }

            return n;
        }
    }

    /// <summary>True when at least one member is usable.</summary>
    public bool HasUsableMember
    {
        get
        {
            for (var i = 0; i < Workers.Count; i++)
            {
                if (Workers[i].IsUsable)
                {
                    return true;
                }
            }

            return false;
        }
    }

    /// <summary>The member with this exact name (e.g. <c>http://10.0.0.1:8080</c>), or <c>null</c>.</summary>
    public BalancerWorker? FindWorker(string name)
    {
        for (var i = 0; i < Workers.Count; i++)
        {
            if (string.Equals(Workers[i].Name, name, StringComparison.Ordinal))
            {
                return Workers[i];
            }
        }

        return null;
    }
}

/// <summary>
/// One balancer member, from the <c>ProxyBalancer[i]Worker[n]...</c> lines
/// (httpd 2.4 <c>proxy_status_hook</c> prints Name, Status, Elected, Busy, Sent, Rcvd).
/// </summary>
/// <param name="Index">The <c>n</c> in <c>Worker[n]</c>.</param>
/// <param name="Name">Worker URL, e.g. <c>http://127.0.0.1:8080</c>; empty when missing.</param>
/// <param name="Flags">Status words that were recognised.</param>
/// <param name="RawStatus">The Status value exactly as printed (e.g. <c>"Init Ok "</c>); empty when missing.</param>
/// <param name="Elected">Times this worker was chosen.</param>
/// <param name="Busy">Requests in flight (httpd 2.4.2x and later).</param>
/// <param name="SentBytes">Bytes sent to the backend (<c>Sent</c>, apr_strfsize or "NK" style, so approximate).</param>
/// <param name="ReceivedBytes">Bytes read from the backend (<c>Rcvd</c>, same precision).</param>
internal sealed record BalancerWorker(
    int Index,
    string Name,
    WorkerFlags Flags,
    string RawStatus,
    long? Elected,
    long? Busy,
    long? SentBytes,
    long? ReceivedBytes)
{
    /// <summary>Worker keys this parser does not know, by sub-key (e.g. <c>Route</c>), as read.</summary>
    public IReadOnlyDictionary<string, string> Extra { get; init; } = ReadOnlyDictionary<string, string>.Empty;

    /// <summary>One summary of <see cref="Flags"/>; see <see cref="WorkerStates.FromFlags"/> for the precedence.</summary>
    public WorkerState State => WorkerStates.FromFlags(Flags);

    /// <summary>
    /// True when the worker can take traffic: not in error, disabled, stopped, health-check
    /// failed, shutting down or draining. An otherwise healthy hot standby is usable.
    /// </summary>
    public bool IsUsable => State is WorkerState.Ok or WorkerState.HotStandby;

    /// <summary>Flagged <c>Stby</c> (hot standby) or <c>Spar</c> (hot spare).</summary>
    public bool IsStandby => (Flags & (WorkerFlags.Stby | WorkerFlags.Spar)) != 0;
}

/// <summary>Summary of a balancer member's status flags.</summary>
public enum WorkerState
{
    /// <summary>No flag says whether it is initialised or usable (e.g. httpd printed <c>???</c>).</summary>
    Unknown = 0,
    Ok,
    HotStandby,
    Error,
    Disabled,
    Draining,
    /// <summary>Stopped (<c>Stop</c>) or shutting down (<c>Shut</c>).</summary>
    Stopped,
    HealthCheckFailed,
}

/// <summary>Maps <see cref="WorkerFlags"/> to a <see cref="WorkerState"/>.</summary>
internal static class WorkerStates
{
    /// <summary>
    /// Precedence: Stop/Shut → Stopped, Dis → Disabled, Err → Error, HcFl → HealthCheckFailed,
    /// Drn → Draining; otherwise, when flagged Ok or Init: Stby/Spar → HotStandby, else Ok;
    /// otherwise Unknown.
    /// </summary>
    public static WorkerState FromFlags(WorkerFlags flags)
    {
        if ((flags & (WorkerFlags.Stop | WorkerFlags.Shut)) != 0)
        {
            return WorkerState.Stopped;
        }

        if ((flags & WorkerFlags.Dis) != 0)
        {
            return WorkerState.Disabled;
        }

        if ((flags & WorkerFlags.Err) != 0)
        {
            return WorkerState.Error;
        }

        if ((flags & WorkerFlags.HcFl) != 0)
        {
            return WorkerState.HealthCheckFailed;
        }

        if ((flags & WorkerFlags.Drn) != 0)
        {
            return WorkerState.Draining;
        }

        if ((flags & (WorkerFlags.Ok | WorkerFlags.Init)) == 0)
        {
            return WorkerState.Unknown;
        }

        return (flags & (WorkerFlags.Stby | WorkerFlags.Spar)) != 0 ? WorkerState.HotStandby : WorkerState.Ok;
    }
}

/// <summary>
/// The status words httpd 2.4 prints for a balancer member (<c>ap_proxy_parse_wstatus</c>),
/// plus <see cref="Ok"/>, which httpd appends when the member is usable.
/// </summary>
[Flags]
public enum WorkerFlags
{
    None = 0,
    /// <summary><c>Init</c>: initialised.</summary>
    Init = 1 << 0,
    /// <summary><c>Ign</c>: ignore errors.</summary>
    Ign = 1 << 1,
    /// <summary><c>Drn</c>: draining.</summary>
    Drn = 1 << 2,
    /// <summary><c>Gen</c>: the generic (forward/reverse) worker.</summary>
    Gen = 1 << 3,
    /// <summary><c>Shut</c>: shutting down.</summary>
    Shut = 1 << 4,
    /// <summary><c>Dis</c>: disabled.</summary>
    Dis = 1 << 5,
    /// <summary><c>Stop</c>: stopped.</summary>
    Stop = 1 << 6,
    /// <summary><c>Err</c>: in error.</summary>
    Err = 1 << 7,
    /// <summary><c>Stby</c>: hot standby.</summary>
    Stby = 1 << 8,
    /// <summary><c>Spar</c>: hot spare.</summary>
    Spar = 1 << 9,
    /// <summary><c>Free</c>: free slot.</summary>
    Free = 1 << 10,
    /// <summary><c>HcFl</c>: health check failed.</summary>
    HcFl = 1 << 11,
    /// <summary><c>Ok</c>: usable.</summary>
    Ok = 1 << 12,
}
