using System.Runtime.Versioning;
using GirAgent.Pacemaker;
using static GirAgent.Tests.Pacemaker.PacemakerFixtures;

namespace GirAgent.Tests.Pacemaker;

/// <summary>
/// The parser against real crm_mon output: Pacemaker's cts/cli clusters (pacemaker-cts, rendered by
/// crm_mon 2.1.5), the same CIBs with every section on in both envelopes (pacemaker-gen), a live
/// single-node cluster (pacemaker-live) and EL7 Pacemaker 1.1 samples (pacemaker-el7).
/// </summary>
[SupportedOSPlatform("linux")]
public sealed class CrmMonParserFixtureTests
{
    private const string Cts = "pacemaker-cts/out-crm_mon.2x.xml";
    private const string CtsLegacy = "pacemaker-cts/out-crm_mon.legacy.xml";
    private const string MonFail = "pacemaker-cts/out-after-dummy-monfail.2x.xml";
    private const string NodeFail = "pacemaker-cts/out-after-nodefail.2x.xml";
    private const string Partial = "pacemaker-cts/out-crm_mon-partial.2x.xml";
    private const string Degraded = "pacemaker-gen/dummy-degraded.full.2x.xml";
    private const string ByNode = "pacemaker-gen/crm_mon.bynode.2x.xml";
    private const string Live = "pacemaker-live/live-full.2x.xml";
    private const string LiveLegacy = "pacemaker-live/live-full.legacy.xml";
    private const string LiveByNode = "pacemaker-live/live-bynode.2x.xml";
    private const string LiveMaintenance = "pacemaker-live/live-maintenance.2x.xml";
    private const string LiveStopped = "pacemaker-live/live-stopped.2x.xml";
    private const string El7 = "pacemaker-el7/el7-1.1.23.legacy.xml";
    private const string El7Old = "pacemaker-el7/el7-1.1.13-epoch.legacy.xml";

    public static TheoryData<string> Outputs() => new(AllOutputs());

    // file, format, nodes, primitives, failures, fence events, bans, DC
    public static TheoryData<string, CrmMonFormat, int, int, int, int, int, string> Counts() => new()
    {
        { MonFail, CrmMonFormat.Modern2x, 5, 32, 1, 0, 1, "cluster02" },
        { NodeFail, CrmMonFormat.Modern2x, 5, 32, 0, 0, 1, "cluster02" },
        { "pacemaker-cts/out-crm_mon-T180.2x.xml", CrmMonFormat.Modern2x, 4, 10, 0, 0, 0, "cent7-host2" },
        { "pacemaker-cts/out-crm_mon-feature_set.2x.xml", CrmMonFormat.Modern2x, 5, 4, 0, 0, 0, "cluster01" },
        { Partial, CrmMonFormat.Modern2x, 4, 16, 1, 0, 0, "cluster02" },
        { "pacemaker-cts/out-crm_mon-unmanaged.2x.xml", CrmMonFormat.Modern2x, 2, 3, 0, 0, 0, "cluster02" },
        // the same CIBs rendered by Pacemaker 3.0.0 (Debian 13)
        { "pacemaker-cts/out-after-dummy-monfail.30.xml", CrmMonFormat.Modern2x, 5, 32, 1, 0, 1, "cluster02" },
        { "pacemaker-cts/out-after-nodefail.30.xml", CrmMonFormat.Modern2x, 5, 32, 0, 0, 1, "cluster02" },
        { "pacemaker-cts/out-crm_mon-T180.30.xml", CrmMonFormat.Modern2x, 4, 10, 0, 0, 0, "cent7-host2" },
        { "pacemaker-cts/out-crm_mon-partial.30.xml", CrmMonFormat.Modern2x, 4, 16, 1, 0, 0, "cluster02" },
        { "pacemaker-cts/out-crm_mon-unmanaged.30.xml", CrmMonFormat.Modern2x, 2, 3, 0, 0, 0, "cluster02" },
        { "pacemaker-cts/out-crm_mon.30.xml", CrmMonFormat.Modern2x, 5, 32, 0, 0, 1, "cluster02" },
        { Cts, CrmMonFormat.Modern2x, 5, 32, 0, 0, 1, "cluster02" },
        { CtsLegacy, CrmMonFormat.Legacy, 5, 32, 0, 0, 1, "cluster02" },
        { "pacemaker-gen/after-dummy-monfail.full.2x.xml", CrmMonFormat.Modern2x, 5, 32, 1, 0, 1, "cluster02" },
        { "pacemaker-gen/after-dummy-monfail.full.legacy.xml", CrmMonFormat.Legacy, 5, 32, 1, 0, 1, "cluster02" },
        { "pacemaker-gen/after-nodefail.full.2x.xml", CrmMonFormat.Modern2x, 5, 32, 0, 0, 1, "cluster02" },
        { "pacemaker-gen/after-nodefail.full.legacy.xml", CrmMonFormat.Legacy, 5, 32, 0, 0, 1, "cluster02" },
        { "pacemaker-gen/crm_mon-T180.full.2x.xml", CrmMonFormat.Modern2x, 4, 10, 0, 0, 0, "cent7-host2" },
        { "pacemaker-gen/crm_mon-T180.full.legacy.xml", CrmMonFormat.Legacy, 4, 10, 0, 0, 0, "cent7-host2" },
        { "pacemaker-gen/crm_mon-feature_set.full.2x.xml", CrmMonFormat.Modern2x, 5, 4, 0, 0, 0, "cluster01" },
        { "pacemaker-gen/crm_mon-feature_set.full.legacy.xml", CrmMonFormat.Legacy, 5, 4, 0, 0, 0, "cluster01" },
        { "pacemaker-gen/crm_mon-partial.full.2x.xml", CrmMonFormat.Modern2x, 4, 16, 1, 0, 0, "cluster02" },
        { "pacemaker-gen/crm_mon-partial.full.legacy.xml", CrmMonFormat.Legacy, 4, 16, 1, 0, 0, "cluster02" },
        { "pacemaker-gen/crm_mon-unmanaged.full.2x.xml", CrmMonFormat.Modern2x, 2, 3, 0, 0, 0, "cluster02" },
        { "pacemaker-gen/crm_mon-unmanaged.full.legacy.xml", CrmMonFormat.Legacy, 2, 3, 0, 0, 0, "cluster02" },
        { "pacemaker-gen/crm_mon.full.2x.xml", CrmMonFormat.Modern2x, 5, 32, 0, 0, 1, "cluster02" },
        { "pacemaker-gen/crm_mon.full.legacy.xml", CrmMonFormat.Legacy, 5, 32, 0, 0, 1, "cluster02" },
        { ByNode, CrmMonFormat.Modern2x, 5, 32, 0, 0, 1, "cluster02" },
        { Degraded, CrmMonFormat.Modern2x, 5, 32, 1, 0, 1, "cluster02" },
        { "pacemaker-gen/dummy-degraded.full.legacy.xml", CrmMonFormat.Legacy, 5, 32, 1, 0, 1, "cluster02" },
        { "pacemaker-live/live.2x.xml", CrmMonFormat.Modern2x, 3, 19, 3, 3, 2, "node1" },
        { Live, CrmMonFormat.Modern2x, 3, 19, 3, 3, 2, "node1" },
        { LiveLegacy, CrmMonFormat.Legacy, 3, 19, 3, 3, 2, "node1" },
        { LiveByNode, CrmMonFormat.Modern2x, 3, 19, 3, 3, 2, "node1" },
        { LiveMaintenance, CrmMonFormat.Modern2x, 3, 19, 2, 3, 2, "node1" },
        { El7, CrmMonFormat.Legacy, 2, 8, 2, 3, 2, "lb1.example.com" },
        { El7Old, CrmMonFormat.Legacy, 3, 3, 1, 0, 0, "node-a" },
    };

