using System.Globalization;
using HardmaxCore.Classifier;
using HardmaxCore.Experiments.Runs;
using ScottPlot;

namespace HardmaxCore.Experiments.Plotting;

/// <summary>Test accuracy against d from a sweep report: mean ± std over seeds per configuration, with [AFZ]'s points.</summary>
internal static class SweepFigure
{
    /// <summary>
    /// One series per group of configurations that differ only in d (its name with <c>dim=…</c> removed), at x = log₂ d,
    /// mean test accuracy (selected on validation) with ±1 std bars; [AFZ]'s paper-protocol points as black stars.
    /// </summary>
    public static byte[] Render(SweepReport report, FigurePage page, FigureFormat format)
    {
        Plot plot = FigureComposer.NewPlot();
        var groups = report.Configurations
            .GroupBy(c => GroupName(c.Configuration), StringComparer.Ordinal)
            .ToArray();
        var dims = new SortedSet<int>(report.Configurations.Select(c => c.Settings.Dimension));
        for (int g = 0; g < groups.Length; g++)
        {
            ScottPlot.Color color = OkabeIto.Group(g);
            SweepConfigurationSummary[] points = groups[g].OrderBy(c => c.Settings.Dimension).ToArray();
            double offset = (g - (groups.Length - 1) / 2.0) * 0.04;
            double[] x = points.Select(c => Math.Log2(c.Settings.Dimension) + offset).ToArray();
            double[] y = points.Select(c => c.TestAccuracy.Mean).ToArray();
            var line = plot.Add.ScatterLine(x, y, color);
            line.LineWidth = 2;
            line.MarkerShape = MarkerShape.FilledCircle;
            line.MarkerSize = 7;
            int[] seeds = points.Select(c => c.TestAccuracy.Count).Distinct().Order().ToArray();
            line.LegendText = string.Create(CultureInfo.InvariantCulture, $"{groups[g].Key} (n = {string.Join("/", seeds)} seeds)");
            for (int i = 0; i < points.Length; i++)
            {
                double s = points[i].TestAccuracy.StandardDeviation;
                if (!double.IsFinite(s))
                {
                    continue;
                }
                const double Cap = 0.04;
                foreach ((double x1, double y1, double x2, double y2) in new[]
                {
                    (x[i], y[i] - s, x[i], y[i] + s), (x[i] - Cap, y[i] - s, x[i] + Cap, y[i] - s), (x[i] - Cap, y[i] + s, x[i] + Cap, y[i] + s),
                })
                {
                    var bar = plot.Add.Line(x1, y1, x2, y2);
                    bar.LineColor = color;
                    bar.LineWidth = 1.5f;
                }
            }
        }
        bool first = true;
        foreach ((int d, double accuracy) in SweepReport.AfzPaperAccuracy.OrderBy(p => p.Key))
        {
            dims.Add(d);
            var star = plot.Add.Marker(Math.Log2(d), accuracy, MarkerShape.FilledDiamond, 11, Colors.Black);
            star.LegendText = first ? "[AFZ] best test epoch of 100 (paper protocol)" : "";
            first = false;
        }
        var ticks = new ScottPlot.TickGenerators.NumericManual();
        foreach (int d in dims)
        {
            ticks.AddMajor(Math.Log2(d), d.ToString(CultureInfo.InvariantCulture));
        }
        plot.Axes.Bottom.TickGenerator = ticks;
        plot.Title("Test accuracy (epoch selected on validation), mean ± std over seeds", 15);
        plot.XLabel("d (embedding dimension)", 13);
        plot.YLabel("test accuracy", 13);
        plot.ShowLegend(Alignment.LowerRight);
        return FigureComposer.Compose(plot, 900, page, format);
    }

    /// <summary>The configuration's name without its <c>dim=…</c> part (<c>all d</c> when nothing else varies).</summary>
    internal static string GroupName(string configuration)
    {
        string[] parts = configuration.Split(',').Where(p => !p.StartsWith("dim=", StringComparison.Ordinal)).ToArray();
        return parts.Length == 0 || (parts.Length == 1 && parts[0] == "default") ? "all d" : string.Join(',', parts);
    }
}
