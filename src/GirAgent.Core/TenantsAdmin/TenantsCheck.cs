using System.Net;
using System.Net.Sockets;
using GirAgent.Admin;
using GirAgent.Httpd;
using GirAgent.Net;
using GirAgent.Pacemaker;
using GirAgent.Posix;
using GirAgent.Tenants;
using GirAgent.Time;

namespace GirAgent.TenantsAdmin;

/// <summary>What <c>giragent tenants check</c> was asked to do.</summary>
internal sealed record CheckRequest(
    string TenantsPath,
    HttpdLayout Layout,
    string Directory,
    Uri StatusUrl,
    TimeSpan ConnectTimeout,
    TimeSpan StatusTimeout,
    bool Publish,
    string? Node,
    bool TlsVerify);

/// <summary>
/// <c>giragent tenants check</c> on a running node: every balancer of the tenants file is in
/// server-status (and if not, why), every member accepts a TCP connection (connect only, bounded),
/// and this node's configuration digest is published as a Pacemaker node attribute and compared
/// with the other nodes'.
/// </summary>
internal sealed class TenantsCheck(ICommandRunner runner, TextWriter output, TimeProvider? time = null)
{
    private readonly TimeProvider _time = time ?? TimeProvider.System;

    /// <summary>Fetches the <c>?auto</c> page's text; throws <see cref="HttpProbeException"/>. Replaceable in tests.</summary>
    public Func<Uri, TimeSpan, bool, string> FetchStatus { get; init; } = static (url, timeout, verify) =>
    {
        var response = HttpProbe.Get(ServerStatusUrl.WithAuto(url), new Deadline(timeout), new HttpProbe.Options(timeout, verify));
        if (!response.IsSuccess) throw new HttpProbeException($"{HttpProbe.Describe(url)}: HTTP {response.StatusCode} {response.Reason}");
        return response.Body;
    };

    /// <summary>Connects to a member and closes at once; <c>null</c> when it accepted, else why not. Replaceable in tests.</summary>
    public Func<string, int, TimeSpan, string?> ConnectMember { get; init; } = Connect;

