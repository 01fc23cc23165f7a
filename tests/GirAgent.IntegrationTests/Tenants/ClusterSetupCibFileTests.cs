using GirAgent.IntegrationTests.Support;
using static GirAgent.IntegrationTests.Tenants.TenantsFixtures;

namespace GirAgent.IntegrationTests.Tenants;

/// <summary>giragent cluster setup --apply with the real pcs 0.11 on a CIB file (cibadmin --empty): no cluster needed.</summary>
public sealed class ClusterSetupCibFileTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("girlb-cluster-it-");
    private readonly string _cib;

    public ClusterSetupCibFileTests()
    {
        _cib = Path.Combine(_dir.FullName, "cib.xml");
        var empty = Programs.Run("/usr/sbin/cibadmin", ["--empty"]);
        Assert.True(empty.ExitCode == 0, empty.ToString());
        File.WriteAllText(_cib, empty.StandardOutput);
    }

    public void Dispose() => _dir.Delete(recursive: true);

    // the heartbeat agents are installed with resource-agents; pcs checks the agent's meta-data
    private string[] Setup(string vip = "10.77.0.100", params string[] extra) =>
    [
        "cluster", "setup", "--cib", _cib, "--vip", vip, "--cidr", "24", "--nic", "lab0",
        "--vip-agent", "ocf:heartbeat:IPaddr2", "--webserver-agent", "ocf:heartbeat:apache",
        "--config", "/etc/apache2/apache2.conf", .. extra,
    ];

    [Fact]
    public void Apply_is_idempotent_refuses_a_different_configuration_and_replaces_it_with_force()
    {
        var first = Giragent([.. Setup(), "--apply"]);
        var afterFirst = File.ReadAllText(_cib);
        var second = Giragent([.. Setup(), "--apply"]);
        var refused = Giragent([.. Setup("10.77.0.200"), "--apply"]);
        var afterRefused = File.ReadAllText(_cib);
        var forced = Giragent([.. Setup("10.77.0.200"), "--apply", "--force"]);

        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.Contains("applied 7 changes in one push", first.StandardOutput);
        Assert.Contains("<primitive id=\"virtual_ip\" class=\"ocf\" type=\"IPaddr2\" provider=\"heartbeat\">", afterFirst);
        Assert.Contains("<rsc_colocation rsc=\"webserver\" with-rsc=\"virtual_ip\" score=\"INFINITY\"", afterFirst);
        Assert.Contains("<alert id=\"girlb\" path=\"/usr/libexec/girlb/alert-agent\"/>", afterFirst);
        Assert.Contains("WARNING: no fence device is configured", first.StandardError);

        Assert.True(second.ExitCode == 0, second.ToString());
        Assert.Contains("nothing to change: the cluster already has this configuration", second.StandardOutput);

        Assert.Equal(4, refused.ExitCode);
        Assert.Contains("differs: resource virtual_ip exists and differs: ip=10.77.0.100, wanted 10.77.0.200", refused.StandardError);
        Assert.Equal(afterFirst, afterRefused);

        Assert.True(forced.ExitCode == 0, forced.ToString());
        Assert.Contains("name=\"ip\" value=\"10.77.0.200\"", File.ReadAllText(_cib));
        Assert.Contains("<rsc_order first=\"virtual_ip\" then=\"webserver\"", File.ReadAllText(_cib));
    }

    [Fact]
    public void Printing_against_a_CIB_shows_only_what_is_missing()
    {
        Assert.Equal(0, Giragent([.. Setup(), "--apply", "--no-alert"]).ExitCode);

        var print = Giragent(Setup());

        Assert.Equal(0, print.ExitCode);
        var commands = print.StandardOutput.Split('\n').Where(l => l.StartsWith("pcs", StringComparison.Ordinal)).ToList();
        Assert.Equal(["pcs cluster cib girlb.cib", "pcs -f girlb.cib alert create path=/usr/libexec/girlb/alert-agent id=girlb", "pcs cluster cib-push girlb.cib --config"], commands);
    }

    [Fact]
    public void Fencing_is_set_up_with_the_real_pcs_and_fence_ipmilan_idempotently_and_no_password_reaches_the_cib()
    {
        var secret = Path.Combine(_dir.FullName, "bmc.pass");
        File.WriteAllText(secret, "s3cret-bmc-password\n");
        string[] fencing = ["--fence", $"n1=10.79.0.11", "--fence", "n2=10.79.0.12:6230", "--fence-user", "admin", "--fence-password-file", secret];

        var first = Giragent([.. Setup(), "--apply", .. fencing]);
        var cib = File.ReadAllText(_cib);
        var second = Giragent([.. Setup(), "--apply", .. fencing]);

        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.Contains("<primitive id=\"fence-n1\" class=\"stonith\" type=\"fence_ipmilan\">", cib);
        Assert.Contains("name=\"pcmk_host_list\" value=\"n2\"", cib);
        Assert.Contains("name=\"ipport\" value=\"6230\"", cib);
        Assert.Contains($"name=\"password_script\" value=\"cat {secret}\"", cib);
        Assert.DoesNotContain("s3cret", cib);
        Assert.Contains("<rsc_location id=\"location-fence-n1-n1--INFINITY\" rsc=\"fence-n1\" node=\"n1\" score=\"-INFINITY\"/>", cib);
        Assert.Contains("name=\"stonith-enabled\" value=\"true\"", cib);
        Assert.Contains("name=\"priority-fencing-delay\" value=\"5s\"", cib);
        Assert.Contains("name=\"no-quorum-policy\" value=\"stop\"", cib);
        Assert.Contains("name=\"priority\" value=\"10\"", cib);
        Assert.DoesNotContain("WARNING", first.StandardError);
        Assert.True(second.ExitCode == 0, second.ToString());
        Assert.Contains("nothing to change", second.StandardOutput);
    }

    [Theory]
    [InlineData(null, "--tenants {0}: file not found")]
    [InlineData("{ \"groups\": [ { \"name\": \"a\", \"vip\": \"10.77.0.101\" } ], \"tenants\": [ { \"id\": \"t1\", \"rws\": { \"members\": [ { \"host\": \"10.77.0.31\" } ] } } ] }",
        "--tenants {0}: t1: no \"group\": with groups every tenant names its own (a)")]
    public void A_tenants_file_that_gives_no_groups_is_a_usage_error_naming_only_it(string? content, string said)
    {
        var file = Path.Combine(_dir.FullName, "tenants.json");
        if (content is not null) File.WriteAllText(file, content);

        var run = Giragent(["cluster", "setup", "--cib", _cib, "--tenants", file, "--config", "/etc/apache2/apache2.conf"]);

        Assert.Equal(1, run.ExitCode);
        Assert.Equal("giragent cluster setup: " + string.Format(System.Globalization.CultureInfo.InvariantCulture, said, file), run.StandardError.Trim());
    }

    [Theory]
    [InlineData("n1=10.79.0.11,password=secret", "a password on the command line")]
    [InlineData("n1", "NODE=BMC-ADDRESS")]
    [InlineData("n1=10.79.0.11:99999", "is not a UDP port")]
    [InlineData("n1=10.79.0.11,password-file=/no/such/file", "does not exist here")]
    public void A_bad_fence_description_is_a_usage_error_naming_it(string fence, string said)
    {
        var run = Giragent([.. Setup(), "--fence", fence, "--fence-user", "admin"]);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains(said, run.StandardError);
        Assert.DoesNotContain("   at ", run.StandardError);
    }

    [Fact]
    public void No_fencing_is_applied_only_with_a_plain_warning()
    {
        var run = Giragent([.. Setup(), "--apply", "--no-fencing"]);

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("WARNING: --no-fencing sets stonith-enabled=false: fencing is OFF", run.StandardError);
        Assert.Contains("name=\"stonith-enabled\" value=\"false\"", File.ReadAllText(_cib));
    }

    [Fact]
    public void Bad_options_are_usage_errors()
    {
        var run = Giragent("cluster", "setup", "--vip", "10.1.2", "--cidr", "40", "--webserver-monitor-interval", "soon");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("--vip '10.1.2' is not an IP address", run.StandardError);
        Assert.Contains("--cidr 40 is not a prefix length", run.StandardError);
        Assert.Contains("--webserver-monitor-interval 'soon' is not a duration", run.StandardError);
    }
}
