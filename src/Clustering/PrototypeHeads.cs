using System.Globalization;

namespace HardmaxCore.Clustering;

/// <summary>
/// Prototype heads (SPEC §6.2): H heads θ_h ∈ R^d that a point x attends to,
/// <c>w_h(x) = softmax_h(λ⟨x, θ_h⟩ − b·λ‖θ_h‖²/2)</c> (b = 1 with the bias, 0 without),
/// <c>T_Θ(x) = Σ_h w_h(x) θ_h</c>, trained by Adam on <c>R(Θ) = E‖x − T_Θ(x)‖²</c> from unlabeled points;
/// the cluster of x is <c>argmax_h w_h(x)</c>.
/// </summary>
/// <remarks>
/// <code>
/// var mixture = GaussianMixture.WithSeparation(2, 2, separation: 4, seed: 1);
/// PointCloud cloud = mixture.Sample(2000, seed: 2);
/// PrototypeHeadsModel heads = PrototypeHeads.Fit(cloud, new PrototypeHeadsOptions { Lambda = 1 }, population: mixture);
/// int[] clusters = heads.Predict(newPoints);                   // argmax_h w_h(x)
/// </code>
/// The gradient is written by hand. With s_h = λ⟨x, θ_h⟩ − bλ‖θ_h‖²/2, w = softmax(s), T = Σ_h w_h θ_h, r = x − T and
/// ℓ = ‖r‖²:
/// <list type="bullet">
/// <item>∂ℓ/∂T = −2r, so the direct path (θ_g as a value) gives −2 w_g r;</item>
/// <item>∂ℓ/∂w_h = ⟨∂ℓ/∂T, θ_h⟩ = −2⟨r, θ_h⟩; through the softmax, ∂ℓ/∂s_g = w_g(∂ℓ/∂w_g − Σ_h w_h ∂ℓ/∂w_h)
///   = −2 w_g ⟨r, θ_g − T⟩;</item>
/// <item>∂s_g/∂θ_g = λ(x − bθ_g).</item>
/// </list>
/// Hence <c>∇_{θ_g} ℓ = −2 w_g [ r + λ⟨r, θ_g − T⟩ (x − bθ_g) ]</c>, averaged over the batch. A property test checks it
/// against central finite differences.
/// </remarks>
public static class PrototypeHeads
{
    /// <summary>
    /// Trains heads as <see cref="Train"/> does and returns the fitted model (θ, λ, the bias; <see cref="PrototypeHeadsModel.Result"/>
    /// holds the path and the risk).
    /// </summary>
    /// <param name="points">The training points (initialisation, batches when there is no population, the logged risk).</param>
    /// <param name="options">H, λ, bias, steps, batch size, step size, initialisation, seed.</param>
    /// <param name="population">Optional generator for fresh batches; its dimension must be the points'.</param>
    /// <param name="progress">Optional callback with the number of steps done.</param>
    /// <exception cref="ArgumentException">An option is out of range, or the population's dimension differs from the points'.</exception>
    public static PrototypeHeadsModel Fit(PointCloud points, PrototypeHeadsOptions options, GaussianMixture? population = null, Action<int>? progress = null)
    {
        PrototypeHeadsResult result = Train(points, options, population, progress);
        return new PrototypeHeadsModel(FeatureScaler.Identity(points.Dimension), points.ColumnNames, result.Heads, options.Lambda, options.Bias, result);
    }