    public int Run(CheckRequest request)
    {
        // the cluster's tenants (webserver's 'tenants' parameter), when it has them, are what every node must serve
        var pacemaker = new PacemakerTools(runner);
        var clusterDocument = request.Publish ? pacemaker.ResourceParameter(WebserverReload.Resource, ClusterTenants.Parameter, TimeSpan.FromSeconds(10)) : null;
        TenantsConfig config;
        try
        {
            config = clusterDocument is null ? TenantsFile.Load(request.TenantsPath) : ClusterTenants.Parse(clusterDocument);
        }
        catch (TenantsFileException e)
        {
            output.WriteLine($"giragent tenants check: {e.FileName} is not valid:");
            foreach (var error in e.Errors) output.WriteLine("  " + error);
            return AdminExit.Invalid;
        }

        var problems = 0;
        var rendered = TenantsRenderer.Render(config).ToDictionary(f => f.Name, f => f.Content);
        var balancers = config.Tenants.Sum(t => t.Services.Count);
        var members = config.Tenants.Sum(t => t.Services.Sum(s => s.Members.Count));
        var documentDigest = TenantsDigest.Compute(rendered.Select(f => (f.Key, (string?)f.Value)));
        output.WriteLine($"tenants: {config.Tenants.Count}, balancers: {balancers}, members: {members} " +
            (clusterDocument is null ? $"({request.TenantsPath})" : $"(the cluster's document, {WebserverReload.Resource}'s '{ClusterTenants.Parameter}', digest {TenantsDigest.Short(documentDigest)})"));
        var directory = request.Directory;
        if (clusterDocument is not null)
        {
            var runsHere = Placement(pacemaker, request)?.Here ?? false;
            if (File.Exists(request.TenantsPath) && FileDigest(request.TenantsPath) is { } fileDigest && fileDigest != documentDigest)
                output.WriteLine($"note     {request.TenantsPath} is not the cluster's document (digest {TenantsDigest.Short(fileDigest)}): 'giragent tenants apply {request.TenantsPath}' makes it the cluster's");
            if (!runsHere)
            {
                output.WriteLine($"note     this node does not run {WebserverReload.Resource}: it renders the cluster's document when it starts httpd (its files are not checked)");
                output.WriteLine("tenants check: ok");
                return AdminExit.Ok;
            }
            directory = Webserver.WebserverMetadata.Files(name => pacemaker.ResourceParameter(WebserverReload.Resource, name, TimeSpan.FromSeconds(10))).TenantsDirectory;
        }

        // 1. the files on disk are what the tenants file renders
        foreach (var (name, content) in rendered)
        {
            var path = Path.Combine(directory, name);
            var onDisk = File.Exists(path) ? File.ReadAllText(path) : null;
            var fix = clusterDocument is null ? "run 'giragent tenants render'" : $"the agent's reload-agent did not render it ('pcs status'; 'crm_resource --cleanup --resource {WebserverReload.Resource}' retries)";
            if (onDisk is null) { output.WriteLine($"FILE     {path}: missing: {fix}"); problems++; }
            else if (onDisk != content) { output.WriteLine($"FILE     {path}: differs from the {(clusterDocument is null ? "tenants file" : "cluster's document")}: {fix}"); problems++; }
        }

        // 2. every balancer in server-status, with the members of the tenants file
        ServerStatus? status = null;
        try
        {
            status = ServerStatusParser.Parse(FetchStatus(request.StatusUrl, request.StatusTimeout, request.TlsVerify));
        }
        catch (Exception e) when (e is HttpProbeException or ServerStatusFormatException)
        {
            // on the passive node httpd does not run: that is no problem of this node
            var elsewhere = request.Publish ? Placement(pacemaker, request)?.Elsewhere : null;
            if (elsewhere is not null)
                output.WriteLine($"note     httpd runs on {elsewhere}, not on this node: balancers not checked here (run the check there, or --status-url http://VIP/server-status)");
            else
            {
                output.WriteLine($"STATUS   {e.Message}: balancers not checked (is httpd running on this node? --status-url)");
                problems++;
            }
        }
        if (status is not null)
        {
            var restarted = status.Uptime is { } up ? _time.GetUtcNow() - up : (DateTimeOffset?)null;
            foreach (var presence in BalancerPresence.Compare(config, status))
            {
                var label = $"{presence.Service.Balancer} ({presence.Tenant.Id} {presence.Service.Service.DisplayName()})";
                if (!presence.Listed)
                {
                    var file = presence.Tenant.FileName;
                    var path = Path.Combine(request.Directory, file);
                    var onDisk = File.Exists(path) ? File.ReadAllText(path) : null;
                    DateTimeOffset? changed = onDisk is null ? null : new DateTimeOffset(File.GetLastWriteTimeUtc(path), TimeSpan.Zero);
                    bool? enabled = request.Layout.EnabledDirectory is { } en && Path.GetFullPath(request.Directory).TrimEnd('/') == request.Layout.ConfigDirectory
                        ? File.Exists(Path.Combine(en, file)) : null;
                    var why = MissingBalancerReason.Explain(file, request.Directory, status.Balancers.Count > 0, onDisk, rendered[file], changed, restarted, enabled);
                    output.WriteLine($"MISSING  {label}: not in server-status: {why}");
                    problems++;
                    continue;
                }
                foreach (var m in presence.MissingMembers) { output.WriteLine($"MEMBER   {label}: {m} is not listed by httpd (reload pending?)"); problems++; }
                foreach (var m in presence.UnexpectedMembers) { output.WriteLine($"MEMBER   {label}: httpd lists {m}, which the tenants file does not have (reload pending?)"); problems++; }
                foreach (var m in presence.FailedMembers) output.WriteLine($"note     {label}: httpd marks {m} in error");
                if (presence.Matches) output.WriteLine($"ok       {label}: {presence.Service.Members.Count} members listed");
            }
        }

        // 3. every member answers (connect only, in parallel, each bounded)
        var targets = config.Tenants.SelectMany(t => t.Services.SelectMany(s => s.Members.Select(m => (Tenant: t, Service: s, Member: m)))).ToList();
        var results = new string?[targets.Count];
        Parallel.For(0, targets.Count, new ParallelOptions { MaxDegreeOfParallelism = 16 },
            i => results[i] = ConnectMember(targets[i].Member.Host, targets[i].Member.Port, request.ConnectTimeout));
        var down = 0;
        for (var i = 0; i < targets.Count; i++)
        {
            if (results[i] is not { } error) continue;
            var (t, s, m) = targets[i];
            output.WriteLine($"DOWN     {m.Url} ({t.Id} {s.Service.DisplayName()}{(m.HotStandby ? ", hot standby" : "")}): {error}");
            down++;
        }
        problems += down;
        output.WriteLine(down == 0 ? $"ok       all {targets.Count} members accept connections" : $"members: {targets.Count - down} of {targets.Count} accept connections");

        // 4. the digest: published for this node, compared with every node's
        var digest = TenantsDigest.ComputeOnDisk(directory, rendered.Keys);
        output.WriteLine($"digest   {digest} (this node's files in {directory})");
        // with the cluster's document the agent publishes the digest of what it serves; the check only compares
        if (clusterDocument is not null) problems += CompareServed(pacemaker, request, documentDigest);
        else if (request.Publish) problems += PublishAndCompare(request, digest);
        else output.WriteLine("note     --no-publish: digest not published nor compared");

        output.WriteLine(problems == 0 ? "tenants check: ok" : $"tenants check: {problems} problem{(problems == 1 ? "" : "s")}");
        return problems == 0 ? AdminExit.Ok : AdminExit.Findings;
    }

    private static string? FileDigest(string path)
    {
        try
        {
            return TenantsDigest.Compute(TenantsRenderer.Render(TenantsFile.Load(path)));
        }
        catch (TenantsFileException)
        {
            return null;
        }
    }

    /// <summary>
    /// Where httpd's resource runs: whether on this node (or --node), and the other nodes it runs on (null: none);
    /// null when Pacemaker cannot tell.
    /// </summary>
    private static (bool Here, string? Elsewhere)? Placement(PacemakerTools pacemaker, CheckRequest request)
    {
        try
        {
            var node = request.Node ?? pacemaker.LocalNodeName();
            var where = pacemaker.Locate(WebserverReload.Resource);
            return (where.Contains(node), where.Count > 0 && !where.Contains(node) ? string.Join(", ", where) : null);
        }
        catch (PacemakerToolException)
        {
            return null;
        }
    }

    /// <summary>The node that runs httpd published the document's digest (its agent rendered and loaded it).</summary>
    private int CompareServed(PacemakerTools pacemaker, CheckRequest request, string documentDigest)
    {
        try
        {
            var node = request.Node ?? pacemaker.LocalNodeName();
            var served = pacemaker.NodeAttribute(TenantsDigest.AttributeName).FirstOrDefault(d => d.Node == node)?.Digest;
            if (served == documentDigest)
            {
                output.WriteLine($"ok       {node} serves the cluster's document (digest {TenantsDigest.Short(documentDigest)})");
                return 0;
            }
            output.WriteLine($"DIGEST   {node} serves {(served is null ? "no published digest" : "digest " + TenantsDigest.Short(served))}, the cluster's document is {TenantsDigest.Short(documentDigest)}: " +
                "its reload-agent has not applied it ('pcs status' for a failed action)");
            return 1;
        }
        catch (PacemakerToolException e)
        {
            output.WriteLine($"DIGEST   not compared: {e.Message}");
            return 1;
        }
    }

    private int PublishAndCompare(CheckRequest request, string digest)
    {
        var pacemaker = new PacemakerTools(runner);
        try
        {
            var node = request.Node ?? pacemaker.LocalNodeName();
            pacemaker.SetNodeAttribute(node, TenantsDigest.AttributeName, digest);
            var published = pacemaker.NodeAttribute(TenantsDigest.AttributeName);
            var comparison = DigestComparison.Compare(node, digest, published);
            foreach (var problem in comparison.Problems) output.WriteLine("DIGEST   " + problem);
            if (comparison.Agree) output.WriteLine($"ok       every node ({string.Join(", ", published.Select(p => p.Node))}) has digest {TenantsDigest.Short(digest)}");
            return comparison.Problems.Count;
        }
        catch (PacemakerToolException e)
        {
            output.WriteLine($"DIGEST   not published: {e.Message} (not a cluster node? --no-publish)");
            return 1;
        }
    }

    private static string? Connect(string host, int port, TimeSpan timeout)
    {
        var deadline = new Deadline(timeout);
        IPAddress[] addresses;
        if (IPAddress.TryParse(host, out var literal)) addresses = [literal];
        else
        {
            try
            {
                var lookup = Dns.GetHostAddressesAsync(host);
                if (!lookup.Wait(timeout)) return "name lookup timed out";
                addresses = lookup.Result;
                if (addresses.Length == 0) return "the name has no address";
            }
            catch (AggregateException e) when (e.InnerException is SocketException s)
            {
                return "name lookup failed: " + s.Message;
            }
        }
        string? last = null;
        foreach (var address in addresses)
        {
            try
            {
                using var connection = TcpConnection.Connect(address, port, timeout, deadline);
                return null;
            }
            catch (HttpProbeException e)
            {
                last = e.Message;
            }
        }
        return last ?? "no address answered";
    }
}
