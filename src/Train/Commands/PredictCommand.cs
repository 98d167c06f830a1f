using System.CommandLine;
using HardmaxCore.Classifier;

namespace HardmaxCore.Train.Commands;

/// <summary>
/// <c>hardmax predict</c>: the probability that a review is positive, its label, and its leader words: the distinct
/// tokens that are leaders of the last layer of the hardmax dynamics (SPEC §3.6), with their decoder scores <c>v·z + b</c>.
/// </summary>
/// <remarks><code>hardmax predict --model runs/NAME "text …" ["text …"]   |   hardmax predict --model M --file reviews.txt   [--json]</code></remarks>
internal static class PredictCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var model = EvaluateCommand.ModelOption();
        var texts = new Argument<string[]>("text") { Description = "Reviews to classify.", Arity = ArgumentArity.ZeroOrMore };
        var file = new Option<string?>("--file", "-f") { Description = "A text file with one review per line.", HelpName = "FILE" };
        var json = new Option<bool>("--json") { Description = "Print one JSON object per review (JSON lines)." };
        var command = new Command("predict", "Classify reviews with a trained model and show their leader words.") { model, texts, file, json };
        command.SetAction(parseResult => CommandRunner.Execute(parseResult, context =>
        {
            ParseResult p = context.ParseResult;
            var reviews = new List<string>(p.GetValue(texts) ?? []);
            string? path = p.GetValue(file);
            if (path is not null)
            {
                if (!File.Exists(path))
                {
                    throw new CliException($"--file '{path}' does not exist.");
                }
                reviews.AddRange(File.ReadLines(path).Where(line => !string.IsNullOrWhiteSpace(line)));
            }
            if (reviews.Count == 0)
            {
                throw new CliException("give the review text as an argument (in quotes) or --file FILE with one review per line.");
            }
            if (AttentionCommands.IsAttention(p.GetValue(model)!))
            {
                return AttentionCommands.Predict(context, p.GetValue(model)!, reviews, p.GetValue(json));
            }
            (ClassifierModel classifier, _, _) = ClassifierModel.Load(EvaluateCommand.ResolveModelPath(p.GetValue(model)!));
            using var predictor = new SentimentClassifier(classifier);
            foreach (string review in reviews)
            {
                Prediction prediction = predictor.Predict(review);
                context.Output.WriteLine(p.GetValue(json) ? prediction.ToJson().ToJsonString() : prediction.ToString());
            }
            return ExitCodes.Success;
        }));
        return command;
    }
}
