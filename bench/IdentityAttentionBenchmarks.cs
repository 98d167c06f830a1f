using System.Globalization;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace HardmaxCore.Benchmarks;

/// <summary>
/// One layer of identity attention (SPEC §6.1, §6.4) on one cloud of n points in d = 16, float, dot kernel, β = 1: one
/// thread against all cores, beside ONNX Runtime (the baseline: its fused <c>com.microsoft.MultiHeadAttention</c>, one head,
/// Q = K = V = X, <c>scale</c> = β, with as many intra-op threads). A layer is ≈ 4n²d flops (scores and the weighted sum);
/// the columns give points/s and GFLOP/s.
/// </summary>
/// <remarks>
/// Points are uniform in [−1, 1]^d. Every call starts from the same cloud (copied in, O(n·d), included). At n = 100,000 a
/// call takes seconds: the job then runs one invocation per iteration, so the whole class takes a few minutes. The setup of
/// the all-cores case runs both engines once on the cloud and stops the run if they disagree (<see cref="CheckAgreement"/>).
/// </remarks>
[MemoryDiagnoser]
[Config(typeof(IdentityAttentionConfig))]
public class IdentityAttentionBenchmarks
{
    private float[] _pristine = [];
    private float[] _working = [];
    private IdentityAttention<float>? _attention;
    private OnnxEngine? _onnx;

    /// <summary>Rows checked against the layer in double.</summary>
    private const int CheckedRows = 64;

    /// <summary>n, the points of the cloud.</summary>
    [Params(1_000, 10_000, 100_000)]
    public int N { get; set; }

    /// <summary>d, the dimension.</summary>
    [Params(16)]
    public int D { get; set; }

    /// <summary>Threads: 1, or 0 for all cores.</summary>
    [Params(1, 0)]
    public int Threads { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(20250707);
        this._pristine = new float[this.N * this.D];
        for (int i = 0; i < this._pristine.Length; i++)
        {
            this._pristine[i] = (float)(2 * random.NextDouble() - 1);
        }
        this._working = new float[this._pristine.Length];
        this._attention = new IdentityAttention<float>(
            this.N, this.D, IdentityAttentionOptions.Default with { MaxDegreeOfParallelism = this.Threads });
        this._onnx = new OnnxEngine(OnnxGraph.IdentityAttention(this.N, this.D, beta: 1), "X", [1, this.N, this.D], this.Threads);
        this._pristine.CopyTo(this._onnx.Input, 0);
        if (this.Threads == 0)
        {
            this._pristine.CopyTo(this._working, 0);
            this._attention.Step(this._working);
            this._onnx.Run();
            CheckAgreement(this._pristine, this._working, this._onnx.Output, this.N, this.D);
        }
    }

    /// <summary>
    /// Both engines against each other (largest difference, printed) and against the layer computed in double on
    /// <see cref="CheckedRows"/> rows spread over the cloud: the engines must agree within 10⁻⁵, or, where n-term float sums
    /// make both err more (n = 10⁵), the Core must be no further from the double layer than max(10⁻⁵, 1.5 × ONNX Runtime's distance).
    /// </summary>
    internal static void CheckAgreement(float[] input, float[] core, float[] onnx, int n, int d)
    {
        double between = OnnxEngine.CheckAgreement(core, onnx, double.PositiveInfinity, $"identity attention, n = {n}, d = {d}");
        double coreError = 0;
        double onnxError = 0;
        var weights = new double[n];
        var exact = new double[d];
        for (int r = 0; r < CheckedRows; r++)
        {
            int i = (int)((long)r * (n - 1) / (CheckedRows - 1));
            double top = double.NegativeInfinity;
            for (int j = 0; j < n; j++)
            {
                double score = 0;
                for (int k = 0; k < d; k++)
                {
                    score += (double)input[i * d + k] * input[j * d + k];
                }
                weights[j] = score;
                top = Math.Max(top, score);
            }
            double total = 0;
            Array.Clear(exact);
            for (int j = 0; j < n; j++)
            {
                double weight = Math.Exp(weights[j] - top);
                total += weight;
                for (int k = 0; k < d; k++)
                {
                    exact[k] += weight * input[j * d + k];
                }
            }
            for (int k = 0; k < d; k++)
            {
                double value = exact[k] / total;
                coreError = Math.Max(coreError, Math.Abs(core[i * d + k] - value));
                onnxError = Math.Max(onnxError, Math.Abs(onnx[i * d + k] - value));
            }
        }
        Console.WriteLine($"// identity attention, n = {n}: largest distance to the layer in double ({CheckedRows} rows): Core {coreError:E2}, ONNX Runtime {onnxError:E2}");
        if (!(between <= 1e-5) && !(coreError <= Math.Max(1e-5, 1.5 * onnxError)))
        {
            throw new InvalidOperationException($"identity attention, n = {n}: the engines differ by {between:E2}, and the Core is {coreError:E2} from the double layer against ONNX Runtime's {onnxError:E2}.");
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        this._attention?.Dispose();
        this._onnx?.Dispose();
    }

    /// <summary>The same layer by ONNX Runtime (its input is never overwritten, so nothing is copied).</summary>
    [Benchmark(Baseline = true)]
    public float OnnxRuntime()
    {
        this._onnx!.Run();
        return this._onnx.Output[0];
    }

    /// <summary>One layer, in place.</summary>
    [Benchmark]
    public float Layer()
    {
        this._pristine.CopyTo(this._working, 0);
        return this._attention!.Step(this._working);
    }
}

/// <summary>One launch, one warm-up, three iterations, with points/s and GFLOP/s (4n²d per layer) columns.</summary>
public sealed class IdentityAttentionConfig : ManualConfig
{
    /// <summary>The short job and the two columns.</summary>
    public IdentityAttentionConfig()
    {
        this.AddJob(Job.Default.WithLaunchCount(1).WithWarmupCount(1).WithIterationCount(3).WithId("Short"));
        this.AddColumn(new LayerRateColumn(gflops: false), new LayerRateColumn(gflops: true));
    }
}

/// <summary>points/s (n / Mean) or GFLOP/s (4n²d / Mean) of one layer, from the N and D parameters.</summary>
internal sealed class LayerRateColumn(bool gflops) : IColumn
{
    public string Id => nameof(LayerRateColumn) + gflops;

    public string ColumnName => gflops ? "GFLOP/s" : "points/s";

    public bool AlwaysShow => true;

    public ColumnCategory Category => ColumnCategory.Custom;

    public int PriorityInCategory => gflops ? 1 : 0;

    public bool IsNumeric => true;

    public UnitType UnitType => UnitType.Dimensionless;

    public string Legend => gflops ? "4·n²·d / Mean, in 10⁹ per second" : "n / Mean (points through one layer per second)";

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => this.GetValue(summary, benchmarkCase, SummaryStyle.Default);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        double? mean = summary[benchmarkCase]?.ResultStatistics?.Mean;
        if (mean is not > 0)
        {
            return "NA";
        }
        double n = Convert.ToDouble(benchmarkCase.Parameters["N"], CultureInfo.InvariantCulture);
        double d = Convert.ToDouble(benchmarkCase.Parameters["D"], CultureInfo.InvariantCulture);
        double seconds = mean.Value / 1e9;
        double value = gflops ? 4 * n * n * d / seconds / 1e9 : n / seconds;
        return value.ToString(gflops ? "N1" : "N0", CultureInfo.InvariantCulture);
    }

    public bool IsAvailable(Summary summary) => true;

    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
}
