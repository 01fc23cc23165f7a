using GirAgent.Pacemaker;

namespace GirAgent.Cluster;

/// <summary>
/// Fencing and quorum: a fence device per node (never run on the node it fences), fencing on and its timeout sized to
/// the agent, the delay that makes the node running the service win a split, and the quorum device. Reasons and
/// measurements: docs/decisions.md "Fencing and quorum".
/// </summary>
internal static partial class ClusterSetupPlanner
{
    /// <summary>
    /// How long the cluster waits for a fence: fence_ipmilan's worst case off (login_timeout 5 s + power_timeout 20 s +
    /// power_wait 2 s, once retried: 54 s) with a margin; Debian's and EL's default of 60 s is that already.
    /// </summary>
    public const string StonithTimeout = "60s";

    /// <summary>webserver's priority meta attribute: the node that runs it wins a split (priority-fencing-delay).</summary>
    public const string WebserverPriority = "10";

    public const string FenceMonitorInterval = "60s";

    private static IEnumerable<(string Name, string Value)> WantedProperties(ClusterSetupSpec spec)
    {
        var fencing = spec.Fencing.Count > 0;
        // two_node (corosync) keeps the survivor quorate: with fencing, a node without quorum must stop its resources;
        // without fencing (a lab) the seed's ignore is kept
        // with groups (any number of nodes) a partition without quorum always stops: three or more nodes have real quorum
        yield return ("no-quorum-policy", fencing || spec.QDeviceHost is not null || spec.Groups.Count > 0 ? "stop" : "ignore");
        if (spec.DisableFencing) yield return ("stonith-enabled", "false");
        if (!fencing) yield break;
        yield return ("stonith-enabled", "true");
        yield return ("stonith-timeout", StonithTimeout);
        // after a split both nodes want to fence the other: the one running webserver (its priority) is fenced only after
        // this delay, so the passive node goes first and the service never moves
        yield return ("priority-fencing-delay", spec.FenceDelay);
    }

    private static string PropertiesWhy(ClusterSetupSpec spec) =>
        spec.Fencing.Count > 0
            ? $"fencing on: a lost node is powered off before its resources move (stonith-timeout {StonithTimeout}); the node running webserver wins a split " +
              $"(priority-fencing-delay {spec.FenceDelay}); a node without quorum stops its resources"
            : "two nodes: the survivor keeps running resources when its peer is gone" + (spec.DisableFencing ? "; fencing OFF (--no-fencing)" : "");

    private static void PlanFencing(ClusterSetupSpec spec, CibState? cib, bool force, List<PcsStep> steps, List<string> unchanged, List<string> conflicts)
    {
        foreach (var device in spec.Fencing)
        {
            var attributes = device.Attributes();
            var create = new PcsStep(["stonith", "create", device.Id, device.Agent, .. attributes.Select(a => $"{a.Key}={a.Value}"), "op", "monitor", $"interval={FenceMonitorInterval}"],
                $"{device.Node} is fenced through its BMC {device.Address}:{device.Port} ({device.Agent}, lanplus, user {device.User}, password read from {device.PasswordFile} on the fencing node)");
            var want = new WantedResource(device.Id, "stonith:" + device.Agent, attributes, [], FenceMonitorInterval, null, create);
            var have = cib?.Primitives.GetValueOrDefault(device.Id);
            var recreated = false;
            if (have is null) steps.Add(create);
            else if (Compare(want, have) is { Count: > 0 } differences)
            {
                conflicts.Add($"fence device {device.Id} exists and differs: {string.Join("; ", differences)}");
                if (force)
                {
                    steps.Add(new PcsStep(["stonith", "delete", device.Id], $"--force: remove the existing {device.Id} to create it anew"));
                    steps.Add(create);
                    recreated = true;
                }
            }
            else unchanged.Add($"fence device {device.Id} ({device.Agent} {device.Address})");

            // a node never runs the device that powers it off: it could not confirm its own death
            var avoids = cib?.Locations.Any(l => l.Resource == device.Id && ClusterNodeEquals(l.Node, device.Node) && l.Score is "-INFINITY" or "-inf") == true;
            if (avoids && !recreated) unchanged.Add($"location {device.Id} avoids {device.Node}");
            else steps.Add(new PcsStep(["constraint", "location", device.Id, "avoids", device.Node], $"{device.Id} never runs on {device.Node}, the node it fences"));
        }

        if (spec.Fencing.Count == 0) return;
        foreach (var id in PriorityResources(spec))
        {
            if (cib?.Primitives.GetValueOrDefault(id)?.MetaAttributes.GetValueOrDefault("priority") == WebserverPriority) unchanged.Add($"{id} meta priority={WebserverPriority}");
            else steps.Add(new PcsStep(["resource", "meta", id, $"priority={WebserverPriority}"],
                $"the node running {id} has the higher priority: after a two-node split it fences the other first (no restart)"));
        }
    }

    private static bool ClusterNodeEquals(string? a, string b) => a is not null && ClusterNode.NameComparer.Equals(a, b);

    /// <summary>
    /// The quorum device: corosync's, not the CIB's, so it follows the push (pcs asks qnetd's pcsd for its certificate).
    /// <paramref name="current"/> is the device corosync.conf has now (<c>pcs quorum config</c>; null: none, or not read
    /// for a CIB file): the same host is unchanged, another device is a conflict (--force replaces it).
    /// </summary>
    private static IReadOnlyList<PcsStep> QuorumDevice(ClusterSetupSpec spec, QuorumDeviceConfig? current, bool force, List<string> unchanged, List<string> conflicts)
    {
        if (spec.QDeviceHost is not { } host) return [];
        var add = new PcsStep(["quorum", "device", "add", "model", "net", $"host={host}", "algorithm=ffsplit"],
            $"a quorum device on {host} (corosync-qnetd and pcsd running there: Debian's package sets qnetd up, EL9's needs pcs qdevice setup model net --enable --start; then pcs host auth {host}): " +
            "a node cut from its peer and from qnetd loses quorum and stops its resources");
        if (current?.Host is not { } have) return [add];
        if (string.Equals(have, host, StringComparison.OrdinalIgnoreCase) && current is { Model: "net", Algorithm: null or "ffsplit" })
        {
            unchanged.Add($"quorum device on {host}");
            return [];
        }
        conflicts.Add($"quorum device exists and differs: model {current.Model ?? "?"} host {have} algorithm {current.Algorithm ?? "?"}, wanted net {host} ffsplit");
        return force ? [new PcsStep(["quorum", "device", "remove"], "--force: remove the existing quorum device to add it anew"), add] : [];
    }
}
