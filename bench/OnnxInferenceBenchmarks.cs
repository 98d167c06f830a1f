using BenchmarkDotNet.Attributes;
using HardmaxCore.Experiments.Benchmarking;
using HardmaxCore.Classifier;
using Microsoft.ML.OnnxRuntime;

namespace HardmaxCore.Benchmarks;

/// <summary>
/// Inference of both classifiers (issue 20): our passes against ONNX Runtime running the graph <c>hardmax export --onnx</c>
/// writes, on the same 256 synthetic reviews (n = 128, d ∈ {2, 16}, V as IMDb's), all cores for both (our passes one per
/// core; ONNX Runtime's intra-op threads = cores, one batch of 256). Mean is per review; reviews/s is the throughput.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(ReviewsBenchConfig))]
public class OnnxInferenceBenchmarks
{
    private const int Reviews = 256;

    private EncodedReviews? _reviews;
    private ClassifierModel? _hardmax;
    private AttentionModel? _attention;
    private ParallelPasses? _passes;
    private AttentionPasses? _attentionPasses;
    private InferenceSession? _softmaxSession;
    private InferenceSession? _hardmaxSession;
    private InferenceSession? _attentionSession;
    private OrtValue? _input;
    private RunOptions? _run;

    /// <summary>d, the embedding dimension.</summary>
    [Params(2, 16)]
    public int D { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        int vocabulary = ClassifierBenchmark.ImdbVocabulary;
        this._reviews = SyntheticInputs.Reviews(Reviews, 128, vocabulary, seed: 2);
        var words = Vocabulary.FromWords(["<pad>", "<unk>", .. Enumerable.Range(2, vocabulary - 2).Select(i => $"w{i}")]);
        var settings = ClassifierSettings.Paper(this.D);
        this._hardmax = new ClassifierModel(settings, default, words, ClassifierParameters<float>.Initialize(vocabulary, this.D, 1));
        var attentionSettings = new AttentionSettings(128, this.D);
        this._attention = new AttentionModel(attentionSettings, default, words, AttentionParameters<float>.Initialize(vocabulary, attentionSettings, 1));
        this._passes = new ParallelPasses(settings, Environment.ProcessorCount);
        this._attentionPasses = new AttentionPasses(attentionSettings, Environment.ProcessorCount);
        var options = new SessionOptions { IntraOpNumThreads = Environment.ProcessorCount };
        this._softmaxSession = new InferenceSession(OnnxExport.Hardmax(this._hardmax, Attention.Softmax), options);
        this._hardmaxSession = new InferenceSession(OnnxExport.Hardmax(this._hardmax, Attention.Hardmax), options);
        this._attentionSession = new InferenceSession(OnnxExport.SelfAttention(this._attention), options);
        this._input = OrtValue.CreateTensorValueFromMemory(this._reviews.Ids.Select(id => (long)id).ToArray(), [Reviews, 128]);
        this._run = new RunOptions();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        this._passes?.Dispose();
        this._softmaxSession?.Dispose();
        this._hardmaxSession?.Dispose();
        this._attentionSession?.Dispose();
        this._input?.Dispose();
        this._run?.Dispose();
    }

    [Benchmark(OperationsPerInvoke = Reviews)]
    public float[] HardmaxSoftmaxOurs() => this._passes!.Logits(this._reviews!, this._hardmax!.Parameters, Attention.Softmax);

    [Benchmark(OperationsPerInvoke = Reviews)]
    public float HardmaxSoftmaxOnnxRuntime() => this.Run(this._softmaxSession!);

    [Benchmark(OperationsPerInvoke = Reviews)]
    public float[] HardmaxLayersOurs() => this._passes!.Logits(this._reviews!, this._hardmax!.Parameters, Attention.Hardmax);

    [Benchmark(OperationsPerInvoke = Reviews)]
    public float HardmaxLayersOnnxRuntime() => this.Run(this._hardmaxSession!);

    [Benchmark(OperationsPerInvoke = Reviews)]
    public float[] AttentionOurs() => this._attentionPasses!.Logits(this._reviews!, this._attention!.Parameters);

    [Benchmark(OperationsPerInvoke = Reviews)]
    public float AttentionOnnxRuntime() => this.Run(this._attentionSession!);

    private float Run(InferenceSession session)
    {
        using IDisposableReadOnlyCollection<OrtValue> outputs = session.Run(this._run!, [OnnxExport.IdsInput], [this._input!], [OnnxExport.ProbabilityOutput]);
        return outputs[0].GetTensorDataAsSpan<float>()[0];
    }
}
