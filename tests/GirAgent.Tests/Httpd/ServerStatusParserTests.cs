using System.Globalization;
using System.Runtime.Versioning;
using System.Text;
using CsCheck;
using GirAgent.Httpd;

namespace GirAgent.Tests.Httpd;

// GirAgent.Core is [assembly: SupportedOSPlatform("linux")]; keep CA1416 quiet even if the test assembly is not.
[SupportedOSPlatform("linux")]
public sealed class ServerStatusParserTests
{
    private const string Live = "live-server-status.auto.txt";
    private const string DefaultVhost = "sample-default-vhost.auto.txt";
    private const string TenantA = "sample-tenant-a.auto.txt";
    private const string TenantAAfterErrors = "sample-tenant-a-after-errors.auto.txt";

    private static readonly string[] FixtureNames = [Live, DefaultVhost, TenantA, TenantAAfterErrors];

    /// <summary>Smallest text the parser accepts: one core key.</summary>
    private const string Minimal = "BusyWorkers: 1\n";

    public static TheoryData<string> Fixtures() => new(FixtureNames);

    private static string Fixture(string name) =>
        File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "httpd", name));

    private static void AssertParsesOrFormatError(string text)
    {
        try
        {
            var status = ServerStatusParser.Parse(text);
            Assert.NotNull(status);
        }
        catch (ServerStatusFormatException ex)
        {
            // a bug wrapped as a format error is still a bug: hostile input must get a verdict, not an internal error
            Assert.False(ex.IsInternalError, $"the parser failed inside: {ex.InnerException}");
            Assert.False(string.IsNullOrWhiteSpace(ex.Message));
            Assert.DoesNotContain('\n', ex.Message);
        }
    }

    [Theory]
    [InlineData("BusyWorkers: -3\nIdleWorkers: 5\n", "line 1: BusyWorkers is -3: mod_status never writes a negative count")]
    [InlineData("BusyWorkers: 1\nIdleWorkers: -2147483648\n", "line 2: IdleWorkers is -2147483648")]
    [InlineData("Total Accesses: -1\nBusyWorkers: 1\n", "line 1: Total Accesses is -1")]
    [InlineData("BusyWorkers: 1\nConnsTotal: -7\n", "line 2: ConnsTotal is -7")]
    public void A_negative_count_makes_the_page_unusable_rather_than_a_figure_to_show(string text, string said)
    {
        var ex = Assert.Throws<ServerStatusFormatException>(() => ServerStatusParser.Parse(text));

        Assert.StartsWith(said, ex.Message);
        Assert.False(ex.IsInternalError);
    }

    // ---------------------------------------------------------------- fixtures

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void Parses_every_fixture_with_version_host_and_balancers(string name)
    {
        // Arrange
        var text = Fixture(name);

        // Act
        var status = ServerStatusParser.Parse(text);

        // Assert
        Assert.Equal("Apache/2.4.71 (Debian)", status.ServerVersion);
        Assert.Equal("event", status.ServerMpm);
        Assert.Equal("2026-11-12T08:58:41", status.ServerBuilt);
        Assert.False(string.IsNullOrEmpty(status.Host));
        Assert.NotEmpty(status.Balancers);
        Assert.All(status.Balancers, b => Assert.StartsWith("balancer://", b.Name));
        Assert.All(status.Balancers, b => Assert.NotEmpty(b.Workers));
        Assert.Equal(1, status.BusyWorkers);
        Assert.NotNull(status.ScoreboardCounts);
        Assert.Equal(status.Scoreboard!.Length, status.ScoreboardCounts!.Total);
        Assert.Equal(0, status.ScoreboardCounts.Other);
    }

    [Fact]
    public void Parses_server_values_of_the_live_fixture()
    {
        // Arrange
        var text = Fixture(Live);

        // Act
        var s = ServerStatusParser.Parse(text);

        // Assert
        Assert.Equal("127.0.0.1", s.Host);
        Assert.Equal("Monday, 23-Nov-2026 22:16:28 UTC", s.CurrentTime);
        Assert.Equal("Monday, 23-Nov-2026 22:13:39 UTC", s.RestartTime);
        Assert.Equal(1, s.ParentServerConfigGeneration);
        Assert.Equal(0, s.ParentServerMpmGeneration);
        Assert.Equal(TimeSpan.FromSeconds(168), s.Uptime);
        Assert.Equal(0.03, s.Load1);
        Assert.Equal(0.19, s.Load5);
        Assert.Equal(0.16, s.Load15);
        Assert.Equal(15, s.TotalAccesses);
        Assert.Equal(57, s.TotalKBytes);
        Assert.Equal(5, s.TotalDuration);
        Assert.Equal(0, s.CpuUser);
        Assert.Equal(0.01, s.CpuSystem);
        Assert.Equal(0, s.CpuChildrenUser);
        Assert.Equal(0, s.CpuChildrenSystem);
        Assert.Equal(0.00595238, s.CpuLoad);
        Assert.Equal(0.0892857, s.ReqPerSec);
        Assert.Equal(347.429, s.BytesPerSec);
        Assert.Equal(3891.2, s.BytesPerReq);
        Assert.Equal(0.333333, s.DurationPerReq);
        Assert.Equal(1, s.BusyWorkers);
        Assert.Equal(0, s.GracefulWorkers);
        Assert.Equal(49, s.IdleWorkers);
        Assert.Equal(2, s.Processes);
        Assert.Equal(0, s.Stopping);
        Assert.Equal(0, s.ConnsTotal);
        Assert.Equal(0, s.ConnsAsyncWaitIO);
        Assert.Equal(0, s.ConnsAsyncWriting);
        Assert.Equal(0, s.ConnsAsyncKeepAlive);
        Assert.Equal(0, s.ConnsAsyncClosing);
        Assert.Equal(new ScoreboardCounts(49, 0, 0, 1, 0, 0, 0, 0, 0, 0, 100, 0, 150), s.ScoreboardCounts);
        Assert.Equal(1, s.ScoreboardCounts!.Busy);
        Assert.Equal("2 minutes 48 seconds", s.Fields["ServerUptime"]);
        Assert.Equal("168", s.Fields["Uptime"]);
    }

    [Fact]
    public void Parses_the_live_fixture_balancer_with_a_hot_standby_member()
    {
        // Arrange
        var text = Fixture(Live);

        // Act
        var s = ServerStatusParser.Parse(text);

        // Assert
        var balancer = Assert.Single(s.Balancers);
        Assert.Equal(0, balancer.Index);
        Assert.Equal("balancer://t1rws", balancer.Name);
        Assert.Equal(
            ["http://127.0.0.1:18081", "http://127.0.0.1:18082", "http://127.0.0.1:18083"],
            balancer.Workers.Select(w => w.Name));
        Assert.Equal([0, 1, 2], balancer.Workers.Select(w => w.Index));
        var standby = balancer.Workers[2];
        Assert.Equal(WorkerFlags.Init | WorkerFlags.Stby | WorkerFlags.Ok, standby.Flags);
        Assert.Equal("Init Stby Ok ", standby.RawStatus);
        Assert.Equal(WorkerState.HotStandby, standby.State);
        Assert.True(standby.IsUsable);
        Assert.True(standby.IsStandby);
        Assert.Equal(0, standby.Elected);
        Assert.Equal(0, standby.Busy);
        Assert.Equal(0, standby.SentBytes);
        Assert.Equal(0, standby.ReceivedBytes);
        Assert.Empty(standby.Extra);
        Assert.Equal(3, balancer.UsableCount);
        Assert.Equal(0, balancer.ErrorCount);
        Assert.True(balancer.HasUsableMember);
    }

    [Fact]
    public void Parses_the_default_vhost_fixture_without_extended_keys()
    {
        // Arrange
        var text = Fixture(DefaultVhost);

        // Act
        var s = ServerStatusParser.Parse(text);

        // Assert
        Assert.Equal("default.lab.local", s.Host);
        Assert.Equal(TimeSpan.FromSeconds(5), s.Uptime);
        Assert.Equal(0.5, s.Load1);
        Assert.Equal(0, s.TotalAccesses);
        Assert.Null(s.CpuLoad);
        Assert.Null(s.BytesPerReq);
        Assert.Null(s.DurationPerReq);
        Assert.Equal(74, s.IdleWorkers);
        Assert.Equal(3, s.Processes);
        Assert.Equal(new ScoreboardCounts(74, 0, 0, 1, 0, 0, 0, 0, 0, 0, 325, 0, 400), s.ScoreboardCounts);
        var balancer = Assert.Single(s.Balancers);
        Assert.Equal("balancer://global-svc", balancer.Name);
        Assert.Equal(WorkerState.Ok, balancer.Workers[0].State);
        Assert.Equal("http://127.0.0.1:28491", balancer.Workers[1].Name);
        Assert.Equal(WorkerState.HotStandby, balancer.Workers[1].State);
    }

    [Fact]
    public void Parses_the_tenant_fixture_with_a_disabled_member()
    {
        // Arrange
        var text = Fixture(TenantA);

        // Act
        var s = ServerStatusParser.Parse(text);

        // Assert
        Assert.Equal("tenant-a.lab.local", s.Host);
        Assert.Equal(0.2, s.ReqPerSec);
        Assert.Equal(204.8, s.BytesPerSec);
        Assert.Equal(["balancer://global-svc", "balancer://tenanta-api"], s.Balancers.Select(b => b.Name));
        var api = s.FindBalancer("balancer://tenanta-api");
        Assert.NotNull(api);
        Assert.Equal(1, api.Index);
        Assert.Equal(WorkerState.Ok, api.Workers[0].State);
        Assert.True(api.Workers[0].IsUsable);
        Assert.Equal(WorkerFlags.Init | WorkerFlags.Dis, api.Workers[1].Flags);
        Assert.Equal(WorkerState.Disabled, api.Workers[1].State);
        Assert.False(api.Workers[1].IsUsable);
        Assert.Equal(1, api.UsableCount);
        Assert.Equal(0, api.ErrorCount);
    }

    [Fact]
    public void Parses_the_after_errors_fixture_with_a_member_in_error()
    {
        // Arrange
        var text = Fixture(TenantAAfterErrors);

        // Act
        var s = ServerStatusParser.Parse(text);

        // Assert
        Assert.Equal(TimeSpan.FromSeconds(12), s.Uptime);
        Assert.Equal(5, s.TotalAccesses);
        Assert.Equal(0.416667, s.ReqPerSec);
        Assert.Equal(0.2, s.DurationPerReq);

        var api = s.FindBalancer("balancer://tenanta-api");
        Assert.NotNull(api);
        var failed = api.FindWorker("http://127.0.0.1:28492");
        Assert.NotNull(failed);
        Assert.Equal(0, failed.Index);
        Assert.Equal(WorkerFlags.Init | WorkerFlags.Err, failed.Flags);
        Assert.Equal(WorkerState.Error, failed.State);
        Assert.False(failed.IsUsable);
        Assert.Equal(1, failed.Elected);

        var disabled = api.Workers[1];
        Assert.Equal("http://127.0.0.1:28493", disabled.Name);
        Assert.Equal(WorkerState.Disabled, disabled.State);
        Assert.False(disabled.IsUsable);

        Assert.Equal(0, api.UsableCount);
        Assert.Equal(1, api.ErrorCount);
        Assert.False(api.HasUsableMember);

        var global = s.FindBalancer("balancer://global-svc");
        Assert.NotNull(global);
        Assert.Equal("Init Stby Ok ", global.Workers[1].RawStatus);
        Assert.Equal(WorkerState.HotStandby, global.Workers[1].State);
        Assert.True(global.Workers[1].IsUsable);
        Assert.Equal(2, global.UsableCount);
    }

    // ---------------------------------------------------------------- format rules

    [Fact]
    public void Keeps_the_first_value_when_a_key_appears_twice()
    {
        // Arrange
        const string text = """
            BusyWorkers: 3
            Scoreboard: __W
            BusyWorkers: 9
            ProxyBalancer[0]Name: balancer://first
            ProxyBalancer[0]Name: balancer://second
            ProxyBalancer[0]Worker[0]Status: Init Ok
            ProxyBalancer[0]Worker[0]Status: Init Err
            Scoreboard: WWWW
            """;

        // Act
        var s = ServerStatusParser.Parse(text);

        // Assert
        Assert.Equal(3, s.BusyWorkers);
        Assert.Equal("3", s.Fields["BusyWorkers"]);
        Assert.Equal("__W", s.Scoreboard);
        Assert.Equal(3, s.ScoreboardCounts!.Total);
        var balancer = Assert.Single(s.Balancers);
        Assert.Equal("balancer://first", balancer.Name);
        Assert.Equal(WorkerState.Ok, Assert.Single(balancer.Workers).State);
    }

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void Parses_crlf_text_the_same_as_lf_text(string name)
    {
        // Arrange
        var lf = Fixture(name).Replace("\r\n", "\n", StringComparison.Ordinal);
        var crlf = lf.Replace("\n", "\r\n", StringComparison.Ordinal);

        // Act
        var fromLf = ServerStatusParser.Parse(lf);
        var fromCrlf = ServerStatusParser.Parse(crlf);

        // Assert
        Assert.Equal(fromLf.Fields, fromCrlf.Fields);
        Assert.Equal(fromLf.Host, fromCrlf.Host);
        Assert.Equal(fromLf.Uptime, fromCrlf.Uptime);
        Assert.Equal(fromLf.ScoreboardCounts, fromCrlf.ScoreboardCounts);
        Assert.Equal(fromLf.Balancers.Count, fromCrlf.Balancers.Count);
        for (var i = 0; i < fromLf.Balancers.Count; i++)
        {
            Assert.Equal(fromLf.Balancers[i].Name, fromCrlf.Balancers[i].Name);
            Assert.Equal(
                fromLf.Balancers[i].Workers.Select(w => (w.Name, w.Flags, w.RawStatus)),
                fromCrlf.Balancers[i].Workers.Select(w => (w.Name, w.Flags, w.RawStatus)));
        }
    }

    [Fact]
    public void Tolerates_blank_lines_unknown_keys_and_cache_keys()
    {
        // Arrange
        const string text = "\n\n  \nhost.example\n\nServerVersion: Apache/2.4.62\n\nSomethingNew: 42\n"
            + "CacheType: SHMCB\nCacheSharedMemory: 512000\nIdleWorkers: 7\n\n";

        // Act
        var s = ServerStatusParser.Parse(text);

        // Assert
        Assert.Equal("host.example", s.Host);
        Assert.Equal(7, s.IdleWorkers);
        Assert.Equal("42", s.Fields["SomethingNew"]);
        Assert.Equal("SHMCB", s.Fields["CacheType"]);
        Assert.Equal("512000", s.Fields["CacheSharedMemory"]);
        Assert.Empty(s.Balancers);
        Assert.Null(s.ScoreboardCounts);
    }

    [Fact]
    public void Has_no_host_when_the_page_starts_with_a_key()
    {
        // Arrange
        const string text = "ServerVersion: Apache/2.4.41 (Ubuntu)\nTotal Accesses: 10\n";

        // Act
        var s = ServerStatusParser.Parse(text);

        // Assert
        Assert.Null(s.Host);
        Assert.Equal(10, s.TotalAccesses);
    }

    [Fact]
    public void Takes_an_ipv6_first_line_as_the_host()
    {
        // Arrange
        const string text = "::1\nBusyWorkers: 2\n";

        // Act
        var s = ServerStatusParser.Parse(text);

        // Assert
        Assert.Equal("::1", s.Host);
        Assert.Equal(2, s.BusyWorkers);
    }

    [Fact]
    public void Reads_uptime_from_the_legacy_key_when_server_uptime_seconds_is_missing_or_odd()
    {
        // Arrange
        const string legacyOnly = "Uptime: 3600\n";
        const string oddSeconds = "ServerUptimeSeconds: soon\nUptime: 60\n";
        const string both = "Uptime: 60\nServerUptimeSeconds: 61\n";

        // Act
        var a = ServerStatusParser.Parse(legacyOnly);
        var b = ServerStatusParser.Parse(oddSeconds);
        var c = ServerStatusParser.Parse(both);

        // Assert
        Assert.Equal(TimeSpan.FromHours(1), a.Uptime);
        Assert.Equal(TimeSpan.FromMinutes(1), b.Uptime);
        Assert.Equal(TimeSpan.FromSeconds(61), c.Uptime);
    }

    [Fact]
    public void Leaves_malformed_numbers_null_and_keeps_the_raw_value()
    {
        // Arrange
        const string text = """
            BusyWorkers: lots
            IdleWorkers: 99999999999999
            Total Accesses: 1e3
            ReqPerSec: NaN
            Load1: 1,5
            ServerUptimeSeconds: 99999999999999999
            Scoreboard: ___
            ProxyBalancer[0]Worker[0]Elected: -
            ProxyBalancer[0]Worker[0]Sent: ****
            ProxyBalancer[0]Worker[0]Busy: 3
            """;

        // Act
        var s = ServerStatusParser.Parse(text);

        // Assert
        Assert.Null(s.BusyWorkers);
        Assert.Equal("lots", s.Fields["BusyWorkers"]);
        Assert.Null(s.IdleWorkers);
        Assert.Null(s.TotalAccesses);
        Assert.Equal("1e3", s.Fields["Total Accesses"]);
        Assert.Null(s.ReqPerSec);
        Assert.Null(s.Load1);
        Assert.Null(s.Uptime);
        var worker = Assert.Single(Assert.Single(s.Balancers).Workers);
        Assert.Null(worker.Elected);
        Assert.Null(worker.SentBytes);
        Assert.Equal(3, worker.Busy);
        Assert.Equal(string.Empty, worker.Name);
        Assert.Equal(WorkerState.Unknown, worker.State);
        Assert.False(worker.IsUsable);
    }

    [Fact]
    public void Reads_numbers_with_a_leading_dot_whatever_the_current_culture()
    {
        // Arrange
        var previous = CultureInfo.CurrentCulture;
        var commaCulture = (CultureInfo)CultureInfo.InvariantCulture.Clone();
        commaCulture.NumberFormat.NumberDecimalSeparator = ",";
        commaCulture.NumberFormat.NumberGroupSeparator = ".";
        const string text = "ReqPerSec: .416667\nCPULoad: .00595238\nBusyWorkers: 1\n";

        // Act
        ServerStatus s;
        try
        {
            CultureInfo.CurrentCulture = commaCulture;
            s = ServerStatusParser.Parse(text);
        }
        finally
        {
            CultureInfo.CurrentCulture = previous;
        }

        // Assert
        Assert.Equal(0.416667, s.ReqPerSec);
        Assert.Equal(0.00595238, s.CpuLoad);
    }

    [Theory]
    [InlineData("0K", 0L)]
    [InlineData("0", 0L)]
    [InlineData("512", 512L)]
    [InlineData("512 ", 512L)]
    [InlineData(" 12K", 12288L)]
    [InlineData("123K", 125952L)]
    [InlineData("3.9M", 4089446L)]
    [InlineData("1.2G", 1288490189L)]
    [InlineData("2.0T", 2199023255552L)]
    [InlineData("9k", 9216L)]
    [InlineData("  - ", null)]
    [InlineData("****", null)]
    [InlineData("", null)]
    [InlineData("K", null)]
    [InlineData("-5K", null)]
    [InlineData("abc", null)]
    [InlineData("99999999999E", null)]
    public void Reads_apr_strfsize_sizes_as_bytes(string value, long? expected)
    {
        // Arrange
        var text = $"BusyWorkers: 1\nProxyBalancer[0]Worker[0]Sent: {value}\nProxyBalancer[0]Worker[0]Rcvd: {value}\n";

        // Act
        var direct = ServerStatusParser.ParseApacheSize(value);
        var worker = ServerStatusParser.Parse(text).Balancers[0].Workers[0];

        // Assert
        Assert.Equal(expected, direct);
        Assert.Equal(expected, worker.SentBytes);
        Assert.Equal(expected, worker.ReceivedBytes);
    }

    [Theory]
    [InlineData("Init Ok ", WorkerFlags.Init | WorkerFlags.Ok)]
    [InlineData("Ok Init", WorkerFlags.Init | WorkerFlags.Ok)]
    [InlineData("Ok Stby Init", WorkerFlags.Init | WorkerFlags.Stby | WorkerFlags.Ok)]
    [InlineData("  Err\t  Init   ", WorkerFlags.Init | WorkerFlags.Err)]
    [InlineData("Init Bogus Ok Zzz ", WorkerFlags.Init | WorkerFlags.Ok)]
    [InlineData("HcFl Init Drn Ign Gen Shut Dis Stop Err Stby Spar Free Ok",
        WorkerFlags.Init | WorkerFlags.Ign | WorkerFlags.Drn | WorkerFlags.Gen | WorkerFlags.Shut | WorkerFlags.Dis
        | WorkerFlags.Stop | WorkerFlags.Err | WorkerFlags.Stby | WorkerFlags.Spar | WorkerFlags.Free
        | WorkerFlags.HcFl | WorkerFlags.Ok)]
    [InlineData("??? ", WorkerFlags.None)]
    [InlineData("", WorkerFlags.None)]
    public void Parses_balancer_workers_with_flags_in_any_order(string status, WorkerFlags expected)
    {
        // Arrange
        var text = $"BusyWorkers: 1\nProxyBalancer[0]Name: balancer://b\nProxyBalancer[0]Worker[0]Status: {status}\n";

        // Act
        var worker = ServerStatusParser.Parse(text).Balancers[0].Workers[0];

        // Assert
        Assert.Equal(expected, worker.Flags);
        Assert.Equal(expected, ServerStatusParser.ParseWorkerFlags(status));
        Assert.Equal(status, worker.RawStatus);
    }

    [Theory]
    [InlineData("Init Ok ", WorkerState.Ok, true)]
    [InlineData("Init Stby Ok ", WorkerState.HotStandby, true)]
    [InlineData("Init Spar Ok ", WorkerState.HotStandby, true)]
    [InlineData("Init Ign Ok ", WorkerState.Ok, true)]
    [InlineData("Init Err ", WorkerState.Error, false)]
    [InlineData("Init Stby Err ", WorkerState.Error, false)]
    [InlineData("Init Dis ", WorkerState.Disabled, false)]
    [InlineData("Init Stop ", WorkerState.Stopped, false)]
    [InlineData("Init Shut ", WorkerState.Stopped, false)]
    [InlineData("Init HcFl ", WorkerState.HealthCheckFailed, false)]
    [InlineData("Init Drn Ok ", WorkerState.Draining, false)]
    [InlineData("??? ", WorkerState.Unknown, false)]
    [InlineData("", WorkerState.Unknown, false)]
    public void Summarises_worker_flags_as_one_state(string status, WorkerState state, bool usable)
    {
        // Arrange
        var flags = ServerStatusParser.ParseWorkerFlags(status);

        // Act
        var worker = new BalancerWorker(0, "http://w", flags, status, null, null, null, null);

        // Assert
        Assert.Equal(state, worker.State);
        Assert.Equal(usable, worker.IsUsable);
    }

    [Fact]
    public void Orders_balancers_and_workers_by_index_and_names_unnamed_balancers_empty()
    {
        // Arrange
        const string text = """
            Scoreboard: _
            ProxyBalancer[2]Worker[1]Name: http://b2w1
            ProxyBalancer[2]Worker[0]Name: http://b2w0
            ProxyBalancer[2]Name: balancer://two
            ProxyBalancer[0]Name: balancer://zero
            ProxyBalancer[0]Worker[10]Name: http://b0w10
            ProxyBalancer[0]Worker[9]Name: http://b0w9
            ProxyBalancer[1]Worker[0]Status: Init Ok
            ProxyBalancer[1]Worker[0]Route: r1
            """;

        // Act
        var s = ServerStatusParser.Parse(text);

        // Assert
        Assert.Equal([0, 1, 2], s.Balancers.Select(b => b.Index));
        Assert.Equal(["balancer://zero", "", "balancer://two"], s.Balancers.Select(b => b.Name));
        Assert.Equal(["http://b0w9", "http://b0w10"], s.Balancers[0].Workers.Select(w => w.Name));
        Assert.Equal([9, 10], s.Balancers[0].Workers.Select(w => w.Index));
        Assert.Equal(["http://b2w0", "http://b2w1"], s.Balancers[2].Workers.Select(w => w.Name));
        var unnamed = Assert.Single(s.Balancers[1].Workers);
        Assert.Equal("r1", unnamed.Extra["Route"]);
        Assert.True(unnamed.IsUsable);
    }

    [Fact]
    public void Ignores_malformed_balancer_keys_but_keeps_them_in_fields()
    {
        // Arrange
        const string text = """
            IdleWorkers: 1
            ProxyBalancer[x]Name: bad
            ProxyBalancer[]Name: bad
            ProxyBalancer[1Name: bad
            ProxyBalancer[-1]Name: bad
            ProxyBalancer[0]Worker[]Name: bad
            ProxyBalancer[0]Worker[0]: bad
            ProxyBalancer[0]Lbmethod: byrequests
            garbage line without separator
            """;

        // Act
        var s = ServerStatusParser.Parse(text);

        // Assert
        Assert.Empty(s.Balancers);
        Assert.Equal("bad", s.Fields["ProxyBalancer[x]Name"]);
        Assert.Equal("byrequests", s.Fields["ProxyBalancer[0]Lbmethod"]);
    }

    [Fact]
    public void Counts_every_scoreboard_character()
    {
        // Arrange
        const string text = "Scoreboard: _SRWKDCLGI.x__\n";

        // Act
        var counts = ServerStatusParser.Parse(text).ScoreboardCounts;

        // Assert
        Assert.Equal(new ScoreboardCounts(3, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 14), counts);
        Assert.Equal(9, counts!.Busy);
    }

    // ---------------------------------------------------------------- rejected input

    [Theory]
    [InlineData("<!DOCTYPE HTML PUBLIC \"-//W3C//DTD HTML 3.2 Final//EN\">\n<html><head><title>Apache Status</title>")]
    [InlineData("  \r\n\t <html><body>BusyWorkers: 1</body></html>")]
    [InlineData("<?xml version='1.0' encoding='UTF-8' ?>\n<httpd:manager/>")]
    public void Rejects_html_input_as_not_an_auto_page(string text)
    {
        // Arrange, Act
        var ex = Assert.Throws<ServerStatusFormatException>(() => ServerStatusParser.Parse(text));

        // Assert
        Assert.Contains("not a mod_status ?auto page", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', ex.Message);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("\r\n\n\t\n")]
    [InlineData("\uFEFF")]
    public void Rejects_empty_input(string text)
    {
        // Arrange, Act
        var ex = Assert.Throws<ServerStatusFormatException>(() => ServerStatusParser.Parse(text));

        // Assert
        Assert.Contains("empty", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Rejects_null_input_with_the_format_exception()
    {
        // Arrange
        string text = null!;

        // Act, Assert
        Assert.Throws<ServerStatusFormatException>(() => ServerStatusParser.Parse(text));
    }

    [Theory]
    [InlineData("Hello world\n")]
    [InlineData("Forbidden\nYou don't have permission to access this resource.\n")]
    [InlineData("ServerVersion: Apache/2.4.62\nServerMPM: event\n")]
    [InlineData("ProxyBalancer[0]Name: balancer://x\n")]
    public void Rejects_text_without_any_core_key(string text)
    {
        // Arrange, Act
        var ex = Assert.Throws<ServerStatusFormatException>(() => ServerStatusParser.Parse(text));

        // Assert
        Assert.Contains("not a mod_status ?auto page", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Returns_false_with_a_reason_from_try_parse_instead_of_throwing()
    {
        // Arrange
        const string html = "<html></html>";
        var good = Fixture(TenantA);

        // Act
        var okBad = ServerStatusParser.TryParse(html, out var badStatus, out var badError);
        var okGood = ServerStatusParser.TryParse(good, out var goodStatus, out var goodError);

        // Assert
        Assert.False(okBad);
        Assert.Null(badStatus);
        Assert.Contains("not a mod_status ?auto page", badError, StringComparison.Ordinal);
        Assert.True(okGood);
        Assert.NotNull(goodStatus);
        Assert.Null(goodError);
    }

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void Parses_or_rejects_a_fixture_cut_at_any_position(string name)
    {
        // Arrange
        var text = Fixture(name);

        for (var cut = 0; cut <= text.Length; cut++)
        {
            // Act, Assert
            AssertParsesOrFormatError(text[..cut]);
        }
    }

    [Fact]
    public void Rejects_a_balancer_index_over_the_limit()
    {
        // Arrange
        const string atLimit = "BusyWorkers: 1\nProxyBalancer[100000]Worker[100000]Name: http://x\n";
        const string overBalancer = "BusyWorkers: 1\nProxyBalancer[100001]Name: balancer://x\n";
        const string overWorker = "BusyWorkers: 1\nProxyBalancer[0]Worker[99999999999999999999999999]Name: http://x\n";

        // Act
        var ok = ServerStatusParser.Parse(atLimit);
        var ex1 = Assert.Throws<ServerStatusFormatException>(() => ServerStatusParser.Parse(overBalancer));
        var ex2 = Assert.Throws<ServerStatusFormatException>(() => ServerStatusParser.Parse(overWorker));

        // Assert
        Assert.Equal(100000, ok.Balancers[0].Workers[0].Index);
        Assert.Contains("line 2", ex1.Message, StringComparison.Ordinal);
        Assert.Contains("ProxyBalancer[100001]Name", ex1.Message, StringComparison.Ordinal);
        Assert.Equal(2, ex1.LineNumber);
        Assert.Contains("index", ex2.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Rejects_a_line_over_64_KiB()
    {
        // Arrange
        var text = "BusyWorkers: 1\nScoreboard: " + new string('_', 70_000) + "\n";

        // Act
        var ex = Assert.Throws<ServerStatusFormatException>(() => ServerStatusParser.Parse(text));

        // Assert
        Assert.Contains("line 2", ex.Message, StringComparison.Ordinal);
        Assert.Contains("64 KiB", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Rejects_input_with_nul_bytes()
    {
        // Arrange
        var text = Fixture(Live).Replace("Load5", "Lo\0ad5", StringComparison.Ordinal);

        // Act
        var ex = Assert.Throws<ServerStatusFormatException>(() => ServerStatusParser.Parse(text));

        // Assert
        Assert.Contains("NUL", ex.Message, StringComparison.Ordinal);
        Assert.Equal(12, ex.LineNumber);
    }

    [Fact]
    public void Rejects_input_over_8_MiB()
    {
        // Arrange
        var text = new StringBuilder(Minimal).Append('x', 9 * 1024 * 1024).ToString();

        // Act
        var ex = Assert.Throws<ServerStatusFormatException>(() => ServerStatusParser.Parse(text));

        // Assert
        Assert.Contains("8 MiB", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Rejects_input_with_too_many_lines()
    {
        // Arrange
        var text = Minimal + new string('\n', 200_001);

        // Act
        var ex = Assert.Throws<ServerStatusFormatException>(() => ServerStatusParser.Parse(text));

        // Assert
        Assert.Contains("200000 lines", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Escapes_control_characters_in_error_messages()
    {
        // Arrange
        var text = "BusyWorkers: 1\nProxyBalancer[0]Worker[123456]\u001b[31m\u2028Name: x\n";

        // Act
        var ex = Assert.Throws<ServerStatusFormatException>(() => ServerStatusParser.Parse(text));

        // Assert
        Assert.DoesNotContain('\u001b', ex.Message);
        Assert.DoesNotContain('\u2028', ex.Message);
    }

    // ---------------------------------------------------------------- properties

    [Fact]
    public void Returns_or_throws_the_format_exception_for_arbitrary_strings()
    {
        Gen.String.Sample(AssertParsesOrFormatError, iter: 5_000);

        var statusAlphabet = Gen.Char["ProxyBalancerWorkerNameStatusInitOkErrDis[]0123456789:. _\r\n\t-KMG<\0\u00e9"];
        statusAlphabet.Array[0, 400]
            .Select(chars => "BusyWorkers: 1\n" + new string(chars))
            .Sample(AssertParsesOrFormatError, iter: 5_000);
    }

    [Fact]
    public void Returns_or_throws_the_format_exception_for_fixtures_with_random_lines_mutated()
    {
        // Arrange
        var fixtures = FixtureNames.Select(n => Fixture(n).Split('\n')).ToArray();
        var mutation = Gen.Select(
            Gen.Int[0, fixtures.Length - 1],
            Gen.Int[0, 1000],
            Gen.Int[0, 3],
            Gen.String);

        // Act, Assert
        mutation.Sample(
            (f, lineSeed, kind, junk) =>
            {
                var lines = (string[])fixtures[f].Clone();
                var i = lineSeed % lines.Length;
                lines[i] = kind switch
                {
                    0 => junk,
                    1 => lines[i][..(lineSeed % (lines[i].Length + 1))] + junk,
                    2 => junk + lines[i],
                    _ => lines[i].Replace(':', junk.Length > 0 ? junk[0] : ' '),
                };
                AssertParsesOrFormatError(string.Join('\n', lines));
            },
            iter: 5_000);
    }
}
