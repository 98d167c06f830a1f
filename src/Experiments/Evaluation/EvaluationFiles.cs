using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using HardmaxCore.Classifier;

namespace HardmaxCore.Experiments.Evaluation;

/// <summary>What evaluating and comparing models share: the part of the split scored, the predictions file, accuracy intervals.</summary>
internal static class EvaluationFiles
{
    /// <summary>The parts a model can be scored on: test (the default), validation, train, or all (every review of the data, e.g. an external file).</summary>
    public static IReadOnlyList<string> Parts { get; } = ["test", "validation", "train", "all"];

    /// <summary>The encoded reviews of one part and the reviews themselves, in the same order; "all" is train, validation, test.</summary>
    public static (EncodedReviews Encoded, IReadOnlyList<Review> Reviews) Part(PreparedData data, string part) => part switch
    {
        "validation" => (data.Validation, data.Split.Validation),
        "train" => (data.Train, data.Split.Train),
        "all" => (Concatenate(data.Train, data.Validation, data.Test), [.. data.Split.Train, .. data.Split.Validation, .. data.Split.Test]),
        _ => (data.Test, data.Split.Test),
    };

    /// <summary>"every review of the data" for all, else "the test part".</summary>
    public static string Describe(string part) => part == "all" ? "every review of the data" : $"the {part} part";

    /// <summary>
    /// The predictions CSV: <c>id,label,probability,prediction</c> (label and prediction 1 = positive, probability of
    /// positive, round-trip exact), plus <c>probability_hardmax,prediction_hardmax</c> when given.
    /// </summary>
    public static byte[] Predictions(IReadOnlyList<Review> reviews, float[] logits, float[]? hardmaxLogits)
    {
        CultureInfo c = CultureInfo.InvariantCulture;
        var text = new StringBuilder(hardmaxLogits is null ? "id,label,probability,prediction\n" : "id,label,probability,prediction,probability_hardmax,prediction_hardmax\n");
        for (int r = 0; r < reviews.Count; r++)
        {
            string id = reviews[r].SourceId;
            text.Append(id.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + id.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : id);
            text.Append(c, $",{reviews[r].Label},{BinaryMetrics.Probability(logits[r]).ToString("R", c)},{(logits[r] > 0 ? 1 : 0)}");
            if (hardmaxLogits is not null)
            {
                text.Append(c, $",{BinaryMetrics.Probability(hardmaxLogits[r]).ToString("R", c)},{(hardmaxLogits[r] > 0 ? 1 : 0)}");
            }
            text.Append('\n');
        }
        return Encoding.UTF8.GetBytes(text.ToString());
    }

    /// <summary>The bootstrap interval of the accuracy of some predictions.</summary>
    public static Interval AccuracyInterval(int[] predictions, int[] labels)
        => Bootstrap.Accuracy(predictions.Zip(labels, (p, l) => p == l).ToArray(), new BootstrapOptions());

    /// <summary>"[0.8512, 0.8634]".</summary>
    public static string Text(Interval interval) => string.Create(CultureInfo.InvariantCulture, $"[{interval.Low:F4}, {interval.High:F4}]");

    /// <summary>The interval as JSON: estimate, low, high, confidence, method.</summary>
    public static JsonObject ToJson(Interval interval) => new()
    {
        ["estimate"] = TrainingJson.Number(interval.Estimate),
        ["low"] = TrainingJson.Number(interval.Low),
        ["high"] = TrainingJson.Number(interval.High),
        ["confidence"] = interval.Confidence,
        ["method"] = string.Create(CultureInfo.InvariantCulture, $"percentile bootstrap, {new BootstrapOptions().Resamples} resamples, seed {new BootstrapOptions().Seed}"),
    };

    /// <summary>Rows of several encoded sets, one after the other.</summary>
    private static EncodedReviews Concatenate(params EncodedReviews[] parts)
    {
        int length = parts[0].Length;
        return new EncodedReviews(
            [.. parts.SelectMany(p => p.Ids)], [.. parts.SelectMany(p => p.TokenCounts)], [.. parts.SelectMany(p => p.Labels)], length);
    }
}
