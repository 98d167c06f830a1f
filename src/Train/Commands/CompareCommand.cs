using System.CommandLine;
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
            if (!p.GetValue(allowOverlap) && ComparisonReport.SplitDifferences(a.Training, b.Training, dataPath is not null) is { Count: > 0 } differences)
            {
                throw new CliException(
                    $"the two models were trained on different splits ({string.Join(", ", differences)}): A's test reviews may be B's training reviews. Train both on the same split, or add --allow-overlap to compare anyway.");
            }
            int threadCount = p.GetValue(threads) ?? Environment.ProcessorCount;
            ComparisonReport report = ComparisonReport.Run(pathA, a, pathB, b, dataPath, p.GetValue(split)!, p.GetValue(hardmaxLayers) ? Attention.Hardmax : Attention.Softmax, threadCount, context.Error);
            if (p.GetValue(json))
            {
                context.Output.WriteLine(report.ToJson(Provenance.Start(threadCount).Finish().ToJson()).ToJsonString(TrainingJson.Options));
            }
            else
            {
                context.Output.Write(report.Text());
            }
            return ExitCodes.Success;
        }));
        return command;
    }
}
