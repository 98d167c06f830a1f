using HardmaxCore.Classifier;

namespace HardmaxCore.Experiments.Runs;

/// <summary>What a sweep did with one run.</summary>
/// <param name="Run">The run.</param>
/// <param name="Before">Its status when the sweep came to it.</param>
/// <param name="Finished">Whether it is finished now.</param>
/// <param name="Error">Why it failed, or null.</param>
/// <param name="Busy">Another process held the run's folder (it was training the run) when this sweep last came to it.</param>
internal sealed record SweepRunOutcome(SweepRun Run, SweepRunStatus Before, bool Finished, string? Error, bool Busy = false);
