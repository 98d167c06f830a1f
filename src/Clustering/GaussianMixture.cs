using System.Globalization;

namespace HardmaxCore.Clustering;

/// <summary>
/// A mixture of K Gaussians N(μ_k, σ²I) in R^d with weights π_k (SPEC §6.3): the generator of labelled point clouds and
/// of fresh mini-batches for population-risk training.
/// </summary>
/// <remarks>
/// <code>
/// var mixture = GaussianMixture.WithSeparation(components: 3, dimension: 2, separation: 6, seed: 1);
/// PointCloud cloud = mixture.Sample(count: 3000, seed: 2);   // labels and true centres included
/// </code>
/// </remarks>
public sealed class GaussianMixture
{
    /// <summary>The cumulative weights, last = 1.</summary>
    private readonly double[] _cumulative;

    /// <summary>Creates a mixture from its means, σ and weights.</summary>
    /// <param name="means">K × d means, row-major.</param>
    /// <param name="dimension">d ≥ 1.</param>
    /// <param name="sigma">σ &gt; 0: every component has covariance σ²I.</param>
    /// <param name="weights">K weights &gt; 0 (normalised here), or null for equal weights.</param>
    /// <exception cref="ArgumentException">A shape does not fit, σ is not positive and finite, a mean is not finite, or a weight is not positive.</exception>
    public GaussianMixture(double[] means, int dimension, double sigma = 1.0, double[]? weights = null)
    {
        ArgumentNullException.ThrowIfNull(means);
        if (dimension < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(dimension), dimension, $"The dimension must be at least 1 (found {dimension}).");
        }
        if (means.Length == 0 || means.Length % dimension != 0)
        {
            throw new ArgumentException($"{means.Length} mean coordinates are not a positive whole number of means of dimension {dimension}.", nameof(means));
        }
        if (!(sigma > 0) || !double.IsFinite(sigma))
        {
            throw new ArgumentOutOfRangeException(nameof(sigma), sigma, $"σ must be positive and finite (found {sigma.ToString(CultureInfo.InvariantCulture)}).");
        }
        if (means.Any(v => !double.IsFinite(v)))
        {
            throw new ArgumentException("Every mean coordinate must be finite.", nameof(means));
        }
        int k = means.Length / dimension;
        weights ??= Enumerable.Repeat(1.0, k).ToArray();
        if (weights.Length != k || weights.Any(w => !(w > 0) || !double.IsFinite(w)))
        {
            throw new ArgumentException($"Give {k} positive finite weights (found {weights.Length}: {string.Join(", ", weights.Select(w => w.ToString(CultureInfo.InvariantCulture)))}).", nameof(weights));
        }
        double total = weights.Sum();
        this.Means = (double[])means.Clone();
        this.Dimension = dimension;
        this.Components = k;
        this.Sigma = sigma;
        this.Weights = weights.Select(w => w / total).ToArray();
        this._cumulative = new double[k];
        double running = 0;
        for (int c = 0; c < k; c++)
        {
            running += this.Weights[c];
            this._cumulative[c] = running;
        }
        this._cumulative[k - 1] = 1.0;
    }

    /// <summary>The means μ_k, K × d row-major.</summary>
    public double[] Means { get; }

    /// <summary>d.</summary>
    public int Dimension { get; }

    /// <summary>K, the number of components.</summary>
    public int Components { get; }

    /// <summary>σ, the standard deviation of every coordinate within a component.</summary>
    public double Sigma { get; }

    /// <summary>The weights π_k, summing to 1.</summary>
    public double[] Weights { get; }

    /// <summary>The mixture mean m = Σ_k π_k μ_k.</summary>
    public double[] Mean
    {
        get
        {
            double[] m = new double[this.Dimension];
            for (int k = 0; k < this.Components; k++)
            {
                for (int c = 0; c < this.Dimension; c++)
                {
                    m[c] += this.Weights[k] * this.Means[k * this.Dimension + c];
                }
            }
            return m;
        }
    }

    /// <summary>The largest separation <see cref="WithSeparation"/> accepts: 10⁶ (beyond it the coordinates, not the clusters, change).</summary>
    public const double MaxSeparation = 1e6;

    /// <summary>
    /// A mixture with K equal-weight components whose closest pair of means is exactly
    /// <paramref name="separation"/>·σ apart: means drawn N(0, I), centred, then scaled so that
    /// min_{a≠b} ‖μ_a − μ_b‖ = separation·σ. With K = 1 the mean is 0.
    /// </summary>
    /// <param name="components">K ≥ 1.</param>
    /// <param name="dimension">d ≥ 1.</param>
    /// <param name="separation">min ‖μ_a − μ_b‖/σ &gt; 0.</param>
    /// <param name="seed">Seeds the draw of the means.</param>
    /// <param name="sigma">σ &gt; 0.</param>
    /// <exception cref="ArgumentException">K or d below 1, separation or σ not positive and finite, or the separation above <see cref="MaxSeparation"/>.</exception>
    public static GaussianMixture WithSeparation(int components, int dimension, double separation, int seed, double sigma = 1.0)
    {
        if (components < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(components), components, $"The number of components must be at least 1 (found {components}).");
        }
        if (dimension < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(dimension), dimension, $"The dimension must be at least 1 (found {dimension}).");
        }
        if (!(separation > 0) || !double.IsFinite(separation))
        {
            throw new ArgumentOutOfRangeException(nameof(separation), separation, $"The separation ‖μ_a − μ_b‖/σ must be positive and finite (found {separation.ToString(CultureInfo.InvariantCulture)}); 4 is well separated.");
        }
        if (separation > MaxSeparation)
        {
            throw new ArgumentOutOfRangeException(nameof(separation), separation, string.Create(CultureInfo.InvariantCulture,
                $"The separation ‖μ_a − μ_b‖/σ must be at most {MaxSeparation:0e0} (found {separation}): the clusters are as apart as they can get long before, and the coordinates would overflow."));
        }
        double[] means = new double[components * dimension];
        if (components > 1)
        {
            var gaussian = new Gaussian(seed);
            for (int i = 0; i < means.Length; i++)
            {
                means[i] = gaussian.Next();
            }
            // A mean within 1e-6 of an earlier one is redrawn alone (not all K means again, which for many means in few
            // dimensions almost never succeeds): each pass costs O(K²d) and redraws only the rare coincident means.
            while (RedrawCoincident(means, components, dimension, gaussian))
            {
            }
            double closest = ClosestPair(means, components, dimension);
            Center(means, components, dimension);
            double scale = separation * sigma / closest;
            for (int i = 0; i < means.Length; i++)
            {
                means[i] *= scale;
            }
        }
        return new GaussianMixture(means, dimension, sigma);
    }

    /// <summary>Draws <paramref name="count"/> labelled points (labels = component indices; true centres = the means).</summary>
    /// <param name="count">n ≥ 1, with n·d ≤ <see cref="PointCloud.MaxValues"/>.</param>
    /// <param name="seed">Seeds the draw.</param>
    /// <exception cref="ArgumentOutOfRangeException">n below 1 or n·d too large for memory.</exception>
    public PointCloud Sample(int count, int seed)
    {
        if (count < 1 || (long)count * this.Dimension > PointCloud.MaxValues)
        {
            throw new ArgumentOutOfRangeException(nameof(count), count, $"The number of points must be between 1 and {PointCloud.MaxValues / this.Dimension} for d = {this.Dimension} (found {count}).");
        }
        double[] points = new double[count * this.Dimension];
        int[] labels = new int[count];
        this.Sample(new Gaussian(seed), points, labels);
        return new PointCloud(points, this.Dimension, labels, (double[])this.Means.Clone());
    }

    /// <summary>Fills <paramref name="points"/> (n × d) and <paramref name="labels"/> (n) with draws from <paramref name="gaussian"/>.</summary>
    internal void Sample(Gaussian gaussian, Span<double> points, Span<int> labels)
    {
        int d = this.Dimension;
        for (int i = 0; i < labels.Length; i++)
        {
            int k = gaussian.Categorical(this._cumulative);
            labels[i] = k;
            for (int c = 0; c < d; c++)
            {
                points[i * d + c] = this.Means[k * d + c] + this.Sigma * gaussian.Next();
            }
        }
    }

    /// <summary>min_{a≠b} ‖μ_a − μ_b‖.</summary>
    /// <summary>Redraws every mean within 1e-6 of an earlier mean; true when one was redrawn (so the pass must be repeated).</summary>
    private static bool RedrawCoincident(double[] means, int k, int d, Gaussian gaussian)
    {
        bool redrawn = false;
        for (int b = 1; b < k; b++)
        {
            for (int a = 0; a < b; a++)
            {
                if (!(Math.Sqrt(Vectors.SquaredDistance(means.AsSpan(a * d, d), means.AsSpan(b * d, d))) > 1e-6))
                {
                    for (int c = 0; c < d; c++)
                    {
                        means[b * d + c] = gaussian.Next();
                    }
                    redrawn = true;
                    break;
                }
            }
        }
        return redrawn;
    }

    internal static double ClosestPair(double[] means, int k, int d)
    {
        double closest = double.PositiveInfinity;
        for (int a = 0; a < k; a++)
        {
            for (int b = a + 1; b < k; b++)
            {
                closest = Math.Min(closest, Math.Sqrt(Vectors.SquaredDistance(means.AsSpan(a * d, d), means.AsSpan(b * d, d))));
            }
        }
        return closest;
    }

    /// <summary>Subtracts the unweighted average of the means from each.</summary>
    private static void Center(double[] means, int k, int d)
    {
        for (int c = 0; c < d; c++)
        {
            double average = 0;
            for (int a = 0; a < k; a++)
            {
                average += means[a * d + c];
            }
            average /= k;
            for (int a = 0; a < k; a++)
            {
                means[a * d + c] -= average;
            }
        }
    }
}
