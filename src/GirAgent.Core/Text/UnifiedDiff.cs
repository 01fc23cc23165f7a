using System.Text;

namespace GirAgent.Text;

/// <summary>A unified diff (as <c>diff -u</c> prints it) of two texts, line by line; empty when they are equal.</summary>
internal static class UnifiedDiff
{
    /// <summary>Beyond this many lines on each side the diff shows the whole old and new text as one hunk.</summary>
    private const int MaxLinesForLcs = 20_000;

    public static string Create(string? oldText, string? newText, string oldLabel, string newLabel, int context = 3)
    {
        if (oldText == newText) return "";
        var a = SplitLines(oldText);
        var b = SplitLines(newText);
        var ops = a.Length > MaxLinesForLcs || b.Length > MaxLinesForLcs ? Replace(a.Length, b.Length) : Lcs(a, b);

        var sb = new StringBuilder();
        sb.Append("--- ").Append(oldText is null ? "/dev/null" : oldLabel).Append('\n');
        sb.Append("+++ ").Append(newText is null ? "/dev/null" : newLabel).Append('\n');
        var i = 0;
        while (i < ops.Count)
        {
            // find the next change, then extend a hunk while changes are within 2*context of each other
            while (i < ops.Count && ops[i].Kind == ' ') i++;
            if (i >= ops.Count) break;
            var start = Math.Max(0, i - context);
            var end = i;
            while (true)
            {
                while (end < ops.Count && ops[end].Kind != ' ') end++;
                var next = end;
                while (next < ops.Count && ops[next].Kind == ' ') next++;
                if (next < ops.Count && next - end <= 2 * context) { end = next; continue; }
                end = Math.Min(ops.Count, end + context);
                break;
            }
            var hunk = ops.GetRange(start, end - start);
            var oldStart = hunk.FirstOrDefault(o => o.Kind != '+').OldIndex;
            var newStart = hunk.FirstOrDefault(o => o.Kind != '-').NewIndex;
            var oldCount = hunk.Count(o => o.Kind != '+');
            var newCount = hunk.Count(o => o.Kind != '-');
            sb.Append("@@ -").Append(Range(oldStart, oldCount, ops, start, '+')).Append(" +").Append(Range(newStart, newCount, ops, start, '-')).Append(" @@\n");
            foreach (var op in hunk)
                sb.Append(op.Kind).Append(op.Kind == '+' ? b[op.NewIndex] : a[op.OldIndex]).Append('\n');
            i = end;
        }
        return sb.ToString();
    }

    private static string Range(int start, int count, List<Op> ops, int hunkStart, char skip)
    {
        if (count == 0)
        {
            // diff -u names the line before an empty range
            var before = 0;
            for (var k = 0; k < hunkStart; k++) if (ops[k].Kind != skip) before++;
            return $"{before},0";
        }
        return count == 1 ? $"{start + 1}" : $"{start + 1},{count}";
    }

    private readonly record struct Op(char Kind, int OldIndex, int NewIndex);

    private static string[] SplitLines(string? text)
    {
        if (string.IsNullOrEmpty(text)) return [];
        var lines = text.Split('\n');
        return text.EndsWith('\n') ? lines[..^1] : lines;
    }

    private static List<Op> Replace(int oldCount, int newCount)
    {
        var ops = new List<Op>(oldCount + newCount);
        for (var k = 0; k < oldCount; k++) ops.Add(new Op('-', k, 0));
        for (var k = 0; k < newCount; k++) ops.Add(new Op('+', oldCount, k));
        return ops;
    }

    private static List<Op> Lcs(string[] a, string[] b)
    {
        // common prefix and suffix first: rendered files usually differ in a few lines
        var prefix = 0;
        while (prefix < a.Length && prefix < b.Length && a[prefix] == b[prefix]) prefix++;
        var suffix = 0;
        while (suffix < a.Length - prefix && suffix < b.Length - prefix && a[^(suffix + 1)] == b[^(suffix + 1)]) suffix++;
        int n = a.Length - prefix - suffix, m = b.Length - prefix - suffix;
        var table = new int[n + 1, m + 1];
        for (var x = n - 1; x >= 0; x--)
            for (var y = m - 1; y >= 0; y--)
                table[x, y] = a[prefix + x] == b[prefix + y] ? table[x + 1, y + 1] + 1 : Math.Max(table[x + 1, y], table[x, y + 1]);

        var ops = new List<Op>(a.Length + b.Length);
        for (var k = 0; k < prefix; k++) ops.Add(new Op(' ', k, k));
        int i = 0, j = 0;
        while (i < n || j < m)
        {
            if (i < n && j < m && a[prefix + i] == b[prefix + j]) { ops.Add(new Op(' ', prefix + i, prefix + j)); i++; j++; }
            else if (j < m && (i == n || table[i, j + 1] >= table[i + 1, j])) { ops.Add(new Op('+', prefix + i, prefix + j)); j++; }
            else { ops.Add(new Op('-', prefix + i, prefix + j)); i++; }
        }
        for (var k = 0; k < suffix; k++) ops.Add(new Op(' ', prefix + n + k, prefix + m + k));
        // removals before additions inside a change, as diff prints them
        for (var k = 0; k + 1 < ops.Count; k++)
        {
            if (ops[k].Kind != '+') continue;
            var end = k;
            while (end < ops.Count && ops[end].Kind != ' ') end++;
            var block = ops.GetRange(k, end - k);
            var ordered = block.Where(o => o.Kind == '-').Concat(block.Where(o => o.Kind == '+')).ToList();
            for (var q = 0; q < ordered.Count; q++) ops[k + q] = ordered[q];
            k = end;
        }
        return ops;
    }
}
