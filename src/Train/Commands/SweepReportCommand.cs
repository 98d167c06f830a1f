using System.CommandLine;
using HardmaxCore.Classifier;
using HardmaxCore.Clustering;
using HardmaxCore.Experiments.Runs;
using HardmaxCore.Train.Plotting;

namespace HardmaxCore.Train.Commands;

/// <summary>
/// <c>hardmax sweep-report runs/NAME</c>: merges the finished runs of a sweep into one row per configuration, mean ± std
/// (and min, max) over seeds (<see cref="SweepReport"/>), the best configuration chosen on mean validation accuracy.
/// </summary>
/// <remarks>
/// <code>hardmax sweep-report runs/NAME [--json] [--plot acc.png|.svg|.pdf] [--width-in W] [--height-in H] [--font-pt P] [--dpi D]</code>
/// The Markdown table (or with <c>--json</c> one JSON object) goes to stdout; <c>--plot</c> writes test accuracy against d
/// with error bars and [AFZ]'s points.
/// </remarks>
internal static class SweepReportCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var root = new Argument<string>("sweep") { Description = "The sweep folder (the --out of 'hardmax sweep').", HelpName = "runs/NAME" };
        var json = new Option<bool>("--json") { Description = "Print exactly one JSON object instead of the Markdown table." };
        var plot = new Option<string?>("--plot") { Description = "Also write test accuracy against d, mean ± std over seeds, with [AFZ]'s points: .png, .svg or .pdf by the extension.", HelpName = "FILE.png|FILE.svg|FILE.pdf" };
        var command = new Command("sweep-report", "Summarise the finished runs of a sweep: mean ± std over seeds per configuration; the best chosen on validation.")
        {
            root, json, plot,
        };
        FigureOptions figure = FigureOptions.AddTo(command);
        command.SetAction(parseResult => CommandRunner.Execute(parseResult, context =>
        {
            ParseResult p = context.ParseResult;
            string? plotPath = p.GetValue(plot);
            FigureFormat? format = plotPath is null ? null : FigureOptions.Check(plotPath, "--plot");
            FigurePage page = figure.Page(p, FigureSize.Sweep);
            SweepReport report = SweepReport.Load(p.GetValue(root)!);
            if (p.GetValue(json))
            {
                context.Output.WriteLine(report.ToJson().ToJsonString(TrainingJson.Options));
            }
            else
            {
                context.Output.Write(report.ToMarkdown());
            }
            if (plotPath is not null)
            {
                AtomicFile.WriteAllBytes(plotPath, SweepFigure.Render(report, page, format!.Value));
                context.Error.WriteLine($"{CommandRunner.ToolName} sweep-report: wrote {plotPath}.");
            }
            return ExitCodes.Success;
        }));
        return command;
    }
}
