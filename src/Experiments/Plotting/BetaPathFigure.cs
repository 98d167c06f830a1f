using System.Globalization;
using HardmaxCore.Clustering;
using ScottPlot;

namespace HardmaxCore.Experiments.Plotting;

/// <summary>
/// The β path as a picture: the quantizer's number of clusters against β (both axes log scale), one marker per grid value (filled
/// when the run converged, open when it reached the layer cap), every plateau of two or more grid values with 2 … n/2 clusters shaded, the widest
/// one darker with its suggested β as a vertical line.
/// </summary>
internal static class BetaPathFigure
{
    private const int DesignWidth = 900;

    /// <summary>The figure of <paramref name="path"/>.</summary>
    /// <param name="path">The β path.</param>
    /// <param name="points">n, for the title.</param>
    /// <param name="page">The page (<see cref="FigureSize.BetaPath"/> by default).</param>
    /// <param name="format">PNG, SVG or PDF (<see cref="FigureComposer.RequireFormat"/>).</param>
    public static byte[] Render(BetaPathResult path, int points, FigurePage page, FigureFormat format)
    {
        Plot plot = FigureComposer.NewPlot();
        double[] x = path.Steps.Select(s => Math.Log10(s.Beta)).ToArray();
        double[] y = path.Steps.Select(s => Math.Log10(s.Clusters)).ToArray();
        double halfStep = x.Length > 1 ? (x[1] - x[0]) / 2 : 0.05;
        foreach (BetaPlateau plateau in path.Plateaus.Where(p => p.Eligible && p.Last > p.First))
        {
            bool widest = path.Suggested == plateau;
            var span = plot.Add.HorizontalSpan(x[plateau.First] - halfStep, x[plateau.Last] + halfStep);
            span.FillStyle.Color = OkabeIto.Group(widest ? 2 : 5).WithAlpha(widest ? 0.35 : 0.15);
            span.LineStyle.Width = 0;
        }
        var line = plot.Add.ScatterLine(x, y, OkabeIto.Group(0));
        line.LineWidth = 2;
        line.LegendText = "clusters at β";
        double[] convergedX = x.Where((_, i) => path.Steps[i].Converged).ToArray();
        double[] convergedY = y.Where((_, i) => path.Steps[i].Converged).ToArray();
        double[] cappedX = x.Where((_, i) => !path.Steps[i].Converged).ToArray();
        double[] cappedY = y.Where((_, i) => !path.Steps[i].Converged).ToArray();
        if (convergedX.Length > 0)
        {
            var converged = plot.Add.Markers(convergedX, convergedY, MarkerShape.FilledCircle, 8, OkabeIto.Group(0));
            converged.LegendText = "converged";
        }
        if (cappedX.Length > 0)
        {
            var capped = plot.Add.Markers(cappedX, cappedY, MarkerShape.OpenCircle, 9, OkabeIto.Group(3));
            capped.MarkerLineWidth = 2;
            capped.LegendText = "layer cap reached";
        }
        if (path.Suggested is { } suggested)
        {
            var chosen = plot.Add.VerticalLine(Math.Log10(suggested.Beta), 2, OkabeIto.Group(2));
            chosen.LinePattern = LinePattern.Dashed;
            chosen.LegendText = string.Create(CultureInfo.InvariantCulture, $"widest plateau: {suggested.Clusters} clusters, β = {suggested.Beta:G3}");
        }
        var ticks = new ScottPlot.TickGenerators.NumericManual();
        for (int decade = (int)Math.Floor(x.Min()); decade <= (int)Math.Ceiling(x.Max()); decade++)
        {
            foreach (int m in new[] { 1, 2, 5 })
            {
                double at = decade + Math.Log10(m);
                if (at >= x.Min() - halfStep && at <= x.Max() + halfStep)
                {
                    ticks.AddMajor(at, (m * Math.Pow(10, decade)).ToString("G3", CultureInfo.InvariantCulture));
                }
            }
        }
        plot.Axes.Bottom.TickGenerator = ticks;
        var countTicks = new ScottPlot.TickGenerators.NumericManual();
        foreach (int count in new[] { 1, 2, 3, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10_000, 20_000, 50_000, 100_000 })
        {
            if (count <= Math.Max(2, path.Steps.Max(s => s.Clusters)) * 2)
            {
                countTicks.AddMajor(Math.Log10(count), count.ToString(CultureInfo.InvariantCulture));
            }
        }
        plot.Axes.Left.TickGenerator = countTicks;
        plot.Axes.SetLimitsY(-0.05, Math.Max(Math.Log10(3), y.Max()) + 0.1);
        plot.Title(string.Create(CultureInfo.InvariantCulture, $"β path: clusters of the quantizer against β (n = {points}); shaded: plateaus"), 15);
        plot.XLabel("β (log scale)", 13);
        plot.YLabel("clusters (log scale)", 13);
        plot.ShowLegend(Alignment.UpperLeft);
        return FigureComposer.Compose(plot, DesignWidth, page, format);
    }
}
