namespace HardmaxCore.Clustering;

/// <summary>Options of <see cref="Quantizer.Run"/> (SPEC §6.1); defaults in parentheses.</summary>
public readonly record struct QuantizerOptions
{
    /// <summary>Creates the default options (gaussian kernel, β from the data, until converged within 300 layers, clusters of at least 5% of the points, float).</summary>
    public QuantizerOptions()
    {
    }

    /// <summary>The kernel (<see cref="IdentityKernel.Gaussian"/>, Gaussian blurring mean shift; <see cref="IdentityKernel.Dot"/>
    /// is [MBM]'s K = Q = V = I layer, drawn to large-norm points).</summary>
    public IdentityKernel Kernel { get; init; } = IdentityKernel.Gaussian;

    /// <summary>β ≥ 0, the inverse temperature, in 1/(data units)²; for gaussian the bandwidth is 1/√β; 0 means from the
    /// data, <see cref="BetaEstimate.FromCloud"/> (0). For clusters of spread σ in R^d, β ≈ √(2/d)/σ² collapses each cluster
    /// in a few layers (a narrower kernel chains nearest neighbours, a wider one merges clusters).</summary>
    public double Beta { get; init; }

    /// <summary>Exactly this many layers, or null to run until converged (null). Gaussian blurring mean shift collapses each
    /// cluster within a few layers and then, slowly, merges the clusters (at rate ∝ exp(−β·gap²/2)); the run stops when a
    /// layer moves no point by more than the tolerance, i.e. when the remaining merges are slower than that.</summary>
    public int? Layers { get; init; }

    /// <summary>The layer cap when running until converged (300; a layer costs about 4n²d flops).</summary>
    public int MaxLayers { get; init; } = 300;

    /// <summary>Converged when the largest move ≤ tol·(1 + max_i ‖x_i‖_∞) (1e-6).</summary>
    public double Tolerance { get; init; } = 1e-6;

    /// <summary>The precision of the layers (<see cref="QuantizerPrecision.Float"/>).</summary>
    public QuantizerPrecision Precision { get; init; } = QuantizerPrecision.Float;

    /// <summary>
    /// The smallest share of the points a cluster holds (0.05): a group of outputs with fewer than m = ⌈share·n⌉ points is
    /// not counted as a cluster, and its points join the nearest retained code (input space). 0 keeps every group.
    /// </summary>
    /// <remarks>
    /// Why. At a β that separates the clusters, Gaussian blurring mean shift also leaves every isolated point (an outlier
    /// farther than about 1/√β from the rest) as its own group: standardised breast cancer gives 2 groups of 537 and 9
    /// points and 19 of 1–3. Density clustering names these noise — HDBSCAN's <c>min_cluster_size</c>, mean shift's
    /// <c>min_bin_freq</c> — and a minimum size is the only extra assumption. A share rather than a count, so that one rule
    /// holds for n = 150 and n = 10⁵; 5% keeps any cluster of a mixture of up to 20 equal components (each 1/K of the
    /// points), and when no group reaches m every group is kept (nothing to attach to).
    /// </remarks>
    public double MinClusterShare { get; init; } = 0.05;

    /// <summary>Threads for one layer (0 = all cores); the result has the same bits for any count.</summary>
    public int MaxDegreeOfParallelism { get; init; }

    /// <summary>Checks every option; the message names the property.</summary>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    public void Validate()
    {
        if (!(this.Beta >= 0) || !double.IsFinite(this.Beta))
        {
            throw new ArgumentOutOfRangeException(nameof(this.Beta), this.Beta, $"QuantizerOptions.Beta must be ≥ 0 and finite, 0 meaning from the data (found {this.Beta}).");
        }
        if (this.Layers is < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(this.Layers), this.Layers, $"QuantizerOptions.Layers must be ≥ 0 or null (found {this.Layers}).");
        }
        if (this.MaxLayers < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(this.MaxLayers), this.MaxLayers, $"QuantizerOptions.MaxLayers must be ≥ 1 (found {this.MaxLayers}).");
        }
        if (!(this.Tolerance > 0) || !double.IsFinite(this.Tolerance))
        {
            throw new ArgumentOutOfRangeException(nameof(this.Tolerance), this.Tolerance, $"QuantizerOptions.Tolerance must be positive and finite (found {this.Tolerance}).");
        }
        if (!(this.MinClusterShare >= 0 && this.MinClusterShare < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(this.MinClusterShare), this.MinClusterShare, $"QuantizerOptions.MinClusterShare must be in [0, 1), 0 keeping every group (found {this.MinClusterShare}).");
        }
        if (this.MaxDegreeOfParallelism < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(this.MaxDegreeOfParallelism), this.MaxDegreeOfParallelism, $"QuantizerOptions.MaxDegreeOfParallelism must be ≥ 0, 0 meaning all cores (found {this.MaxDegreeOfParallelism}).");
        }
    }
}
