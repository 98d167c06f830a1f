namespace HardmaxCore.Classifier;

/// <summary>Progress inside an epoch, for a progress bar.</summary>
/// <param name="Epoch">1-based epoch.</param>
/// <param name="Batch">Batches done in this epoch.</param>
/// <param name="Batches">Batches in the epoch.</param>
/// <param name="Loss">Mean loss so far in the epoch.</param>
/// <param name="Accuracy">Training accuracy so far in the epoch.</param>
/// <param name="ReviewsPerSecond">Training throughput so far in the epoch.</param>
public readonly record struct BatchProgress(int Epoch, int Batch, int Batches, double Loss, double Accuracy, double ReviewsPerSecond);
