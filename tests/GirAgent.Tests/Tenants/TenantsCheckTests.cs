using GirAgent.Admin;
using GirAgent.Httpd;
using GirAgent.Posix;
using GirAgent.Tenants;
using GirAgent.TenantsAdmin;
using GirAgent.Tests.TestSupport;

namespace GirAgent.Tests.Tenants;

public sealed class TenantsCheckTests
{
    private const string Tenants = """
        { "tenants": [ { "id": "t1",
            "rws": { "members": [ { "host": "10.0.0.31" }, { "host": "10.0.0.32" } ] },
            "rp": { "members": [ { "host": "10.0.0.41" } ] } } ] }
        """;

    private const string Status = """
        ServerUptimeSeconds: 3600
        ProxyBalancer[0]Name: balancer://t1rws
        ProxyBalancer[0]Worker[0]Name: http://10.0.0.31:8080
        ProxyBalancer[0]Worker[0]Status: Init Ok
        ProxyBalancer[0]Worker[1]Name: http://10.0.0.32:8080
        ProxyBalancer[0]Worker[1]Status: Init Ok
        ProxyBalancer[1]Name: balancer://t1rp
        ProxyBalancer[1]Worker[0]Name: http://10.0.0.41:8889
        ProxyBalancer[1]Worker[0]Status: Init Ok
        """;

    private sealed class Node : IDisposable
    {
        public TempDirectory Dir { get; } = new();
        public string TenantsPath { get; }
        public string ConfDir => Dir.Combine("conf.d");
        public string Digest { get; }
        public Dictionary<string, string?> Published { get; } = new() { ["n1"] = null, ["n2"] = null };
        public string? RunningOn { get; set; }

        public Node(string tenants = Tenants)
        {
            TenantsPath = Dir.Write("tenants.json", tenants);
            var files = TenantsRenderer.Render(TenantsFile.Load(TenantsPath));
            RenderPlan.Create(ConfDir, files).Apply();
            foreach (var file in Directory.GetFiles(ConfDir)) File.SetLastWriteTimeUtc(file, DateTime.UtcNow.AddHours(-2)); // before httpd's start
            Digest = TenantsDigest.Compute(files);
        }

        /// <summary>The webserver resource's 'tenants' parameter (null: files managed by hand).</summary>
        public string? ClusterDocument { get; set; }

        /// <summary>crm_node, crm_attribute and cibadmin as a two-node cluster answers them.</summary>
        public FakeCommandRunner Cluster() => new((program, args) =>
        {
            switch (program)
            {
                case "crm_node":
                    return FakeCommandRunner.Ok("n1\n");
                case "crm_resource" when args.Contains("--get-parameter"):
                    return ClusterDocument is null ? new CommandResult(105, "", "No such device or address")
                        : args[^1] == "tenants" ? FakeCommandRunner.Ok(ClusterDocument + "\n")
                        : args[^1] == "tenants_dir" ? FakeCommandRunner.Ok(ConfDir + "\n") : new CommandResult(105, "", "No such device or address");
                case "crm_resource":
                    return FakeCommandRunner.Ok(RunningOn is null ? "" : $"resource webserver is running on: {RunningOn}\n");
                case "crm_attribute":
                    Published[args[1]] = args[5];
                    return FakeCommandRunner.Ok();
                default:
                    var nodes = string.Concat(Published.Select(p => p.Value is null
                        ? $"<node id=\"{p.Key}\" uname=\"{p.Key}\"/>"
                        : $"<node id=\"{p.Key}\" uname=\"{p.Key}\"><instance_attributes id=\"a{p.Key}\"><nvpair id=\"x{p.Key}\" name=\"girlb-tenants-digest\" value=\"{p.Value}\"/></instance_attributes></node>"));
                    return FakeCommandRunner.Ok($"<nodes>{nodes}</nodes>");
            }
        });

        public CheckRequest Request(bool publish = true) => new(TenantsPath, HttpdLayout.El9, ConfDir, new Uri("http://localhost/server-status"),
            TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1), publish, null, false);

