using System.Text;

namespace GirAgent.Posix;

/// <summary>
/// Splits a parameter such as <c>options</c> into words the way a POSIX shell would (quotes,
/// backslashes), without running a shell: no expansion, no command substitution.
/// </summary>
internal static class ShellWords
{
    public static IReadOnlyList<string> Split(string? text)
    {
        var words = new List<string>();
        if (string.IsNullOrWhiteSpace(text)) return words;
        var current = new StringBuilder();
        var inWord = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            switch (c)
            {
                case ' ' or '\t' or '\n' or '\r':
                    if (inWord) { words.Add(current.ToString()); current.Clear(); inWord = false; }
                    break;
                case '\'':
                {
                    var end = text.IndexOf('\'', i + 1);
                    if (end < 0) throw new FormatException($"unterminated single quote at position {i + 1}");
                    current.Append(text, i + 1, end - i - 1);
                    i = end;
                    inWord = true;
                    break;
                }
                case '"':
                {
                    var j = i + 1;
                    for (; j < text.Length && text[j] != '"'; j++)
                    {
                        if (text[j] == '\\' && j + 1 < text.Length && text[j + 1] is '"' or '\\' or '$' or '`')
                            j++;
                        current.Append(text[j]);
                    }
                    if (j >= text.Length) throw new FormatException($"unterminated double quote at position {i + 1}");
                    i = j;
                    inWord = true;
                    break;
                }
                case '\\':
                    if (i + 1 >= text.Length) throw new FormatException("trailing backslash");
                    current.Append(text[++i]);
                    inWord = true;
                    break;
                default:
                    current.Append(c);
                    inWord = true;
                    break;
            }
        }
        if (inWord) words.Add(current.ToString());
        return words;
    }
}
