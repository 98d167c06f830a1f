namespace HardmaxCore.Classifier;

/// <summary>A confidence interval from the percentile bootstrap: resample the reviews with replacement, recompute, take quantiles.</summary>
/// <param name="Estimate">The statistic on the reviews themselves.</param>
/// <param name="Low">The lower end, the (1 − confidence)/2 quantile of the resampled statistics.</param>
/// <param name="High">The upper end, the (1 + confidence)/2 quantile.</param>
/// <param name="Confidence">The coverage asked for (0.95).</param>
public readonly record struct Interval(double Estimate, double Low, double High, double Confidence);

/// <summary>Percentile-bootstrap intervals for accuracy and for the paired difference of two models' accuracies.</summary>
/// <remarks>
/// <para>Each resample draws N review indices uniformly with replacement (one <see cref="Random"/>(seed) for all draws) and
/// recomputes the statistic; the interval is the pair of empirical quantiles (linear interpolation between order
/// statistics, R's type 7). For a paired comparison the same indices are used for both models, so the interval accounts
/// for their correlation. Effectively: <c>quantile([mean(correct[idx]) for idx in resamples], [(1−c)/2, (1+c)/2])</c>.</para>
/// </remarks>
public static class Bootstrap
{
    /// <summary>The interval of the accuracy <c>mean(correct)</c>.</summary>
    /// <exception cref="ArgumentException">No reviews.</exception>
    public static Interval Accuracy(ReadOnlySpan<bool> correct, BootstrapOptions options = default)
    {
        var values = new double[correct.Length];
        for (int r = 0; r < values.Length; r++)
        {
            values[r] = correct[r] ? 1 : 0;
        }
        return Mean(values, options);
    }

    /// <summary>The interval of <c>accuracy(A) − accuracy(B)</c> on the same reviews, resampled in pairs.</summary>
    /// <exception cref="ArgumentException">No reviews, or the two spans differ in length.</exception>
    public static Interval Difference(ReadOnlySpan<bool> correctA, ReadOnlySpan<bool> correctB, BootstrapOptions options = default)
    {
        if (correctA.Length != correctB.Length)
        {
            throw new ArgumentException($"Both models must be scored on the same reviews ({correctA.Length} and {correctB.Length}).", nameof(correctB));
        }
        var values = new double[correctA.Length];
        for (int r = 0; r < values.Length; r++)
        {
            values[r] = (correctA[r] ? 1 : 0) - (correctB[r] ? 1 : 0);
        }
        return Mean(values, options);
    }

    /// <summary>The interval of the mean of <paramref name="values"/>.</summary>
    /// <exception cref="ArgumentException">No values.</exception>
    public static Interval Mean(ReadOnlySpan<double> values, BootstrapOptions options = default)
    {
        if (values.IsEmpty)
        {
            throw new ArgumentException("A bootstrap interval needs at least one review.", nameof(values));
        }
        if (options == default)
        {
            options = new BootstrapOptions();
        }
        int n = values.Length;
        double estimate = 0;
        foreach (double value in values)
        {
            estimate += value;
        }
        estimate /= n;
        var random = new Random(options.Seed);
        var statistics = new double[options.Resamples];
        for (int b = 0; b < statistics.Length; b++)
        {
            double sum = 0;
            for (int r = 0; r < n; r++)
            {
                sum += values[random.Next(n)];
            }
            statistics[b] = sum / n;
        }
        Array.Sort(statistics);
        double tail = (1 - options.Confidence) / 2;
        return new Interval(estimate, Quantile(statistics, tail), Quantile(statistics, 1 - tail), options.Confidence);
    }

    /// <summary>The q-quantile of sorted values, interpolating linearly between order statistics (type 7).</summary>
    internal static double Quantile(double[] sorted, double q)
    {
        double position = q * (sorted.Length - 1);
        int below = (int)Math.Floor(position);
        int above = Math.Min(below + 1, sorted.Length - 1);
        return sorted[below] + (position - below) * (sorted[above] - sorted[below]);
    }
}
