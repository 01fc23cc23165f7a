using GirAgent.Httpd;
using GirAgent.Pacemaker;
using GirAgent.Tenants;

namespace GirAgent.Status;

/// <summary>What the status collection gathered: each source's result, or its error.</summary>
/// <param name="LocalNode">This node, when known: httpd silent while Pacemaker runs the webserver here is critical.</param>
internal sealed record StatusInputs(
    ClusterSnapshot? Cluster,
    SourceResult ClusterSource,
    ServerStatus? Httpd,
    SourceResult? HttpdSource,
    string? LocalNode = null,
    string WebserverResource = ResourceIds.Webserver,
    string VipResource = ResourceIds.Vip,
    TenantsConfig? Tenants = null);

/// <summary>
/// Turns a cluster snapshot and a server-status page into a <see cref="StatusReport"/>: what runs
/// where, every tenant's balancer members, and each problem with how bad it is and the command
/// that helps. Pure: the same inputs give the same report.
/// </summary>
internal static partial class StatusEvaluator
{
    public const string VipKind = "vip";
    public const string WebserverKind = "webserver";
    public const string OtherKind = "other";

    /// <summary>The health checks problems are filed under (gir_health_check{check}).</summary>
    public static class Checks
    {
        public const string CrmMon = "crm_mon", Quorum = "quorum", NodesOffline = "nodes_offline", Stonith = "stonith",
            Maintenance = "maintenance", Webserver = "webserver", Vip = "vip", Resources = "resources", FailedActions = "failed_actions",
            Httpd = "httpd", TenantServices = "tenant_services", Members = "members";

        public static IReadOnlyList<string> All { get; } =
            [CrmMon, Quorum, NodesOffline, Stonith, Maintenance, Webserver, Vip, Resources, FailedActions, Httpd, TenantServices, Members];
    }
    /// <summary>Pacemaker's INFINITY score.</summary>


    public static StatusReport Evaluate(StatusInputs inputs, DateTimeOffset now)
    {
        var problems = new List<Problem>();
        ClusterSection? cluster = null;
        var resources = new List<ResourceSection>();
        IReadOnlyList<TenantsDigestSection> digests = [];

        FencingSection? fencing = null;
        QuorumSection? quorum = null;
        List<GroupSection> groups = [];
        List<string> idle = [];
        if (inputs.Cluster is { } snapshot)
        {
            cluster = ClusterOf(snapshot);
            ClusterProblems(snapshot, problems);
            fencing = FencingOf(snapshot);
            FencingProblems(snapshot, fencing, problems);
            quorum = QuorumOf(snapshot);
            QuorumProblems(quorum, problems);
            resources = ResourcesOf(snapshot, inputs);
            groups = GroupsOf(snapshot, inputs.Tenants);
            idle = NodesWithoutGroup(snapshot, groups, inputs.WebserverResource);
            LoadBalancerProblems(snapshot, inputs, problems);
            FailureProblems(snapshot, problems);
            DigestProblems(snapshot, problems);
            digests = DigestsOf(snapshot, resources);
        }
        else
        {
            // a saved document that cannot be read says nothing about Pacemaker on this node
            var saved = inputs.ClusterSource.Origin is not ("crm_mon" or "daemon");
            problems.Add(new Problem(Health.Unknown, "cluster", $"cannot read the cluster state: {inputs.ClusterSource.Error}",
                saved ? $"check the saved file ({inputs.ClusterSource.Origin}); save one with: crm_mon -1 --output-as=xml > FILE"
                      : "is Pacemaker running on this node? 'systemctl status pacemaker'; run as root or a member of group haclient", Checks.CrmMon));
        }

        HttpdSection? httpd = null;
        var tenants = new List<TenantSection>();
        var others = new List<BalancerSection>();
        if (inputs.Httpd is { } status && inputs.HttpdSource is { } source)
        {
            httpd = new HttpdSection(source.Origin, status.ServerVersion, status.Host, (long?)status.Uptime?.TotalSeconds,
                status.BusyWorkers, status.IdleWorkers, status.ReqPerSec, status.TotalAccesses, status.ParentServerConfigGeneration);
            BalancersOf(status, tenants, others, problems);
            if (inputs.Tenants is { } configured) MissingBalancers(configured, status, problems);
        }
        else if (inputs.HttpdSource is { Ok: false } failed)
        {
            var webserverRuns = resources.Any(r => r.Kind == WebserverKind && r.State == "started");
            var runsHere = inputs.LocalNode is { } local && resources.Any(r => r.Kind == WebserverKind && r.State == "started" && r.Nodes.Contains(local, ClusterNode.NameComparer));
            if (webserverRuns || inputs.Cluster is null)
                problems.Add(new Problem(runsHere ? Health.Critical : Health.Unknown, "httpd",
                    (runsHere ? "httpd runs here per Pacemaker but " : "") + $"cannot read server-status from {failed.Origin}: {failed.Error}",
                    Uri.TryCreate(failed.Origin, UriKind.Absolute, out var url) && url.Scheme is "http" or "https"
                        ? $"curl -v '{failed.Origin}'; check that mod_status is loaded and the URL allows this host (Require local)"
                        : "save the page with: curl -s 'http://127.0.0.1/server-status?auto' > FILE", Checks.Httpd));
        }

        return new StatusReport
        {
            GeneratedAt = now,
            Fencing = fencing,
            Quorum = quorum,
            Health = Overall(problems),
            Cluster = cluster,
            Resources = resources,
            Groups = groups,
            NodesWithoutGroup = idle,
            Httpd = httpd,
            Tenants = tenants,
            TenantsDigests = digests,
            OtherBalancers = others,
            Problems = problems.OrderByDescending(p => Rank(p.Severity)).ToList(),
            Sources = inputs.HttpdSource is null ? [inputs.ClusterSource] : [inputs.ClusterSource, inputs.HttpdSource],
        };
    }

