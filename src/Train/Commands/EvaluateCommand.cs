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
/// matrix and per-class precision and recall (SPEC §3.4).
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
            if (AttentionCommands.IsAttention(modelPath))
            {
                return AttentionCommands.Evaluate(context, modelPath, p.GetValue(data), InterpretabilityOptions.ProtocolOf(p.GetValue(protocol)), p.GetValue(seed), p.GetValue(split)!,
                    p.GetValue(threads) ?? Environment.ProcessorCount, p.GetValue(json), predictionsPath);
            }
            using LiveDisplay display = LiveDisplay.For(context, context.Output);
            Interruption.Current.Display = display;
            display.Status("loading the model and the reviews…", force: true);
            (ClassifierModel classifier, JsonObject header, _) = ClassifierModel.Load(ResolveModelPath(modelPath));
            ModelSplit modelSplit = ModelSplit.Load(
                classifier, header, p.GetValue(data), InterpretabilityOptions.ProtocolOf(p.GetValue(protocol)), p.GetValue(seed), p.GetValue(allowOverlap), context.Error);
            PreparedData prepared = modelSplit.Data;
            string part = p.GetValue(split)!;
            (EncodedReviews reviews, IReadOnlyList<Review> texts) = EvaluationOutput.Part(prepared, part);
            using var passes = new ParallelPasses(classifier.Settings, p.GetValue(threads) ?? Environment.ProcessorCount);
            var provenance = Provenance.Start(passes.Threads, modelSplit.DataPath);
            display.Status($"softmax pass over {reviews.Count} reviews…", force: true);
            long start = Stopwatch.GetTimestamp();
            float[] softmaxLogits = passes.Logits(reviews, classifier.Parameters, Attention.Softmax);
            double softmaxSeconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
            display.Status($"hardmax pass over {reviews.Count} reviews…", force: true);
            start = Stopwatch.GetTimestamp();
            float[] hardmaxLogits = passes.Logits(reviews, classifier.Parameters, Attention.Hardmax);
            double hardmaxSeconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
            var softmax = Confusion.Of(softmaxLogits, reviews.Labels);
            var hardmax = Confusion.Of(hardmaxLogits, reviews.Labels);
            Interval softmaxInterval = EvaluationOutput.AccuracyInterval(softmax.Predictions, reviews.Labels);
            Interval hardmaxInterval = EvaluationOutput.AccuracyInterval(hardmax.Predictions, reviews.Labels);
            if (predictionsPath is not null)
            {
                EvaluationOutput.WritePredictions(predictionsPath, texts, softmaxLogits, hardmaxLogits);
                context.Error.WriteLine($"{CommandRunner.ToolName} evaluate: wrote {predictionsPath} ({texts.Count} reviews).");
            }
            var speed = new InferenceSpeed(passes.Threads, reviews.Count / softmaxSeconds, reviews.Count / hardmaxSeconds);
            double agreement = Confusion.Agreement(softmax, hardmax);
            display.Clear();
            if (p.GetValue(json))
            {
                var result = new JsonObject
                {
                    ["model"] = modelPath,
                    ["split"] = part,
                    ["reviews"] = reviews.Count,
                    ["protocol"] = ModelSplit.Name(modelSplit.Protocol),
                    ["seed"] = modelSplit.Seed,
                    ["splitSizes"] = modelSplit.ToJson(),
                    ["softmax"] = softmax.ToJson(),
                    ["hardmax"] = hardmax.ToJson(),
                    ["softmaxAccuracyInterval"] = EvaluationOutput.ToJson(softmaxInterval),
                    ["hardmaxAccuracyInterval"] = EvaluationOutput.ToJson(hardmaxInterval),
                    ["agreement"] = TrainingJson.Number(agreement),
                    ["threads"] = speed.Threads,
                    ["softmaxReviewsPerSecond"] = TrainingJson.Number(Math.Round(speed.Softmax)),
                    ["hardmaxReviewsPerSecond"] = TrainingJson.Number(Math.Round(speed.Hardmax)),
                    ["provenance"] = provenance.Finish().ToJson(),
                };
                context.Output.WriteLine(result.ToJsonString(TrainingJson.Options));
            }
            else
            {
                context.Output.Write(Report(modelPath, classifier, part, reviews.Count, softmax, hardmax, agreement, speed, modelSplit.Describe()));
                context.Output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"accuracy, 95 % bootstrap interval: softmax {EvaluationOutput.Text(softmaxInterval)}, hardmax {EvaluationOutput.Text(hardmaxInterval)}"));
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

    private static string Report(
        string path, ClassifierModel model, string part, int count, Confusion softmax, Confusion hardmax, double agreement, InferenceSpeed speed, string splitLine)
    {
        var text = new StringBuilder();
        CultureInfo c = CultureInfo.InvariantCulture;
        text.AppendLine(c, $"model {path}: d = {model.Settings.Dimension}, K = {model.Settings.Layers}, V = {model.Vocabulary.Count}, α = {model.Parameters.Alpha[0]:F4}");
        text.AppendLine(splitLine);
        text.AppendLine(c, $"evaluated: {(part == "all" ? "every review of the data" : $"the {part} part")}, {count} reviews");
        text.AppendLine();
        text.AppendLine("                     softmax   hardmax");
        AppendRates(text, softmax, hardmax);
        text.AppendLine(c, $"F1 (pos)             {Cell(softmax.F1),7}   {Cell(hardmax.F1),7}");
        text.AppendLine(c, $"ROC-AUC              {Cell(softmax.RocAuc),7}   {Cell(hardmax.RocAuc),7}");
        text.AppendLine(c, $"softmax/hardmax agreement {Cell(agreement)}");
        text.AppendLine(c, $"inference ({speed.Threads} threads): {speed.Softmax:F0} reviews/s softmax, {speed.Hardmax:F0} reviews/s hardmax");
        foreach ((string name, Confusion m) in new[] { ("softmax", softmax), ("hardmax", hardmax) })
        {
            text.AppendLine();
            text.AppendLine(c, $"confusion matrix ({name}): rows true, columns predicted");
            text.AppendLine("             neg      pos");
            text.AppendLine(c, $"  neg   {m.Counts[0, 0],7}  {m.Counts[0, 1],7}");
            text.AppendLine(c, $"  pos   {m.Counts[1, 0],7}  {m.Counts[1, 1],7}");
        }
        return text.ToString();
    }
}

/// <summary>Inference throughput of one evaluation (text to logit, data already encoded).</summary>
/// <param name="Threads">Cores used.</param>
/// <param name="Softmax">Reviews per second with softmax layers.</param>
/// <param name="Hardmax">Reviews per second with hardmax layers.</param>
internal readonly record struct InferenceSpeed(int Threads, double Softmax, double Hardmax);
