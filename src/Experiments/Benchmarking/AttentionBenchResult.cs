using HardmaxCore.Classifier;

namespace HardmaxCore.Experiments.Benchmarking;

/// <summary>Training and inference throughput of the standard self-attention classifier and the process's peak working set.</summary>
/// <param name="Settings">The model shape (n, d).</param>
/// <param name="Threads">Cores used.</param>
/// <param name="Vocabulary">Vocabulary size V.</param>
/// <param name="Parameters">Trainable values (dominated by the V × d embedding).</param>
/// <param name="TrainingReviewsPerSecond">Reviews per second through forward, backward and the Adam step (batches of 64).</param>
/// <param name="InferenceReviewsPerSecond">Reviews per second through the forward pass.</param>
/// <param name="PeakWorkingSetBytes">Process.PeakWorkingSet64 after the measurements.</param>
internal sealed record AttentionBenchResult(
    AttentionSettings Settings, int Threads, int Vocabulary, long Parameters, double TrainingReviewsPerSecond, double InferenceReviewsPerSecond, long PeakWorkingSetBytes);
