using System.Runtime.Versioning;
using System.Text.RegularExpressions;
using CsCheck;
using GirAgent.Pacemaker;
using static GirAgent.Tests.Pacemaker.PacemakerFixtures;

namespace GirAgent.Tests.Pacemaker;

/// <summary>
/// Property-based: whatever the input, <see cref="CrmMonParser.Parse"/> returns a well-formed
/// snapshot or throws <see cref="CrmMonFormatException"/> with a one-line message, and
/// <see cref="CrmMonParser.TryParse"/> never throws. Inputs are random strings and real fixtures
/// truncated, stripped of attributes or elements, and sprayed with garbage.
/// </summary>
[SupportedOSPlatform("linux")]
public sealed partial class CrmMonParserPropertyTests
{
    private const int Iterations = 2_000;

    private static readonly string[] Fixtures = AllOutputs().Select(Read).ToArray();

    [GeneratedRegex("""\s[A-Za-z_:][\w.:-]*="[^"]*"|\s[A-Za-z_:][\w.:-]*='[^']*'""")]
    private static partial Regex AttributePattern();

    [GeneratedRegex("""<[A-Za-z_][^<>]*/>|<[A-Za-z_][^<>]*>|</[^<>]*>""")]
    private static partial Regex TagPattern();

    private static readonly Match[][] Attributes = Fixtures.Select(f => AttributePattern().Matches(f).ToArray()).ToArray();
    private static readonly Match[][] Tags = Fixtures.Select(f => TagPattern().Matches(f).ToArray()).ToArray();

    private static void AssertParsesOrFormatError(string xml)
    {
        Assert.True(CrmMonParser.TryParse(xml, out var parsed, out var error) ^ (error is not null));
        try
        {
            var s = CrmMonParser.Parse(xml);
            Assert.NotNull(parsed);
            Assert.All(s.Nodes, n => Assert.False(string.IsNullOrEmpty(n.Name)));
            Assert.All(s.Resources, r => Assert.False(string.IsNullOrEmpty(r.Id)));
            Assert.All(s.Resources, r => Assert.NotNull(r.Nodes));
            Assert.All(s.Failures, f => Assert.False(string.IsNullOrEmpty(f.Node)));
            Assert.All(s.FenceHistory, f => Assert.False(string.IsNullOrEmpty(f.Target)));
            Assert.All(s.OperationHistory, h => Assert.All(h.Resources, r => Assert.NotNull(r.Operations)));
            Assert.True(s.Summary.LastUpdated is null || s.Summary.LastUpdated.Value.Offset == TimeSpan.Zero);
        }
        catch (CrmMonFormatException ex)
        {
            // a bug wrapped as a format error is still a bug: hostile input must get a verdict, not an internal error
            Assert.False(ex.IsInternalError, $"the parser failed inside: {ex.InnerException}");
            Assert.Null(parsed);
            Assert.Equal(ex.Message, error);
            Assert.False(string.IsNullOrWhiteSpace(ex.Message));
            Assert.DoesNotContain('\n', ex.Message);
            Assert.DoesNotContain('\r', ex.Message);
        }
    }

    [Fact]
    public void Returns_or_throws_the_format_exception_for_arbitrary_strings()
    {
        Gen.String.Sample(AssertParsesOrFormatError, iter: Iterations);
    }

    [Fact]
    public void Returns_or_throws_the_format_exception_for_random_markup_in_a_crm_mon_root()
    {
        var alphabet = Gen.Char["<>/=\"' abcdeilmnoprstuvxyz_-:!?&;#[]\n019\0\u00e9\uD800"];
        Gen.Select(Gen.Bool, alphabet.Array[0, 300])
            .Select((modern, chars) => (modern ? "<pacemaker-result api-version=\"2.25\">" : "<crm_mon version=\"2.1.5\">")
                                       + new string(chars)
                                       + (modern ? "</pacemaker-result>" : "</crm_mon>"))
            .Sample(AssertParsesOrFormatError, iter: Iterations);
    }

    [Fact]
    public void Returns_or_throws_the_format_exception_for_fixtures_cut_anywhere()
    {
        Gen.Select(Gen.Int[0, Fixtures.Length - 1], Gen.Double[0, 1])
            .Sample(
                (f, at) => AssertParsesOrFormatError(Fixtures[f][..(int)(at * Fixtures[f].Length)]),
                iter: Iterations);
    }

