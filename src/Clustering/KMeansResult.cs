namespace HardmaxCore.Clustering;

/// <summary>The best of the k-means restarts.</summary>
/// <param name="Centers">k × d centres, row-major.</param>
/// <param name="Assignments">The nearest centre of each point.</param>
/// <param name="Inertia">Σ_i ‖x_i − c_{a_i}‖² (the sum, as scikit-learn's <c>inertia_</c>).</param>
/// <param name="Iterations">Lloyd iterations of the kept restart.</param>
public sealed record KMeansResult(double[] Centers, int[] Assignments, double Inertia, int Iterations);
