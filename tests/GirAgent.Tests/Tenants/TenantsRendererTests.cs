using System.Text.RegularExpressions;
using GirAgent.Httpd;
using GirAgent.Tenants;

namespace GirAgent.Tests.Tenants;

public sealed partial class TenantsRendererTests
{
    public static TheoryData<string, string> Sets => new()
    {
        { "sample", Golden.SamplePath },
        { "tls-two-tenants", Path.Combine(Golden.Fixtures, "tls-two-tenants.tenants.json") },
    };

    [Theory]
    [MemberData(nameof(Sets))]
    public void Rendering_matches_the_golden_files(string set, string tenantsFile)
    {
        var files = TenantsRenderer.Render(TenantsFile.Load(tenantsFile));

        foreach (var file in files) Golden.AssertMatches(Path.Combine(set, file.Name), file.Content);
        var golden = Directory.Exists(Path.Combine(Golden.Fixtures, set))
            ? Directory.GetFiles(Path.Combine(Golden.Fixtures, set)).Select(f => Path.GetFileName(f)).Order().ToList() : [];
        if (Environment.GetEnvironmentVariable("GIRLB_UPDATE_GOLDEN") != "1")
            Assert.Equal(golden, files.Select(f => f.Name).Order().ToList());
    }

    [Theory]
    [MemberData(nameof(Sets))]
    public void Every_Proxy_is_closed_and_holds_only_members_and_ProxySet(string set, string tenantsFile)
    {
        _ = set;
        foreach (var file in TenantsRenderer.Render(TenantsFile.Load(tenantsFile)))
        {
            var depth = 0;
            foreach (var directive in ApacheDirective.Read(file.Content))
            {
                if (directive.IsSectionOpen && directive.SectionName == "Proxy") { Assert.Equal(0, depth); depth++; continue; }
                if (directive.IsSectionClose && directive.SectionName == "Proxy") { depth--; continue; }
                if (depth > 0) Assert.Contains(directive.Name, new[] { "BalancerMember", "ProxySet" });
            }
            Assert.Equal(0, depth);
        }
    }

    [Fact]
    public void Per_tenant_cookie_settings_stay_inside_the_tenants_own_Locations()
    {
        var tenant = TenantsRenderer.Render(TenantsFile.Load(Golden.SamplePath)).Single(f => f.Name == "loadbalancer_tenant1.conf");

        string? location = null;
        foreach (var d in ApacheDirective.Read(tenant.Content))
        {
            if (d.IsSectionOpen) location = d.SectionName == "Location" ? d.Arguments[0] : null;
            else if (d.IsSectionClose) location = null;
            else if (d.Is("Header")) Assert.True(location is "/t1/api" or "/t1/internal-api", $"Header outside the RWS paths (line {d.Line})");
            else if (d.Is("ProxyPassReverseCookiePath")) Assert.Equal("/t1/rcs", location);
            else if (d.Is("ProxyPass") || d.Is("ProxyPassReverse")) Assert.Null(location);
        }
        Assert.Contains("Header add Set-Cookie \"ROUTEID=.%{BALANCER_WORKER_ROUTE}e; path=/t1\" env=BALANCER_ROUTE_CHANGED", tenant.Content);
        Assert.Contains("disablereuse=On connectiontimeout=10000ms route=Recording_Crypto_Server_1", tenant.Content);
        Assert.Contains("BalancerMember \"http://10.77.0.72:8090\" status=+H", tenant.Content);
        Assert.DoesNotMatch(RpStandby(), tenant.Content);
    }

    [Fact]
    public void The_status_page_uses_Apache_2_4_Require()
    {
        var common = TenantsRenderer.RenderCommon(TenantsFile.Load(Golden.SamplePath));

        Assert.Contains("ProxyStatus On", common);
        Assert.Contains("    Require local\n    Require ip 10.77.0.0/24\n", common);
        Assert.DoesNotContain("Allow", common);
        Assert.DoesNotContain("Order", common);
    }

    [Fact]
    public void The_TLS_variant_turns_on_SSLProxyEngine_and_uses_https_members()
    {
        var files = TenantsRenderer.Render(TenantsFile.Load(Path.Combine(Golden.Fixtures, "tls-two-tenants.tenants.json")));
        var t2 = files.Single(f => f.Name == "loadbalancer_tenant2.conf").Content;
        var t10 = files.Single(f => f.Name == "loadbalancer_tenant10.conf").Content;

        Assert.Contains("SSLProxyEngine on\nSSLProxyVerify require\n", t2);
        Assert.Contains("BalancerMember \"https://rws1.t2.example.com:8443\" route=T2RWS1", t2);
        Assert.Contains("BalancerMember \"https://[2001:db8::52]:8443\" disablereuse=On connectiontimeout=5000ms route=RCS_Tenant_2_B", t2);
        Assert.Contains("BalancerMember \"http://dav1.t2.example.com:80\"", t2);
        Assert.DoesNotContain("SSLProxyEngine", t10);
        Assert.Contains("ProxyPass \"/tenant10/api\" \"balancer://t10rws/api\"", t10);
    }

    [Fact]
    public void Rendering_is_deterministic_and_so_is_the_digest()
    {
        var config = TenantsFile.Load(Golden.SamplePath);

        var first = TenantsRenderer.Render(config);
        var second = TenantsRenderer.Render(TenantsFile.Load(Golden.SamplePath));

        Assert.Equal(first, second);
        Assert.Equal(TenantsDigest.Compute(first), TenantsDigest.Compute(second));
        Assert.Matches("^[0-9a-f]{64}$", TenantsDigest.Compute(first));
        Assert.All(first, f => Assert.StartsWith(TenantsRenderer.Marker, f.Content));
    }

    [Fact]
    public void The_digest_changes_with_any_byte_name_or_missing_file()
    {
        var baseline = TenantsDigest.Compute([("a.conf", "x"), ("b.conf", "y")]);

        Assert.Equal(baseline, TenantsDigest.Compute([("b.conf", "y"), ("a.conf", "x")]));
        Assert.NotEqual(baseline, TenantsDigest.Compute([("a.conf", "x "), ("b.conf", "y")]));
        Assert.NotEqual(baseline, TenantsDigest.Compute([("a.conf", "xy"), ("b.conf", "")]));
        Assert.NotEqual(baseline, TenantsDigest.Compute([("a.conf", "x"), ("c.conf", "y")]));
        Assert.NotEqual(TenantsDigest.Compute([("a.conf", "")]), TenantsDigest.Compute([("a.conf", null)]));
    }

    [GeneratedRegex(@"t1rp[^<]*status=", RegexOptions.Singleline)]
    private static partial Regex RpStandby();
}
