namespace HardmaxCore.Clustering;

/// <summary>One method of a <see cref="ClusteringModel"/>.</summary>
/// <param name="Method"><c>quantize</c>, <c>heads</c> or <c>kmeans</c>.</param>
/// <param name="Centers">The codes in input units, k × d row-major.</param>
/// <param name="Lambda">The heads' λ (0 for the other methods).</param>
/// <param name="Bias">Whether the heads' score carries −λ‖θ‖²/2.</param>
public sealed record ClusteringModelMethod(string Method, double[] Centers, double Lambda, bool Bias)
{
    /// <summary>The quantizer's β (0 for the other methods, and for a file that does not record it).</summary>
    public double Beta { get; init; }
}
