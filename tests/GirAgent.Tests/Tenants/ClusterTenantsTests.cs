using System.IO.Compression;
using System.Text;
using GirAgent.Admin;
using GirAgent.Posix;
using GirAgent.Tenants;
using GirAgent.TenantsAdmin;
using GirAgent.Tests.TestSupport;

namespace GirAgent.Tests.Tenants;

/// <summary>The cluster's tenants document: its encoding in the CIB, hostile values, member states and their rendering.</summary>
public sealed class ClusterTenantsTests
{
    private static TenantsDocument Sample() => TenantsFile.Deserialize(File.ReadAllText(Golden.SamplePath));

    /// <summary>A tenants file of <paramref name="count"/> tenants of 11 members each, as the bench builds it.</summary>
    internal static string ManyTenants(int count)
    {
        var sb = new StringBuilder("{\"tenants\": [");
        for (var t = 1; t <= count; t++)
        {
            if (t > 1) sb.Append(',');
            string M(int first, int n, string extra = "") => string.Join(",", Enumerable.Range(0, n).Select(i => $"{{\"host\": \"10.{t / 250}.{t % 250}.{first + i}\"{(extra.Length > 0 ? extra.Replace("#", (i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture)) : "")}}}"));
            sb.Append($"{{\"id\": \"t{t}\", \"rws\": {{\"members\": [{M(31, 3)}]}}, \"rp\": {{\"members\": [{M(41, 2)}]}}, ")
              .Append($"\"rcs\": {{\"members\": [{M(51, 2, ", \"application\": \"RCS #\"")}]}}, \"interaction_receiver\": {{\"port\": 8081, \"members\": [{M(61, 2)}]}}, ")
              .Append($"\"webdav\": {{\"port\": 8090, \"members\": [{{\"host\": \"10.{t / 250}.{t % 250}.71\"}}, {{\"host\": \"10.{t / 250}.{t % 250}.72\", \"hot_standby\": true}}]}}}}");
        }
        return sb.Append("]}").ToString();
    }

    [Fact]
    public void A_document_survives_the_round_trip_through_the_CIB_value()
    {
        var document = Sample();
        var value = ClusterTenants.Encode(document);

        Assert.StartsWith(ClusterTenants.Prefix, value);
        Assert.DoesNotContain('\n', value);
        var back = ClusterTenants.Parse(value);
        Assert.Equal(TenantsDigest.Compute(TenantsRenderer.Render(TenantsFile.Parse(TenantsFile.Serialize(document)))), TenantsDigest.Compute(TenantsRenderer.Render(back)));
        Assert.Equal(value, ClusterTenants.Encode(ClusterTenants.Deserialize(value)));
    }

    [Fact]
    public void A_hundred_tenants_of_eleven_members_fit_one_environment_variable_with_room_to_spare()
    {
        var document = TenantsFile.Deserialize(ManyTenants(100));
        var value = ClusterTenants.Encode(document);

        Assert.Equal(100, ClusterTenants.Parse(value).Tenants.Count);
        Assert.True(value.Length < ClusterTenants.MaxValueLength / 4, $"{value.Length} bytes");
    }

    [Fact]
    public void Plain_JSON_set_by_hand_is_read_too()
    {
        Assert.Single(ClusterTenants.Parse("  " + File.ReadAllText(Golden.SamplePath)).Tenants);
    }

    public static TheoryData<string, string> Hostile => new()
    {
        { "", "not a tenants document" },
        { "tenants.json", "not a tenants document" },
        { ClusterTenants.Prefix + "%%%", "damaged: not base64" },
        { ClusterTenants.Prefix + Convert.ToBase64String(Encoding.UTF8.GetBytes("not gzip at all")), "damaged" },
        { ClusterTenants.Prefix + Gzip(new byte[] { 0xff, 0xfe, 0x00 }), "damaged" },
        { ClusterTenants.Prefix + Gzip(new byte[TenantsFile.MaxBytes + 1]), "inflates to more than 4 MiB" },
        { ClusterTenants.Prefix + Gzip(Encoding.UTF8.GetBytes("{\"tenants\": [{\"id\": \"t1\"}]}")), "t1" },
        { "{\"tenants\": ", "line 1" },
    };

    [Theory]
    [MemberData(nameof(Hostile))]
    public void A_damaged_or_hostile_value_is_a_clear_error(string value, string expected)
    {
        var e = Assert.Throws<TenantsFileException>(() => ClusterTenants.Parse(value));
        Assert.Contains(expected, string.Join("\n", e.Errors));
    }

    private static string Gzip(byte[] bytes)
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest, leaveOpen: true)) gzip.Write(bytes);
        return Convert.ToBase64String(buffer.ToArray());
    }

    [Fact]
    public void Drained_and_disabled_members_render_as_mod_proxy_balancer_states()
    {
        var document = Sample();
        var config = TenantsFile.Parse(TenantsFile.Serialize(document));
        MemberChange.Set(document, config, "t1", "rws", "T1RWS1", MemberState.Drain, force: false);
        MemberChange.Set(document, config, "t1", "webdav", "2", MemberState.Drain, force: false);
        MemberChange.Set(document, config, "t1", "rp", "10.77.0.42", MemberState.Disabled, force: false);

        var text = string.Join("\n", TenantsRenderer.Render(TenantsFile.Parse(TenantsFile.Serialize(document))).Select(f => f.Content));
        Assert.Contains("BalancerMember \"http://10.77.0.31:8080\" route=T1RWS1 status=+N", text);
        Assert.Contains("BalancerMember \"http://10.77.0.72:8090\" status=+H+N", text);
        Assert.Contains("BalancerMember \"http://10.77.0.42:8889\" status=+D", text);
        Assert.Contains("BalancerMember \"http://10.77.0.32:8080\" route=T1RWS2\n", text);
        Assert.Contains("\"state\": \"drain\"", TenantsFile.Serialize(document));
    }

    [Fact]
    public void Enabling_a_member_removes_its_state_from_the_document()
    {
        var document = Sample();
        var config = TenantsFile.Parse(TenantsFile.Serialize(document));
        MemberChange.Set(document, config, "t1", "rws", "T1RWS1", MemberState.Disabled, force: false);
        var changed = TenantsFile.Parse(TenantsFile.Serialize(document));

        Assert.Equal("t1 RWS http://10.77.0.31:8080 (route T1RWS1): disabled -> active", MemberChange.Set(document, changed, "t1", "RWS", "http://10.77.0.31:8080", MemberState.Active, force: false));
        Assert.DoesNotContain("\"state\"", TenantsFile.Serialize(document));
        Assert.Null(MemberChange.Set(document, TenantsFile.Parse(TenantsFile.Serialize(document)), "t1", "rws", "1", MemberState.Active, force: false));
    }

    [Fact]
    public void A_change_that_leaves_no_member_for_new_sessions_is_refused_unless_forced()
    {
        var document = Sample();
        var config = TenantsFile.Parse(TenantsFile.Serialize(document));
        MemberChange.Set(document, config, "t1", "rp", "1", MemberState.Drain, force: false);
        var drained = TenantsFile.Parse(TenantsFile.Serialize(document));

        var e = Assert.Throws<AdminException>(() => MemberChange.Set(document, drained, "t1", "rp", "2", MemberState.Disabled, force: false));
        Assert.Equal(AdminExit.Refused, e.ExitCode);
        Assert.Contains("no member of t1 RP would take new sessions (http://10.77.0.41:8889 drain, http://10.77.0.42:8889 disabled); --force", e.Message);

        Assert.NotNull(MemberChange.Set(document, drained, "t1", "rp", "2", MemberState.Disabled, force: true));
        var forced = TenantsFile.Parse(TenantsFile.Serialize(document));
        Assert.Contains(forced.Warnings, w => w.Contains("no member takes new sessions", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("t9", "rws", "1", "no tenant 't9'")]
    [InlineData("t1", "ftp", "1", "no service 'ftp': one of rws, rp, rcs, interaction_receiver, webdav")]
    [InlineData("t1", "rws", "10.77.0.99", "t1 RWS has no member '10.77.0.99'; name one by route, host, host:port or position: 1. http://10.77.0.31:8080 (route T1RWS1)")]
    [InlineData("t1", "rws", "4", "has no member '4'")]
    public void A_member_that_is_not_there_is_named_with_the_ones_that_are(string tenant, string service, string member, string expected)
    {
        var document = Sample();
        var e = Assert.Throws<AdminException>(() => MemberChange.Set(document, TenantsFile.Parse(TenantsFile.Serialize(document)), tenant, service, member, MemberState.Drain, false));
        Assert.Equal(AdminExit.Usage, e.ExitCode);
        Assert.Contains(expected, e.Message);
    }

    [Theory]
    [InlineData("sm")]
    [InlineData("Interaction_Receiver")]
    [InlineData("interaction_receiver")]
    public void Services_are_named_by_file_key_balancer_suffix_or_name(string name)
    {
        Assert.Equal(TenantService.InteractionReceiver, MemberChange.FindService(name));
    }

    [Fact]
    public void A_state_the_file_does_not_know_is_an_error()
    {
        var json = File.ReadAllText(Golden.SamplePath).Replace("\"route\": \"T1RWS1\"", "\"route\": \"T1RWS1\", \"state\": \"maintenance\"", StringComparison.Ordinal);
        var e = Assert.Throws<TenantsFileException>(() => TenantsFile.Parse(json));
        Assert.Contains(e.Errors, x => x.Contains("state 'maintenance' is not active, drain or disabled", StringComparison.Ordinal));
    }

    [Fact]
    public void Imported_drain_and_disabled_flags_are_kept()
    {
        var conf = "<Proxy \"balancer://t1rws\">\n    BalancerMember \"http://10.0.0.1:8080\" route=T1RWS1 status=+N\n    BalancerMember \"http://10.0.0.2:8080\" route=T1RWS2 status=+D\n</Proxy>\n" +
                   "ProxyPass /t1/api balancer://t1rws/api\n";
        var result = TenantsImporter.Import([("loadbalancer_tenant1.conf", conf)]);
        var json = TenantsFile.Serialize(result.Document);
        Assert.Contains("\"state\": \"drain\"", json);
        Assert.Contains("\"state\": \"disabled\"", json);
    }
}

/// <summary><c>giragent tenants apply</c> against a fake cluster: what it writes into the CIB, and when it writes nothing.</summary>
public sealed class TenantsApplyTests
{
    private static string Cib(string? tenants = null, string agent = "type=\"webserver\" provider=\"gir\"") =>
        Golden.Read(Path.Combine("cib", "heartbeat-setup.cib.xml"))
            .Replace("type=\"apache\" provider=\"heartbeat\"", agent, StringComparison.Ordinal)
            .Replace("<instance_attributes id=\"webserver-instance_attributes\">",
                "<instance_attributes id=\"webserver-instance_attributes\">" + (tenants is null ? "" : $"<nvpair id=\"webserver-instance_attributes-tenants\" name=\"tenants\" value=\"{tenants}\"/>"),
                StringComparison.Ordinal);

    private static FakeCommandRunner Cluster(string cib) => new((program, args) => program switch
    {
        "cibadmin" => FakeCommandRunner.Ok(cib),
        "crm_resource" when args.Contains("--locate") => FakeCommandRunner.Ok(""),
        _ => FakeCommandRunner.Ok(),
    });

    private static (int Rc, string Messages, FakeCommandRunner Runner) Apply(string cib, string json, string? checkWith = "none")
    {
        var runner = Cluster(cib);
        var messages = new StringWriter();
        var rc = new TenantsApply(runner, messages).Run(TenantsFile.Deserialize(json), TenantsFile.Parse(json), new ApplyRequest(checkWith, TimeSpan.FromSeconds(1)));
        return (rc, messages.ToString(), runner);
    }

    [Fact]
    public void The_document_becomes_the_webserver_resources_tenants_parameter_in_one_change()
    {
        Assert.Contains("instance_attributes id=\"webserver-instance_attributes\"", Golden.Read(Path.Combine("cib", "heartbeat-setup.cib.xml")));
        var json = File.ReadAllText(Golden.SamplePath);
        var (rc, messages, runner) = Apply(Cib(), json);

        Assert.Equal(AdminExit.Ok, rc);
        var set = Assert.Single(runner.Calls, c => c.Program == "crm_resource" && c.Arguments.Contains("--set-parameter"));
        Assert.Equal(["--resource", "webserver", "--set-parameter", "tenants", "--parameter-value", ClusterTenants.Encode(TenantsFile.Deserialize(json))], set.Arguments);
        Assert.Contains("until now the files were managed by hand", messages);
        Assert.Contains("webserver runs nowhere: the node that starts it renders this document first", messages);
    }

    [Fact]
    public void With_webserver_cloned_every_node_reloads_and_the_wait_ends_when_all_serve_the_document()
    {
        // three nodes run webserver (groups-setup: real pcs); crm_resource lists them in its own order, crm_mon in another
        var json = File.ReadAllText(Golden.SamplePath);
        var digest = TenantsDigest.Compute(TenantsRenderer.Render(TenantsFile.Parse(json)));
        var crmMon = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "lab", "groups-3-nodes.crm_mon.xml"))
            .Replace("</nodes>", "</nodes><node_attributes>" + string.Concat(new[] { "n1", "n2", "n3" }.Select(n =>
                $"<node name=\"{n}\"><attribute name=\"{TenantsDigest.AttributeName}\" value=\"{digest}\"/></node>")) + "</node_attributes>", StringComparison.Ordinal);
        var runner = new FakeCommandRunner((program, args) => program switch
        {
            "cibadmin" => FakeCommandRunner.Ok(Golden.Read(Path.Combine("cib", "groups-setup.cib.xml"))),
            "crm_resource" when args.Contains("--locate") => FakeCommandRunner.Ok(string.Concat(new[] { "n2", "n1", "n3" }.Select(n => $"resource webserver is running on: {n}\n"))),
            "crm_mon" => FakeCommandRunner.Ok(crmMon),
            _ => FakeCommandRunner.Ok(),
        });
        var messages = new StringWriter();

        var rc = new TenantsApply(runner, messages).Run(TenantsFile.Deserialize(json), TenantsFile.Parse(json), new ApplyRequest("none", TimeSpan.FromSeconds(5)));

        Assert.Equal(AdminExit.Ok, rc);
        Assert.Contains("n1, n2, n3 serve it after", messages.ToString());
        Assert.DoesNotContain("moved", messages.ToString());
    }

    [Fact]
    public void The_same_document_again_changes_nothing()
    {
        var json = File.ReadAllText(Golden.SamplePath);
        var (rc, messages, runner) = Apply(Cib(ClusterTenants.Encode(TenantsFile.Deserialize(json))), json);

        Assert.Equal(AdminExit.Ok, rc);
        Assert.DoesNotContain(runner.Calls, c => c.Arguments.Contains("--set-parameter"));
        Assert.Contains("no change", messages);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_member_change_made_from_a_document_that_changed_meanwhile_is_not_written(bool changedDuringTheCheck)
    {
        var json = File.ReadAllText(Golden.SamplePath);
        var original = ClusterTenants.Encode(TenantsFile.Deserialize(json));
        var other = ClusterTenants.Encode(TenantsFile.Deserialize(json.Replace("10.77.0.33", "10.77.0.34", StringComparison.Ordinal)));
        // the CIB holds the other document from the start, or only when it is read again after the check
        var runner = new FakeCommandRunner((program, args) => program switch
        {
            "cibadmin" => FakeCommandRunner.Ok(Cib(changedDuringTheCheck ? original : other)),
            "crm_resource" when args.Contains("--get-parameter") => FakeCommandRunner.Ok(other + "\n"),
            _ => FakeCommandRunner.Ok(),
        });
        var messages = new StringWriter();
        var changed = json.Replace("\"route\": \"T1RWS1\"", "\"route\": \"T1RWS1\", \"state\": \"drain\"", StringComparison.Ordinal);

        var rc = new TenantsApply(runner, messages, "members drain").Run(TenantsFile.Deserialize(changed), TenantsFile.Parse(changed),
            new ApplyRequest("none", TimeSpan.Zero, Base: original));

        Assert.Equal(AdminExit.Refused, rc);
        Assert.Contains("the cluster's tenants changed while this ran", messages.ToString());
        Assert.DoesNotContain(runner.Calls, c => c.Arguments.Contains("--set-parameter"));
    }

    [Fact]
    public void A_file_applied_over_the_clusters_tenants_keeps_the_member_states_it_does_not_set()
    {
        var json = File.ReadAllText(Golden.SamplePath);
        var cluster = TenantsFile.Deserialize(json);
        var config = TenantsFile.Parse(json);
        MemberChange.Set(cluster, config, "t1", "rws", "T1RWS1", MemberState.Drain, false);
        MemberChange.Set(cluster, config, "t1", "rp", "10.77.0.41", MemberState.Disabled, false);
        var inCib = ClusterTenants.Encode(cluster);
        // the file: without states, T1RWS3 removed, and RP's first member explicitly back in service
        var file = string.Join('\n', json.Split('\n').Where(l => !l.Contains("\"10.77.0.33\"", StringComparison.Ordinal)))
            .Replace("\"T1RWS2\" },", "\"T1RWS2\" }", StringComparison.Ordinal)
            .Replace("{ \"host\": \"10.77.0.41\" }", "{ \"host\": \"10.77.0.41\", \"state\": \"active\" }", StringComparison.Ordinal);
        Assert.Contains("\"state\": \"active\"", file);
        var runner = new FakeCommandRunner((program, args) => program switch
        {
            "cibadmin" => FakeCommandRunner.Ok(Cib(inCib)),
            "crm_resource" when args.Contains("--locate") => FakeCommandRunner.Ok(""),
            _ => FakeCommandRunner.Ok(),
        });
        var messages = new StringWriter();

        Assert.Equal(AdminExit.Ok, new TenantsApply(runner, messages).Run(TenantsFile.Deserialize(file), TenantsFile.Parse(file), new ApplyRequest("none", TimeSpan.Zero)));

        Assert.Contains("kept: t1 RWS http://10.77.0.31:8080 (route T1RWS1) stays drain", messages.ToString());
        Assert.DoesNotContain("RP", messages.ToString().Split("kept:").Last());
        var written = runner.Calls.Single(c => c.Arguments.Contains("--set-parameter")).Arguments[^1];
        var applied = TenantsRenderer.Render(ClusterTenants.Parse(written)).Single(f => f.Name == "loadbalancer_tenant1.conf").Content;
        Assert.Contains("route=T1RWS1 status=+N", applied);
        Assert.DoesNotContain("10.77.0.33", applied);
        Assert.Contains("BalancerMember \"http://10.77.0.41:8889\"\n", applied);
    }

    [Fact]
    public void Another_agent_than_gir_webserver_is_refused_with_what_to_do_instead()
    {
        var runner = Cluster(Cib(agent: "type=\"apache\" provider=\"heartbeat\""));
        var e = Assert.Throws<AdminException>(() => new TenantsApply(runner, new StringWriter()).Current("webserver"));
        Assert.Contains("webserver is ocf:heartbeat:apache: only ocf:gir:webserver renders the cluster's tenants", e.Message);
    }

    [Fact]
    public void A_document_this_nodes_httpd_rejects_is_not_written()
    {
        var json = File.ReadAllText(Golden.SamplePath);
        var runner = new FakeCommandRunner((program, args) => program switch
        {
            "cibadmin" => FakeCommandRunner.Ok(Cib()),
            "/bin/true" => new CommandResult(1, "", "AH00526: Syntax error on line 3: Invalid command 'ProxyPass'"),
            _ => FakeCommandRunner.Ok(),
        });
        var messages = new StringWriter();
        var rc = new TenantsApply(runner, messages).Run(TenantsFile.Deserialize(json), TenantsFile.Parse(json), new ApplyRequest("/bin/true", TimeSpan.Zero));

        Assert.Equal(AdminExit.Refused, rc);
        Assert.Contains("Invalid command 'ProxyPass'", messages.ToString());
        Assert.DoesNotContain(runner.Calls, c => c.Arguments.Contains("--set-parameter"));
    }

    [Fact]
    public void A_document_too_large_for_an_environment_variable_is_refused_before_the_CIB_is_touched()
    {
        // random routes do not compress: well over 128 KiB
        var random = new Random(7);
        var members = string.Join(",", Enumerable.Range(1, 6000).Select(i => $"{{\"host\": \"h{i}.example\", \"route\": \"R{random.NextInt64():x}{random.NextInt64():x}\"}}"));
        var json = $"{{\"tenants\": [{{\"id\": \"t1\", \"rws\": {{\"members\": [{members}]}}}}]}}";
        var (rc, messages, runner) = Apply(Cib(), json);

        Assert.Equal(AdminExit.Refused, rc);
        Assert.Contains("which Linux bounds at 131,052: nothing changed", messages);
        Assert.DoesNotContain(runner.Calls, c => c.Arguments.Contains("--set-parameter"));
    }
}
