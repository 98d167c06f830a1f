namespace HardmaxCore.Clustering;

/// <summary>
/// The scores of one clustering (SPEC §6.3). The label-based ones are null when the true labels (or centres) are unknown.
/// </summary>
/// <param name="Ari">Adjusted Rand index against the true labels, or null.</param>
/// <param name="Nmi">Normalised mutual information (arithmetic-mean normalisation), or null.</param>
/// <param name="Accuracy">Accuracy after the Hungarian matching of clusters to labels, or null.</param>
/// <param name="CentroidError">Mean ‖μ − c‖ over Hungarian-matched pairs of true and found centres, or null.</param>
/// <param name="Distortion">mean_i ‖x_i − code(x_i)‖².</param>
/// <param name="Seconds">Wall-clock seconds the method took.</param>
public readonly record struct ClusteringScores(double? Ari, double? Nmi, double? Accuracy, double? CentroidError, double Distortion, double Seconds);
