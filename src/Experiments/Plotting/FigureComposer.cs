using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using ScottPlot;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Gif;
using SixLabors.ImageSharp.PixelFormats;
using SkiaSharp;

namespace HardmaxCore.Experiments.Plotting;

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

    /// <summary>The extensions written, in the order messages list them.</summary>
    public static IReadOnlyList<string> Extensions { get; } = [".png", ".svg", ".pdf"];

    /// <summary>The PNG signature, the first eight bytes of every PNG file.</summary>
    public static ReadOnlySpan<byte> PngSignature => [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>The format named by a file's extension (.png, .svg, .pdf, any case), or null for any other.</summary>
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
    /// The format of a figure file by its extension, checked to be one this build can write: the one rule behind every
    /// command's refusal (<paramref name="what"/> names the file in the message, e.g. the option that gave it).
    /// </summary>
    /// <exception cref="ExperimentException">Another extension, or .pdf where SkiaSharp has no PDF backend (one line).</exception>
    public static FigureFormat RequireFormat(string path, string what = "figure")
    {
        ArgumentNullException.ThrowIfNull(path);
        if (FormatOf(path) is not FigureFormat format)
        {
            string extension = Path.GetExtension(path);
            throw new ExperimentException(
                $"{what} '{path}': figures are written as {string.Join(", ", Extensions.SkipLast(1))} or {Extensions[^1]} (chosen by the extension); " +
                $"'{(extension.Length == 0 ? "no extension" : extension)}' is not one of them.");
        }
        if (!Supports(format))
        {
            throw new ExperimentException($"{what} '{path}': this build of SkiaSharp has no PDF backend; write .png or .svg instead.");
        }
        return format;
    }

    /// <summary>Whether this build can write <paramref name="format"/> (PNG and SVG always; PDF when SkiaSharp's native library has its PDF backend).</summary>
    public static bool Supports(FigureFormat format) => format != FigureFormat.Pdf || PdfAvailable.Value;

    /// <summary>Whether SkiaSharp can open a PDF document here (probed once).</summary>
    private static readonly Lazy<bool> PdfAvailable = new(() =>
    {
        try
        {
            using var memory = new MemoryStream();
            using var stream = new SKManagedWStream(memory);
            using SKDocument? document = SKDocument.CreatePdf(stream);
            return document is not null;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException or NotSupportedException)
        {
            return false;
        }
    });

    /// <summary>
    /// Renders <paramref name="panels"/> (row-major, <paramref name="columns"/> per row, null for an empty cell) on a
    /// page: the design is <c>Σ widths</c> design pixels across and keeps the page's aspect ratio.
    /// </summary>
    /// <param name="panels">The plots, row-major.</param>
    /// <param name="columns">Panels per row.</param>
    /// <param name="widths">Design width of each column (its share of the page's width).</param>
    /// <param name="page">The page.</param>
    /// <param name="format">The file format.</param>
    /// <param name="title">A title across the top (lines split at '\n'), or null; set at 1.2× the axis-label size, smaller when a line would not fit the page's width.</param>
    /// <returns>The file's bytes.</returns>
    public static byte[] Compose(IReadOnlyList<Plot?> panels, int columns, IReadOnlyList<int> widths, FigurePage page, FigureFormat format, string? title = null)
    {
        ArgumentNullException.ThrowIfNull(panels);
        ArgumentNullException.ThrowIfNull(widths);
        ArgumentNullException.ThrowIfNull(page);
        page.Validate();
        if (!Supports(format))
        {
            throw new ExperimentException("this build of SkiaSharp has no PDF backend; write PNG or SVG instead.");
        }
        if (panels.Count == 0 || columns < 1 || widths.Count != columns)
        {
            throw new ArgumentException("Give at least one panel and one width per column.", nameof(panels));
        }
        int rows = (panels.Count + columns - 1) / columns;
        double designWidth = widths.Sum();
        // Design pixels per point: fonts given in points are this many design pixels.
        double unitsPerPoint = designWidth / (page.WidthInches * PointsPerInch);
        double designHeight = designWidth * page.HeightInches / page.WidthInches;
        string[] titleLines = title?.Split('\n') ?? [];
        using var titleFont = new SKFont(Fonts.GetTypeface(Fonts.Default, true, false), (float)(page.FontPoints * 1.2 * unitsPerPoint));
        float widest = titleLines.Length == 0 ? 0 : titleLines.Max(line => titleFont.MeasureText(line));
        if (widest > designWidth * 0.98)
        {
            titleFont.Size *= (float)(designWidth * 0.98 / widest);
        }
        double lineHeight = titleFont.Size * 1.3;
        double titleHeight = titleLines.Length == 0 ? 0 : (titleLines.Length + 0.6) * lineHeight;
        double panelHeight = (designHeight - titleHeight) / rows;
        foreach (Plot? plot in panels)
        {
            if (plot is not null)
            {
                SetFonts(plot, page.FontPoints * unitsPerPoint);
                // Frame and ticks 0.6 pt wide whatever the design's scale (thinner lines vanish when a wide design is printed small).
                plot.Axes.FrameWidth((float)Math.Max(1, 0.6 * unitsPerPoint));
            }
        }
        void Draw(SKCanvas canvas)
        {
            canvas.Clear(SKColors.White);
            using var paint = new SKPaint { Color = SKColors.Black, IsAntialias = true };
            for (int line = 0; line < titleLines.Length; line++)
            {
                canvas.DrawText(titleLines[line], (float)(designWidth / 2), (float)((line + 1) * lineHeight), SKTextAlign.Center, titleFont, paint);
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

    /// <summary>An animated GIF (looping for ever) of PNG frames of equal size, each shown for <paramref name="delay"/> hundredths of a second.</summary>
    /// <param name="frames">PNG images, first frame first (e.g. from <see cref="Compose(Plot, int, FigurePage, FigureFormat)"/>).</param>
    /// <param name="delay">Frame delay in 1/100 s.</param>
    /// <param name="lastDelay">Delay of the last frame (a pause before the loop restarts).</param>
    public static byte[] Gif(IReadOnlyList<byte[]> frames, int delay, int lastDelay)
    {
        ArgumentNullException.ThrowIfNull(frames);
        if (frames.Count == 0)
        {
            throw new ArgumentException("An animation needs at least one frame.", nameof(frames));
        }
        using Image<Rgba32> gif = SixLabors.ImageSharp.Image.Load<Rgba32>(frames[0]);
        gif.Metadata.GetGifMetadata().RepeatCount = 0;
        gif.Frames.RootFrame.Metadata.GetGifMetadata().FrameDelay = frames.Count == 1 ? lastDelay : delay;
        for (int f = 1; f < frames.Count; f++)
        {
            using Image<Rgba32> next = SixLabors.ImageSharp.Image.Load<Rgba32>(frames[f]);
            ImageFrame<Rgba32> added = gif.Frames.AddFrame(next.Frames.RootFrame);
            added.Metadata.GetGifMetadata().FrameDelay = f == frames.Count - 1 ? lastDelay : delay;
        }
        using var stream = new MemoryStream();
        gif.SaveAsGif(stream, new GifEncoder { ColorTableMode = GifColorTableMode.Global });
        return stream.ToArray();
    }

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
                using (SKDocument document = SKDocument.CreatePdf(stream) ?? throw new ExperimentException("this build of SkiaSharp has no PDF backend; write PNG or SVG instead."))
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
