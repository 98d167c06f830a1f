using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using HardmaxCore.Classifier;

namespace HardmaxCore.Train.Commands;

/// <summary>
/// <c>hardmax compare RUN_A RUN_B</c>: two trained models (either architecture) on the same reviews — each model's
/// accuracy with its bootstrap interval, the paired difference A − B with its interval, and McNemar's exact test on the
/// reviews where they disagree (<see cref="ModelComparison"/>).
/// </summary>
/// <remarks>
/// <code>hardmax compare runs/A runs/B [--data PATH] [--split test|validation|train|all] [--hardmax-layers] [--allow-overlap] [--threads N] [--json]</code>
/// The reviews are model A's own split (its protocol, seed, subset and data); B must have been trained on the same split,
/// or its "test" reviews could include reviews it trained on (refused unless --allow-overlap). Each model encodes the
/// reviews with its own vocabulary.
/// </remarks>
internal static class CompareCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var first = new Argument<string>("RUN_A") { Description = "The first model: a run folder or model file." };
        var second = new Argument<string>("RUN_B") { Description = "The second model: a run folder or model file." };
        var data = TrainCommand.DataOption();
        var split = EvaluationOutput.SplitOption();
        var hardmaxLayers = new Option<bool>("--hardmax-layers") { Description = "Score hardmax models with hardmax layers instead of the softmax layers they were trained with." };
        var allowOverlap = CliOptions.AllowOverlap();
        var threads = TrainCommand.ThreadsOption();
        var json = CliOptions.Json("Print one JSON object (accuracies, difference, McNemar) instead of text.");
        var command = new Command("compare", "Two models on the same reviews: accuracies with 95 % bootstrap intervals, the paired difference and its interval, McNemar's exact test.")
        {
            first, second, data, split, hardmaxLayers, allowOverlap, threads, json,
        };
        command.SetAction(parseResult => CommandRunner.Execute(parseResult, context =>
        {
            ParseResult p = context.ParseResult;
            string pathA = p.GetValue(first)!;
            string pathB = p.GetValue(second)!;
            using LoadedModel a = LoadedModel.Load(pathA);
            using LoadedModel b = LoadedModel.Load(pathB);
            string? dataPath = p.GetValue(data);
            if (!p.GetValue(allowOverlap))
            {
                RequireSameSplit(a.Training, b.Training, dataPath is not null);
            }
            (PreparedData preparedA, string description) = a.OwnSplit(dataPath, context.Error);
            PreparedData preparedB = b.Encode(preparedA);
            string part = p.GetValue(split)!;
            (EncodedReviews reviewsA, _) = EvaluationOutput.Part(preparedA, part);
            (EncodedReviews reviewsB, _) = EvaluationOutput.Part(preparedB, part);
            int threadCount = p.GetValue(threads) ?? Environment.ProcessorCount;
            Attention layers = p.GetValue(hardmaxLayers) ? Attention.Hardmax : Attention.Softmax;
            int[] predictionsA = Confusion.Of(a.Logits(reviewsA, threadCount, layers), reviewsA.Labels).Predictions;
            int[] predictionsB = Confusion.Of(b.Logits(reviewsB, threadCount, layers), reviewsB.Labels).Predictions;
            ModelComparison comparison = ModelComparison.Of(predictionsA, predictionsB, reviewsA.Labels, new BootstrapOptions());
            string layerName = layers == Attention.Hardmax ? "hardmax" : "softmax";
            if (p.GetValue(json))
            {
                var result = new JsonObject
                {
                    ["a"] = Describe(pathA, a, layerName),
                    ["b"] = Describe(pathB, b, layerName),
                    ["split"] = part,
                    ["splitDescription"] = description,
                    ["reviews"] = comparison.Reviews,
                    ["accuracyA"] = EvaluationOutput.ToJson(comparison.AccuracyA),
                    ["accuracyB"] = EvaluationOutput.ToJson(comparison.AccuracyB),
                    ["differenceAMinusB"] = EvaluationOutput.ToJson(comparison.Difference),
                    ["mcnemar"] = new JsonObject
                    {
                        ["aRightBWrong"] = comparison.OnlyA,
                        ["aWrongBRight"] = comparison.OnlyB,
                        ["pValue"] = TrainingJson.Number(comparison.PValue),
                        ["test"] = "exact two-sided binomial test on the discordant reviews",
                    },
                    ["provenance"] = Provenance.Start(threadCount).Finish().ToJson(),
                };
                context.Output.WriteLine(result.ToJsonString(TrainingJson.Options));
                return ExitCodes.Success;
            }
            CultureInfo c = CultureInfo.InvariantCulture;
            var text = new StringBuilder();
            text.AppendLine(description);
            text.AppendLine(c, $"scored: {(part == "all" ? "every review of the data" : $"the {part} part")}, {comparison.Reviews} reviews");
            text.AppendLine(c, $"A {pathA}: {Title(a, layerName)}, accuracy {comparison.AccuracyA.Estimate:F4}, 95 % interval {EvaluationOutput.Text(comparison.AccuracyA)}");
            text.AppendLine(c, $"B {pathB}: {Title(b, layerName)}, accuracy {comparison.AccuracyB.Estimate:F4}, 95 % interval {EvaluationOutput.Text(comparison.AccuracyB)}");
            text.AppendLine(c, $"difference A − B: {comparison.Difference.Estimate:+0.0000;−0.0000;0.0000}, 95 % paired bootstrap interval [{comparison.Difference.Low:+0.0000;−0.0000;0.0000}, {comparison.Difference.High:+0.0000;−0.0000;0.0000}]");
            text.AppendLine(c, $"McNemar's exact test: A right and B wrong on {comparison.OnlyA}, A wrong and B right on {comparison.OnlyB}; p = {PValueText(comparison.PValue)}");
            context.Output.Write(text.ToString());
            return ExitCodes.Success;
        }));
        return command;
    }

    /// <summary>A p-value as text: four decimals, or scientific notation below 10⁻⁴.</summary>
    internal static string PValueText(double p) => p < 1e-4 ? p.ToString("0.0E+0", CultureInfo.InvariantCulture) : p.ToString("0.0000", CultureInfo.InvariantCulture);

    /// <summary>Refuses two models trained on different splits (protocol, seed, validation fraction, subset or data file).</summary>
    private static void RequireSameSplit(TrainingOptions? a, TrainingOptions? b, bool dataGiven)
    {
        if (a is null || b is null)
        {
            return;
        }
        var differences = new List<string>();
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
            differences.Add($"--limit {a.Limit?.ToString(CultureInfo.InvariantCulture) ?? "none"} and {b.Limit?.ToString(CultureInfo.InvariantCulture) ?? "none"}");
        }
        if (!dataGiven && a.DataPath is not null && b.DataPath is not null
            && !string.Equals(Path.GetFullPath(a.DataPath), Path.GetFullPath(b.DataPath), StringComparison.Ordinal))
        {
            differences.Add($"data '{a.DataPath}' and '{b.DataPath}'");
        }
        if (differences.Count > 0)
        {
            throw new CliException(
                $"the two models were trained on different splits ({string.Join(", ", differences)}): A's test reviews may be B's training reviews. Train both on the same split, or add --allow-overlap to compare anyway.");
        }
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
