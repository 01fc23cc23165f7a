using System.Runtime.Versioning;
using System.Text;
using GirAgent.Pacemaker;

namespace GirAgent.Tests.Pacemaker;

/// <summary>Malformed, hostile and wrong input: always <see cref="CrmMonFormatException"/> with a one-line message.</summary>
[SupportedOSPlatform("linux")]
public sealed class CrmMonParserHostileInputTests
{
    private const string Summary = "<summary><stack type=\"corosync\"/></summary>";

    // name, input, expected message start (or fragment after "~")
    public static TheoryData<string, string, string> Cases() => new()
    {
        { "empty", "", "crm_mon XML is empty (crm_mon wrote nothing?)" },
        { "blank", " \n\t\r\n", "crm_mon XML is empty (crm_mon wrote nothing?)" },
        { "byte order mark only", "\uFEFF", "crm_mon XML is empty (crm_mon wrote nothing?)" },
        { "crm_mon text output", "Cluster Summary:\n  * Stack: corosync\n", "not XML: starts with \"Cluster Summary:   * Stack: corosync\"; crm_mon's text output? run crm_mon -1 --output-as=xml" },
        { "JSON", "{\"nodes\": []}", "not XML: starts with \"{\"nodes\": []}\"" },
        { "NUL byte", "<crm_mon version=\"2\">\n" + Summary + "\0</crm_mon>", "crm_mon XML contains a NUL character (binary data) at line 2" },
        {
            "billion laughs",
            "<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [<!ENTITY lol \"lol\"><!ENTITY lol2 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">]>\n<crm_mon version=\"2\">&lol2;</crm_mon>",
            "crm_mon XML has a document type declaration (<!DOCTYPE>) at line 2; DTDs and entity definitions are refused"
        },
        {
            "external entity",
            "<!DOCTYPE crm_mon [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]><crm_mon version=\"2\"><summary><stack type=\"&xxe;\"/></summary></crm_mon>",
            "crm_mon XML has a document type declaration (<!DOCTYPE>) at line 1"
        },
        {
            "DTD after a comment",
            "<!-- x --><!doctype crm_mon SYSTEM \"http://example.com/x.dtd\"><crm_mon version=\"2\"/>",
            "crm_mon XML has a document type declaration (<!DOCTYPE>) at line 1"
        },
        { "undeclared entity", "<crm_mon version=\"2\"><summary><stack type=\"&xxe;\"/></summary></crm_mon>", "crm_mon XML is not well-formed at line 1, position 45: " },
        { "truncated", "<pacemaker-result api-version=\"2.25\">\n  <summary>\n    <stack type=\"corosync\"/>\n", "crm_mon XML is not well-formed at line 4, position 1: " },
        { "truncated in a tag", "<pacemaker-result api-version=\"2.25\"><summary><stack ty", "crm_mon XML is not well-formed at line 1, position " },
        { "mismatched tags", "<crm_mon version=\"2\"><summary></nodes></crm_mon>", "crm_mon XML is not well-formed at line 1, position 33: " },
        { "two roots", "<crm_mon version=\"2\">" + Summary + "</crm_mon><crm_mon/>", "crm_mon XML is not well-formed at line 1, position " },
        { "garbage after the root", "<crm_mon version=\"2\">" + Summary + "</crm_mon>\ngarbage", "crm_mon XML is not well-formed at line 2, position 1: " },
        { "invalid character reference", "<crm_mon version=\"2\"><summary><stack type=\"&#1;\"/></summary></crm_mon>", "crm_mon XML is not well-formed at line 1, position " },
        { "HTML", "<html><body>Internal Server Error</body></html>", "root element is <html>, expected <pacemaker-result> (crm_mon --output-as=xml) or <crm_mon> (crm_mon --as-xml) (line 1, position 2)" },
        { "a CIB", "<cib epoch=\"1\"><configuration/><status/></cib>", "root element is <cib>: this is a CIB, not crm_mon output; render it with CIB_file=FILE crm_mon -1 --output-as=xml (line 1, position 2)" },
        { "another tool's result", "<pacemaker-result api-version=\"2.25\" request=\"stonith_admin --history *\"><list name=\"fencing history\" count=\"0\"/><status code=\"0\" message=\"OK\"/></pacemaker-result>", "no crm_mon sections in <pacemaker-result>: expected at least one of <summary>, <nodes>, <resources>" },
        { "empty root", "<crm_mon version=\"2.1.5\"/>", "no crm_mon sections in <crm_mon>" },
        { "node without a name", "<crm_mon version=\"2\"><nodes><node id=\"1\" online=\"true\"/></nodes></crm_mon>", "<node> has no 'name' attribute (line 1, position 30)" },
        { "resource without an id", "<crm_mon version=\"2\"><resources><group id=\"g\"><resource role=\"Started\"/></group></resources></crm_mon>", "<resource> has no 'id' attribute (line 1, position 48)" },
        { "group without an id", "<crm_mon version=\"2\"><resources><group><resource id=\"r\"/></group></resources></crm_mon>", "<group> has no 'id' attribute" },
        { "failure without a node", "<crm_mon version=\"2\">" + Summary + "<failures><failure op_key=\"r_start_0\" exitcode=\"1\"/></failures></crm_mon>", "<failure> has no 'node' attribute" },
        { "failure without a key", "<crm_mon version=\"2\">" + Summary + "<failures><failure node=\"n1\"/></failures></crm_mon>", "<failure> has no 'op_key' attribute" },
        { "operation without a task", "<crm_mon version=\"2\">" + Summary + "<node_history><node name=\"n\"><resource_history id=\"r\"><operation_history call=\"1\"/></resource_history></node></node_history></crm_mon>", "<operation_history> has no 'task' attribute" },
        { "fence event without a target", "<crm_mon version=\"2\">" + Summary + "<fence_history><fence_event action=\"reboot\" status=\"success\"/></fence_history></crm_mon>", "<fence_event> has no 'target' attribute" },
        { "ban without a node", "<crm_mon version=\"2\">" + Summary + "<bans><ban id=\"b\" resource=\"r\"/></bans></crm_mon>", "<ban> has no 'node' attribute" },
        { "status code not a number", "<pacemaker-result api-version=\"2.25\">" + Summary + "<status code=\"OK\" message=\"OK\"/></pacemaker-result>", "<status> code 'OK' is not an integer" },
        { "status without a code", "<pacemaker-result api-version=\"2.25\">" + Summary + "<status message=\"OK\"/></pacemaker-result>", "<status> has no 'code' attribute" },
        { "crm_mon error with control characters", "<pacemaker-result api-version=\"2.25\"><status code=\"105\" message=\"No such\nobject\"><errors><error>line1\nline2\tx</error></errors></status></pacemaker-result>", "crm_mon reported: No such object: line1 line2 x (code 105)" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Bad_input_is_reported_in_one_line_naming_what_and_where(string name, string input, string expected)
    {
        // Act
        var ex = Assert.Throws<CrmMonFormatException>(() => CrmMonParser.Parse(input));

        // Assert
        Assert.True(ex.Message.StartsWith(expected, StringComparison.Ordinal), $"{name}: got \"{ex.Message}\"");
        Assert.DoesNotContain('\n', ex.Message);
        Assert.DoesNotContain('\r', ex.Message);
        Assert.False(CrmMonParser.TryParse(input, out var snapshot, out var error));
        Assert.Null(snapshot);
        Assert.Equal(ex.Message, error);
    }

    [Fact]
    public void Null_input_is_a_format_error()
    {
        var ex = Assert.Throws<CrmMonFormatException>(() => CrmMonParser.Parse(null!));

        Assert.Equal("crm_mon XML is empty (null input)", ex.Message);
    }

    [Fact]
    public void Malformed_xml_carries_its_line_and_position()
    {
        var ex = Assert.Throws<CrmMonFormatException>(() => CrmMonParser.Parse("<crm_mon version=\"2\">\n<summary>\n</nodes>"));

        Assert.Equal(3, ex.LineNumber);
        Assert.Equal(3, ex.LinePosition);
        Assert.Null(ex.StatusCode);
        Assert.IsType<System.Xml.XmlException>(ex.InnerException, exactMatch: false);
    }

    [Fact]
    public void Input_over_32_MiB_is_refused_before_parsing()
    {
        var huge = new string(' ', CrmMonParser.MaxInputChars + 1);

        var ex = Assert.Throws<CrmMonFormatException>(() => CrmMonParser.Parse(huge));

        Assert.Equal("crm_mon XML is too large: 33554433 characters, the limit is 32 MiB (33554432)", ex.Message);
    }

    [Theory]
    [InlineData("<nodes>", "<node name=\"n{0}\" online=\"true\"/>", "</nodes>", CrmMonParser.MaxNodes, "nodes")]
    [InlineData("<resources>", "<resource id=\"r{0}\" resource_agent=\"ocf:pacemaker:Dummy\" role=\"Started\"/>", "</resources>", CrmMonParser.MaxResources, "resource instances")]
    [InlineData("<node_history><node name=\"n1\"><resource_history id=\"r\">", "<operation_history call=\"{0}\" task=\"monitor\" rc=\"0\"/>", "</resource_history></node></node_history>", CrmMonParser.MaxHistoryEntries, "history entries")]
    public void A_document_of_more_entries_than_any_cluster_has_is_refused_before_they_take_memory(string open, string entry, string close, int limit, string what)
    {
        var sb = new System.Text.StringBuilder("<pacemaker-result api-version=\"2.25\" request=\"crm_mon\"><summary/>").Append(open);
        for (var i = 0; i <= limit; i++) sb.AppendFormat(System.Globalization.CultureInfo.InvariantCulture, entry, i);
        sb.Append(close).Append("<status code=\"0\" message=\"OK\"/></pacemaker-result>");

        var ex = Assert.Throws<CrmMonFormatException>(() => CrmMonParser.Parse(sb.ToString()));

        Assert.Contains($"lists more than {limit:N0} {what}", ex.Message);
    }

    [Theory]
    [InlineData("unknown")]
    [InlineData("resources")]
    [InlineData("group")]
    public void Nesting_deeper_than_64_is_refused_wherever_it_is(string element)
    {
        // Arrange
        var sb = new StringBuilder("<crm_mon version=\"2\">" + Summary + "<resources>");
        for (var i = 0; i < 100; i++)
        {
            sb.Append('<').Append(element).Append(" id=\"g").Append(i).Append("\">");
        }

        for (var i = 0; i < 100; i++)
        {
            sb.Append("</").Append(element).Append('>');
        }

        sb.Append("</resources></crm_mon>");

        // Act
        var ex = Assert.Throws<CrmMonFormatException>(() => CrmMonParser.Parse(sb.ToString()));

        // Assert
        Assert.StartsWith($"crm_mon XML nests elements more than 64 deep (<{element}>) (line 1, position ", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Nesting_up_to_the_limit_is_read()
    {
        // Arrange: 62 nested groups put the resource at depth 63 (root is depth 0)
        var sb = new StringBuilder("<crm_mon version=\"2\"><resources>");
        for (var i = 0; i < 61; i++)
        {
            sb.Append("<group id=\"g").Append(i).Append("\">");
        }

        sb.Append("<resource id=\"deep\" role=\"Started\" active=\"false\"/>");
        for (var i = 0; i < 61; i++)
        {
            sb.Append("</group>");
        }

        sb.Append("</resources></crm_mon>");

        // Act
        var s = CrmMonParser.Parse(sb.ToString());

        // Assert
        Assert.Equal("g60", s.FindResource("deep")!.Group);
    }

    [Theory]
    [InlineData("<nodes><node name=\"{0}\"/></nodes>", "name", "node")]
    [InlineData("<nodes><node name=\"n\" feature_set=\"{0}\"/></nodes>", "feature_set", "node")]
    [InlineData("<resources><resource id=\"r\" resource_agent=\"{0}\"/></resources>", "resource_agent", "resource")]
    [InlineData("<summary><current_dc present=\"true\" version=\"{0}\"/></summary>", "version", "current_dc")]
    public void An_attribute_longer_than_64_KiB_is_refused(string body, string attribute, string element)
    {
        // Arrange
        var xml = "<crm_mon version=\"2\">" + string.Format(System.Globalization.CultureInfo.InvariantCulture, body, new string('a', 100_000)) + "</crm_mon>";

        // Act
        var ex = Assert.Throws<CrmMonFormatException>(() => CrmMonParser.Parse(xml));

        // Assert
        Assert.StartsWith(
            $"attribute '{attribute}' of <{element}> is 100000 characters long, the limit is 65536 (line 1, position ",
            ex.Message,
            StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_elements_attributes_comments_and_text_are_skipped()
    {
        // Arrange: what a newer crm_mon might add
        const string xml = """
            <?xml version="1.0"?>
            <!-- written by a newer crm_mon -->
            <pacemaker-result api-version="9.99" request="crm_mon" future="yes">
              <summary future="1"><stack type="corosync"/><cluster_name name="girlb"/><something new="1"><deep/></something></summary>
              <nodes>text<node name="n1" online="true" is_dc="true" new-flag="true" type="member"><extra/></node><![CDATA[x]]></nodes>
              <tickets><ticket id="t" status="granted" standby="false"/></tickets>
              <resources><resource id="r" role="Started" active="true" new="x"><node name="n1" id="1"/><xml>detail</xml></resource><widget id="w"/></resources>
              <status code="0" message="OK"/>
            </pacemaker-result>
            """;

        // Act
        var s = CrmMonParser.Parse(xml);

        // Assert
        Assert.Equal("girlb", s.Summary.ClusterName);
        Assert.Equal("9.99", s.ApiVersion);
        Assert.Equal(NodeState.Online, s.Nodes.Single().State);
        Assert.Equal(["n1"], s.Resources.Single().Nodes);
        Assert.True(s.Resources.Single().IsStarted);
    }

    [Fact]
    public void Unreadable_values_leave_their_properties_null_or_default()
    {
        // Arrange
        const string xml = """
            <crm_mon version="2.1.5">
              <summary><last_update time="yesterday"/><nodes_configured number="many"/><cluster_options stonith-enabled="maybe"/></summary>
              <nodes><node name="n1" online="perhaps" resources_running="-"/></nodes>
              <failures><failure op_key="odd key" node="n1" exitcode="x" call="" last-rc-change="Mon Feb 30 10:00:00 2026" exec="1s" queued="-1"/></failures>
            </crm_mon>
            """;

        // Act
        var s = CrmMonParser.Parse(xml);

        // Assert
        Assert.Null(s.Summary.LastUpdated);
        Assert.Null(s.Summary.NodesConfigured);
        Assert.Null(s.Summary.StonithEnabled);
        Assert.False(s.Nodes[0].Online);
        Assert.Equal(0, s.Nodes[0].ResourcesRunning);
        var f = s.Failures.Single();
        Assert.Null(f.Resource);
        Assert.Equal("", f.Task);
        Assert.Equal(0, f.ExitCode);
        Assert.Null(f.Call);
        Assert.Null(f.LastRcChange);
        Assert.Equal(1000, f.ExecMs);
        Assert.Null(f.QueuedMs);
    }
}
