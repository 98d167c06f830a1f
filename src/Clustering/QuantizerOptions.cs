namespace HardmaxCore.Clustering;

/// <summary>Options of <see cref="Quantizer.Run"/> (SPEC §6.1); defaults in parentheses.</summary>
public readonly record struct QuantizerOptions
{
    /// <summary>Creates the default options (gaussian kernel, β = 1, until converged, at most 100 layers, float).</summary>
    public QuantizerOptions()
    {
    }

    /// <summary>The kernel (<see cref="IdentityKernel.Gaussian"/>, Gaussian blurring mean shift; <see cref="IdentityKernel.Dot"/>
    /// is [MBM]'s K = Q = V = I layer, drawn to large-norm points).</summary>
    public IdentityKernel Kernel { get; init; } = IdentityKernel.Gaussian;

    /// <summary>β &gt; 0, the inverse temperature, in 1/(data units)²; for gaussian the bandwidth is 1/√β (1).</summary>
    public double Beta { get; init; } = 1.0;

    /// <summary>Exactly this many layers, or null to run until converged (null).</summary>
    public int? Layers { get; init; }

    /// <summary>The layer cap when running until converged (100).</summary>
    public int MaxLayers { get; init; } = 100;

    /// <summary>Converged when the largest move ≤ tol·(1 + max_i ‖x_i‖_∞) (1e-6).</summary>
    public double Tolerance { get; init; } = 1e-6;

    /// <summary>The precision of the layers (<see cref="QuantizerPrecision.Float"/>).</summary>
    public QuantizerPrecision Precision { get; init; } = QuantizerPrecision.Float;

    /// <summary>Threads for one layer (0 = all cores); the result has the same bits for any count.</summary>
    public int MaxDegreeOfParallelism { get; init; }
}
