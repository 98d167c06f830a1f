using BenchmarkDotNet.Attributes;
using HardmaxCore.Experiments.Benchmarking;
using HardmaxCore.Classifier;

namespace HardmaxCore.Benchmarks;

/// <summary>
/// Throughput of the standard self-attention baseline (issue 13) beside <see cref="ClassifierThroughputBenchmarks"/>:
/// training (forward, backward, Adam step; batches of 64) and inference on the same synthetic reviews, n = 128,
/// d ∈ {2, 16}, on all cores. Mean is per review; the reviews/s column is the throughput.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(ReviewsBenchConfig))]
public class AttentionThroughputBenchmarks
{
    private const int Reviews = 16384;
    private const int InferenceReviews = 256;

    private EncodedReviews? _data;
    private EncodedReviews? _inference;
    private AttentionTrainer? _trainer;
    private int[] _order = [];
    private int _start;

    /// <summary>d, the embedding dimension.</summary>
    [Params(2, 16)]
    public int D { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var settings = new AttentionSettings(128, this.D);
        int vocabulary = ClassifierBenchmark.ImdbVocabulary;
        this._data = SyntheticInputs.Reviews(Reviews, settings.Tokens, vocabulary, seed: 1);
        this._inference = SyntheticInputs.Reviews(InferenceReviews, settings.Tokens, vocabulary, seed: 2);
        var parameters = AttentionParameters<float>.Initialize(vocabulary, settings, seed: 1);
        var optimizer = new AdamOptimizer(parameters.All.Select(a => a.Length).ToArray(), learningRate: 1e-3);
        this._trainer = new AttentionTrainer(parameters, optimizer, ClassifierBenchmark.BatchSize, Environment.ProcessorCount);
        this._order = Trainer.EpochOrder(Reviews, seed: 1, epoch: 0);
    }

    /// <summary>One optimisation step on 64 reviews.</summary>
    [Benchmark(OperationsPerInvoke = ClassifierBenchmark.BatchSize)]
    public double Train()
    {
        (double loss, _) = this._trainer!.TrainBatch(this._data!, this._order, this._start, ClassifierBenchmark.BatchSize);
        this._start = (this._start + ClassifierBenchmark.BatchSize) % (Reviews - ClassifierBenchmark.BatchSize + 1);
        return loss;
    }

    [Benchmark(OperationsPerInvoke = InferenceReviews)]
    public float[] Infer() => this._trainer!.Logits(this._inference!);
}
