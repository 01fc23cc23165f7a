using System.Text;

namespace GirAgent.Ocf;

/// <summary>
/// An agent's meta-data: the XML Pacemaker, pcs and ocf-tester read. Written to conform to
/// resource-agents' ra-api-1.dtd (which ocf-tester validates against); what OCF 1.1 added
/// (reloadable, reload-agent) is declared in the document's own DTD subset.
/// </summary>
internal sealed record AgentMetadata(
    string Name,
    string Version,
    string ShortDescription,
    string LongDescription,
    IReadOnlyList<ParameterSpec> Parameters,
    IReadOnlyList<ActionSpec> Actions)
{
    public ParameterSpec? FindParameter(string name) => Parameters.FirstOrDefault(p => p.Name == name);

    public ActionSpec? FindAction(string name) => Actions.FirstOrDefault(a => a.Name == name);

    public string ToXml()
    {
        var sb = new StringBuilder(8192);
        sb.Append("<?xml version=\"1.0\"?>\n");
        sb.Append("<!DOCTYPE resource-agent SYSTEM \"ra-api-1.dtd\"");
        // resource-agents' ra-api-1.dtd predates OCF 1.1: it knows neither "reloadable" nor "reload-agent". The internal
        // subset declares them; XML binds its declarations first, so ocf-tester's xmllint --valid accepts the document
        if (Parameters.Any(p => p.Reloadable) || FindAction("reload-agent") is not null)
            sb.Append(" [\n<!ATTLIST parameter reloadable (1|0) \"0\">\n<!ATTLIST action name CDATA #REQUIRED>\n]");
        sb.Append(">\n");
        sb.Append("<resource-agent name=\"").Append(Escape(Name)).Append("\" version=\"").Append(Escape(Version)).Append("\">\n");
        sb.Append("<version>1.1</version>\n");
        sb.Append("<longdesc lang=\"en\">\n").Append(Escape(LongDescription.Trim())).Append("\n</longdesc>\n");
        sb.Append("<shortdesc lang=\"en\">").Append(Escape(ShortDescription)).Append("</shortdesc>\n");
        sb.Append("<parameters>\n");
        foreach (var p in Parameters)
        {
            sb.Append("<parameter name=\"").Append(Escape(p.Name)).Append('"');
            sb.Append(" required=\"").Append(p.Required ? '1' : '0').Append('"');
            sb.Append(" unique=\"").Append(p.Unique ? '1' : '0').Append('"');
            if (p.Reloadable) sb.Append(" reloadable=\"1\"");
            sb.Append(">\n");
            sb.Append("<longdesc lang=\"en\">\n").Append(Escape(p.LongDescription.Trim())).Append("\n</longdesc>\n");
            sb.Append("<shortdesc lang=\"en\">").Append(Escape(p.ShortDescription)).Append("</shortdesc>\n");
            sb.Append("<content type=\"").Append(TypeName(p.Type)).Append('"');
            if (p.Default is not null) sb.Append(" default=\"").Append(Escape(p.Default)).Append('"');
            sb.Append(" />\n</parameter>\n");
        }
        sb.Append("</parameters>\n<actions>\n");
        foreach (var a in Actions)
        {
            sb.Append("<action name=\"").Append(Escape(a.Name)).Append("\" timeout=\"").Append(a.TimeoutSeconds).Append("s\"");
            if (a.IntervalSeconds is { } interval) sb.Append(" interval=\"").Append(interval).Append("s\"");
            if (a.Depth is { } depth) sb.Append(" depth=\"").Append(depth).Append('"');
            sb.Append(" />\n");
        }
        sb.Append("</actions>\n</resource-agent>\n");
        return sb.ToString();
    }

    private static string TypeName(ParameterType type) => type switch
    {
        ParameterType.Integer => "integer",
        ParameterType.Boolean => "boolean",
        ParameterType.Time => "time",
        _ => "string",
    };

    private static string Escape(string text)
    {
        if (text.AsSpan().IndexOfAny("<>&\"") < 0) return text;
        return text.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;").Replace("\"", "&quot;");
    }
}
