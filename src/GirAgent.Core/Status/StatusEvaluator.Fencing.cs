using GirAgent.Pacemaker;

namespace GirAgent.Status;

/// <summary>Fencing in the status report: the devices, where they run and whether they work, and the last fence actions.</summary>
internal static partial class StatusEvaluator
{
    /// <summary>How many fence actions the report lists, newest last.</summary>
    public const int RecentFenceActions = 5;

    private static bool IsFenceDevice(ClusterResource r) => r.Agent?.StartsWith("stonith:", StringComparison.Ordinal) == true;

    private static FencingSection FencingOf(ClusterSnapshot snapshot)
    {
        var devices = snapshot.Resources.Where(IsFenceDevice)
            .GroupBy(r => r.Id, StringComparer.Ordinal)
            .Select(g =>
            {
                var r = g.First();
                var failure = snapshot.Failures.Where(f => f.Resource == r.Id && !f.IsDegraded).MaxBy(f => f.LastRcChange);
                return new FenceDeviceSection(r.Id, r.Agent, ResourceStateText(r), [.. g.SelectMany(x => x.Nodes).Distinct()],
                    failure is null ? null : $"{failure.Task} on {failure.Node}: {failure.ExitReason ?? failure.ExitStatus ?? "exit " + failure.ExitCode}");
            })
            .ToList();
        var recent = snapshot.FenceHistory
            .OrderBy(f => f.Completed ?? DateTimeOffset.MaxValue)
            .TakeLast(RecentFenceActions)
            .Select(f => new FenceActionSection(f.Target, f.Action, f.Status, f.Delegate ?? f.Origin, f.Completed, f.ExitReason))
            .ToList();
        return new FencingSection(snapshot.Summary.StonithEnabled, devices, recent);
    }

    private static void FencingProblems(ClusterSnapshot snapshot, FencingSection fencing, List<Problem> problems)
    {
        if (fencing.Enabled != true) return; // off: said once, as a warning (ClusterProblems); unknown: nothing to say
        var members = snapshot.Nodes.Count(n => n.Type is null or "member");
        if (fencing.Devices.Count == 0 && members > 1)
            problems.Add(new Problem(Health.Critical, "fencing", "fencing is on but there is no fence device: a lost node cannot be fenced, so nothing it ran is recovered",
                "'giragent cluster setup --fence NODE=BMC ... --apply' (one device per node; docs/operations.md)", Checks.Stonith));
        var online = snapshot.Nodes.Where(n => n.Online && n.Type is null or "member").Select(n => n.Name).ToList();
        foreach (var device in fencing.Devices)
        {
            // a device kept off the node it fences (cluster setup's location) has no node to run on while its only
            // other node is down: by design, and that node's absence is the problem status tells
            var hostless = online.Count > 0 && online.All(n => snapshot.Bans.Any(b => b.Resource == device.Id && ClusterNode.NameComparer.Equals(b.Node, n)));
            if (device.State is not "started" && hostless)
                problems.Add(new Problem(Health.Degraded, device.Id, $"fence device {device.Id} is {device.State}: the only nodes that may run it are offline",
                    "bring the offline node back ('pcs cluster start NODE'); the device starts with it", Checks.Stonith));
            else if (device.State is not "started")
                problems.Add(new Problem(Health.Critical, device.Id, $"fence device {device.Id} is {device.State}: the node it fences cannot be fenced, and a failover from that node waits",
                    $"'pcs stonith config {device.Id}'; 'pcs resource cleanup {device.Id}' once its BMC answers", Checks.Stonith));
            else if (device.LastFailure is { } failure)
                problems.Add(new Problem(Health.Critical, device.Id, $"fence device {device.Id} failed: {failure}: its BMC may not answer when a fence is needed",
                    $"check the BMC (ipmitool -I lanplus -H BMC -U USER -f PASSWORD-FILE power status), then 'pcs resource cleanup {device.Id}'", Checks.Stonith));
        }
        // the last action on each node says whether it is fenced, being fenced, or could not be
        foreach (var last in snapshot.FenceHistory.GroupBy(f => f.Target, ClusterNode.NameComparer)
                     .Select(g => g.OrderBy(f => f.IsPending ? DateTimeOffset.MaxValue : f.Completed ?? DateTimeOffset.MinValue).Last()))
        {
            if (last.IsFailed)
                problems.Add(new Problem(Health.Critical, last.Target, $"fencing {last.Target} ({last.Action}) failed{(last.ExitReason is { } why ? ": " + why : "")}: what it ran is not recovered until a fence succeeds",
                    $"check {last.Target}'s BMC; once you are sure {last.Target} is off, 'pcs stonith confirm {last.Target}'", Checks.Stonith));
            else if (last.IsPending)
                problems.Add(new Problem(Health.Degraded, last.Target, $"fencing {last.Target} ({last.Action}) is in progress: its resources move when it is done",
                    "'pcs stonith history show'", Checks.Stonith));
        }
    }
}
