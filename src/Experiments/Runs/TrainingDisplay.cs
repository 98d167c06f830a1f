using System.Diagnostics;
using System.Globalization;
using HardmaxCore.Classifier;
using HardmaxCore.Experiments.Text;

namespace HardmaxCore.Experiments.Runs;

/// <summary>
/// How a training run shows on screen (<c>hardmax train</c>): the epoch table (rows and, when the terminal is too narrow
/// for the full headers, a legend, each printed once) and in a terminal one live progress line below it; piped, a whole
/// line per quarter epoch on stderr. Then the summary of the selected epoch and the files written.
/// </summary>
internal static class TrainingDisplay
{
    /// <summary>Trains <paramref name="run"/> until its epochs are done or <paramref name="cancel"/> fires, showing it through <paramref name="display"/>.</summary>
    /// <returns>True when all epochs are done; false when cancelled (a checkpoint was saved).</returns>
    public static bool Run(LiveDisplay display, ITrainingRun run, CancellationToken cancel)
    {
        EpochTable table = EpochTable.Create(run.Options.Architecture != ClassifierArchitecture.Attention, display.Width);
        foreach (string legend in table.Legend)
        {
            display.Log(legend);
        }
        display.Row(table.Header);
        foreach (EpochMetrics done in run.History)
        {
            display.Row(table.Row(done));
        }
        long epochStart = Stopwatch.GetTimestamp();
        int lastBatch = int.MaxValue;
        int lastQuarter = -1;
        return run.Run(progress =>
        {
            if (progress.Batch < lastBatch)
            {
                epochStart = Stopwatch.GetTimestamp();
                lastQuarter = -1;
            }
            lastBatch = progress.Batch;
            if (!display.IsLive)
            {
                // Logs (schedulers, CI): a whole line on stderr per quarter epoch, never a partial one.
                int quarter = 4 * progress.Batch / progress.Batches;
                if (quarter != lastQuarter && quarter < 4)
                {
                    lastQuarter = quarter;
                    display.Log(string.Create(CultureInfo.InvariantCulture,
                        $"epoch {progress.Epoch} batch {progress.Batch}/{progress.Batches} loss {progress.Loss:F4} acc {progress.Accuracy:F4} {progress.ReviewsPerSecond:F0} reviews/s"));
                }
                return;
            }
            if (progress.Batch == progress.Batches)
            {
                display.Status(string.Create(CultureInfo.InvariantCulture, $"epoch {progress.Epoch}: evaluating on validation and test…"), force: true);
                return;
            }
            double elapsed = Stopwatch.GetElapsedTime(epochStart).TotalSeconds;
            double remaining = progress.Batch > 0 ? elapsed / progress.Batch * (progress.Batches - progress.Batch) : double.NaN;
            display.Progress(string.Create(CultureInfo.InvariantCulture, $"epoch {progress.Epoch}"), progress.Batch, progress.Batches,
                Describe(progress, remaining, compact: (display.Width ?? 200) < 100));
        }, metrics => display.Row(table.Row(metrics)), cancel);
    }

    /// <summary>
    /// The lines after a finished run: the epoch selected on validation with its test accuracy (softmax, and hardmax where
    /// defined), and the files written in <paramref name="folder"/>.
    /// </summary>
    public static IEnumerable<string> Summary(ITrainingRun run, string folder)
    {
        if (run.SelectedEpoch() is { } selected)
        {
            yield return string.Create(CultureInfo.InvariantCulture,
                $"selected epoch {selected.Epoch} (validation {selected.ValidationAccuracy:F4}): test {TextTable.Number(selected.TestAccuracy, "F4")}") +
                (double.IsFinite(selected.TestAccuracyHardmax) ? string.Create(CultureInfo.InvariantCulture, $" softmax, {selected.TestAccuracyHardmax:F4} hardmax") : "");
        }
        yield return $"wrote {Path.Combine(folder, TrainingRun.ModelFileName)} (the selected epoch), {Path.Combine(folder, TrainingRun.MetricsFileName)} and {Path.Combine(folder, TrainingCheckpoint.FileName)}";
    }

    /// <summary>The progress line's detail: loss and accuracy so far, throughput and the time left in the epoch.</summary>
    private static string Describe(BatchProgress p, double remaining, bool compact)
    {
        string eta = LiveDisplay.Clock(remaining);
        return compact
            ? string.Create(CultureInfo.InvariantCulture, $"loss {p.Loss:F3} acc {p.Accuracy:F3} {eta} left")
            : string.Create(CultureInfo.InvariantCulture, $"batch {p.Batch}/{p.Batches}  loss {p.Loss:F4}  acc {p.Accuracy:F4}  {p.ReviewsPerSecond:F0} reviews/s  {eta} left");
    }
}
