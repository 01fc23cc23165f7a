namespace GirAgent.Metrics;

/// <summary>
/// One metric family: a name, its HELP and TYPE, fixed label names and its series. A series is
/// identified by its label values; adding the same label values twice keeps the first and
/// reports the second as a duplicate (<see cref="MetricSet.Duplicates"/>), so a scrape never
/// carries duplicate series. Not thread-safe: build a family on one thread, then write it.
/// </summary>
internal sealed class MetricFamily
{
    private readonly Dictionary<string, Series> _series = new(StringComparer.Ordinal);
    private readonly List<Series> _ordered = [];
    private readonly MetricSet _owner;

    internal MetricFamily(MetricSet owner, string name, string help, MetricType type, string[] labelNames)
    {
        if (!MetricNames.IsValidMetricName(name))
        {
            throw new ArgumentException($"'{name}' is not a valid metric name", nameof(name));
        }

        foreach (var label in labelNames)
        {
            if (!MetricNames.IsValidLabelName(label) || (type == MetricType.Histogram && label == "le"))
            {
                throw new ArgumentException($"'{label}' is not a valid label name for {name}", nameof(labelNames));
            }
        }

        if (labelNames.Distinct(StringComparer.Ordinal).Count() != labelNames.Length)
        {
            throw new ArgumentException($"{name} repeats a label name", nameof(labelNames));
        }

        _owner = owner;
        Name = name;
        Help = help;
        Type = type;
        LabelNames = labelNames;
    }

    public string Name { get; }

    public string Help { get; }

    public MetricType Type { get; }

    public IReadOnlyList<string> LabelNames { get; }

    /// <summary>Number of series.</summary>
    public int Count => _ordered.Count;

    /// <summary>Adds a gauge or counter sample. Returns false (and keeps the first) when these label values are already present.</summary>
    public bool Add(double value, params ReadOnlySpan<string> labelValues)
    {
        if (Type == MetricType.Histogram)
        {
            throw new InvalidOperationException($"{Name} is a histogram: use AddHistogram");
        }

        return AddSeries(new Series(CopyLabels(labelValues), value, null));
    }

    /// <summary>Adds a 0/1 sample.</summary>
    public bool Add(bool value, params ReadOnlySpan<string> labelValues) => Add(value ? 1 : 0, labelValues);

    /// <summary>Adds a histogram series. Returns false (and keeps the first) when these label values are already present.</summary>
    public bool AddHistogram(HistogramValue histogram, params ReadOnlySpan<string> labelValues)
    {
        if (Type != MetricType.Histogram)
        {
            throw new InvalidOperationException($"{Name} is a {Type}: use Add");
        }

        return AddSeries(new Series(CopyLabels(labelValues), 0, histogram));
    }

    internal IReadOnlyList<Series> SortedSeries()
    {
        var copy = _ordered.ToArray();
        Array.Sort(copy, static (a, b) => CompareLabels(a.LabelValues, b.LabelValues));
        return copy;
    }

    private bool AddSeries(Series series)
    {
        var key = string.Join('\0', series.LabelValues);
        if (!_series.TryAdd(key, series))
        {
            _owner.ReportDuplicate(Name, LabelNames, series.LabelValues);
            return false;
        }

        _ordered.Add(series);
        return true;
    }

    private string[] CopyLabels(ReadOnlySpan<string> labelValues)
    {
        if (labelValues.Length != LabelNames.Count)
        {
            throw new ArgumentException(
                $"{Name} takes {LabelNames.Count} label values ({string.Join(",", LabelNames)}), got {labelValues.Length}");
        }

        var values = new string[labelValues.Length];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = labelValues[i] ?? string.Empty;
        }

        return values;
    }

    private static int CompareLabels(string[] a, string[] b)
    {
        for (var i = 0; i < a.Length; i++)
        {
            var c = string.CompareOrdinal(a[i], b[i]);
            if (c != 0)
            {
                return c;
            }
        }

        return 0;
    }

    internal sealed record Series(string[] LabelValues, double Value, HistogramValue? Histogram);
}