    /// <summary>Critical beats unknown beats degraded: an operator must see a down tenant even when a source is silent.</summary>
    public static Health Overall(IEnumerable<Problem> problems)
    {
        var severities = problems.Select(p => p.Severity).ToHashSet();
        if (severities.Contains(Health.Critical)) return Health.Critical;
        if (severities.Contains(Health.Unknown)) return Health.Unknown;
        return severities.Contains(Health.Degraded) ? Health.Degraded : Health.Ok;
    }

    /// <summary>The graver of two: Ok &lt; Degraded &lt; Unknown &lt; Critical.</summary>
    public static Health Worst(Health a, Health b) => Rank(a) >= Rank(b) ? a : b;

    private static int Rank(Health health) => health switch
    {
        Health.Critical => 3,
        Health.Unknown => 2,
        Health.Degraded => 1,
        _ => 0,
    };

    /// <summary>The report's name of a resource's role (<see cref="LoadBalancerRoles"/>).</summary>
    public static string KindOf(ClusterResource resource, string webserverId = ResourceIds.Webserver, string vipId = ResourceIds.Vip) =>
        LoadBalancerRoles.Of(resource, webserverId, vipId) switch
        {
            LoadBalancerRole.Webserver => WebserverKind,
            LoadBalancerRole.Vip => VipKind,
            _ => OtherKind,
        };

    private static ClusterSection ClusterOf(ClusterSnapshot snapshot) => new(
        snapshot.Summary.ClusterName,
        // the summary names the DC; some outputs (scrubbed ones, some versions) only flag it on its node
        snapshot.Summary.DcNode ?? snapshot.Nodes.FirstOrDefault(n => n.IsDc)?.Name,
        snapshot.Summary.HasQuorum,
        snapshot.Summary.StonithEnabled,
        snapshot.Summary.MaintenanceMode,
        snapshot.Summary.LastUpdated,
        snapshot.Nodes.Select(n => new NodeSection(n.Name, NodeStateText(n), n.IsDc, n.ResourcesRunning)).ToList());

    private static string NodeStateText(ClusterNode node) =>
        node.Unclean ? "unclean" :
        !node.Online ? (node.Pending ? "pending" : "offline") :
        node.Pending ? "pending" :
        node.Standby ? "standby" :
        node.Maintenance ? "maintenance" :
        "online";

