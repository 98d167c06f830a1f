using System.Globalization;

namespace HardmaxCore.Clustering;

/// <summary>
/// n points in R^d, row-major, with optional true labels (used only for metrics) and the true centres when known.
/// </summary>
/// <remarks>
/// Made by <see cref="GaussianMixture.Sample(int, int)"/> or read from a file with <see cref="ReadCsv"/>:
/// <code>
/// PointCloud cloud = PointCloud.ReadCsv("points.csv");        // header x,y,...[,label]
/// double[] row3 = cloud.Points.AsSpan(3 * cloud.Dimension, cloud.Dimension).ToArray();
/// </code>
/// </remarks>
public sealed partial class PointCloud
{
    /// <summary>The most coordinates (n·d) a cloud may hold: 2^27 doubles, 1 GiB.</summary>
    public const long MaxValues = 1L << 27;

    /// <summary>The largest coordinate magnitude accepted, 10¹⁰⁰: squared distances of up to 2²⁷ such coordinates stay finite.</summary>
    public const double MaxMagnitude = 1e100;

    /// <summary>Creates a cloud from row-major points, validating shapes and finiteness.</summary>
    /// <param name="points">n × d coordinates, row-major; kept, not copied.</param>
    /// <param name="dimension">d ≥ 1.</param>
    /// <param name="labels">Optional true labels, one per point (any integers).</param>
    /// <param name="trueCenters">Optional true centres, k × d row-major (e.g. a mixture's means); when null and labels are
    /// given, the per-label means (labels in increasing order).</param>
    /// <param name="columnNames">Optional coordinate names (default x0, x1, …).</param>
    /// <exception cref="ClusteringDataException">A shape does not fit, there is no point, a value is NaN or infinite, or n·d &gt; <see cref="MaxValues"/>.</exception>
    public PointCloud(double[] points, int dimension, int[]? labels = null, double[]? trueCenters = null, IReadOnlyList<string>? columnNames = null)
    {
        ArgumentNullException.ThrowIfNull(points);
        if (dimension < 1)
        {
            throw new ClusteringDataException($"The dimension must be at least 1 (found {dimension}).");
        }
        if (points.Length == 0 || points.Length % dimension != 0)
        {
            throw new ClusteringDataException($"{points.Length} coordinates are not a positive whole number of points of dimension {dimension}.");
        }
        if (points.Length > MaxValues)
        {
            throw new ClusteringDataException($"{points.Length} coordinates exceed the limit of {MaxValues} (1 GiB of doubles); subsample the points.");
        }
        for (int i = 0; i < points.Length; i++)
        {
            if (!double.IsFinite(points[i]))
            {
                throw new ClusteringDataException($"Point {i / dimension}, coordinate {i % dimension} is {points[i].ToString(CultureInfo.InvariantCulture)}; every coordinate must be finite.");
            }
            if (Math.Abs(points[i]) > MaxMagnitude)
            {
                throw new ClusteringDataException(
                    $"Point {i / dimension}, coordinate {i % dimension} is {points[i].ToString(CultureInfo.InvariantCulture)}; coordinates must be at most 1e100 in magnitude (squared distances would overflow); rescale the points.");
            }
        }
        int count = points.Length / dimension;
        if (labels is not null && labels.Length != count)
        {
            throw new ClusteringDataException($"{labels.Length} labels for {count} points; give one label per point.");
        }
        if (trueCenters is not null && (trueCenters.Length == 0 || trueCenters.Length % dimension != 0))
        {
            throw new ClusteringDataException($"{trueCenters.Length} centre coordinates are not a whole number of centres of dimension {dimension}.");
        }
        if (columnNames is not null && columnNames.Count != dimension)
        {
            throw new ClusteringDataException($"{columnNames.Count} column names for dimension {dimension}.");
        }
        this.Points = points;
        this.Dimension = dimension;
        this.Count = count;
        this.Labels = labels;
        this.TrueCenters = trueCenters ?? (labels is null ? null : LabelMeans(points, dimension, labels));
        this.ColumnNames = columnNames?.ToArray() ?? Enumerable.Range(0, dimension).Select(c => $"x{c}").ToArray();
    }

    /// <summary>The coordinates, n × d row-major.</summary>
    public double[] Points { get; }

    /// <summary>d, the number of coordinates per point.</summary>
    public int Dimension { get; }

    /// <summary>n, the number of points.</summary>
    public int Count { get; }

    /// <summary>The true label of each point, or null when unknown.</summary>
    public int[]? Labels { get; }

    /// <summary>The true centres (k × d row-major), or null when unknown.</summary>
    public double[]? TrueCenters { get; }

    /// <summary>The coordinate names (the CSV header, or x0, x1, …).</summary>
    public IReadOnlyList<string> ColumnNames { get; }

    /// <summary>Point <paramref name="i"/> as a span of d coordinates.</summary>
    /// <param name="i">The point index, 0 ≤ i &lt; n.</param>
    public ReadOnlySpan<double> Point(int i) => this.Points.AsSpan(i * this.Dimension, this.Dimension);

    /// <summary>Per-label means, labels taken in increasing order.</summary>
    internal static double[] LabelMeans(double[] points, int d, int[] labels)
    {
        int[] distinct = labels.Distinct().Order().ToArray();
        var index = new Dictionary<int, int>();
        for (int k = 0; k < distinct.Length; k++)
        {
            index[distinct[k]] = k;
        }
        double[] means = new double[distinct.Length * d];
        int[] counts = new int[distinct.Length];
        for (int i = 0; i < labels.Length; i++)
        {
            int k = index[labels[i]];
            counts[k]++;
            for (int c = 0; c < d; c++)
            {
                means[k * d + c] += points[i * d + c];
            }
        }
        for (int k = 0; k < distinct.Length; k++)
        {
            for (int c = 0; c < d; c++)
            {
                means[k * d + c] /= counts[k];
            }
        }
        return means;
    }
}
