namespace HardmaxCore.Clustering;

/// <summary>One grid value of the β path.</summary>
/// <param name="Beta">β.</param>
/// <param name="Clusters">The number of clusters the quantizer gave.</param>
/// <param name="Converged">Whether the run converged within the layer cap.</param>
/// <param name="Layers">Layers run.</param>
public readonly record struct BetaPathStep(double Beta, int Clusters, bool Converged, int Layers);
