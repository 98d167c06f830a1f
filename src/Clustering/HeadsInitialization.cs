namespace HardmaxCore.Clustering;

/// <summary>How <see cref="PrototypeHeads"/> places the heads before training (SPEC §6.2).</summary>
public enum HeadsInitialization
{
    /// <summary>θ_h ~ N(m, s²I) around the data mean m (s = <see cref="PrototypeHeadsOptions.InitScale"/>).</summary>
    Random,

    /// <summary>k-means++ seeding on the data: H distinct data points, spread out.</summary>
    KMeansPlusPlus,

    /// <summary><see cref="Random"/> for H ≤ 2, <see cref="KMeansPlusPlus"/> for more heads (random starts find two
    /// centroids reliably, but with more heads two of them often settle on one component).</summary>
    Automatic,
}