        public void Dispose() => Dir.Dispose();
    }

    private static TenantsCheck Check(FakeCommandRunner runner, StringWriter output, string status = Status, Func<string, int, string?>? connect = null) =>
        new(runner, output)
        {
            FetchStatus = (_, _, _) => status,
            ConnectMember = (host, port, _) => connect?.Invoke(host, port),
        };

    [Fact]
    public void With_the_clusters_document_the_node_that_runs_httpd_must_serve_it_and_the_passive_one_is_not_checked()
    {
        using var node = new Node { RunningOn = "n1" };
        node.ClusterDocument = ClusterTenants.Encode(TenantsFile.Deserialize(File.ReadAllText(node.TenantsPath)));
        node.Published["n1"] = node.Digest;
        var output = new StringWriter();

        Assert.Equal(AdminExit.Ok, Check(node.Cluster(), output).Run(node.Request()));
        Assert.Contains("(the cluster's document, webserver's 'tenants', digest " + TenantsDigest.Short(node.Digest) + ")", output.ToString());
        Assert.Contains("ok       n1 serves the cluster's document", output.ToString());
        Assert.Equal(node.Digest, node.Published["n1"]); // compared, not published by the check

        node.Published["n1"] = new string('0', 64);
        var stale = new StringWriter();
        Assert.Equal(AdminExit.Findings, Check(node.Cluster(), stale).Run(node.Request()));
        Assert.Contains("DIGEST   n1 serves digest 000000000000, the cluster's document is", stale.ToString());

        node.RunningOn = "n2";
        var passive = new StringWriter();
        Assert.Equal(AdminExit.Ok, Check(node.Cluster(), passive).Run(node.Request()));
        Assert.Contains("this node does not run webserver: it renders the cluster's document when it starts httpd", passive.ToString());
    }

    [Fact]
    public void A_node_whose_balancers_members_and_digest_agree_passes()
    {
        using var node = new Node();
        node.Published["n2"] = node.Digest;
        var output = new StringWriter();

        var rc = Check(node.Cluster(), output).Run(node.Request());

        Assert.Equal(AdminExit.Ok, rc);
        Assert.Equal(node.Digest, node.Published["n1"]);
        Assert.Contains("ok       balancer://t1rws (t1 RWS): 2 members listed", output.ToString());
        Assert.Contains("ok       all 3 members accept connections", output.ToString());
        Assert.Contains($"ok       every node (n1, n2) has digest {TenantsDigest.Short(node.Digest)}", output.ToString());
        Assert.EndsWith("tenants check: ok\n", output.ToString());
    }

    [Fact]
    public void Missing_balancers_members_that_do_not_answer_and_other_digests_are_problems()
    {
        using var node = new Node();
        node.Published["n2"] = new string('0', 64);
        var output = new StringWriter();
        var status = Status[..Status.IndexOf("ProxyBalancer[1]", StringComparison.Ordinal)];

        var rc = Check(node.Cluster(), output, status, (host, _) => host == "10.0.0.32" ? "connect to 10.0.0.32:8080: connection refused" : null).Run(node.Request());

        Assert.Equal(AdminExit.Findings, rc);
        var text = output.ToString();
        Assert.Contains("MISSING  balancer://t1rp (t1 RP): not in server-status: httpd does not list it although loadbalancer_tenant1.conf defines it", text);
        Assert.Contains("DOWN     http://10.0.0.32:8080 (t1 RWS): connect to 10.0.0.32:8080: connection refused", text);
        Assert.Contains("DIGEST   n2: configuration differs: 000000000000 there", text);
        Assert.EndsWith("tenants check: 3 problems\n", text);
    }

    [Fact]
    public void A_balancer_missing_since_the_file_changed_asks_for_a_reload()
    {
        using var node = new Node();
        File.SetLastWriteTimeUtc(Path.Combine(node.ConfDir, "loadbalancer_tenant1.conf"), DateTime.UtcNow.AddMinutes(-5));
        var output = new StringWriter();
        var status = Status[..Status.IndexOf("ProxyBalancer[1]", StringComparison.Ordinal)];

        Check(node.Cluster(), output, status).Run(node.Request(publish: false));

        Assert.Contains("MISSING  balancer://t1rp (t1 RP): not in server-status: httpd has not reloaded since loadbalancer_tenant1.conf changed", output.ToString());
    }

    [Fact]
    public void On_the_passive_node_an_unreachable_status_page_is_no_problem()
    {
        using var node = new Node { RunningOn = "n2" };
        node.Published["n2"] = node.Digest;
        var output = new StringWriter();
        var check = new TenantsCheck(node.Cluster(), output)
        {
            FetchStatus = (_, _, _) => throw new GirAgent.Net.HttpProbeException("connect to 127.0.0.1:80: connection refused"),
            ConnectMember = (_, _, _) => null,
        };

        var rc = check.Run(node.Request());

        Assert.Equal(AdminExit.Ok, rc);
        Assert.Contains("note     httpd runs on n2, not on this node: balancers not checked here", output.ToString());
    }

    [Fact]
    public void Where_httpd_should_run_an_unreachable_status_page_is_a_problem()
    {
        using var node = new Node { RunningOn = "n1" };
        var output = new StringWriter();
        var check = new TenantsCheck(node.Cluster(), output)
        {
            FetchStatus = (_, _, _) => throw new GirAgent.Net.HttpProbeException("connect to 127.0.0.1:80: connection refused"),
            ConnectMember = (_, _, _) => null,
        };

        Assert.Equal(AdminExit.Findings, check.Run(node.Request()));
        Assert.Contains("STATUS   connect to 127.0.0.1:80: connection refused: balancers not checked", output.ToString());
    }

    [Fact]
    public void Files_that_differ_from_the_tenants_file_are_named()
    {
        using var node = new Node();
        File.AppendAllText(Path.Combine(node.ConfDir, "loadbalancer_tenant1.conf"), "# edited by hand\n");
        var output = new StringWriter();

        var rc = Check(node.Cluster(), output).Run(node.Request(publish: false));

        Assert.Equal(AdminExit.Findings, rc);
        Assert.Contains("loadbalancer_tenant1.conf: differs from the tenants file: run 'giragent tenants render'", output.ToString());
        Assert.Contains("note     --no-publish", output.ToString());
    }

    [Fact]
    public void Without_a_cluster_the_digest_is_reported_as_not_published()
    {
        using var node = new Node();
        var runner = new FakeCommandRunner((_, _) => new CommandResult(102, "", "crm_node: Could not connect to controller"));
        var output = new StringWriter();

        var rc = Check(runner, output).Run(node.Request());

        Assert.Equal(AdminExit.Findings, rc);
        Assert.Contains("DIGEST   not published: crm_node failed (exit 102): crm_node: Could not connect to controller", output.ToString());
    }
}
