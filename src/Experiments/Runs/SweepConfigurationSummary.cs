using HardmaxCore.Classifier;

namespace HardmaxCore.Experiments.Runs;

/// <summary>One configuration of a sweep over its finished seeds: each metric as <see cref="SampleStatistics"/>.</summary>
/// <param name="Configuration">The configuration's name.</param>
/// <param name="Settings">The training options of its first run (the seed aside, all its runs share them).</param>
/// <param name="Seeds">The seeds of the finished runs.</param>
/// <param name="ValidationAccuracy">Validation accuracy at the selected epoch: the criterion for the best configuration.</param>
/// <param name="TestAccuracy">Test accuracy (softmax layers) at the epoch selected on validation.</param>
/// <param name="TestAccuracyHardmax">Test accuracy with hardmax layers at that epoch.</param>
/// <param name="TestAgreement">Softmax/hardmax agreement on test at that epoch.</param>
/// <param name="SelectedEpoch">The selected epoch.</param>
/// <param name="Alpha">α at the selected epoch.</param>
/// <param name="Seconds">Wall-clock seconds per run.</param>
/// <param name="ReviewsPerSecond">Training reviews/s per run (median over its epochs).</param>
/// <param name="PeakWorkingSetBytes">Peak working set per run, where recorded.</param>
internal sealed record SweepConfigurationSummary(
    string Configuration, TrainingOptions Settings, IReadOnlyList<int> Seeds, SampleStatistics ValidationAccuracy, SampleStatistics TestAccuracy,
    SampleStatistics TestAccuracyHardmax, SampleStatistics TestAgreement, SampleStatistics SelectedEpoch, SampleStatistics Alpha,
    SampleStatistics Seconds, SampleStatistics ReviewsPerSecond, SampleStatistics PeakWorkingSetBytes);
