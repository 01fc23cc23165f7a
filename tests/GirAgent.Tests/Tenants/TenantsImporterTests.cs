using GirAgent.Tenants;

namespace GirAgent.Tests.Tenants;

public sealed class TenantsImporterTests
{
    private const string SeedFile = "loadbalancer_tenant1.conf";

    private static ImportResult ImportSeed() => TenantsImporter.Import([(SeedFile, Golden.Read(Path.Combine("seed", SeedFile)))]);

    [Fact]
    public void The_seeds_broken_file_imports_into_the_golden_tenants_file()
    {
        var result = ImportSeed();

        Golden.AssertMatches(Path.Combine("seed", "imported.tenants.json"), TenantsFile.Serialize(result.Document));
        Golden.AssertMatches(Path.Combine("seed", "findings.txt"), string.Join('\n', result.Findings) + "\n");
    }

    [Fact]
    public void Each_defect_of_the_seed_is_reported_with_its_line()
    {
        var defects = ImportSeed().Findings.Where(f => f.Severity == ImportSeverity.Defect).ToList();

        Assert.All(defects, d => Assert.Equal(SeedFile, d.File));
        // every <Proxy> unclosed, at the line that opens it
        Assert.Equal([8, 19, 25, 33, 39], defects.Where(d => d.Message.Contains("is never closed", StringComparison.Ordinal)).Select(d => d.Line));
        // ProxyPass and ProxyPassReverse inside <Proxy>
        Assert.Equal(14, defects.Count(d => d.Message.Contains("inside <Proxy", StringComparison.Ordinal)));
        Assert.Contains(defects, d => d.Line == 14 && d.Message.StartsWith("ProxyPass inside <Proxy \"balancer://t1rws\"> (line 8)", StringComparison.Ordinal));
        // the status page: Apache 2.2 syntax and the empty Allow from
        Assert.Contains(defects, d => d.Line == 49 && d.Message.StartsWith("'Order deny,allow' is Apache 2.2", StringComparison.Ordinal));
        Assert.Contains(defects, d => d.Line == 50 && d.Message.Contains("Apache 2.2", StringComparison.Ordinal));
        Assert.Contains(defects, d => d.Line == 51 && d.Message.StartsWith("'Allow from' names no address", StringComparison.Ordinal));
        Assert.Equal("loadbalancer_tenant1.conf:51: defect: 'Allow from' names no address: httpd refuses it; render writes 'Require local' and 'Require ip' for status.allow",
            defects.Single(d => d.Line == 51).ToString());
    }

    [Fact]
    public void The_seed_documents_own_tenant_block_imports_and_renders_each_service_on_its_real_backend_path()
    {
        // verbatim from the customer's document (shared/seed): host names, the RP mapping /t1/rp/api -> /api
        var result = TenantsImporter.Import([("seed.conf", Golden.Read(Path.Combine("seed", "seed-document-block.conf")))]);
        var config = TenantsValidator.Validate(result.Document, "seed.conf");

        var t1 = Assert.Single(config.Tenants);
        Assert.Equal("/t1", t1.Prefix);
        Assert.Equal([new ServicePath("/rp/api", "/api")], t1.Find(TenantService.Rp)!.Paths);
        Assert.Null(result.Document.Tenants![0]!.Rp!.Paths); // the seed's default, so left out of the file
        var rendered = TenantsRenderer.RenderTenant(t1, config.Tls);
        Assert.Contains("ProxyPass \"/t1/rp/api\" \"balancer://t1rp/api\"\n", rendered, StringComparison.Ordinal);
        Assert.Contains("ProxyPass \"/t1/api\" \"balancer://t1rws/api\"\n", rendered, StringComparison.Ordinal);
        Assert.Contains("ProxyPass \"/t1/rcs\" \"balancer://t1rcs/rcs\"\n", rendered, StringComparison.Ordinal);
        Assert.Contains("ProxyPass \"/t1/interactionreceiver\" \"balancer://t1sm/interactionreceiver\"\n", rendered, StringComparison.Ordinal);
        Assert.Contains("ProxyPass \"/t1/dest2\" \"balancer://t1webdav/dest2\"\n", rendered, StringComparison.Ordinal);
        Assert.DoesNotContain("rp/rp", rendered, StringComparison.Ordinal);
        Assert.DoesNotContain(result.Findings, f => f.Message.Contains("does not follow", StringComparison.Ordinal));
    }

    [Fact]
    public void A_path_the_members_get_under_another_name_survives_import_and_render()
    {
        const string conf = """
            <Proxy "balancer://t4rws">
                BalancerMember "http://10.0.0.1:8080" route=T4RWS1
                ProxySet stickysession=ROUTEID
            </Proxy>
            ProxyPass "/t4/api" "balancer://t4rws/v2/api"
            ProxyPass "/t4/internal-api" "balancer://t4rws/internal-api"
            """;
        var result = TenantsImporter.Import([("t4.conf", conf)]);
        var config = TenantsValidator.Validate(result.Document, "t4.conf");

        Assert.Equal([new ServicePath("/api", "/v2/api"), ServicePath.Same("/internal-api")], config.Tenants[0].Find(TenantService.Rws)!.Paths);
        Assert.Contains("\"public\": \"/api\"", TenantsFile.Serialize(result.Document), StringComparison.Ordinal);
        Assert.Contains("ProxyPass \"/t4/api\" \"balancer://t4rws/v2/api\"", TenantsRenderer.RenderTenant(config.Tenants[0], config.Tls), StringComparison.Ordinal);
    }

