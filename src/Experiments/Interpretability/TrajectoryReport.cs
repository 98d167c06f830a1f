using System.Globalization;
using System.Text.Json.Nodes;
using HardmaxCore.Classifier;
using HardmaxCore.Experiments.Clustering;
using HardmaxCore.Experiments.Plotting;

namespace HardmaxCore.Experiments.Interpretability;

/// <summary>Where and how the pictures of a trajectory are drawn (<see cref="TrajectoryReport.WritePictures"/>).</summary>
/// <param name="Folder">The output folder (created when missing).</param>
/// <param name="Size">The design width of a picture in pixels (<see cref="TrajectoryReport.DefaultPage"/>).</param>
/// <param name="Page">The page of a picture.</param>
/// <param name="Delay">The GIF's frame delay in 1/100 s.</param>
internal sealed record TrajectoryPictures(string Folder, int Size, FigurePage Page, int Delay);

/// <summary>
/// One review's tokens at every hardmax layer (<see cref="ReviewAnatomy"/>), as <c>hardmax trajectory</c> writes them: a
/// PNG per layer and a GIF of them in a folder, or the numbers as JSON.
/// </summary>
internal static class TrajectoryReport
{
    /// <summary>The animation's file name in the output folder.</summary>
    public const string GifName = "trajectory.gif";

    /// <summary>The page of a picture <paramref name="size"/> design pixels wide: that many pixels at 96 dpi, the legend below.</summary>
    public static FigurePage DefaultPage(int size) => new(size / 96.0, size * (1 + TrajectoryFigures.LegendRoom) / 96.0, 9, 96);

    /// <summary>
    /// Draws every layer (<see cref="Render"/>) and writes the PNGs and the GIF into <paramref name="folder"/>, created
    /// once there is something to put in it; every file atomically.
    /// </summary>
    /// <param name="anatomy">The review.</param>
    /// <param name="size">The design width of a picture in pixels.</param>
    /// <param name="page">The page of a picture.</param>
    /// <param name="folder">The output folder.</param>
    /// <param name="delay">The GIF's frame delay in 1/100 s (the last frame holds three times as long).</param>
    /// <returns>How many PNGs were written.</returns>
    public static int Write(ReviewAnatomy anatomy, int size, FigurePage page, string folder, int delay)
    {
        IReadOnlyList<byte[]> frames = Render(anatomy, size, page);
        Directory.CreateDirectory(folder);
        for (int k = 0; k < frames.Count; k++)
        {
            AtomicFile.WriteAllBytes(Path.Combine(folder, LayerFileName(k)), frames[k]);
        }
        AtomicFile.WriteAllBytes(Path.Combine(folder, GifName), FigureComposer.Gif(frames, delay, 3 * delay));
        return frames.Count;
    }

    /// <summary>
    /// Checks that the pictures of a model of <paramref name="layers"/> layers in dimension <paramref name="dimension"/> fit
    /// the memory budget (K + 1 frames of (size × scale)² × 1.45 pixels, 4 bytes each), writes them (<see cref="Write"/>)
    /// and returns one line saying what was written.
    /// </summary>
    /// <exception cref="ClassifierException">Over the memory budget.</exception>
    public static string WritePictures(ReviewAnatomy anatomy, string title, int layers, int dimension, TrajectoryPictures pictures)
    {
        CultureInfo c = CultureInfo.InvariantCulture;
        double factor = pictures.Page.WidthInches * pictures.Page.Dpi / pictures.Size;
        int width = (int)Math.Min(int.MaxValue, Math.Ceiling(pictures.Size * factor));
        long pixels = MemoryBudget.Product("(TrajectoryPictures.Size × scale)² × 1.45 × (K+1) frames", width, width + (width * 45 / 100), layers + 1);
        MemoryBudget.Require(string.Create(c, $"{layers + 1} pictures of {width} px"), MemoryBudget.Product("4 bytes per pixel", 4, pixels), "lower TrajectoryPictures.Size or FigureOverrides.Scale");
        int count = Write(anatomy, pictures.Size, pictures.Page, pictures.Folder, pictures.Delay);
        string projection = dimension == 2 ? "" : $" (d = {dimension}: projection on the decoder and first principal directions)";
        return string.Create(c,
            $"{title}: P(positive) = {anatomy.SoftmaxProbability:F3}, {anatomy.Leaders[anatomy.Layers].Length} leaders at layer {anatomy.Layers}; wrote {LayerFileName(0)} … {LayerFileName(count - 1)} ({count} PNGs) and {GifName} to {pictures.Folder}{projection}.");
    }

    /// <summary>The file name of the picture of layer k.</summary>
    public static string LayerFileName(int k) => string.Create(CultureInfo.InvariantCulture, $"layer-{k:00}.png");

    /// <summary>One PNG per layer 0..K.</summary>
    internal static IReadOnlyList<byte[]> Render(ReviewAnatomy anatomy, int size, FigurePage? page = null)
    {
        PlaneView plane = PlaneView.For(anatomy);
        var view = TrajectoryFigures.View(anatomy, plane);
        page ??= DefaultPage(size);
        return Enumerable.Range(0, anatomy.Layers + 1)
            .Select(k => FigureComposer.Compose(TrajectoryFigures.Layer(anatomy, plane, k, view, size), size, page, FigureFormat.Png)).ToArray();
    }

    /// <summary>
    /// The review layer by layer as JSON: the distinct tokens (word, repeats), and for every layer k each token's
    /// position (d numbers), the leaders of layer k, and the mean token; each token's last-layer leader and its score.
    /// </summary>
    internal static JsonObject ToJson(ReviewAnatomy anatomy, string title)
    {
        var tokens = new JsonArray();
        for (int u = 0; u < anatomy.Count; u++)
        {
            tokens.Add(new JsonObject
            {
                ["word"] = anatomy.Words[u],
                ["repeats"] = anatomy.Multiplicity[u],
                ["finalLeader"] = anatomy.FinalLeader[u],
                ["finalLeaderWord"] = anatomy.Words[anatomy.FinalLeader[u]],
                ["finalScore"] = anatomy.FinalScore[anatomy.FinalLeader[u]],
            });
        }
        var layers = new JsonArray();
        for (int k = 0; k <= anatomy.Layers; k++)
        {
            var positions = new JsonArray();
            for (int u = 0; u < anatomy.Count; u++)
            {
                positions.Add(new JsonArray(anatomy.Point(k, u).ToArray().Select(x => (JsonNode)JsonValue.Create(x)).ToArray()));
            }
            layers.Add(new JsonObject
            {
                ["layer"] = k,
                ["leaders"] = new JsonArray(anatomy.Leaders[k].Select(u => (JsonNode)JsonValue.Create(u)).ToArray()),
                ["leaderWords"] = new JsonArray(anatomy.Leaders[k].Select(u => (JsonNode)JsonValue.Create(anatomy.Words[u])).ToArray()),
                ["positions"] = positions,
                ["mean"] = new JsonArray(anatomy.Means[k].Select(x => (JsonNode)JsonValue.Create(x)).ToArray()),
            });
        }
        return new JsonObject
        {
            ["review"] = title,
            ["probability"] = anatomy.SoftmaxProbability,
            ["probabilityHardmax"] = anatomy.HardmaxProbability,
            ["dimension"] = anatomy.Dimension,
            ["layers"] = anatomy.Layers,
            ["decoder"] = new JsonArray(anatomy.Decoder.Select(x => (JsonNode)JsonValue.Create(x)).ToArray()),
            ["bias"] = anatomy.Bias,
            ["tokens"] = tokens,
            ["trajectory"] = layers,
        };
    }
}
