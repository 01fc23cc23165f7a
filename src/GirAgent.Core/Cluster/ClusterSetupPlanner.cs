using System.Globalization;
using GirAgent.Pacemaker;

namespace GirAgent.Cluster;

/// <summary>
/// Compares the wanted configuration (<see cref="ClusterSetupSpec"/>) with a CIB and lists the pcs
/// steps that make the CIB so. Pure: no program is run.
/// </summary>
internal static partial class ClusterSetupPlanner
{
    public static ClusterSetupPlan Plan(ClusterSetupSpec spec, CibState? cib, bool force = false, QuorumDeviceConfig? quorumDevice = null)
    {
        var steps = new List<PcsStep>();
        var unchanged = new List<string>();
        var conflicts = new List<string>();
        var warnings = FencingWarnings(spec, cib);

        // properties and defaults are cluster-wide settings: set when different, never a conflict
        var properties = new List<string>();
        foreach (var (name, value) in WantedProperties(spec))
        {
            var have = cib?.Properties.GetValueOrDefault(name);
            if (have is not null && (have == value || (value == "false" && IsFalse(have)) || (value == "true" && IsTrue(have))
                || (CibState.ParseDuration(value) is { } d && CibState.ParseDuration(have) == d)))
                unchanged.Add($"property {name}={value}");
            else properties.Add($"{name}={value}");
        }
        if (properties.Count > 0)
            steps.Add(new PcsStep(["property", "set", .. properties], PropertiesWhy(spec)));

        var threshold = spec.DefaultMigrationThreshold.ToString(CultureInfo.InvariantCulture);
        if (cib?.ResourceDefaults.GetValueOrDefault("migration-threshold") == threshold) unchanged.Add($"resource default migration-threshold={threshold}");
        else steps.Add(new PcsStep(["resource", "defaults", "update", $"migration-threshold={threshold}"], spec.Groups.Count > 0 ? "a resource moves to another node after one failure" : "a resource moves to the other node after one failure"));

        if (spec.Groups.Count > 0) PlanGroups(spec, cib, force, steps, unchanged, conflicts);
        else PlanSingleVip(spec, cib, force, steps, unchanged, conflicts);

        // the daemon's alert agent
        if (spec.AlertPath is { } alertPath)
        {
            var alert = new PcsStep(["alert", "create", $"path={alertPath}", $"id={ClusterSetupSpec.AlertId}"], "girlb's alert agent records every failover event");
            var existing = cib?.Alerts.FirstOrDefault(a => a.Id == ClusterSetupSpec.AlertId);
            if (existing is null) steps.Add(alert);
            else if (existing.Path == alertPath) unchanged.Add($"alert {ClusterSetupSpec.AlertId} ({alertPath})");
            else
            {
                conflicts.Add($"alert {ClusterSetupSpec.AlertId} exists with path {existing.Path}");
                if (force)
                {
                    steps.Add(new PcsStep(["alert", "remove", ClusterSetupSpec.AlertId], $"--force: remove alert {ClusterSetupSpec.AlertId}"));
                    steps.Add(alert);
                }
            }
        }
        PlanFencing(spec, cib, force, steps, unchanged, conflicts);
        var afterPush = QuorumDevice(spec, quorumDevice, force, unchanged, conflicts);
        return new ClusterSetupPlan(steps, unchanged, conflicts, warnings) { AfterPush = afterPush };
    }

    /// <summary>The seed's layout: one virtual_ip, webserver colocated with it and started after it.</summary>
    private static void PlanSingleVip(ClusterSetupSpec spec, CibState? cib, bool force, List<PcsStep> steps, List<string> unchanged, List<string> conflicts)
    {
        var recreated = new HashSet<string>(StringComparer.Ordinal);
        foreach (var want in new[] { VipResource(spec), WebserverResource(spec) })
            PlanResource(want, cib, force, steps, unchanged, conflicts, recreated);

        // constraints; deleting a resource removes its constraints, so those are added again
        const string vip = ClusterSetupSpec.VipId, web = ClusterSetupSpec.WebserverId;
        var anyRecreated = recreated.Count > 0;
        PlanColocation(web, vip, "webserver runs where virtual_ip is", cib, force, anyRecreated, steps, unchanged, conflicts);
        PlanOrder(vip, web, "virtual_ip starts before webserver (and stops after it)", cib, force, anyRecreated, steps, unchanged, conflicts);
    }

