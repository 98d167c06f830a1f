namespace HardmaxCore.Clustering;

/// <summary>
/// Options of <see cref="KMeans"/>; the defaults are scikit-learn's long-standing ones (k-means++ seeding with
/// 2 + ⌊ln k⌋ local trials, 10 restarts, at most 300 Lloyd iterations, tol 1e-4 relative to the mean variance).
/// </summary>
public readonly record struct KMeansOptions
{
    /// <summary>Creates the default options (k = 2, 10 restarts, 300 iterations, tol 1e-4).</summary>
    public KMeansOptions()
    {
    }

    /// <summary>Creates options with the defaults for <paramref name="clusters"/> clusters.</summary>
    /// <param name="clusters">k ≥ 1.</param>
    public KMeansOptions(int clusters) => this.Clusters = clusters;

    /// <summary>k, the number of clusters (default 2).</summary>
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

    /// <summary>Checks every option (k ≤ n is checked by <see cref="KMeans.Fit(PointCloud, KMeansOptions)"/>, which knows n); the message names the property.</summary>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    public void Validate()
    {
        if (this.Clusters < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(this.Clusters), this.Clusters, $"KMeansOptions.Clusters must be ≥ 1 (found {this.Clusters}).");
        }
        if (this.Restarts < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(this.Restarts), this.Restarts, $"KMeansOptions.Restarts must be ≥ 1 (found {this.Restarts}).");
        }
        if (this.MaxIterations < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(this.MaxIterations), this.MaxIterations, $"KMeansOptions.MaxIterations must be ≥ 1 (found {this.MaxIterations}).");
        }
        if (!(this.Tolerance >= 0) || !double.IsFinite(this.Tolerance))
        {
            throw new ArgumentOutOfRangeException(nameof(this.Tolerance), this.Tolerance, $"KMeansOptions.Tolerance must be ≥ 0 and finite (found {this.Tolerance}).");
        }
        if (this.MaxDegreeOfParallelism < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(this.MaxDegreeOfParallelism), this.MaxDegreeOfParallelism, $"KMeansOptions.MaxDegreeOfParallelism must be ≥ 0, 0 meaning all cores (found {this.MaxDegreeOfParallelism}).");
        }
    }
}
