using System.Globalization;

namespace HardmaxCore.Clustering;

/// <summary>
/// k without labels (SPEC §6.3): k-means for every k in [MinClusters, MaxClusters], each scored by the mean silhouette on a
/// seeded sample; the k with the highest score wins (the smallest on a tie).
/// </summary>
/// <remarks>
/// <code>
/// ClusterCountChoice choice = ClusterCount.Choose(cloud, new KMeansOptions(2) { Seed = 0 }, new ClusterCountOptions());
/// // choice.Clusters, choice.Scores (k → silhouette), choice.Reason
/// </code>
/// The silhouette is the standard criterion of scikit-learn's documentation for choosing k; it needs no model of the
/// clusters' shape, and on a sample of m points it costs O(m²d) per k whatever n.
/// </remarks>
public static class ClusterCount
{
    /// <summary>Chooses k for <paramref name="cloud"/>.</summary>
    /// <param name="cloud">The points (scaled as the methods will see them); the labels are not read.</param>
    /// <param name="kmeans">The k-means settings (restarts, seed, threads); its k is ignored.</param>
    /// <param name="options">The range of k and the sample size.</param>
    /// <exception cref="ArgumentException">An option is out of range, or the cloud has fewer than 3 points.</exception>
    public static ClusterCountChoice Choose(PointCloud cloud, KMeansOptions kmeans, ClusterCountOptions options)
    {
        ArgumentNullException.ThrowIfNull(cloud);
        options.Validate();
        if (cloud.Count < 3)
        {
            throw new ClusteringDataException($"Choosing k needs at least 3 points (found {cloud.Count}); give k.");
        }
        int d = cloud.Dimension;
        int[] sample = Sampling.Indices(cloud.Count, options.SampleSize, seed: 0);
        double[] rows = Sampling.Rows(cloud.Points, d, sample);
        int highest = Math.Min(options.MaxClusters, cloud.Count - 1);
        var scores = new SortedDictionary<int, double>();
        int best = options.MinClusters;
        for (int k = options.MinClusters; k <= highest; k++)
        {
            KMeansResult fit = KMeans.Fit(cloud.Points, d, kmeans with { Clusters = k });
            int[] labels = sample.Select(i => fit.Assignments[i]).ToArray();
            double score = labels.Distinct().Count() < 2 ? double.NegativeInfinity : Silhouette.Score(rows, d, labels);
            scores[k] = score;
            if (score > scores[best])
            {
                best = k;
            }
        }
        string list = string.Join(", ", scores.Select(s => string.Create(CultureInfo.InvariantCulture, $"{s.Key}: {s.Value:0.000}")));
        string reason = string.Create(CultureInfo.InvariantCulture,
            $"k = {best}, the highest mean silhouette of k-means for k = {options.MinClusters}…{highest} on {(sample.Length < cloud.Count ? $"a sample of {sample.Length}" : $"all {sample.Length}")} points ({list})");
        return new ClusterCountChoice(best, scores, reason);
    }
}
