namespace HardmaxCore.Clustering;

/// <summary>The codebook of the identity-attention quantizer.</summary>
/// <param name="Centers">The codes in input space: the mean of the input points of each group, k × d (used for the distortion).</param>
/// <param name="OutputCenters">The codes in output space: the mean of the outputs of each group, k × d (where the cloud flattened to).</param>
/// <param name="Assignments">The group of each point, groups numbered in order of their first point.</param>
/// <param name="Outputs">The points after the layers, n × d row-major, in input order.</param>
/// <param name="Layers">Layers run.</param>
/// <param name="Converged">Whether the run stopped by its rule before the layer cap: the last layer's move fell below the
/// tolerance (a fixed point), or the clusters collapsed (<see cref="Collapsed"/>). False for a fixed number of layers.</param>
/// <param name="LastChange">The last layer's largest move, max_i ‖x_i⁺ − x_i‖_∞.</param>
/// <param name="Radius">δ, the ‖·‖_∞ distance within which outputs were grouped (transitively).</param>
/// <param name="Beta">The β the layers ran with (estimated from the data when the options said 0).</param>
public sealed record QuantizerResult(
    double[] Centers, double[] OutputCenters, int[] Assignments, double[] Outputs, int Layers, bool Converged, double LastChange, double Radius, double Beta)
{
    /// <summary>The groups of outputs within δ, before the groups smaller than the minimum share joined the clusters.</summary>
    public int Groups { get; init; }

    /// <summary>The points of those smaller groups (outliers), each now in the cluster of its nearest code.</summary>
    public int Attached { get; init; }

    /// <summary>
    /// The run stopped because every cluster had collapsed to a point and the clustering no longer changed, while whole
    /// clusters still drift towards each other (Gaussian blurring mean shift's stopping rule; see <see cref="Quantizer"/>).
    /// </summary>
    public bool Collapsed { get; init; }

    /// <summary>k, the number of codes.</summary>
    public int Clusters => this.Assignments.Length == 0 ? 0 : this.Assignments.Max() + 1;
}
