using GirAgent.Daemon;
using GirAgent.Events;
using GirAgent.Httpd;
using GirAgent.Tests.TestSupport;

namespace GirAgent.Tests.Daemon;

/// <summary>The webserver agent's "serving since" mark, and the start alert the daemon times by it.</summary>
public sealed class ServingMarkTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private static readonly DateTimeOffset Completed = new(2026, 12, 5, 16, 17, 21, 500, TimeSpan.Zero);

    public void Dispose() => _dir.Dispose();

    private string PidFile => Path.Combine(_dir.Path, "webserver-webserver.pid");

    private static PacemakerAlert Start(string node = "n1", string resource = "webserver", int rc = 0) => PacemakerAlert.FromEnvironment(new Dictionary<string, string>
    {
        ["CRM_alert_kind"] = "resource", ["CRM_alert_rsc"] = resource, ["CRM_alert_node"] = node, ["CRM_alert_task"] = "start",
        ["CRM_alert_rc"] = rc.ToString(System.Globalization.CultureInfo.InvariantCulture), ["CRM_alert_target_rc"] = "0", ["CRM_alert_status"] = "0",
        ["CRM_alert_timestamp_epoch"] = Completed.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["CRM_alert_timestamp_usec"] = "500000",
    });

    [Fact]
    public void A_mark_of_this_start_says_when_httpd_first_answered()
    {
        ServingMark.Write(PidFile, Completed.AddSeconds(-0.35));

        Assert.Equal(Completed.AddSeconds(-0.35), ServingMark.ServedBefore(PidFile, Completed));
        // a mark after the start completed, or long before it, is another start's
        Assert.Null(ServingMark.ServedBefore(PidFile, Completed.AddSeconds(-1)));
        Assert.Null(ServingMark.ServedBefore(PidFile, Completed.AddMinutes(5)));
        File.WriteAllText(ServingMark.PathFor(PidFile), "not a time\n");
        Assert.Null(ServingMark.ServedBefore(PidFile, Completed));
        Assert.Null(ServingMark.ServedBefore(Path.Combine(_dir.Path, "missing.pid"), Completed));
    }

    [Fact]
    public void The_daemon_times_a_local_webserver_start_by_the_mark_and_nothing_else()
    {
        var state = new DaemonState(new DaemonOptions(), new EventStore(Path.Combine(_dir.Path, "events.jsonl")), TimeProvider.System)
        {
            LocalNode = "n1",
            WebserverPidFile = PidFile,
        };
        ServingMark.Write(PidFile, Completed.AddSeconds(-0.35));

        Assert.Equal(Completed.AddSeconds(-0.35), Endpoints.ServedFrom(state, Start()).Timestamp);
        Assert.Equal(Completed, Endpoints.ServedFrom(state, Start(node: "n2")).Timestamp);
        Assert.Equal(Completed, Endpoints.ServedFrom(state, Start(resource: "virtual_ip")).Timestamp);
        Assert.Equal(Completed, Endpoints.ServedFrom(state, Start(rc: 1)).Timestamp);
    }
}
