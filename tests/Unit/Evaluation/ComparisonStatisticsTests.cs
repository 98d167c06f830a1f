namespace HardmaxCore.UnitTests.Evaluation;

/// <summary>McNemar's exact test and the percentile bootstrap (issue 20, point 7).</summary>
public sealed class ComparisonStatisticsTests
{
    /// <summary>Expected values: <c>min(1, 2·Σ_{j ≤ min(b,c)} C(b+c, j)/2^(b+c))</c> computed exactly with Python's fractions.</summary>
    [Theory]
    [InlineData(729, 856, 0.0015435222280804296)]
    [InlineData(3, 10, 0.09228515625)]
    [InlineData(10, 3, 0.09228515625)]
    [InlineData(0, 5, 0.0625)]
    [InlineData(5, 5, 1.0)]
    [InlineData(1, 0, 1.0)]
    [InlineData(0, 0, 1.0)]
    [InlineData(20, 40, 0.01348929373119186)]
    public void McNemar_ExactPValue_IsTheTwoSidedBinomialTail(long b, long c, double expected)
        => Assert.Equal(expected, McNemar.ExactPValue(b, c), 1e-12 * Math.Max(1, expected));

    [Fact]
    public void McNemar_LargeCounts_StayFinite()
    {
        double p = McNemar.ExactPValue(100_000, 101_000);
        Assert.InRange(p, 0, 1);
        Assert.True(p < 0.03 && p > 1e-4, $"{p}");
    }

    [Fact]
    public void BootstrapAccuracy_IsReproducible_AndAsWideAsTheNormalApproximation()
    {
        var random = new Random(3);
        bool[] correct = Enumerable.Range(0, 4000).Select(_ => random.NextDouble() < 0.85).ToArray();
        Interval a = Bootstrap.Accuracy(correct);
        Interval b = Bootstrap.Accuracy(correct);
        Assert.Equal(a, b);
        double p = correct.Count(x => x) / 4000.0;
        Assert.Equal(p, a.Estimate, 12);
        Assert.True(a.Low < p && p < a.High);
        double normal = 2 * 1.96 * Math.Sqrt(p * (1 - p) / 4000);
        Assert.InRange(a.High - a.Low, 0.85 * normal, 1.15 * normal);
        Assert.NotEqual(a, Bootstrap.Accuracy(correct, new BootstrapOptions { Seed = 1 }));
    }

    [Fact]
    public void ModelComparison_IdenticalPredictions_HaveZeroDifferenceAndPValueOne()
    {
        int[] labels = [1, 0, 1, 1, 0, 0, 1, 0];
        int[] predictions = [1, 0, 0, 1, 1, 0, 1, 0];
        ModelComparison comparison = ModelComparison.Of(predictions, predictions, labels);
        Assert.Equal((0.0, 0.0, 0.0), (comparison.Difference.Estimate, comparison.Difference.Low, comparison.Difference.High));
        Assert.Equal(1.0, comparison.PValue);
        Assert.Equal(0.75, comparison.AccuracyA.Estimate);
    }

    [Fact]
    public void ModelComparison_CountsDiscordantReviews()
    {
        int[] labels = [1, 1, 1, 0, 0];
        int[] a = [1, 1, 0, 0, 1];
        int[] b = [0, 1, 1, 1, 1];
        ModelComparison comparison = ModelComparison.Of(a, b, labels);
        Assert.Equal(2, comparison.OnlyA);
        Assert.Equal(1, comparison.OnlyB);
        Assert.Equal(0.2, comparison.Difference.Estimate, 12);
    }
}
