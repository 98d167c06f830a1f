using System.Text.Json.Nodes;

namespace HardmaxCore.Classifier;

/// <summary>A 2 × 2 confusion matrix, rows true label, columns predicted, with the predictions kept for agreement.</summary>
/// <param name="Counts">Counts[true, predicted].</param>
/// <param name="Predictions">The predicted label of every review.</param>
/// <param name="RocAuc">Area under the ROC curve of the logits (<see cref="BinaryMetrics.RocAuc"/>).</param>
public sealed record Confusion(long[,] Counts, int[] Predictions, double RocAuc)
{
    /// <summary>Counts predictions (positive iff logit &gt; 0) against labels.</summary>
    public static Confusion Of(float[] logits, int[] labels)
    {
        var counts = new long[2, 2];
        var predictions = new int[logits.Length];
        for (int r = 0; r < logits.Length; r++)
        {
            predictions[r] = logits[r] > 0 ? 1 : 0;
            counts[labels[r], predictions[r]]++;
        }
        return new Confusion(counts, predictions, BinaryMetrics.RocAuc(logits, labels));
    }

    /// <summary>F1 of the positive class (<see cref="BinaryMetrics.F1"/>).</summary>
    public double F1 => BinaryMetrics.F1(this.Counts[1, 1], this.Counts[0, 1], this.Counts[1, 0]);

    /// <summary>Fraction of reviews on which two models predict the same label.</summary>
    public static double Agreement(Confusion a, Confusion b)
        => a.Predictions.Length == 0 ? double.NaN : a.Predictions.Zip(b.Predictions).Count(pair => pair.First == pair.Second) / (double)a.Predictions.Length;

    /// <summary>(TN + TP) / all.</summary>
    public double Accuracy => (double)(this.Counts[0, 0] + this.Counts[1, 1]) / Math.Max(1, this.Predictions.Length);

    /// <summary>Of the reviews predicted as <paramref name="label"/>, the fraction that are.</summary>
    public double Precision(int label) => Ratio(this.Counts[label, label], this.Counts[0, label] + this.Counts[1, label]);

    /// <summary>Of the reviews that are <paramref name="label"/>, the fraction predicted so.</summary>
    public double Recall(int label) => Ratio(this.Counts[label, label], this.Counts[label, 0] + this.Counts[label, 1]);

    /// <summary>The numbers as JSON; a ratio with a zero denominator (NaN) is written as null.</summary>
    public JsonObject ToJson() => new()
    {
        ["accuracy"] = TrainingJson.Number(this.Accuracy),
        ["confusion"] = new JsonObject
        {
            ["trueNegative"] = this.Counts[0, 0],
            ["falsePositive"] = this.Counts[0, 1],
            ["falseNegative"] = this.Counts[1, 0],
            ["truePositive"] = this.Counts[1, 1],
        },
        ["precisionPositive"] = TrainingJson.Number(this.Precision(1)),
        ["recallPositive"] = TrainingJson.Number(this.Recall(1)),
        ["precisionNegative"] = TrainingJson.Number(this.Precision(0)),
        ["recallNegative"] = TrainingJson.Number(this.Recall(0)),
        ["f1Positive"] = TrainingJson.Number(this.F1),
        ["rocAuc"] = TrainingJson.Number(this.RocAuc),
    };

    private static double Ratio(long numerator, long denominator) => denominator == 0 ? double.NaN : (double)numerator / denominator;
}
