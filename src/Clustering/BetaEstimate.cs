using System.Globalization;

namespace HardmaxCore.Clustering;

/// <summary>
/// β from the point cloud's own scale (SPEC §6.1, the default of <see cref="QuantizerOptions.Beta"/>):
/// <c>β = √d / q²</c>, q the 10% quantile of the pairwise distances ‖x_i − x_j‖ on a seeded sample of at most
/// <see cref="SampleSize"/> points.
/// </summary>
/// <remarks>
/// <code>
/// BetaEstimate estimate = BetaEstimate.FromCloud(cloud);   // estimate.Beta, estimate.Reason
/// </code>
/// Why this estimator. Mean-shift bandwidth estimators take a quantile of the pairwise or nearest-neighbour distances
/// (scikit-learn's <c>estimate_bandwidth</c>: the mean distance to the 30%-quantile neighbour). Nearest-neighbour distances
/// shrink as n grows (a denser sample), pairwise quantiles do not, so one cloud drawn twice as large keeps its β. A low
/// quantile (10%) is made mostly of pairs inside one cluster as long as the clusters are few: for clusters of spread σ in
/// R^d, within-cluster distances are about σ√(2d), so q² ≈ 2dσ² and √d/q² ≈ 1/(2√d σ²), the order of the rule
/// β ≈ √(2/d)/σ² that collapses each cluster in a few layers (docs/clustering.md). The constant was set on the
/// Gaussian mixtures of the tests (3 components in R², 6σ apart: β ≈ 1, the value the README's tables were measured
/// with). Cost: m(m − 1)/2 distances and one sort, m = min(n, 1000): bounded, independent of n beyond the sample.
/// </remarks>
/// <param name="Beta">The estimate, in 1/(data units)².</param>
/// <param name="Quantile">q, the 10% quantile of the sampled pairwise distances.</param>
/// <param name="Sample">m, the points the distances were taken on.</param>
/// <param name="Reason">One line: the value and how it was derived.</param>
public sealed record BetaEstimate(double Beta, double Quantile, int Sample, string Reason)
{
    /// <summary>At most this many points are sampled: 1,000 (499,500 distances).</summary>
    public const int SampleSize = 1000;

    /// <summary>The quantile of the pairwise distances: 0.1.</summary>
    public const double DistanceQuantile = 0.1;

    /// <summary>Estimates β for <paramref name="cloud"/>.</summary>
    /// <param name="cloud">The points (already scaled, when they are to be scaled).</param>
    /// <exception cref="ClusteringDataException">All sampled points coincide (no scale to take β from).</exception>
    public static BetaEstimate FromCloud(PointCloud cloud)
    {
        ArgumentNullException.ThrowIfNull(cloud);
        int d = cloud.Dimension;
        int[] sample = Sampling.Indices(cloud.Count, SampleSize, seed: 0);
        int m = sample.Length;
        double[] rows = Sampling.Rows(cloud.Points, d, sample);
        double[] distances = new double[Math.Max(1, m * (m - 1) / 2)];
        int p = 0;
        for (int i = 0; i < m; i++)
        {
            for (int j = i + 1; j < m; j++)
            {
                distances[p++] = Math.Sqrt(Vectors.SquaredDistance(rows.AsSpan(i * d, d), rows.AsSpan(j * d, d)));
            }
        }
        Array.Sort(distances, 0, p);
        double q = p == 0 ? 0 : FeatureScaler.Quantile(distances.AsSpan(0, p), DistanceQuantile);
        if (!(q > 0))
        {
            // Many repeated points: the first positive distance is the scale.
            int first = Array.FindIndex(distances, 0, p, v => v > 0);
            if (first < 0)
            {
                throw new ClusteringDataException($"All {m} sampled points coincide: there is no scale to derive β from; give β.");
            }
            q = distances[first];
        }
        double beta = Math.Sqrt(d) / (q * q);
        string reason = string.Create(CultureInfo.InvariantCulture,
            $"β = √d/q² = {beta:G3} from the data: q = {q:G3}, the {DistanceQuantile * 100:0}% quantile of pairwise distances on {(m < cloud.Count ? $"a sample of {m}" : $"all {m}")} points");
        return new BetaEstimate(beta, q, m, reason);
    }
}