    // 2x file, legacy file: the same cluster in both envelopes
    public static TheoryData<string, string> EnvelopePairs() => new()
    {
        { Cts, CtsLegacy },
        { "pacemaker-gen/crm_mon.full.2x.xml", "pacemaker-gen/crm_mon.full.legacy.xml" },
        { "pacemaker-gen/after-dummy-monfail.full.2x.xml", "pacemaker-gen/after-dummy-monfail.full.legacy.xml" },
        { "pacemaker-gen/after-nodefail.full.2x.xml", "pacemaker-gen/after-nodefail.full.legacy.xml" },
        { "pacemaker-gen/crm_mon-T180.full.2x.xml", "pacemaker-gen/crm_mon-T180.full.legacy.xml" },
        { "pacemaker-gen/crm_mon-feature_set.full.2x.xml", "pacemaker-gen/crm_mon-feature_set.full.legacy.xml" },
        { "pacemaker-gen/crm_mon-partial.full.2x.xml", "pacemaker-gen/crm_mon-partial.full.legacy.xml" },
        { "pacemaker-gen/crm_mon-unmanaged.full.2x.xml", "pacemaker-gen/crm_mon-unmanaged.full.legacy.xml" },
        { Degraded, "pacemaker-gen/dummy-degraded.full.legacy.xml" },
        { Live, LiveLegacy },
    };

    [Theory]
    [MemberData(nameof(Outputs))]
    public void Every_fixture_parses_into_a_consistent_snapshot(string file)
    {
        // Act
        var s = Parse(file);

        // Assert
        Assert.NotEmpty(s.Nodes);
        Assert.NotEmpty(s.Resources);
        Assert.All(s.Nodes, n => Assert.False(string.IsNullOrEmpty(n.Name)));
        Assert.All(s.Resources, r => Assert.False(string.IsNullOrEmpty(r.Id)));
        Assert.All(s.Resources, r => Assert.True(!r.Active || r.Nodes.Count > 0));
        Assert.All(s.Resources, r => Assert.All(r.Nodes, n => Assert.NotNull(s.FindNode(n))));
        Assert.All(s.Resources, r => Assert.True(r.Agent is null || !r.Agent.Contains("::", StringComparison.Ordinal)));
        Assert.Equal(s.Nodes.Count(n => n.IsDc), s.Summary.DcPresent ? 1 : 0);
        Assert.NotNull(s.Summary.LastUpdated);
        // Pacemaker 3.0 (".30.") writes the same <pacemaker-result> envelope as 2.x
        Assert.Equal(s.Format == CrmMonFormat.Modern2x, file.Contains(".2x.", StringComparison.Ordinal) || file.Contains(".30.", StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Counts))]
    public void Every_fixture_yields_what_crm_mon_printed(
        string file, CrmMonFormat format, int nodes, int primitives, int failures, int fenceEvents, int bans, string dc)
    {
        // Act
        var s = Parse(file);

        // Assert
        Assert.Equal(format, s.Format);
        Assert.Equal(nodes, s.Nodes.Count);
        Assert.Equal(primitives, s.Resources.Count);
        Assert.Equal(failures, s.Failures.Count);
        Assert.Equal(fenceEvents, s.FenceHistory.Count);
        Assert.Equal(bans, s.Bans.Count);
        Assert.Equal(dc, s.Summary.DcNode);
    }

