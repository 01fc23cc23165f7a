using System.Xml;
using System.Xml.Linq;
using GirAgent.Ocf;
using GirAgent.Webserver;

namespace GirAgent.Tests.Ocf;

public sealed class AgentMetadataTests
{
    private static XDocument Load(string xml)
    {
        var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Parse, XmlResolver = null };
        using var reader = XmlReader.Create(new StringReader(xml), settings);
        return XDocument.Load(reader);
    }

    private static AgentMetadata Sample(string shortDescription = "A sample agent", string? defaultValue = "/etc/app.conf") => new(
        "sample", "2.0.1", shortDescription, "\n   Long text of the sample agent.\n   ",
        [
            new ParameterSpec("config", ParameterType.String, "config file", "The configuration file.", defaultValue, Required: true, Unique: true),
            new ParameterSpec("port", ParameterType.Integer, "port", "The port."),
            new ParameterSpec("ipv6", ParameterType.Boolean, "use IPv6", "Whether to use IPv6.", "false"),
            new ParameterSpec("wait", ParameterType.Time, "wait", "How long to wait.", "10s"),
        ],
        [
            new ActionSpec("start", 40),
            new ActionSpec("monitor", 20, IntervalSeconds: 10, Depth: 0),
            new ActionSpec("meta-data", 5),
        ]);

    [Fact]
    public void The_XML_is_well_formed_and_declares_ra_api_1_dtd()
    {
        var doc = Load(Sample().ToXml());

        Assert.NotNull(doc.DocumentType);
        Assert.Equal("resource-agent", doc.DocumentType!.Name);
        Assert.Equal("ra-api-1.dtd", doc.DocumentType.SystemId);
        Assert.Equal("resource-agent", doc.Root!.Name.LocalName);
        Assert.Equal("sample", (string?)doc.Root.Attribute("name"));
        Assert.Equal("2.0.1", (string?)doc.Root.Attribute("version"));
        Assert.Equal("1.1", (string?)doc.Root.Element("version"));
    }

    [Fact]
    public void Descriptions_are_given_in_english_and_the_long_one_is_trimmed()
    {
        var root = Load(Sample().ToXml()).Root!;

        Assert.Equal("en", (string?)root.Element("longdesc")!.Attribute("lang"));
        Assert.Equal("Long text of the sample agent.", ((string)root.Element("longdesc")!).Trim());
        Assert.Equal("A sample agent", (string?)root.Element("shortdesc"));
    }

    [Fact]
    public void Every_parameter_appears_with_its_type_default_and_flags()
    {
        var parameters = Load(Sample().ToXml()).Root!.Element("parameters")!.Elements("parameter").ToList();

        Assert.Equal(["config", "port", "ipv6", "wait"], parameters.Select(p => (string?)p.Attribute("name")));
        Assert.Equal(["string", "integer", "boolean", "time"], parameters.Select(p => (string?)p.Element("content")!.Attribute("type")));
        Assert.Equal(["/etc/app.conf", null, "false", "10s"], parameters.Select(p => (string?)p.Element("content")!.Attribute("default")));
        Assert.Equal(["1", "0", "0", "0"], parameters.Select(p => (string?)p.Attribute("required")));
        Assert.Equal(["1", "0", "0", "0"], parameters.Select(p => (string?)p.Attribute("unique")));
        Assert.Equal("config file", (string?)parameters[0].Element("shortdesc"));
    }

    [Fact]
    public void Actions_carry_timeout_interval_and_depth()
    {
        var actions = Load(Sample().ToXml()).Root!.Element("actions")!.Elements("action").ToList();

        Assert.Equal(["start", "monitor", "meta-data"], actions.Select(a => (string?)a.Attribute("name")));
        Assert.Equal(["40s", "20s", "5s"], actions.Select(a => (string?)a.Attribute("timeout")));
        Assert.Equal([null, "10s", null], actions.Select(a => (string?)a.Attribute("interval")));
        Assert.Equal([null, "0", null], actions.Select(a => (string?)a.Attribute("depth")));
    }

    [Theory]
    [InlineData("Tom & Jerry")]
    [InlineData("<script>alert(1)</script>")]
    [InlineData("say \"hi\"")]
    [InlineData("a < b && c > d")]
    public void Markup_characters_in_text_are_escaped(string text)
    {
        var xml = Sample(shortDescription: text).ToXml();

        var doc = Load(xml);

        Assert.Equal(text, (string?)doc.Root!.Element("shortdesc"));
        Assert.DoesNotContain("<script>", xml);
    }

    [Theory]
    [InlineData("a\"b")]
    [InlineData("x<y>&z")]
    public void Markup_characters_in_attributes_are_escaped(string value)
    {
        var doc = Load(Sample(defaultValue: value).ToXml());

        var content = doc.Root!.Element("parameters")!.Element("parameter")!.Element("content")!;
        Assert.Equal(value, (string?)content.Attribute("default"));
    }

    [Fact]
    public void The_webserver_agents_meta_data_is_well_formed_and_lists_every_apache_parameter()
    {
        var metadata = WebserverMetadata.Create();

        var doc = Load(metadata.ToXml());

        var names = doc.Root!.Element("parameters")!.Elements("parameter").Select(p => (string?)p.Attribute("name")).ToList();
        Assert.Equal("webserver", (string?)doc.Root.Attribute("name"));
        foreach (var apache in new[] { "configfile", "httpd", "port", "statusurl", "testregex", "client", "testurl", "testregex10", "testconffile", "testname", "options", "envfiles", "use_ipv6" })
            Assert.Contains(apache, names);
        Assert.Contains(doc.Root.Element("actions")!.Elements("action"), a => (string?)a.Attribute("name") == "monitor" && (string?)a.Attribute("depth") == "0");
    }

    [Fact]
    public void A_reloadable_parameter_and_reload_agent_are_declared_in_the_documents_own_DTD_subset()
    {
        var plain = Sample().ToXml();
        Assert.Contains("<!DOCTYPE resource-agent SYSTEM \"ra-api-1.dtd\">", plain);
        Assert.DoesNotContain("reloadable", plain);

        var xml = WebserverMetadata.Create().ToXml();
        Assert.Contains("<!DOCTYPE resource-agent SYSTEM \"ra-api-1.dtd\" [\n<!ATTLIST parameter reloadable (1|0) \"0\">\n<!ATTLIST action name CDATA #REQUIRED>\n]>", xml);
        var root = Load(xml).Root!;
        Assert.Equal("1.1", root.Element("version")!.Value);
        Assert.Equal(["tenants"], root.Descendants("parameter").Where(p => (string?)p.Attribute("reloadable") == "1").Select(p => (string)p.Attribute("name")!));
        Assert.Contains("reload-agent", root.Descendants("action").Select(a => (string)a.Attribute("name")!));
    }

    [Fact]
    public void Parameters_and_actions_can_be_found_by_name()
    {
        var metadata = Sample();

        Assert.Equal(ParameterType.Integer, metadata.FindParameter("port")?.Type);
        Assert.Null(metadata.FindParameter("nope"));
        Assert.Equal(10, metadata.FindAction("monitor")?.IntervalSeconds);
        Assert.Null(metadata.FindAction("promote"));
    }
}
