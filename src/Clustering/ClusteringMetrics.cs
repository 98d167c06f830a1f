namespace HardmaxCore.Clustering;

/// <summary>
/// Scores of a clustering against true labels and of a codebook against the data (SPEC §6.3), defined as scikit-learn
/// defines them (<c>adjusted_rand_score</c>, <c>normalized_mutual_info_score</c> with <c>average_method="arithmetic"</c>).
/// </summary>
/// <remarks>
/// Labels are arbitrary integers: only which points share a label matters. All sums are exact integer counts held in
/// doubles (n² ≤ 2⁵³ for n ≤ 9·10⁷).
/// </remarks>
public static class ClusteringMetrics
{
    /// <summary>
    /// The adjusted Rand index: 1 for identical partitions, about 0 for independent ones, negative below chance.
    /// </summary>
    /// <remarks>
    /// With the pair confusion counts (tn, fp, fn, tp) of the two partitions,
    /// <c>ARI = 2(tp·tn − fn·fp) / ((tp + fn)(fn + tn) + (tp + fp)(fp + tn))</c>, and 1 when fn = fp = 0
    /// (scikit-learn's special case, e.g. both partitions a single cluster).
    /// </remarks>
    /// <param name="truth">The true label of each point.</param>
    /// <param name="predicted">The cluster of each point.</param>
    /// <exception cref="ArgumentException">The lengths differ or are zero.</exception>
    public static double AdjustedRandIndex(ReadOnlySpan<int> truth, ReadOnlySpan<int> predicted)
    {
        double[,] table = Contingency(truth, predicted, out double[] rows, out double[] columns);
        double n = truth.Length;
        double sumSquares = 0;
        foreach (double count in table)
        {
            sumSquares += count * count;
        }
        double rowSquares = rows.Sum(a => a * a);
        double columnSquares = columns.Sum(b => b * b);
        double tp = sumSquares - n;
        double fp = columnSquares - sumSquares;
        double fn = rowSquares - sumSquares;
        double tn = n * n - fp - fn - sumSquares;
        if (fn == 0 && fp == 0)
        {
            return 1.0;
        }
        return 2.0 * (tp * tn - fn * fp) / ((tp + fn) * (fn + tn) + (tp + fp) * (fp + tn));
    }

    /// <summary>
    /// Normalised mutual information <c>MI(U, V) / ((H(U) + H(V))/2)</c> (natural logs; the ratio does not depend on the base).
    /// </summary>
    /// <remarks>
    /// As scikit-learn: 1 when both partitions have one cluster; 0 when the mutual information is 0.
    /// </remarks>
    /// <param name="truth">The true label of each point.</param>
    /// <param name="predicted">The cluster of each point.</param>
    /// <exception cref="ArgumentException">The lengths differ or are zero.</exception>
    public static double NormalizedMutualInformation(ReadOnlySpan<int> truth, ReadOnlySpan<int> predicted)
    {
        double[,] table = Contingency(truth, predicted, out double[] rows, out double[] columns);
        if (rows.Length == 1 && columns.Length == 1)
        {
            return 1.0;
        }
        double n = truth.Length;
        double mutual = 0;
        for (int a = 0; a < rows.Length; a++)
        {
            for (int b = 0; b < columns.Length; b++)
            {
                double count = table[a, b];
                if (count > 0)
                {
                    mutual += count / n * Math.Log(n * count / (rows[a] * columns[b]));
                }
            }
        }
        mutual = Math.Max(mutual, 0.0);
        if (mutual == 0)
        {
            return 0.0;
        }
        double average = (Entropy(rows, n) + Entropy(columns, n)) / 2;
        return mutual / average;
    }

    /// <summary>
    /// The fraction of points whose cluster is matched to their label, under the one-to-one matching of clusters to labels
    /// (Hungarian algorithm) that maximises it; clusters left unmatched count as wrong.
    /// </summary>
    /// <param name="truth">The true label of each point.</param>
    /// <param name="predicted">The cluster of each point.</param>
    /// <exception cref="ArgumentException">The lengths differ or are zero.</exception>
    public static double MatchedAccuracy(ReadOnlySpan<int> truth, ReadOnlySpan<int> predicted)
    {
        double[,] table = Contingency(truth, predicted, out _, out _);
        int[] match = Hungarian.Maximize(table);
        double correct = 0;
        for (int a = 0; a < match.Length; a++)
        {
            if (match[a] >= 0)
            {
                correct += table[a, match[a]];
            }
        }
        return correct / truth.Length;
    }

    /// <summary>
    /// The mean distance ‖μ_a − c_{match(a)}‖ over the one-to-one matching of true centres to found centres (Hungarian
    /// algorithm on the distances) that minimises the total; with unequal counts, min(k_true, k_found) pairs are matched.
    /// </summary>
    /// <param name="trueCenters">k_true × d, row-major.</param>
    /// <param name="centers">k_found × d, row-major.</param>
    /// <param name="dimension">d.</param>
    /// <exception cref="ArgumentException">A length is not a positive multiple of d.</exception>
    public static double CentroidError(ReadOnlySpan<double> trueCenters, ReadOnlySpan<double> centers, int dimension)
    {
        int[] match = MatchCenters(trueCenters, centers, dimension);
        double total = 0;
        int pairs = 0;
        for (int a = 0; a < match.Length; a++)
        {
            if (match[a] >= 0)
            {
                total += Math.Sqrt(Vectors.SquaredDistance(trueCenters.Slice(a * dimension, dimension), centers.Slice(match[a] * dimension, dimension)));
                pairs++;
            }
        }
        return total / pairs;
    }

