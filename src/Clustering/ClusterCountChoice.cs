namespace HardmaxCore.Clustering;

/// <summary>The k chosen by <see cref="ClusterCount.Choose"/>.</summary>
/// <param name="Clusters">k.</param>
/// <param name="Scores">The mean silhouette per k tried.</param>
/// <param name="Reason">One line: the k, the criterion and every score.</param>
public sealed record ClusterCountChoice(int Clusters, IReadOnlyDictionary<int, double> Scores, string Reason);
