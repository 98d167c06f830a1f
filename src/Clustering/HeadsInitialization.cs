namespace HardmaxCore.Clustering;

/// <summary>How <see cref="PrototypeHeads"/> places the heads before training (SPEC §6.2).</summary>
public enum HeadsInitialization
{
    /// <summary>θ_h ~ N(m, s²I) around the data mean m (s = <see cref="PrototypeHeadsOptions.InitScale"/>).</summary>
    Random,

    /// <summary>k-means++ seeding on the data: H distinct data points, spread out.</summary>
    KMeansPlusPlus,
}
