using BenchmarkDotNet.Attributes;
using HardmaxCore.Clustering;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;

namespace HardmaxCore.Benchmarks;

/// <summary>
/// The clustering baselines of SPEC §6.3 on one mixture (K = 3 components in d = 16, 4σ apart): our k-means
/// (k-means++ and Lloyd; 10 restarts as scikit-learn, and 1 restart for a like-for-like run) against ML.NET's
/// <c>KMeansTrainer</c> (k-means++ init, one run, float), and prototype-head training steps (SPEC §6.2, H = 3,
/// batches of 256 drawn afresh). The per-second column counts fits for k-means and Adam steps for the heads.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(ClusteringBenchConfig))]
public class ClusteringBenchmarks
{
    /// <summary>d (fixed: ML.NET's vector column has a compile-time size here).</summary>
    public const int Dimension = 16;

    /// <summary>K, components and clusters.</summary>
    public const int Components = 3;

    /// <summary>Adam steps per heads call.</summary>
    public const int HeadSteps = 100;

    private GaussianMixture? _mixture;
    private PointCloud? _cloud;
    private PointCloud? _headsData;
    private MLContext? _ml;
    private IDataView? _view;

    /// <summary>n, the points.</summary>
    [Params(1_000, 10_000)]
    public int N { get; set; }

    /// <summary>One row for ML.NET.</summary>
    public sealed class Row
    {
        /// <summary>The point, as float.</summary>
        [VectorType(Dimension)]
        public float[] Features { get; set; } = [];
    }

    [GlobalSetup]
    public void Setup()
    {
        this._mixture = GaussianMixture.WithSeparation(Components, Dimension, 4, seed: 1);
        this._cloud = this._mixture.Sample(this.N, seed: 2);
        // The heads' logged risk is measured on this small set so the benchmark times the Adam steps.
        this._headsData = this._mixture.Sample(256, seed: 3);
        this._ml = new MLContext(seed: 1);
        double[] points = this._cloud.Points;
        Row[] rows = [.. Enumerable.Range(0, this.N).Select(i => new Row { Features = [.. points.AsSpan(i * Dimension, Dimension).ToArray().Select(x => (float)x)] })];
        this._view = this._ml.Data.LoadFromEnumerable(rows);
    }

    [Benchmark(Baseline = true, Description = "ML.NET KMeansTrainer (k-means++, 1 run)")]
    public object MlNetKMeans()
    {
        KMeansTrainer trainer = this._ml!.Clustering.Trainers.KMeans(new KMeansTrainer.Options
        {
            FeatureColumnName = nameof(Row.Features),
            NumberOfClusters = Components,
            InitializationAlgorithm = KMeansTrainer.InitializationAlgorithm.KMeansPlusPlus,
            MaximumNumberOfIterations = 300,
        });
        return trainer.Fit(this._view!);
    }

    [Benchmark(Description = "KMeans (k-means++, 1 restart)")]
    public KMeansResult KMeansOneRestart() => KMeans.Fit(this._cloud!.Points, Dimension, new KMeansOptions(Components) { Seed = 1, Restarts = 1 });

    [Benchmark(Description = "KMeans (k-means++, 10 restarts)")]
    public KMeansResult KMeansTenRestarts() => KMeans.Fit(this._cloud!.Points, Dimension, new KMeansOptions(Components) { Seed = 1 });

    [Benchmark(Description = "PrototypeHeads: Adam steps (H = 3, batch 256)", OperationsPerInvoke = HeadSteps)]
    public PrototypeHeadsResult HeadSteps100()
        => PrototypeHeads.Train(this._headsData!, new PrototypeHeadsOptions { Heads = Components, Lambda = 2, Steps = HeadSteps, LogEvery = HeadSteps, Seed = 1 }, this._mixture);
}
