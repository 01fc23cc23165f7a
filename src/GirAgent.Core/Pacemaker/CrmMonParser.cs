using System.Diagnostics.CodeAnalysis;
using System.Xml;

using GirAgent.Text;

namespace GirAgent.Pacemaker;

/// <summary>
/// Parser for crm_mon's XML output: a pure function from text to <see cref="ClusterSnapshot"/>.
/// <para>
/// Formats: Pacemaker 2.x <c>crm_mon --output-as=xml</c> (root <c>&lt;pacemaker-result&gt;</c>,
/// <see cref="CrmMonFormat.Modern2x"/>) and the legacy format (root <c>&lt;crm_mon version&gt;</c>,
/// <see cref="CrmMonFormat.Legacy"/>) that Pacemaker 1.1 (EL7) writes with <c>--as-xml</c> and 2.x
/// still writes with <c>--as-xml</c> (pcs status xml). 1.1 spellings are read too: agents as
/// <c>ocf::heartbeat:IPaddr2</c>, roles Master/Slave, <c>exitreason="none"</c>, fence events with
/// <c>state</c>, bans with <c>master_only</c> only, guest nodes with <c>container_id</c>. Resources
/// listed under <c>&lt;node&gt;</c> (<c>crm_mon -n</c>, group by node) are merged in, without
/// parents when crm_mon printed them nowhere else.
/// </para>
/// <para>
/// Timestamps are read in every form crm_mon has written: ISO 8601 (<c>2026-11-23 22:13:59Z</c>,
/// fractions, <c>T</c>, offsets such as <c>+09:00</c>), ctime/asctime (<c>Mon Nov 23 22:13:59 2026</c>,
/// <c>Tue May  5 ...</c>) and epoch seconds (<c>1600000000</c>). ctime strings carry no zone: they
/// are read as UTC, which is right when crm_mon ran with <c>TZ=UTC</c> (as giragent runs it).
/// An unreadable timestamp or number leaves its property <c>null</c>; it is not an error.
/// </para>
/// <para>
/// Errors: <see cref="Parse"/> throws only <see cref="CrmMonFormatException"/>, with a one-line
/// message naming what was wrong and where: empty input, input over <see cref="MaxInputChars"/>,
/// text that is not XML (e.g. crm_mon's text output), a DTD (refused, as are external entities:
/// <c>DtdProcessing.Prohibit</c>, no resolver), malformed XML (truncated, garbage), nesting deeper
/// than <see cref="MaxDepth"/>, an attribute longer than <see cref="MaxAttributeChars"/>, a root
/// that is not crm_mon's, a document with none of summary/nodes/resources, and an element missing
/// the attribute that identifies it (node <c>name</c>, resource <c>id</c>, failure <c>op_key</c> and
/// <c>node</c>, ...). Unknown elements and attributes are skipped, so newer crm_mon output parses.
/// </para>
/// <para>
/// crm_mon's own errors: 2.x ends with <c>&lt;status code message&gt;</c>. A non-zero code (102 when
/// the cluster is not running) makes <see cref="Parse"/> throw with
/// <see cref="CrmMonFormatException.StatusCode"/> set and the message
/// <c>crm_mon reported: MESSAGE: ERRORS (code N)</c>, even when sections were written: a status
/// screen must not show a cluster crm_mon itself called broken as if it were fine. Whatever sections
/// did parse are on <see cref="CrmMonFormatException.PartialSnapshot"/> for callers that want them.
/// </para>
/// <para>
/// Cost: one forward pass with <see cref="XmlReader"/>, no DOM, no reflection (NativeAOT-safe);
/// flags and numbers are read without making strings and repeated values (roles, agents, node
/// names) are shared. 2.9 MB of crm_mon XML (32 nodes, 4,000 resource instances, full history)
/// parses in about 12 ms of CPU with 3 MB allocated (tests/bench/bench-crmmon.py,
/// docs/benchmarks.md), about 1% of what crm_mon spends writing it.
/// </para>
/// </summary>
internal static partial class CrmMonParser
{
    /// <summary>
    /// Largest accepted input, in characters (32 MiB, ten times the 2.9 MB of a 32-node cluster with 4,000
    /// resource instances and full history); also the largest saved file <c>giragent status --crm-mon-xml</c> reads, in bytes.
    /// </summary>
    public const int MaxInputChars = 32 * 1024 * 1024;

    /// <summary>Most nodes accepted (Corosync has at most 32 members; remote and guest nodes add hundreds, not thousands).</summary>
    public const int MaxNodes = 10_000;

    /// <summary>Most resource instances accepted (clone instances and instances listed under nodes count one each).</summary>
    public const int MaxResources = 100_000;

    /// <summary>Most history entries accepted: resource histories and their operations together.</summary>
    public const int MaxHistoryEntries = 200_000;

    /// <summary>Most other entries accepted: failures, fence events, bans, node names of a resource, status errors.</summary>
    public const int MaxOtherEntries = 100_000;

    /// <summary>Deepest element nesting accepted (crm_mon's deepest is about 6).</summary>
    public const int MaxDepth = 64;

    /// <summary>Longest attribute value (or <c>&lt;error&gt;</c> text) accepted on the elements read, in characters.</summary>
    public const int MaxAttributeChars = 64 * 1024;

    /// <summary>Parses crm_mon XML.</summary>
    /// <exception cref="CrmMonFormatException">Not usable crm_mon XML, or crm_mon reported an error.</exception>
    public static ClusterSnapshot Parse(string xml) =>
        ParserBoundary.Parse(() => ParseCore(xml), ex => ex is XmlException x
            ? new CrmMonFormatException(DescribeXmlError(x), x.LineNumber, x.LinePosition, x)
            // defence in depth: callers only ever see the documented exception
            : new CrmMonFormatException("internal error while parsing crm_mon XML: " + ex.GetType().Name, ex) { IsInternalError = true });

