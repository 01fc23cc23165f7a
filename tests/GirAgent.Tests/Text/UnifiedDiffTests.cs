using GirAgent.Text;

namespace GirAgent.Tests.Text;

public sealed class UnifiedDiffTests
{
    [Fact]
    public void Equal_texts_have_no_diff() => Assert.Equal("", UnifiedDiff.Create("a\nb\n", "a\nb\n", "x", "x"));

    [Fact]
    public void A_changed_line_shows_with_three_lines_of_context_as_diff_u_prints_it()
    {
        const string old = "1\n2\n3\n4\n5\n6\n7\n8\n9\n";
        const string @new = "1\n2\n3\n4\nfive\n6\n7\n8\n9\n";

        // diff -u old new (labels aside)
        Assert.Equal("--- a\n+++ b\n@@ -2,7 +2,7 @@\n 2\n 3\n 4\n-5\n+five\n 6\n 7\n 8\n", UnifiedDiff.Create(old, @new, "a", "b"));
    }

    [Fact]
    public void Changes_far_apart_make_two_hunks()
    {
        var old = string.Concat(Enumerable.Range(1, 20).Select(i => $"{i}\n"));
        var @new = old.Replace("2\n3\n", "2\nthree\n", StringComparison.Ordinal).Replace("18\n", "eighteen\n", StringComparison.Ordinal);

        var diff = UnifiedDiff.Create(old, @new, "a", "b");

        Assert.Equal(2, diff.Split('\n').Count(l => l.StartsWith("@@", StringComparison.Ordinal)));
        Assert.Contains("@@ -1,6 +1,6 @@\n", diff);
        Assert.Contains("@@ -15,6 +15,6 @@\n", diff);
    }

    [Fact]
    public void A_new_file_is_all_additions()
    {
        Assert.Equal("--- /dev/null\n+++ b\n@@ -0,0 +1,2 @@\n+x\n+y\n", UnifiedDiff.Create(null, "x\ny\n", "a", "b"));
    }

    [Fact]
    public void A_removed_file_is_all_removals()
    {
        Assert.Equal("--- a\n+++ /dev/null\n@@ -1,2 +0,0 @@\n-x\n-y\n", UnifiedDiff.Create("x\ny\n", null, "a", "b"));
    }

    [Fact]
    public void Removals_come_before_additions_inside_a_change()
    {
        var diff = UnifiedDiff.Create("a\nb\nc\n", "a\nx\ny\nc\n", "a", "b");

        Assert.Equal("--- a\n+++ b\n@@ -1,3 +1,4 @@\n a\n-b\n+x\n+y\n c\n", diff);
    }
}
