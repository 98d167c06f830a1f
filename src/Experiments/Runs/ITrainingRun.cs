using HardmaxCore.Classifier;

namespace HardmaxCore.Experiments.Runs;

/// <summary>A training run in a folder, whatever the architecture (<see cref="TrainingRun"/> trains both).</summary>
public interface ITrainingRun : IDisposable
{
    /// <summary>The metrics of every finished epoch, oldest first.</summary>
    IReadOnlyList<EpochMetrics> History { get; }

    /// <summary>The epoch in progress or next to run (1-based), as the checkpoint records it.</summary>
    int Epoch { get; }

    /// <summary>Batches done in the current epoch (non-zero after an interruption mid-epoch).</summary>
    int Batch { get; }

    /// <summary>The prepared data.</summary>
    PreparedData Data { get; }

    /// <summary>The options of the run (for a resumed run, those stored in its checkpoint, with the new epoch total).</summary>
    TrainingOptions Options { get; }

    /// <summary>Trains until the options' epochs are done or <paramref name="cancel"/> fires.</summary>
    /// <returns>True when all epochs are done; false when cancelled (a checkpoint was saved).</returns>
    bool Run(Action<BatchProgress>? onBatch, Action<EpochMetrics>? onEpoch, CancellationToken cancel);

    /// <summary>The epoch with the best validation accuracy (the earliest on ties), or null before the first epoch.</summary>
    EpochMetrics? SelectedEpoch();
}
