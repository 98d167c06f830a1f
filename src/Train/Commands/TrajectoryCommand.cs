using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using HardmaxCore.Train.Interpretability;
using HardmaxCore.Classifier;
using HardmaxCore.Train.Plotting;

namespace HardmaxCore.Train.Commands;

/// <summary>
/// <c>hardmax trajectory</c>: one review's tokens at every hardmax layer (SPEC §3.6), a PNG per layer
/// (<c>layer-00.png</c> …) and an animated GIF (<c>trajectory.gif</c>) in the output folder. For d = 2 the pictures show
/// the tokens themselves; for d &gt; 2 their projection on the decoder direction and the first principal direction
/// orthogonal to it (see <see cref="PlaneView"/>), labelled as such.
/// </summary>
/// <remarks><code>hardmax trajectory --model M (--text "…" | --review ID [--data PATH] [--protocol P]) --out DIR [--size PX] [--delay CS]</code></remarks>
internal static class TrajectoryCommand
{
    /// <summary>The widest picture drawn: 8192 px (a frame is then 8192 × 10650 × 4 bytes, 350 MB).</summary>
    public const int MaximumSize = 8192;

    /// <summary>The animation's file name in the output folder.</summary>
    public const string GifName = "trajectory.gif";

    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var model = EvaluateCommand.ModelOption();
        var text = new Option<string?>("--text", "-t") { Description = "The review text.", HelpName = "TEXT" };
        var review = InterpretabilityOptions.Review();
        var data = TrainCommand.DataOption();
        var protocol = InterpretabilityOptions.Protocol();
        var output = new Option<string>("--out", "-o") { Description = "The folder for layer-KK.png and trajectory.gif (created if missing).", HelpName = "DIR", Required = true };
        Option<int> size = InterpretabilityOptions.Integer("--size", "Width of each picture in pixels (the height is 1.3 times it)", 640, 200, MaximumSize);
        Option<int> delay = InterpretabilityOptions.Integer("--delay", "GIF frame delay in 1/100 s", 90, 1, 65535 / 3);
        var command = new Command("trajectory", "Draw one review's tokens at every hardmax layer: leaders, clusters, decoder line; PNG per layer and a GIF.")
        {
            model, text, review, data, protocol, output, size, delay,
        };
        command.SetAction(parseResult => CommandRunner.Execute(parseResult, context =>
        {
            ParseResult p = context.ParseResult;
            (ClassifierModel classifier, JsonObject header) = InterpretabilityOptions.LoadModel(p.GetValue(model)!);
            if (classifier.Settings.Dimension < 2)
            {
                throw new CliException($"trajectory draws tokens in a plane; this model has d = {classifier.Settings.Dimension} (needs d ≥ 2).");
            }
            (string reviewText, string title) = InterpretabilityOptions.ResolveReview(classifier, header, p.GetValue(text), p.GetValue(review), p.GetValue(data), p.GetValue(protocol), context.Error);
            string folder = p.GetValue(output)!;
            if (File.Exists(folder))
            {
                throw new CliException($"--out '{folder}' is a file; give a folder.");
            }
            int width = p.GetValue(size);
            long pixels = MemoryBudget.Product("--size² × 1.3 × (K+1) frames", width, width + (width * 3 / 10), classifier.Settings.Layers + 1);
            MemoryBudget.Require(string.Create(CultureInfo.InvariantCulture, $"{classifier.Settings.Layers + 1} pictures of {width} px"), MemoryBudget.Product("4 bytes per pixel", 4, pixels), "lower --size");
            using var predictor = new SentimentClassifier(classifier);
            ReviewAnatomy anatomy = predictor.Anatomy(reviewText);
            IReadOnlyList<byte[]> frames = Render(anatomy, width);
            // The folder is created only once there is something to put in it.
            Directory.CreateDirectory(folder);
            for (int k = 0; k < frames.Count; k++)
            {
                AtomicFile.WriteAllBytes(Path.Combine(folder, LayerFileName(k)), frames[k]);
            }
            AtomicFile.WriteAllBytes(Path.Combine(folder, GifName), Figures.Gif(frames, p.GetValue(delay), 3 * p.GetValue(delay)));
            string projection = classifier.Settings.Dimension == 2 ? "" : $" (d = {classifier.Settings.Dimension}: projection on the decoder and first principal directions)";
            context.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{CommandRunner.ToolName} trajectory: {title}: P(positive) = {anatomy.SoftmaxProbability:F3}, {anatomy.Leaders[anatomy.Layers].Length} leaders at layer {anatomy.Layers}; wrote {frames.Count} PNGs and {GifName} to {folder}{projection}."));
            return ExitCodes.Success;
        }));
        return command;
    }

    /// <summary>The file name of the picture of layer k.</summary>
    public static string LayerFileName(int k) => string.Create(CultureInfo.InvariantCulture, $"layer-{k:00}.png");

    /// <summary>One PNG per layer 0..K.</summary>
    internal static IReadOnlyList<byte[]> Render(ReviewAnatomy anatomy, int size)
    {
        PlaneView plane = PlaneView.For(anatomy);
        var view = TrajectoryFigures.View(anatomy, plane);
        return Enumerable.Range(0, anatomy.Layers + 1).Select(k => Figures.Png(TrajectoryFigures.Layer(anatomy, plane, k, view), size, (int)(size * (1 + TrajectoryFigures.LegendRoom)))).ToArray();
    }
}
