using System.CommandLine;
using HardmaxCore.Experiments;
using HardmaxCore.Experiments.Plotting;
using HardmaxCore.Train.Commands;

namespace HardmaxCore.Train.Plotting;

/// <summary>
/// The one set of figure options of every command that draws: the format from the file's extension (.png, .svg,
/// .pdf; anything else refused before any work), <c>--width-in</c>/<c>--height-in</c> (the page, in inches),
/// <c>--font-pt</c> (axis labels in points; ticks and legends 0.9 of it, titles 1.15) and <c>--dpi</c> (PNG only;
/// <c>--scale S</c> is kept as <c>--dpi 96·S</c>).
/// </summary>
/// <remarks>
/// <code>
/// FigureOptions figure = FigureOptions.AddTo(command);
/// …
/// FigureFormat format = FigureOptions.Check(path, "--out");           // before any work
/// FigurePage page = figure.Page(parseResult, FigureSize.Curves);       // the command's default page, overridden by the options
/// </code>
/// </remarks>
internal sealed class FigureOptions
{
    private readonly Option<double?> _width = CliOptions.Positive("--width-in", "Figure width in inches (default: the figure's own, e.g. 6.5 for curves).");
    private readonly Option<double?> _height = CliOptions.Positive("--height-in", "Figure height in inches (default: the figure's own, in proportion to --width-in).");
    private readonly Option<double?> _font = CliOptions.Positive("--font-pt", "Axis-label size in points (default 9; ticks and legends 0.9 of it, titles 1.15).");
    private readonly Option<double?> _dpi = CliOptions.Dpi();
    private readonly Option<double?> _scale = CliOptions.Scale();

    /// <summary>Adds the options to <paramref name="command"/>.</summary>
    public static FigureOptions AddTo(Command command)
    {
        var options = new FigureOptions();
        command.Options.Add(options._width);
        command.Options.Add(options._height);
        command.Options.Add(options._font);
        command.Options.Add(options._dpi);
        command.Options.Add(options._scale);
        return options;
    }

    /// <summary>Checks before any work that a figure path has a known extension and an existing folder (<see cref="OutputFiles.RequireFigure"/>).</summary>
    public static FigureFormat Check(string path, string option) => OutputFiles.RequireFigure(path, option);

    /// <summary>
    /// The page: <paramref name="defaults"/> with the options given on the command line (<see cref="FigureOverrides.Apply"/>:
    /// a width alone keeps the default's aspect ratio; so does a height alone).
    /// </summary>
    /// <exception cref="ExperimentException">--dpi with --scale, or a page out of range (<see cref="FigurePage.Validate"/>).</exception>
    public FigurePage Page(ParseResult parseResult, FigurePage defaults) => new FigureOverrides(
        parseResult.GetValue(this._width), parseResult.GetValue(this._height), parseResult.GetValue(this._font), parseResult.GetValue(this._dpi), parseResult.GetValue(this._scale)).Apply(defaults);
}