    private static void ClusterProblems(ClusterSnapshot snapshot, List<Problem> problems)
    {
        var summary = snapshot.Summary;
        if (summary.HasQuorum == false)
            problems.Add(new Problem(Health.Critical, "cluster", "the cluster has no quorum",
                "check the other node and the cluster link: 'pcs status corosync', 'corosync-quorumtool -s'", Checks.Quorum));
        if (!summary.DcPresent)
            problems.Add(new Problem(Health.Critical, "cluster", "no designated controller (DC): the cluster cannot act",
                "'pcs status'; is corosync running on every node?", Checks.Quorum));
        if (summary.StonithEnabled == false)
            problems.Add(new Problem(Health.Degraded, "fencing", "fencing is off (stonith-enabled=false): after a split both nodes may take the VIP",
                "configure a fence device ('pcs stonith create ...') and 'pcs property set stonith-enabled=true'", Checks.Stonith));
        if (summary.MaintenanceMode == true)
            problems.Add(new Problem(Health.Degraded, "cluster", "maintenance-mode is on: the cluster does not react to failures",
                "'pcs property set maintenance-mode=false' when the maintenance is over", Checks.Maintenance));
        foreach (var node in snapshot.Nodes.Where(n => n.Type is null or "member"))
        {
            var state = NodeStateText(node);
            switch (state)
            {
                case "unclean":
                    problems.Add(new Problem(Health.Critical, node.Name, $"node {node.Name} is UNCLEAN: it failed and was not fenced; recovery may be blocked",
                        $"fence it or, once you are sure it is down, 'pcs stonith confirm {node.Name}'", Checks.NodesOffline));
                    break;
                case "offline":
                case "pending":
                    problems.Add(new Problem(Health.Degraded, node.Name, $"node {node.Name} is {state}: no node to fail over to",
                        $"bring it back: 'pcs cluster start {node.Name}'", Checks.NodesOffline));
                    break;
                case "standby":
                    problems.Add(new Problem(Health.Degraded, node.Name, $"node {node.Name} is in standby: it will not take over",
                        $"'pcs node unstandby {node.Name}'", Checks.NodesOffline));
                    break;
            }
            if (node.Maintenance)
                problems.Add(new Problem(Health.Degraded, node.Name, $"node {node.Name} is in maintenance: its resources are not managed",
                    $"'pcs node unmaintenance {node.Name}'", Checks.Maintenance));
        }
    }

    private static List<ResourceSection> ResourcesOf(ClusterSnapshot snapshot, StatusInputs inputs)
    {
        var failCounts = snapshot.OperationHistory
            .SelectMany(n => n.Resources.Where(r => r.FailCount is > 0).Select(r => (n.Node, r)))
            .ToLookup(x => x.r.Resource.Split(':')[0], x => new FailCountSection(x.Node, x.r.FailCount ?? 0, x.r.MigrationThreshold));
        return snapshot.Resources
            .Select(r => new ResourceSection(KindOf(r, inputs.WebserverResource, inputs.VipResource), r.Id, r.Agent, ResourceStateText(r), r.Nodes, r.TargetRole, r.Managed,
                failCounts[r.Id.Split(':')[0]].ToList()))
            .OrderBy(r => r.Kind switch { VipKind => 0, WebserverKind => 1, _ => 2 })
            .ThenBy(r => r.Id, StringComparer.Ordinal)
            .ToList();
    }

    private static string ResourceStateText(ClusterResource r) =>
        r.Failed ? "failed" :
        r.Blocked ? "blocked" :
        r.IsStarted ? (r.Role is "Promoted" or "Master" ? "promoted" : "started") :
        !r.Active ? "stopped" :
        (r.Role ?? "unknown").ToLowerInvariant();

