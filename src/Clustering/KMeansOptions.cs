namespace HardmaxCore.Clustering;

/// <summary>
/// Options of <see cref="KMeans"/>; the defaults are scikit-learn's long-standing ones (k-means++ seeding with
/// 2 + ⌊ln k⌋ local trials, 10 restarts, at most 300 Lloyd iterations, tol 1e-4 relative to the mean variance).
/// </summary>
public readonly record struct KMeansOptions
{
    /// <summary>Creates options with the defaults for <paramref name="clusters"/> clusters.</summary>
    /// <param name="clusters">k ≥ 1.</param>
    public KMeansOptions(int clusters) => this.Clusters = clusters;

    /// <summary>k, the number of clusters.</summary>
    public int Clusters { get; init; } = 2;

    /// <summary>Independent seedings; the run with the lowest inertia is kept (default 10).</summary>
    public int Restarts { get; init; } = 10;

    /// <summary>The Lloyd iteration cap per restart (default 300).</summary>
    public int MaxIterations { get; init; } = 300;

    /// <summary>Stop when Σ_h ‖c_h⁺ − c_h‖² ≤ Tolerance · mean_c Var(x_c) (default 1e-4), or when no label changes.</summary>
    public double Tolerance { get; init; } = 1e-4;

    /// <summary>Seeds the k-means++ draws.</summary>
    public int Seed { get; init; }

    /// <summary>Threads for the assignment step (0 = all cores); the result does not depend on it.</summary>
    public int MaxDegreeOfParallelism { get; init; }
}
