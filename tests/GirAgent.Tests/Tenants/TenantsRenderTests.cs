using GirAgent.Admin;
using GirAgent.Httpd;
using GirAgent.Posix;
using GirAgent.TenantsAdmin;
using GirAgent.Tests.TestSupport;

namespace GirAgent.Tests.Tenants;

public sealed class TenantsRenderTests
{
    private static (TenantsRender Render, StringWriter Output, StringWriter Messages, FakeCommandRunner Runner) Create(
        Func<string, IReadOnlyList<string>, CommandResult> handler, bool root = true)
    {
        // no cluster here: crm_resource (render asks whether the cluster has tenants of its own) fails
        var runner = new FakeCommandRunner((program, args) => program == "crm_resource" ? new CommandResult(1, "", "Could not connect to the CIB") : handler(program, args));
        var output = new StringWriter();
        var messages = new StringWriter();
        return (new TenantsRender(runner, output, messages, () => root), output, messages, runner);
    }

    /// <summary>The programs render ran to check and write, leaving out its question to the cluster.</summary>
    private static List<(string Program, IReadOnlyList<string> Arguments)> Checks(FakeCommandRunner runner) => [.. runner.Calls.Where(c => c.Program != "crm_resource")];

    private static RenderRequest Request(string dir, bool diff = false, string? checkWith = "/bin/true") =>
        new(Golden.SamplePath, HttpdLayout.El9, dir, null, checkWith, "/nonexistent-modules", diff);

    [Fact]
    public void The_files_are_checked_alone_and_in_place_before_they_are_written()
    {
        using var dir = new TempDirectory();
        var (render, _, messages, runner) = Create((_, _) => FakeCommandRunner.Ok("Syntax OK"));

        var rc = render.Run(Request(dir.Path));

        Assert.Equal(AdminExit.Ok, rc);
        var calls = Checks(runner);
        Assert.Equal(2, calls.Count);
        Assert.Equal("/bin/true", calls[0].Program);
        Assert.Equal("-t", calls[0].Arguments[0]);
        Assert.Equal("unshare", calls[1].Program);
        Assert.Contains(dir.Path, calls[1].Arguments);
        Assert.True(File.Exists(dir.Combine("loadbalancer_tenant1.conf")));
        Assert.Contains("new: loadbalancer_common.conf, loadbalancer_tenant1.conf", messages.ToString());
    }

    [Fact]
    public void A_failing_check_changes_nothing()
    {
        using var dir = new TempDirectory();
        dir.Write("loadbalancer_tenant1.conf", "# hand-written\n");
        var (render, _, messages, _) = Create((program, _) => program == "unshare"
            ? new CommandResult(1, "", "AH00526: Syntax error on line 3 of /etc/httpd/conf.d/other.conf:")
            : FakeCommandRunner.Ok());

        var rc = render.Run(Request(dir.Path));

        Assert.Equal(AdminExit.Refused, rc);
        Assert.Equal("# hand-written\n", File.ReadAllText(dir.Combine("loadbalancer_tenant1.conf")));
        Assert.False(File.Exists(dir.Combine("loadbalancer_common.conf")));
        Assert.Contains("rejected the server's configuration", messages.ToString());
        Assert.Contains("  AH00526: Syntax error on line 3", messages.ToString());
    }

    [Fact]
    public void Diff_shows_the_changes_writes_nothing_and_exits_2()
    {
        using var dir = new TempDirectory();
        var (render, output, _, runner) = Create((_, _) => FakeCommandRunner.Ok());

        var rc = render.Run(Request(dir.Path, diff: true));

        Assert.Equal(AdminExit.Findings, rc);
        Assert.Empty(runner.Calls);
        Assert.Empty(Directory.GetFiles(dir.Path));
        Assert.Contains($"+++ {dir.Combine("loadbalancer_tenant1.conf")}\n", output.ToString());
        Assert.Contains("+<Proxy \"balancer://t1rws\">\n", output.ToString());
    }