    private static void LoadBalancerProblems(ClusterSnapshot snapshot, StatusInputs inputs, List<Problem> problems)
    {
        foreach (var kind in new[] { VipKind, WebserverKind })
        {
            var mine = snapshot.Resources.Where(r => KindOf(r, inputs.WebserverResource, inputs.VipResource) == kind).ToList();
            var name = kind == VipKind ? "the virtual IP" : "the webserver";
            if (mine.Count == 0)
            {
                problems.Add(new Problem(Health.Critical, kind, $"no {kind} resource is configured in the cluster",
                    "'giragent cluster setup' prints the commands; or 'pcs resource create ...'", kind == VipKind ? Checks.Vip : Checks.Webserver));
                continue;
            }
            // a clone or bundle is healthy when any instance runs: stopped spare instances are normal
            foreach (var collective in mine.GroupBy(r => r.Bundle ?? r.CloneId ?? r.BaseId))
            {
                var instances = collective.ToList();
                var id = collective.Key;
                var running = instances.Where(r => r.IsStarted && !r.Failed).ToList();
                // a primitive (not a clone or bundle) runs on one node: one entry on two nodes, or the same id listed
                // twice ("running on n1" and "on n2"), is the split every failover cluster must never show
                var primitive = instances.All(r => r.Bundle is null && r.CloneId is null);
                var activeNodes = running.SelectMany(r => r.Nodes).Distinct(StringComparer.Ordinal).ToList();
                if (running.Count > 0)
                {
                    if (primitive && activeNodes.Count > 1)
                        problems.Add(new Problem(Health.Critical, id, $"{id} is active on {activeNodes.Count} nodes ({string.Join(", ", activeNodes)})",
                            $"'pcs resource cleanup {id}'; check fencing", kind == VipKind ? Checks.Vip : Checks.Webserver));
                    if (running.Any(r => !r.Managed))
                        problems.Add(new Problem(Health.Degraded, id, $"{id} is unmanaged: the cluster will not recover it",
                            $"'pcs resource manage {id}'", Checks.Resources));
                    // a failed or blocked instance beside the running ones (a clone's, a bundle replica's) still needs a look
                    foreach (var broken in instances.Where(r => r.Failed || r.Blocked))
                        problems.Add(new Problem(Health.Degraded, id,
                            $"an instance of {name} ({broken.Id}) is {(broken.Blocked ? "blocked" : "failed")}" + (broken.Nodes.Count > 0 ? $" on {string.Join(", ", broken.Nodes)}" : "")
                            + $"; {running.Count} other{(running.Count == 1 ? "" : "s")} serve{(running.Count == 1 ? "s" : "")}",
                            $"'pcs status --full'; after fixing the cause: 'pcs resource cleanup {broken.BaseId}'", kind == VipKind ? Checks.Vip : Checks.Webserver));
                    continue;
                }
                var disabled = instances.All(r => string.Equals(r.TargetRole, "Stopped", StringComparison.OrdinalIgnoreCase));
                var state = instances.Any(r => r.Failed) ? "failed" : instances.Any(r => r.Blocked) ? "blocked" : "stopped";
                problems.Add(new Problem(Health.Critical, id,
                    disabled ? $"{name} ({id}) is stopped: it is disabled (target-role=Stopped)" : $"{name} ({id}) is {state}",
                    disabled ? $"'pcs resource enable {id}'" : $"'pcs status --full'; after fixing the cause: 'pcs resource cleanup {id}'",
                    kind == VipKind ? Checks.Vip : Checks.Webserver));
            }
        }
        // the VIP must reach httpd: checked where there is exactly one of each, as the seed has
        var vips = snapshot.Resources.Where(r => KindOf(r, inputs.WebserverResource, inputs.VipResource) == VipKind && r.CloneId is null && r.Bundle is null).ToList();
        var webs = snapshot.Resources.Where(r => KindOf(r, inputs.WebserverResource, inputs.VipResource) == WebserverKind && r.CloneId is null && r.Bundle is null).ToList();
        if (vips.Count == 1 && webs.Count == 1 && vips[0].IsStarted && webs[0].IsStarted
            && vips[0].Nodes.Count == 1 && webs[0].Nodes.Count == 1 && vips[0].Nodes[0] != webs[0].Nodes[0])
            problems.Add(new Problem(Health.Critical, "placement", $"{vips[0].Id} runs on {vips[0].Nodes[0]} but {webs[0].Id} on {webs[0].Nodes[0]}: the VIP does not reach httpd",
                $"'pcs constraint colocation add {webs[0].Id} with {vips[0].Id} score=INFINITY'", Checks.Resources));

        // (fence devices: their failures are the fencing section's, CRITICAL there)
        foreach (var r in snapshot.Resources.Where(r => KindOf(r, inputs.WebserverResource, inputs.VipResource) == OtherKind && !IsFenceDevice(r) && (r.Blocked || r.Failed)))
            problems.Add(new Problem(Health.Degraded, r.Id, $"{r.Id} is {(r.Blocked ? "blocked" : "failed")}" + (r.Nodes.Count > 0 ? $" on {string.Join(", ", r.Nodes)}" : ""),
                $"'pcs status --full'; after fixing the cause: 'pcs resource cleanup {r.BaseId}'", Checks.Resources));
        // a fence device kept off a node is how fencing is set up (a node never runs the device that powers it off)
        var fenceDevices = snapshot.Resources.Where(IsFenceDevice).Select(r => r.BaseId).ToHashSet(StringComparer.Ordinal);
        foreach (var ban in snapshot.Bans.Where(b => !fenceDevices.Contains(b.Resource)))
            problems.Add(new Problem(Health.Degraded, ban.Resource, $"{ban.Resource} is banned from {ban.Node} ({ban.Id}): it cannot fail over there",
                $"'pcs resource clear {ban.Resource}'", Checks.Resources));
    }

