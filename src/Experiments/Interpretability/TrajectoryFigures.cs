using System.Globalization;
using HardmaxCore.Experiments.Plotting;
using HardmaxCore.Classifier;
using ScottPlot;

namespace HardmaxCore.Experiments.Interpretability;

/// <summary>
/// The trajectory pictures of one review (SPEC §3.6): its distinct tokens at layer k, leaders as stars with their
/// words, every token coloured by the decoder score <c>v·z + b</c> of the last-layer leader it ends up following (blue
/// positive, vermillion negative, paler near 0: with 40–90 leaders at d = 16, a colour per leader would be meaningless), the
/// decoder line <c>v·z + b = 0</c> with the two half-planes faintly shaded in the same colours, and the mean token marked.
/// The legend sits below the data, outside it; word labels never overlap (a label with no free place is left out).
/// </summary>
internal static class TrajectoryFigures
{
    /// <summary>At most this many leaders get a word label (those with the largest |score| first); 10 in a projection, where they crowd.</summary>
    public const int MaxLabels = 14;

    /// <summary>Extra image height, as a fraction of the width, for the legend below the plot.</summary>
    public const double LegendRoom = 0.45;

    /// <summary>
    /// The visible rectangle for every layer of the review: the layer-0 tokens (the hull only shrinks, SPEC §2 P1) and the
    /// means; draw it (1 + LegendRoom) times as high as wide, the legend below.
    /// </summary>
    public static (double Left, double Right, double Bottom, double Top) View(ReviewAnatomy review, PlaneView plane)
    {
        var points = new List<(double X, double Y)>();
        for (int k = 0; k <= review.Layers; k++)
        {
            for (int u = 0; u < review.Count; u++)
            {
                points.Add(plane.Project(review.Point(k, u)));
            }
            points.Add(plane.Project(review.Means[k]));
        }
        (double left, double right, double bottom, double top) = Geometry.View(points, 0.08, square: plane.IsExact);
        return (left, right, bottom, top);
    }

    /// <summary>The picture of layer k.</summary>
    public static Plot Layer(ReviewAnatomy review, PlaneView plane, int k, (double Left, double Right, double Bottom, double Top) view, int width = 640)
    {
        int count = review.Count;
        int[] finalLeaders = review.Leaders[review.Layers];
        var x = new double[count];
        var y = new double[count];
        var groups = new int[count];
        var sizes = new float[count];
        var colors = new ScottPlot.Color[count];
        for (int u = 0; u < count; u++)
        {
            (x[u], y[u]) = plane.Project(review.Point(k, u));
            groups[u] = Math.Max(0, Array.IndexOf(finalLeaders, review.FinalLeader[u]));
            sizes[u] = (float)Math.Min(15, 5 + 1.5 * Math.Sqrt(review.Multiplicity[u]));
            colors[u] = OkabeIto.Score(review.FinalScore[review.FinalLeader[u]]);
        }
        int[] leaders = review.Leaders[k];
        var labels = new string?[count];
        int[] labelled = leaders.OrderByDescending(u => Math.Abs(review.FinalScore[u])).Take(plane.IsExact ? MaxLabels : 10).ToArray();
        foreach (int u in labelled)
        {
            labels[u] = review.Words[u];
        }
        int pad = Array.IndexOf(review.WordIds, Vocabulary.PadId);
        if (pad >= 0)
        {
            labels[pad] = string.Create(CultureInfo.InvariantCulture, $"<pad> ×{review.Multiplicity[pad]}");
        }
        int[] labelOrder = pad >= 0 ? [.. labelled.Where(u => u != pad), pad] : labelled;
        CultureInfo c = CultureInfo.InvariantCulture;
        string label = review.SoftmaxProbability > 0.5 ? "positive" : "negative";
        return new ConfigurationPanel
        {
            X = x,
            Y = y,
            Groups = groups,
            Colors = colors,
            Leaders = leaders,
            Sizes = sizes,
            Labels = labels,
            LabelOrder = labelOrder,
            ImageSize = (width, (int)(width * (1 + LegendRoom))),
            View = view,
            Decoder = plane.DecoderLine,
            Mean = plane.Project(review.Means[k]),
            Title = string.Create(c, $"layer {k} of {review.Layers} · {leaders.Length} leaders · P(positive) = {review.SoftmaxProbability:F3} ({label})"),
            TitleSize = 15,
            XLabel = plane.XLabel,
            YLabel = plane.YLabel,
            DotsLabel = $"tokens: colour = score of leader followed at layer {review.Layers}",
            Legend = true,
            LegendEdge = Edge.Bottom,
        }.Build();
    }
}
