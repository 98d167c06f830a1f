using System.Diagnostics;
using System.Globalization;

namespace HardmaxCore.Clustering;

/// <summary>
/// One method's clustering of one point cloud, scored (SPEC §6.3): what <c>hardmax cluster</c> writes per method.
/// </summary>
/// <remarks>
/// <code>
/// PointCloud cloud = GaussianMixture.WithSeparation(3, 2, 6, seed: 1).Sample(3000, seed: 2);
/// ClusteringRun[] runs =
/// [
///     ClusteringRun.Quantize(cloud, new QuantizerOptions { Beta = 1 }),
///     ClusteringRun.Heads(cloud, new PrototypeHeadsOptions { Heads = 3, Initialization = HeadsInitialization.KMeansPlusPlus }),
///     ClusteringRun.KMeans(cloud, new KMeansOptions(3)),
/// ];
/// File.WriteAllBytes("result.json", ClusteringReport.ToJson(cloud, runs));
/// </code>
/// </remarks>
public sealed record ClusteringRun
{
    /// <summary>The method: <c>quantize</c>, <c>heads</c> or <c>kmeans</c>.</summary>
    public required string Method { get; init; }

    /// <summary>d.</summary>
    public required int Dimension { get; init; }

    /// <summary>The codes (quantizer: input-space group means; heads: θ; k-means: centres), k × d row-major.</summary>
    public required double[] Centers { get; init; }

    /// <summary>The cluster of each point.</summary>
    public required int[] Assignments { get; init; }

    /// <summary>The scores.</summary>
    public required ClusteringScores Metrics { get; init; }

    /// <summary>The settings the method ran with, for the report (name → number, text or flag).</summary>
    public required IReadOnlyDictionary<string, object> Settings { get; init; }

    /// <summary>k, the number of codes.</summary>
    public int Clusters => this.Centers.Length / this.Dimension;

    /// <summary>The quantizer's full result (layers, convergence, outputs), when <see cref="Method"/> is <c>quantize</c>.</summary>
    public QuantizerResult? Quantization { get; init; }

    /// <summary>The heads' full result (path, risk), when <see cref="Method"/> is <c>heads</c>.</summary>
    public PrototypeHeadsResult? Training { get; init; }

    /// <summary>Runs the identity-attention quantizer and scores it.</summary>
    /// <param name="cloud">The points.</param>
    /// <param name="options">The quantizer's options.</param>
    /// <param name="progress">Optional callback with the layers done.</param>
    /// <exception cref="ArgumentException">An option is out of range (see <see cref="Quantizer.Run"/>).</exception>
    public static ClusteringRun Quantize(PointCloud cloud, QuantizerOptions options, Action<int>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(cloud);
        var clock = Stopwatch.StartNew();
        QuantizerResult result = Quantizer.Run(cloud, options, progress);
        double seconds = clock.Elapsed.TotalSeconds;
        return new ClusteringRun
        {
            Method = "quantize",
            Dimension = cloud.Dimension,
            Centers = result.Centers,
            Assignments = result.Assignments,
            Metrics = ClusteringMetrics.Evaluate(cloud, result.Centers, result.Assignments, seconds),
            Quantization = result,
            Settings = new Dictionary<string, object>
            {
                ["kernel"] = options.Kernel == IdentityKernel.Dot ? "dot" : "gaussian",
                ["beta"] = result.Beta,
                ["layers"] = options.Layers is int layers ? layers : "until-converged",
                ["maxLayers"] = options.MaxLayers,
                ["tolerance"] = options.Tolerance,
                ["precision"] = options.Precision == QuantizerPrecision.Double ? "double" : "float",
                ["radius"] = result.Radius,
            },
        };
    }

