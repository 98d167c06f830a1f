using System.CommandLine;
using System.Globalization;
using HardmaxCore.Clustering;
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
/// FigureFormat format = FigureOptions.FormatOf(path, "--out");        // before any work
/// FigurePage page = figure.Page(parseResult, FigureSize.Curves);       // the command's default page, overridden by the options
/// </code>
/// </remarks>
internal sealed class FigureOptions
{
    /// <summary>The most dots per inch accepted.</summary>
    public const double MaxDpi = 1200;

    /// <summary>The largest page side accepted, in inches.</summary>
    public const double MaxInches = 100;

    /// <summary>The most pixels a PNG may have (width × height).</summary>
    public const double MaxPixels = 400e6;

    private readonly Option<double?> _width = CliOptions.Positive("--width-in", "Figure width in inches (default: the figure's own, e.g. 6.5 for curves).");
    private readonly Option<double?> _height = CliOptions.Positive("--height-in", "Figure height in inches (default: the figure's own, in proportion to --width-in).");
    private readonly Option<double?> _font = CliOptions.Positive("--font-pt", "Axis-label size in points (default 9; ticks and legends 0.9 of it, titles 1.15).");
    private readonly Option<double?> _dpi = CliOptions.Dpi();
    private readonly Option<double?> _scale = CliOptions.Scale();

    /// <summary>The extensions written, in the order messages list them.</summary>
    public static IReadOnlyList<string> Extensions { get; } = [".png", ".svg", ".pdf"];

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

    /// <summary>The format of a figure file by its extension.</summary>
    /// <exception cref="CliException">Any other extension (one line listing the ones written).</exception>
    public static FigureFormat FormatOf(string path, string option)
    {
        if (FigureComposer.FormatOf(path) is FigureFormat format)
        {
            return format;
        }
        string extension = Path.GetExtension(path);
        throw new CliException(
            $"{option} '{path}': figures are written as {string.Join(", ", Extensions.SkipLast(1))} or {Extensions[^1]} (chosen by the extension); " +
            $"'{(extension.Length == 0 ? "no extension" : extension)}' is not one of them.");
    }

    /// <summary>Checks before any work that a figure path has a known extension and an existing folder.</summary>
    public static FigureFormat Check(string path, string option)
    {
        FigureFormat format = FormatOf(path, option);
        InterpretabilityOptions.RequireDirectoryOf(path, option);
        return format;
    }

    /// <summary>
    /// The page: <paramref name="defaults"/> with the options given on the command line. A width alone keeps the
    /// default's aspect ratio; so does a height alone.
    /// </summary>
    /// <exception cref="CliException">--dpi with --scale, a side beyond 100 in, a resolution beyond 1200 dpi or 400 megapixels.</exception>
    public FigurePage Page(ParseResult parseResult, FigurePage defaults)
    {
        double? width = parseResult.GetValue(this._width);
        double? height = parseResult.GetValue(this._height);
        double? dpi = parseResult.GetValue(this._dpi);
        double? scale = parseResult.GetValue(this._scale);
        if (dpi is not null && scale is not null)
        {
            throw new CliException("give --scale or --dpi, not both (--scale S is --dpi 96·S).");
        }
        double aspect = defaults.HeightInches / defaults.WidthInches;
        var page = new FigurePage(
            width ?? (height is double h ? h / aspect : defaults.WidthInches),
            height ?? (width is double w ? w * aspect : defaults.HeightInches),
            parseResult.GetValue(this._font) ?? defaults.FontPoints,
            dpi ?? (scale is double s ? 96 * s : defaults.Dpi));
        CultureInfo c = CultureInfo.InvariantCulture;
        if (page.WidthInches > MaxInches || page.HeightInches > MaxInches)
        {
            throw new CliException(string.Create(c, $"a figure of {page.WidthInches:0.##} × {page.HeightInches:0.##} in is too large (at most {MaxInches} in a side)."));
        }
        if (page.Dpi > MaxDpi)
        {
            throw new CliException(string.Create(c, $"a figure resolution of {page.Dpi:0.##} dpi is too high (at most {MaxDpi}; --scale S is --dpi 96·S)."));
        }
        if (page.WidthInches * page.Dpi * page.HeightInches * page.Dpi > MaxPixels)
        {
            throw new CliException(string.Create(c, $"a PNG of {page.WidthInches * page.Dpi:0} × {page.HeightInches * page.Dpi:0} pixels is too large (at most {MaxPixels / 1e6:0} megapixels); lower --dpi or the size."));
        }
        if (page.FontPoints > 72)
        {
            throw new CliException(string.Create(c, $"--font-pt {page.FontPoints:0.##} is larger than an inch; give at most 72."));
        }
        return page;
    }
}
