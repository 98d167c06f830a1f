using BenchmarkDotNet.Attributes;
using HardmaxCore.Experiments.Benchmarking;
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

    private ClassifierWorkload? _workload;

    /// <summary>d, the embedding dimension.</summary>
    [Params(2, 16)]
    public int D { get; set; }

    [GlobalSetup]
    public void Setup() => this._workload = new ClassifierWorkload(
        ClassifierSettings.Paper(this.D), Reviews, InferenceReviews, ClassifierBenchmark.ImdbVocabulary, Environment.ProcessorCount, seed: 1);

    [GlobalCleanup]
    public void Cleanup() => this._workload?.Dispose();

    /// <summary>One optimisation step on 64 reviews.</summary>
    [Benchmark(OperationsPerInvoke = ClassifierWorkload.BatchSize)]
    public double Train() => this._workload!.TrainBatch();

    [Benchmark(OperationsPerInvoke = InferenceReviews)]
    public float[] InferSoftmax() => this._workload!.Infer(Attention.Softmax);

    [Benchmark(OperationsPerInvoke = InferenceReviews)]
    public float[] InferHardmax() => this._workload!.Infer(Attention.Hardmax);
}
