namespace HardmaxCore.Benchmarks;

/// <summary>
/// <see cref="BenchConfig"/> with a "reviews/s" column and 2 s iterations: a training batch takes about 8 ms, and with
/// 250 ms iterations only a few batches follow each of BenchmarkDotNet's forced collections between iterations, whose
/// cold caches then dominate (measured: 1,500–3,800 instead of 8,000 reviews/s at d = 16).
/// </summary>
public sealed class ReviewsBenchConfig : BenchConfig
{
    /// <summary>The short job with 2 s iterations and a "reviews/s" column.</summary>
    public ReviewsBenchConfig()
        : base("reviews/s", iterationMilliseconds: 2000)
    {
    }
}
