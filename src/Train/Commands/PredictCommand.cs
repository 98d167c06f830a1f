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
                using FileStream stream = UserFile.OpenRead(path, "review list (--file)", UserFile.TextFileCap);
                using var reader = new StreamReader(stream);
                for (string? line = reader.ReadLine(); line is not null; line = reader.ReadLine())
                {
                    if (!string.IsNullOrWhiteSpace(line))
                    {
                        reviews.Add(line);
                    }
                }
            }
            int blank = reviews.FindIndex(string.IsNullOrWhiteSpace);
            if (blank >= 0)
            {
                // As explain: an empty review has no tokens to classify.
                throw new CliException(reviews.Count == 1 ? "the review text is empty." : $"the review text is empty (review {blank + 1} of {reviews.Count}).");
            }
            if (reviews.Count == 0)
            {
                throw new CliException("give the review text as an argument (in quotes) or --file FILE with one review per line.");
            }
            (ClassifierModel classifier, _, _) = ClassifierModel.Load(EvaluateCommand.ResolveModelPath(p.GetValue(model)!));
            using var predictor = new SentimentClassifier(classifier);
            foreach (string review in reviews)
            {
                Prediction prediction = predictor.Predict(review);
                context.Output.WriteLine(p.GetValue(json) ? prediction.ToJson().ToJsonString() : TerminalText.Escape(prediction.ToString()));
            }
            return ExitCodes.Success;
        }));
        return command;
    }
}
