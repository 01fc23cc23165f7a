using System.Text.Json;
using System.Text.RegularExpressions;

namespace GirAgent.Tests.Metrics;

/// <summary>docs/metrics.md, the alert rules and the dashboard agree with what the exporter writes.</summary>
public sealed partial class MetricsDocsTests
{
    private static readonly string Root = MetricsFixtures.RepositoryRoot();

    private static HashSet<string> GoldenLines() =>
        Directory.GetFiles(Path.Combine(MetricsFixtures.FixturesDir, "metrics"), "*.prom")
            .SelectMany(File.ReadAllLines)
            .ToHashSet(StringComparer.Ordinal);

    private static HashSet<string> GoldenFamilies() =>
        GoldenLines().Where(l => l.StartsWith("# TYPE ", StringComparison.Ordinal)).Select(l => l.Split(' ')[2]).ToHashSet(StringComparer.Ordinal);

    [Fact]
    public void Every_family_written_is_documented()
    {
        var doc = File.ReadAllText(Path.Combine(Root, "docs", "metrics.md"));

        var missing = GoldenFamilies().Where(f => !doc.Contains("`" + f + "`", StringComparison.Ordinal)).ToList();

        Assert.Empty(missing);
    }

    [Fact]
    public void Every_sample_line_in_the_docs_is_real_output()
    {
        var doc = File.ReadAllText(Path.Combine(Root, "docs", "metrics.md"));
        var golden = GoldenLines();
        var samples = CodeBlock().Matches(doc)
            .SelectMany(m => m.Groups[1].Value.Split('\n', StringSplitOptions.RemoveEmptyEntries))
            .Where(l => MetricName().IsMatch(l))
            .ToList();

        Assert.NotEmpty(samples);
        Assert.All(samples, s => Assert.Contains(s, golden));
    }

    [Fact]
    public void Alert_rules_and_dashboard_use_only_series_the_exporter_writes()
    {
        var families = GoldenFamilies();
        var texts = new[]
        {
            File.ReadAllText(Path.Combine(Root, "packaging", "prometheus", "girlb-rules.yml")),
            File.ReadAllText(Path.Combine(Root, "packaging", "grafana", "girlb-dashboard.json")),
        };

        var used = texts.SelectMany(t => UsedMetric().Matches(t).Select(m => m.Value)).ToHashSet(StringComparer.Ordinal);
        var unknown = used.Where(u => !families.Contains(u) && !families.Contains(HistogramFamily().Replace(u, string.Empty))).ToList();

        Assert.NotEmpty(used);
        Assert.Empty(unknown);
    }

    [Fact]
    public void The_dashboard_is_grafana_json_with_prometheus_queries()
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(Root, "packaging", "grafana", "girlb-dashboard.json")));
        var root = doc.RootElement;

        Assert.Equal("girlb-overview", root.GetProperty("uid").GetString());
        var panels = root.GetProperty("panels").EnumerateArray().ToList();
        Assert.True(panels.Count >= 10);
        var ids = panels.Select(p => p.GetProperty("id").GetInt32()).ToList();
        Assert.Equal(ids.Count, ids.Distinct().Count());
        foreach (var panel in panels.Where(p => p.GetProperty("type").GetString() != "row"))
        {
            var targets = panel.GetProperty("targets").EnumerateArray().ToList();
            Assert.NotEmpty(targets);
            Assert.All(targets, t => Assert.False(string.IsNullOrWhiteSpace(t.GetProperty("expr").GetString())));
        }
    }

    [GeneratedRegex("```\\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex CodeBlock();

    [GeneratedRegex("^(gir|apache|ha_cluster)_[a-z_]+[{ ]")]
    private static partial Regex MetricName();

    [GeneratedRegex(@"\b(gir|apache|ha_cluster)_[a-z0-9_]+\b")]
    private static partial Regex UsedMetric();

    [GeneratedRegex("_(bucket|sum|count)$")]
    private static partial Regex HistogramFamily();
}
