using Microsoft.ML.OnnxRuntime;

namespace HardmaxCore.Benchmarks;

/// <summary>
/// One ONNX Runtime session (CPU) on a graph of <see cref="OnnxGraph"/> with one float input and one float output of the
/// same shape, both bound once to arrays of this object, so a call copies nothing and allocates nothing of its own.
/// </summary>
internal sealed class OnnxEngine : IDisposable
{
    private readonly InferenceSession _session;
    private readonly RunOptions _run = new();
    private readonly OrtValue _input;
    private readonly OrtValue _output;
    private readonly string[] _inputNames;
    private readonly string[] _outputNames;
    private readonly OrtValue[] _inputs;
    private readonly OrtValue[] _outputs;

    /// <summary>A session on <paramref name="model"/> with <paramref name="threads"/> intra-op threads (0: one per core).</summary>
    public OnnxEngine(byte[] model, string inputName, long[] shape, int threads)
    {
        using var options = new SessionOptions
        {
            IntraOpNumThreads = threads > 0 ? threads : Environment.ProcessorCount,
            InterOpNumThreads = 1,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
        };
        this._session = new InferenceSession(model, options);
        long length = 1;
        foreach (long dim in shape)
        {
            length *= dim;
        }
        this.Input = new float[length];
        this.Output = new float[length];
        this._input = OrtValue.CreateTensorValueFromMemory(this.Input, shape);
        this._output = OrtValue.CreateTensorValueFromMemory(this.Output, shape);
        this._inputNames = [inputName];
        this._outputNames = ["Y"];
        this._inputs = [this._input];
        this._outputs = [this._output];
    }

    /// <summary>The input the next <see cref="Run"/> reads (pinned by ONNX Runtime's tensor).</summary>
    public float[] Input { get; }

    /// <summary>The output the last <see cref="Run"/> wrote.</summary>
    public float[] Output { get; }

    /// <summary>Runs the graph on <see cref="Input"/> into <see cref="Output"/>.</summary>
    public void Run() => this._session.Run(this._run, this._inputNames, this._inputs, this._outputNames, this._outputs);

    /// <inheritdoc/>
    public void Dispose()
    {
        this._input.Dispose();
        this._output.Dispose();
        this._run.Dispose();
        this._session.Dispose();
    }

    /// <summary>The largest <c>|a_e − b_e|</c>; throws when it exceeds <paramref name="tolerance"/> (the two engines disagree).</summary>
    public static double CheckAgreement(ReadOnlySpan<float> ours, ReadOnlySpan<float> onnx, double tolerance, string what)
    {
        double worst = 0;
        for (int e = 0; e < ours.Length; e++)
        {
            double difference = Math.Abs((double)ours[e] - onnx[e]);
            if (!(difference <= worst))
            {
                worst = difference;
            }
        }
        Console.WriteLine($"// {what}: largest |Core − ONNX Runtime| = {worst:E2} (tolerance {tolerance:E0})");
        if (!(worst <= tolerance))
        {
            throw new InvalidOperationException($"{what}: the Core and ONNX Runtime differ by {worst:E2} > {tolerance:E0}.");
        }
        return worst;
    }
}