    /// <summary>Creates <paramref name="want"/>, or finds it as wanted, or names how it differs (replaced with --force).</summary>
    private static void PlanResource(WantedResource want, CibState? cib, bool force, List<PcsStep> steps, List<string> unchanged, List<string> conflicts,
        HashSet<string> recreated, string? container = null)
    {
        var have = cib?.Primitives.GetValueOrDefault(want.Id);
        if (have is null)
        {
            steps.Add(want.Create);
            return;
        }
        var differences = Compare(want, have, container);
        if (differences.Count == 0)
        {
            unchanged.Add($"resource {want.Id} ({want.Agent}){(container is null ? "" : " in " + container)}");
            return;
        }
        conflicts.Add($"resource {want.Id} exists and differs: {string.Join("; ", differences)}");
        if (!force) return;
        steps.Add(new PcsStep(["resource", "delete", want.Id], $"--force: remove the existing {want.Id} (and its constraints) to create it anew"));
        // what other commands keep in the resource (the cluster's tenants) goes into the new one: --force replaces
        // girlb's settings, never the tenants an operator applied
        var kept = have.InstanceAttributes.Where(a => IsKeptElsewhere(a.Key)).ToList();
        steps.Add(kept.Count == 0 ? want.Create : want.Create with
        {
            Arguments = [.. InsertAttributes(want.Create.Arguments, kept)],
            Why = want.Create.Why + "; keeps " + string.Join(", ", kept.Select(a => a.Key)) + " from the resource it replaces",
        });
        recreated.Add(want.Id);
    }

    /// <summary><paramref name="resource"/> runs only where <paramref name="with"/> runs (score INFINITY), and no other colocation of the two.</summary>
    private static void PlanColocation(string resource, string with, string why, CibState? cib, bool force, bool recreated,
        List<PcsStep> steps, List<string> unchanged, List<string> conflicts)
    {
        var colocation = new PcsStep(["constraint", "colocation", "add", resource, "with", with, "score=INFINITY"], why);
        var colocations = cib?.Colocations.Where(c => (c.Resource == resource && c.WithResource == with) || (c.Resource == with && c.WithResource == resource)).ToList() ?? [];
        if (recreated || colocations.Count == 0) steps.Add(colocation);
        else if (colocations.Count == 1 && colocations[0].Resource == resource && IsInfinity(colocations[0].Score))
            unchanged.Add($"colocation {resource} with {with} INFINITY");
        else
        {
            conflicts.Add($"colocation of {resource} and {with} differs: " + string.Join("; ", colocations.Select(c => $"{c.Id}: {c.Resource} with {c.WithResource} score {c.Score ?? "(none)"}")));
            if (!force) return;
            foreach (var c in colocations) steps.Add(new PcsStep(["constraint", "delete", c.Id], $"--force: remove {c.Id}"));
            steps.Add(colocation);
        }
    }

    /// <summary><paramref name="first"/> starts before <paramref name="then"/> and stops after it (mandatory, symmetrical), and no other order of the two.</summary>
    private static void PlanOrder(string first, string then, string why, CibState? cib, bool force, bool recreated,
        List<PcsStep> steps, List<string> unchanged, List<string> conflicts)
    {
        var order = new PcsStep(["constraint", "order", first, "then", then], why);
        var orders = cib?.Orders.Where(o => (o.First == first && o.Then == then) || (o.First == then && o.Then == first)).ToList() ?? [];
        if (recreated || orders.Count == 0) steps.Add(order);
        else if (orders.Count == 1 && IsWantedOrder(orders[0], first, then)) unchanged.Add($"order {first} then {then}");
        else
        {
            conflicts.Add($"order of {first} and {then} differs: " + string.Join("; ", orders.Select(o =>
                $"{o.Id}: {o.FirstAction ?? "start"} {o.First} then {o.ThenAction ?? "start"} {o.Then} kind {o.Kind ?? "Mandatory"}{(o.Symmetrical is { } s ? " symmetrical " + s : "")}")));
            if (!force) return;
            foreach (var o in orders) steps.Add(new PcsStep(["constraint", "delete", o.Id], $"--force: remove {o.Id}"));
            steps.Add(order);
        }
    }

