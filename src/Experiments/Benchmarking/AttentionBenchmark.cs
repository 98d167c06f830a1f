using System.Diagnostics;
using HardmaxCore.Classifier;

namespace HardmaxCore.Experiments.Benchmarking;

/// <summary>
/// Measures the standard self-attention classifier as <see cref="ClassifierBenchmark"/> measures the hardmax one: the
/// same synthetic reviews, batches of 64 for half the time budget, then inference for a quarter.
/// </summary>
internal static class AttentionBenchmark
{
    /// <summary>Measures training and inference for <paramref name="settings"/> within about <paramref name="seconds"/>.</summary>
    public static AttentionBenchResult Measure(AttentionSettings settings, double seconds, int vocabulary = ClassifierBenchmark.ImdbVocabulary, int seed = 1)
    {
        ArgumentNullException.ThrowIfNull(settings);
        int threads = Environment.ProcessorCount;
        int batch = ClassifierBenchmark.BatchSize;
        EncodedReviews data = SyntheticInputs.Reviews(2048, settings.Tokens, vocabulary, seed);
        var parameters = AttentionParameters<float>.Initialize(vocabulary, settings, seed);
        var optimizer = new AdamOptimizer(parameters.All.Select(a => a.Length).ToArray(), learningRate: 1e-3);
        var trainer = new AttentionTrainer(parameters, optimizer, batch, threads);
        int[] order = Trainer.EpochOrder(data.Count, seed, 0);
        for (int start = 0; start < 3 * batch; start += batch)
        {
            trainer.TrainBatch(data, order, start, batch);
        }
        long budget = (long)(seconds / 2 * Stopwatch.Frequency);
        long reviews = 0;
        long begin = Stopwatch.GetTimestamp();
        for (int start = 0; reviews == 0 || Stopwatch.GetTimestamp() - begin < budget; start = (start + batch) % (data.Count - batch + 1))
        {
            trainer.TrainBatch(data, order, start, batch);
            reviews += batch;
        }
        double training = reviews / Stopwatch.GetElapsedTime(begin).TotalSeconds;

        trainer.Logits(data);
        budget = (long)(seconds / 4 * Stopwatch.Frequency);
        reviews = 0;
        begin = Stopwatch.GetTimestamp();
        while (reviews == 0 || Stopwatch.GetTimestamp() - begin < budget)
        {
            trainer.Logits(data);
            reviews += data.Count;
        }
        double inference = reviews / Stopwatch.GetElapsedTime(begin).TotalSeconds;
        using var process = Process.GetCurrentProcess();
        return new AttentionBenchResult(settings, threads, vocabulary, parameters.Count, training, inference, process.PeakWorkingSet64);
    }
}
