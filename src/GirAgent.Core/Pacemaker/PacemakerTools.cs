using GirAgent.Admin;
using GirAgent.Posix;

namespace GirAgent.Pacemaker;

/// <summary>One node's value of a permanent node attribute (a published digest); <c>null</c> when it has none.</summary>
internal sealed record NodeDigest(string Node, string? Digest);

/// <summary>A Pacemaker command-line tool could not be run, failed, or printed nothing usable; the message says which and why.</summary>
internal sealed class PacemakerToolException(string message) : AdminException(AdminExit.Failed, message);

/// <summary>
/// The one door to the cluster stack's command-line tools: every crm_mon, crm_node, crm_resource, crm_failcount,
/// crm_attribute, cibadmin, pcs and corosync-cmapctl call goes through here, with <c>LC_ALL=C</c> (output in the words
/// parsed here), a time bound and output that is read here only. Differences between Pacemaker versions
/// (crm_mon 1.1's <c>--as-xml</c>, fail counts 2.1 and 3.0 print alike) are handled here, nowhere else.
/// </summary>
internal sealed class PacemakerTools(ICommandRunner runner)
{
    /// <summary>The time a query of the local CIB may take (the CIB manager answers in milliseconds when it is up).</summary>
    private static readonly TimeSpan QueryTimeout = TimeSpan.FromSeconds(15);

    private static readonly IReadOnlyDictionary<string, string?> C = new Dictionary<string, string?> { ["LC_ALL"] = "C" };
    private static readonly IReadOnlyDictionary<string, string?> CInUtc = new Dictionary<string, string?> { ["TZ"] = "UTC", ["LC_ALL"] = "C" };

    /// <summary>
    /// crm_mon's XML of the whole cluster (inactive resources, fail counts, history, node attributes).
    /// crm_mon 2.x writes XML with its status code even when it fails (no cluster): that is returned too.
    /// </summary>
    public string CrmMonXml(TimeSpan timeout)
    {
        CommandResult result;
        try
        {
            result = runner.Run("crm_mon", ["--one-shot", "--inactive", "--output-as=xml", "--include=all"], CInUtc, timeout);
            if (!result.Success && result.StandardOutput.Length == 0 && result.StandardError.Contains("output-as", StringComparison.Ordinal))
                result = runner.Run("crm_mon", ["-1", "-r", "-f", "-A", "-o", "--as-xml"], CInUtc, timeout); // Pacemaker 1.1
        }
        catch (IOException e)
        {
            throw new PacemakerToolException(e.Message);
        }
        catch (TimeoutException e)
        {
            throw new PacemakerToolException(e.Message);
        }
        if (result.StandardOutput.TrimStart().StartsWith('<')) return result.StandardOutput;
        var why = result.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault();
        throw new PacemakerToolException($"crm_mon exited {result.ExitCode}: {why ?? "no output"}");
    }

    /// <summary>The name the cluster knows this node by (<c>crm_node -n</c>; it may differ from the host name).</summary>
    public string LocalNodeName(TimeSpan? timeout = null)
    {
        var name = Run("crm_node", ["-n"], timeout ?? QueryTimeout).StandardOutput.Trim();
        if (name.Length == 0 || name.Contains('\n')) throw new PacemakerToolException("crm_node -n printed no node name");
        return name;
    }

    /// <summary>This node's cluster name, else null (no cluster running here, or the tool missing).</summary>
    public string? TryLocalNodeName(TimeSpan timeout)
    {
        try
        {
            return LocalNodeName(timeout);
        }
        catch (PacemakerToolException)
        {
            return null;
        }
    }

    /// <summary>
    /// How long after a node's last contact Corosync declares it lost: the running token timeout plus the consensus
    /// timeout (<c>corosync-cmapctl</c>: <c>runtime.config.totem.token</c> and <c>.consensus</c>, what Corosync computed
    /// from its configuration, token_coefficient included). Null when Corosync does not answer.
    /// </summary>
    public TimeSpan? NodeLossDetection(TimeSpan timeout)
    {
        long? Read(string key)
        {
            try
            {
                var result = runner.Run("corosync-cmapctl", ["-g", key], C, timeout);
                var text = result.StandardOutput.Trim();
                var equals = text.LastIndexOf('=');
                return result.Success && equals >= 0 && long.TryParse(text[(equals + 1)..].Trim(), System.Globalization.NumberStyles.None,
                    System.Globalization.CultureInfo.InvariantCulture, out var ms) ? ms : null;
            }
            catch (Exception e) when (e is IOException or TimeoutException)
            {
                return null;
            }
        }

        return Read("runtime.config.totem.token") is { } token && Read("runtime.config.totem.consensus") is { } consensus
            ? TimeSpan.FromMilliseconds(token + consensus)
            : null;
    }

    /// <summary>Corosync's votequorum on this node (<c>corosync-quorumtool -s</c>); null when it does not answer.</summary>
    public QuorumInfo? Quorum(TimeSpan timeout)
    {
        try
        {
            // exit 2 when not quorate: the output is what counts
            var result = runner.Run("corosync-quorumtool", ["-s"], C, timeout);
            return QuorumInfo.Parse(result.StandardOutput);
        }
        catch (Exception e) when (e is IOException or TimeoutException)
        {
            return null;
        }
    }

    /// <summary>A resource's instance parameter as the CIB holds it (<c>crm_resource --get-parameter</c>); null when unset or unreadable.</summary>
    public string? ResourceParameter(string resource, string name, TimeSpan timeout)
    {
        try
        {
            var result = runner.Run("crm_resource", ["--resource", resource, "--get-parameter", name], C, timeout);
            var value = result.StandardOutput.Trim();
            return result.Success && value.Length > 0 && !value.Contains('\n') ? value : null;
        }
        catch (Exception e) when (e is IOException or TimeoutException)
        {
            return null;
        }
    }

