using HardmaxCore.Classifier;

namespace HardmaxCore.Experiments.Runs;

/// <summary>The numbers of one finished run of a sweep, from its metrics.json, at the epoch selected on validation.</summary>
/// <param name="Configuration">The configuration folder's name.</param>
/// <param name="Folder">The run folder.</param>
/// <param name="Settings">The run's training options.</param>
/// <param name="SelectedEpoch">The epoch chosen on validation.</param>
/// <param name="ValidationAccuracy">Validation accuracy at that epoch (the selection criterion).</param>
/// <param name="TestAccuracy">Test accuracy, softmax layers, at that epoch.</param>
/// <param name="TestAccuracyHardmax">Test accuracy, hardmax layers, at that epoch.</param>
/// <param name="TestAgreement">Softmax/hardmax agreement on test at that epoch.</param>
/// <param name="Alpha">α at that epoch.</param>
/// <param name="Seconds">Wall-clock seconds of all epochs (training and evaluation).</param>
/// <param name="ReviewsPerSecond">Median over epochs of the training throughput.</param>
/// <param name="PeakWorkingSetBytes">Peak working set recorded in metrics.json, or null for older runs.</param>
internal sealed record SweepRunResult(
    string Configuration, string Folder, TrainingOptions Settings, int SelectedEpoch, double ValidationAccuracy, double TestAccuracy,
    double TestAccuracyHardmax, double TestAgreement, double Alpha, double Seconds, double ReviewsPerSecond, long? PeakWorkingSetBytes);