    /// <summary>The Hungarian matching of true centres (rows) to found centres minimising the total Euclidean distance.</summary>
    /// <param name="trueCenters">k_true × d, row-major.</param>
    /// <param name="centers">k_found × d, row-major.</param>
    /// <param name="dimension">d.</param>
    /// <returns>match[a] = the found centre matched to true centre a, or −1.</returns>
    /// <exception cref="ArgumentException">A length is not a positive multiple of d.</exception>
    public static int[] MatchCenters(ReadOnlySpan<double> trueCenters, ReadOnlySpan<double> centers, int dimension)
    {
        if (dimension < 1 || trueCenters.Length == 0 || centers.Length == 0 || trueCenters.Length % dimension != 0 || centers.Length % dimension != 0)
        {
            throw new ArgumentException($"Centres must be positive whole numbers of rows of dimension {dimension} (found {trueCenters.Length} and {centers.Length} values).");
        }
        int kTrue = trueCenters.Length / dimension;
        int kFound = centers.Length / dimension;
        double[,] cost = new double[kTrue, kFound];
        for (int a = 0; a < kTrue; a++)
        {
            for (int b = 0; b < kFound; b++)
            {
                cost[a, b] = Math.Sqrt(Vectors.SquaredDistance(trueCenters.Slice(a * dimension, dimension), centers.Slice(b * dimension, dimension)));
            }
        }
        return Hungarian.Minimize(cost);
    }

    /// <summary>The distortion <c>mean_i ‖x_i − c_{assignment(i)}‖²</c> of a codebook.</summary>
    /// <param name="points">n × d, row-major.</param>
    /// <param name="dimension">d.</param>
    /// <param name="centers">k × d codes, row-major.</param>
    /// <param name="assignments">The code index of each point, 0 ≤ a &lt; k.</param>
    /// <exception cref="ArgumentException">Shapes do not fit or an assignment is out of range.</exception>
    public static double Distortion(ReadOnlySpan<double> points, int dimension, ReadOnlySpan<double> centers, ReadOnlySpan<int> assignments)
    {
        int n = points.Length / dimension;
        int k = centers.Length / dimension;
        if (assignments.Length != n || n == 0)
        {
            throw new ArgumentException($"{assignments.Length} assignments for {n} points.", nameof(assignments));
        }
        double total = 0;
        for (int i = 0; i < n; i++)
        {
            int a = assignments[i];
            if ((uint)a >= (uint)k)
            {
                throw new ArgumentException($"Point {i} is assigned to code {a}, outside 0..{k - 1}.", nameof(assignments));
            }
            total += Vectors.SquaredDistance(points.Slice(i * dimension, dimension), centers.Slice(a * dimension, dimension));
        }
        return total / n;
    }

    /// <summary>Every score of one clustering of <paramref name="cloud"/>; the label-based ones only when the cloud has labels (centres for the centroid error).</summary>
    /// <param name="cloud">The points, with their labels and true centres when known.</param>
    /// <param name="centers">The found codes, k × d.</param>
    /// <param name="assignments">The code of each point.</param>
    /// <param name="seconds">The time the method took.</param>
    public static ClusteringScores Evaluate(PointCloud cloud, ReadOnlySpan<double> centers, ReadOnlySpan<int> assignments, double seconds)
    {
        ArgumentNullException.ThrowIfNull(cloud);
        double distortion = Distortion(cloud.Points, cloud.Dimension, centers, assignments);
        if (cloud.Labels is null)
        {
            return new ClusteringScores(null, null, null, null, distortion, seconds);
        }
        double? centroidError = cloud.TrueCenters is null ? null : CentroidError(cloud.TrueCenters, centers, cloud.Dimension);
        return new ClusteringScores(
            AdjustedRandIndex(cloud.Labels, assignments),
            NormalizedMutualInformation(cloud.Labels, assignments),
            MatchedAccuracy(cloud.Labels, assignments),
            centroidError,
            distortion,
            seconds);
    }

    /// <summary>The contingency table n_ab = #{i : truth_i = a-th label, predicted_i = b-th cluster} with its row and column sums.</summary>
    internal static double[,] Contingency(ReadOnlySpan<int> truth, ReadOnlySpan<int> predicted, out double[] rows, out double[] columns)
    {
        if (truth.Length != predicted.Length || truth.Length == 0)
        {
            throw new ArgumentException($"The labellings must have the same positive length (found {truth.Length} and {predicted.Length}).");
        }
        var rowIndex = new Dictionary<int, int>();
        var columnIndex = new Dictionary<int, int>();
        int[] a = new int[truth.Length];
        int[] b = new int[truth.Length];
        for (int i = 0; i < truth.Length; i++)
        {
            if (!rowIndex.TryGetValue(truth[i], out a[i]))
            {
                a[i] = rowIndex.Count;
                rowIndex[truth[i]] = a[i];
            }
            if (!columnIndex.TryGetValue(predicted[i], out b[i]))
            {
                b[i] = columnIndex.Count;
                columnIndex[predicted[i]] = b[i];
            }
        }
        double[,] table = new double[rowIndex.Count, columnIndex.Count];
        rows = new double[rowIndex.Count];
        columns = new double[columnIndex.Count];
        for (int i = 0; i < truth.Length; i++)
        {
            table[a[i], b[i]]++;
            rows[a[i]]++;
            columns[b[i]]++;
        }
        return table;
    }

    /// <summary>The entropy −Σ (c/n) ln(c/n) of counts summing to n.</summary>
    private static double Entropy(double[] counts, double n)
    {
        double h = 0;
        foreach (double c in counts)
        {
            if (c > 0)
            {
                h -= c / n * Math.Log(c / n);
            }
        }
        return h;
    }
}
