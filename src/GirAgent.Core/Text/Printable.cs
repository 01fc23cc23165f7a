using System.Globalization;
using System.Text;

namespace GirAgent.Text;

/// <summary>
/// Text from outside (a server-status page, node and resource names, alert fields, a tenants file) made
/// safe for a terminal and a one-line log: control characters (C0, DEL, C1), line and paragraph separators
/// and the bidirectional overrides are written as escapes (<c>\x1b</c>, <c>\r</c>, <c>\u202e</c>), so an
/// ESC or CR in a field can neither recolour the screen nor overwrite what was printed before it.
/// </summary>
internal static class Printable
{
    public static string Escape(string? text) => Escape(text, keepLineFeeds: false);

    /// <summary><see cref="Escape(string?)"/> for a whole screen built here: its line feeds stay, everything else is escaped.</summary>
    public static string EscapeKeepingLineFeeds(string? text) => Escape(text, keepLineFeeds: true);

    private static string Escape(string? text, bool keepLineFeeds)
    {
        if (string.IsNullOrEmpty(text)) return text ?? "";
        bool NeedsEscape(char c) => (c != '\n' || !keepLineFeeds) && Printable.NeedsEscape(c);
        var i = 0;
        while (i < text.Length && !NeedsEscape(text[i])) i++;
        if (i == text.Length) return text;
        var sb = new StringBuilder(text.Length + 8).Append(text, 0, i);
        for (; i < text.Length; i++)
        {
            var c = text[i];
            if (!NeedsEscape(c)) { sb.Append(c); continue; }
            sb.Append(c switch
            {
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                < (char)0x100 => "\\x" + ((int)c).ToString("x2", CultureInfo.InvariantCulture),
                _ => "\\u" + ((int)c).ToString("x4", CultureInfo.InvariantCulture),
            });
        }
        return sb.ToString();
    }

    private static bool NeedsEscape(char c) =>
        c < ' ' || c == '\x7f' || c is >= '\x80' and <= '\x9f'
        || c is '\u2028' or '\u2029' or >= '\u202a' and <= '\u202e' or >= '\u2066' and <= '\u2069';
}
