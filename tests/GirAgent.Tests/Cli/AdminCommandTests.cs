using GirAgent.Cli.Commands;
using GirAgent.Events;
using GirAgent.Tests.TestSupport;

namespace GirAgent.Tests.Cli;

/// <summary>The admin CLI as an operator meets it: its words, its exit codes, its defaults.</summary>
[Collection(ConsoleCollection.Name)]
public sealed class AdminCommandTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);

    private static string Fixture(params string[] parts) => Path.Combine([AppContext.BaseDirectory, "Fixtures", .. parts]);

    [Theory]
    [InlineData("30s", "2026-12-01T11:59:30+00:00")]
    [InlineData("30m", "2026-12-01T11:30:00+00:00")]
    [InlineData("2h", "2026-12-01T10:00:00+00:00")]
    [InlineData("7d", "2026-11-24T12:00:00+00:00")]
    [InlineData("2026-11-30T08:15:00Z", "2026-11-30T08:15:00+00:00")]
    [InlineData("2026-11-30 08:15", "2026-11-30T08:15:00+00:00")] // no zone: UTC, as the events are
    public void Since_takes_an_age_or_a_time(string text, string expected)
    {
        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), DaemonCommands.ParseSince(text, Now));
    }

    [Theory]
    [InlineData("3000000d")]
    [InlineData("2147483647d")]
    [InlineData("2147483647h")]
    public void An_age_older_than_the_calendar_means_every_event_not_an_internal_error(string text)
    {
        Assert.Equal(DateTimeOffset.MinValue, DaemonCommands.ParseSince(text, Now));
    }

    [Theory]
    [InlineData("yesterday")]
    [InlineData("30")]
    [InlineData("-5m")]
    [InlineData("5w")]
    [InlineData("")]
    public void Since_that_is_neither_is_refused(string text)
    {
        Assert.Null(DaemonCommands.ParseSince(text, Now));
    }

    [Fact]
    public void Events_with_a_since_that_is_no_time_exits_2_and_says_why()
    {
        var (code, _, error) = CliRun.Run("events", "--since", "yesterday", "--socket", "/nonexistent/s", "--event-log", "/nonexistent/e");

        Assert.Equal(2, code);
        Assert.Equal("giragent events: --since 'yesterday' is neither a time nor an age like 30m\n", error);
    }

    [Fact]
    public void Events_without_a_daemon_or_a_log_names_both_places_it_looked()
    {
        var (code, _, error) = CliRun.Run("events", "--socket", "/nonexistent/g.sock", "--event-log", "/nonexistent/events.jsonl");

        Assert.Equal(1, code);
        Assert.Equal("giragent events: the daemon does not answer on /nonexistent/g.sock and there is no event log at /nonexistent/events.jsonl\n", error);
    }

    [Fact]
    public void Events_read_the_log_when_the_daemon_does_not_answer()
    {
        using var dir = new TempDirectory();
        var path = Path.Combine(dir.Path, "events.jsonl");
        var store = new EventStore(path);
        store.Append(FailoverEvent.Create(Now, EventKind.ResourceMoved, EventCause.NodeLoss, EventSource.Snapshot,
            resource: "virtual_ip", from: "n1", to: "n2", duration: TimeSpan.FromSeconds(0.6)));

        var (code, output, error) = CliRun.Run("events", "--socket", "/nonexistent/g.sock", "--event-log", path, "--since", "2026-12-01T00:00:00Z");

        Assert.Equal((0, ""), (code, error));
        Assert.Contains("virtual_ip", output);
        Assert.Contains("n1 -> n2", output);
    }

    [Fact]
    public void Cluster_setup_names_every_bad_option_at_once_and_changes_nothing()
    {
        var (code, output, error) = CliRun.Run("cluster", "setup", "--vip", "10.0.0.300", "--nic", "a nic with spaces", "--status-url", "ftp://x/", "--force");

        Assert.Equal((1, ""), (code, output));
        Assert.Equal(
            "giragent cluster setup: --vip '10.0.0.300' is not an IP address\n" +
            "giragent cluster setup: --nic 'a nic with spaces' is not an interface name\n" +
            "giragent cluster setup: --status-url 'ftp://x/' is not an http or https URL\n" +
            "giragent cluster setup: --force goes with --apply\n", error);
    }

    [Fact]
    public void Cluster_setup_against_a_saved_cib_prints_the_seeds_commands()
    {
        var (code, output, _) = CliRun.Run("cluster", "setup", "--vip", "192.0.2.10", "--cidr", "24", "--config", "/etc/httpd/conf/httpd.conf",
            "--cib", Fixture("tenants", "cib", "empty.cib.xml"));

        Assert.Equal(0, code);
        Assert.Contains("pcs -f girlb.cib resource create virtual_ip ocf:gir:vip ip=192.0.2.10 cidr_netmask=24 op monitor interval=30s\n", output);
        Assert.Contains("pcs -f girlb.cib constraint colocation add webserver with virtual_ip score=INFINITY\n", output);
        Assert.EndsWith("pcs cluster cib-push girlb.cib --config\n", output);
    }

    [Fact]
    public void Cluster_setup_with_a_cib_that_is_not_one_fails_in_one_line()
    {
        using var dir = new TempDirectory();
        var bad = Path.Combine(dir.Path, "not.cib");
        File.WriteAllText(bad, "<cib><configuration>");

        var (code, _, error) = CliRun.Run("cluster", "setup", "--vip", "192.0.2.10", "--config", "/etc/httpd/conf/httpd.conf", "--cib", bad);

        Assert.Equal(5, code);
        Assert.StartsWith($"giragent cluster setup: {bad}: ", error);
        Assert.Single(error.TrimEnd().Split('\n'));
    }

    [Fact]
    public void Tenants_render_of_a_missing_file_fails_with_the_path()
    {
        using var dir = new TempDirectory();

        var (code, _, error) = CliRun.Run("tenants", "render", "--tenants", "/nonexistent/tenants.json", "--out", dir.Path);

        Assert.NotEqual(0, code);
        Assert.Contains("/nonexistent/tenants.json", error);
        Assert.DoesNotContain("internal error", error);
        Assert.DoesNotContain(" at GirAgent", error);
    }

    [Fact]
    public void Status_of_saved_outputs_is_json_with_the_health_as_exit_code()
    {
        var (code, output, _) = CliRun.Run("status", "--no-daemon", "--json", "--crm-mon-xml", Fixture("pacemaker-live", "live-full.2x.xml"),
            "--server-status", Fixture("httpd", "sample-default-vhost.auto.txt"));

        using var json = System.Text.Json.JsonDocument.Parse(output);
        var health = json.RootElement.GetProperty("health").GetString();
        Assert.Equal(health switch { "ok" => 0, "degraded" => 1, "critical" => 2, _ => 3 }, code);
    }

    [Fact]
    public void Version_is_one_line()
    {
        var (code, output, _) = CliRun.Run("--version");

        Assert.Equal(0, code);
        Assert.Matches(@"^giragent \d+\.\d+\.\d+\n$", output);
    }
}
