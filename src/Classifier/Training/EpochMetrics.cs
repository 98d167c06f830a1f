namespace HardmaxCore.Classifier;

/// <summary>One row of the training history (metrics.json, "epochs").</summary>
public sealed record EpochMetrics
{
    /// <summary>1-based epoch.</summary>
    public int Epoch { get; init; }

    /// <summary>Mean binary cross-entropy over the epoch's batches (weights changing during the epoch).</summary>
    public double TrainLoss { get; init; }

    /// <summary>Accuracy over the epoch's batches, as seen while training.</summary>
    public double TrainAccuracy { get; init; }

    /// <summary>Validation accuracy, softmax layers, after the epoch: the model selection criterion.</summary>
    public double ValidationAccuracy { get; init; }

    /// <summary>
    /// Mean binary cross-entropy on the validation split, softmax layers, after the epoch (NaN in runs recorded before
    /// it was measured, and for an empty split).
    /// </summary>
    public double ValidationLoss { get; init; } = double.NaN;

    /// <summary>Validation accuracy with hardmax layers.</summary>
    public double ValidationAccuracyHardmax { get; init; }

    /// <summary>Test accuracy, softmax layers.</summary>
    public double TestAccuracy { get; init; }

    /// <summary>Test accuracy, hardmax layers (SPEC §1.2 with the trained weights).</summary>
    public double TestAccuracyHardmax { get; init; }

    /// <summary>Fraction of test reviews on which softmax and hardmax predict the same label.</summary>
    public double TestAgreement { get; init; }

    /// <summary>α after the epoch.</summary>
    public double Alpha { get; init; }

    /// <summary>Wall-clock seconds of the epoch (training and evaluation).</summary>
    public double Seconds { get; init; }

    /// <summary>Training throughput, reviews per second (forward, backward and update).</summary>
    public double TrainReviewsPerSecond { get; init; }
}
