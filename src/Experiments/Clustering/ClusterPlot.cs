using System.Globalization;
using HardmaxCore.Clustering;
using HardmaxCore.Experiments.Plotting;
using ScottPlot;

namespace HardmaxCore.Experiments.Clustering;

/// <summary>
/// Pictures of clustering runs: one panel per method, points coloured by that method's cluster, the true centres (×),
/// the k-means centres (□) for reference; the quantizer's panel adds the outputs after its layers (the flattened cloud),
/// the heads' panel the heads' training paths from initialisation (○) to the end (◆). With d &gt; 2 the panels show the
/// projection on the first two principal directions of the data, and the axes say so.
/// </summary>
/// <remarks>
/// <code>
/// File.WriteAllBytes("clusters.png", ClusterPlot.Render(cloud, runs));
/// File.WriteAllBytes("clusters.pdf", ClusterPlot.Render(cloud, runs, new FigurePage(6.5, 2.6, FontPoints: 8), FigureFormat.Pdf));
/// </code>
/// </remarks>
public static class ClusterPlot
{
    /// <summary>At most this many points are drawn per panel (every m-th point beyond it; the title says so).</summary>
    public const int MaxDrawnPoints = 20_000;

    /// <summary>
    /// Renders one panel per run, side by side, with the project's one compositor (<see cref="FigureComposer"/>) and
    /// palette (<see cref="OkabeIto"/>).
    /// </summary>
    /// <param name="cloud">The points.</param>
    /// <param name="runs">The runs to draw (one panel each).</param>
    /// <param name="page">The page; null for the default, <see cref="FigureSize.Cluster"/> of the number of runs.</param>
    /// <param name="format">PNG, SVG or PDF (<see cref="FigureComposer.RequireFormat"/> gives it from a file name).</param>
    /// <returns>The image file's bytes.</returns>
    /// <exception cref="ArgumentException">No run.</exception>
    public static byte[] Render(PointCloud cloud, IReadOnlyList<ClusteringRun> runs, FigurePage? page = null, FigureFormat format = FigureFormat.Png)
    {
        ArgumentNullException.ThrowIfNull(cloud);
        ArgumentNullException.ThrowIfNull(runs);
        if (runs.Count == 0)
        {
            throw new ArgumentException("Give at least one run to draw.", nameof(runs));
        }
        var plane = new PrincipalPlane(cloud.Points, cloud.Dimension);
        ClusteringRun? kmeans = runs.FirstOrDefault(r => r.Method == "kmeans");
        page ??= FigureSize.Cluster(runs.Count);
        // The width of one panel's data area in points (the page's share less the y axis), to size the legend's strip.
        double dataWidthPoints = Math.Max(36, page.WidthInches * 72 / runs.Count - 5 * page.FontPoints);
        Plot[] panels = runs.Select(run => Panel(cloud, plane, run, kmeans, page.FontPoints, dataWidthPoints)).ToArray();
        return FigureComposer.Compose(panels, panels.Length, [.. panels.Select(_ => 640)], page, format);
    }

