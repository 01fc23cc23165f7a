using GirAgent.Metrics;

namespace GirAgent.Tests.Metrics;

public sealed class PrometheusTextWriterTests
{
    [Fact]
    public void A_family_gets_one_HELP_and_one_TYPE_line_whatever_its_series_count()
    {
        // Arrange
        var set = new MetricSet();
        var f = set.Gauge("demo_value", "A demo", "k");
        f.Add(1, "a");
        f.Add(2, "b");
        set.Gauge("demo_value", "A demo", "k").Add(3, "c");

        // Act
        var text = set.ToString();

        // Assert
        Assert.Equal(
            "# HELP demo_value A demo\n# TYPE demo_value gauge\ndemo_value{k=\"a\"} 1\ndemo_value{k=\"b\"} 2\ndemo_value{k=\"c\"} 3\n",
            text);
    }

    [Fact]
    public void Label_values_escape_backslash_quote_and_newline()
    {
        var set = new MetricSet();
        set.Gauge("demo", "h", "v").Add(1, "a\\b\"c\nd");

        var text = set.ToString();

        Assert.Contains("demo{v=\"a\\\\b\\\"c\\nd\"} 1\n", text);
    }

    [Fact]
    public void Help_text_escapes_backslash_and_newline()
    {
        var set = new MetricSet();
        set.Gauge("demo", "line one\nback\\slash").Add(1);

        Assert.StartsWith("# HELP demo line one\\nback\\\\slash\n", set.ToString());
    }

    [Theory]
    [InlineData(double.NaN, "NaN")]
    [InlineData(double.PositiveInfinity, "+Inf")]
    [InlineData(double.NegativeInfinity, "-Inf")]
    [InlineData(0.0, "0")]
    [InlineData(-3.0, "-3")]
    [InlineData(1571399302.0, "1571399302")]
    [InlineData(0.25, "0.25")]
    [InlineData(1e-7, "1E-07")]
    [InlineData(123456.789, "123456.789")]
    public void Values_are_written_as_the_text_format_wants(double value, string expected)
    {
        Assert.Equal(expected, PrometheusTextWriter.FormatValue(value));
    }

    [Fact]
    public void Families_are_ordered_by_name_and_series_by_label_values()
    {
        // Arrange: added out of order
        var set = new MetricSet();
        var z = set.Gauge("zz", "z", "a", "b");
        z.Add(1, "y", "1");
        z.Add(2, "x", "2");
        z.Add(3, "x", "1");
        set.Counter("aa_total", "a").Add(5);

        // Act
        var lines = set.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => l[0] != '#').ToArray();

        // Assert
        Assert.Equal(["aa_total 5", "zz{a=\"x\",b=\"1\"} 3", "zz{a=\"x\",b=\"2\"} 2", "zz{a=\"y\",b=\"1\"} 1"], lines);
    }

    [Fact]
    public void The_same_input_always_gives_the_same_text()
    {
        static string Build(bool reversed)
        {
            var set = new MetricSet();
            var items = Enumerable.Range(0, 50).Select(i => i.ToString("D2", System.Globalization.CultureInfo.InvariantCulture)).ToList();
            if (reversed)
            {
                items.Reverse();
            }

            foreach (var i in items)
            {
                set.Gauge("m_" + i[0], "h", "i").Add(1, i);
            }

            return set.ToString();
        }

        Assert.Equal(Build(false), Build(true));
    }

    [Fact]
    public void A_duplicate_series_is_dropped_and_reported()
    {
        var set = new MetricSet();
        var f = set.Gauge("dup", "h", "k");

        Assert.True(f.Add(1, "a"));
        Assert.False(f.Add(2, "a"));

        Assert.Equal(["dup{k=\"a\"}"], set.Duplicates);
        Assert.Contains("dup{k=\"a\"} 1\n", set.ToString());
        Assert.DoesNotContain("dup{k=\"a\"} 2", set.ToString());
    }

    [Fact]
    public void A_histogram_writes_cumulative_buckets_then_sum_and_count()
    {
        var set = new MetricSet();
        set.Histogram("op_seconds", "h", "op").AddHistogram(new HistogramValue([0.1, 1], [2, 3], 4, 7.5), "start");

        var text = set.ToString();

        Assert.Equal(
            "# HELP op_seconds h\n# TYPE op_seconds histogram\n"
            + "op_seconds_bucket{op=\"start\",le=\"0.1\"} 2\n"
            + "op_seconds_bucket{op=\"start\",le=\"1\"} 3\n"
            + "op_seconds_bucket{op=\"start\",le=\"+Inf\"} 4\n"
            + "op_seconds_sum{op=\"start\"} 7.5\n"
            + "op_seconds_count{op=\"start\"} 4\n",
            text);
    }

    [Theory]
    [InlineData("9lives")]
    [InlineData("has-dash")]
    [InlineData("")]
    public void An_invalid_metric_name_is_refused(string name)
    {
        Assert.Throws<ArgumentException>(() => new MetricSet().Gauge(name, "h"));
    }

    [Theory]
    [InlineData("__reserved")]
    [InlineData("a:b")]
    [InlineData("1x")]
    public void An_invalid_label_name_is_refused(string label)
    {
        Assert.Throws<ArgumentException>(() => new MetricSet().Gauge("ok", "h", label));
    }

    [Fact]
    public void Declaring_a_name_again_with_other_labels_is_refused()
    {
        var set = new MetricSet();
        set.Gauge("m", "h", "a");

        Assert.Throws<InvalidOperationException>(() => set.Gauge("m", "h", "b"));
        Assert.Throws<InvalidOperationException>(() => set.Counter("m", "h", "a"));
    }

    [Fact]
    public void The_wrong_number_of_label_values_is_refused()
    {
        var f = new MetricSet().Gauge("m", "h", "a", "b");

        Assert.Throws<ArgumentException>(() => f.Add(1, "only-one"));
    }

    [Fact]
    public void Histogram_bounds_must_ascend_and_counts_must_not_fall()
    {
        Assert.Throws<ArgumentException>(() => new HistogramValue([1, 0.5], [1, 2], 2, 1));
        Assert.Throws<ArgumentException>(() => new HistogramValue([0.5, 1], [2, 1], 2, 1));
        Assert.Throws<ArgumentException>(() => new HistogramValue([0.5], [3], 2, 1));
    }
}
