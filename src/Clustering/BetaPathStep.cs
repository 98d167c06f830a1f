namespace HardmaxCore.Clustering;

/// <summary>One grid value of the β path.</summary>
/// <param name="Beta">β.</param>
/// <param name="Clusters">The number of clusters the quantizer gave (groups of at least the minimum share).</param>
/// <param name="Converged">Whether the run converged within the layer cap.</param>
/// <param name="Layers">Layers run.</param>
public readonly record struct BetaPathStep(double Beta, int Clusters, bool Converged, int Layers)
{
    /// <summary>The groups of outputs before the small ones joined the clusters.</summary>
    public int Groups { get; init; }

    /// <summary>The points in groups below the minimum share (<see cref="QuantizerOptions.MinClusterShare"/>).</summary>
    public int Outliers { get; init; }
}
