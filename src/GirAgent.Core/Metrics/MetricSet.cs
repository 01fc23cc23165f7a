namespace GirAgent.Metrics;

/// <summary>
/// The families of one scrape. A family is declared once (HELP and TYPE come from that
/// declaration); declaring the same name again returns the same family when type and labels
/// agree and throws when they do not. Write it with <see cref="PrometheusTextWriter"/>.
/// </summary>
internal sealed class MetricSet
{
    private readonly Dictionary<string, MetricFamily> _families = new(StringComparer.Ordinal);
    private readonly List<string> _duplicates = [];

    public IReadOnlyCollection<MetricFamily> Families => _families.Values;

    /// <summary>Series that were added twice and dropped, as <c>name{label="value",...}</c>: empty when the collectors are right.</summary>
    public IReadOnlyList<string> Duplicates => _duplicates;

    public MetricFamily Gauge(string name, string help, params string[] labelNames) =>
        Family(name, help, MetricType.Gauge, labelNames);

    public MetricFamily Counter(string name, string help, params string[] labelNames) =>
        Family(name, help, MetricType.Counter, labelNames);

    public MetricFamily Histogram(string name, string help, params string[] labelNames) =>
        Family(name, help, MetricType.Histogram, labelNames);

    /// <summary>The family with this name, or null.</summary>
    public MetricFamily? Find(string name) => _families.GetValueOrDefault(name);

    public MetricFamily Family(string name, string help, MetricType type, string[] labelNames)
    {
        if (_families.TryGetValue(name, out var existing))
        {
            if (existing.Type != type || !existing.LabelNames.SequenceEqual(labelNames, StringComparer.Ordinal))
            {
                throw new InvalidOperationException($"{name} is already declared with another type or other labels");
            }

            return existing;
        }

        var family = new MetricFamily(this, name, help, type, labelNames);
        _families.Add(name, family);
        return family;
    }

    /// <summary>The Prometheus text exposition of this set.</summary>
    public override string ToString() => PrometheusTextWriter.Write(this);

    internal void ReportDuplicate(string name, IReadOnlyList<string> labelNames, string[] labelValues)
    {
        var parts = new string[labelNames.Count];
        for (var i = 0; i < parts.Length; i++)
        {
            parts[i] = labelNames[i] + "=\"" + labelValues[i] + "\"";
        }

        _duplicates.Add(name + "{" + string.Join(",", parts) + "}");
    }
}
