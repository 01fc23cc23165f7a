using GirAgent.Posix;

namespace GirAgent.Tests.Posix;

public sealed class ShellWordsTests
{
    public static TheoryData<string, string[]> Splits => new()
    {
        { "-DFOO -DBAR", ["-DFOO", "-DBAR"] },
        { "  -DFOO \t\n -DBAR  ", ["-DFOO", "-DBAR"] },
        { "-C 'ServerName www.example.com'", ["-C", "ServerName www.example.com"] },
        { "-c \"LogLevel debug\"", ["-c", "LogLevel debug"] },
        { "'it'\\''s'", ["it's"] },
        { "\"say \\\"hi\\\"\"", ["say \"hi\""] },
        { "\"back\\\\slash\"", ["back\\slash"] },
        { "\"keep \\n as is\"", ["keep \\n as is"] },
        { "'no \\escape in single'", ["no \\escape in single"] },
        { "a\\ b", ["a b"] },
        { "foo'bar'\"baz\"", ["foobarbaz"] },
        { "'' x \"\"", ["", "x", ""] },
        { "$HOME `id` $(rm -rf /)", ["$HOME", "`id`", "$(rm", "-rf", "/)"] },
        { "\"$HOME\" \"\\$HOME\"", ["$HOME", "$HOME"] },
        { "-DSSL -f /etc/httpd/conf/ssl.conf", ["-DSSL", "-f", "/etc/httpd/conf/ssl.conf"] },
    };

    [Theory]
    [MemberData(nameof(Splits))]
    public void Options_split_into_words_as_a_shell_would_without_expanding_anything(string text, string[] expected)
    {
        var words = ShellWords.Split(text);

        Assert.Equal(expected, words);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("\t\n")]
    public void No_options_are_no_words(string? text)
    {
        Assert.Empty(ShellWords.Split(text));
    }

    [Theory]
    [InlineData("-C 'ServerName x", "unterminated single quote at position 4")]
    [InlineData("'", "unterminated single quote at position 1")]
    [InlineData("-c \"LogLevel debug", "unterminated double quote at position 4")]
    [InlineData("\"ends with escaped quote\\\"", "unterminated double quote at position 1")]
    [InlineData("\"ends with backslash\\", "unterminated double quote at position 1")]
    [InlineData("-DFOO \\", "trailing backslash")]
    public void Unbalanced_quoting_is_an_error_that_says_what_is_wrong(string text, string message)
    {
        var e = Assert.Throws<FormatException>(() => ShellWords.Split(text));

        Assert.Equal(message, e.Message);
    }
}
