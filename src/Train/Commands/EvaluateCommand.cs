using System.Diagnostics;
using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using HardmaxCore.Classifier;

namespace HardmaxCore.Train.Commands;

/// <summary>
/// <c>hardmax evaluate</c>: accuracy of a trained model with softmax and hardmax layers, their agreement, the confusion
/// matrix and per-class precision and recall (SPEC §3.4); a standard self-attention model has its softmax attention only,
/// and its <c>--json</c> carries the same fields (those of hardmax layers null).
/// </summary>
/// <remarks>
/// <code>hardmax evaluate --model runs/NAME/model.bin [--data PATH] [--protocol standard|paper] [--seed S] [--allow-overlap] [--split test|validation|train|all] [--predictions out.csv] [--json]</code>
/// Without --data/--protocol/--seed it uses those the model was trained with (and its --limit), so the test split is
/// the same; another protocol or seed is refused without --allow-overlap. The split used is printed.
/// </remarks>
internal static class EvaluateCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var model = ModelOption();
        var data = TrainCommand.DataOption();
        var protocol = InterpretabilityOptions.Protocol();
        Option<int?> seed = CliOptions.SplitSeed();
        var allowOverlap = CliOptions.AllowOverlap();
        var split = EvaluationOutput.SplitOption();
        var predictions = EvaluationOutput.PredictionsOption();
        var threads = TrainCommand.ThreadsOption();
        var json = CliOptions.Json("Print one JSON object (with split and provenance) instead of tables.");
        var command = new Command("evaluate", "Accuracy (softmax and hardmax), F1, ROC-AUC, confusion matrix and per-class precision/recall of a trained model.")
        {
            model, data, protocol, seed, allowOverlap, split, predictions, threads, json,
        };
        command.SetAction(parseResult => CommandRunner.Execute(parseResult, context =>
        {
            ParseResult p = context.ParseResult;
            string modelPath = p.GetValue(model)!;
            string? predictionsPath = p.GetValue(predictions);
            EvaluationOutput.CheckPredictionsPath(predictionsPath);
            using LiveDisplay display = LiveDisplay.For(context, context.Output);
            Interruption.Current.Display = display;
            display.Status("loading the model and the reviews…", force: true);
            using SentimentClassifier classifier = LoadedModel.Open(modelPath);
            ModelSplit modelSplit = ModelSplit.Load(
                classifier, p.GetValue(data), InterpretabilityOptions.ProtocolOf(p.GetValue(protocol)), p.GetValue(seed), p.GetValue(allowOverlap), context.Error);
            PreparedData prepared = modelSplit.Data;
            string part = p.GetValue(split)!;
            (EncodedReviews reviews, IReadOnlyList<Review> texts) = EvaluationOutput.Part(prepared, part);
            int threadCount = Math.Max(1, p.GetValue(threads) ?? Environment.ProcessorCount);
            var provenance = Provenance.Start(threadCount, modelSplit.DataPath);
            // The layers a model has: a hardmax model is scored with softmax (as trained) and hardmax layers, an attention model with its softmax attention.
            bool hasHardmaxLayers = classifier.Architecture == ClassifierArchitecture.Hardmax;
            display.Status($"softmax pass over {reviews.Count} reviews…", force: true);
            long start = Stopwatch.GetTimestamp();
            float[] softmaxLogits = classifier.Logits(reviews, Attention.Softmax, threadCount);
            double softmaxSeconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
            float[]? hardmaxLogits = null;
            double hardmaxSeconds = double.NaN;
            if (hasHardmaxLayers)
            {
                display.Status($"hardmax pass over {reviews.Count} reviews…", force: true);
                start = Stopwatch.GetTimestamp();
                hardmaxLogits = classifier.Logits(reviews, Attention.Hardmax, threadCount);
                hardmaxSeconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
            }
            var softmax = Confusion.Of(softmaxLogits, reviews.Labels);
            Confusion? hardmax = hardmaxLogits is null ? null : Confusion.Of(hardmaxLogits, reviews.Labels);
            Interval softmaxInterval = EvaluationOutput.AccuracyInterval(softmax.Predictions, reviews.Labels);
            Interval? hardmaxInterval = hardmax is null ? null : EvaluationOutput.AccuracyInterval(hardmax.Predictions, reviews.Labels);
            if (predictionsPath is not null)
            {
                EvaluationOutput.WritePredictions(predictionsPath, texts, softmaxLogits, hardmaxLogits);
                context.Error.WriteLine($"{CommandRunner.ToolName} evaluate: wrote {predictionsPath} ({texts.Count} reviews).");
            }
            var speed = new InferenceSpeed(threadCount, reviews.Count / softmaxSeconds, reviews.Count / hardmaxSeconds);
            double? agreement = hardmax is null ? null : Confusion.Agreement(softmax, hardmax);
            display.Clear();
            if (p.GetValue(json))
            {
                // The same fields for both architectures; those of hardmax layers are null for an attention model.
                var result = new JsonObject
                {
                    ["model"] = modelPath,
                    ["architecture"] = LoadedModel.NameOf(classifier.Architecture),
                    ["parameters"] = classifier.ParameterCount,
                    ["split"] = part,
                    ["reviews"] = reviews.Count,
                    ["protocol"] = ModelSplit.Name(modelSplit.Protocol),
                    ["seed"] = modelSplit.Seed,
                    ["splitSizes"] = modelSplit.ToJson(),
                    ["softmax"] = softmax.ToJson(),
                    ["hardmax"] = hardmax?.ToJson(),
                    ["softmaxAccuracyInterval"] = EvaluationOutput.ToJson(softmaxInterval),
                    ["hardmaxAccuracyInterval"] = hardmaxInterval is Interval h ? EvaluationOutput.ToJson(h) : null,
                    ["agreement"] = agreement is double g ? TrainingJson.Number(g) : null,
                    ["threads"] = speed.Threads,
                    ["softmaxReviewsPerSecond"] = TrainingJson.Number(Math.Round(speed.Softmax)),
                    ["hardmaxReviewsPerSecond"] = TrainingJson.Number(Math.Round(speed.Hardmax)),
                    ["provenance"] = provenance.Finish().ToJson(),
                };
                context.Output.WriteLine(result.ToJsonString(TrainingJson.Options));
            }
            else if (hardmax is not null)
            {
                ClassifierModel m = classifier.Model;
                context.Output.Write(Report(
                    string.Create(CultureInfo.InvariantCulture, $"model {modelPath}: d = {m.Settings.Dimension}, K = {m.Settings.Layers}, V = {m.Vocabulary.Count}, α = {m.Parameters.Alpha[0]:F4}"),
                    modelSplit.Describe(), part, reviews.Count, [("softmax", softmax), ("hardmax", hardmax)], agreement,
                    string.Create(CultureInfo.InvariantCulture, $"inference ({speed.Threads} threads): {speed.Softmax:F0} reviews/s softmax, {speed.Hardmax:F0} reviews/s hardmax"),
                    $"accuracy, 95 % bootstrap interval: softmax {EvaluationOutput.Text(softmaxInterval)}, hardmax {EvaluationOutput.Text(hardmaxInterval!.Value)}"));
            }
            else
            {
                context.Output.Write(Report(
                    string.Create(CultureInfo.InvariantCulture, $"model {modelPath}: standard self-attention, d = {classifier.Dimension}, n = {classifier.Tokens}, V = {classifier.Vocabulary.Count}, {classifier.ParameterCount} parameters"),
                    modelSplit.Describe(), part, reviews.Count, [("softmax", softmax)], null,
                    string.Create(CultureInfo.InvariantCulture, $"inference ({speed.Threads} threads): {speed.Softmax:F0} reviews/s"),
                    $"accuracy, 95 % bootstrap interval: {EvaluationOutput.Text(softmaxInterval)}"));
            }
            return ExitCodes.Success;
        }));
        return command;
    }

    /// <summary>The --model option; a run folder stands for its model.bin.</summary>
    internal static Option<string> ModelOption() => new("--model", "-m")
    {
        Description = "A model file written by 'hardmax train' (or its run folder).",
        HelpName = "MODEL",
        Required = true,
    };

    /// <summary>A run folder stands for the model.bin inside it.</summary>
    internal static string ResolveModelPath(string path)
        => Directory.Exists(path) ? Path.Combine(path, TrainingRun.ModelFileName) : path;

    /// <summary>A table cell: 4 decimals, or <c>–</c> for an undefined ratio (JSON has null).</summary>
    internal static string Cell(double value) => TextTable.Number(value, "F4");

    /// <summary>Accuracy, precision and recall of both classes, one row each, one column per confusion matrix.</summary>
    internal static void AppendRates(StringBuilder text, params Confusion[] columns)
    {
        foreach ((string name, Func<Confusion, double> value) in new (string, Func<Confusion, double>)[]
        {
            ("accuracy", m => m.Accuracy), ("precision (pos)", m => m.Precision(1)), ("recall    (pos)", m => m.Recall(1)),
            ("precision (neg)", m => m.Precision(0)), ("recall    (neg)", m => m.Recall(0)),
        })
        {
            text.Append(name.PadRight(18)).AppendJoin("", columns.Select(m => "   " + Cell(value(m)).PadLeft(7))).AppendLine();
        }
    }

    /// <summary>
    /// The text report: the model and split, then one column per set of layers the model has (softmax and hardmax for a
    /// hardmax model, softmax attention alone for the baseline), their agreement, speed and confusion matrices.
    /// </summary>
    private static string Report(
        string modelLine, string splitLine, string part, int count, (string Name, Confusion Matrix)[] columns, double? agreement, string inference, string intervals)
    {
        var text = new StringBuilder();
        CultureInfo c = CultureInfo.InvariantCulture;
        Confusion[] matrices = columns.Select(m => m.Matrix).ToArray();
        text.AppendLine(modelLine);
        text.AppendLine(splitLine);
        text.AppendLine(c, $"evaluated: {(part == "all" ? "every review of the data" : $"the {part} part")}, {count} reviews");
        text.AppendLine();
        if (columns.Length > 1)
        {
            text.Append(' ', 18).AppendJoin("", columns.Select(m => "   " + m.Name.PadLeft(7))).AppendLine();
        }
        AppendRates(text, matrices);
        text.Append("F1 (pos)".PadRight(18)).AppendJoin("", matrices.Select(m => "   " + Cell(m.F1).PadLeft(7))).AppendLine();
        text.Append("ROC-AUC".PadRight(18)).AppendJoin("", matrices.Select(m => "   " + Cell(m.RocAuc).PadLeft(7))).AppendLine();
        if (agreement is double g)
        {
            text.AppendLine(c, $"softmax/hardmax agreement {Cell(g)}");
        }
        text.AppendLine(inference);
        foreach ((string name, Confusion m) in columns)
        {
            text.AppendLine();
            text.AppendLine(columns.Length > 1 ? $"confusion matrix ({name}): rows true, columns predicted" : "confusion matrix: rows true, columns predicted");
            text.AppendLine("             neg      pos");
            text.AppendLine(c, $"  neg   {m.Counts[0, 0],7}  {m.Counts[0, 1],7}");
            text.AppendLine(c, $"  pos   {m.Counts[1, 0],7}  {m.Counts[1, 1],7}");
        }
        text.AppendLine(intervals);
        return text.ToString();
    }
}

/// <summary>Inference throughput of one evaluation (text to logit, data already encoded).</summary>
/// <param name="Threads">Cores used.</param>
/// <param name="Softmax">Reviews per second with softmax layers.</param>
/// <param name="Hardmax">Reviews per second with hardmax layers.</param>
internal readonly record struct InferenceSpeed(int Threads, double Softmax, double Hardmax);