    /// <summary>Both nodes must serve the same tenants: the digest `giragent tenants check` publishes per node.</summary>
    private static void DigestProblems(ClusterSnapshot snapshot, List<Problem> problems)
    {
        var digests = snapshot.NodeAttributes
            .Where(n => n.Value.ContainsKey(TenantsDigest.AttributeName))
            .Select(n => (Node: n.Key, Digest: n.Value[TenantsDigest.AttributeName]))
            .OrderBy(n => n.Node, StringComparer.Ordinal)
            .ToList();
        if (digests.Select(d => d.Digest).Distinct(StringComparer.Ordinal).Count() > 1)
            problems.Add(new Problem(Health.Degraded, "tenants",
                "the tenants' configuration differs between nodes (" + string.Join(", ", digests.Select(d => $"{d.Node} {TenantsDigest.Short(d.Digest)}")) + "): a failover changes what tenants get",
                "render the same tenants file on every node ('giragent tenants render'), then 'giragent tenants check' on each", Checks.TenantServices));
    }

    private static IReadOnlyList<TenantsDigestSection> DigestsOf(ClusterSnapshot snapshot, List<ResourceSection> resources)
    {
        string? Digest(string node) => snapshot.NodeAttributes.TryGetValue(node, out var a) && a.TryGetValue(TenantsDigest.AttributeName, out var d) ? d : null;
        if (!snapshot.Nodes.Any(n => Digest(n.Name) is not null)) return [];
        var serving = resources.Where(r => r.Kind == WebserverKind && r.State == "started").SelectMany(r => r.Nodes).ToHashSet(ClusterNode.NameComparer);
        return [.. snapshot.Nodes.Select(n => new TenantsDigestSection(n.Name, Digest(n.Name), serving.Contains(n.Name)))];
    }

    /// <summary>How ocf:gir:vip's exit reason begins when another host holds the address.</summary>
    private const string AddressConflict = "address conflict:";

    private static void FailureProblems(ClusterSnapshot snapshot, List<Problem> problems)
    {
        foreach (var failure in snapshot.Failures)
        {
            var resource = failure.Resource ?? failure.OperationKey;
            var reason = string.IsNullOrWhiteSpace(failure.ExitReason) ? failure.ExitStatus ?? $"exit {failure.ExitCode}" : failure.ExitReason;
            if (failure.ExitReason?.StartsWith(AddressConflict, StringComparison.Ordinal) == true)
            {
                // ocf:gir:vip heard another host answer for the address: in its monitor, clients' traffic is split between
                // two holders; at start, this node was refused the address another host (a node this partition lost) still serves
                problems.Add(new Problem(Health.Critical, resource,
                    failure.Task == "start"
                        ? $"the VIP is held by another host: its start on {failure.Node} was refused ({reason}); a node this partition cannot see still serves it (a split without fencing?)"
                        : $"the VIP is held by two nodes: {resource} on {failure.Node}: {reason}",
                    "check the link between the nodes ('corosync-cfgtool -s') and configure fencing ('pcs stonith create ...'): without it a lost link " +
                    $"leaves both nodes acting; once healed, 'pcs resource cleanup {resource}'", Checks.Vip));
                continue;
            }
            problems.Add(failure.IsDegraded
                ? new Problem(Health.Degraded, resource, $"{resource} {failure.Task} on {failure.Node} reports degraded: {reason}",
                    "fix what the reason names (a backend, usually); then 'pcs resource cleanup " + resource + "'", Checks.FailedActions)
                : new Problem(Health.Degraded, resource, $"{resource} {failure.Task} failed on {failure.Node} ({failure.ExitStatus ?? "exit " + failure.ExitCode}): {reason}",
                    $"after fixing the cause: 'pcs resource cleanup {resource} --node {failure.Node}'", Checks.FailedActions));
        }
        foreach (var node in snapshot.OperationHistory)
        {
            foreach (var r in node.Resources)
            {
                if (r.FailCount is not > 0) continue;
                var banned = r.MigrationThreshold is > 0 and < Scores.InfinityValue && r.FailCount >= r.MigrationThreshold;
                problems.Add(new Problem(Health.Degraded, r.Resource,
                    banned
                        ? $"{r.Resource} reached its migration-threshold on {node.Node} ({r.FailCount}/{r.MigrationThreshold}): it will not run there until cleaned up"
                        : $"{r.Resource} has failed {r.FailCount} time(s) on {node.Node}" + (r.MigrationThreshold is > 0 and < Scores.InfinityValue ? $" of migration-threshold {r.MigrationThreshold}" : ""),
                    $"'pcs resource cleanup {r.Resource} --node {node.Node}'", Checks.FailedActions));
            }
        }
    }

