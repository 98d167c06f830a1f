namespace HardmaxCore.Benchmarks;

/// <summary><see cref="BenchConfig"/> with an "ops/s" column: k-means fits per second, or Adam steps per second for the heads.</summary>
public sealed class ClusteringBenchConfig : BenchConfig
{
    /// <summary>The short job and an "ops/s" column.</summary>
    public ClusteringBenchConfig()
        : base("ops/s")
    {
    }
}
