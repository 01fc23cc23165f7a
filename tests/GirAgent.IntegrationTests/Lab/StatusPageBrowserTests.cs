using System.Text.Json;
using GirAgent.IntegrationTests.Support;
using Xunit.Abstractions;
using static GirAgent.IntegrationTests.Tenants.TenantsFixtures;

namespace GirAgent.IntegrationTests.Lab;

/// <summary>
/// The daemon's status page in headless Chromium (Selenium), in the lab: the passive node's page, open while the active
/// node crashes, shows the loss, the service on the survivor and the failover without a reload; a member drained with
/// 'giragent members drain' reads "drained"; a hostile name (an alert's resource, the filter) is text and runs nothing;
/// keyboard and a phone's width work. The screenshots land in artifacts/lab-results/status-page (docs/images has copies).
/// </summary>
[Collection("lab")]
public sealed class StatusPageBrowserTests(ITestOutputHelper output)
{
    private const string Hostile = "<img src=x onerror=\"window.pwned=1;alert(1)\"><script>window.pwned=2</script>";

    private static string Lab => Path.Combine(RepoRoot, "tests", "lab", "lab");

    private AgentRun LabRun(params string[] args)
    {
        var run = Programs.Run("/bin/bash", [Lab, .. args], new Dictionary<string, string> { ["GIRAGENT"] = Programs.Giragent }, TimeSpan.FromMinutes(5));
        output.WriteLine($"lab {string.Join(' ', args)}: exit {run.ExitCode}\n{run.StandardOutput}{run.StandardError}");
        return run;
    }

    [Fact]
    public void The_status_page_shows_a_crash_as_it_happens_a_drained_member_and_runs_nothing_from_a_hostile_name()
    {
        try
        {
            var up = LabRun("up", "--agents", "gir", "--daemon");
            Assert.True(up.ExitCode == 0, "lab up failed:\n" + up);
            var active = LabRun("active").StandardOutput.Trim();
            var passive = active == "n1" ? "n2" : "n1";

            // the tenants in the cluster's document, then a member drained the operator's way
            var apply = LabRun("exec", passive, "/usr/sbin/giragent", "tenants", "apply", "/var/lib/girlb-lab/httpd/tenants.json", "--check-with", "apache2ctl");
            Assert.True(apply.ExitCode == 0, apply.ToString());
            var drain = LabRun("exec", passive, "/usr/sbin/giragent", "members", "drain", "t1", "rws", "T1RWS1");
            Assert.True(drain.ExitCode == 0, drain.ToString());
            // a hostile resource name from an alert, into the passive node's event log (the alert agent, as Pacemaker runs it)
            var alert = LabRun("exec", passive, "env", "CRM_alert_kind=resource", $"CRM_alert_node={passive}", $"CRM_alert_rsc={Hostile}", "CRM_alert_task=monitor",
                "CRM_alert_rc=7", "CRM_alert_target_rc=0", "CRM_alert_status=0", $"CRM_alert_desc={Hostile}",
                $"CRM_alert_timestamp_epoch={DateTimeOffset.UtcNow.ToUnixTimeSeconds()}", "/usr/libexec/girlb/alert-agent");
            Assert.True(alert.ExitCode == 0, alert.ToString());

            // the drain is an event of the node that saw it (its httpd's server-status): the active node's timeline
            var activeUrl = LabRun("ui", active).StandardOutput.Trim();
            var timeline = "";
            for (var i = 0; i < 20 && !timeline.Contains("http://10.77.0.31:8080 ok -&gt; drained", StringComparison.Ordinal); i++)
            {
                Thread.Sleep(500);
                timeline = LabRun("client", "curl", "-s", activeUrl + "/fragment").StandardOutput;
            }
            Assert.Contains("<b>member_changed</b> admin_move balancer://t1rws on " + active + ": http://10.77.0.31:8080 ok -&gt; drained", timeline);

            var url = LabRun("ui", passive).StandardOutput.Trim();
            Assert.StartsWith("http://", url);
            var shots = Path.Combine(RepoRoot, "artifacts", "lab-results", "status-page");
            var check = LabRun("client", "/usr/bin/python3", Path.Combine(RepoRoot, "tests", "lab", "status-page-check.py"), url, Lab, active, Hostile, shots);
            Assert.True(check.ExitCode == 0 && check.StandardOutput.TrimStart().StartsWith('{'), check.ToString());
            var report = JsonDocument.Parse(check.StandardOutput.Trim().Split('\n')[^1]).RootElement;
            output.WriteLine(report.ToString());

            Assert.True(report.GetProperty("hostile_ran_nothing").GetBoolean(), "a hostile name ran script");
            Assert.True(report.GetProperty("hostile_filter_kept_as_text").GetBoolean(), "the hostile filter was not kept as text");
            Assert.True(report.GetProperty("hostile_event_shown_as_text").GetBoolean(), "the hostile alert is not shown as text in the timeline");
            Assert.Equal(["started", active], report.GetProperty("webserver_before").EnumerateArray().Take(2).Select(e => e.GetString()));
            Assert.Equal("q", report.GetProperty("first_tab_focus").GetString());
            Assert.Equal(0, report.GetProperty("unreadable_badges").GetInt32());
            var seen = report.GetProperty("seen_seconds");
            Assert.True(seen.TryGetProperty("lost", out _), $"the page never showed {active} lost: {report}");
            Assert.True(seen.TryGetProperty("served", out var served) && served.GetDouble() < 60, $"the page never showed the service on {passive} with the drained member: {report}");
            Assert.Equal(["started", passive], report.GetProperty("webserver_after").EnumerateArray().Take(2).Select(e => e.GetString()));
            Assert.Contains(report.GetProperty("timeline_after").EnumerateArray(), l => l.GetString()!.Contains("resource_moved", StringComparison.Ordinal));
            Assert.True(report.GetProperty("no_reload").GetBoolean(), "the page was reloaded to show the crash");
            Assert.Contains("http://10.77.0.31:8080 drained", report.GetProperty("drained_row").GetString());
            Assert.True(report.GetProperty("enter_toggles_tenant").GetBoolean(), "Enter on a tenant's summary does not open or close it");
            Assert.True(report.GetProperty("phone_page_overflow_px").GetInt32() <= 0, $"the page scrolls sideways at a phone's width: {report}");
            foreach (var shot in new[] { "status-page-1280.png", "status-page-after-crash-1280.png", "status-page-phone.png" })
                Assert.True(new FileInfo(Path.Combine(shots, shot)).Length > 10_000, shot + " missing");
        }
        finally
        {
            LabRun("down");
        }
    }
}
