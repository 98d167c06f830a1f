using System.Diagnostics;
using HardmaxCore.Classifier;

namespace HardmaxCore.Benchmarking;

/// <summary>Training and inference throughput of the classifier (SPEC §3, §4) and the process's peak working set.</summary>
/// <param name="Settings">The model shape.</param>
/// <param name="Threads">Cores used.</param>
/// <param name="Vocabulary">Vocabulary size V (the embedding is V × d; Adam updates all of it every step).</param>
/// <param name="TrainingReviewsPerSecond">Reviews per second through forward, backward and the Adam step (batches of 64).</param>
/// <param name="InferenceReviewsPerSecond">Reviews per second through the softmax forward pass.</param>
/// <param name="HardmaxInferenceReviewsPerSecond">Reviews per second through the hardmax forward pass.</param>
/// <param name="PeakWorkingSetBytes">Process.PeakWorkingSet64 after the measurements.</param>
public sealed record ClassifierBenchResult(
    ClassifierSettings Settings, int Threads, int Vocabulary, double TrainingReviewsPerSecond, double InferenceReviewsPerSecond,
    double HardmaxInferenceReviewsPerSecond, long PeakWorkingSetBytes);

/// <summary>
/// Measures the classifier on synthetic encoded reviews (<see cref="SyntheticInputs.Reviews"/>): Trainer.TrainBatch on
/// batches of 64 for half the time budget, then ParallelPasses-based inference (softmax, then hardmax) for a quarter each.
/// </summary>
public static class ClassifierBenchmark
{
    /// <summary>About the vocabulary of the IMDb training split with minimum count 1.</summary>
    public const int ImdbVocabulary = 90_000;

    /// <summary>Reviews per training batch (SPEC §3.2).</summary>
    public const int BatchSize = 64;

    /// <summary>Measures training and inference for <paramref name="settings"/> within about <paramref name="seconds"/>.</summary>
    public static ClassifierBenchResult Measure(ClassifierSettings settings, double seconds, int vocabulary = ImdbVocabulary, int seed = 1)
    {
        int threads = Environment.ProcessorCount;
        EncodedReviews data = SyntheticInputs.Reviews(2048, settings.Tokens, vocabulary, seed);
        var parameters = ClassifierParameters<float>.Initialize(vocabulary, settings.Dimension, seed);
        var optimizer = new AdamOptimizer(parameters.All.Select(a => a.Length).ToArray(), learningRate: 1e-3);
        using var trainer = new Trainer(settings, parameters, optimizer, BatchSize, threads);
        int[] order = Trainer.EpochOrder(data.Count, seed, 0);

        // Warm-up (untimed): a few batches, so the JIT and the thread pool settle.
        for (int start = 0; start < 3 * BatchSize; start += BatchSize)
        {
            trainer.TrainBatch(data, order, start, BatchSize);
        }
        long budget = (long)(seconds / 2 * Stopwatch.Frequency);
        long reviews = 0;
        long begin = Stopwatch.GetTimestamp();
        for (int start = 0; reviews == 0 || Stopwatch.GetTimestamp() - begin < budget; start = (start + BatchSize) % (data.Count - BatchSize + 1))
        {
            trainer.TrainBatch(data, order, start, BatchSize);
            reviews += BatchSize;
        }
        double training = reviews / Stopwatch.GetElapsedTime(begin).TotalSeconds;

        double softmax = Inference(trainer, data, Attention.Softmax, seconds / 4);
        double hardmax = Inference(trainer, data, Attention.Hardmax, seconds / 4);
        using var process = Process.GetCurrentProcess();
        return new ClassifierBenchResult(settings, threads, vocabulary, training, softmax, hardmax, process.PeakWorkingSet64);
    }

    /// <summary>Reviews per second of the forward pass over the whole data set, repeated for <paramref name="seconds"/> (at least once).</summary>
    private static double Inference(Trainer trainer, EncodedReviews data, Attention attention, double seconds)
    {
        trainer.Logits(data, attention); // warm-up
        long budget = (long)(seconds * Stopwatch.Frequency);
        long reviews = 0;
        long begin = Stopwatch.GetTimestamp();
        while (reviews == 0 || Stopwatch.GetTimestamp() - begin < budget)
        {
            trainer.Logits(data, attention);
            reviews += data.Count;
        }
        return reviews / Stopwatch.GetElapsedTime(begin).TotalSeconds;
    }
}
