using GirAgent.Ocf;
using GirAgent.Tests.TestSupport;

namespace GirAgent.Tests.Ocf;

public sealed class OcfContextTests
{
    private static OcfContext Context(string action, params (string Name, string Value)[] environment)
    {
        var env = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in environment) env[name] = value;
        return new OcfContext(action, env);
    }

    [Fact]
    public void A_probe_is_a_monitor_with_no_interval()
    {
        // Arrange / Act
        var context = Context("monitor");

        // Assert
        Assert.True(context.IsProbe);
        Assert.Equal(TimeSpan.Zero, context.Interval);
    }

    [Fact]
    public void A_probe_is_a_monitor_with_a_zero_interval()
    {
        var context = Context("monitor", ("OCF_RESKEY_CRM_meta_interval", "0"));

        Assert.True(context.IsProbe);
    }

    [Fact]
    public void A_recurring_monitor_is_not_a_probe_and_has_its_interval()
    {
        var context = Context("monitor", ("OCF_RESKEY_CRM_meta_interval", "10000"));

        Assert.False(context.IsProbe);
        Assert.Equal(TimeSpan.FromSeconds(10), context.Interval);
    }

    [Theory]
    [InlineData("start")]
    [InlineData("stop")]
    [InlineData("validate-all")]
    [InlineData("reload")]
    public void An_action_other_than_monitor_is_never_a_probe(string action)
    {
        var context = Context(action);

        Assert.False(context.IsProbe);
    }

    [Theory]
    [InlineData("20000", 20_000)]
    [InlineData(" 60000 ", 60_000)]
    [InlineData("0", 0)]
    [InlineData("1500", 1_500)]
    public void The_operation_timeout_is_read_in_milliseconds(string text, int expectedMilliseconds)
    {
        var context = Context("start", ("OCF_RESKEY_CRM_meta_timeout", text));

        Assert.Equal(TimeSpan.FromMilliseconds(expectedMilliseconds), context.Timeout);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("20s")]
    [InlineData("-1")]
    [InlineData("soon")]
    public void A_missing_or_unreadable_timeout_is_no_timeout(string text)
    {
        var context = Context("start", ("OCF_RESKEY_CRM_meta_timeout", text));

        Assert.Null(context.Timeout);
    }

    [Fact]
    public void An_unset_timeout_is_no_timeout()
    {
        Assert.Null(Context("start").Timeout);
    }

    [Theory]
    [InlineData("10", 10)]
    [InlineData("20", 20)]
    [InlineData("0", 0)]
    [InlineData("deep", 0)]
    [InlineData("", 0)]
    public void The_check_level_comes_from_OCF_CHECK_LEVEL(string text, int expected)
    {
        var context = Context("monitor", ("OCF_CHECK_LEVEL", text));

        Assert.Equal(expected, context.CheckLevel);
    }

    [Fact]
    public void Without_OCF_CHECK_LEVEL_the_check_level_is_zero()
    {
        Assert.Equal(0, Context("monitor").CheckLevel);
    }

    [Fact]
    public void A_parameter_is_read_from_its_OCF_RESKEY_variable()
    {
        var context = Context("start", ("OCF_RESKEY_configfile", "/etc/apache2/apache2.conf"), ("configfile", "/wrong"));

        Assert.Equal("/etc/apache2/apache2.conf", context.Parameter("configfile"));
    }

    [Fact]
    public void A_parameter_that_is_not_set_is_null_and_one_set_empty_is_empty()
    {
        var context = Context("start", ("OCF_RESKEY_envfiles", ""));

        Assert.Null(context.Parameter("statusurl"));
        Assert.Equal("", context.Parameter("envfiles"));
    }

    [Fact]
    public void Parameter_names_exclude_Pacemaker_meta_attributes_and_other_variables()
    {
        var context = Context("start",
            ("OCF_RESKEY_configfile", "/etc/httpd/conf/httpd.conf"),
            ("OCF_RESKEY_port", "8080"),
            ("OCF_RESKEY_crm_feature_set", "3.19.0"),
            ("OCF_RESKEY_CRM_meta_timeout", "20000"),
            ("OCF_RESKEY_CRM_meta_interval", "0"),
            ("OCF_RESOURCE_INSTANCE", "web"),
            ("PATH", "/usr/bin"));

        var names = context.ParameterNames.Order(StringComparer.Ordinal).ToArray();

        Assert.Equal(["configfile", "crm_feature_set", "port"], names);
    }

    [Theory]
    [InlineData("web-1", "web-1")]
    [InlineData("", "default")]
    public void The_instance_name_comes_from_OCF_RESOURCE_INSTANCE(string value, string expected)
    {
        var context = Context("start", ("OCF_RESOURCE_INSTANCE", value));

        Assert.Equal(expected, context.InstanceName);
    }

    [Fact]
    public void Without_OCF_RESOURCE_INSTANCE_the_instance_is_called_default()
    {
        Assert.Equal("default", Context("start").InstanceName);
    }

    [Fact]
    public void The_action_deadline_is_Pacemakers_timeout_less_a_margin()
    {
        var env = new Dictionary<string, string> { ["OCF_RESKEY_CRM_meta_timeout"] = "20000" };
        var context = new OcfContext("start", env, new ManualTimeProvider());

        var deadline = context.StartDeadline(TimeSpan.FromSeconds(40));

        Assert.Equal(TimeSpan.FromSeconds(18), deadline.Budget);
    }

    [Fact]
    public void Without_a_timeout_the_action_deadline_uses_the_fallback()
    {
        var context = new OcfContext("start", new Dictionary<string, string>(), new ManualTimeProvider());

        var deadline = context.StartDeadline(TimeSpan.FromSeconds(40));

        Assert.Equal(TimeSpan.FromSeconds(37), deadline.Budget);
    }

    [Fact]
    public void The_action_deadline_runs_on_the_contexts_clock()
    {
        var clock = new ManualTimeProvider();
        var env = new Dictionary<string, string> { ["OCF_RESKEY_CRM_meta_timeout"] = "10000" };
        var context = new OcfContext("monitor", env, clock);
        var deadline = context.StartDeadline(TimeSpan.FromSeconds(20));

        clock.Advance(TimeSpan.FromSeconds(4));

        Assert.Equal(TimeSpan.FromSeconds(5), deadline.Remaining);
    }
}
