namespace HardmaxCore.Experiments.Runs;

/// <summary>Mean, sample standard deviation, minimum and maximum of a handful of values (e.g. one metric over seeds).</summary>
/// <param name="Count">n.</param>
/// <param name="Mean">x̄ = Σx/n (NaN when n = 0).</param>
/// <param name="StandardDeviation">s = √(Σ(x − x̄)²/(n − 1)), the sample standard deviation (NaN when n &lt; 2).</param>
/// <param name="Minimum">min x (NaN when n = 0).</param>
/// <param name="Maximum">max x (NaN when n = 0).</param>
internal readonly record struct SampleStatistics(int Count, double Mean, double StandardDeviation, double Minimum, double Maximum)
{
    /// <summary>The statistics of <paramref name="values"/> (two passes: the mean, then the squared deviations from it).</summary>
    public static SampleStatistics Of(IReadOnlyList<double> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        int n = values.Count;
        if (n == 0)
        {
            return new SampleStatistics(0, double.NaN, double.NaN, double.NaN, double.NaN);
        }
        double sum = 0;
        double minimum = double.PositiveInfinity;
        double maximum = double.NegativeInfinity;
        foreach (double x in values)
        {
            sum += x;
            minimum = Math.Min(minimum, x);
            maximum = Math.Max(maximum, x);
        }
        double mean = sum / n;
        double squares = 0;
        foreach (double x in values)
        {
            squares += (x - mean) * (x - mean);
        }
        return new SampleStatistics(n, mean, n < 2 ? double.NaN : Math.Sqrt(squares / (n - 1)), minimum, maximum);
    }
}
