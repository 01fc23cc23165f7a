using System.Diagnostics;
using GirAgent.Admin;
using GirAgent.Httpd;
using GirAgent.Pacemaker;
using GirAgent.Posix;
using GirAgent.Tenants;
using GirAgent.Webserver;

namespace GirAgent.TenantsAdmin;

/// <summary>What <c>giragent tenants apply</c> (and <c>giragent members</c>) was asked to do.</summary>
/// <param name="CheckWith">The program for httpd -t on this node; null: the layout's.</param>
/// <param name="Wait">How long to wait for the node that runs httpd to serve the document; zero: do not wait.</param>
/// <param name="Base">The document a change was made from (<c>members</c>): when the cluster's is another one by the time it
/// would be written, someone else changed it meanwhile, and nothing is written. Null: the whole document replaces whatever is there.</param>
internal sealed record ApplyRequest(string? CheckWith, TimeSpan Wait, string Resource = ResourceIds.Webserver, string? Base = null);

/// <summary>
/// Makes a tenants document the cluster's: validated, rendered and tested with this node's real httpd -t
/// (alone and in place, against the resource's own configuration file and tenants_dir), then written as
/// the webserver resource's <c>tenants</c> parameter in one CIB change. Pacemaker replicates it and runs
/// the agent's reload-agent where httpd runs (render, test, graceful restart); a node that starts httpd
/// later renders it first. Then waits until the node that runs httpd publishes the document's digest.
/// Nothing is written when a check fails.
/// </summary>
internal sealed class TenantsApply(ICommandRunner runner, TextWriter messages, string command = "tenants apply", TimeProvider? time = null)
{
    private readonly PacemakerTools _pacemaker = new(runner);
    private readonly TimeProvider _time = time ?? TimeProvider.System;

    /// <summary>The resource's current document (null: files managed by hand) and its primitive; throws when there is no such gir resource.</summary>
    public (string? Value, CibPrimitive Primitive) Current(string resource)
    {
        CibState cib;
        try
        {
            cib = _pacemaker.QueryCib();
        }
        catch (PacemakerToolException e)
        {
            throw new AdminException(AdminExit.Failed, $"cannot read the cluster's configuration: {e.Message} (run it on a cluster node, as root or a member of haclient); nothing changed");
        }
        if (!cib.Primitives.TryGetValue(resource, out var primitive))
            throw new AdminException(AdminExit.Failed, $"the CIB has no resource '{resource}' ('giragent cluster setup' creates it)");
        if (primitive.Agent != "ocf:gir:" + WebserverMetadata.AgentName)
            throw new AdminException(AdminExit.Failed,
                $"{resource} is {primitive.Agent}: only ocf:gir:{WebserverMetadata.AgentName} renders the cluster's tenants; with another agent render on every node ('giragent tenants render')");
        return (primitive.InstanceAttributes.TryGetValue(ClusterTenants.Parameter, out var value) && value.Length > 0 ? value : null, primitive);
    }

    public int Run(TenantsDocument document, TenantsConfig config, ApplyRequest request, string? what = null)
    {
        var (current, primitive) = Current(request.Resource);
        if (request.Base is null && current is not null && TryParse(current) is { } cluster)
        {
            var kept = MemberChange.CarryStates(document, config, cluster);
            foreach (var line in kept)
                messages.WriteLine($"kept: {line} (set by 'giragent members'; 'members enable', or \"state\": \"active\" in the file, ends it)");
            if (kept.Count > 0) config = TenantsFile.Parse(TenantsFile.Serialize(document));
        }
        foreach (var warning in config.Warnings) messages.WriteLine("warning: " + warning);
        var value = ClusterTenants.Encode(document);
        var files = TenantsRenderer.Render(config);
        var digest = TenantsDigest.Compute(files);
        if (value.Length > ClusterTenants.MaxValueLength)
        {
            messages.WriteLine($"giragent {command}: the document is {value.Length:N0} bytes compressed; a resource parameter reaches the agent as one environment variable, " +
                $"which Linux bounds at {ClusterTenants.MaxValueLength:N0}: nothing changed (split the tenants over several webserver resources)");
            return AdminExit.Refused;
        }
        if (current == value)
        {
            messages.WriteLine($"no change: the cluster's tenants are this document already ({config.Tenants.Count} tenants, digest {TenantsDigest.Short(digest)})");
            var where = _pacemaker.Locate(request.Resource);
            return request.Wait > TimeSpan.Zero && where.Count > 0 ? Wait(request, digest, Stopwatch.StartNew(), where, already: true) : AdminExit.Ok;
        }

        if (request.Base is not null && current != request.Base) return ChangedMeanwhile();
        var rc = CheckHere(primitive, files, request);
        if (rc != AdminExit.Ok) return rc;
        // the check takes a while: the closest this can come to a compare-and-set (crm_resource has none)
        if (request.Base is not null && _pacemaker.ResourceParameter(request.Resource, ClusterTenants.Parameter, TimeSpan.FromSeconds(10)) != request.Base)
            return ChangedMeanwhile();

        var clock = Stopwatch.StartNew();
        var runningBefore = _pacemaker.Locate(request.Resource);
        _pacemaker.SetResourceParameter(request.Resource, ClusterTenants.Parameter, value);
        messages.WriteLine($"{what ?? "applied"}: the cluster's tenants are now {config.Tenants.Count} tenants, digest {TenantsDigest.Short(digest)} " +
            $"({value.Length:N0} bytes in the CIB{(current is null ? "; until now the files were managed by hand" : "")})");
        if (runningBefore.Count == 0)
        {
            messages.WriteLine($"{request.Resource} runs nowhere: the node that starts it renders this document first");
            return AdminExit.Ok;
        }
        return request.Wait > TimeSpan.Zero ? Wait(request, digest, clock, runningBefore, already: false) : AdminExit.Ok;
    }

