using System.Runtime.Intrinsics;
using BenchmarkDotNet.Attributes;
using HardmaxCore.Kernels;
using HardmaxCore.Experiments.Benchmarking;

namespace HardmaxCore.Benchmarks;

/// <summary>
/// Where the time of a hardmax layer goes, on one thread, float, 512-bit kernel, one Gaussian configuration: forming
/// Zᵀ, all the scores with their row maxima, and a whole layer (merge of identical tokens, scores, attention sets,
/// means and update). Mean is per layer.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(BenchConfig))]
public class KernelPhaseBenchmarks
{
    private float[] _z = [];
    private float[] _working = [];
    private Workspace<float>? _workspace;
    private LayerParameters<float> _parameters;
    private float[] _maxima = new float[ScoreKernel.RowBlock];

    /// <summary>n.</summary>
    [Params(128)]
    public int N { get; set; }

    /// <summary>d.</summary>
    [Params(16)]
    public int D { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        this._z = BenchInputsFactory.Batch<float>(BenchInputs.Gaussian, 1, this.N, this.D);
        this._working = new float[this._z.Length];
        this._workspace = new Workspace<float>(this.N, this.D, needsQueries: false);
        this._parameters = new LayerParameters<float>(0.5f, 0f, 1e-3f, null);
        this._z.CopyTo(this._workspace.Old);
    }

    [GlobalCleanup]
    public void Cleanup() => this._workspace?.Dispose();

    /// <summary>Zᵀ only.</summary>
    [Benchmark]
    public void Transpose() => ScoreKernel.Prepare<float>(this._workspace!.Old, this.N, null, this._workspace);

    /// <summary>Zᵀ and every score row with its maximum (the n²d part).</summary>
    [Benchmark]
    public float Scores()
    {
        Workspace<float> workspace = this._workspace!;
        ScoreKernel.Prepare<float>(workspace.Old, this.N, null, workspace);
        float sink = 0;
        for (int i0 = 0; i0 < this.N; i0 += ScoreKernel.RowBlock)
        {
            int rows = Math.Min(ScoreKernel.RowBlock, this.N - i0);
            ScoreKernel.Rows<float, Vector512Simd<float>, Vector512<float>>(workspace.Old, workspace, i0, rows, this.N, this._maxima);
            sink += this._maxima[0];
        }
        return sink;
    }

    /// <summary>One whole hardmax layer, as Dynamics runs it (merge, scores, attention sets, update).</summary>
    [Benchmark(Baseline = true)]
    public float Layer()
    {
        this._z.CopyTo(this._working, 0);
        LayerKernel.Step<float, Vector512Simd<float>, Vector512<float>>(this._working, Attention.Hardmax, this._parameters, this._workspace!);
        return this._working[0];
    }
}