    [Fact]
    public void Returns_or_throws_the_format_exception_for_fixtures_without_some_attributes()
    {
        Gen.Select(Gen.Int[0, Fixtures.Length - 1], Gen.Int[1, 20].SelectMany(n => Gen.Double[0, 1].Array[n]))
            .Sample(
                (f, picks) =>
                {
                    var attributes = Attributes[f];
                    var remove = picks.Select(p => attributes[(int)(p * (attributes.Length - 1))]).Distinct().OrderByDescending(m => m.Index);
                    var xml = Fixtures[f];
                    foreach (var m in remove)
                    {
                        xml = xml.Remove(m.Index, m.Length);
                    }

                    AssertParsesOrFormatError(xml);
                },
                iter: Iterations);
    }

    [Fact]
    public void Returns_or_throws_the_format_exception_for_fixtures_without_some_tags()
    {
        Gen.Select(Gen.Int[0, Fixtures.Length - 1], Gen.Int[1, 5].SelectMany(n => Gen.Double[0, 1].Array[n]))
            .Sample(
                (f, picks) =>
                {
                    var tags = Tags[f];
                    var remove = picks.Select(p => tags[(int)(p * (tags.Length - 1))]).Distinct().OrderByDescending(m => m.Index);
                    var xml = Fixtures[f];
                    foreach (var m in remove)
                    {
                        xml = xml.Remove(m.Index, m.Length);
                    }

                    AssertParsesOrFormatError(xml);
                },
                iter: Iterations);
    }

    [Fact]
    public void Returns_or_throws_the_format_exception_for_fixtures_with_attribute_values_replaced()
    {
        var junk = Gen.OneOf(
            Gen.String,
            Gen.Const(""),
            Gen.Const("-INFINITY"),
            Gen.Const("99999999999999999999"),
            Gen.Const("&lt;&amp;&#x1F600;"),
            Gen.Const("&#0;"),
            Gen.Const("\u00e9\u4e2d"),
            Gen.Int.Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        Gen.Select(Gen.Int[0, Fixtures.Length - 1], Gen.Double[0, 1], junk)
            .Sample(
                (f, p, value) =>
                {
                    var m = Attributes[f][(int)(p * (Attributes[f].Length - 1))];
                    var eq = m.Value.IndexOf('=');
                    var replaced = m.Value[..(eq + 2)] + value.Replace("\"", "&quot;", StringComparison.Ordinal) + m.Value[^1];
                    AssertParsesOrFormatError(Fixtures[f].Remove(m.Index, m.Length).Insert(m.Index, replaced));
                },
                iter: Iterations);
    }

    [Fact]
    public void Returns_or_throws_the_format_exception_for_fixtures_with_garbage_spliced_in()
    {
        var garbage = Gen.OneOf(
            Gen.String,
            Gen.Char.Array[1, 50].Select(c => new string(c)),
            Gen.Byte.Array[1, 50].Select(b => new string(b.Select(x => (char)x).ToArray())),
            Gen.Const("<!DOCTYPE x [<!ENTITY e \"e\">]>"),
            Gen.Const("<![CDATA[ ]]>"),
            Gen.Const("<?pi x?>"),
            Gen.Const("&e;"));
        Gen.Select(Gen.Int[0, Fixtures.Length - 1], Gen.Double[0, 1], garbage, Gen.Bool)
            .Sample(
                (f, at, junk, overwrite) =>
                {
                    var xml = Fixtures[f];
                    var i = (int)(at * xml.Length);
                    var mutated = overwrite
                        ? xml[..i] + junk + xml[Math.Min(xml.Length, i + junk.Length)..]
                        : xml.Insert(i, junk);
                    AssertParsesOrFormatError(mutated);
                },
                iter: Iterations);
    }

    [Fact]
    public void Indentation_and_attribute_order_do_not_change_what_a_fixture_says()
    {
        // Not random: crm_mon versions differ in indentation and attribute order; neither may matter.
        foreach (var xml in Fixtures)
        {
            var expected = Describe(CrmMonParser.Parse(xml));
            var flattened = xml.Replace("\n", "", StringComparison.Ordinal).Replace("  ", " ", StringComparison.Ordinal);
            var reversed = Regex.Replace(
                flattened,
                """<([A-Za-z_][\w.:-]*)((?:\s[A-Za-z_:][\w.:-]*="[^"]*")+)\s*(/?)>""",
                m => "<" + m.Groups[1].Value
                     + string.Concat(AttributePattern().Matches(m.Groups[2].Value).Select(a => a.Value).Reverse())
                     + m.Groups[3].Value + ">");

            Assert.Equal(expected, Describe(CrmMonParser.Parse(flattened)));
            Assert.Equal(expected, Describe(CrmMonParser.Parse(reversed)));
        }
    }
}