    [Fact]
    public void The_counts_table_covers_every_fixture()
    {
        var listed = Counts().Select(row => (string)row[0]).ToHashSet(StringComparer.Ordinal);

        Assert.All(AllOutputs(), f => Assert.Contains(f, listed));
    }

    [Theory]
    [MemberData(nameof(EnvelopePairs))]
    public void The_2x_and_legacy_envelopes_of_the_same_cluster_parse_to_the_same_snapshot(string modern, string legacy)
    {
        // Act
        var a = Parse(modern);
        var b = Parse(legacy);

        // Assert
        Assert.Equal(CrmMonFormat.Modern2x, a.Format);
        Assert.Equal("2.25", a.ApiVersion);
        Assert.Null(a.CrmMonVersion);
        Assert.Equal(CrmMonFormat.Legacy, b.Format);
        Assert.Equal("2.1.5", b.CrmMonVersion);
        Assert.Null(b.ApiVersion);
        Assert.Equal(Describe(a), Describe(b));
    }

    [Fact]
    public void Reads_the_whole_summary_of_the_cts_cluster()
    {
        // Act
        var s = Parse(Cts).Summary;

        // Assert
        Assert.Equal("corosync", s.Stack);
        Assert.True(s.DcPresent);
        Assert.Equal("cluster02", s.DcNode);
        Assert.Equal("2", s.DcNodeId);
        Assert.Equal("2.0.4-1.e97f9675f.git.el7-e97f9675f", s.DcVersion);
        Assert.True(s.HasQuorum);
        Assert.False(s.MixedVersion);
        Assert.Equal(Utc("2026-11-23T22:10:52Z"), s.LastUpdated);
        Assert.Equal(Utc("2020-05-05T12:04:36Z"), s.LastChange);
        Assert.Equal("hacluster", s.LastChangeUser);
        Assert.Equal("crmd", s.LastChangeClient);
        Assert.Equal("cluster01", s.LastChangeOrigin);
        Assert.Equal(5, s.NodesConfigured);
        Assert.Equal(32, s.ResourcesConfigured);
        Assert.Equal(4, s.ResourcesDisabled);
        Assert.Equal(0, s.ResourcesBlocked);
        Assert.True(s.StonithEnabled);
        Assert.True(s.SymmetricCluster);
        Assert.Equal("stop", s.NoQuorumPolicy);
        Assert.False(s.MaintenanceMode);
        Assert.False(s.StopAllResources);
        Assert.Equal(60000, s.StonithTimeoutMs);
        Assert.Equal(0, s.PriorityFencingDelayMs);
        Assert.Null(s.ClusterName);
        Assert.Null(s.PacemakerdState);
    }

    [Fact]
    public void Empty_summary_values_are_null_not_empty_strings()
    {
        // crm_mon writes version="" and last_change with every attribute empty for a bare CIB.
        var s = Parse("pacemaker-cts/out-crm_mon-feature_set.2x.xml").Summary;

        Assert.Null(s.DcVersion);
        Assert.Null(s.LastChange);
        Assert.Null(s.LastChangeUser);
        Assert.Null(s.LastChangeClient);
        Assert.Null(s.LastChangeOrigin);
        Assert.False(s.StonithEnabled);
    }

    [Fact]
    public void Reads_pacemakerd_state_maintenance_mode_and_disabled_fencing_of_a_live_cluster()
    {
        // Act
        var live = Parse(Live).Summary;
        var maintenance = Parse(LiveMaintenance);

        // Assert
        Assert.Equal("running", live.PacemakerdState);
        Assert.Equal("2.1.5-a3f44794f94", live.DcVersion);
        Assert.Equal(3, live.NodesConfigured);
        Assert.Equal(19, live.ResourcesConfigured);
        Assert.Equal(1, live.ResourcesDisabled);
        Assert.Equal("ignore", live.NoQuorumPolicy);
        Assert.True(live.StonithEnabled);
        Assert.Equal("crm_resource", live.LastChangeClient);
        Assert.Equal("root", live.LastChangeUser);
        Assert.True(maintenance.Summary.MaintenanceMode);
        Assert.False(maintenance.Summary.StonithEnabled);
        Assert.All(maintenance.Resources, r => Assert.False(r.Managed));
    }

    private static ClusterNode Member(string name, string id, int running, bool isDc = false) => new()
    {
        Name = name, Id = id, Online = true, ExpectedUp = true, IsDc = isDc, ResourcesRunning = running, Type = "member", Health = "green",
    };

    // file, the node as crm_mon described it
    public static TheoryData<string, ClusterNode> NodeRows() => new()
    {
        { Cts, Member("cluster01", "1", 7) },
        { Cts, Member("cluster02", "2", 9, isDc: true) },
        {
            Cts,
            new ClusterNode
            {
                Name = "httpd-bundle-0", Id = "httpd-bundle-0", Online = true, ResourcesRunning = 1, Type = "remote", Health = "green",
                IdAsResource = "httpd-bundle-docker-0",
            }
        },
        {
            Cts,
            new ClusterNode
            {
                Name = "httpd-bundle-2", Id = "httpd-bundle-2", Type = "remote", Health = "green", IdAsResource = "httpd-bundle-docker-2",
            }
        },
        { NodeFail, Member("cluster02", "2", 0, isDc: true) with { Online = false, ExpectedUp = false } },
        { NodeFail, Member("cluster01", "1", 9) },
        { Live, Member("node1", "1", 12, isDc: true) },
        { Live, new ClusterNode { Name = "node2", Id = "2", Maintenance = true, Type = "member", Health = "green" } },
        { Live, new ClusterNode { Name = "node3", Id = "3", Standby = true, Type = "member", Health = "green" } },
        { El7, Member("lb2.example.com", "2", 1) with { Standby = true, Health = null } },
        { El7Old, new ClusterNode { Name = "node-b", Id = "node-b", Unclean = true, ExpectedUp = true, Type = "member" } },
        {
            El7Old,
            new ClusterNode { Name = "guest-1", Id = "guest-1", Online = true, Type = "remote", IdAsResource = "vm-guest-1" }
        },
    };

