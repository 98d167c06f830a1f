namespace HardmaxCore.Clustering;

/// <summary>
/// The mean silhouette (Rousseeuw 1987, as scikit-learn's <c>silhouette_score</c>): for point i in cluster A,
/// a = mean distance to the other points of A, b = min over other clusters B of the mean distance to B's points,
/// s = (b − a)/max(a, b), and s = 0 for a point alone in its cluster; the score is the mean of s.
/// </summary>
public static class Silhouette
{
    /// <summary>The mean silhouette of <paramref name="labels"/> on the rows of <paramref name="points"/>, O(m²d).</summary>
    /// <param name="points">m × d, row-major.</param>
    /// <param name="dimension">d.</param>
    /// <param name="labels">A cluster 0..k−1 per row; at least two distinct clusters.</param>
    /// <exception cref="ArgumentException">Fewer than two clusters, or shapes that do not fit.</exception>
    public static double Score(ReadOnlySpan<double> points, int dimension, ReadOnlySpan<int> labels)
    {
        int m = labels.Length;
        if (dimension < 1 || points.Length != m * dimension)
        {
            throw new ArgumentException($"{points.Length} values are not {m} points of dimension {dimension}.", nameof(points));
        }
        int k = 0;
        foreach (int label in labels)
        {
            k = Math.Max(k, label + 1);
        }
        int[] sizes = new int[k];
        foreach (int label in labels)
        {
            sizes[label]++;
        }
        if (sizes.Count(s => s > 0) < 2)
        {
            throw new ArgumentException("The silhouette needs at least two clusters.", nameof(labels));
        }
        double[] sums = new double[k];
        double total = 0;
        for (int i = 0; i < m; i++)
        {
            Array.Clear(sums);
            ReadOnlySpan<double> x = points.Slice(i * dimension, dimension);
            for (int j = 0; j < m; j++)
            {
                if (j != i)
                {
                    sums[labels[j]] += Math.Sqrt(Vectors.SquaredDistance(x, points.Slice(j * dimension, dimension)));
                }
            }
            int own = labels[i];
            if (sizes[own] == 1)
            {
                continue;
            }
            double a = sums[own] / (sizes[own] - 1);
            double b = double.PositiveInfinity;
            for (int c = 0; c < k; c++)
            {
                if (c != own && sizes[c] > 0)
                {
                    b = Math.Min(b, sums[c] / sizes[c]);
                }
            }
            double denominator = Math.Max(a, b);
            total += denominator > 0 ? (b - a) / denominator : 0;
        }
        return total / m;
    }
}
