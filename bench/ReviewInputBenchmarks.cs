using BenchmarkDotNet.Attributes;
using HardmaxCore.Reference;
using HardmaxCore.Experiments.Benchmarking;

namespace HardmaxCore.Benchmarks;

/// <summary>
/// Realistic inputs: n = 128, d = 16, K = 8 hardmax layers on review-like configurations (Zipf-repeated word vectors
/// from a vocabulary of 512, then a run of identical padding tokens) against i.i.d. Gaussian ones. Repeated tokens are
/// merged by the Core (SPEC §1.4), so reviews cost less than their n suggests; the Reference does the full n² work.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(BenchConfig))]
public class ReviewInputBenchmarks
{
    private const int N = 128;
    private const int D = 16;

    private float[] _pristine = [];
    private float[] _working = [];
    private double[][][] _reference = [];
    private Dynamics<float>? _one;
    private Dynamics<float>? _all;

    /// <summary>Gaussian or review-like configurations.</summary>
    [Params("gaussian", "reviews")]
    public string Inputs { get; set; } = "gaussian";

    [GlobalSetup]
    public void Setup()
    {
        this._pristine = BenchInputsFactory.Batch<float>(this.Inputs == "reviews" ? BenchInputs.Reviews : BenchInputs.Gaussian, DynamicsBenchmarks.CoreBatch, N, D);
        this._working = new float[this._pristine.Length];
        this._reference = BenchInputsFactory.ForReference(this._pristine, DynamicsBenchmarks.ReferenceBatch, N, D);
        this._one = new Dynamics<float>(N, D, DynamicsOptions.Default with { MaxDegreeOfParallelism = 1 });
        this._all = new Dynamics<float>(N, D, DynamicsOptions.Default);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        this._one?.Dispose();
        this._all?.Dispose();
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = DynamicsBenchmarks.ReferenceBatch)]
    public double Reference()
    {
        double sink = 0;
        foreach (double[][] configuration in this._reference)
        {
            double[][] z = configuration;
            for (int k = 0; k < DynamicsBenchmarks.Layers; k++)
            {
                z = ReferenceDynamics.HardmaxStep(z, null, 1.0);
            }
            sink += z[0][0];
        }
        return sink;
    }

    [Benchmark(OperationsPerInvoke = DynamicsBenchmarks.CoreBatch)]
    public float CoreFloatOneThread() => DynamicsBenchmarks.Run(this._one!, this._pristine, this._working, Attention.Hardmax);

    [Benchmark(OperationsPerInvoke = DynamicsBenchmarks.CoreBatch)]
    public float CoreFloatAllCores() => DynamicsBenchmarks.Run(this._all!, this._pristine, this._working, Attention.Hardmax);
}