    /// <summary>Trains prototype heads (on fresh batches from <paramref name="population"/> when given), assigns by argmax_h w_h, scores.</summary>
    /// <param name="cloud">The points (batches come from them when there is no population; the risk is logged on them).</param>
    /// <param name="options">The heads' options.</param>
    /// <param name="population">Optional generator of fresh mini-batches (population risk).</param>
    /// <param name="progress">Optional callback with the steps done.</param>
    /// <exception cref="ArgumentException">An option is out of range (see <see cref="PrototypeHeads.Train"/>).</exception>
    public static ClusteringRun Heads(PointCloud cloud, PrototypeHeadsOptions options, GaussianMixture? population = null, Action<int>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(cloud);
        var clock = Stopwatch.StartNew();
        PrototypeHeadsResult result = PrototypeHeads.Train(cloud, options, population, progress);
        int[] assignments = PrototypeHeads.Assign(cloud.Points, cloud.Dimension, result.Heads, options.Lambda, options.Bias);
        double seconds = clock.Elapsed.TotalSeconds;
        return new ClusteringRun
        {
            Method = "heads",
            Dimension = cloud.Dimension,
            Centers = result.Heads,
            Assignments = assignments,
            Metrics = ClusteringMetrics.Evaluate(cloud, result.Heads, assignments, seconds),
            Training = result,
            Settings = new Dictionary<string, object>
            {
                ["heads"] = options.Heads,
                ["lambda"] = options.Lambda,
                ["bias"] = options.Bias,
                ["steps"] = options.Steps,
                ["batch"] = options.BatchSize,
                ["init"] = options.ResolvedInitialization == HeadsInitialization.KMeansPlusPlus ? "kmeans++" : "random",
                ["risk"] = population is null ? "empirical" : "population",
                ["seed"] = options.Seed,
            },
        };
    }

    /// <summary>Runs the k-means baseline and scores it.</summary>
    /// <param name="cloud">The points.</param>
    /// <param name="options">k, restarts, seed.</param>
    /// <exception cref="ArgumentException">k is not in 1..n or an option is out of range.</exception>
    public static ClusteringRun KMeans(PointCloud cloud, KMeansOptions options)
    {
        ArgumentNullException.ThrowIfNull(cloud);
        var clock = Stopwatch.StartNew();
        KMeansResult result = Clustering.KMeans.Fit(cloud.Points, cloud.Dimension, options);
        double seconds = clock.Elapsed.TotalSeconds;
        return new ClusteringRun
        {
            Method = "kmeans",
            Dimension = cloud.Dimension,
            Centers = result.Centers,
            Assignments = result.Assignments,
            Metrics = ClusteringMetrics.Evaluate(cloud, result.Centers, result.Assignments, seconds),
            Settings = new Dictionary<string, object>
            {
                ["k"] = options.Clusters,
                ["restarts"] = options.Restarts,
                ["maxIterations"] = options.MaxIterations,
                ["tolerance"] = options.Tolerance,
                ["iterations"] = result.Iterations,
                ["inertia"] = result.Inertia,
                ["seed"] = options.Seed,
            },
        };
    }

    /// <summary>
    /// The run mapped back from the scaled space it ran in to the input's units (SPEC §6.3): centres, the quantizer's
    /// outputs and codes, the heads and their path through <see cref="FeatureScaler.Inverse"/>; distortion and centroid
    /// error measured again on <paramref name="original"/>; the assignments, ARI, NMI, accuracy and seconds unchanged.
    /// The quantizer's radius δ and the heads' risk stay in the scaled units the methods ran in.
    /// </summary>
    /// <param name="scaler">The scaling the run's cloud was made with.</param>
    /// <param name="original">The cloud in input units.</param>
    public ClusteringRun InInputUnits(FeatureScaler scaler, PointCloud original)
    {
        ArgumentNullException.ThrowIfNull(scaler);
        ArgumentNullException.ThrowIfNull(original);
        var settings = new Dictionary<string, object>(this.Settings) { ["scaling"] = scaler.Scaling.ToString().ToLowerInvariant() };
        if (scaler.Scaling == FeatureScaling.None)
        {
            return this with { Settings = settings };
        }
        double[] centers = scaler.Inverse(this.Centers);
        return this with
        {
            Centers = centers,
            Metrics = ClusteringMetrics.Evaluate(original, centers, this.Assignments, this.Metrics.Seconds),
            Settings = settings,
            Quantization = this.Quantization is { } q
                ? q with { Centers = centers, OutputCenters = scaler.Inverse(q.OutputCenters), Outputs = scaler.Inverse(q.Outputs) }
                : null,
            Training = this.Training is { } t
                ? t with { Heads = scaler.Inverse(t.Heads), Path = t.Path.Select(step => scaler.Inverse(step)).ToArray() }
                : null,
        };
    }

    /// <inheritdoc/>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{this.Method}: {this.Clusters} clusters, distortion {this.Metrics.Distortion:G4}");
}
