using GirAgent.Events;
using GirAgent.Pacemaker;
using GirAgent.Tenants;
using GirAgent.Tests.TestSupport;

namespace GirAgent.Tests.Daemon;

/// <summary>A group's failover names the tenants it touched: read from the tenants file, again whenever it changes.</summary>
public sealed class GroupTenantsTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 5, 22, 20, 0, TimeSpan.Zero);
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private string TenantsFile(string g2Tenant)
    {
        var path = Path.Combine(_dir.Path, "tenants.json");
        File.WriteAllText(path, """
            { "groups": [ { "name": "g1", "vip": "10.77.0.101" }, { "name": "g2", "vip": "10.77.0.102" } ],
              "tenants": [ { "id": "t1", "group": "g1", "rws": { "members": [ { "host": "10.77.0.31" } ] } },
                           { "id": "t2", "group": "G2", "rws": { "members": [ { "host": "10.77.0.31" } ] } },
                           { "id": "t3", "group": "g1", "rws": { "members": [ { "host": "10.77.0.31" } ] } } ] }
            """.Replace("G2", g2Tenant, StringComparison.Ordinal));
        return path;
    }

    private static ClusterSnapshot Stage(string name) =>
        CrmMonParser.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "lab", $"groups-crash-{name}.crm_mon.xml")));

    [Fact]
    public void A_groups_move_names_its_tenants_in_the_log_and_in_its_line()
    {
        var groups = new GroupTenants(TenantsFile("g2"));
        var ledger = new EventLedger(new EventStore(Path.Combine(_dir.Path, "events.jsonl"))) { TenantsOf = groups.Of };

        ledger.ObserveCluster(Stage("healthy"), T0);
        ledger.ObserveCluster(Stage("unclean"), T0.AddSeconds(5));
        var moves = ledger.ObserveCluster(Stage("moved"), T0.AddSeconds(12)).Where(e => e.IsFailover).OrderBy(e => e.Resource).ToList();

        Assert.Equal([["t1", "t3"], ["t2"]], moves.Select(m => m.Tenants));
        Assert.Contains("vip-g1 n2 -> n1 in ", moves[0].Summary());
        Assert.Contains(" (tenants t1, t3): node n2 lost", moves[0].Summary());
        var logged = EventStore.Enumerate(ledger.Store.FilePath, null, []).Where(e => e.IsFailover).OrderBy(e => e.Resource).ToList();
        Assert.Equal(["t1", "t3"], logged[0].Tenants);
    }

    [Fact]
    public void The_file_is_read_again_when_it_changes_and_a_broken_or_missing_one_names_nobody()
    {
        var path = TenantsFile("g2");
        var groups = new GroupTenants(path);
        Assert.Equal(["t2"], groups.Of("vip-g2"));
        Assert.Null(groups.Of("virtual_ip"));

        TenantsFile("g1");
        File.SetLastWriteTimeUtc(path, DateTime.UtcNow.AddSeconds(5));
        Assert.Empty(groups.Of("vip-g2")!);
        Assert.Equal(["t1", "t2", "t3"], groups.Of("vip-g1"));

        File.WriteAllText(path, "{ not json");
        File.SetLastWriteTimeUtc(path, DateTime.UtcNow.AddSeconds(10));
        Assert.Null(groups.Of("vip-g1"));
        File.Delete(path);
        Assert.Null(groups.Of("vip-g1"));
    }
}
