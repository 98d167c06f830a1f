namespace HardmaxCore.Classifier;

/// <summary>Two classifiers scored on the same labelled reviews: accuracies, the paired difference with its interval, and McNemar's exact test.</summary>
/// <param name="Reviews">N, the reviews both models scored.</param>
/// <param name="AccuracyA">Model A's accuracy, with its bootstrap interval.</param>
/// <param name="AccuracyB">Model B's accuracy, with its bootstrap interval.</param>
/// <param name="Difference">accuracy(A) − accuracy(B), with its paired bootstrap interval.</param>
/// <param name="OnlyA">Reviews A gets right and B wrong (McNemar's b).</param>
/// <param name="OnlyB">Reviews B gets right and A wrong (McNemar's c).</param>
/// <param name="PValue">McNemar's two-sided exact p-value.</param>
public sealed record ModelComparison(int Reviews, Interval AccuracyA, Interval AccuracyB, Interval Difference, long OnlyA, long OnlyB, double PValue)
{
    /// <summary>Compares the predictions of two models (1 = positive) against the labels.</summary>
    /// <exception cref="ArgumentException">The three arrays differ in length, or are empty.</exception>
    public static ModelComparison Of(ReadOnlySpan<int> predictionsA, ReadOnlySpan<int> predictionsB, ReadOnlySpan<int> labels, BootstrapOptions options = default)
    {
        if (predictionsA.Length != labels.Length || predictionsB.Length != labels.Length)
        {
            throw new ArgumentException($"Both models must be scored on the same reviews ({predictionsA.Length}, {predictionsB.Length} predictions, {labels.Length} labels).", nameof(labels));
        }
        var correctA = new bool[labels.Length];
        var correctB = new bool[labels.Length];
        long onlyA = 0;
        long onlyB = 0;
        for (int r = 0; r < labels.Length; r++)
        {
            correctA[r] = predictionsA[r] == labels[r];
            correctB[r] = predictionsB[r] == labels[r];
            onlyA += correctA[r] && !correctB[r] ? 1 : 0;
            onlyB += correctB[r] && !correctA[r] ? 1 : 0;
        }
        return new ModelComparison(
            labels.Length, Bootstrap.Accuracy(correctA, options), Bootstrap.Accuracy(correctB, options), Bootstrap.Difference(correctA, correctB, options),
            onlyA, onlyB, McNemar.ExactPValue(onlyA, onlyB));
    }
}
