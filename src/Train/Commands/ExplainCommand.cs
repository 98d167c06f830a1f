using System.CommandLine;
using HardmaxCore.Experiments.Interpretability;
using HardmaxCore.Classifier;

namespace HardmaxCore.Train.Commands;

/// <summary>
/// <c>hardmax explain</c>: one review as a self-contained HTML page with every word highlighted by its role at the last
/// hardmax layer (leader or follower) and the decoder score of the leader it ends at (SPEC §3.6, <see cref="ReviewHtml"/>);
/// for a standard self-attention model, every word shaded by the attention it receives (<see cref="AttentionHtml"/>).
/// </summary>
/// <remarks><code>hardmax explain --model M ("text …" | --review ID [--data PATH] [--protocol P] [--seed S]) --out review.html</code></remarks>
internal static class ExplainCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var model = EvaluateCommand.ModelOption();
        var text = InterpretabilityOptions.TextArgument();
        var textOption = InterpretabilityOptions.TextOption();
        var review = InterpretabilityOptions.Review();
        var data = TrainCommand.DataOption();
        var protocol = InterpretabilityOptions.Protocol();
        Option<int?> seed = CliOptions.SplitSeed();
        var allowOverlap = CliOptions.AllowOverlap();
        var output = new Option<string>("--out", "-o") { Description = "The HTML file to write.", HelpName = "FILE.html", Required = true };
        var command = new Command("explain", "Write a review as HTML with every word highlighted by its role (leader/follower) and decoder score.")
        {
            model, text, textOption, review, data, protocol, seed, allowOverlap, output,
        };
        command.SetAction(parseResult => CommandRunner.Execute(parseResult, context =>
        {
            ParseResult p = context.ParseResult;
            string outPath = p.GetValue(output)!;
            OutputFiles.RequireFolder(outPath, "--out");
            using SentimentClassifier classifier = LoadedModel.Open(p.GetValue(model)!);
            (string reviewText, string title) = new ReviewSelection(InterpretabilityOptions.TextOf(p.GetValue(text), p.GetValue(textOption)), p.GetValue(review)).Resolve(
                () => ModelSplit.Load(classifier, p.GetValue(data), ModelSplit.ProtocolNamed(p.GetValue(protocol)), p.GetValue(seed), p.GetValue(allowOverlap), context.Error));
            (byte[] html, string summary) = ReviewExplanation.Render(classifier, reviewText, title);
            AtomicFile.WriteAllBytes(outPath, html);
            context.Output.WriteLine($"{summary}  wrote {outPath}");
            return ExitCodes.Success;
        }));
        return command;
    }
}
