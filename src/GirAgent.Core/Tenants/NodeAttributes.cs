using System.Xml;
using System.Xml.Linq;
using GirAgent.Posix;

namespace GirAgent.Tenants;

/// <summary>Permanent Pacemaker node attributes (the CIB's nodes section) through crm_node, crm_attribute and cibadmin.</summary>
public sealed class NodeAttributes(ICommandRunner runner)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(15);

    public string LocalNodeName()
    {
        var result = Run("crm_node", ["-n"]);
        var name = result.StandardOutput.Trim();
        if (name.Length == 0) throw new AdminException(AdminExit.Failed, "crm_node -n printed no node name");
        return name;
    }

    /// <summary><c>crm_attribute --node NODE --name NAME --update VALUE --lifetime forever</c>.</summary>
    public void Publish(string node, string name, string value) =>
        Run("crm_attribute", ["--node", node, "--name", name, "--update", value, "--lifetime", "forever"]);

    /// <summary>The nodes a resource runs on (<c>crm_resource --locate</c>); empty when it runs nowhere or the query fails.</summary>
    public IReadOnlyList<string> Locate(string resource)
    {
        try
        {
            var result = runner.Run("crm_resource", ["--locate", "--resource", resource], new Dictionary<string, string?> { ["LC_ALL"] = "C" }, Timeout);
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

    /// <summary>Every node of the CIB with its value of <paramref name="name"/> (<c>null</c> when unset).</summary>
    public IReadOnlyList<NodeDigest> ReadAll(string name) =>
        Parse(Run("cibadmin", ["--query", "--scope", "nodes"]).StandardOutput, name);

    /// <summary>Reads <c>&lt;nodes&gt;</c> XML (cibadmin --query --scope nodes, or a whole CIB).</summary>
    public static IReadOnlyList<NodeDigest> Parse(string xml, string name)
    {
        XDocument doc;
        try
        {
            doc = XDocument.Parse(xml);
        }
        catch (XmlException e)
        {
            throw new AdminException(AdminExit.Failed, $"cibadmin printed no readable XML: {e.Message}");
        }
        return [.. doc.Descendants("node")
            .Where(n => n.Parent?.Name == "nodes")
            .Select(n => new NodeDigest(
                (string?)n.Attribute("uname") ?? (string?)n.Attribute("id") ?? "?",
                n.Elements("instance_attributes").Elements("nvpair").FirstOrDefault(p => (string?)p.Attribute("name") == name) is { } pair
                    ? (string?)pair.Attribute("value") : null))];
    }

    private CommandResult Run(string program, IReadOnlyList<string> args)
    {
        CommandResult result;
        try
        {
            result = runner.Run(program, args, new Dictionary<string, string?> { ["LC_ALL"] = "C" }, Timeout);
        }
        catch (Exception e) when (e is IOException or TimeoutException)
        {
            throw new AdminException(AdminExit.Failed, e.Message);
        }
        if (!result.Success)
            throw new AdminException(AdminExit.Failed, $"{program} failed (exit {result.ExitCode}): {FirstLine(result.Output)}");
        return result;
    }

    private static string FirstLine(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault()?.Trim() ?? "";
}
