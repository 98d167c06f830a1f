using HardmaxCore.Classifier;

namespace HardmaxCore.Experiments.Benchmarking;

/// <summary>Training and inference throughput of the classifier (SPEC §3, §4) and the process's peak working set.</summary>
/// <param name="Settings">The model shape.</param>
/// <param name="Threads">Cores used.</param>
/// <param name="Vocabulary">Vocabulary size V (the embedding is V × d; Adam updates all of it every step).</param>
/// <param name="TrainingReviewsPerSecond">Reviews per second through forward, backward and the Adam step (batches of 64).</param>
/// <param name="InferenceReviewsPerSecond">Reviews per second through the softmax forward pass.</param>
/// <param name="HardmaxInferenceReviewsPerSecond">Reviews per second through the hardmax forward pass.</param>
/// <param name="PeakWorkingSetBytes">Process.PeakWorkingSet64 after the measurements.</param>
internal sealed record ClassifierBenchResult(
    ClassifierSettings Settings, int Threads, int Vocabulary, double TrainingReviewsPerSecond, double InferenceReviewsPerSecond,
    double HardmaxInferenceReviewsPerSecond, long PeakWorkingSetBytes);