    [Theory]
    [MemberData(nameof(NodeRows))]
    public void Reads_every_node_flag_and_derives_its_state(string file, ClusterNode expected)
    {
        // Act
        var node = Parse(file).FindNode(expected.Name);

        // Assert
        Assert.Equal(expected, node);
    }

    [Fact]
    public void Derives_the_node_states_crm_mon_shows()
    {
        Assert.Equal([NodeState.Online, NodeState.Offline, NodeState.Offline], Parse(Live).Nodes.Select(n => n.State));
        Assert.Equal([NodeState.Online, NodeState.Standby], Parse(El7).Nodes.Select(n => n.State));
        Assert.Equal([NodeState.Online, NodeState.Unclean, NodeState.Online], Parse(El7Old).Nodes.Select(n => n.State));
        Assert.Equal(NodeState.Offline, Parse(NodeFail).FindNode("cluster02")!.State);
    }

    private static ClusterResource Rsc(string id, string agent, string role, params string[] nodes) => new()
    {
        Id = id, Agent = agent, Role = role, Active = nodes.Length > 0, Nodes = nodes,
    };

    // file, n-th primitive with that id, the primitive as crm_mon described it
    public static TheoryData<string, int, ClusterResource> ResourceRows() => new()
    {
        { Cts, 0, Rsc("ping", "ocf:pacemaker:ping", "Started", "cluster02") with { CloneId = "ping-clone" } },
        { Cts, 1, Rsc("ping", "ocf:pacemaker:ping", "Started", "cluster01") with { CloneId = "ping-clone" } },
        { Cts, 0, Rsc("Fencing", "stonith:fence_xvm", "Started", "cluster01") },
        { Cts, 1, Rsc("inactive-dhcpd", "lsb:dhcpd", "Stopped") with { CloneId = "inactive-clone", TargetRole = "stopped" } },
        { Cts, 0, Rsc("inactive-dummy-2", "ocf:pacemaker:Dummy", "Stopped") with { Group = "inactive-group", TargetRole = "stopped" } },
        { Cts, 0, Rsc("httpd", "ocf:heartbeat:apache", "Started", "httpd-bundle-0") with { Bundle = "httpd-bundle", Replica = 0, TargetRole = "Started" } },
        {
            Cts, 0,
            Rsc("httpd-bundle-ip-192.168.122.132", "ocf:heartbeat:IPaddr2", "Started", "cluster02") with { Bundle = "httpd-bundle", Replica = 1, TargetRole = "Started" }
        },
        { Cts, 0, Rsc("httpd-bundle-docker-2", "ocf:heartbeat:docker", "Stopped") with { Bundle = "httpd-bundle", Replica = 2, TargetRole = "Started" } },
        { Cts, 0, Rsc("Email", "lsb:exim", "Started", "cluster02") with { Group = "exim-group" } },
        { Cts, 1, Rsc("mysql-proxy", "lsb:mysql-proxy", "Started", "cluster01") with { Group = "mysql-group:1", CloneId = "mysql-clone-group" } },
        { Cts, 4, Rsc("mysql-proxy", "lsb:mysql-proxy", "Stopped") with { Group = "mysql-group:4", CloneId = "mysql-clone-group" } },
        { Cts, 0, Rsc("promotable-rsc", "ocf:pacemaker:Stateful", "Promoted", "cluster02") with { CloneId = "promotable-clone", InPromotableClone = true } },
        { Cts, 1, Rsc("promotable-rsc", "ocf:pacemaker:Stateful", "Unpromoted", "cluster01") with { CloneId = "promotable-clone", InPromotableClone = true } },
        { NodeFail, 0, Rsc("dummy", "ocf:pacemaker:Dummy", "Stopped") },
        {
            // the guest node under it was lost with cluster02: still listed there, no longer active, failed
            NodeFail, 1,
            Rsc("httpd", "ocf:heartbeat:apache", "Started", "httpd-bundle-1") with
            {
                Active = false, Failed = true, Bundle = "httpd-bundle", Replica = 1, TargetRole = "Started",
            }
        },
        { Partial, 0, Rsc("dummy-2", "ocf:pacemaker:Dummy", "Started", "cluster02") with { Group = "partially-active-group", Failed = true } },
        { "pacemaker-cts/out-crm_mon-unmanaged.2x.xml", 0, Rsc("rsc2", "ocf:pacemaker:Dummy", "Started", "cluster02") with { Managed = false } },
        { Live, 0, Rsc("virtual_ip", "ocf:heartbeat:IPaddr2", "Started", "node1") with { Group = "web" } },
        { Live, 0, Rsc("webserver", "ocf:girtest:Degraded", "Started", "node1") with { Group = "web", Pending = "Monitoring" } },
        { Live, 0, Rsc("stateful", "ocf:pacemaker:Stateful", "Promoted", "node1") with { CloneId = "stateful-clone", InPromotableClone = true } },
        { Live, 0, Rsc("counter:1", "ocf:pacemaker:Dummy", "Started", "node1") with { CloneId = "counter-clone" } },
        { Live, 1, Rsc("app-b", "ocf:pacemaker:Dummy", "Stopped") with { Group = "app-group:1", CloneId = "app-clone" } },
        { Live, 0, Rsc("disabled-rsc", "ocf:pacemaker:Dummy", "Stopped") with { TargetRole = "Stopped" } },
        { Live, 0, Rsc("unmanaged-rsc", "ocf:pacemaker:Dummy", "Started", "node1") with { Managed = false } },
        { El7, 0, Rsc("virtual_ip", "ocf:heartbeat:IPaddr2", "Started", "lb1.example.com") with { Group = "web" } },
        { El7, 0, Rsc("db", "ocf:heartbeat:pgsql", "Master", "lb1.example.com") with { CloneId = "ms-db", InPromotableClone = true } },
        { El7, 1, Rsc("db", "ocf:heartbeat:pgsql", "Slave", "lb2.example.com") with { CloneId = "ms-db", InPromotableClone = true } },
        { El7, 0, Rsc("old-ip", "ocf:heartbeat:IPaddr2", "Started", "lb1.example.com") with { Orphaned = true, Managed = false } },
        { El7Old, 0, Rsc("webserver", "ocf:heartbeat:apache", "Started", "node-a") with { Failed = true } },
    };

