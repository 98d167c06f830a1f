namespace HardmaxCore.Clustering;

/// <summary>Options of <see cref="Quantizer.Run"/> (SPEC §6.1); defaults in parentheses.</summary>
public readonly record struct QuantizerOptions
{
    /// <summary>Creates the default options (gaussian kernel, β = 1, 30 layers, float).</summary>
    public QuantizerOptions()
    {
    }

    /// <summary>The kernel (<see cref="IdentityKernel.Gaussian"/>, Gaussian blurring mean shift; <see cref="IdentityKernel.Dot"/>
    /// is [MBM]'s K = Q = V = I layer, drawn to large-norm points).</summary>
    public IdentityKernel Kernel { get; init; } = IdentityKernel.Gaussian;

    /// <summary>β &gt; 0, the inverse temperature, in 1/(data units)²; for gaussian the bandwidth is 1/√β (1). For clusters of
    /// spread σ in R^d, β ≈ √(2/d)/σ² collapses each cluster in a few layers (a narrower kernel chains nearest neighbours,
    /// a wider one merges clusters).</summary>
    public double Beta { get; init; } = 1.0;

    /// <summary>Exactly this many layers, or null to run until converged (30). Gaussian blurring mean shift collapses each
    /// cluster within a few layers and then, slowly, merges the clusters (at rate ∝ exp(−β·gap²/2)): a fixed depth is the
    /// quantizer, convergence is its end state.</summary>
    public int? Layers { get; init; } = 30;

    /// <summary>The layer cap when running until converged (100).</summary>
    public int MaxLayers { get; init; } = 100;

    /// <summary>Converged when the largest move ≤ tol·(1 + max_i ‖x_i‖_∞) (1e-6).</summary>
    public double Tolerance { get; init; } = 1e-6;

    /// <summary>The precision of the layers (<see cref="QuantizerPrecision.Float"/>).</summary>
    public QuantizerPrecision Precision { get; init; } = QuantizerPrecision.Float;

    /// <summary>Threads for one layer (0 = all cores); the result has the same bits for any count.</summary>
    public int MaxDegreeOfParallelism { get; init; }
}
