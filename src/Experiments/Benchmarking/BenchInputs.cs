namespace HardmaxCore.Experiments.Benchmarking;

/// <summary>Which inputs a benchmark runs the dynamics on.</summary>
internal enum BenchInputs
{
    /// <summary>Every coordinate i.i.d. N(0, 1): no ties, no repeated tokens (the worst case for merging).</summary>
    Gaussian = 0,

    /// <summary>Review-like configurations (<see cref="SyntheticInputs.ReviewLike{T}"/>): repeated words and a run of padding.</summary>
    Reviews,
}