    [Theory]
    [MemberData(nameof(ResourceRows))]
    public void Flattens_groups_clones_and_bundles_keeping_each_primitives_parents(string file, int instance, ClusterResource expected)
    {
        // Act
        var r = Parse(file).Resources.Where(x => x.Id == expected.Id).ElementAt(instance);

        // Assert
        Assert.Equal(expected.Nodes, r.Nodes);
        Assert.Equal(expected with { Nodes = r.Nodes }, r);
        Assert.Equal(expected.CloneId, r.Clone);
    }

    [Fact]
    public void Reads_target_role_orphans_unmanaged_and_failed_flags()
    {
        // Arrange
        var cts = Parse(Cts);
        var partial = Parse(Partial);
        var live = Parse(Live);
        var el7 = Parse(El7);
        var unmanaged = Parse("pacemaker-cts/out-crm_mon-unmanaged.2x.xml");

        // Assert
        Assert.Equal("stopped", cts.FindResource("inactive-dhcpd")!.TargetRole);
        Assert.Equal("Started", cts.FindResource("httpd-bundle-0")!.TargetRole);
        Assert.Null(cts.FindResource("dummy")!.TargetRole);
        Assert.True(partial.FindResource("dummy-2")!.Failed);
        Assert.True(partial.FindResources("httpd")[1].Failed);
        Assert.Equal("Stopped", partial.FindResource("dummy-3")!.TargetRole);
        Assert.Equal("Stopped", live.FindResource("disabled-rsc")!.TargetRole);
        Assert.False(live.FindResource("unmanaged-rsc")!.Managed);
        Assert.True(live.FindResource("unmanaged-rsc")!.IsStarted);
        Assert.Equal("Monitoring", live.FindResource("webserver")!.Pending);
        Assert.True(el7.FindResource("old-ip")!.Orphaned);
        Assert.False(el7.FindResource("old-ip")!.Managed);
        Assert.All(unmanaged.Resources, r => Assert.False(r.Managed));
        Assert.All(cts.Resources, r => Assert.False(r.Blocked || r.FailureIgnored || r.Orphaned));
    }

    [Fact]
    public void Keeps_the_instance_ids_of_a_globally_unique_clone()
    {
        // Act
        var s = Parse(Live);

        // Assert
        var counters = s.FindResources("counter-clone");
        Assert.Equal(["counter:0", "counter:1"], counters.Select(r => r.Id));
        Assert.All(counters, r => Assert.Equal("counter", r.BaseId));
        Assert.Equal("counter:0", s.FindResource("counter")!.Id);
        Assert.Equal("counter:1", s.FindResource("counter:1")!.Id);
        Assert.Equal(2, s.FindResources("counter").Count);
        Assert.Equal(4, s.FindResources("app-group").Count);
        Assert.Equal(3, s.FindResources("ping").Count);
        Assert.Equal(2, s.FindResources("web").Count);
    }

    [Fact]
    public void Started_and_promoted_read_1_1_and_2_x_role_names_alike()
    {
        var cts = Parse(Cts).FindResources("promotable-clone");
        var el7 = Parse(El7).FindResources("ms-db");

        Assert.Equal([true, false, false, false, false], cts.Select(r => r.IsPromoted));
        Assert.Equal([true, true, false, false, false], cts.Select(r => r.IsStarted));
        Assert.Equal([true, false], el7.Select(r => r.IsPromoted));
        Assert.Equal([true, true], el7.Select(r => r.IsStarted));
    }

