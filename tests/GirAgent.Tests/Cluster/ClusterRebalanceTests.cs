using GirAgent.Admin;
using GirAgent.Cluster;
using GirAgent.Pacemaker;
using GirAgent.Posix;
using GirAgent.Tests.TestSupport;

namespace GirAgent.Tests.Cluster;

/// <summary>Spreading the groups' VIPs again once a node holds none (crm_mon of `lab up --nodes 3`).</summary>
public sealed class ClusterRebalanceTests
{
    private static string Xml(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "lab", name + ".crm_mon.xml"));

    private static IReadOnlyList<GroupMove> Moves(string name) => GroupBalancer.Plan(CrmMonParser.Parse(Xml(name))).Moves;

    [Fact]
    public void The_node_back_from_its_fence_gets_one_group_from_the_node_holding_two()
    {
        // g1 and g2 on n2, g3 on n3, n1 back and holding none
        Assert.Equal([new GroupMove("vip-g2", "n2", "n1")], Moves("groups-3-nodes"));
        // g1 on n1, g2 and g3 on n3, n2 back and holding none
        Assert.Equal([new GroupMove("vip-g3", "n3", "n2")], Moves("groups-crash-back"));
    }

    [Fact]
    public void A_node_that_cannot_take_groups_is_left_out_and_its_groups_where_they_are()
    {
        // n2 crashed, not fenced yet: its groups wait for the fence; n1 none, n3 one: balanced as far as can be
        var (moves, notes) = GroupBalancer.Plan(CrmMonParser.Parse(Xml("groups-crash-unclean")));

        Assert.Empty(moves);
        Assert.Contains("vip-g1 runs on n2, which cannot take groups now: left where it is", notes);
    }

    [Fact]
    public void The_seeds_single_vip_has_nothing_to_spread()
    {
        var (moves, notes) = GroupBalancer.Plan(CrmMonParser.Parse(Xml("healthy")));

        Assert.Empty(moves);
        Assert.Equal("no group VIPs (vip-NAME): the cluster runs one VIP; nothing to spread", Assert.Single(notes));
    }

    [Fact]
    public void Apply_moves_one_group_at_a_time_and_waits_until_it_runs_there()
    {
        var runner = new FakeCommandRunner((program, args) => program switch
        {
            "crm_mon" => FakeCommandRunner.Ok(Xml("groups-3-nodes")),
            "crm_resource" => FakeCommandRunner.Ok("resource vip-g2 is running on: n1\n"),
            _ => FakeCommandRunner.Ok(),
        });
        var output = new StringWriter();

        var rc = new ClusterRebalance(runner, output, new StringWriter()).Run(apply: true, TimeSpan.FromSeconds(5));

        Assert.Equal(AdminExit.Ok, rc);
        Assert.Equal(["resource", "move", "vip-g2", "n1"], Assert.Single(runner.Calls, c => c.Program == "pcs").Arguments);
        Assert.Contains("moved vip-g2 n2 -> n1: running there after ", output.ToString());
        Assert.Contains("balanced: n1 vip-g2, n2 vip-g1, n3 vip-g3", output.ToString());
    }

    [Fact]
    public void A_move_that_pcs_refuses_or_that_never_lands_is_a_failure_that_names_what_to_clear()
    {
        var refused = new FakeCommandRunner((program, _) => program switch
        {
            "crm_mon" => FakeCommandRunner.Ok(Xml("groups-3-nodes")),
            "pcs" => new CommandResult(1, "", "Error: resource 'vip-g2' is unmanaged"),
            _ => FakeCommandRunner.Ok(),
        });
        var messages = new StringWriter();
        Assert.Equal(AdminExit.Failed, new ClusterRebalance(refused, new StringWriter(), messages).Run(apply: true, TimeSpan.FromSeconds(1)));
        Assert.Contains("moving vip-g2 to n1: pcs resource move vip-g2 n1 failed (exit 1): Error: resource 'vip-g2' is unmanaged", messages.ToString());

        var stuck = new FakeCommandRunner((program, _) => program switch
        {
            "crm_mon" => FakeCommandRunner.Ok(Xml("groups-3-nodes")),
            "crm_resource" => FakeCommandRunner.Ok("resource vip-g2 is running on: n2\n"),
            _ => FakeCommandRunner.Ok(),
        });
        messages = new StringWriter();
        Assert.Equal(AdminExit.Failed, new ClusterRebalance(stuck, new StringWriter(), messages).Run(apply: true, TimeSpan.FromSeconds(1)));
        Assert.Contains("vip-g2 does not run on n1 after 1 s", messages.ToString());
        Assert.Contains("'pcs resource clear vip-g2'", messages.ToString());
    }

    [Fact]
    public void Without_apply_it_prints_the_pcs_commands_and_runs_nothing()
    {
        var output = new StringWriter();
        var runner = new FakeCommandRunner((_, _) => FakeCommandRunner.Ok());

        Assert.Equal(AdminExit.Ok, new ClusterRebalance(runner, output, new StringWriter()).Run(apply: false, TimeSpan.FromSeconds(5), Xml("groups-3-nodes")));
        Assert.Contains("\npcs resource move vip-g2 n1\n", output.ToString());
        Assert.Empty(runner.Calls);
    }
}
