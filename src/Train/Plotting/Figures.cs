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

    /// <summary>Colours for groups of tokens (Tableau 10, as in matplotlib), indexed modulo their count.</summary>
    public static ScottPlot.Color Group(int index)
    {
        string[] hex = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"];
        return ScottPlot.Color.FromHex(hex[((index % hex.Length) + hex.Length) % hex.Length]);
    }

    /// <summary>Green for positive decoder scores.</summary>
    public static ScottPlot.Color Positive { get; } = ScottPlot.Color.FromHex("#1a9850");

    /// <summary>Red for negative decoder scores.</summary>
    public static ScottPlot.Color Negative { get; } = ScottPlot.Color.FromHex("#d73027");

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

    /// <summary>The plot as a PNG of the given size.</summary>
    public static byte[] Png(Plot plot, int width, int height) => plot.GetImageBytes(width, height, ImageFormat.Png);

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
    public static byte[] Grid(IReadOnlyList<Plot?> panels, int columns, int panelWidth, int panelHeight, string? title = null, int[]? panelWidths = null)
    {
        int rows = (panels.Count + columns - 1) / columns;
        int titleHeight = title is null ? 0 : 40;
        int[] widths = panelWidths ?? Enumerable.Repeat(panelWidth, columns).ToArray();
        int width = widths.Sum();
        int height = rows * panelHeight + titleHeight;
        using SKSurface surface = SKSurface.Create(new SKImageInfo(width, height)) ?? throw new InvalidOperationException("SkiaSharp could not create a drawing surface.");
        SKCanvas canvas = surface.Canvas;
        canvas.Clear(SKColors.White);
        if (title is not null)
        {
            using var font = new SKFont(ScottPlot.Fonts.GetTypeface(ScottPlot.Fonts.Default, true, false), 20);
            using var paint = new SKPaint { Color = SKColors.Black, IsAntialias = true };
            canvas.DrawText(title, width / 2f, 28, SKTextAlign.Center, font, paint);
        }
        for (int p = 0; p < panels.Count; p++)
        {
            if (panels[p] is not { } plot)
            {
                continue;
            }
            // Plot.Render(canvas, rect) clears the whole canvas, so each panel is drawn on its own and pasted in.
            int column = p % columns;
            using SKImage panel = SKImage.FromEncodedData(Png(plot, widths[column], panelHeight));
            canvas.DrawImage(panel, widths.Take(column).Sum(), titleHeight + p / columns * panelHeight);
        }
        using SKImage image = surface.Snapshot();
        using SKData data = image.Encode(SKEncodedImageFormat.Png, 100);
        return data.ToArray();
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