    // file, the failed action as crm_mon described it
    public static TheoryData<string, ResourceFailure> FailureRows() => new()
    {
        {
            MonFail,
            new ResourceFailure
            {
                OperationKey = "dummy_monitor_60000", Resource = "dummy", Node = "cluster02", Task = "monitor", Interval = 60000,
                ExitCode = 7, ExitStatus = "not running", ExitReason = "Simulated action result", Call = 20, Status = "complete",
                LastRcChange = Utc("2026-11-23T22:14:43Z"), QueuedMs = 0, ExecMs = 0,
            }
        },
        {
            Partial,
            new ResourceFailure
            {
                OperationKey = "dummy-2_monitor_0", Resource = "dummy-2", Node = "cluster02", Task = "monitor", Interval = 0,
                ExitCode = 3, ExitStatus = "unimplemented feature", ExitReason = null, Call = 2, Status = "complete",
                LastRcChange = Utc("2020-09-02T16:17:38Z"), QueuedMs = 0, ExecMs = 33,
            }
        },
        {
            Degraded,
            new ResourceFailure
            {
                OperationKey = "dummy_monitor_60000", Resource = "dummy", Node = "cluster02", Task = "monitor", Interval = 60000,
                ExitCode = 190, ExitStatus = "OCF_DEGRADED", ExitReason = "Simulated action result", Call = 20, Status = "complete",
                LastRcChange = Utc("2026-11-23T23:39:23Z"), QueuedMs = 0, ExecMs = 0,
            }
        },
        {
            Live,
            new ResourceFailure
            {
                OperationKey = "webserver_monitor_5000", Resource = "webserver", Node = "node1", Task = "monitor", Interval = 5000,
                ExitCode = 190, ExitStatus = "OCF_DEGRADED", ExitReason = "balancer://t1rws has 1 of 2 members usable", Call = 27,
                Status = "complete", LastRcChange = Utc("2026-11-23T23:36:43Z"), QueuedMs = 0, ExecMs = 3,
            }
        },
        {
            Live,
            new ResourceFailure
            {
                OperationKey = "flaky_monitor_2000", Resource = "flaky", Node = "node1", Task = "monitor", Interval = 2000,
                ExitCode = 7, ExitStatus = "not running", ExitReason = "worker process exited", Call = 29, Status = "complete",
                LastRcChange = Utc("2026-11-23T23:36:43Z"), QueuedMs = 0, ExecMs = 4,
            }
        },
        {
            Live,
            new ResourceFailure
            {
                OperationKey = "broken_start_0", Resource = "broken", Node = "node1", Task = "start", Interval = 0, ExitCode = 6,
                ExitStatus = "not configured", ExitReason = "Configuration file /etc/broken.conf does not exist", Call = 38,
                Status = "complete", LastRcChange = Utc("2026-11-23T23:36:43Z"), QueuedMs = 0, ExecMs = 4,
            }
        },
        {
            El7,
            new ResourceFailure
            {
                OperationKey = "webserver_monitor_30000", Resource = "webserver", Node = "lb1.example.com", Task = "monitor",
                Interval = 30000, ExitCode = 7, ExitStatus = "not running", ExitReason = null, Call = 44, Status = "complete",
                LastRcChange = Utc("2026-11-23T22:01:47Z"), QueuedMs = 0, ExecMs = 0,
            }
        },
        {
            El7,
            new ResourceFailure
            {
                OperationKey = "ping_start_0", Resource = "ping", Node = "lb2.example.com", Task = "start", Interval = 0, ExitCode = 1,
                ExitStatus = "unknown error", ExitReason = "failed to ping 192.0.2.1", Call = 27, Status = "Timed Out",
                LastRcChange = Utc("2026-11-23T22:05:31Z"), QueuedMs = 0, ExecMs = 10002,
            }
        },
        {
            El7Old,
            new ResourceFailure
            {
                OperationKey = "webserver_monitor_10000", Resource = "webserver", Node = "node-a", Task = "monitor", Interval = 10000,
                ExitCode = 1, ExitStatus = "unknown error", ExitReason = null, Call = 16, Status = "complete",
                LastRcChange = Utc("2020-09-13T12:26:40Z"), QueuedMs = 1, ExecMs = 38,
            }
        },
    };

    [Theory]
    [MemberData(nameof(FailureRows))]
    public void Reads_failed_actions_with_their_exit_reasons(string file, ResourceFailure expected)
    {
        // Act
        var f = Parse(file).Failures.Single(x => x.OperationKey == expected.OperationKey);

        // Assert
        Assert.Equal(expected, f);
        Assert.Equal(expected.ExitCode is 190, f.IsDegraded);
    }

    [Fact]
    public void A_degraded_monitor_is_degraded_not_failed_and_its_resource_keeps_running()
    {
        // Act: a live Pacemaker 2.1.5 whose webserver monitor keeps returning 190
        var s = Parse(Live);

        // Assert
        var webserver = s.FindResource("webserver")!;
        Assert.True(webserver.IsStarted);
        Assert.False(webserver.Failed);
        Assert.True(s.Failures.Single(f => f.Resource == "webserver").IsDegraded);
        var history = s.FindHistory("node1", "webserver")!;
        Assert.Null(history.FailCount); // 190 adds no fail count
        Assert.Equal(10, history.MigrationThreshold);
        Assert.Equal(190, history.Operations[1].ExitCode);
        Assert.Equal("OCF_DEGRADED", history.Operations[1].ExitStatus);
        Assert.Equal(2, s.Failures.Count(f => !f.IsDegraded));
    }

    [Fact]
    public void Reads_the_fence_history_of_a_live_cluster()
    {
        // Act
        var events = Parse(Live).FenceHistory;

        // Assert
        Assert.Equal(
            [
                new FenceEvent
                {
                    Target = "node4", Action = "reboot", Status = "failed", Delegate = "node1", Client = "stonith_admin.575",
                    Origin = "node1", Completed = Utc("2026-11-23T23:37:06Z"), ExitReason = "Fence agent did not complete within 5s",
                },
                new FenceEvent
                {
                    Target = "node3", Action = "reboot", Status = "success", Delegate = "node1", Client = "pacemaker-controld.55",
                    Origin = "node1", Completed = Utc("2026-11-23T23:36:42Z"),
                },
                new FenceEvent
                {
                    Target = "node2", Action = "reboot", Status = "success", Delegate = "node1", Client = "pacemaker-controld.55",
                    Origin = "node1", Completed = Utc("2026-11-23T23:36:41Z"),
                },
            ],
            events);
        Assert.True(events[0].IsFailed);
        Assert.True(events[1].Succeeded);
    }

