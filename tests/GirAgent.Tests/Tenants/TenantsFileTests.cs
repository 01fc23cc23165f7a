using GirAgent.Tenants;

namespace GirAgent.Tests.Tenants;

public sealed class TenantsFileTests
{
    private const string Minimal = """
        { "tenants": [ { "id": "t1",
            "rws": { "members": [ { "host": "10.0.0.31" }, { "host": "10.0.0.32" } ] },
            "rp": { "members": [ { "host": "10.0.0.41" } ] },
            "rcs": { "members": [ { "host": "10.0.0.51", "application": "Recording Crypto Server 1" } ] },
            "interaction_receiver": { "port": 8081, "members": [ { "host": "10.0.0.61" } ] },
            "webdav": { "port": 8090, "members": [ { "host": "10.0.0.71" }, { "host": "10.0.0.72", "hot_standby": true } ] } } ] }
        """;

    [Fact]
    public void The_shipped_sample_describes_tenant_t1_as_the_seed_lists_it()
    {
        var config = TenantsFile.Load(Golden.SamplePath);

        var t1 = Assert.Single(config.Tenants);
        Assert.Equal("t1", t1.Id);
        Assert.Equal("/t1", t1.Prefix);
        Assert.Equal(TenantServices.All, t1.Services.Select(s => s.Service));
        Assert.Equal(["T1RWS1", "T1RWS2", "T1RWS3"], t1.Find(TenantService.Rws)!.Members.Select(m => m.Route));
        Assert.Equal(["Recording_Crypto_Server_1", "Recording_Crypto_Server_2"], t1.Find(TenantService.Rcs)!.Members.Select(m => m.Route));
        Assert.Equal([false, true], t1.Find(TenantService.WebDav)!.Members.Select(m => m.HotStandby));
        Assert.Empty(config.Warnings);
    }

    [Fact]
    public void The_seeds_defaults_fill_in_what_the_file_leaves_out()
    {
        var t1 = TenantsFile.Parse(Minimal).Tenants[0];

        var rws = t1.Find(TenantService.Rws)!;
        Assert.Equal("balancer://t1rws", rws.Balancer);
        Assert.Equal([ServicePath.Same("/api"), ServicePath.Same("/internal-api")], rws.Paths);
        Assert.Equal("ROUTEID", rws.StickySession);
        Assert.Equal(["http://10.0.0.31:8080", "http://10.0.0.32:8080"], rws.Members.Select(m => m.Url));
        Assert.Equal(["T1RWS1", "T1RWS2"], rws.Members.Select(m => m.Route));
        var rp = t1.Find(TenantService.Rp)!;
        Assert.Equal((8889, (string?)null, false), (rp.Members[0].Port, rp.StickySession, rp.DisableReuse));
        var rcs = t1.Find(TenantService.Rcs)!;
        Assert.Equal(("JSESSIONID", 10000, true, 8008), (rcs.StickySession, rcs.ConnectionTimeoutMs, rcs.DisableReuse, rcs.Members[0].Port));
        Assert.Equal([ServicePath.Same("/recordings"), ServicePath.Same("/dest2")], t1.Find(TenantService.WebDav)!.Paths);
        // the seed's RP: ProxyPass /t1/rp/api balancer://t1rp/api (the members get /api)
        Assert.Equal([new ServicePath("/rp/api", "/api")], rp.Paths);
        Assert.Equal("balancer://t1sm", t1.Find(TenantService.InteractionReceiver)!.Balancer);
    }

