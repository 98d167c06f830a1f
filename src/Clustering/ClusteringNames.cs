namespace HardmaxCore.Clustering;

/// <summary>The names the report, the summary and the figures give the methods' choices (one spelling each).</summary>
internal static class ClusteringNames
{
    /// <summary><c>dot</c> or <c>gaussian</c>.</summary>
    public static string Kernel(IdentityKernel kernel) => kernel == IdentityKernel.Dot ? "dot" : "gaussian";

    /// <summary><c>kmeans++</c> or <c>random</c>.</summary>
    public static string Initialization(HeadsInitialization initialization) => initialization == HeadsInitialization.KMeansPlusPlus ? "kmeans++" : "random";

    /// <summary><c>population</c> or <c>empirical</c>.</summary>
    public static string Risk(bool population) => population ? "population" : "empirical";
}
