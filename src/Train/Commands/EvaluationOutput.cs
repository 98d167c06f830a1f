using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using HardmaxCore.Classifier;

namespace HardmaxCore.Train.Commands;

/// <summary>What <c>evaluate</c> and <c>compare</c> share: the part of the split scored, the predictions file, intervals.</summary>
internal static class EvaluationOutput
{
    /// <summary>The --split option: test (default), validation, train, or all (every review of the data, e.g. an external file).</summary>
    public static Option<string> SplitOption()
    {
        var split = new Option<string>("--split")
        {
            Description = "Which part to score: test, validation, train, or all (every review of the data, e.g. of an external labelled file).",
            DefaultValueFactory = _ => "test",
        };
        split.AcceptOnlyFromAmong("test", "validation", "train", "all");
        return split;
    }

    /// <summary>The --predictions option.</summary>
    public static Option<string> PredictionsOption() => new("--predictions")
    {
        Description = "Also write one CSV row per review: id,label,probability,prediction (a hardmax model adds its hardmax-layer columns).",
        HelpName = "FILE.csv",
    };

    /// <summary>The encoded reviews of one part and the reviews themselves, in the same order; "all" is train, validation, test.</summary>
    public static (EncodedReviews Encoded, IReadOnlyList<Review> Reviews) Part(PreparedData data, string part) => part switch
    {
        "validation" => (data.Validation, data.Split.Validation),
        "train" => (data.Train, data.Split.Train),
        "all" => (Concatenate(data.Train, data.Validation, data.Test), [.. data.Split.Train, .. data.Split.Validation, .. data.Split.Test]),
        _ => (data.Test, data.Split.Test),
    };

    /// <summary>Refuses a --predictions path whose folder does not exist, before any work.</summary>
    public static void CheckPredictionsPath(string? path)
    {
        if (path is not null)
        {
            InterpretabilityOptions.RequireDirectoryOf(path, "--predictions");
        }
    }

    /// <summary>
    /// Writes the predictions CSV atomically: <c>id,label,probability,prediction</c> (label and prediction 1 = positive,
    /// probability of positive, round-trip exact), plus <c>probability_hardmax,prediction_hardmax</c> when given.
    /// </summary>
    public static void WritePredictions(string path, IReadOnlyList<Review> reviews, float[] logits, float[]? hardmaxLogits)
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
        AtomicFile.WriteAllBytes(path, Encoding.UTF8.GetBytes(text.ToString()));
        Interruption.Current.Saved(path);
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
