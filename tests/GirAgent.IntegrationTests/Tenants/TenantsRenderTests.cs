using System.Text.Json.Nodes;
using GirAgent.IntegrationTests.Support;
using static GirAgent.IntegrationTests.Tenants.TenantsFixtures;

namespace GirAgent.IntegrationTests.Tenants;

/// <summary>giragent tenants render and import, the binary against the real apache2 (apache2ctl -t).</summary>
public sealed class TenantsRenderTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("girlb-tenants-it-");

    public void Dispose() => _dir.Delete(recursive: true);

    private string Path_(string name) => Path.Combine(_dir.FullName, name);

    /// <summary>The TLS fixture names a CA file that must exist for mod_ssl: point it at one that does.</summary>
    private string TlsTenants()
    {
        var ca = Path_("ca.pem");
        File.WriteAllText(ca, "-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIUYmFkYmFkYmFkYmFkYmFkYmFkYmFkYmEwCgYIKoZIzj0EAwIw\n-----END CERTIFICATE-----\n");
        var text = File.ReadAllText(Fixture("tls-two-tenants.tenants.json")).Replace("/etc/ssl/certs/ca-certificates.crt", ca, StringComparison.Ordinal);
        var path = Path_("tls.tenants.json");
        File.WriteAllText(path, text);
        return path;
    }

    public static TheoryData<string> Sets => ["sample", "tls", "imported-seed"];

    [Theory]
    [MemberData(nameof(Sets))]
    public void Every_rendered_set_passes_apache2ctl_t_alone_and_in_a_server_configuration(string set)
    {
        string tenants;
        if (set == "sample") tenants = Sample;
        else if (set == "tls") tenants = TlsTenants();
        else
        {
            tenants = Path_("imported.json");
            var import = Giragent("tenants", "import", Fixture("seed/loadbalancer_tenant1.conf"), "--output", tenants);
            Assert.True(import.ExitCode == 2, import.ToString()); // defects found, corrected in the output
        }
        var conf = Path_("conf.d");
        Directory.CreateDirectory(conf);
        var main = MainConfig(_dir.FullName, conf, ssl: set == "tls");

        var render = Giragent("tenants", "render", "--tenants", tenants, "--layout", "debian", "--out", conf, "--httpd-config", main, "--check-with", "apache2ctl");

        Assert.True(render.ExitCode == 0, render.ToString());
        Assert.Contains("checked: the rendered files alone: apache2ctl -t: Syntax OK", render.StandardError);
        Assert.Contains($"checked: the server's configuration {main} with the new files in place: Syntax OK", render.StandardError);
        var check = Programs.Run("/usr/sbin/apache2ctl", ["-t", "-f", main]);
        Assert.True(check.ExitCode == 0, check.ToString());
        Assert.Contains("Syntax OK", check.StandardError);
    }

    [Fact]
    public void The_seeds_hand_written_file_does_not_pass_apache2ctl_t_but_its_import_renders_one_that_does()
    {
        var conf = Path_("conf.d");
        Directory.CreateDirectory(conf);
        File.Copy(Fixture("seed/loadbalancer_tenant1.conf"), Path.Combine(conf, "loadbalancer_tenant1.conf"));
        var main = MainConfig(_dir.FullName, conf);
        Assert.NotEqual(0, Programs.Run("/usr/sbin/apache2ctl", ["-t", "-f", main]).ExitCode);

        var import = Giragent("tenants", "import", Path.Combine(conf, "loadbalancer_tenant1.conf"));
        var tenants = Path_("tenants.json");
        File.WriteAllText(tenants, import.StandardOutput);
        var render = Giragent("tenants", "render", "--tenants", tenants, "--layout", "debian", "--out", conf, "--httpd-config", main);

        Assert.Equal(2, import.ExitCode);
        Assert.Contains("loadbalancer_tenant1.conf:8: defect: <Proxy \"balancer://t1rws\"> is never closed", import.StandardError);
        Assert.Contains("loadbalancer_tenant1.conf:51: defect: 'Allow from' names no address", import.StandardError);
        Assert.True(render.ExitCode == 0, render.ToString());
        Assert.Contains("changed: loadbalancer_tenant1.conf", render.StandardError);
        Assert.Equal(0, Programs.Run("/usr/sbin/apache2ctl", ["-t", "-f", main]).ExitCode);
    }

    [Fact]
    public void A_relative_out_directory_is_the_callers_and_is_checked_in_place()
    {
        var conf = Path_("conf.d");
        Directory.CreateDirectory(conf);
        var main = MainConfig(_dir.FullName, conf);

        // run from the temporary directory with --out conf.d: it names that directory, not one under /
        var render = Programs.Run("/bin/sh", ["-c", "cd \"$1\" && shift && exec \"$@\"", "sh", _dir.FullName, Programs.Giragent,
            "tenants", "render", "--tenants", Sample, "--layout", "debian", "--out", "conf.d", "--httpd-config", main, "--check-with", "apache2ctl"]);

        Assert.True(render.ExitCode == 0, render.ToString());
        Assert.Contains("with the new files in place: Syntax OK", render.StandardError);
        Assert.True(File.Exists(Path.Combine(conf, "loadbalancer_tenant1.conf")));
    }

    [Fact]
    public void A_configuration_httpd_rejects_changes_nothing()
    {
        var conf = Path_("conf.d");
        Directory.CreateDirectory(conf);
        const string handWritten = "# hand-written, valid\n";
        File.WriteAllText(Path.Combine(conf, "loadbalancer_tenant1.conf"), handWritten);
        var main = MainConfig(_dir.FullName, conf, headers: false); // the server lacks mod_headers: the route cookie header cannot load

        var render = Giragent("tenants", "render", "--tenants", Sample, "--layout", "debian", "--out", conf, "--httpd-config", main);

        Assert.Equal(4, render.ExitCode);
        Assert.Contains("rejected the server's configuration", render.StandardError);
        Assert.Contains("Invalid command 'Header'", render.StandardError);
        Assert.Equal(handWritten, File.ReadAllText(Path.Combine(conf, "loadbalancer_tenant1.conf")));
        Assert.Equal(["loadbalancer_tenant1.conf"], Directory.GetFiles(conf).Select(f => Path.GetFileName(f)));
    }

    [Fact]
    public void Diff_writes_nothing_a_second_render_touches_nothing()
    {
        var conf = Path_("conf.d");
        Directory.CreateDirectory(conf);
        var main = MainConfig(_dir.FullName, conf);
        string[] common = ["--tenants", Sample, "--layout", "debian", "--out", conf, "--httpd-config", main];

        var diff = Giragent(["tenants", "render", .. common, "--diff"]);
        Assert.Equal(2, diff.ExitCode);
        Assert.Contains("+ProxyPass \"/t1/api\" \"balancer://t1rws/api\"", diff.StandardOutput);
        Assert.Empty(Directory.GetFiles(conf));

        Assert.Equal(0, Giragent(["tenants", "render", .. common]).ExitCode);
        var written = Directory.GetFiles(conf).ToDictionary(f => f, File.GetLastWriteTimeUtc);
        Thread.Sleep(20);
        var again = Giragent(["tenants", "render", .. common]);
        var diffAgain = Giragent(["tenants", "render", .. common, "--diff"]);

        Assert.Equal(0, again.ExitCode);
        Assert.Contains("no change: 2 files", again.StandardError);
        Assert.Equal(0, diffAgain.ExitCode);
        Assert.Equal("", diffAgain.StandardOutput);
        Assert.All(written, w => Assert.Equal(w.Value, File.GetLastWriteTimeUtc(w.Key)));
    }

    [Fact]
    public void Usage_errors_and_invalid_tenants_files_have_their_exit_codes()
    {
        var bad = Path_("bad.json");
        File.WriteAllText(bad, """{ "tenants": [ { "id": "t1", "rws": { "members": [ { "host": "not a host" } ] } } ] }""");

        var invalid = Giragent("tenants", "render", "--tenants", bad, "--out", Path_("x"));
        var usage = Giragent("tenants", "render", "--layout", "solaris");

        Assert.Equal(3, invalid.ExitCode);
        Assert.Contains("t1: RWS: member 1 (not a host): host 'not a host' is not a host name or IP address", invalid.StandardError);
        Assert.Equal(1, usage.ExitCode);
    }

    [Fact]
    public void The_imported_file_is_a_tenants_file_in_the_documented_format()
    {
        var import = Giragent("tenants", "import", Fixture("seed/loadbalancer_tenant1.conf"));

        var json = JsonNode.Parse(import.StandardOutput)!;
        Assert.Equal("girlb.tenants/v1", (string?)json["schema"]);
        Assert.Equal("Recording Crypto Server 2", (string?)json["tenants"]![0]!["rcs"]!["members"]![1]!["application"]);
        Assert.True((bool?)json["tenants"]![0]!["webdav"]!["members"]![1]!["hot_standby"]);
    }
}
