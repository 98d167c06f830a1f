using System.CommandLine;
using System.Text.Json.Nodes;
using HardmaxCore.Experiments.Interpretability;
using HardmaxCore.Classifier;
using HardmaxCore.Train.Plotting;

namespace HardmaxCore.Train.Commands;

/// <summary>
/// <c>hardmax trajectory</c>: one review's tokens at every hardmax layer (docs/mathematics.md), a PNG per layer
/// (<c>layer-00.png</c> …) and an animated GIF (<c>trajectory.gif</c>) in the output folder, and with <c>--json</c> every
/// layer's tokens, leaders and words on stdout. For d = 2 the pictures show the tokens themselves; for d &gt; 2 their
/// projection on the decoder direction and the first principal direction orthogonal to it (see <see cref="PlaneView"/>),
/// labelled as such.
/// </summary>
/// <remarks><code>hardmax trajectory --model M ("text …" | --review ID [--data PATH] [--protocol P] [--seed S]) [--out DIR] [--json] [--size PX] [--scale S] [--delay CS]</code></remarks>
internal static class TrajectoryCommand
{
    /// <summary>The widest picture drawn: 8192 px (a frame is then 8192 × 10650 × 4 bytes, 350 MB).</summary>
    public const int MaximumSize = 8192;

    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var model = EvaluateCommand.ModelOption();
        var textArgument = InterpretabilityOptions.TextArgument();
        var text = InterpretabilityOptions.TextOption();
        var review = InterpretabilityOptions.Review();
        var data = TrainCommand.DataOption();
        var protocol = InterpretabilityOptions.Protocol();
        Option<int?> seed = CliOptions.SplitSeed();
        var allowOverlap = CliOptions.AllowOverlap();
        var output = new Option<string?>("--out", "-o") { Description = "The folder for layer-KK.png and trajectory.gif (created if missing).", HelpName = "DIR" };
        var json = CliOptions.Json("Print every layer's tokens (word, repeats, position, leader, leader followed at the last layer) as JSON on stdout.");
        Option<int> size = InterpretabilityOptions.Integer("--size", "Width of each picture in pixels (the height is 1.45 times it, the legend below)", 640, 200, MaximumSize);
        Option<int> delay = InterpretabilityOptions.Integer("--delay", "GIF frame delay in 1/100 s", 90, 1, 65535 / 3);
        var command = new Command("trajectory", "Draw one review's tokens at every hardmax layer: leaders, clusters, decoder line; PNG per layer and a GIF, or JSON.")
        {
            model, textArgument, text, review, data, protocol, seed, allowOverlap, output, json, size, delay,
        };
        FigureOptions figure = FigureOptions.AddTo(command);
        command.SetAction(parseResult => CommandRunner.Execute(parseResult, context =>
        {
            ParseResult p = context.ParseResult;
            string? folder = p.GetValue(output);
            bool asJson = p.GetValue(json);
            if (folder is null && !asJson)
            {
                throw new CliException("give --out DIR for the pictures, --json for the numbers on stdout, or both.");
            }
            // The frames are PNG (and the GIF is made of them): the page defaults to --size pixels at 96 dpi.
            int designSize = p.GetValue(size);
            var page = figure.Page(p, TrajectoryReport.DefaultPage(designSize));
            var provenance = Provenance.Start(1);
            (ClassifierModel classifier, JsonObject header) = LoadedModel.LoadHardmax(p.GetValue(model)!);
            if (classifier.Settings.Dimension < 2 && folder is not null)
            {
                throw new CliException($"trajectory draws tokens in a plane; this model has d = {classifier.Settings.Dimension} (needs d ≥ 2; --json alone works).");
            }
            (string reviewText, string title) = new ReviewSelection(InterpretabilityOptions.TextOf(p.GetValue(textArgument), p.GetValue(text)), p.GetValue(review)).Resolve(
                () => ModelSplit.Load(classifier, header, p.GetValue(data), ModelSplit.ProtocolNamed(p.GetValue(protocol)), p.GetValue(seed), p.GetValue(allowOverlap), context.Error));
            if (folder is not null && File.Exists(folder))
            {
                throw new CliException($"--out '{folder}' is a file; give a folder.");
            }
            using var predictor = new SentimentClassifier(classifier);
            ReviewAnatomy anatomy = predictor.Anatomy(reviewText);
            if (asJson)
            {
                JsonObject result = TrajectoryReport.ToJson(anatomy, title);
                result["provenance"] = provenance.Finish().ToJson();
                context.Output.WriteLine(result.ToJsonString(TrainingJson.Options));
            }
            if (folder is null)
            {
                return ExitCodes.Success;
            }
            string summary = TrajectoryReport.WritePictures(anatomy, title, classifier.Settings.Layers, classifier.Settings.Dimension, new TrajectoryPictures(folder, designSize, page, p.GetValue(delay)));
            context.Error.WriteLine($"{CommandRunner.ToolName} trajectory: {summary}");
            return ExitCodes.Success;
        }));
        return command;
    }
}