    /// <summary>
    /// Trains heads on <paramref name="data"/> (empirical risk), or on fresh mini-batches from <paramref name="population"/>
    /// (population risk) when it is given; the logged risk is always measured on <paramref name="data"/>.
    /// </summary>
    /// <param name="data">The points: initialisation (mean, spread, k-means++), batches when there is no population, and the logged risk.</param>
    /// <param name="options">H, λ, bias, steps, batch size, step size, initialisation, seed.</param>
    /// <param name="population">Optional generator for fresh batches; its dimension must be the data's.</param>
    /// <param name="progress">Optional callback with the number of steps done.</param>
    /// <returns>The heads, the logged path and risk.</returns>
    /// <exception cref="ArgumentException">An option is out of range, or the population's dimension differs from the data's.</exception>
    public static PrototypeHeadsResult Train(PointCloud data, PrototypeHeadsOptions options, GaussianMixture? population = null, Action<int>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        options.Validate();
        int d = data.Dimension;
        if (population is not null && population.Dimension != d)
        {
            throw new ArgumentException($"The population has dimension {population.Dimension} but the data has {d}.", nameof(population));
        }
        int h = options.Heads;
        double spread = Math.Sqrt(Vectors.MeanVariance(data.Points, d));
        double scale = spread > 0 ? spread : 1.0;
        double learningRate = options.LearningRate > 0 ? options.LearningRate : 0.05 * scale;
        int logEvery = options.LogEvery > 0 ? options.LogEvery : Math.Max(1, options.Steps / 200);
        var gaussian = new Gaussian(options.Seed);
        double[] theta = Initialize(data, options, gaussian, scale);

        bool fullBatch = population is null && data.Count <= options.BatchSize;
        int batchSize = fullBatch ? data.Count : options.BatchSize;
        if ((long)batchSize * d > PointCloud.MaxValues)
        {
            // Checked before allocating: batch·d in 32 bits would overflow (an OverflowException, not an answer).
            throw new ArgumentOutOfRangeException(nameof(options), options.BatchSize,
                $"A mini-batch of {batchSize} points in R^{d} is {(long)batchSize * d} coordinates, more than the limit of {PointCloud.MaxValues}; use a smaller batch.");
        }
        double[] batch = fullBatch ? data.Points : new double[batchSize * d];
        int[] batchLabels = new int[batchSize];
        double[] gradient = new double[h * d];
        double[] firstMoment = new double[h * d];
        double[] secondMoment = new double[h * d];
        const double Beta1 = 0.9, Beta2 = 0.999, Epsilon = 1e-8;

        var steps = new List<int> { 0 };
        var path = new List<double[]> { (double[])theta.Clone() };
        var risk = new List<double> { Risk(data.Points, d, theta, options.Lambda, options.Bias) };
        for (int t = 1; t <= options.Steps; t++)
        {
            if (population is not null)
            {
                population.Sample(gaussian, batch, batchLabels);
            }
            else if (!fullBatch)
            {
                for (int i = 0; i < batchSize; i++)
                {
                    data.Point(gaussian.Uniform.Next(data.Count)).CopyTo(batch.AsSpan(i * d, d));
                }
            }
            Gradient(batch, d, theta, options.Lambda, options.Bias, gradient);
            // Cosine decay from lr to lr/100 over the run.
            double rate = learningRate * (0.01 + 0.99 * 0.5 * (1 + Math.Cos(Math.PI * (t - 1) / Math.Max(1, options.Steps - 1))));
            double correction1 = 1 - Math.Pow(Beta1, t);
            double correction2 = 1 - Math.Pow(Beta2, t);
            for (int p = 0; p < theta.Length; p++)
            {
                firstMoment[p] = Beta1 * firstMoment[p] + (1 - Beta1) * gradient[p];
                secondMoment[p] = Beta2 * secondMoment[p] + (1 - Beta2) * gradient[p] * gradient[p];
                theta[p] -= rate * (firstMoment[p] / correction1) / (Math.Sqrt(secondMoment[p] / correction2) + Epsilon);
            }
            if (t % logEvery == 0 || t == options.Steps)
            {
                steps.Add(t);
                path.Add((double[])theta.Clone());
                risk.Add(Risk(data.Points, d, theta, options.Lambda, options.Bias));
                progress?.Invoke(t);
            }
        }
        if (!Array.TrueForAll(theta, double.IsFinite) || !risk.TrueForAll(double.IsFinite))
        {
            // λ·‖x − θ‖² overflowed: the softmax weights, the gradient and the risk are NaN; say so instead of scoring NaN heads.
            throw new ArgumentOutOfRangeException(nameof(options), options.Lambda, string.Create(CultureInfo.InvariantCulture,
                $"λ = {options.Lambda} is too large for these data (spread {scale:G3}): the heads' scores λ·⟨x, θ⟩ overflow and the risk is NaN; λ ≈ 1/σ² for clusters of spread σ."));
        }
        return new PrototypeHeadsResult(theta, d, steps.ToArray(), path.ToArray(), risk.ToArray());
    }

    /// <summary>The cluster of each point: <c>argmax_h w_h(x)</c> (= argmax_h of the score; the lowest h on ties).</summary>
    /// <param name="points">n × d, row-major.</param>
    /// <param name="dimension">d.</param>
    /// <param name="heads">θ, H × d.</param>
    /// <param name="lambda">λ &gt; 0 (the argmax does not depend on it, kept for symmetry with the weights).</param>
    /// <param name="bias">Whether the score carries −λ‖θ_h‖²/2.</param>
    public static int[] Assign(ReadOnlySpan<double> points, int dimension, ReadOnlySpan<double> heads, double lambda, bool bias)
    {
        int n = points.Length / dimension;
        int h = heads.Length / dimension;
        int[] clusters = new int[n];
        Span<double> scores = h <= 64 ? stackalloc double[h] : new double[h];
        for (int i = 0; i < n; i++)
        {
            Scores(points.Slice(i * dimension, dimension), heads, dimension, lambda, bias, scores);
            int best = 0;
            for (int g = 1; g < h; g++)
            {
                if (scores[g] > scores[best])
                {
                    best = g;
                }
            }
            clusters[i] = best;
        }
        return clusters;
    }

