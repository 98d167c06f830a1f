using System.Text.Json;
using HardmaxCore.Classifier;
using HardmaxCore.Experiments.Plotting;
using ScottPlot;

namespace HardmaxCore.Experiments.Interpretability;

/// <summary>The per-epoch history of one training run, read from its <c>metrics.json</c>.</summary>
/// <param name="Name">The run's name (its folder).</param>
/// <param name="Epoch">Epoch numbers.</param>
/// <param name="TrainLoss">Mean training loss per epoch.</param>
/// <param name="ValidationLoss">Validation loss after each epoch (NaN in runs recorded before it was measured).</param>
/// <param name="TrainAccuracy">Training accuracy.</param>
/// <param name="ValidationAccuracy">Validation accuracy.</param>
/// <param name="TestAccuracy">Test accuracy, softmax layers.</param>
/// <param name="TestAccuracyHardmax">Test accuracy, hardmax layers (NaN when absent).</param>
/// <param name="SelectedEpoch">The epoch picked on validation, or null.</param>
internal sealed record TrainingCurves(
    string Name, double[] Epoch, double[] TrainLoss, double[] ValidationLoss, double[] TrainAccuracy, double[] ValidationAccuracy, double[] TestAccuracy,
    double[] TestAccuracyHardmax, int? SelectedEpoch)
{
    /// <summary>Reads a run folder (its metrics.json) or a metrics.json file.</summary>
    /// <exception cref="ExperimentException">The file is missing, is not JSON, or has no epochs.</exception>
    public static TrainingCurves Load(string path)
    {
        string file = Directory.Exists(path) ? Path.Combine(path, "metrics.json") : path;
        if (!File.Exists(file))
        {
            throw new ExperimentException($"'{path}' is neither a run folder with a metrics.json nor a metrics.json file.");
        }
        string name = Path.GetFileName(Path.GetDirectoryName(Path.GetFullPath(file))) ?? file;
        try
        {
            using JsonDocument document = JsonDocument.Parse(UserFile.ReadAllBytes(file, "metrics file", UserFile.TextFileCap));
            JsonElement root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("epochs", out JsonElement epochs) || epochs.ValueKind != JsonValueKind.Array || epochs.GetArrayLength() == 0)
            {
                throw new ExperimentException($"'{file}' has no epochs (is it a metrics.json written by 'hardmax train'?).");
            }
            JsonElement[] rows = epochs.EnumerateArray().ToArray();
            double[] Column(string field) => rows.Select(r => r.TryGetProperty(field, out JsonElement v) && v.ValueKind == JsonValueKind.Number ? v.GetDouble() : double.NaN).ToArray();
            int? selected = root.TryGetProperty("selectedEpoch", out JsonElement s) && s.ValueKind == JsonValueKind.Number && s.TryGetInt32(out int epoch) ? epoch : null;
            return new TrainingCurves(
                name, Column("epoch"), Column("trainLoss"), Column("validationLoss"), Column("trainAccuracy"), Column("validationAccuracy"), Column("testAccuracy"),
                Column("testAccuracyHardmax"), selected);
        }
        catch (JsonException e)
        {
            throw new ExperimentException($"'{file}' is not valid JSON: {Messages.OneLine(e.Message)}", e);
        }
    }

    /// <summary>
    /// The figure of several runs: loss on the left (train solid, validation dashed), accuracies on the right (train
    /// solid, validation dashed, test dotted, test with hardmax layers as open circles), one colour per run, the epoch
    /// selected on validation marked on test. Each panel's legend sits inside its frame, in the corner the curves leave
    /// empty (upper right for the falling loss, lower right for the rising accuracy); the line styles are keyed in black
    /// with swatches long enough to show the pattern; the epoch axis has whole-number ticks only.
    /// </summary>
    public static byte[] Figure(IReadOnlyList<TrainingCurves> runs, FigurePage page, FigureFormat format)
    {
        Plot loss = FigureComposer.NewPlot();
        Plot accuracy = FigureComposer.NewPlot();
        bool anySelected = false;
        bool anyValidationLoss = false;
        for (int r = 0; r < runs.Count; r++)
        {
            TrainingCurves run = runs[r];
            ScottPlot.Color color = OkabeIto.Group(r);
            Line(loss, run.Epoch, run.TrainLoss, color, LinePattern.Solid, runs.Count > 1 ? run.Name : null);
            anyValidationLoss |= Line(loss, run.Epoch, run.ValidationLoss, color, LinePattern.Dashed, null);
            Line(accuracy, run.Epoch, run.TrainAccuracy, color, LinePattern.Solid, null);
            Line(accuracy, run.Epoch, run.ValidationAccuracy, color, LinePattern.Dashed, null);
            Line(accuracy, run.Epoch, run.TestAccuracy, color, LinePattern.Dotted, null);
            Line(accuracy, run.Epoch, run.TestAccuracyHardmax, color, null, null);
            int at = run.SelectedEpoch is int e ? Array.IndexOf(run.Epoch, (double)e) : -1;
            if (at >= 0 && double.IsFinite(run.TestAccuracy[at]))
            {
                accuracy.Add.Marker(run.Epoch[at], run.TestAccuracy[at], MarkerShape.FilledDiamond, 16, color);
                anySelected = true;
            }
        }
        double lastEpoch = runs.SelectMany(r => r.Epoch).Where(double.IsFinite).DefaultIfEmpty(1).Max();
        double firstEpoch = runs.SelectMany(r => r.Epoch).Where(double.IsFinite).DefaultIfEmpty(1).Min();
        // The style keys: one black entry per line style, a single point left of the visible epochs (so nothing is drawn).
        (double X, double Y) lossAnchor = (firstEpoch - 1000, runs.SelectMany(r => r.TrainLoss).Where(double.IsFinite).DefaultIfEmpty(0.5).First());
        Key(loss, lossAnchor, LinePattern.Solid, "train");
        if (anyValidationLoss)
        {
            Key(loss, lossAnchor, LinePattern.Dashed, "validation");
        }
        (double X, double Y) anchor = (firstEpoch - 1000, runs.SelectMany(r => r.TrainAccuracy).Where(double.IsFinite).DefaultIfEmpty(0.5).First());
        Key(accuracy, anchor, LinePattern.Solid, "train");
        Key(accuracy, anchor, LinePattern.Dashed, "validation");
        Key(accuracy, anchor, LinePattern.Dotted, "test");
        if (runs.Any(r => r.TestAccuracyHardmax.Any(double.IsFinite)))
        {
            Key(accuracy, anchor, null, "test, hardmax layers");
        }
        if (anySelected)
        {
            var mark = accuracy.Add.Marker(anchor.X, anchor.Y, MarkerShape.FilledDiamond, 16, ScottPlot.Colors.Black);
            mark.LegendText = "selected on validation";
        }
        foreach (Plot plot in new[] { loss, accuracy })
        {
            plot.Axes.Bottom.TickGenerator = EpochTicks(firstEpoch, lastEpoch);
            plot.Axes.AutoScale();
            plot.Axes.SetLimitsX(firstEpoch - 0.3, lastEpoch + 0.3);
            plot.XLabel("epoch");
        }
        // Room above the curves for the legend inside the frame: the loss falls (legend upper right), the accuracy
        // rises (legend lower right), and a quarter of the range is kept free on that side.
        AxisLimits lossLimits = loss.Axes.GetLimits();
        loss.Axes.SetLimitsY(lossLimits.Bottom, lossLimits.Top + 0.35 * (lossLimits.Top - lossLimits.Bottom));
        AxisLimits accuracyLimits = accuracy.Axes.GetLimits();
        accuracy.Axes.SetLimitsY(accuracyLimits.Bottom - 0.55 * (accuracyLimits.Top - accuracyLimits.Bottom), accuracyLimits.Top);
        loss.Title("Loss (binary cross-entropy)");
        loss.YLabel("loss");
        loss.ShowLegend(Alignment.UpperRight);
        accuracy.Title("Accuracy");
        accuracy.YLabel("accuracy");
        accuracy.ShowLegend(Alignment.LowerRight);
        const int DesignWidth = 1500;
        int lossWidth = DesignWidth * 2 / 5;
        return FigureComposer.Compose([loss, accuracy], 2, [lossWidth, DesignWidth - lossWidth], page, format);
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

    /// <summary>The curve's style: the line pattern, or open circles without a line when there is none.</summary>
    private static void Style(ScottPlot.Plottables.Scatter line, LinePattern? pattern)
    {
        if (pattern is { } chosen)
        {
            line.LinePattern = chosen;
            line.LineWidth = 3.5f;
            line.MarkerSize = 0;
        }
        else
        {
            line.LineWidth = 0;
            line.MarkerShape = MarkerShape.OpenCircle;
            line.MarkerSize = 10;
            line.MarkerLineWidth = 2;
        }
    }

    /// <summary>A legend entry in black for a line style, drawing nothing visible.</summary>
    private static void Key(Plot plot, (double X, double Y) at, LinePattern? pattern, string label)
    {
        var line = plot.Add.ScatterLine(new[] { at.X }, new[] { at.Y }, ScottPlot.Colors.Black);
        Style(line, pattern);
        line.LegendText = label;
    }

    /// <summary>One curve; a null pattern draws open circles without a line; a null label leaves it out of the legend.</summary>
    /// <returns>Whether anything was drawn (false when every value is undefined).</returns>
    private static bool Line(Plot plot, double[] x, double[] y, ScottPlot.Color color, LinePattern? pattern, string? label)
    {
        if (y.All(double.IsNaN))
        {
            return false;
        }
        int[] keep = Enumerable.Range(0, y.Length).Where(i => double.IsFinite(y[i]) && double.IsFinite(x[i])).ToArray();
        var line = plot.Add.ScatterLine(keep.Select(i => x[i]).ToArray(), keep.Select(i => y[i]).ToArray(), color);
        Style(line, pattern);
        if (label is not null)
        {
            line.LegendText = label;
        }
        return true;
    }
}