    /// <summary>The nodes a resource runs on (<c>crm_resource --locate</c>); empty when it runs nowhere or the query fails.</summary>
    public IReadOnlyList<string> Locate(string resource)
    {
        try
        {
            var result = runner.Run("crm_resource", ["--locate", "--resource", resource], C, QueryTimeout);
            const string marker = "is running on:";
            return [.. result.StandardOutput.Split('\n')
                .Select(l => l.IndexOf(marker, StringComparison.Ordinal) is var i and >= 0 ? l[(i + marker.Length)..].Trim().Split(' ')[0] : null)
                .Where(n => !string.IsNullOrEmpty(n))
                .Select(n => n!)];
        }
        catch (Exception e) when (e is IOException or TimeoutException)
        {
            return [];
        }
    }

    /// <summary>
    /// Tells the controller that a resource failed on a node (<c>crm_resource --fail</c>), so recovery does not wait
    /// for the next monitor. Returns whether the failure was recorded: crm_resource exits 0 even when nothing was
    /// (a user only in haclient), so the fail count is read back.
    /// </summary>
    public (bool Recorded, string Output) ReportFailure(string resource, string node)
    {
        CommandResult result;
        try
        {
            result = runner.Run("crm_resource", ["--fail", "--resource", resource, "--node", node], C, TimeSpan.FromSeconds(10));
        }
        catch (Exception e) when (e is IOException or TimeoutException)
        {
            return (false, e.Message);
        }
        var recorded = result.Success && HasFailures(resource, node);
        return (recorded, $"crm_resource --fail exited {result.ExitCode}: {result.Output}");
    }

    /// <summary>Whether a resource's fail count on a node is above zero (<c>crm_failcount --query</c>).</summary>
    private bool HasFailures(string resource, string node)
    {
        try
        {
            var result = runner.Run("crm_failcount", ["--query", "--resource", resource, "--node", node], C, TimeSpan.FromSeconds(5));
            return result.Success && !result.StandardOutput.Contains("value=0", StringComparison.Ordinal);
        }
        catch (Exception e) when (e is IOException or TimeoutException)
        {
            return false;
        }
    }

    /// <summary>Sets a permanent node attribute (<c>crm_attribute --lifetime forever</c>: in the CIB's nodes section, replicated, kept over restarts).</summary>
    public void SetNodeAttribute(string node, string name, string value) =>
        Run("crm_attribute", ["--node", node, "--name", name, "--update", value, "--lifetime", "forever"], QueryTimeout);

    /// <summary>Removes a permanent node attribute; absent already is not an error.</summary>
    public void DeleteNodeAttribute(string node, string name) =>
        Run("crm_attribute", ["--node", node, "--name", name, "--delete", "--lifetime", "forever"], QueryTimeout);

    /// <summary>
    /// Sets an instance parameter of a resource in the CIB (<c>crm_resource --set-parameter</c>): one CIB change,
    /// replicated to every node; Pacemaker then reloads or restarts the resource as the agent's meta-data says.
    /// </summary>
    public void SetResourceParameter(string resource, string name, string value) =>
        Run("crm_resource", ["--resource", resource, "--set-parameter", name, "--parameter-value", value], QueryTimeout);

    /// <summary>Every node of the CIB with its permanent value of <paramref name="name"/> (<c>null</c> when unset).</summary>
    public IReadOnlyList<NodeDigest> NodeAttribute(string name) =>
        ReadNodeAttribute(Run("cibadmin", ["--query", "--scope", "nodes"], QueryTimeout).StandardOutput, name);

    private static IReadOnlyList<NodeDigest> ReadNodeAttribute(string xml, string name)
    {
        try
        {
            return CibState.NodeAttribute(xml, name);
        }
        catch (FormatException e)
        {
            throw new PacemakerToolException($"cibadmin printed no readable XML: {e.Message}");
        }
    }

    /// <summary>The whole CIB (<c>cibadmin --query</c>), read.</summary>
    public CibState QueryCib()
    {
        var xml = Run("cibadmin", ["--query"], QueryTimeout).StandardOutput;
        try
        {
            return CibState.Parse(xml);
        }
        catch (FormatException e)
        {
            throw new PacemakerToolException("cibadmin --query: " + e.Message);
        }
    }

    /// <summary>Runs pcs; <paramref name="what"/> and <paramref name="consequence"/> make the message of a failure. Returns its output.</summary>
    public string Pcs(IReadOnlyList<string> args, TimeSpan timeout, string what, string consequence)
    {
        CommandResult result;
        try
        {
            result = runner.Run("pcs", args, C, timeout);
        }
        catch (Exception e) when (e is IOException or TimeoutException)
        {
            throw new PacemakerToolException($"{what}: {e.Message}{consequence}");
        }
        if (!result.Success)
            throw new PacemakerToolException($"{what}: pcs {string.Join(' ', args)} failed (exit {result.ExitCode}): {result.Output.Trim()}{consequence}");
        return result.StandardOutput;
    }

    private CommandResult Run(string program, IReadOnlyList<string> args, TimeSpan timeout)
    {
        CommandResult result;
        try
        {
            result = runner.Run(program, args, C, timeout);
        }
        catch (Exception e) when (e is IOException or TimeoutException)
        {
            throw new PacemakerToolException(e.Message);
        }
        if (!result.Success)
            throw new PacemakerToolException($"{program} failed (exit {result.ExitCode}): {FirstLine(result.Output)}");
        return result;
    }

    private static string FirstLine(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault()?.Trim() ?? "";
}
