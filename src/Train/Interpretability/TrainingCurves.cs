using System.Text.Json;
using HardmaxCore.Train.Commands;
using HardmaxCore.Train.Plotting;
using ScottPlot;

namespace HardmaxCore.Train.Interpretability;

/// <summary>The per-epoch history of one training run, read from its <c>metrics.json</c>.</summary>
/// <param name="Name">The run's name (its folder).</param>
/// <param name="Epoch">Epoch numbers.</param>
/// <param name="TrainLoss">Mean training loss per epoch.</param>
/// <param name="TrainAccuracy">Training accuracy.</param>
/// <param name="ValidationAccuracy">Validation accuracy.</param>
/// <param name="TestAccuracy">Test accuracy, softmax layers.</param>
/// <param name="TestAccuracyHardmax">Test accuracy, hardmax layers (NaN when absent).</param>
/// <param name="SelectedEpoch">The epoch picked on validation, or null.</param>
internal sealed record TrainingCurves(
    string Name, double[] Epoch, double[] TrainLoss, double[] TrainAccuracy, double[] ValidationAccuracy, double[] TestAccuracy,
    double[] TestAccuracyHardmax, int? SelectedEpoch)
{
    /// <summary>Reads a run folder (its metrics.json) or a metrics.json file.</summary>
    /// <exception cref="CliException">The file is missing, is not JSON, or has no epochs.</exception>
    public static TrainingCurves Load(string path)
    {
        string file = Directory.Exists(path) ? Path.Combine(path, "metrics.json") : path;
        if (!File.Exists(file))
        {
            throw new CliException($"'{path}' is neither a run folder with a metrics.json nor a metrics.json file.");
        }
        string name = Path.GetFileName(Path.GetDirectoryName(Path.GetFullPath(file))) ?? file;
        try
        {
            using JsonDocument document = JsonDocument.Parse(UserFile.ReadAllBytes(file, "metrics file", UserFile.TextFileCap));
            JsonElement root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("epochs", out JsonElement epochs) || epochs.ValueKind != JsonValueKind.Array || epochs.GetArrayLength() == 0)
            {
                throw new CliException($"'{file}' has no epochs (is it a metrics.json written by 'hardmax train'?).");
            }
            JsonElement[] rows = epochs.EnumerateArray().ToArray();
            double[] Column(string field) => rows.Select(r => r.TryGetProperty(field, out JsonElement v) && v.ValueKind == JsonValueKind.Number ? v.GetDouble() : double.NaN).ToArray();
            int? selected = root.TryGetProperty("selectedEpoch", out JsonElement s) && s.ValueKind == JsonValueKind.Number && s.TryGetInt32(out int epoch) ? epoch : null;
            return new TrainingCurves(
                name, Column("epoch"), Column("trainLoss"), Column("trainAccuracy"), Column("validationAccuracy"), Column("testAccuracy"),
                Column("testAccuracyHardmax"), selected);
        }
        catch (JsonException e)
        {
            throw new CliException($"'{file}' is not valid JSON: {CommandRunner.OneLine(e.Message)}", e);
        }
    }

    /// <summary>
    /// The figure of several runs: training loss on the left; accuracies on the right, train solid, validation dashed,
    /// test (softmax) dotted, test with hardmax layers as open circles, one colour per run, the selected epoch marked on
    /// test. The legends name each run once (left) and each line style once (right, in black), outside the data; the epoch
    /// axis has whole-number ticks only.
    /// </summary>
    public static byte[] Figure(IReadOnlyList<TrainingCurves> runs, int width = 1500, int height = 560, bool svg = false, double scale = 1)
    {
        Plot loss = Figures.NewPlot();
        Plot accuracy = Figures.NewPlot();
        bool anySelected = false;
        for (int r = 0; r < runs.Count; r++)
        {
            TrainingCurves run = runs[r];
            ScottPlot.Color color = Figures.Group(r);
            Line(loss, run.Epoch, run.TrainLoss, color, LinePattern.Solid, run.Name);
            Line(accuracy, run.Epoch, run.TrainAccuracy, color, LinePattern.Solid, null);
            Line(accuracy, run.Epoch, run.ValidationAccuracy, color, LinePattern.Dashed, null);
            Line(accuracy, run.Epoch, run.TestAccuracy, color, LinePattern.Dotted, null);
            Line(accuracy, run.Epoch, run.TestAccuracyHardmax, color, null, null);
            int at = run.SelectedEpoch is int e ? Array.IndexOf(run.Epoch, (double)e) : -1;
            if (at >= 0 && double.IsFinite(run.TestAccuracy[at]))
            {
                accuracy.Add.Marker(run.Epoch[at], run.TestAccuracy[at], MarkerShape.FilledDiamond, 11, color);
                anySelected = true;
            }
        }
        double lastEpoch = runs.SelectMany(r => r.Epoch).Where(double.IsFinite).DefaultIfEmpty(1).Max();
        double firstEpoch = runs.SelectMany(r => r.Epoch).Where(double.IsFinite).DefaultIfEmpty(1).Min();
        // The style key: one black entry per line style, a single point left of the visible epochs (so nothing is drawn).
        double anchorY = runs.SelectMany(r => r.TrainAccuracy).Where(double.IsFinite).DefaultIfEmpty(0.5).First();
        (double X, double Y) anchor = (firstEpoch - 1000, anchorY);
        Key(accuracy, anchor, LinePattern.Solid, "train");
        Key(accuracy, anchor, LinePattern.Dashed, "validation");
        Key(accuracy, anchor, LinePattern.Dotted, "test");
        Key(accuracy, anchor, null, "test, hardmax layers");
        if (anySelected)
        {
            var mark = accuracy.Add.Marker(anchor.X, anchor.Y, MarkerShape.FilledDiamond, 11, ScottPlot.Colors.Black);
            mark.LegendText = "epoch selected on validation";
        }
        foreach (Plot plot in new[] { loss, accuracy })
        {
            plot.Axes.Bottom.TickGenerator = EpochTicks(firstEpoch, lastEpoch);
            plot.Axes.AutoScale();
            plot.Axes.SetLimitsX(firstEpoch - 0.3, lastEpoch + 0.3);
        }
        loss.Title("Training loss (binary cross-entropy)", 16);
        loss.XLabel("epoch", 13);
        loss.YLabel("loss", 13);
        loss.ShowLegend(Edge.Bottom).Legend.FontSize = 12;
        accuracy.Title("Accuracy per epoch", 16);
        accuracy.XLabel("epoch", 13);
        accuracy.YLabel("accuracy", 13);
        accuracy.ShowLegend(Edge.Right).Legend.FontSize = 12;
        int lossWidth = width * 2 / 5;
        return Figures.Grid([loss, accuracy], 2, lossWidth, height, panelWidths: [lossWidth, width - lossWidth], svg: svg, scale: scale);
    }

    /// <summary>
    /// Whole-number ticks from <paramref name="first"/> to <paramref name="last"/>, every 1, 2, 5, 10, 20, 50 … epochs,
    /// the smallest step giving at most 12 ticks.
    /// </summary>
    internal static ScottPlot.TickGenerators.NumericManual EpochTicks(double first, double last)
    {
        var ticks = new ScottPlot.TickGenerators.NumericManual();
        foreach (int e in EpochTickPositions(first, last))
        {
            ticks.AddMajor(e, e.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
        return ticks;
    }

    /// <summary>The epochs that get a tick (see <see cref="EpochTicks"/>).</summary>
    internal static int[] EpochTickPositions(double first, double last)
    {
        int from = (int)Math.Floor(first);
        int to = (int)Math.Ceiling(last);
        int step = 1;
        for (int magnitude = 1; (to - from) / step > 11; magnitude *= 10)
        {
            foreach (int m in new[] { 1, 2, 5 })
            {
                step = m * magnitude;
                if ((to - from) / step <= 11)
                {
                    break;
                }
            }
        }
        var positions = new List<int>();
        for (int e = (from + step - 1) / step * step; e <= to; e += step)
        {
            positions.Add(e);
        }
        return positions.ToArray();
    }

    /// <summary>A legend entry in black for a line style, drawing nothing visible.</summary>
    private static void Key(Plot plot, (double X, double Y) at, LinePattern? pattern, string label)
    {
        var line = plot.Add.ScatterLine(new[] { at.X }, new[] { at.Y }, ScottPlot.Colors.Black);
        if (pattern is { } chosen)
        {
            line.LinePattern = chosen;
            line.LineWidth = 2;
            line.MarkerSize = 0;
        }
        else
        {
            line.LineWidth = 0;
            line.MarkerShape = MarkerShape.OpenCircle;
            line.MarkerSize = 5;
        }
        line.LegendText = label;
    }

    /// <summary>One curve; a null pattern draws open circles without a line; a null label leaves it out of the legend.</summary>
    private static void Line(Plot plot, double[] x, double[] y, ScottPlot.Color color, LinePattern? pattern, string? label)
    {
        if (y.All(double.IsNaN))
        {
            return;
        }
        int[] keep = Enumerable.Range(0, y.Length).Where(i => double.IsFinite(y[i]) && double.IsFinite(x[i])).ToArray();
        var line = plot.Add.ScatterLine(keep.Select(i => x[i]).ToArray(), keep.Select(i => y[i]).ToArray(), color);
        if (pattern is { } chosen)
        {
            line.LinePattern = chosen;
            line.LineWidth = 2;
            line.MarkerSize = 0;
        }
        else
        {
            line.LineWidth = 0;
            line.MarkerShape = MarkerShape.OpenCircle;
            line.MarkerSize = 5;
        }
        if (label is not null)
        {
            line.LegendText = label;
        }
    }
}
