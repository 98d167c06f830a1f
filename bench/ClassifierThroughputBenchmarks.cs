using BenchmarkDotNet.Attributes;
using HardmaxCore.Benchmarking;
using HardmaxCore.Classifier;

namespace HardmaxCore.Benchmarks;

/// <summary>
/// Classifier throughput (SPEC §4): training (softmax forward, backward, Adam step; batches of 64) and inference
/// (softmax and hardmax forward passes) on synthetic encoded reviews, n = 128, K = 8, d ∈ {2, 16}, on all cores.
/// Mean is per review; the reviews/s column is the throughput.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(ReviewsBenchConfig))]
public class ClassifierThroughputBenchmarks
{
    private const int Reviews = 16384;
    private const int InferenceReviews = 256;

    private EncodedReviews? _data;
    private EncodedReviews? _inference;
    private Trainer? _trainer;
    private int[] _order = [];
    private int _start;

    /// <summary>d, the embedding dimension.</summary>
    [Params(2, 16)]
    public int D { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        ClassifierSettings settings = ClassifierSettings.Paper(this.D);
        int vocabulary = ClassifierBenchmark.ImdbVocabulary;
        this._data = SyntheticInputs.Reviews(Reviews, settings.Tokens, vocabulary, seed: 1);
        this._inference = SyntheticInputs.Reviews(InferenceReviews, settings.Tokens, vocabulary, seed: 2);
        var parameters = ClassifierParameters<float>.Initialize(vocabulary, this.D, seed: 1);
        var optimizer = new AdamOptimizer(parameters.All.Select(a => a.Length).ToArray(), learningRate: 1e-3);
        this._trainer = new Trainer(settings, parameters, optimizer, ClassifierBenchmark.BatchSize, Environment.ProcessorCount);
        this._order = Trainer.EpochOrder(Reviews, seed: 1, epoch: 0);
    }

    [GlobalCleanup]
    public void Cleanup() => this._trainer?.Dispose();

    /// <summary>One optimisation step on 64 reviews.</summary>
    [Benchmark(OperationsPerInvoke = ClassifierBenchmark.BatchSize)]
    public double Train()
    {
        (double loss, _) = this._trainer!.TrainBatch(this._data!, this._order, this._start, ClassifierBenchmark.BatchSize);
        this._start = (this._start + ClassifierBenchmark.BatchSize) % (Reviews - ClassifierBenchmark.BatchSize + 1);
        return loss;
    }

    [Benchmark(OperationsPerInvoke = InferenceReviews)]
    public float[] InferSoftmax() => this._trainer!.Logits(this._inference!, Attention.Softmax);

    [Benchmark(OperationsPerInvoke = InferenceReviews)]
    public float[] InferHardmax() => this._trainer!.Logits(this._inference!, Attention.Hardmax);
}
