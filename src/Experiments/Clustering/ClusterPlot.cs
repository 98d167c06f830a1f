using System.Globalization;
using HardmaxCore.Clustering;
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
/// File.WriteAllBytes("clusters.svg", ClusterPlot.Render(cloud, runs, svg: true));
/// </code>
/// </remarks>
public static class ClusterPlot
{
    /// <summary>At most this many points are drawn per panel (every m-th point beyond it; the title says so).</summary>
    public const int MaxDrawnPoints = 20_000;

    /// <summary>Renders one panel per run, side by side, as PNG (or SVG) of panelWidth·runs × panelHeight pixels.</summary>
    /// <param name="cloud">The points.</param>
    /// <param name="runs">The runs to draw (one panel each).</param>
    /// <param name="svg">SVG instead of PNG.</param>
    /// <param name="panelWidth">Pixels per panel, across.</param>
    /// <param name="panelHeight">Pixels per panel, down.</param>
    /// <returns>The image file's bytes.</returns>
    /// <exception cref="ArgumentException">No run.</exception>
    public static byte[] Render(PointCloud cloud, IReadOnlyList<ClusteringRun> runs, bool svg = false, int panelWidth = 640, int panelHeight = 720)
        => Render(cloud, runs, new FigurePage(panelWidth * Math.Max(1, runs?.Count ?? 1) / 96.0, panelHeight / 96.0, 9, 96), svg ? FigureFormat.Svg : FigureFormat.Png);

    /// <summary>Renders one panel per run, side by side, on a page of the given size, in the given format (<see cref="FigureComposer"/>).</summary>
    /// <exception cref="ArgumentException">No run.</exception>
    public static byte[] Render(PointCloud cloud, IReadOnlyList<ClusteringRun> runs, FigurePage page, FigureFormat format)
    {
        ArgumentNullException.ThrowIfNull(cloud);
        ArgumentNullException.ThrowIfNull(runs);
        if (runs.Count == 0)
        {
            throw new ArgumentException("Give at least one run to draw.", nameof(runs));
        }
        var plane = new PrincipalPlane(cloud.Points, cloud.Dimension);
        ClusteringRun? kmeans = runs.FirstOrDefault(r => r.Method == "kmeans");
        Plot[] panels = runs.Select(run => Panel(cloud, plane, run, kmeans)).ToArray();
        return FigureComposer.Compose(panels, panels.Length, [.. panels.Select(_ => 640)], page, format);
    }

    /// <summary>One method's panel.</summary>
    private static Plot Panel(PointCloud cloud, PrincipalPlane plane, ClusteringRun run, ClusteringRun? kmeans)
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
                markers.LegendText = $"points (colour = cluster; {clusters} clusters)";
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
            outputs.LegendText = $"outputs after {q.Layers} layers (flattened cloud)";
            (double[] cx, double[] cy) = plane.Project(q.OutputCenters);
            if (cx.Length <= 200)
            {
                var codes = plot.Add.Markers(cx, cy, MarkerShape.OpenCircle, 12, Colors.Black);
                codes.MarkerLineWidth = 2;
                codes.LegendText = "codes (output space)";
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
                    line.LegendText = "head paths (training)";
                }
                var start = plot.Add.Marker(px[0], py[0], MarkerShape.OpenCircle, 11, Colors.Black);
                start.MarkerLineWidth = 2;
                var end = plot.Add.Marker(px[^1], py[^1], MarkerShape.FilledDiamond, 15, Colour(h));
                end.MarkerLineColor = Colors.Black;
                end.MarkerLineWidth = 1.5f;
                if (h == 0)
                {
                    start.LegendText = "heads at initialisation";
                    end.LegendText = "heads θ after training";
                }
            }
        }

        string ari = run.Metrics.Ari is double a ? string.Create(CultureInfo.InvariantCulture, $", ARI {a:0.000}") : "";
        string detail = run.Method switch
        {
            "quantize" => string.Create(CultureInfo.InvariantCulture, $"quantize ({ClusteringNames.Kernel(run.QuantizerSettings?.Kernel ?? default)}, β = {run.Quantization!.Beta}, {run.Quantization.Layers} layers)"),
            "heads" => string.Create(CultureInfo.InvariantCulture, $"heads (H = {run.HeadsSettings?.Heads}, λ = {run.HeadsSettings?.Lambda})"),
            _ => $"k-means (k = {run.Clusters})",
        };
        string thinned = stride > 1 ? $", every {stride}th point shown" : "";
        plot.Title($"{detail}\n{clusters} clusters{ari}{thinned}", size: 15);
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
        plot.Axes.SquareUnits();
        plot.ShowLegend(Edge.Bottom);
        return plot;
    }

    /// <summary>The colour of cluster <paramref name="index"/> (<see cref="OkabeIto"/>).</summary>
    private static Color Colour(int index) => OkabeIto.Group(index);
}
