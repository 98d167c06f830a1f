using System.CommandLine;
using HardmaxCore.Clustering;
using HardmaxCore.Experiments.Interpretability;
using HardmaxCore.Train.Plotting;

namespace HardmaxCore.Train.Commands;

/// <summary>
/// <c>hardmax curves</c>: training loss and accuracies (train, validation, test with softmax and with hardmax layers) per
/// epoch, from the metrics.json of one or more runs, on one figure.
/// </summary>
/// <remarks><code>hardmax curves runs/NAME [runs/OTHER …] --out curves.png|.svg|.pdf [--width-in 6.5] [--height-in 2.6] [--font-pt 9] [--dpi 200]</code></remarks>
internal static class CurvesCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var runs = new Argument<string[]>("runs") { Description = "Run folders (or their metrics.json files).", Arity = ArgumentArity.OneOrMore, HelpName = "runs/NAME" };
        var output = new Option<string>("--out", "-o") { Description = "The figure: .png, .svg or .pdf (by the extension).", HelpName = "FILE.png|FILE.svg|FILE.pdf", Required = true };
        var command = new Command("curves", "Plot training loss and accuracies per epoch of one or more runs (metrics.json).") { runs, output };
        FigureOptions figure = FigureOptions.AddTo(command);
        command.SetAction(parseResult => CommandRunner.Execute(parseResult, context =>
        {
            ParseResult p = context.ParseResult;
            string outPath = p.GetValue(output)!;
            FigureFormat format = OutputFiles.RequireFigure(outPath, "--out");
            FigurePage page = figure.Page(p, FigureSize.Curves);
            TrainingCurves[] curves = p.GetValue(runs)!.Select(TrainingCurves.Load).ToArray();
            AtomicFile.WriteAllBytes(outPath, TrainingCurves.Figure(curves, page, format));
            context.Error.WriteLine($"{CommandRunner.ToolName} curves: {curves.Length} run(s), {curves.Sum(c => c.Epoch.Length)} epochs; wrote {outPath}.");
            return ExitCodes.Success;
        }));
        return command;
    }
}