    [Fact]
    public void Reads_1_1_fence_events_written_with_state_and_ctime()
    {
        // Act
        var events = Parse(El7).FenceHistory;

        // Assert
        Assert.Equal(["success", "failed", "pending"], events.Select(e => e.Status));
        Assert.Equal(Utc("2026-11-23T21:35:10Z"), events[0].Completed);
        Assert.Equal("lb1.example.com", events[0].Delegate);
        Assert.Null(events[1].Delegate);
        Assert.Equal("stonith_admin.9920", events[1].Client);
        Assert.True(events[2].IsPending);
        Assert.Null(events[2].Completed);
        Assert.Equal("lb3.example.com", events[2].Target);
    }

    // file, ban id, resource, node, weight, promoted only
    public static TheoryData<string, string, string, string, int, bool> BanRows() => new()
    {
        { Cts, "not-on-cluster1", "dummy", "cluster01", -1000000, false },
        { CtsLegacy, "not-on-cluster1", "dummy", "cluster01", -1000000, false },
        { Live, "cli-ban-stateful-clone-on-node3", "stateful-clone", "node3", -1000000, true },
        { Live, "cli-ban-flaky-on-node2", "flaky", "node2", -1000000, false },
        { El7, "cli-ban-webserver-on-lb2.example.com", "webserver", "lb2.example.com", -1000000, false },
        { El7, "cli-ban-ms-db-on-lb2.example.com", "ms-db", "lb2.example.com", -1000000, true },
    };

    [Theory]
    [MemberData(nameof(BanRows))]
    public void Reads_bans_including_promoted_only_ones(string file, string id, string resource, string node, int weight, bool promotedOnly)
    {
        var ban = Parse(file).Bans.Single(b => b.Id == id);

        Assert.Equal(new ResourceBan { Id = id, Resource = resource, Node = node, Weight = weight, PromotedOnly = promotedOnly }, ban);
    }

    // file, node, attribute, value
    public static TheoryData<string, string, string, string> AttributeRows() => new()
    {
        { Cts, "cluster01", "location", "office" },
        { Cts, "cluster01", "pingd", "1000" },
        { Cts, "cluster02", "pingd", "1000" },
        { Live, "node1", "site", "dc-a" },
        { Live, "node1", "pingd", "1000" },
        { Live, "node1", "master-stateful", "10" },
        { El7, "lb2.example.com", "pingd", "0" },
        { El7, "lb1.example.com", "master-db", "1000" },
    };

    [Theory]
    [MemberData(nameof(AttributeRows))]
    public void Reads_node_attributes(string file, string node, string name, string value)
    {
        Assert.Equal(value, Parse(file).NodeAttributes[node][name]);
    }

