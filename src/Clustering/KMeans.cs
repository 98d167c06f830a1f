namespace HardmaxCore.Clustering;

/// <summary>
/// The k-means baseline (SPEC §6.3): k-means++ seeding, Lloyd iterations, the lowest-inertia of several restarts.
/// Seeded and deterministic: the same options give the same bits for any thread count.
/// </summary>
/// <remarks>
/// <code>
/// KMeansModel kmeans = KMeans.Fit(cloud, new KMeansOptions(3) { Seed = 7 });
/// int[] clusters = kmeans.Predict(newPoints);                  // the nearest centre
/// </code>
/// </remarks>
public static class KMeans
{
    /// <summary>Clusters <paramref name="points"/> into k groups and returns the fitted model (the restart with the lowest inertia).</summary>
    /// <param name="points">The training points.</param>
    /// <param name="options">k, restarts, iteration cap, tolerance, seed.</param>
    /// <returns>The centres, with the fit (<see cref="KMeansModel.Result"/>: the points' clusters, inertia, iterations).</returns>
    /// <exception cref="ArgumentException">k is not in 1..n, or an option is out of range.</exception>
    public static KMeansModel Fit(PointCloud points, KMeansOptions options)
    {
        ArgumentNullException.ThrowIfNull(points);
        KMeansResult result = Fit(points.Points, points.Dimension, options);
        return new KMeansModel(FeatureScaler.Identity(points.Dimension), points.ColumnNames, result.Centers, result);
    }

    /// <summary>Clusters the rows of <paramref name="points"/> into k groups.</summary>
    /// <param name="points">n × d, row-major, finite.</param>
    /// <param name="dimension">d ≥ 1.</param>
    /// <param name="options">k, restarts, iteration cap, tolerance, seed.</param>
    /// <returns>The restart with the lowest inertia (the first one on a tie).</returns>
    /// <exception cref="ArgumentException">Shapes do not fit, k is not in 1..n, or an option is out of range.</exception>
    public static KMeansResult Fit(ReadOnlySpan<double> points, int dimension, KMeansOptions options)
    {
        if (dimension < 1 || points.Length == 0 || points.Length % dimension != 0)
        {
            throw new ArgumentException($"{points.Length} values are not a positive whole number of points of dimension {dimension}.", nameof(points));
        }
        int n = points.Length / dimension;
        options.Validate();
        if (options.Clusters > n)
        {
            throw new ArgumentOutOfRangeException(nameof(options.Clusters), options.Clusters, $"KMeansOptions.Clusters must be from 1 to the number of points n = {n} (found {options.Clusters}).");
        }
        double tolerance = options.Tolerance * Vectors.MeanVariance(points, dimension);
        var random = new Random(options.Seed);
        KMeansResult? best = null;
        for (int r = 0; r < options.Restarts; r++)
        {
            double[] centers = KMeansPlusPlus.Seed(points, dimension, options.Clusters, random);
            KMeansResult result = Lloyd(points, dimension, centers, options.MaxIterations, tolerance, options.MaxDegreeOfParallelism);
            if (best is null || result.Inertia < best.Inertia)
            {
                best = result;
            }
        }
        return best!;
    }

    /// <summary>Lloyd iterations from <paramref name="centers"/> (overwritten), then a final assignment to the final centres.</summary>
    /// <remarks>
    /// Each iteration: a_i = argmin_h ‖x_i − c_h‖² (lowest h on ties), c_h = mean_{a_i = h} x_i; an empty cluster takes the
    /// point farthest from its centre. Stops when no label changed or Σ_h ‖Δc_h‖² ≤ <paramref name="tolerance"/>.
    /// </remarks>
    internal static KMeansResult Lloyd(ReadOnlySpan<double> points, int d, double[] centers, int maxIterations, double tolerance, int threads)
    {
        int n = points.Length / d;
        int k = centers.Length / d;
        int[] labels = new int[n];
        int[] previous = new int[n];
        Array.Fill(previous, -1);
        double[] distances = new double[n];
        double[] sums = new double[k * d];
        int[] counts = new int[k];
        int iterations = 0;
        double[] pointsArray = points.ToArray();
        while (iterations < maxIterations)
        {
            iterations++;
            Assign(pointsArray, d, centers, labels, distances, threads);
            if (labels.AsSpan().SequenceEqual(previous))
            {
                break;
            }
            labels.CopyTo(previous, 0);
            Array.Clear(sums);
            Array.Clear(counts);
            for (int i = 0; i < n; i++)
            {
                int h = labels[i];
                counts[h]++;
                for (int c = 0; c < d; c++)
                {
                    sums[h * d + c] += pointsArray[i * d + c];
                }
            }
            RelocateEmpty(pointsArray, d, labels, distances, sums, counts);
            double shift = 0;
            for (int h = 0; h < k; h++)
            {
                for (int c = 0; c < d; c++)
                {
                    double updated = sums[h * d + c] / counts[h];
                    double delta = updated - centers[h * d + c];
                    shift += delta * delta;
                    centers[h * d + c] = updated;
                }
            }
            if (shift <= tolerance)
            {
                break;
            }
        }
        Assign(pointsArray, d, centers, labels, distances, threads);
        double inertia = 0;
        for (int i = 0; i < n; i++)
        {
            inertia += distances[i];
        }
        return new KMeansResult(centers, labels, inertia, iterations);
    }

    /// <summary>Nearest centre and squared distance of every point; rows split over threads, each row's arithmetic the same for any split.</summary>
    internal static void Assign(double[] points, int d, double[] centers, int[] labels, double[] distances, int threads)
    {
        int n = labels.Length;
        const int Block = 1024;
        int blocks = (n + Block - 1) / Block;
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = threads > 0 ? threads : -1 };
        Parallel.For(0, blocks, parallel, b =>
        {
            int end = Math.Min(n, (b + 1) * Block);
            for (int i = b * Block; i < end; i++)
            {
                labels[i] = Vectors.Nearest(points.AsSpan(i * d, d), centers, d, out distances[i]);
            }
        });
    }

    /// <summary>Gives each empty cluster the point farthest from its own centre (moving it out of its old cluster's sums).</summary>
    private static void RelocateEmpty(double[] points, int d, int[] labels, double[] distances, double[] sums, int[] counts)
    {
        for (int h = 0; h < counts.Length; h++)
        {
            if (counts[h] > 0)
            {
                continue;
            }
            int far = -1;
            double farthest = -1;
            for (int i = 0; i < labels.Length; i++)
            {
                if (counts[labels[i]] > 1 && distances[i] > farthest)
                {
                    farthest = distances[i];
                    far = i;
                }
            }
            if (far < 0)
            {
                continue;
            }
            int old = labels[far];
            counts[old]--;
            counts[h] = 1;
            for (int c = 0; c < d; c++)
            {
                sums[old * d + c] -= points[far * d + c];
                sums[h * d + c] = points[far * d + c];
            }
            labels[far] = h;
            distances[far] = 0;
        }
    }
}