    /// <summary>Parses crm_mon XML; never throws.</summary>
    /// <param name="xml">The document.</param>
    /// <param name="snapshot">The result when this returns true.</param>
    /// <param name="error">The one-line reason when this returns false (as <see cref="CrmMonFormatException.Message"/>).</param>
    public static bool TryParse(string xml, [NotNullWhen(true)] out ClusterSnapshot? snapshot, [NotNullWhen(false)] out string? error) =>
        ParserBoundary.TryParse(() => Parse(xml), out snapshot, out error);

    private static ClusterSnapshot ParseCore(string? xml)
    {
        if (xml is null)
        {
            throw new CrmMonFormatException("crm_mon XML is empty (null input)");
        }

        if (xml.Length > MaxInputChars)
        {
            throw new CrmMonFormatException(
                $"crm_mon XML is too large: {xml.Length} characters, the limit is 32 MiB ({MaxInputChars})");
        }

        CheckProlog(xml);

        var settings = new XmlReaderSettings
        {
            DtdProcessing = DtdProcessing.Prohibit,
            XmlResolver = null,
            MaxCharactersInDocument = MaxInputChars,
            IgnoreComments = true,
            IgnoreProcessingInstructions = true,
            IgnoreWhitespace = true,
            CheckCharacters = true,
            ConformanceLevel = ConformanceLevel.Document,
            CloseInput = true,
        };

        using var reader = XmlReader.Create(new StringReader(xml), settings);
        using var session = new Session(reader);
        return session.Run();
    }

    /// <summary>Checks what XmlReader would report less clearly: not XML at all, NUL bytes, a DTD.</summary>
    private static void CheckProlog(string xml)
    {
        ReadOnlySpan<char> all = xml;
        if (!all.IsEmpty && all[0] == '\uFEFF')
        {
            all = all[1..];
        }

        var text = all.TrimStart();
        if (text.IsEmpty)
        {
            throw new CrmMonFormatException("crm_mon XML is empty (crm_mon wrote nothing?)");
        }

        if (text[0] != '<')
        {
            var head = OneLine(text[..Math.Min(text.Length, 40)].ToString(), 40);
            throw new CrmMonFormatException(
                $"not XML: starts with \"{head}\"; crm_mon's text output? run crm_mon -1 --output-as=xml");
        }

        var nul = all.IndexOf('\0');
        if (nul >= 0)
        {
            var line = all[..nul].Count('\n') + 1;
            throw new CrmMonFormatException(
                $"crm_mon XML contains a NUL character (binary data) at line {line}", line, 0);
        }

        // Walk the prolog: XML declaration, processing instructions, comments, whitespace.
        var pos = all.Length - text.Length;
        while (pos < all.Length)
        {
            var rest = all[pos..];
            if (rest.StartsWith("<?", StringComparison.Ordinal))
            {
                var end = rest.IndexOf("?>", StringComparison.Ordinal);
                if (end < 0)
                {
                    return; // XmlReader reports it
                }

                pos += end + 2;
            }
            else if (rest.StartsWith("<!--", StringComparison.Ordinal))
            {
                var end = rest.IndexOf("-->", StringComparison.Ordinal);
                if (end < 0)
                {
                    return;
                }

                pos += end + 3;
            }
            else if (rest.StartsWith("<!DOCTYPE", StringComparison.OrdinalIgnoreCase))
            {
                var line = all[..pos].Count('\n') + 1;
                throw new CrmMonFormatException(
                    $"crm_mon XML has a document type declaration (<!DOCTYPE>) at line {line}; DTDs and entity definitions are refused",
                    line,
                    0);
            }
            else if (char.IsWhiteSpace(rest[0]))
            {
                pos++;
            }
            else
            {
                return;
            }
        }
    }

    private static string DescribeXmlError(XmlException ex)
    {
        var detail = ex.Message;

        // XmlException appends " Line N, position M." to its message: we say where ourselves.
        var at = detail.LastIndexOf(" Line ", StringComparison.Ordinal);
        if (at > 0)
        {
            detail = detail[..at];
        }

        detail = OneLine(detail, 300).TrimEnd('.');
        return ex.LineNumber > 0
            ? $"crm_mon XML is not well-formed at line {ex.LineNumber}, position {ex.LinePosition}: {detail}"
            : $"crm_mon XML is not well-formed: {detail}";
    }

    /// <summary>Makes <paramref name="s"/> safe for a one-line message: control characters become spaces, long text is cut.</summary>
    internal static string OneLine(string s, int max)
    {
        var span = s.AsSpan();
        if (span.Length > max)
        {
            span = span[..max];
        }

        var needsCopy = span.Length != s.Length;
        foreach (var c in span)
        {
            if (char.IsControl(c) || c is '\u2028' or '\u2029')
            {
                needsCopy = true;
                break;
            }
        }

        if (!needsCopy)
        {
            return s;
        }

        var chars = span.ToArray();
        for (var i = 0; i < chars.Length; i++)
        {
            if (char.IsControl(chars[i]) || chars[i] is '\u2028' or '\u2029')
            {
                chars[i] = ' ';
            }
        }

        if (chars.Length > 0 && char.IsHighSurrogate(chars[^1]))
        {
            chars[^1] = ' ';
        }

        var result = new string(chars).Trim();
        return span.Length != s.Length ? result + "..." : result;
    }
}
