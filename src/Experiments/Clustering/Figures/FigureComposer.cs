using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using ScottPlot;
using SkiaSharp;

namespace HardmaxCore.Experiments.Clustering;

/// <summary>The file formats a figure is written in.</summary>
public enum FigureFormat
{
    /// <summary>PNG, raster at the page's dots per inch.</summary>
    Png,

    /// <summary>SVG, vector, its size given in inches.</summary>
    Svg,

    /// <summary>PDF (SkiaSharp's PDF backend), vector, one page the figure's size.</summary>
    Pdf,
}

/// <summary>
/// The physical page of a figure: its size in inches, the size of its text in points, and for PNG its resolution.
/// </summary>
/// <param name="WidthInches">Width of the page.</param>
/// <param name="HeightInches">Height of the page.</param>
/// <param name="FontPoints">Size of axis labels in points; ticks and legends 0.9 of it, titles 1.15 (never below 8 pt at the default 9).</param>
/// <param name="Dpi">PNG pixels per inch (SVG and PDF are vector and ignore it).</param>
public sealed record FigurePage(double WidthInches, double HeightInches, double FontPoints = 9, double Dpi = 200);

/// <summary>
/// The one compositor of the project's figures: ScottPlot panels laid out on a grid under an optional title, drawn on one
/// Skia canvas and written as PNG, SVG or PDF at a physical size (<see cref="FigurePage"/>), with every panel's text set
/// in points, and the one palette (<see cref="OkabeIto"/>).
/// </summary>
/// <remarks>
/// A figure is designed in "design pixels" (e.g. 1500 × 560); the page maps its width to <see cref="FigurePage.WidthInches"/>
/// and the fonts to points on that page, so that text has the same printed size whatever the page or the resolution.
/// </remarks>
public static class FigureComposer
{
    /// <summary>Points per inch.</summary>
    private const double PointsPerInch = 72;

    /// <summary>The format named by a file's extension (.png, .svg, .pdf), or null for any other.</summary>
    public static FigureFormat? FormatOf(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return Path.GetExtension(path).ToLowerInvariant() switch
        {
            ".png" => FigureFormat.Png,
            ".svg" => FigureFormat.Svg,
            ".pdf" => FigureFormat.Pdf,
            _ => null,
        };
    }

    /// <summary>
    /// Renders <paramref name="panels"/> (row-major, <paramref name="columns"/> per row, null for an empty cell) on a
    /// page: the design is <c>Σ widths</c> design pixels across and keeps the page's aspect ratio.
    /// </summary>
    /// <param name="panels">The plots, row-major.</param>
    /// <param name="columns">Panels per row.</param>
    /// <param name="widths">Design width of each column (its share of the page's width).</param>
    /// <param name="page">The page.</param>
    /// <param name="format">The file format.</param>
    /// <param name="title">A title across the top, or null.</param>
    /// <returns>The file's bytes.</returns>
    public static byte[] Compose(IReadOnlyList<Plot?> panels, int columns, IReadOnlyList<int> widths, FigurePage page, FigureFormat format, string? title = null)
    {
        ArgumentNullException.ThrowIfNull(panels);
        ArgumentNullException.ThrowIfNull(widths);
        ArgumentNullException.ThrowIfNull(page);
        if (panels.Count == 0 || columns < 1 || widths.Count != columns)
        {
            throw new ArgumentException("Give at least one panel and one width per column.", nameof(panels));
        }
        int rows = (panels.Count + columns - 1) / columns;
        double designWidth = widths.Sum();
        // Design pixels per point: fonts given in points are this many design pixels.
        double unitsPerPoint = designWidth / (page.WidthInches * PointsPerInch);
        double designHeight = designWidth * page.HeightInches / page.WidthInches;
        double titleHeight = title is null ? 0 : 2.0 * page.FontPoints * 1.2 * unitsPerPoint;
        double panelHeight = (designHeight - titleHeight) / rows;
        foreach (Plot? plot in panels)
        {
            if (plot is not null)
            {
                SetFonts(plot, page.FontPoints * unitsPerPoint);
            }
        }
        void Draw(SKCanvas canvas)
        {
            canvas.Clear(SKColors.White);
            if (title is not null)
            {
                using var font = new SKFont(Fonts.GetTypeface(Fonts.Default, true, false), (float)(page.FontPoints * 1.2 * unitsPerPoint));
                using var paint = new SKPaint { Color = SKColors.Black, IsAntialias = true };
                canvas.DrawText(title, (float)(designWidth / 2), (float)(titleHeight * 0.7), SKTextAlign.Center, font, paint);
            }
            for (int p = 0; p < panels.Count; p++)
            {
                if (panels[p] is not { } plot)
                {
                    continue;
                }
                int column = p % columns;
                float left = widths.Take(column).Sum();
                float top = (float)(titleHeight + p / columns * panelHeight);
                var rect = new SKRect(left, top, left + widths[column], (float)(top + panelHeight));
                // A panel's render clears its canvas: clip it to its own rectangle.
                canvas.Save();
                canvas.ClipRect(rect);
                plot.Render(canvas, new PixelRect(rect.Left, rect.Right, rect.Bottom, rect.Top));
                canvas.Restore();
            }
        }
        return Write(Draw, designWidth, designHeight, page, format);
    }

