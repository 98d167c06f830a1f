using System.CommandLine;
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
            if (predictionsPath is not null)
            {
                OutputFiles.RequireFolder(predictionsPath, "--predictions");
            }
            using LiveDisplay display = LiveDisplay.For(context, context.Output);
            Interruption.Current.Display = display;
            display.Status("loading the model and the reviews…", force: true);
            using SentimentClassifier classifier = LoadedModel.Open(modelPath);
            ModelSplit modelSplit = ModelSplit.Load(
                classifier, p.GetValue(data), ModelSplit.ProtocolNamed(p.GetValue(protocol)), p.GetValue(seed), p.GetValue(allowOverlap), context.Error);
            int threadCount = Math.Max(1, p.GetValue(threads) ?? Environment.ProcessorCount);
            var provenance = Provenance.Start(threadCount, modelSplit.DataPath);
            ModelEvaluation evaluation = ModelEvaluation.Run(classifier, modelSplit, p.GetValue(split)!, threadCount, line => display.Status(line, force: true));
            if (predictionsPath is not null)
            {
                AtomicFile.WriteAllBytes(predictionsPath, evaluation.PredictionsCsv());
                Interruption.Current.Saved(predictionsPath);
                context.Error.WriteLine($"{CommandRunner.ToolName} evaluate: wrote {predictionsPath} ({evaluation.Reviews.Count} reviews).");
            }
            display.Clear();
            if (p.GetValue(json))
            {
                context.Output.WriteLine(evaluation.ToJson(modelPath, classifier, modelSplit, provenance.Finish().ToJson()).ToJsonString(TrainingJson.Options));
            }
            else
            {
                context.Output.Write(evaluation.Text(modelPath, classifier, modelSplit));
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
}
