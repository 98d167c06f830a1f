using System.CommandLine;
using HardmaxCore.Classifier;

namespace HardmaxCore.Train.Commands;

/// <summary>
/// <c>hardmax predict</c>: the probability that a review is positive, its label, and its leader words: the distinct
/// tokens that are leaders of the last layer of the hardmax dynamics (docs/mathematics.md), with their decoder scores
/// <c>v·z + b</c>; for a standard self-attention model, the most attended words (<see cref="SentimentClassifier.Predict"/>).
/// </summary>
/// <remarks>
/// <code>hardmax predict --model runs/NAME "text …" ["text …"]   |   hardmax predict --model M --file reviews.txt|-   [--json]</code>
/// One output line per input: with <c>--file</c>, one per line of the file, blank lines included (they print a line
/// saying so), so that outputs line up with inputs (<c>paste reviews.txt predictions.txt</c>). <c>--file -</c> reads
/// standard input. With <c>--json</c>, one JSON object per line (JSON lines) with the line number and provenance.
/// </remarks>
internal static class PredictCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var model = EvaluateCommand.ModelOption();
        var texts = new Argument<string[]>("text") { Description = "Reviews to classify, each in quotes.", Arity = ArgumentArity.ZeroOrMore };
        var text = InterpretabilityOptions.TextOption();
        var file = new Option<string?>("--file", "-f") { Description = "A text file with one review per line ('-' reads standard input); one output line per input line.", HelpName = "FILE|-" };
        var json = CliOptions.Json("Print one JSON object per review (JSON lines), with provenance.");
        var command = new Command("predict", "Classify reviews with a trained model and show their leader words.") { model, texts, text, file, json };
        command.SetAction(parseResult => CommandRunner.Execute(parseResult, context =>
        {
            ParseResult p = context.ParseResult;
            List<string> reviews = new ReviewList([.. p.GetValue(texts) ?? [], .. p.GetValue(text) is string single ? [single] : Array.Empty<string>()], p.GetValue(file)).Read(Console.In);
            var provenance = Provenance.Start(1);
            using SentimentClassifier predictor = LoadedModel.Open(p.GetValue(model)!);
            int unknown = PredictionLines.Write(predictor, reviews, p.GetValue(json), provenance, context.Output);
            if (unknown > 0)
            {
                context.Error.WriteLine($"{CommandRunner.ToolName} predict: {unknown} of {reviews.Count} reviews have no word the model knows; their probability is that of padding alone.");
            }
            return ExitCodes.Success;
        }));
        return command;
    }
}
