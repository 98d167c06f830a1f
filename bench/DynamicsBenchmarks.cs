using BenchmarkDotNet.Attributes;
using HardmaxCore.Reference;
using HardmaxCore.Experiments.Benchmarking;

namespace HardmaxCore.Benchmarks;

/// <summary>
/// K = 8 layers of the dynamics (SPEC §4): Reference vs Core&lt;float&gt; vs Core&lt;double&gt;, one thread vs all cores,
/// hardmax and softmax (τ = 10⁻³), on i.i.d. Gaussian configurations. Mean is per configuration (OperationsPerInvoke).
/// </summary>
/// <remarks>
/// The Core runs a batch of <see cref="CoreBatch"/> configurations per call (enough for 8 chunks per core on 2 cores),
/// copied back from a pristine batch first so every call sees the same inputs (the copy, under 1 % of the time, is
/// included). The Reference runs <see cref="ReferenceBatch"/> configurations per call; it does not modify its input.
/// </remarks>
[MemoryDiagnoser]
[Config(typeof(BenchConfig))]
public class DynamicsBenchmarks
{
    /// <summary>Configurations per Core call.</summary>
    public const int CoreBatch = 64;

    /// <summary>Configurations per Reference call (kept small: the Reference is slow).</summary>
    public const int ReferenceBatch = 4;

    /// <summary>K, the layers.</summary>
    public const int Layers = 8;

    private float[] _pristineFloat = [];
    private float[] _workingFloat = [];
    private double[] _pristineDouble = [];
    private double[] _workingDouble = [];
    private double[][][] _reference = [];
    private Dynamics<float>? _floatOne;
    private Dynamics<float>? _floatAll;
    private Dynamics<double>? _doubleOne;
    private Dynamics<double>? _doubleAll;

    /// <summary>n, tokens per configuration.</summary>
    [Params(32, 128, 512)]
    public int N { get; set; }

    /// <summary>d, the dimension.</summary>
    [Params(2, 8, 16, 64)]
    public int D { get; set; }

    /// <summary>Hardmax (SPEC §1.2) or softmax with τ = 10⁻³ (SPEC §1.3).</summary>
    [Params(Attention.Hardmax, Attention.Softmax)]
    public Attention Attention { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        this._pristineFloat = BenchInputsFactory.Batch<float>(BenchInputs.Gaussian, CoreBatch, this.N, this.D);
        this._workingFloat = new float[this._pristineFloat.Length];
        this._pristineDouble = Array.ConvertAll(this._pristineFloat, x => (double)x);
        this._workingDouble = new double[this._pristineDouble.Length];
        this._reference = BenchInputsFactory.ForReference(this._pristineFloat, ReferenceBatch, this.N, this.D);
        DynamicsOptions options = DynamicsOptions.Default with { Alpha = 1, Temperature = 1e-3 };
        this._floatOne = new Dynamics<float>(this.N, this.D, options with { MaxDegreeOfParallelism = 1 });
        this._floatAll = new Dynamics<float>(this.N, this.D, options);
        this._doubleOne = new Dynamics<double>(this.N, this.D, options with { MaxDegreeOfParallelism = 1 });
        this._doubleAll = new Dynamics<double>(this.N, this.D, options);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        this._floatOne?.Dispose();
        this._floatAll?.Dispose();
        this._doubleOne?.Dispose();
        this._doubleAll?.Dispose();
    }

    /// <summary>ReferenceDynamics.HardmaxStep / SoftmaxStep, K times per configuration.</summary>
    [Benchmark(Baseline = true, OperationsPerInvoke = ReferenceBatch)]
    public double Reference()
    {
        double sink = 0;
        foreach (double[][] configuration in this._reference)
        {
            double[][] z = configuration;
            for (int k = 0; k < Layers; k++)
            {
                z = this.Attention == Attention.Hardmax
                    ? ReferenceDynamics.HardmaxStep(z, null, 1.0)
                    : ReferenceDynamics.SoftmaxStep(z, null, 1.0, 1e-3);
            }
            sink += z[0][0];
        }
        return sink;
    }

    [Benchmark(OperationsPerInvoke = CoreBatch)]
    public float CoreFloatOneThread() => Run(this._floatOne!, this._pristineFloat, this._workingFloat, this.Attention);

    [Benchmark(OperationsPerInvoke = CoreBatch)]
    public float CoreFloatAllCores() => Run(this._floatAll!, this._pristineFloat, this._workingFloat, this.Attention);

    [Benchmark(OperationsPerInvoke = CoreBatch)]
    public double CoreDoubleOneThread() => Run(this._doubleOne!, this._pristineDouble, this._workingDouble, this.Attention);

    [Benchmark(OperationsPerInvoke = CoreBatch)]
    public double CoreDoubleAllCores() => Run(this._doubleAll!, this._pristineDouble, this._workingDouble, this.Attention);

    /// <summary>Restores the batch and runs K layers on it.</summary>
    internal static T Run<T>(Dynamics<T> dynamics, T[] pristine, T[] working, Attention attention)
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        pristine.CopyTo(working, 0);
        dynamics.Run(working, Layers, attention);
        return working[0];
    }
}