    private sealed record WantedResource(string Id, string Agent, IReadOnlyList<KeyValuePair<string, string>> Attributes,
        IReadOnlyList<KeyValuePair<string, string>> Meta, string MonitorInterval, string? MonitorTimeout, PcsStep Create);

    private static WantedResource VipResource(ClusterSetupSpec spec)
    {
        var attributes = spec.VipAttributes();
        var op = new List<string> { "op", "monitor", $"interval={spec.VipMonitorInterval}" };
        var create = new PcsStep(["resource", "create", ClusterSetupSpec.VipId, spec.VipAgent, .. attributes.Select(a => $"{a.Key}={a.Value}"), .. op],
            $"the virtual IP {spec.Vip}, monitored every {spec.VipMonitorInterval}");
        return new WantedResource(ClusterSetupSpec.VipId, spec.VipAgent, attributes, [], spec.VipMonitorInterval, null, create);
    }

    private static WantedResource WebserverResource(ClusterSetupSpec spec)
    {
        var attributes = spec.WebserverAttributes();
        var op = new List<string> { "op", "monitor", $"interval={spec.WebserverMonitorInterval}" };
        if (spec.WebserverMonitorTimeout is { } timeout) op.Add($"timeout={timeout}");
        var threshold = spec.WebserverMigrationThreshold.ToString(CultureInfo.InvariantCulture);
        List<KeyValuePair<string, string>> meta = [new("migration-threshold", threshold)];
        var create = new PcsStep(["resource", "create", ClusterSetupSpec.WebserverId, spec.WebserverAgent,
                .. attributes.Select(a => $"{a.Key}={a.Value}"), .. op, "meta", $"migration-threshold={threshold}"],
            $"httpd, monitored every {spec.WebserverMonitorInterval} through {spec.StatusUrl}; moves after {threshold} failures");
        return new WantedResource(ClusterSetupSpec.WebserverId, spec.WebserverAgent, attributes, meta, spec.WebserverMonitorInterval, spec.WebserverMonitorTimeout, create);
    }

    /// <summary>
    /// A parameter another command keeps and cluster setup leaves alone: the cluster's tenants (<c>tenants apply</c>,
    /// <c>giragent members</c>). Running cluster setup again (a group, a node's fence device) must not call it a difference.
    /// </summary>
    private static bool IsKeptElsewhere(string parameter) => parameter == Tenants.ClusterTenants.Parameter;

    /// <summary><paramref name="create"/>'s arguments with <paramref name="attributes"/> after the resource's own (before <c>op</c>, <c>meta</c> or <c>clone</c>).</summary>
    private static IEnumerable<string> InsertAttributes(IReadOnlyList<string> create, IReadOnlyList<KeyValuePair<string, string>> attributes)
    {
        var at = create.Count;
        for (var i = 4; i < create.Count; i++)
        {
            if (create[i] is "op" or "meta" or "clone") { at = i; break; }
        }
        return [.. create.Take(at), .. attributes.Select(a => $"{a.Key}={a.Value}"), .. create.Skip(at)];
    }

