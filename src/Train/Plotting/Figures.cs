using System.Globalization;
using System.Text;
using HardmaxCore.Train.Commands;
using ScottPlot;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Gif;
using SixLabors.ImageSharp.PixelFormats;
using SkiaSharp;

namespace HardmaxCore.Train.Plotting;

/// <summary>Turning ScottPlot plots into PNG files, grids of panels and animated GIFs.</summary>
internal static class Figures
{
    /// <summary>The PNG signature, the first eight bytes of every PNG file.</summary>
    public static ReadOnlySpan<byte> PngSignature => [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>The file types a figure can be written as, by extension.</summary>
    public static IReadOnlyList<string> Extensions { get; } = [".png", ".svg"];

    /// <summary>
    /// Colours for groups of tokens or runs: the Okabe–Ito palette (distinguishable with the common colour-vision
    /// deficiencies), yellow left out (invisible on white), indexed modulo their count.
    /// </summary>
    public static ScottPlot.Color Group(int index)
    {
        string[] hex = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#000000"];
        return ScottPlot.Color.FromHex(hex[((index % hex.Length) + hex.Length) % hex.Length]);
    }

    /// <summary>Okabe–Ito blue for positive decoder scores (the HTML uses the same hue).</summary>
    public static ScottPlot.Color Positive { get; } = ScottPlot.Color.FromHex(PositiveHex);

    /// <summary>Okabe–Ito vermillion for negative decoder scores.</summary>
    public static ScottPlot.Color Negative { get; } = ScottPlot.Color.FromHex(NegativeHex);

    /// <summary>The hex of <see cref="Positive"/>.</summary>
    public const string PositiveHex = "#0072B2";

    /// <summary>The hex of <see cref="Negative"/>.</summary>
    public const string NegativeHex = "#D55E00";

    /// <summary>
    /// A colour for a decoder score: blue above 0, vermillion below, from light grey-blue/grey-orange at 0 to full
    /// strength at |score| ≳ 2·<paramref name="scale"/> (mixing with light grey by <c>tanh(|score|/scale)</c>).
    /// </summary>
    public static ScottPlot.Color Score(double score, double scale = 3)
    {
        ScottPlot.Color full = score >= 0 ? Positive : Negative;
        double t = 0.25 + 0.75 * Math.Tanh(Math.Abs(score) / scale);
        ScottPlot.Color light = ScottPlot.Color.FromHex("#C8C8C8");
        return new ScottPlot.Color(
            (byte)Math.Round(light.R + t * (full.R - light.R)),
            (byte)Math.Round(light.G + t * (full.G - light.G)),
            (byte)Math.Round(light.B + t * (full.B - light.B)));
    }

    /// <summary>Whether a figure path asks for SVG (.svg) rather than PNG (.png).</summary>
    /// <exception cref="CliException">Any other extension (the message lists the ones written).</exception>
    public static bool IsSvg(string path, string option)
    {
        string extension = Path.GetExtension(path).ToLowerInvariant();
        return extension switch
        {
            ".png" => false,
            ".svg" => true,
            _ => throw new CliException(
                $"{option} '{path}': figures are written as {string.Join(" or ", Extensions)} (chosen by the extension); " +
                $"'{(extension.Length == 0 ? "no extension" : extension)}' is not one of them."),
        };
    }

    /// <summary>
    /// The plot as the bytes of <paramref name="path"/>'s format: PNG of (width·scale) × (height·scale) pixels with text
    /// and lines scaled alike, or SVG of width × height.
    /// </summary>
    public static byte[] Render(Plot plot, int width, int height, string path, string option, double scale = 1)
        => IsSvg(path, option) ? Svg(plot, width, height) : Png(plot, width, height, scale);

    /// <summary>The plot as an SVG document of width × height.</summary>
    public static byte[] Svg(Plot plot, int width, int height) => Encoding.UTF8.GetBytes(plot.GetSvgXml(width, height));

    /// <summary>Checks before a long computation that a figure path has a known extension and an existing folder.</summary>
    public static void CheckPath(string path, string option)
    {
        IsSvg(path, option);
        InterpretabilityOptions.RequireDirectoryOf(path, option);
    }

    /// <summary>A new plot whose text uses a sans-serif font (DejaVu Sans when installed; ScottPlot's default otherwise).</summary>
    public static Plot NewPlot()
    {
        if (!_fontChosen)
        {
            string[] installed = SKFontManager.Default.GetFontFamilies();
            foreach (string family in new[] { "DejaVu Sans", "Liberation Sans", "Arial", "Helvetica" })
            {
                if (installed.Contains(family))
                {
                    ScottPlot.Fonts.Default = family;
                    break;
                }
            }
            _fontChosen = true;
        }
        return new Plot();
    }

    /// <summary>Whether <see cref="NewPlot"/> has picked the font.</summary>
    private static bool _fontChosen;

    /// <summary>The plot as a PNG of (width·scale) × (height·scale) pixels, text and lines scaled by <paramref name="scale"/>.</summary>
    public static byte[] Png(Plot plot, int width, int height, double scale = 1)
    {
        plot.ScaleFactor = (float)scale;
        return plot.GetImageBytes((int)Math.Round(width * scale), (int)Math.Round(height * scale), ImageFormat.Png);
    }

    /// <summary>
    /// Renders <paramref name="panels"/> (row-major, <paramref name="columns"/> per row, null for an empty cell) into one
    /// PNG, each panel <paramref name="panelWidth"/> × <paramref name="panelHeight"/> pixels, below an optional title.
    /// </summary>
    /// <param name="panels">The plots, row-major.</param>
    /// <param name="columns">Panels per row.</param>
    /// <param name="panelWidth">Width of every column, unless <paramref name="panelWidths"/> gives one per column.</param>
    /// <param name="panelHeight">Height of every row.</param>
    /// <param name="title">A title across the top, or null.</param>
    /// <param name="panelWidths">Optional width of each column.</param>
    /// <param name="svg">Write SVG (panels nested as &lt;svg&gt; elements) instead of PNG.</param>
    /// <param name="scale">PNG scale (pixels and text grow together).</param>
    public static byte[] Grid(
        IReadOnlyList<Plot?> panels, int columns, int panelWidth, int panelHeight, string? title = null, int[]? panelWidths = null, bool svg = false, double scale = 1)
    {
        int rows = (panels.Count + columns - 1) / columns;
        int titleHeight = title is null ? 0 : 40;
        int[] widths = panelWidths ?? Enumerable.Repeat(panelWidth, columns).ToArray();
        if (svg)
        {
            return GridSvg(panels, columns, widths, panelHeight, title, titleHeight);
        }
        widths = widths.Select(w => (int)Math.Round(w * scale)).ToArray();
        panelHeight = (int)Math.Round(panelHeight * scale);
        titleHeight = (int)Math.Round(titleHeight * scale);
        int width = widths.Sum();
        int height = rows * panelHeight + titleHeight;
        using SKSurface surface = SKSurface.Create(new SKImageInfo(width, height)) ?? throw new InvalidOperationException("SkiaSharp could not create a drawing surface.");
        SKCanvas canvas = surface.Canvas;
        canvas.Clear(SKColors.White);
        if (title is not null)
        {
            using var font = new SKFont(ScottPlot.Fonts.GetTypeface(ScottPlot.Fonts.Default, true, false), (float)(20 * scale));
            using var paint = new SKPaint { Color = SKColors.Black, IsAntialias = true };
            canvas.DrawText(title, width / 2f, (float)(28 * scale), SKTextAlign.Center, font, paint);
        }
        for (int p = 0; p < panels.Count; p++)
        {
            if (panels[p] is not { } plot)
            {
                continue;
            }
            // Plot.Render(canvas, rect) clears the whole canvas, so each panel is drawn on its own and pasted in.
            int column = p % columns;
            using SKImage panel = SKImage.FromEncodedData(Png(plot, (int)Math.Round(widths[column] / scale), (int)Math.Round(panelHeight / scale), scale));
            canvas.DrawImage(panel, widths.Take(column).Sum(), titleHeight + p / columns * panelHeight);
        }
        using SKImage image = surface.Snapshot();
        using SKData data = image.Encode(SKEncodedImageFormat.Png, 100);
        return data.ToArray();
    }

    /// <summary>The grid as one SVG document: each panel's SVG nested at its place, the title as a text element.</summary>
    private static byte[] GridSvg(IReadOnlyList<Plot?> panels, int columns, int[] widths, int panelHeight, string? title, int titleHeight)
    {
        CultureInfo c = CultureInfo.InvariantCulture;
        int rows = (panels.Count + columns - 1) / columns;
        int width = widths.Sum();
        int height = rows * panelHeight + titleHeight;
        var svg = new StringBuilder();
        svg.Append(c, $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\" viewBox=\"0 0 {width} {height}\">\n");
        svg.Append(c, $"<rect width=\"{width}\" height=\"{height}\" fill=\"white\"/>\n");
        if (title is not null)
        {
            svg.Append(c, $"<text x=\"{width / 2}\" y=\"28\" text-anchor=\"middle\" font-family=\"{System.Net.WebUtility.HtmlEncode(ScottPlot.Fonts.Default)}, sans-serif\" font-size=\"20\" font-weight=\"bold\">")
                .Append(System.Net.WebUtility.HtmlEncode(title)).Append("</text>\n");
        }
        for (int p = 0; p < panels.Count; p++)
        {
            if (panels[p] is not { } plot)
            {
                continue;
            }
            int column = p % columns;
            string inner = plot.GetSvgXml(widths[column], panelHeight);
            int start = inner.IndexOf("<svg", StringComparison.Ordinal);
            if (start < 0)
            {
                throw new InvalidOperationException("ScottPlot returned an SVG without an <svg> element.");
            }
            // A nested <svg> with x and y is placed like a viewport at that point.
            svg.Append(c, $"<svg x=\"{widths.Take(column).Sum()}\" y=\"{titleHeight + p / columns * panelHeight}\"").Append(inner.AsSpan(start + 4)).Append('\n');
        }
        svg.Append("</svg>\n");
        return Encoding.UTF8.GetBytes(svg.ToString());
    }

    /// <summary>An animated GIF (looping for ever) of PNG frames of equal size, each shown for <paramref name="delay"/> hundredths of a second.</summary>
    /// <param name="frames">PNG images, first frame first.</param>
    /// <param name="delay">Frame delay in 1/100 s.</param>
    /// <param name="lastDelay">Delay of the last frame (a pause before the loop restarts).</param>
    public static byte[] Gif(IReadOnlyList<byte[]> frames, int delay, int lastDelay)
    {
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
}