    /// <summary>The empirical risk <c>mean_i ‖x_i − T_Θ(x_i)‖²</c>.</summary>
    /// <param name="points">n × d, row-major.</param>
    /// <param name="dimension">d.</param>
    /// <param name="heads">θ, H × d.</param>
    /// <param name="lambda">λ &gt; 0.</param>
    /// <param name="bias">Whether the score carries −λ‖θ_h‖²/2.</param>
    public static double Risk(ReadOnlySpan<double> points, int dimension, ReadOnlySpan<double> heads, double lambda, bool bias)
    {
        int n = points.Length / dimension;
        int h = heads.Length / dimension;
        Span<double> w = new double[h];
        Span<double> transformed = new double[dimension];
        double total = 0;
        for (int i = 0; i < n; i++)
        {
            ReadOnlySpan<double> x = points.Slice(i * dimension, dimension);
            Transform(x, heads, dimension, lambda, bias, w, transformed);
            total += Vectors.SquaredDistance(x, transformed);
        }
        return total / n;
    }

    /// <summary>
    /// The batch risk and its gradient (see the class remarks): <c>∇_{θ_g} = mean_x −2 w_g [ r + λ⟨r, θ_g − T⟩ (x − bθ_g) ]</c>.
    /// </summary>
    /// <returns>The batch risk mean ‖x − T(x)‖².</returns>
    internal static double Gradient(ReadOnlySpan<double> batch, int d, ReadOnlySpan<double> heads, double lambda, bool bias, Span<double> gradient)
    {
        int n = batch.Length / d;
        int h = heads.Length / d;
        double b = bias ? 1.0 : 0.0;
        Span<double> w = new double[h];
        Span<double> transformed = new double[d];
        Span<double> r = new double[d];
        gradient.Clear();
        double total = 0;
        for (int i = 0; i < n; i++)
        {
            ReadOnlySpan<double> x = batch.Slice(i * d, d);
            Transform(x, heads, d, lambda, bias, w, transformed);
            for (int c = 0; c < d; c++)
            {
                r[c] = x[c] - transformed[c];
            }
            total += Vectors.Dot(r, r);
            for (int g = 0; g < h; g++)
            {
                ReadOnlySpan<double> theta = heads.Slice(g * d, d);
                // ⟨r, θ_g − T⟩
                double alignment = 0;
                for (int c = 0; c < d; c++)
                {
                    alignment += r[c] * (theta[c] - transformed[c]);
                }
                double factor = lambda * alignment;
                for (int c = 0; c < d; c++)
                {
                    gradient[g * d + c] += -2.0 * w[g] * (r[c] + factor * (x[c] - b * theta[c]));
                }
            }
        }
        for (int p = 0; p < gradient.Length; p++)
        {
            gradient[p] /= n;
        }
        return total / n;
    }

    /// <summary>The weights w_h(x) into <paramref name="w"/> and T_Θ(x) into <paramref name="transformed"/>.</summary>
    internal static void Transform(ReadOnlySpan<double> x, ReadOnlySpan<double> heads, int d, double lambda, bool bias, Span<double> w, Span<double> transformed)
    {
        int h = heads.Length / d;
        Scores(x, heads, d, lambda, bias, w);
        double max = double.NegativeInfinity;
        for (int g = 0; g < h; g++)
        {
            max = Math.Max(max, w[g]);
        }
        double sum = 0;
        for (int g = 0; g < h; g++)
        {
            w[g] = Math.Exp(w[g] - max);
            sum += w[g];
        }
        transformed.Clear();
        for (int g = 0; g < h; g++)
        {
            w[g] /= sum;
            for (int c = 0; c < d; c++)
            {
                transformed[c] += w[g] * heads[g * d + c];
            }
        }
    }

    /// <summary>s_h = λ⟨x, θ_h⟩ − b·λ‖θ_h‖²/2 for every head.</summary>
    private static void Scores(ReadOnlySpan<double> x, ReadOnlySpan<double> heads, int d, double lambda, bool bias, Span<double> scores)
    {
        int h = heads.Length / d;
        for (int g = 0; g < h; g++)
        {
            ReadOnlySpan<double> theta = heads.Slice(g * d, d);
            double score = lambda * Vectors.Dot(x, theta);
            if (bias)
            {
                score -= lambda * Vectors.Dot(theta, theta) / 2;
            }
            scores[g] = score;
        }
    }

    /// <summary>The initial heads (H × d).</summary>
    private static double[] Initialize(PointCloud data, PrototypeHeadsOptions options, Gaussian gaussian, double scale)
    {
        int d = data.Dimension;
        if (options.ResolvedInitialization == HeadsInitialization.KMeansPlusPlus)
        {
            return KMeansPlusPlus.Seed(data.Points, d, options.Heads, gaussian.Uniform);
        }
        double s = options.InitScale > 0 ? options.InitScale : scale;
        double[] mean = Vectors.Mean(data.Points, d);
        double[] theta = new double[options.Heads * d];
        for (int p = 0; p < theta.Length; p++)
        {
            theta[p] = mean[p % d] + s * gaussian.Next();
        }
        return theta;
    }
}
