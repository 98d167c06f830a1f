using System.Diagnostics;
using HardmaxCore.Classifier;

namespace HardmaxCore.Experiments.Benchmarking;

/// <summary>
/// Measures the classifier on <see cref="ClassifierWorkload"/> (synthetic encoded reviews): training batches of 64 for
/// half the time budget, then the softmax and the hardmax forward passes for a quarter each.
/// </summary>
internal static class ClassifierBenchmark
{
    /// <summary>About the vocabulary of the IMDb training split with minimum count 1.</summary>
    public const int ImdbVocabulary = 90_000;

    /// <summary>Reviews per training batch (SPEC §3.2).</summary>
    public const int BatchSize = ClassifierWorkload.BatchSize;

    /// <summary>Measures training and inference for <paramref name="settings"/> within about <paramref name="seconds"/>.</summary>
    public static ClassifierBenchResult Measure(ClassifierSettings settings, double seconds, int vocabulary = ImdbVocabulary, int seed = 1)
    {
        int threads = Environment.ProcessorCount;
        using var workload = new ClassifierWorkload(settings, trainingReviews: 2048, inferenceReviews: 2048, vocabulary, threads, seed);

        // Warm-up (untimed): a few batches, so the JIT and the thread pool settle.
        for (int batch = 0; batch < 3; batch++)
        {
            workload.TrainBatch();
        }
        long budget = (long)(seconds / 2 * Stopwatch.Frequency);
        long reviews = 0;
        long begin = Stopwatch.GetTimestamp();
        while (reviews == 0 || Stopwatch.GetTimestamp() - begin < budget)
        {
            workload.TrainBatch();
            reviews += BatchSize;
        }
        double training = reviews / Stopwatch.GetElapsedTime(begin).TotalSeconds;

        double softmax = Inference(workload, Attention.Softmax, seconds / 4);
        double hardmax = Inference(workload, Attention.Hardmax, seconds / 4);
        using var process = Process.GetCurrentProcess();
        return new ClassifierBenchResult(settings, threads, vocabulary, training, softmax, hardmax, process.PeakWorkingSet64);
    }

    /// <summary>Reviews per second of the forward pass over the inference reviews, repeated for <paramref name="seconds"/> (at least once).</summary>
    private static double Inference(ClassifierWorkload workload, Attention attention, double seconds)
    {
        workload.Infer(attention); // warm-up
        long budget = (long)(seconds * Stopwatch.Frequency);
        long reviews = 0;
        long begin = Stopwatch.GetTimestamp();
        while (reviews == 0 || Stopwatch.GetTimestamp() - begin < budget)
        {
            workload.Infer(attention);
            reviews += workload.Inference.Count;
        }
        return reviews / Stopwatch.GetElapsedTime(begin).TotalSeconds;
    }
}