    [Fact]
    public void Rendering_again_changes_nothing_and_runs_no_check()
    {
        using var dir = new TempDirectory();
        Create((_, _) => FakeCommandRunner.Ok()).Render.Run(Request(dir.Path));
        var (render, output, messages, runner) = Create((_, _) => FakeCommandRunner.Ok());

        Assert.Equal(AdminExit.Ok, render.Run(Request(dir.Path)));
        Assert.Equal(AdminExit.Ok, render.Run(Request(dir.Path, diff: true)));

        Assert.Empty(Checks(runner));
        Assert.Equal("", output.ToString());
        Assert.Contains("no change: 2 files", messages.ToString());
    }

    [Fact]
    public void Without_root_the_in_place_check_is_skipped_with_a_note()
    {
        using var dir = new TempDirectory();
        var (render, _, messages, runner) = Create((_, _) => FakeCommandRunner.Ok(), root: false);

        Assert.Equal(AdminExit.Ok, render.Run(Request(dir.Path)));

        Assert.Single(Checks(runner));
        Assert.Contains("note: not root", messages.ToString());
    }

    [Fact]
    public void When_the_cluster_has_tenants_of_its_own_render_warns_that_they_replace_its_files()
    {
        using var dir = new TempDirectory();
        var runner = new FakeCommandRunner((program, _) => program == "crm_resource" ? FakeCommandRunner.Ok("girlb1:gz:H4sI\n") : FakeCommandRunner.Ok());
        var messages = new StringWriter();

        Assert.Equal(AdminExit.Ok, new TenantsRender(runner, new StringWriter(), messages, () => true).Run(Request(dir.Path)));
        Assert.Contains("warning: the cluster has tenants of its own (webserver's 'tenants', set by 'giragent tenants apply')", messages.ToString());
    }

    [Fact]
    public void A_missing_check_program_stops_before_anything_is_written()
    {
        using var dir = new TempDirectory();
        var (render, _, messages, _) = Create((_, _) => FakeCommandRunner.Ok());

        Assert.Equal(AdminExit.Failed, render.Run(Request(dir.Path, checkWith: "/nonexistent/httpd")));

        Assert.Empty(Directory.GetFiles(dir.Path));
        Assert.Contains("/nonexistent/httpd not found", messages.ToString());
    }

    [Fact]
    public void An_invalid_tenants_file_exits_3_listing_every_error()
    {
        using var dir = new TempDirectory();
        var file = dir.Write("tenants.json", """{ "tenants": [ { "id": "t1", "rp": { "members": [] }, "rsw": {} } ] }""");
        var (render, _, messages, _) = Create((_, _) => FakeCommandRunner.Ok());

        var rc = render.Run(Request(dir.Path) with { TenantsPath = file });

        Assert.Equal(AdminExit.Invalid, rc);
        Assert.Contains("  t1: RP: no members", messages.ToString());
        Assert.Contains("  t1: unknown service or key 'rsw' (did you mean 'rws'?)", messages.ToString());
    }

    [Fact]
    public void The_standalone_check_loads_only_modules_that_exist_and_includes_the_staged_files()
    {
        var existing = new HashSet<string> { "/m/mod_proxy.so", "/m/mod_ssl.so", "/m/mod_headers.so" };

        var config = HttpdConfigCheck.StandaloneConfig("/s", "/s/files", "/m", tls: true, existing.Contains);

        Assert.Contains("<IfModule !proxy_module>\n    LoadModule proxy_module \"/m/mod_proxy.so\"\n</IfModule>\n", config);
        Assert.Contains("LoadModule ssl_module \"/m/mod_ssl.so\"", config);
        Assert.DoesNotContain("mod_status.so", config);
        Assert.EndsWith("IncludeOptional \"/s/files/*.conf\"\n", config);
    }
}
