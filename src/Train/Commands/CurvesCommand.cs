using System.CommandLine;
using HardmaxCore.Train.Interpretability;
using HardmaxCore.Train.Plotting;

namespace HardmaxCore.Train.Commands;

/// <summary>
/// <c>hardmax curves</c>: training loss and accuracies (train, validation, test with softmax and with hardmax layers) per
/// epoch, from the metrics.json of one or more runs, on one figure.
/// </summary>
/// <remarks><code>hardmax curves runs/NAME [runs/OTHER …] --out curves.png|curves.svg [--scale 2 | --dpi 300]</code></remarks>
internal static class CurvesCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var runs = new Argument<string[]>("runs") { Description = "Run folders (or their metrics.json files).", Arity = ArgumentArity.OneOrMore, HelpName = "runs/NAME" };
        var output = new Option<string>("--out", "-o") { Description = "The figure: .png or .svg (by the extension).", HelpName = "FILE.png|FILE.svg", Required = true };
        Option<double?> scale = CliOptions.Scale();
        Option<double?> dpi = CliOptions.Dpi();
        var command = new Command("curves", "Plot training loss and accuracies per epoch of one or more runs (metrics.json).") { runs, output, scale, dpi };
        command.SetAction(parseResult => CommandRunner.Execute(parseResult, context =>
        {
            ParseResult p = context.ParseResult;
            string outPath = p.GetValue(output)!;
            Figures.CheckPath(outPath, "--out");
            double factor = CliOptions.ScaleOf(p, scale, dpi);
            TrainingCurves[] curves = p.GetValue(runs)!.Select(TrainingCurves.Load).ToArray();
            AtomicFile.WriteAllBytes(outPath, TrainingCurves.Figure(curves, svg: Figures.IsSvg(outPath, "--out"), scale: factor));
            context.Error.WriteLine($"{CommandRunner.ToolName} curves: {curves.Length} run(s), {curves.Sum(c => c.Epoch.Length)} epochs; wrote {outPath}.");
            return ExitCodes.Success;
        }));
        return command;
    }
}
