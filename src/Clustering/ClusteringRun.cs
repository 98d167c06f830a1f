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

    /// <summary>The quantizer's options, when <see cref="Method"/> is <c>quantize</c> (the β used is <see cref="QuantizerResult.Beta"/>).</summary>
    public QuantizerOptions? QuantizerSettings { get; init; }

    /// <summary>The heads' options, when <see cref="Method"/> is <c>heads</c>.</summary>
    public PrototypeHeadsOptions? HeadsSettings { get; init; }

    /// <summary>Whether the heads trained on fresh batches from a population (population risk) rather than on the points.</summary>
    public bool PopulationRisk { get; init; }

    /// <summary>k-means' options, when <see cref="Method"/> is <c>kmeans</c>.</summary>
    public KMeansOptions? KMeansSettings { get; init; }

    /// <summary>k-means' kept restart (inertia, iterations), when <see cref="Method"/> is <c>kmeans</c>.</summary>
    public KMeansResult? KMeansFit { get; init; }

    /// <summary>The scaling the method ran under, once mapped back by <see cref="InInputUnits"/> (null before).</summary>
    public FeatureScaling? Scaling { get; init; }

    /// <summary>The model file the clusters were assigned with, for a run that assigned points with a saved model (null for a fit).</summary>
    public string? ModelPath { get; init; }

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
            QuantizerSettings = options,
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
            HeadsSettings = options,
            PopulationRisk = population is not null,
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
            KMeansSettings = options,
            KMeansFit = result,
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
        if (scaler.Scaling == FeatureScaling.None)
        {
            return this with { Scaling = scaler.Scaling };
        }
        double[] centers = scaler.Inverse(this.Centers);
        return this with
        {
            Centers = centers,
            Metrics = ClusteringMetrics.Evaluate(original, centers, this.Assignments, this.Metrics.Seconds),
            Scaling = scaler.Scaling,
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