    /// <summary>How <paramref name="have"/> differs from <paramref name="want"/>, which sits in <paramref name="container"/> (a clone) or in nothing.</summary>
    private static List<string> Compare(WantedResource want, CibPrimitive have, string? container = null)
    {
        var differences = new List<string>();
        if (have.Container != container)
            differences.Add(have.Container is null ? $"it is not in {container}" : $"it is part of {have.Container}" + (container is null ? "" : $", wanted {container}"));
        if (have.Agent != want.Agent) differences.Add($"agent {have.Agent}, wanted {want.Agent}");
        var wanted = want.Attributes.ToDictionary(a => a.Key, a => a.Value, StringComparer.Ordinal);
        foreach (var (key, value) in wanted)
        {
            if (!have.InstanceAttributes.TryGetValue(key, out var actual)) differences.Add($"{key} unset, wanted {value}");
            else if (actual != value) differences.Add($"{key}={actual}, wanted {value}");
        }
        foreach (var (key, value) in have.InstanceAttributes)
            if (!wanted.ContainsKey(key) && !IsKeptElsewhere(key)) differences.Add($"{key}={value} is set, not wanted");
        foreach (var (key, value) in want.Meta)
        {
            if (!have.MetaAttributes.TryGetValue(key, out var actual)) differences.Add($"meta {key} unset, wanted {value}");
            else if (actual != value) differences.Add($"meta {key}={actual}, wanted {value}");
        }
        var monitors = have.Operations.Where(o => o.Name == "monitor").ToList();
        var interval = CibState.ParseDuration(want.MonitorInterval);
        var monitor = monitors.FirstOrDefault(o => CibState.ParseDuration(o.Interval) == interval);
        if (monitor is null)
            differences.Add(monitors.Count == 0 ? $"no monitor operation, wanted interval={want.MonitorInterval}"
                : $"monitor interval={string.Join(",", monitors.Select(m => m.Interval))}, wanted {want.MonitorInterval}");
        else if (want.MonitorTimeout is { } timeout && CibState.ParseDuration(monitor.Timeout) != CibState.ParseDuration(timeout))
            differences.Add($"monitor timeout={monitor.Timeout ?? "(default)"}, wanted {timeout}");
        return differences;
    }

    private static List<string> FencingWarnings(ClusterSetupSpec spec, CibState? cib)
    {
        var warnings = new List<string>();
        const string risk = "after a network split both nodes may hold the virtual IP and run httpd at once (traffic and sessions split); " +
            "configure a fence device (pcs stonith create ..., e.g. fence_ipmilan) and keep stonith-enabled=true";
        if (spec.DisableFencing)
            warnings.Add($"--no-fencing sets stonith-enabled=false: fencing is OFF: {risk}");
        else if (spec.Fencing.Count > 0)
        {
            if (spec.Fencing.Count == 1)
                warnings.Add($"only {spec.Fencing[0].Node} has a fence device: the other node cannot be fenced, and a failover from it waits forever (--fence for every node)");
            // priority-fencing-delay spares the node with the higher priority; one group on each of two nodes ties, and
            // Pacemaker then delays neither fence: after a cut link both nodes may power each other off
            if (spec.Fencing.Count == 2 && spec.Groups.Count >= 2 && spec.QDeviceHost is null)
                warnings.Add($"{spec.Groups.Count} groups on two nodes: when each node holds one, their priorities tie and priority-fencing-delay delays " +
                    "neither fence, so a cut link between them can power both off; add a quorum device (--qdevice HOST) or keep one group on two nodes");
        }
        else if (cib?.Properties.GetValueOrDefault("stonith-enabled") is { } s && IsFalse(s))
            warnings.Add($"fencing is OFF in this cluster (stonith-enabled=false): {risk}");
        else if (cib is not null && cib.FenceDevices == 0)
            warnings.Add("no fence device is configured: with stonith-enabled=true Pacemaker starts no resource until one exists (pcs stonith create ...)");
        else if (cib is null)
            warnings.Add("this does not configure fencing: a two-node cluster needs a fence device (pcs stonith create ...); without one, resources do not start");
        return warnings;
    }

    private static bool IsFalse(string value) => value.Trim().ToLowerInvariant() is "false" or "no" or "off" or "0" or "n";

    private static bool IsTrue(string value) => value.Trim().ToLowerInvariant() is "true" or "yes" or "on" or "1" or "y";

    private static bool IsInfinity(string? score) => score is Scores.Infinity or "+" + Scores.Infinity or "inf" or "+inf";

    private static bool IsWantedOrder(CibOrder o, string first, string then) =>
        o.First == first && o.Then == then
        && (o.Kind is null or "Mandatory") && (o.Kind is not null || o.Score is null || IsInfinity(o.Score))
        && (o.FirstAction is null or "start") && (o.ThenAction is null or "start")
        && (o.Symmetrical is null || !IsFalse(o.Symmetrical));
}