    [Fact]
    public void Node_attributes_list_exactly_what_crm_mon_printed()
    {
        var cts = Parse(Cts).NodeAttributes;

        Assert.Equal(["cluster01", "cluster02"], cts.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(2, cts["cluster01"].Count);
        Assert.Single(cts["cluster02"]);
        Assert.Empty(Parse(El7Old).NodeAttributes);
    }

    // file, node, resource, fail count, migration threshold, last failure, operations, orphan
    public static TheoryData<string, string, string, int?, int?, string?, int, bool> HistoryRows() => new()
    {
        { Cts, "cluster02", "ping", null, 1000000, null, 2, false },
        { Cts, "cluster02", "promotable-rsc", null, 1000000, null, 4, false },
        { MonFail, "cluster02", "dummy", 1, 1000000, "2026-11-23T22:14:43Z", 3, false },
        { Live, "node1", "flaky", 1, 3, "2026-11-23T23:36:43Z", 3, false },
        { Live, "node1", "broken", 1000000, 1, "2026-11-23T23:36:43Z", 2, false },
        { Live, "node1", "counter:1", null, 1, null, 1, false },
        { El7, "lb1.example.com", "webserver", 2, 10, "2026-11-23T22:01:47Z", 2, false },
        { El7, "lb2.example.com", "ping", 1000000, 1000000, "2026-11-23T22:05:31Z", 2, false },
        { El7, "lb1.example.com", "old-ip", null, null, null, 1, true },
        { El7Old, "node-a", "webserver", 1, 1000000, "2020-09-13T12:26:40Z", 2, false },
    };

    [Theory]
    [MemberData(nameof(HistoryRows))]
    public void Reads_fail_counts_thresholds_and_operation_history(
        string file, string node, string resource, int? failCount, int? threshold, string? lastFailure, int operations, bool orphan)
    {
        // Act
        var h = Parse(file).FindHistory(node, resource);

        // Assert
        Assert.NotNull(h);
        Assert.Equal(failCount, h.FailCount);
        Assert.Equal(threshold, h.MigrationThreshold);
        Assert.Equal(lastFailure is null ? null : Utc(lastFailure), h.LastFailure);
        Assert.Equal(operations, h.Operations.Count);
        Assert.Equal(orphan, h.Orphan);
    }

    [Fact]
    public void Reads_every_field_of_recorded_operations()
    {
        // Arrange
        var cts = Parse(Cts);
        var live = Parse(Live);
        var el7 = Parse(El7);
        var old = Parse(El7Old);

        // Act
        var promote = cts.FindHistory("cluster02", "promotable-rsc")!.Operations;
        var pending = live.FindHistory("node1", "webserver")!.Operations[2];
        var el7Start = el7.FindHistory("lb1.example.com", "webserver")!.Operations[0];
        var epoch = old.FindHistory("node-a", "webserver")!.Operations[1];

        // Assert
        Assert.Equal(["monitor", "cancel", "promote", "monitor"], promote.Select(o => o.Task));
        Assert.Equal(
            new OperationRecord
            {
                Call = 7, Task = "monitor", Interval = 5000, ExitCode = 8, ExitStatus = "promoted",
                LastRcChange = Utc("2021-02-11T16:05:46Z"), ExecMs = 0, QueueMs = 0,
            },
            promote[3]);
        Assert.Equal(-1, pending.Call);
        Assert.Equal(193, pending.ExitCode);
        Assert.Equal(
            new OperationRecord
            {
                Call = 45, Task = "start", Interval = 0, ExitCode = 0, ExitStatus = "ok", LastRcChange = Utc("2026-11-23T22:01:48Z"),
                LastRun = Utc("2026-11-23T22:01:48Z"), ExecMs = 1163, QueueMs = 0,
            },
            el7Start);
        Assert.Equal(Utc("2020-09-13T12:26:40Z"), epoch.LastRcChange);
        Assert.Equal(38, epoch.ExecMs);
        Assert.Equal(1, epoch.QueueMs);
        Assert.Equal(10000, epoch.Interval);
    }

    [Fact]
    public void Reads_the_legacy_1_1_format_as_EL7_writes_it()
    {
        // Act
        var s = Parse(El7);

        // Assert
        Assert.Equal(CrmMonFormat.Legacy, s.Format);
        Assert.Equal("1.1.23", s.CrmMonVersion);
        Assert.Equal("1.1.23-1.el7_9.1-9acf116022", s.Summary.DcVersion);
        Assert.Null(s.Summary.StopAllResources);
        Assert.Null(s.Summary.MixedVersion);
        Assert.False(s.Summary.StonithEnabled);
        Assert.Equal("ignore", s.Summary.NoQuorumPolicy);
        Assert.Equal(Utc("2026-11-23T21:58:02Z"), s.Summary.LastChange);
        Assert.All(s.Nodes, n => Assert.Null(n.Health));
        Assert.Equal(["ocf:heartbeat:IPaddr2", "ocf:heartbeat:apache"], s.FindResources("web").Select(r => r.Agent));
        Assert.Null(s.Failures[0].ExitReason); // "none" is 1.1's placeholder
    }

    [Fact]
    public void Reads_the_oldest_1_1_output_with_epoch_seconds_and_missing_attributes()
    {
        // Act
        var s = Parse(El7Old);

        // Assert
        Assert.Equal("classic openais (with plugin)", s.Summary.Stack);
        Assert.False(s.Summary.HasQuorum);
        Assert.Equal("freeze", s.Summary.NoQuorumPolicy);
        Assert.True(s.Summary.MaintenanceMode);
        Assert.Null(s.Summary.ResourcesDisabled);
        Assert.Equal(3, s.Summary.ResourcesConfigured);
        Assert.Equal(Utc("2020-09-13T12:26:30Z"), s.FindHistory("node-a", "webserver")!.Operations[0].LastRcChange);
        Assert.All(s.Resources, r => Assert.False(r.Blocked)); // no "blocked" attribute before 1.1.14
        Assert.True(s.FindResource("webserver")!.Failed);
        Assert.Null(s.Failures[0].ExitReason);
    }

    [Fact]
    public void Merges_resources_that_group_by_node_printed_under_their_node()
    {
        // Act: crm_mon -n prints active primitives under <node> and only the rest under <resources>
        var byNode = Parse(ByNode);
        var full = Parse("pacemaker-gen/crm_mon.full.2x.xml");

        // Assert: the same instances on the same nodes in the same roles
        static IEnumerable<string> Instances(ClusterSnapshot s) =>
            s.Resources.Select(r => $"{r.Id} {r.Role} {string.Join(',', r.Nodes)}").Order(StringComparer.Ordinal);
        Assert.Equal(Instances(full), Instances(byNode));
        Assert.Equal(Instances(Parse(Live)), Instances(Parse(LiveByNode)));

        // Instances printed only under their node have no known parents; those printed again keep theirs.
        Assert.All(byNode.FindResources("ping"), r => Assert.Null(r.CloneId));
        Assert.Equal("httpd-bundle", byNode.Resources.First(r => r.Id == "httpd" && r.Nodes.Contains("httpd-bundle-0")).Bundle);
    }

    [Fact]
    public void Reports_crm_mon_s_own_error_with_its_code_and_reasons()
    {
        // Act: crm_mon 2.1.5 run with no cluster running
        var ex = Assert.Throws<CrmMonFormatException>(() => Parse(LiveStopped));

        // Assert
        Assert.Equal(
            "crm_mon reported: Not connected: error: Could not connect to launcher: Connection refused; "
            + "crm_mon: Connection to cluster failed: Connection refused (code 102)",
            ex.Message);
        Assert.Equal(102, ex.StatusCode);
        Assert.Null(ex.PartialSnapshot);
        Assert.False(CrmMonParser.TryParse(Read(LiveStopped), out var snapshot, out var error));
        Assert.Null(snapshot);
        Assert.Equal(ex.Message, error);
    }

    [Fact]
    public void A_non_zero_status_after_cluster_sections_is_an_error_that_still_carries_them()
    {
        // Arrange: a real output whose status is turned into an error
        var xml = Read(Cts).Replace(
            "<status code=\"0\" message=\"OK\"/>",
            "<status code=\"1\" message=\"Error occurred\"><errors><error>fencer history unavailable</error></errors></status>",
            StringComparison.Ordinal);

        // Act
        var ex = Assert.Throws<CrmMonFormatException>(() => CrmMonParser.Parse(xml));

        // Assert
        Assert.Equal("crm_mon reported: Error occurred: fencer history unavailable (code 1)", ex.Message);
        Assert.Equal(1, ex.StatusCode);
        Assert.NotNull(ex.PartialSnapshot);
        Assert.Equal(Describe(Parse(Cts)), Describe(ex.PartialSnapshot));
    }
}
