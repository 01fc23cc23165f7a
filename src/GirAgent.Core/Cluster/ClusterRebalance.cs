using System.Diagnostics;
using GirAgent.Admin;
using GirAgent.Pacemaker;
using GirAgent.Posix;

namespace GirAgent.Cluster;

/// <summary>
/// <c>giragent cluster rebalance</c>: prints (default) or makes (<c>--apply</c>) the moves that spread the groups' VIPs
/// evenly (<see cref="GroupBalancer"/>), one at a time: <c>pcs resource move VIP NODE</c> (pcs 0.11 and later remove
/// the constraint it makes once the VIP runs there), then waits until it serves there before the next.
/// </summary>
internal sealed class ClusterRebalance(ICommandRunner runner, TextWriter output, TextWriter messages, TimeProvider? time = null)
{
    private static readonly TimeSpan CrmMonTimeout = TimeSpan.FromSeconds(10);
    private readonly PacemakerTools _pacemaker = new(runner);
    private readonly TimeProvider _time = time ?? TimeProvider.System;

    public int Run(bool apply, TimeSpan wait, string? crmMonXml = null)
    {
        ClusterSnapshot cluster;
        try
        {
            cluster = CrmMonParser.Parse(crmMonXml ?? _pacemaker.CrmMonXml(CrmMonTimeout));
        }
        catch (Exception e) when (e is PacemakerToolException or CrmMonFormatException or FormatException)
        {
            messages.WriteLine($"giragent cluster rebalance: cannot read the cluster: {e.Message}; nothing moved");
            return AdminExit.Failed;
        }
        var (moves, notes) = GroupBalancer.Plan(cluster);
        if (moves.Count == 0)
        {
            foreach (var note in notes.Where(n => !n.StartsWith("after:", StringComparison.Ordinal))) messages.WriteLine("note: " + note);
            output.WriteLine("balanced: " + string.Join("; ", notes.Where(n => n.StartsWith("after:", StringComparison.Ordinal)).Select(n => n["after: ".Length..])
                .DefaultIfEmpty("nothing to move")));
            return AdminExit.Ok;
        }
        foreach (var note in notes.Where(n => !n.StartsWith("after:", StringComparison.Ordinal))) messages.WriteLine("note: " + note);
        if (!apply)
        {
            output.WriteLine("# girlb cluster rebalance: each move is a moment the group's clients wait (its address goes down on one node");
            output.WriteLine("# and up on the other); 'giragent cluster rebalance --apply' makes them one at a time.");
            foreach (var m in moves)
                output.WriteLine($"# {m.Resource}: {m.From} holds more groups than {m.To}\npcs resource move {m.Resource} {m.To}");
            output.WriteLine("# " + notes.Last());
            return AdminExit.Ok;
        }
        foreach (var m in moves)
        {
            var clock = Stopwatch.StartNew();
            try
            {
                _pacemaker.Pcs(["resource", "move", m.Resource, m.To], TimeSpan.FromSeconds(wait.TotalSeconds + 30), $"moving {m.Resource} to {m.To}",
                    $"; if it left a constraint: pcs resource clear {m.Resource}");
            }
            catch (PacemakerToolException e)
            {
                messages.WriteLine($"giragent cluster rebalance: {e.Message}");
                return AdminExit.Failed;
            }
            while (!_pacemaker.Locate(m.Resource).SequenceEqual([m.To]))
            {
                if (clock.Elapsed > wait)
                {
                    messages.WriteLine($"giragent cluster rebalance: {m.Resource} does not run on {m.To} after {wait.TotalSeconds:0} s: 'pcs status'; " +
                        $"'pcs resource clear {m.Resource}' removes a constraint the move may have left; the moves after it were not made");
                    return AdminExit.Failed;
                }
                Thread.Sleep(TimeSpan.FromMilliseconds(200));
            }
            // the command's time is pcs's: it waits for the cluster to settle before it removes the move's constraint; the
            // group's clients wait only while its address moves (well under a second in the lab)
            output.WriteLine($"moved {m.Resource} {m.From} -> {m.To}: running there after {clock.Elapsed.TotalSeconds:0.00} s (pcs waits for the cluster to settle; clients wait only while the address moves)");
        }
        output.WriteLine("balanced: " + notes.Last()["after: ".Length..]);
        return AdminExit.Ok;
    }
}
