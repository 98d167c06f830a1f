namespace HardmaxCore.Classifier;

/// <summary>Scores of a binary classifier beyond accuracy: F1 of the positive class and the area under the ROC curve.</summary>
public static class BinaryMetrics
{
    /// <summary>The probability of "positive" from a classifier's logit: <c>σ(logit) = 1/(1 + e^−logit)</c>, in double.</summary>
    public static double Probability(double logit) => BinaryCrossEntropy.Sigmoid(logit);

    /// <summary>F1 of the positive class, <c>2·TP / (2·TP + FP + FN)</c> (the harmonic mean of precision and recall); NaN when there is no positive at all.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A count is negative.</exception>
    public static double F1(long truePositive, long falsePositive, long falseNegative)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(truePositive);
        ArgumentOutOfRangeException.ThrowIfNegative(falsePositive);
        ArgumentOutOfRangeException.ThrowIfNegative(falseNegative);
        long denominator = 2 * truePositive + falsePositive + falseNegative;
        return denominator == 0 ? double.NaN : 2.0 * truePositive / denominator;
    }

    /// <summary>
    /// Area under the ROC curve of scores (higher means more positive) against labels 0/1: the probability that a random
    /// positive scores above a random negative, ties counting one half (the Mann–Whitney U statistic over n₊·n₋).
    /// NaN when one class is absent.
    /// </summary>
    /// <remarks>
    /// Effectively computes <c>Σ_{i pos} Σ_{j neg} ([s_i &gt; s_j] + ½[s_i = s_j]) / (n₊ n₋)</c>, in O(n log n) by ranking
    /// the scores with mid-ranks for ties: AUC = (Σ_{pos} rank − n₊(n₊+1)/2) / (n₊ n₋). NaN scores are refused.
    /// </remarks>
    /// <exception cref="ArgumentException">Lengths differ, a label is not 0 or 1, or a score is NaN.</exception>
    public static double RocAuc(ReadOnlySpan<float> scores, ReadOnlySpan<int> labels)
    {
        if (scores.Length != labels.Length)
        {
            throw new ArgumentException($"RocAuc needs one label per score ({scores.Length} scores, {labels.Length} labels).", nameof(labels));
        }
        var order = new int[scores.Length];
        long positives = 0;
        for (int i = 0; i < order.Length; i++)
        {
            if (labels[i] is not (0 or 1))
            {
                throw new ArgumentException($"Label {i} is {labels[i]}; labels are 0 or 1.", nameof(labels));
            }
            if (float.IsNaN(scores[i]))
            {
                throw new ArgumentException($"Score {i} is NaN.", nameof(scores));
            }
            order[i] = i;
            positives += labels[i];
        }
        long negatives = scores.Length - positives;
        if (positives == 0 || negatives == 0)
        {
            return double.NaN;
        }
        float[] copy = scores.ToArray();
        Array.Sort(copy, order);
        double rankSum = 0;
        for (int start = 0; start < order.Length;)
        {
            int end = start;
            while (end + 1 < order.Length && copy[end + 1] == copy[start])
            {
                end++;
            }
            // ranks start + 1 … end + 1 share their mean
            double midRank = (start + end) / 2.0 + 1;
            for (int i = start; i <= end; i++)
            {
                rankSum += labels[order[i]] == 1 ? midRank : 0;
            }
            start = end + 1;
        }
        return (rankSum - positives * (positives + 1) / 2.0) / ((double)positives * negatives);
    }
}
