using HardmaxCore.Clustering;
using HardmaxCore.Experiments.Clustering;
using ScottPlot;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Gif;
using SixLabors.ImageSharp.PixelFormats;
using SkiaSharp;

namespace HardmaxCore.Experiments.Plotting;

/// <summary>Turning ScottPlot plots into PNG files, grids of panels and animated GIFs.</summary>
internal static class Figures
{
    /// <summary>The format of a figure file by its extension: .png, .svg or .pdf.</summary>
    /// <exception cref="ExperimentException">Any other extension.</exception>
    public static FigureFormat FormatOf(string path)
        => FigureComposer.FormatOf(path) ?? throw new ExperimentException(
            $"'{path}': figures are written as .png, .svg or .pdf (chosen by the extension); '{Path.GetExtension(path)}' is not one of them.");

    /// <summary>The PNG signature, the first eight bytes of every PNG file.</summary>
    public static ReadOnlySpan<byte> PngSignature => [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>
    /// Colours for groups of tokens or runs: the project's one palette, Okabe–Ito (<see cref="OkabeIto"/>), indexed
    /// modulo its length.
    /// </summary>
    public static ScottPlot.Color Group(int index) => OkabeIto.Group(index);

    /// <summary>Okabe–Ito blue for positive decoder scores (the HTML uses the same hue).</summary>
    public static ScottPlot.Color Positive { get; } = ScottPlot.Color.FromHex(PositiveHex);

    /// <summary>Okabe–Ito vermillion for negative decoder scores.</summary>
    public static ScottPlot.Color Negative { get; } = ScottPlot.Color.FromHex(NegativeHex);

    /// <summary>The hex of <see cref="Positive"/>.</summary>
    public const string PositiveHex = OkabeIto.Blue;

    /// <summary>The hex of <see cref="Negative"/>.</summary>
    public const string NegativeHex = OkabeIto.Vermillion;

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

    /// <summary>One plot designed <paramref name="designWidth"/> pixels across, on <paramref name="page"/>, as <paramref name="format"/>.</summary>
    public static byte[] Render(Plot plot, int designWidth, FigurePage page, FigureFormat format)
        => FigureComposer.Compose(plot, designWidth, page, format);

    /// <summary>A new plot whose text uses a sans-serif font (<see cref="FigureComposer.NewPlot"/>).</summary>
    public static Plot NewPlot() => FigureComposer.NewPlot();

    /// <summary>
    /// Panels (row-major, <paramref name="columns"/> per row, null for an empty cell) on one page below an optional
    /// title, each column <paramref name="panelWidths"/> design pixels across (<see cref="FigureComposer"/>).
    /// </summary>
    public static byte[] Grid(IReadOnlyList<Plot?> panels, int columns, int[] panelWidths, FigurePage page, FigureFormat format, string? title = null)
        => FigureComposer.Compose(panels, columns, panelWidths, page, format, title);

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
