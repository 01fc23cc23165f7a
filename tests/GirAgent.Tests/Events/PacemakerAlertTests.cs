using GirAgent.Events;

namespace GirAgent.Tests.Events;

public sealed class PacemakerAlertTests
{
    [Fact]
    public void Every_CRM_alert_variable_is_read_with_the_exact_time()
    {
        var env = new Dictionary<string, string>
        {
            ["CRM_alert_kind"] = "resource",
            ["CRM_alert_version"] = "2.1.5",
            ["CRM_alert_node"] = "node1",
            ["CRM_alert_nodeid"] = "1",
            ["CRM_alert_rsc"] = "webserver",
            ["CRM_alert_task"] = "monitor",
            ["CRM_alert_interval"] = "30000",
            ["CRM_alert_rc"] = "7",
            ["CRM_alert_target_rc"] = "0",
            ["CRM_alert_status"] = "0",
            ["CRM_alert_desc"] = "not running",
            ["CRM_alert_timestamp"] = "22:14:37.123456",
            ["CRM_alert_timestamp_epoch"] = "1795472077",
            ["CRM_alert_timestamp_usec"] = "123456",
        };

        var alert = PacemakerAlert.FromEnvironment(env);

        Assert.Equal("resource", alert.Kind);
        Assert.Equal(("node1", "1", "webserver", "monitor"), (alert.Node, alert.NodeId, alert.Resource, alert.Task));
        Assert.Equal((30000, 7, 0, 0), (alert.IntervalMs!.Value, alert.Rc!.Value, alert.TargetRc!.Value, alert.ExecStatus!.Value));
        Assert.Equal("not running", alert.Description);
        Assert.Equal("2.1.5", alert.Version);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1795472077).AddTicks(1234560), alert.Timestamp);
        Assert.False(alert.Succeeded);
    }

    [Fact]
    public void Without_CRM_alert_kind_it_is_not_an_alert()
    {
        Assert.False(PacemakerAlert.TryFromEnvironment(new Dictionary<string, string> { ["CRM_alert_node"] = "n" }, out _, out var error));
        Assert.Contains("CRM_alert_kind", error);
        Assert.Throws<FormatException>(() => PacemakerAlert.FromEnvironment(new Dictionary<string, string>()));
    }

    [Fact]
    public void An_unknown_kind_is_refused()
    {
        Assert.False(PacemakerAlert.TryFromEnvironment(new Dictionary<string, string> { ["CRM_alert_kind"] = "weather" }, out _, out var error));
        Assert.Contains("weather", error);
    }

    [Theory]
    [InlineData(null, null)]
    [InlineData("not-a-number", null)]
    [InlineData("-5", null)]
    public void A_missing_or_bad_epoch_leaves_the_time_to_the_caller(string? epoch, DateTimeOffset? expected)
    {
        var env = new Dictionary<string, string> { ["CRM_alert_kind"] = "node" };
        if (epoch is not null)
        {
            env["CRM_alert_timestamp_epoch"] = epoch;
        }

        Assert.Equal(expected, PacemakerAlert.FromEnvironment(env).Timestamp);
    }

    [Fact]
    public void A_bad_microsecond_value_is_ignored_but_the_second_kept()
    {
        var env = new Dictionary<string, string>
        {
            ["CRM_alert_kind"] = "node", ["CRM_alert_timestamp_epoch"] = "100", ["CRM_alert_timestamp_usec"] = "5000000",
        };

        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(100), PacemakerAlert.FromEnvironment(env).Timestamp);
    }

    [Theory]
    [InlineData(0, 0, 0, true)]
    [InlineData(7, 7, 0, true)]
    [InlineData(7, 0, 0, false)]
    [InlineData(0, 0, 2, false)]
    public void Success_means_done_with_the_expected_exit_code(int rc, int target, int status, bool succeeded)
    {
        var alert = new PacemakerAlert { Kind = "resource", Rc = rc, TargetRc = target, ExecStatus = status };

        Assert.Equal(succeeded, alert.Succeeded);
    }

    [Fact]
    public void The_alert_variables_of_the_process_can_be_forwarded_as_json()
    {
        Environment.SetEnvironmentVariable("CRM_alert_kind", "node");
        Environment.SetEnvironmentVariable("CRM_alert_node", "node7");
        try
        {
            var variables = PacemakerAlert.AlertVariables();
            var json = System.Text.Json.JsonSerializer.Serialize(variables, EventJsonContext.Log.DictionaryStringString);
            var back = System.Text.Json.JsonSerializer.Deserialize(json, EventJsonContext.Log.DictionaryStringString)!;

            Assert.All(variables.Keys, k => Assert.StartsWith("CRM_alert_", k));
            Assert.Equal("node7", PacemakerAlert.FromEnvironment(back).Node);
        }
        finally
        {
            Environment.SetEnvironmentVariable("CRM_alert_kind", null);
            Environment.SetEnvironmentVariable("CRM_alert_node", null);
        }
    }
}
