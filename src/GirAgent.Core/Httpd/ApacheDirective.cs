using System.Text;

namespace GirAgent.Httpd;

/// <summary>One directive of an httpd configuration file, as written: name, arguments (quotes removed), line.</summary>
/// <param name="Name">The directive, e.g. <c>ProxyPass</c>; for a section <c>&lt;Proxy</c> or <c>&lt;/Proxy</c>.</param>
/// <param name="Line">The line it starts on (1-based).</param>
internal sealed record ApacheDirective(string Name, IReadOnlyList<string> Arguments, int Line)
{
    public bool IsSectionOpen => Name.StartsWith('<') && !Name.StartsWith("</", StringComparison.Ordinal);
    public bool IsSectionClose => Name.StartsWith("</", StringComparison.Ordinal);

    /// <summary>The section's name without brackets (<c>Proxy</c>), for an open or close.</summary>
    public string SectionName => Name.TrimStart('<', '/');

    public bool Is(string name) => string.Equals(Name, name, StringComparison.OrdinalIgnoreCase);

    /// <summary>Splits a file into directives: comments and blank lines dropped, continuation lines joined.</summary>
    public static IReadOnlyList<ApacheDirective> Read(string text)
    {
        var result = new List<ApacheDirective>();
        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        StringBuilder? continued = null;
        var start = 0;
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i];
            if (continued is null) start = i + 1;
            if (line.EndsWith('\\'))
            {
                (continued ??= new StringBuilder()).Append(line, 0, line.Length - 1).Append(' ');
                continue;
            }
            var full = continued is null ? line : continued.Append(line).ToString();
            continued = null;
            var trimmed = full.Trim();
            if (trimmed.Length == 0 || trimmed[0] == '#') continue;
            if (trimmed[0] == '<')
            {
                // <Proxy "balancer://x"> or </Proxy>: the closing '>' may be missing in a broken file
                var inner = trimmed.EndsWith('>') ? trimmed[1..^1] : trimmed[1..];
                var words = Words(inner);
                if (words.Count == 0) continue;
                result.Add(new ApacheDirective("<" + words[0], words.Skip(1).ToList(), start));
            }
            else
            {
                var words = Words(trimmed);
                result.Add(new ApacheDirective(words[0], words.Skip(1).ToList(), start));
            }
        }
        return result;
    }

    /// <summary>A directive line's words as httpd reads them: quoted words (a backslash escapes the quote) or runs of non-space.</summary>
    public static List<string> Words(string text)
    {
        var words = new List<string>();
        var i = 0;
        while (i < text.Length)
        {
            while (i < text.Length && char.IsWhiteSpace(text[i])) i++;
            if (i >= text.Length) break;
            var sb = new StringBuilder();
            if (text[i] is '"' or '\'')
            {
                var quote = text[i++];
                while (i < text.Length && text[i] != quote)
                {
                    if (text[i] == '\\' && i + 1 < text.Length && text[i + 1] == quote) i++;
                    sb.Append(text[i++]);
                }
                i++; // the closing quote
            }
            else
            {
                while (i < text.Length && !char.IsWhiteSpace(text[i])) sb.Append(text[i++]);
            }
            words.Add(sb.ToString());
        }
        return words;
    }
}
