using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using HardmaxCore.Classifier;

namespace HardmaxCore.Experiments.Evaluation;

/// <summary>
/// Two models scored on the same reviews (<see cref="ModelComparison"/>): accuracies with 95 % bootstrap intervals, the
/// paired difference and its interval, McNemar's exact test; as JSON and as text.
/// </summary>
/// <param name="PathA">The first model as given.</param>
/// <param name="A">The first model.</param>
/// <param name="PathB">The second model as given.</param>
/// <param name="B">The second model.</param>
/// <param name="Part">The part scored (<see cref="EvaluationFiles.Parts"/>).</param>
/// <param name="SplitDescription">A's split in one line (<see cref="ModelSplit.Describe"/>).</param>
/// <param name="Layers">The layers hardmax models are scored with.</param>
/// <param name="Comparison">The statistics.</param>
internal sealed record ComparisonReport(
    string PathA, LoadedModel A, string PathB, LoadedModel B, string Part, string SplitDescription, Attention Layers, ModelComparison Comparison)
{
    /// <summary>
    /// Scores both models on <paramref name="part"/> of A's own split (B encodes the same reviews with its vocabulary).
    /// </summary>
    /// <param name="pathA">The first model as given.</param>
    /// <param name="a">The first model.</param>
    /// <param name="pathB">The second model as given.</param>
    /// <param name="b">The second model.</param>
    /// <param name="dataPath">Another data file, or null for A's.</param>
    /// <param name="part">test, validation, train or all.</param>
    /// <param name="layers">The layers hardmax models are scored with.</param>
    /// <param name="threads">Cores.</param>
    /// <param name="log">Where the split's loading notes go.</param>
    public static ComparisonReport Run(string pathA, LoadedModel a, string pathB, LoadedModel b, string? dataPath, string part, Attention layers, int threads, TextWriter log)
    {
        (PreparedData preparedA, string description) = a.OwnSplit(dataPath, log);
        PreparedData preparedB = b.Encode(preparedA);
        (EncodedReviews reviewsA, _) = EvaluationFiles.Part(preparedA, part);
        (EncodedReviews reviewsB, _) = EvaluationFiles.Part(preparedB, part);
        int[] predictionsA = Confusion.Of(a.Logits(reviewsA, threads, layers), reviewsA.Labels).Predictions;
        int[] predictionsB = Confusion.Of(b.Logits(reviewsB, threads, layers), reviewsB.Labels).Predictions;
        return new ComparisonReport(pathA, a, pathB, b, part, description, layers, ModelComparison.Of(predictionsA, predictionsB, reviewsA.Labels, new BootstrapOptions()));
    }

    /// <summary>
    /// How the splits two models were trained on differ (protocol, seed, validation fraction, subset, data), one phrase
    /// each; empty when they are the same or either model does not record its options.
    /// </summary>
    /// <param name="a">A's training options, or null.</param>
    /// <param name="b">B's, or null.</param>
    /// <param name="dataGiven">Whether the reviews come from another data file (then the recorded data paths do not matter).</param>
    public static IReadOnlyList<string> SplitDifferences(TrainingOptions? a, TrainingOptions? b, bool dataGiven)
    {
        var differences = new List<string>();
        if (a is null || b is null)
        {
            return differences;
        }
        if (a.Protocol != b.Protocol)
        {
            differences.Add($"protocol {ModelSplit.Name(a.Protocol)} and {ModelSplit.Name(b.Protocol)}");
        }
        if (a.Seed != b.Seed)
        {
            differences.Add($"seed {a.Seed} and {b.Seed}");
        }
        if (a.ValidationFraction != b.ValidationFraction)
        {
            differences.Add(string.Create(CultureInfo.InvariantCulture, $"validation fraction {a.ValidationFraction} and {b.ValidationFraction}"));
        }
        if (a.Limit != b.Limit)
        {
            differences.Add($"TrainingOptions.Limit {a.Limit?.ToString(CultureInfo.InvariantCulture) ?? "none"} and {b.Limit?.ToString(CultureInfo.InvariantCulture) ?? "none"}");
        }
        if (!dataGiven && a.DataPath is not null && b.DataPath is not null
            && !string.Equals(Path.GetFullPath(a.DataPath), Path.GetFullPath(b.DataPath), StringComparison.Ordinal))
        {
            differences.Add($"data '{a.DataPath}' and '{b.DataPath}'");
        }
        return differences;
    }

    /// <summary>A p-value: 4 decimals, or scientific below 10⁻⁴.</summary>
    internal static string PValueText(double p) => p < 1e-4 ? p.ToString("0.0E+0", CultureInfo.InvariantCulture) : p.ToString("0.0000", CultureInfo.InvariantCulture);

    private string LayerName => this.Layers == Attention.Hardmax ? "hardmax" : "softmax";

    /// <summary>The comparison as JSON: both models, the part, the accuracies and their difference with intervals, McNemar's test, the provenance.</summary>
    public JsonObject ToJson(JsonNode provenance) => new()
    {
        ["a"] = Describe(this.PathA, this.A, this.LayerName),
        ["b"] = Describe(this.PathB, this.B, this.LayerName),
        ["split"] = this.Part,
        ["splitDescription"] = this.SplitDescription,
        ["reviews"] = this.Comparison.Reviews,
        ["accuracyA"] = EvaluationFiles.ToJson(this.Comparison.AccuracyA),
        ["accuracyB"] = EvaluationFiles.ToJson(this.Comparison.AccuracyB),
        ["differenceAMinusB"] = EvaluationFiles.ToJson(this.Comparison.Difference),
        ["mcnemar"] = new JsonObject
        {
            ["aRightBWrong"] = this.Comparison.OnlyA,
            ["aWrongBRight"] = this.Comparison.OnlyB,
            ["pValue"] = TrainingJson.Number(this.Comparison.PValue),
            ["test"] = "exact two-sided binomial test on the discordant reviews",
        },
        ["provenance"] = provenance,
    };

    /// <summary>The comparison as text: the split, the part, one line per model, the difference and McNemar's test.</summary>
    public string Text()
    {
        CultureInfo c = CultureInfo.InvariantCulture;
        ModelComparison comparison = this.Comparison;
        var text = new StringBuilder();
        text.AppendLine(this.SplitDescription);
        text.AppendLine(c, $"scored: {EvaluationFiles.Describe(this.Part)}, {comparison.Reviews} reviews");
        text.AppendLine(c, $"A {this.PathA}: {Title(this.A, this.LayerName)}, accuracy {comparison.AccuracyA.Estimate:F4}, 95 % interval {EvaluationFiles.Text(comparison.AccuracyA)}");
        text.AppendLine(c, $"B {this.PathB}: {Title(this.B, this.LayerName)}, accuracy {comparison.AccuracyB.Estimate:F4}, 95 % interval {EvaluationFiles.Text(comparison.AccuracyB)}");
        text.AppendLine(c, $"difference A − B: {comparison.Difference.Estimate:+0.0000;−0.0000;0.0000}, 95 % paired bootstrap interval [{comparison.Difference.Low:+0.0000;−0.0000;0.0000}, {comparison.Difference.High:+0.0000;−0.0000;0.0000}]");
        text.AppendLine(c, $"McNemar's exact test: A right and B wrong on {comparison.OnlyA}, A wrong and B right on {comparison.OnlyB}; p = {PValueText(comparison.PValue)}");
        return text.ToString();
    }

    private static string Title(LoadedModel model, string layers)
        => model.Hardmax is ClassifierModel h
            ? string.Create(CultureInfo.InvariantCulture, $"hardmax d = {h.Settings.Dimension}, K = {h.Settings.Layers} ({layers} layers)")
            : string.Create(CultureInfo.InvariantCulture, $"attention d = {model.Dimension}");

    private static JsonObject Describe(string path, LoadedModel model, string layers) => new()
    {
        ["model"] = path,
        ["architecture"] = model.ArchitectureName,
        ["dimension"] = model.Dimension,
        ["layers"] = model.Hardmax is null ? null : layers,
    };
}
