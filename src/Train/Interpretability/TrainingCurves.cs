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
    /// test (softmax) dotted, test with hardmax layers as open circles, one colour per run, the selected epoch marked on test.
    /// </summary>
    public static byte[] Figure(IReadOnlyList<TrainingCurves> runs, int width = 1500, int height = 560)
    {
        Plot loss = Figures.NewPlot();
        Plot accuracy = Figures.NewPlot();
        for (int r = 0; r < runs.Count; r++)
        {
            TrainingCurves run = runs[r];
            ScottPlot.Color color = Figures.Group(r);
            Line(loss, run.Epoch, run.TrainLoss, color, LinePattern.Solid, $"{run.Name}");
            Line(accuracy, run.Epoch, run.TrainAccuracy, color, LinePattern.Solid, $"{run.Name} train");
            Line(accuracy, run.Epoch, run.ValidationAccuracy, color, LinePattern.Dashed, $"{run.Name} validation");
            Line(accuracy, run.Epoch, run.TestAccuracy, color, LinePattern.Dotted, $"{run.Name} test");
            Line(accuracy, run.Epoch, run.TestAccuracyHardmax, color, null, $"{run.Name} test (hardmax layers)");
            int at = run.SelectedEpoch is int e ? Array.IndexOf(run.Epoch, (double)e) : -1;
            if (at >= 0 && double.IsFinite(run.TestAccuracy[at]))
            {
                var mark = accuracy.Add.Marker(run.Epoch[at], run.TestAccuracy[at], MarkerShape.FilledDiamond, 11, color);
                mark.LegendText = r == 0 ? "selected epoch (validation)" : "";
            }
        }
        loss.Title("Training loss (binary cross-entropy)", 16);
        loss.XLabel("epoch", 13);
        loss.YLabel("loss", 13);
        loss.ShowLegend(Alignment.UpperRight);
        accuracy.Title("Accuracy: train, validation, test; circles: test with hardmax layers", 15);
        accuracy.XLabel("epoch", 13);
        accuracy.YLabel("accuracy", 13);
        accuracy.ShowLegend(Edge.Right).Legend.FontSize = 11;
        int lossWidth = width * 2 / 5;
        return Figures.Grid([loss, accuracy], 2, lossWidth, height, panelWidths: [lossWidth, width - lossWidth]);
    }

    /// <summary>One curve; a null pattern draws open circles without a line.</summary>
    private static void Line(Plot plot, double[] x, double[] y, ScottPlot.Color color, LinePattern? pattern, string label)
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
        line.LegendText = label;
    }
}