    /// <summary>A new plot whose text uses a sans-serif font (DejaVu Sans, Liberation Sans, Arial or Helvetica, whichever is installed first).</summary>
    public static Plot NewPlot()
    {
        if (!_fontChosen)
        {
            string[] installed = SKFontManager.Default.GetFontFamilies();
            string? family = new[] { "DejaVu Sans", "Liberation Sans", "Arial", "Helvetica" }.FirstOrDefault(installed.Contains);
            if (family is not null)
            {
                Fonts.Default = family;
            }
            _fontChosen = true;
        }
        return new Plot();
    }

    /// <summary>Whether <see cref="NewPlot"/> has picked the font.</summary>
    private static bool _fontChosen;

    /// <summary>Renders one plot on a page.</summary>
    public static byte[] Compose(Plot plot, int designWidth, FigurePage page, FigureFormat format)
        => Compose([plot], 1, [designWidth], page, format);

    /// <summary>Draws on a canvas of designWidth × designHeight design pixels and encodes the page.</summary>
    private static byte[] Write(Action<SKCanvas> draw, double designWidth, double designHeight, FigurePage page, FigureFormat format)
    {
        var bounds = new SKRect(0, 0, (float)designWidth, (float)designHeight);
        switch (format)
        {
            case FigureFormat.Svg:
            {
                using var memory = new MemoryStream();
                using (var stream = new SKManagedWStream(memory))
                using (SKCanvas canvas = SKSvgCanvas.Create(bounds, stream))
                {
                    draw(canvas);
                }
                return SvgInInches(Encoding.UTF8.GetString(memory.ToArray()), designWidth, designHeight, page);
            }
            case FigureFormat.Pdf:
            {
                using var memory = new MemoryStream();
                using (var stream = new SKManagedWStream(memory))
                using (SKDocument document = SKDocument.CreatePdf(stream) ?? throw new InvalidOperationException("SkiaSharp has no PDF backend here."))
                {
                    float scale = (float)(page.WidthInches * PointsPerInch / designWidth);
                    SKCanvas canvas = document.BeginPage((float)(page.WidthInches * PointsPerInch), (float)(page.HeightInches * PointsPerInch));
                    canvas.Scale(scale);
                    draw(canvas);
                    document.EndPage();
                    document.Close();
                }
                return memory.ToArray();
            }
            default:
            {
                int width = Math.Max(1, (int)Math.Round(page.WidthInches * page.Dpi));
                int height = Math.Max(1, (int)Math.Round(page.HeightInches * page.Dpi));
                using SKSurface surface = SKSurface.Create(new SKImageInfo(width, height)) ?? throw new InvalidOperationException("SkiaSharp could not create a drawing surface.");
                surface.Canvas.Scale((float)(width / designWidth));
                draw(surface.Canvas);
                using SKImage image = surface.Snapshot();
                using SKData data = image.Encode(SKEncodedImageFormat.Png, 100);
                return data.ToArray();
            }
        }
    }

    /// <summary>Sets the SVG root's width and height in inches, with a viewBox of the design, so it prints at the page's size.</summary>
    private static byte[] SvgInInches(string svg, double designWidth, double designHeight, FigurePage page)
    {
        CultureInfo c = CultureInfo.InvariantCulture;
        Match root = Regex.Match(svg, "<svg\\b[^>]*>");
        if (!root.Success)
        {
            throw new InvalidOperationException("SkiaSharp wrote an SVG without an <svg> element.");
        }
        string attributes = Regex.Replace(root.Value, "\\s(width|height|viewBox)=\"[^\"]*\"", "");
        string sized = attributes.Insert(4, string.Create(c,
            $" width=\"{page.WidthInches:0.###}in\" height=\"{page.HeightInches:0.###}in\" viewBox=\"0 0 {designWidth:0.##} {designHeight:0.##}\""));
        return Encoding.UTF8.GetBytes(svg[..root.Index] + sized + svg[(root.Index + root.Length)..]);
    }

    /// <summary>Sets every text of a plot from the axis-label size (in design pixels): titles 1.15×, ticks and legend 0.9×.</summary>
    private static void SetFonts(Plot plot, double size)
    {
        plot.Axes.Title.Label.FontSize = (float)(size * 1.15);
        foreach (IAxis axis in plot.Axes.GetAxes())
        {
            axis.Label.FontSize = (float)size;
            axis.TickLabelStyle.FontSize = (float)(size * 0.9);
        }
        plot.Legend.FontSize = (float)(size * 0.9);
        // Swatches long enough to show a dashed or dotted line's pattern.
        plot.Legend.SymbolWidth = (float)(size * 3);
        plot.Legend.SymbolPadding = (float)(size * 0.5);
    }
}

/// <summary>
/// The Okabe–Ito palette, distinguishable with the common colour-vision deficiencies, used by every figure and page of
/// the project: blue and vermillion for positive and negative, then orange, bluish green, reddish purple, sky blue and
/// black (yellow left out: invisible on white).
/// </summary>
public static class OkabeIto
{
    /// <summary>The colours as hex, in the order groups take them.</summary>
    public static IReadOnlyList<string> Hex { get; } = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#000000"];

    /// <summary>Blue (positive).</summary>
    public const string Blue = "#0072B2";

    /// <summary>Vermillion (negative).</summary>
    public const string Vermillion = "#D55E00";

    /// <summary>The colour of group <paramref name="index"/>, modulo the palette's length.</summary>
    public static Color Group(int index) => Color.FromHex(Hex[((index % Hex.Count) + Hex.Count) % Hex.Count]);
}