    [Theory]
    [InlineData("""{ "tenants": [] }""", "no tenants")]
    [InlineData("""{ "tenants": [ { "id": "t1", "rws": { "members": [] } } ] }""", "t1: RWS: no members")]
    [InlineData("""{ "tenants": [ { "id": "t1", "rws": { "members": [ { "host": "bad_host" } ] } } ] }""", "t1: RWS: member 1 (bad_host): host 'bad_host' is not a host name or IP address")]
    [InlineData("""{ "tenants": [ { "id": "t1", "rws": { "members": [ { "host": "10.0.0.300" } ] } } ] }""", "host '10.0.0.300' is not a host name")]
    [InlineData("""{ "tenants": [ { "id": "t1", "rws": { "members": [ { "host": "rws1:8080" } ] } } ] }""", "host 'rws1:8080' contains a port")]
    [InlineData("""{ "tenants": [ { "id": "t1", "rws": { "members": [ { "host": "a", "route": "R" }, { "host": "b", "route": "R" } ] } } ] }""", "t1: RWS: route R is used by http://a:8080 and http://b:8080")]
    [InlineData("""{ "tenants": [ { "id": "t1", "rws": { "members": [ { "host": "a" }, { "host": "a" } ] } } ] }""", "t1: RWS: member http://a:8080 is listed 2 times")]
    [InlineData("""{ "tenants": [ { "id": "t1", "webdva": { "members": [ { "host": "a" } ] } } ] }""", "t1: unknown service or key 'webdva' (did you mean 'webdav'?)")]
    [InlineData("""{ "tenants": [ { "id": "t1", "sm": { "members": [ { "host": "a" } ] } } ] }""", "t1: unknown service or key 'sm' (did you mean 'interaction_receiver'?)")]
    [InlineData("""{ "tenants": [ { "id": "t1", "rp": { "members": [ { "host": "a", "hot_standby": true } ] } } ] }""", "t1: RP: member 1 (a): hot_standby: standby must stay off for the Recording Processor")]
    [InlineData("""{ "tenants": [ { "id": "t1", "rcs": { "members": [ { "host": "a" } ] } } ] }""", "t1: RCS: member 1 (a): no \"application\"")]
    [InlineData("""{ "tenants": [ { "id": "t1", "interaction_receiver": { "members": [ { "host": "a" } ] } } ] }""", "t1: Interaction Receiver: no port")]
    [InlineData("""{ "tenants": [ { "id": "t01", "rp": { "members": [ { "host": "a" } ] } } ] }""", "id 't01' is not t followed by a number")]
    [InlineData("""{ "tenants": [ { "id": "t1", "rp": { "members": [ { "host": "a" } ] } }, { "id": "t1", "rp": { "members": [ { "host": "b" } ] } } ] }""", "t1: defined 2 times")]
    [InlineData("""{ "tenants": [ { "id": "t1" } ] }""", "t1: no services")]
    [InlineData("""{ "tenants": [ { "id": "t1", "rws": { "members": [ { "host": "a" } ] }, "rp": { "paths": ["/api/rp"], "members": [ { "host": "b" } ] } } ] }""", "t1 RP: public path /t1/api/rp is hidden by t1 RWS's /t1/api")]
    [InlineData("""{ "status": { "allow": ["everyone"] }, "tenants": [ { "id": "t1", "rp": { "members": [ { "host": "a" } ] } } ] }""", "status: allow 'everyone' is not an IP address or network")]
    [InlineData("""{ "tenants": [ { "id": "t1", "rp": { "members": [ { "host": "a", "prot": 1 } ] } } ] }""", "t1: RP: member 1 (a): unknown key 'prot' (did you mean 'port'?)")]
    [InlineData("""{ "tenants": [ { "id": "t1", "rcs": { "members": [ { "host": "a", "application": "Crypto/1" } ] } } ] }""", "route 'Crypto/1' has characters a route cannot have")]
    [InlineData("""{ "tenants": [ { "id": "t1", "scheme": "ftp", "rp": { "members": [ { "host": "a" } ] } } ] }""", "t1: scheme 'ftp' is not http or https")]
    [InlineData("""{ "tenants": [ { "id": "t1", "rws": { "members": [ { "host": "fe80::1%a\" status=+H route=EVIL x=\"" } ] } } ] }""", "is not a host name or IP address")]
    [InlineData("""{ "tenants": [ { "id": "t1", "rws": { "members": [ { "host": "fe80::1%eth0 x" } ] } } ] }""", "is not a host name or IP address")]
    [InlineData("""{ "tenants": [ { "id": "t1", "rws": { "members": [ { "host": "fe80::1%\n" } ] } } ] }""", "is not a host name or IP address")]
    [InlineData("""{ "status": { "allow": ["fe80::/64%eth0"] }, "tenants": [ { "id": "t1", "rp": { "members": [ { "host": "a" } ] } } ] }""", "status: allow 'fe80::/64%eth0' is not an IP address or network")]
    [InlineData("""{ "tls": { "ca_file": "/etc/ca\n.pem" }, "tenants": [ { "id": "t1", "rp": { "members": [ { "host": "a" } ] } } ] }""", "tls: ca_file '/etc/ca\\n.pem' must be an absolute path")]
    [InlineData("""{ "tenants": [ { "id": "t1", "rp": { "paths": [ { "public": "/rp/api" } ], "members": [ { "host": "a" } ] } } ] }""", "t1: RP: path: a path object needs both \"public\" and \"backend\"")]
    [InlineData("""{ "tenants": [ { "id": "t1", "rp": { "paths": [ { "public": "/rp/api", "backend": "/a\"pi" } ], "members": [ { "host": "a" } ] } } ] }""", "t1: RP: backend path '/a\"pi' of /rp/api is not a URL path")]
    [InlineData("""{ "tenants": [ { "id": "t1", "rp": { "paths": [ 7 ], "members": [ { "host": "a" } ] } } ] }""", "t1: RP: path: number is not a path")]
    [InlineData("""{ "tenants": [ { "id": "t1", "rp": { "paths": [ { "public": "/x", "backend": "/y", "to": "/z" } ], "members": [ { "host": "a" } ] } } ] }""", "t1: RP: path: unknown key 'to'")]
    [InlineData("""{ "tenants": [ { "id": "t1", "rws": { "members": [ { "host": "a", "hot_standby": true } ] } } ] }""", "t1: RWS: every member is a hot standby")]
    public void Validation_names_the_tenant_service_and_member(string json, string expected)
    {
        var e = Assert.Throws<TenantsFileException>(() => TenantsFile.Parse(json, "tenants.json"));

        Assert.Contains(e.Errors, error => error.Contains(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void Every_problem_is_reported_not_only_the_first()
    {
        const string json = """{ "tenants": [ { "id": "t1", "rws": { "members": [ { "host": "a b" } ] }, "rp": { "members": [] }, "xyz": 1 } ] }""";

        var e = Assert.Throws<TenantsFileException>(() => TenantsFile.Parse(json));

        Assert.Equal(3, e.Errors.Count);
    }

    [Theory]
    [InlineData("{ \"tenants\": [ { \"id\": \"t1\", \"rws\": { \"port\": \"8080\" } } ] }", "line 1", "expected a whole number")]
    [InlineData("{\n  \"tenants\": [\n    { id: \"t1\" }\n  ]\n}", "line 3", "expected a key in double quotes")]
    [InlineData("{ \"tenants\": [ ", "line 1", "the file ends before every { and [ is closed")]
    public void A_JSON_error_says_where_and_what(string json, string where, string what)
    {
        var e = Assert.Throws<TenantsFileException>(() => TenantsFile.Parse(json));

        var error = Assert.Single(e.Errors);
        Assert.Contains(where, error);
        Assert.Contains(what, error);
    }

    [Fact]
    public void Comments_and_trailing_commas_are_allowed()
    {
        const string json = """
            // tenants
            { "tenants": [ { "id": "t7", /* the RP */ "rp": { "members": [ { "host": "rp.example.com", }, ], }, }, ], }
            """;

        Assert.Equal("t7", TenantsFile.Parse(json).Tenants[0].Id);
    }

    [Fact]
    public void WebDAV_without_a_hot_standby_is_a_warning_not_an_error()
    {
        const string json = """{ "tenants": [ { "id": "t1", "webdav": { "port": 80, "members": [ { "host": "a" }, { "host": "b" } ] } } ] }""";

        var config = TenantsFile.Parse(json);

        Assert.Contains(config.Warnings, w => w.Contains("t1: WebDAV: no hot standby", StringComparison.Ordinal));
    }

    [Fact]
    public void A_written_document_reads_back_the_same()
    {
        var document = TenantsFile.Deserialize(File.ReadAllText(Golden.SamplePath));

        var again = TenantsFile.Deserialize(TenantsFile.Serialize(document));

        Assert.Equal(TenantsRenderer.Render(TenantsFile.Parse(File.ReadAllText(Golden.SamplePath))),
            TenantsRenderer.Render(TenantsValidator.Validate(again, "again")));
        Assert.DoesNotContain("\\u0027", TenantsFile.Serialize(document));
    }

    [Theory]
    [InlineData("10.0.0.1", true)]
    [InlineData("rws1.example.com", true)]
    [InlineData("2001:db8::1", true)]
    [InlineData("[2001:db8::1]", false)]
    [InlineData("-bad.example.com", false)]
    [InlineData("1.2.3", false)]
    [InlineData("", false)]
    public void Hosts_are_names_or_addresses(string host, bool valid) => Assert.Equal(valid, TenantsValidator.IsHost(host));
}

public sealed class TenantsFileReadFailureTests
{
    [Fact]
    public void A_file_that_cannot_be_read_is_a_failure_exit_5_and_one_that_is_not_valid_is_exit_3()
    {
        var dir = Directory.CreateTempSubdirectory("girlb-tenants-");
        try
        {
            var missing = Assert.Throws<TenantsFileException>(() => TenantsFile.Read(Path.Combine(dir.FullName, "none.json")));
            var directory = Assert.Throws<TenantsFileException>(() => TenantsFile.Read(dir.FullName));
            var invalid = Path.Combine(dir.FullName, "bad.json");
            File.WriteAllText(invalid, "{ \"tenants\": 7 }");
            var notValid = Assert.Throws<TenantsFileException>(() => TenantsFile.Read(invalid));

            Assert.Equal(GirAgent.Admin.AdminExit.Failed, missing.ExitCode);
            Assert.Equal(GirAgent.Admin.AdminExit.Failed, directory.ExitCode);
            Assert.Equal(GirAgent.Admin.AdminExit.Invalid, notValid.ExitCode);
        }
        finally { dir.Delete(recursive: true); }
    }
}
