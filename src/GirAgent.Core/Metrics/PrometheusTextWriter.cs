using System.Globalization;
using System.Text;

namespace GirAgent.Metrics;

/// <summary>
/// Writes a <see cref="MetricSet"/> in the Prometheus text exposition format 0.0.4: one HELP and
/// one TYPE line per family (families without series are left out), families ordered by name and series by label values (ordinal), so
/// the same input always gives the same bytes. Label values escape <c>\</c>, <c>"</c> and
/// newline; HELP escapes <c>\</c> and newline; values are <c>NaN</c>, <c>+Inf</c>, <c>-Inf</c>
/// or the shortest round-trip decimal.
/// </summary>
internal static class PrometheusTextWriter
{
    /// <summary>The Content-Type of this format.</summary>
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    private static readonly System.Buffers.SearchValues<char> LabelSpecials = System.Buffers.SearchValues.Create("\\\"\n");

    public static string Write(MetricSet set)
    {
        var sb = new StringBuilder(16 * 1024);
        Append(set, sb);
        return sb.ToString();
    }

    public static void Write(MetricSet set, TextWriter writer) => writer.Write(Write(set));

    /// <summary>The exposition as UTF-8 bytes, ready to send (and to cache until the next poll).</summary>
    public static byte[] WriteUtf8(MetricSet set) => Encoding.UTF8.GetBytes(Write(set));

    private static void Append(MetricSet set, StringBuilder sb)
    {
        var families = set.Families.ToArray();
        Array.Sort(families, static (a, b) => string.CompareOrdinal(a.Name, b.Name));
        foreach (var family in families)
        {
            if (family.Count == 0)
            {
                // As client libraries do: a family with no series is not written at all.
                continue;
            }

            sb.Append("# HELP ").Append(family.Name).Append(' ');
            AppendEscapedHelp(sb, family.Help);
            sb.Append('\n');
            sb.Append("# TYPE ").Append(family.Name).Append(' ').Append(TypeName(family.Type)).Append('\n');
            foreach (var series in family.SortedSeries())
            {
                if (series.Histogram is { } h)
                {
                    AppendHistogram(sb, family, series.LabelValues, h);
                }
                else
                {
                    AppendSample(sb, family.Name, family.LabelNames, series.LabelValues, null, series.Value);
                }
            }
        }
    }

    /// <summary>Formats a sample value as the text format wants it.</summary>
    public static string FormatValue(double value)
    {
        if (double.IsNaN(value))
        {
            return "NaN";
        }

        if (double.IsPositiveInfinity(value))
        {
            return "+Inf";
        }

        if (double.IsNegativeInfinity(value))
        {
            return "-Inf";
        }

        if (value == Math.Floor(value) && Math.Abs(value) < 1e15)
        {
            return ((long)value).ToString(CultureInfo.InvariantCulture);
        }

        return value.ToString("R", CultureInfo.InvariantCulture);
    }

    private static void AppendHistogram(StringBuilder line, MetricFamily family, string[] labelValues, HistogramValue h)
    {
        var bucket = family.Name + "_bucket";
        for (var i = 0; i < h.UpperBounds.Count; i++)
        {
            AppendSample(line, bucket, family.LabelNames, labelValues, FormatValue(h.UpperBounds[i]), h.CumulativeCounts[i]);
        }

        AppendSample(line, bucket, family.LabelNames, labelValues, "+Inf", h.Count);
        AppendSample(line, family.Name + "_sum", family.LabelNames, labelValues, null, h.Sum);
        AppendSample(line, family.Name + "_count", family.LabelNames, labelValues, null, h.Count);
    }

    private static void AppendSample(
        StringBuilder line, string name, IReadOnlyList<string> labelNames, string[] labelValues, string? le, double value)
    {
        line.Append(name);
        if (labelNames.Count > 0 || le is not null)
        {
            line.Append('{');
            for (var i = 0; i < labelNames.Count; i++)
            {
                if (i > 0)
                {
                    line.Append(',');
                }

                line.Append(labelNames[i]).Append("=\"");
                AppendEscapedLabelValue(line, labelValues[i]);
                line.Append('"');
            }

            if (le is not null)
            {
                if (labelNames.Count > 0)
                {
                    line.Append(',');
                }

                line.Append("le=\"").Append(le).Append('"');
            }

            line.Append('}');
        }

        line.Append(' ').Append(FormatValue(value)).Append('\n');
    }

    private static void AppendEscapedLabelValue(StringBuilder sb, string value)
    {
        if (value.AsSpan().IndexOfAny(LabelSpecials) < 0)
        {
            sb.Append(value);
            return;
        }

        foreach (var c in value)
        {
            switch (c)
            {
                case '\\': sb.Append("\\\\"); break;
                case '"': sb.Append("\\\""); break;
                case '\n': sb.Append("\\n"); break;
                default: sb.Append(c); break;
            }
        }
    }

    private static void AppendEscapedHelp(StringBuilder sb, string help)
    {
        foreach (var c in help)
        {
            switch (c)
            {
                case '\\': sb.Append("\\\\"); break;
                case '\n': sb.Append("\\n"); break;
                default: sb.Append(c); break;
            }
        }
    }

    private static string TypeName(MetricType type) => type switch
    {
        MetricType.Gauge => "gauge",
        MetricType.Counter => "counter",
        MetricType.Histogram => "histogram",
        _ => "untyped",
    };
}