    private static void BalancersOf(ServerStatus status, List<TenantSection> tenants, List<BalancerSection> others, List<Problem> problems)
    {
        var byTenant = new SortedDictionary<string, List<BalancerSection>>(StringComparer.Ordinal);
        foreach (var balancer in status.Balancers)
        {
            var name = BalancerName.Parse(balancer.Name);
            var section = BalancerOf(balancer, name);
            var label = name.Tenant is null ? balancer.Name : $"tenant {name.Tenant} {name.Service?.DisplayName()}";
            if (section.Health == Health.Critical)
                problems.Add(new Problem(Health.Critical, label, $"{label} ({balancer.Name}): no usable member ({balancer.Workers.Count} configured)",
                    "check the members from this node (curl), their services, and the error log", Checks.TenantServices));
            else if (section.Health == Health.Degraded)
                problems.Add(new Problem(Health.Degraded, label, $"{label} ({balancer.Name}): {balancer.ErrorCount} of {balancer.Workers.Count} members in error",
                    "check the member's service; httpd retries it after its retry interval", Checks.Members));
            if (name.Tenant is null) { others.Add(section); continue; }
            if (!byTenant.TryGetValue(name.Tenant, out var list)) byTenant[name.Tenant] = list = [];
            list.Add(section);
        }
        foreach (var (tenant, services) in byTenant)
            tenants.Add(new TenantSection(tenant, services.Max(s => s.Health), services.OrderBy(s => BalancerName.Parse(s.Balancer).Service).ToList()));
    }

    /// <summary>
    /// Tenant balancers the tenants file configures that the page does not list: mod_status shows
    /// only the server level's and the answering virtual host's balancers, so either the file is not
    /// loaded or the balancer sits in another virtual host, where this status page cannot see it.
    /// </summary>
    private static void MissingBalancers(TenantsConfig configured, ServerStatus status, List<Problem> problems)
    {
        foreach (var missing in BalancerPresence.Compare(configured, status).Where(p => !p.Listed))
        {
            var label = $"tenant {missing.Tenant.Id} {missing.Service.Service.DisplayName()}";
            problems.Add(new Problem(Health.Degraded, label,
                $"{label} ({missing.Service.Balancer}) is configured but not in server-status: its file is not loaded, or it is defined inside a virtual host (mod_status lists only server-level balancers and the answering host's)",
                "'giragent tenants check'; define tenant balancers at server level ('giragent tenants render' does)", Checks.TenantServices));
        }
    }

    private static BalancerSection BalancerOf(ProxyBalancer balancer, BalancerName name)
    {
        var health = !balancer.HasUsableMember ? Health.Critical : balancer.ErrorCount > 0 ? Health.Degraded : Health.Ok;
        return new BalancerSection(balancer.Name, name.Tenant, name.Service?.DisplayName(), health, balancer.Workers.Count, balancer.UsableCount,
            balancer.Workers.Select(w => new MemberSection(w.Name, MemberStateText(w), w.RawStatus.Trim(), w.Elected, w.Busy, w.SentBytes, w.ReceivedBytes)).ToList());
    }

    private static string MemberStateText(BalancerWorker worker) => worker.State switch
    {
        WorkerState.Ok => "ok",
        WorkerState.Error => "error",
        WorkerState.HotStandby => "hot standby",
        WorkerState.Disabled => "disabled",
        WorkerState.Draining => "draining",
        WorkerState.Stopped => "stopped",
        WorkerState.HealthCheckFailed => "health check failed",
        _ => "unknown",
    };
}