    private static TenantsConfig? TryParse(string value)
    {
        try
        {
            return ClusterTenants.Parse(value);
        }
        catch (TenantsFileException)
        {
            return null; // a damaged document in the CIB: the file replaces it whole
        }
    }

    private int ChangedMeanwhile()
    {
        messages.WriteLine($"giragent {command}: the cluster's tenants changed while this ran (another 'tenants apply' or 'members'): nothing written; run it again");
        return AdminExit.Refused;
    }

    /// <summary>httpd -t on this node: the rendered files alone, then the resource's configuration with them in its tenants_dir.</summary>
    private int CheckHere(CibPrimitive primitive, IReadOnlyList<RenderedFile> files, ApplyRequest request)
    {
        var (configFile, dir) = WebserverMetadata.Files(name => primitive.InstanceAttributes.GetValueOrDefault(name));
        var layout = configFile.StartsWith("/etc/httpd/", StringComparison.Ordinal) ? HttpdLayout.El9
            : configFile.StartsWith("/etc/apache2", StringComparison.Ordinal) ? HttpdLayout.Debian
            : HttpdLayout.Detect();
        var checkWith = request.CheckWith ?? layout.CheckProgram;
        if (checkWith == "none")
        {
            messages.WriteLine("warning: --check-with none: the document was not tested with httpd -t on this node (each node's agent still tests it before writing)");
            return AdminExit.Ok;
        }
        var staged = new RenderRequest("", layout, dir, configFile, checkWith, null, DiffOnly: false);
        var plan = RenderPlan.Create(dir, files);
        return new TenantsRender(runner, TextWriter.Null, messages, command: command).Check(staged, checkWith, plan);
    }

    private int Wait(ApplyRequest request, string digest, Stopwatch clock, IReadOnlyList<string> runningBefore, bool already)
    {
        var deadline = clock.Elapsed + request.Wait;
        string? lastProblem = null;
        while (true)
        {
            ClusterSnapshot? snapshot = null;
            try
            {
                snapshot = CrmMonParser.Parse(_pacemaker.CrmMonXml(TimeSpan.FromSeconds(10)));
            }
            catch (Exception e) when (e is PacemakerToolException or FormatException)
            {
                lastProblem = e.Message;
            }
            if (snapshot is not null)
            {
                // every node that runs it (a clone: each instance, all of which reload), in one order for the comparison
                var running = snapshot.FindResources(request.Resource).Where(r => r.Active).SelectMany(r => r.Nodes).Distinct().Order(StringComparer.Ordinal).ToList();
                var served = running.Where(n => snapshot.NodeAttributes.TryGetValue(n, out var a)
                    && a.TryGetValue(TenantsDigest.AttributeName, out var v) && v == digest).ToList();
                if (running.Count > 0 && served.Count == running.Count && !running.SequenceEqual(runningBefore.Order(StringComparer.Ordinal)))
                {
                    // the reload failed where httpd ran; Pacemaker restarted it, and it now runs (with the document) elsewhere
                    messages.WriteLine($"giragent {command}: {string.Join(", ", running)} {(running.Count == 1 ? "serves" : "serve")} it after {clock.Elapsed.TotalSeconds:0.00} s, but {request.Resource} " +
                        $"moved there from {string.Join(", ", runningBefore)}: the reload failed there ({lastProblem ?? "see 'pcs status'"}), and connections were dropped");
                    return AdminExit.Findings;
                }
                if (running.Count > 0 && served.Count == running.Count)
                {
                    var serve = running.Count == 1 ? "serves" : "serve";
                    messages.WriteLine(already
                        ? $"{string.Join(", ", running)} {serve} it (runs {request.Resource})"
                        : $"{string.Join(", ", running)} {serve} it after {clock.Elapsed.TotalSeconds:0.00} s (reload-agent: tested, graceful restart, no connection dropped); " +
                          "any node that starts httpd renders it first");
                    return AdminExit.Ok;
                }
                var failure = snapshot.Failures.Where(f => f.Resource == request.Resource && !f.IsDegraded).Select(f => $"{f.Task} on {f.Node}: {f.ExitReason ?? f.ExitStatus}").FirstOrDefault();
                if (failure is not null) lastProblem = failure;
            }
            if (clock.Elapsed >= deadline)
            {
                messages.WriteLine($"giragent {command}: the node that runs {request.Resource} did not serve digest {TenantsDigest.Short(digest)} within {request.Wait.TotalSeconds:0} s" +
                    (lastProblem is null ? "" : $" ({lastProblem})") + "; the document is the cluster's: see 'giragent status' and 'pcs status'");
                return AdminExit.Failed;
            }
            Thread.Sleep(TimeSpan.FromMilliseconds(200));
        }
    }
}