    /// <summary>
    /// One method's panel, its legend inside the frame in an empty strip below the points (an invisible point
    /// <c>h</c> below the lowest one makes the room: <c>h</c> = legend height / data width in points × the data's extent).
    /// </summary>
    private static Plot Panel(PointCloud cloud, PrincipalPlane plane, ClusteringRun run, ClusteringRun? kmeans, double fontPoints, double dataWidthPoints)
    {
        Plot plot = FigureComposer.NewPlot();
        int n = cloud.Count;
        int d = cloud.Dimension;
        int stride = (n + MaxDrawnPoints - 1) / MaxDrawnPoints;
        (double[] x, double[] y) = plane.Project(cloud.Points);
        int clusters = run.Clusters;
        float pointSize = n > 5000 ? 2.5f : n > 1000 ? 4f : 6f;
        for (int c = 0; c < clusters; c++)
        {
            var xs = new List<double>();
            var ys = new List<double>();
            for (int i = 0; i < n; i += stride)
            {
                if (run.Assignments[i] == c)
                {
                    xs.Add(x[i]);
                    ys.Add(y[i]);
                }
            }
            if (xs.Count == 0)
            {
                continue;
            }
            var markers = plot.Add.Markers(xs.ToArray(), ys.ToArray(), MarkerShape.FilledCircle, pointSize, Colour(c).WithAlpha(0.55));
            if (c == 0)
            {
                markers.LegendText = "points";
            }
        }

        if (kmeans is not null)
        {
            (double[] kx, double[] ky) = plane.Project(kmeans.Centers);
            var centres = plot.Add.Markers(kx, ky, MarkerShape.OpenSquare, 14, Colors.Black);
            centres.MarkerLineWidth = 2;
            centres.LegendText = "k-means centres";
        }

        if (cloud.TrueCenters is { } truth)
        {
            (double[] tx, double[] ty) = plane.Project(truth);
            var crosses = plot.Add.Markers(tx, ty, MarkerShape.Eks, 16, Color.FromHex(OkabeIto.Vermillion));
            crosses.MarkerLineWidth = 3;
            crosses.LegendText = "true centres";
        }

        if (run.Quantization is { } q)
        {
            (double[] ox, double[] oy) = plane.Project(q.Outputs.AsSpan(0, Math.Min(q.Outputs.Length, MaxDrawnPoints * d)));
            var outputs = plot.Add.Markers(ox, oy, MarkerShape.FilledCircle, 5, Colors.Black.WithAlpha(0.6));
            outputs.LegendText = $"outputs, layer {q.Layers}";
            (double[] cx, double[] cy) = plane.Project(q.OutputCenters);
            if (cx.Length <= 200)
            {
                var codes = plot.Add.Markers(cx, cy, MarkerShape.OpenCircle, 12, Colors.Black);
                codes.MarkerLineWidth = 2;
                codes.LegendText = "codes";
            }
        }

        if (run.Training is { } t)
        {
            int heads = t.Count;
            for (int h = 0; h < heads; h++)
            {
                double[] pathRows = new double[t.Path.Length * d];
                for (int s = 0; s < t.Path.Length; s++)
                {
                    t.Path[s].AsSpan(h * d, d).CopyTo(pathRows.AsSpan(s * d, d));
                }
                (double[] px, double[] py) = plane.Project(pathRows);
                var line = plot.Add.ScatterLine(px, py, Colors.Black);
                line.LineWidth = 1.5f;
                if (h == 0)
                {
                    line.LegendText = "head paths";
                }
                var start = plot.Add.Marker(px[0], py[0], MarkerShape.OpenCircle, 11, Colors.Black);
                start.MarkerLineWidth = 2;
                var end = plot.Add.Marker(px[^1], py[^1], MarkerShape.FilledDiamond, 15, Colour(h));
                end.MarkerLineColor = Colors.Black;
                end.MarkerLineWidth = 1.5f;
                if (h == 0)
                {
                    start.LegendText = "heads at the start";
                    end.LegendText = "heads θ trained";
                }
            }
        }

        string ari = run.Metrics.Ari is double a ? string.Create(CultureInfo.InvariantCulture, $", ARI {a:0.000}") : "";
        string detail = run.Method switch
        {
            "quantize" => string.Create(CultureInfo.InvariantCulture, $"quantize, {ClusteringNames.Kernel(run.QuantizerSettings?.Kernel ?? default)}\nβ = {run.Quantization!.Beta:G3}, {run.Quantization.Layers} layers"),
            "heads" => string.Create(CultureInfo.InvariantCulture, $"heads (H = {run.HeadsSettings?.Heads}, λ = {run.HeadsSettings?.Lambda})"),
            _ => $"k-means (k = {run.Clusters})",
        };
        string thinned = stride > 1 ? $"\nevery {stride}th point shown" : "";
        plot.Title($"{detail}\n{clusters} clusters{ari}{thinned}");
        if (plane.Projected)
        {
            plot.XLabel(string.Create(CultureInfo.InvariantCulture, $"PC1 ({plane.FirstShare:P0} of variance; projection of d = {d})"));
            plot.YLabel(string.Create(CultureInfo.InvariantCulture, $"PC2 ({plane.SecondShare:P0} of variance)"));
        }
        else
        {
            plot.XLabel(cloud.ColumnNames[0]);
            plot.YLabel(d > 1 ? cloud.ColumnNames[1] : "(d = 1)");
        }
        int entries = plot.Legend.GetItems().Count(item => !string.IsNullOrEmpty(item.LabelText));
        double legendPoints = entries * 1.35 * 0.9 * fontPoints + 1.5 * fontPoints;
        double extent = Math.Max(x.Max() - x.Min(), Math.Max(y.Max() - y.Min(), 1e-12));
        var room = plot.Add.Marker(x.Min(), y.Min() - 1.1 * extent * legendPoints / dataWidthPoints, MarkerShape.None, 0, Colors.Transparent);
        room.LegendText = "";
        plot.Axes.SquareUnits();
        plot.ShowLegend(Alignment.LowerCenter);
        return plot;
    }

    /// <summary>The colour of cluster <paramref name="index"/> (<see cref="OkabeIto"/>).</summary>
    private static Color Colour(int index) => OkabeIto.Group(index);
}
