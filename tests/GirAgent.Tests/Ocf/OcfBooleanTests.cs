using GirAgent.Ocf;

namespace GirAgent.Tests.Ocf;

public sealed class OcfBooleanTests
{
    [Theory]
    [InlineData("1")]
    [InlineData("yes")]
    [InlineData("YES")]
    [InlineData("true")]
    [InlineData("True")]
    [InlineData("on")]
    [InlineData("y")]
    [InlineData(" yes ")]
    public void Words_ocf_is_true_accepts_are_true(string text)
    {
        Assert.True(OcfBoolean.Parse(text));
    }

    [Theory]
    [InlineData("0")]
    [InlineData("no")]
    [InlineData("NO")]
    [InlineData("false")]
    [InlineData("off")]
    [InlineData("Off")]
    [InlineData("n")]
    public void Their_opposites_are_false(string text)
    {
        Assert.False(OcfBoolean.Parse(text));
    }

    [Theory]
    [InlineData("")]
    [InlineData("maybe")]
    [InlineData("2")]
    [InlineData("enabled")]
    [InlineData(null)]
    public void Anything_else_is_not_a_boolean(string? text)
    {
        Assert.Null(OcfBoolean.Parse(text));
    }
}
