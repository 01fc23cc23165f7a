namespace GirAgent.Metrics;

/// <summary>
/// One histogram series: upper bounds (ascending, without +Inf), the cumulative count of
/// observations at or below each bound, the total count and the sum. Immutable.
/// </summary>
internal sealed class HistogramValue
{
    public HistogramValue(IReadOnlyList<double> upperBounds, IReadOnlyList<long> cumulativeCounts, long count, double sum)
    {
        if (upperBounds.Count != cumulativeCounts.Count)
        {
            throw new ArgumentException("one cumulative count per upper bound is needed", nameof(cumulativeCounts));
        }

        for (var i = 1; i < upperBounds.Count; i++)
        {
            if (!(upperBounds[i] > upperBounds[i - 1]))
            {
                throw new ArgumentException("upper bounds must ascend", nameof(upperBounds));
            }

            if (cumulativeCounts[i] < cumulativeCounts[i - 1])
            {
                throw new ArgumentException("cumulative counts must not fall", nameof(cumulativeCounts));
            }
        }

        if (cumulativeCounts.Count > 0 && count < cumulativeCounts[^1])
        {
            throw new ArgumentException("count is below the last bucket", nameof(count));
        }

        UpperBounds = upperBounds;
        CumulativeCounts = cumulativeCounts;
        Count = count;
        Sum = sum;
    }

    public IReadOnlyList<double> UpperBounds { get; }

    public IReadOnlyList<long> CumulativeCounts { get; }

    public long Count { get; }

    public double Sum { get; }
}