    [Fact]
    public void The_imported_seed_renders_tenant_t1_as_the_sample_does()
    {
        var imported = TenantsValidator.Validate(ImportSeed().Document, "imported");
        var sample = TenantsFile.Load(Golden.SamplePath);

        Assert.Equal(TenantsRenderer.RenderTenant(sample.Tenants[0], sample.Tls), TenantsRenderer.RenderTenant(imported.Tenants[0], imported.Tls));
    }

    [Theory]
    [InlineData("sample")]
    [InlineData("tls-two-tenants")]
    public void Importing_rendered_files_gives_back_the_same_configuration(string set)
    {
        var tenantsFile = set == "sample" ? Golden.SamplePath : Path.Combine(Golden.Fixtures, set + ".tenants.json");
        var config = TenantsFile.Load(tenantsFile);
        var files = TenantsRenderer.Render(config);

        var result = TenantsImporter.Import([.. files.Select(f => (f.Name, f.Content))]);
        var again = TenantsValidator.Validate(result.Document, "imported");

        Assert.DoesNotContain(result.Findings, f => f.Severity == ImportSeverity.Defect);
        Assert.Equal(files, TenantsRenderer.Render(again));
    }

    [Fact]
    public void Balancers_outside_the_seeds_names_and_hot_standby_RP_members_are_defects()
    {
        const string text = """
            <Proxy "balancer://api">
                BalancerMember "http://a:80"
            </Proxy>
            <Proxy "balancer://t3rp">
                BalancerMember "http://b:8889" status=+H
            </Proxy>
            ProxyPass "/t3/rp/api" "balancer://t3rp/rp/api"
            """;

        var result = TenantsImporter.Import([("x.conf", text)]);

        Assert.Contains(result.Findings, f => f is { Line: 1, Severity: ImportSeverity.Defect } && f.Message.StartsWith("balancer://api does not follow the seed's names", StringComparison.Ordinal));
        Assert.Contains(result.Findings, f => f is { Line: 5, Severity: ImportSeverity.Defect } && f.Message.Contains("standby must stay off", StringComparison.Ordinal));
        var t3 = Assert.Single(result.Document.Tenants!);
        Assert.Null(t3!.Rp!.Members![0]!.HotStandby);
    }
}

/// <summary>Forms httpd 2.4 accepts and serves (checked through server-status) that an import must carry over.</summary>
public sealed class TenantsImporterHttpdFormsTests
{
    private static ImportResult Import(string text) => TenantsImporter.Import([("t1.conf", text)]);

    private static IEnumerable<string?> Hosts(ServiceEntry? service) => service?.Members?.Select(m => m?.Host) ?? [];

    [Fact]
    public void A_proxy_section_naming_its_balancer_with_a_trailing_slash_keeps_its_members_and_settings()
    {
        var result = Import("""
            <Proxy "balancer://t1rws/">
                BalancerMember http://10.0.0.1:8080 route=T1RWS1
                BalancerMember http://10.0.0.2:8080 route=T1RWS2
                ProxySet stickysession=ROUTEID
            </Proxy>
            ProxyPass /t1/api balancer://t1rws/api
            """);

        var rws = Assert.Single(result.Document.Tenants!)!.Rws;
        Assert.Equal(["10.0.0.1", "10.0.0.2"], Hosts(rws));
        Assert.DoesNotContain(result.Findings, f => f.Message.Contains("no members", StringComparison.Ordinal)
            || f.Message.Contains("outside", StringComparison.Ordinal) || f.Message.Contains("no stickysession", StringComparison.Ordinal));
    }

    [Fact]
    public void Members_and_settings_naming_their_balancer_outside_any_proxy_section_are_imported()
    {
        var result = Import("""
            BalancerMember balancer://t1rp/ http://10.0.0.41:8889
            BalancerMember balancer://t1rp http://10.0.0.42:8889
            ProxySet balancer://t1rp/ lbmethod=bybusyness
            ProxyPass /t1/rp/api balancer://t1rp/api
            """);

        var rp = Assert.Single(result.Document.Tenants!)!.Rp;
        Assert.Equal(["10.0.0.41", "10.0.0.42"], Hosts(rp));
        Assert.DoesNotContain(result.Findings, f => f.Severity == ImportSeverity.Defect);
    }

    [Fact]
    public void Two_balancers_that_name_one_tenants_service_are_refused_with_both_names()
    {
        var result = Import("""
            <Proxy "balancer://t007rp">
                BalancerMember http://10.0.0.41:8889
            </Proxy>
            <Proxy "balancer://t7rp">
                BalancerMember http://10.0.0.42:8889
            </Proxy>
            <Proxy "balancer://t7rws">
                BalancerMember http://10.0.0.31:8080 route=T7RWS1
            </Proxy>
            """);

        var defect = Assert.Single(result.Findings, f => f.Severity == ImportSeverity.Defect && f.Message.Contains("both name", StringComparison.Ordinal));
        Assert.Contains("balancer://t007rp", defect.Message);
        Assert.Contains("balancer://t7rp", defect.Message);
        var tenant = Assert.Single(result.Document.Tenants!)!;
        Assert.Null(tenant.Rp); // neither member silently replaces the other
        Assert.Equal(["10.0.0.31"], Hosts(tenant.Rws));
    }
}
