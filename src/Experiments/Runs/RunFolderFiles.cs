using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using HardmaxCore.Classifier;

namespace HardmaxCore.Experiments.Runs;

/// <summary>
/// The files a run folder gets beside <c>metrics.json</c>, written after every epoch by both architectures' runs:
/// <c>config.json</c> (every training option, defaults resolved, re-runnable with <c>train --config</c>),
/// <c>metrics.csv</c> (a row per training step and per epoch) and, once the run has finished, the model card
/// <c>README.md</c> (<see cref="ModelCard"/>).
/// </summary>
/// <remarks>
/// <para><c>metrics.csv</c> is long-format, one header, read with <c>pandas.read_csv</c>: <c>kind</c> is <c>step</c>
/// (one row per batch: its loss and accuracy, the learning rate, α after the step, seconds since the run started in this
/// process) or <c>epoch</c> (the epoch's mean training loss and accuracy, validation loss and accuracy, test accuracy with
/// softmax and hardmax layers, α, seconds of the epoch). Empty cells are values that do not apply. Step rows of a run
/// resumed mid-epoch start again at the batch it resumed from.</para>
/// </remarks>
internal sealed class RunFolderFiles
{
    /// <summary>The settings file of a run.</summary>
    public const string ConfigFileName = "config.json";

    /// <summary>The step-level log of a run.</summary>
    public const string MetricsCsvFileName = "metrics.csv";

    /// <summary>The CSV header.</summary>
    public const string CsvHeader = "kind,epoch,batch,step,loss,accuracy,learning_rate,alpha,seconds,validation_loss,validation_accuracy,test_accuracy,test_accuracy_hardmax";

    /// <summary>The step rows logged since the last write.</summary>
    private readonly List<string> _pending = [];

    /// <summary>Time since this process started the run.</summary>
    private readonly Stopwatch _clock = Stopwatch.StartNew();

    /// <summary>The previous batch's running means, to recover the last batch's own loss and accuracy.</summary>
    private (int Epoch, int Batch, double Loss, double Accuracy, long Seen) _previous;

    /// <summary>
    /// Wraps a batch callback so that every batch is also logged: <paramref name="alpha"/> reads α after the step,
    /// <paramref name="batchSize"/> and <paramref name="trainCount"/> turn the running means of <see cref="BatchProgress"/>
    /// back into the batch's own loss and accuracy.
    /// </summary>
    /// <param name="onBatch">The caller's own callback, called after the row is logged (may be null).</param>
    /// <param name="alpha">Reads α after the step (NaN for a model without α).</param>
    /// <param name="learningRate">The learning rate of the row.</param>
    /// <param name="batchSize">Reviews per batch.</param>
    /// <param name="trainCount">Training reviews in an epoch (the last batch may be short).</param>
    /// <param name="resumeAt">Where a resumed run continues: its epoch, the batches already done in it and their summed loss
    /// and correct count (the checkpoint's partial epoch), so the first batch after the resume gets its own loss and accuracy
    /// with the same bits as in an uninterrupted run.</param>
    public Action<BatchProgress> Wrap(Action<BatchProgress>? onBatch, Func<double> alpha, double learningRate, int batchSize, int trainCount,
        (int Epoch, int Batch, double LossSum, long Correct) resumeAt = default)
    {
        ArgumentNullException.ThrowIfNull(alpha);
        if (resumeAt.Batch > 0)
        {
            // The running means the uninterrupted run reported after that batch: sum / seen, as TrainingRun computes them.
            long done = Math.Min((long)resumeAt.Batch * batchSize, trainCount);
            this._previous = (resumeAt.Epoch, resumeAt.Batch, resumeAt.LossSum / done, (double)resumeAt.Correct / done, done);
        }
        return progress =>
        {
            long seen = Math.Min((long)progress.Batch * batchSize, trainCount);
            long before = Math.Min((long)(progress.Batch - 1) * batchSize, trainCount);
            (int epoch, int batch, double loss, double accuracy, long previousSeen) = this._previous;
            bool continues = epoch == progress.Epoch && batch == progress.Batch - 1 && previousSeen == before;
            long size = seen - (continues ? previousSeen : before);
            double batchLoss = continues ? (progress.Loss * seen - loss * previousSeen) / Math.Max(1, size) : double.NaN;
            double batchAccuracy = continues ? (progress.Accuracy * seen - accuracy * previousSeen) / Math.Max(1, size) : double.NaN;
            if (progress.Batch == 1)
            {
                (batchLoss, batchAccuracy) = (progress.Loss, progress.Accuracy);
            }
            this._previous = (progress.Epoch, progress.Batch, progress.Loss, progress.Accuracy, seen);
            CultureInfo c = CultureInfo.InvariantCulture;
            this._pending.Add(string.Create(c,
                $"step,{progress.Epoch},{progress.Batch},{(long)(progress.Epoch - 1) * progress.Batches + progress.Batch},{Number(batchLoss)},{Number(batchAccuracy)},{Number(learningRate)},{Number(alpha())},{Number(this._clock.Elapsed.TotalSeconds)},,,,"));
            onBatch?.Invoke(progress);
        };
    }

    /// <summary>Writes config.json and metrics.csv (keeping the step rows already in the file), and the model card once the run has finished.</summary>
    /// <param name="folder">The run folder.</param>
    /// <param name="options">The run's options.</param>
    /// <param name="history">The finished epochs.</param>
    /// <param name="card">The facts the model card needs, or null while the run has not finished.</param>
    public void Write(string folder, TrainingOptions options, IReadOnlyList<EpochMetrics> history, ModelCard? card)
    {
        ArgumentNullException.ThrowIfNull(folder);
        ArgumentNullException.ThrowIfNull(history);
        AtomicFile.WriteAllBytes(Path.Combine(folder, ConfigFileName), Encoding.UTF8.GetBytes(ConfigJson(options) + "\n"));
        string csvPath = Path.Combine(folder, MetricsCsvFileName);
        int lastEpoch = history.Count == 0 ? 0 : history[^1].Epoch;
        var steps = new List<string>();
        if (File.Exists(csvPath))
        {
            // Read under the cap like every other file: a metrics.csv replaced by a pipe or a device must not hang or fill memory.
            using var reader = new StreamReader(UserFile.OpenRead(csvPath, "metrics file", UserFile.TextFileCap));
            for (string? line = reader.ReadLine(); line is not null; line = reader.ReadLine())
            {
                if (line.StartsWith("step,", StringComparison.Ordinal))
                {
                    steps.Add(line);
                }
            }
        }
        steps.AddRange(this._pending);
        this._pending.Clear();
        var text = new StringBuilder(CsvHeader).Append('\n');
        CultureInfo c = CultureInfo.InvariantCulture;
        foreach (EpochMetrics epoch in history)
        {
            foreach (string step in steps.Where(s => EpochOf(s) == epoch.Epoch))
            {
                text.Append(step).Append('\n');
            }
            text.Append(c, $"epoch,{epoch.Epoch},,,{Number(epoch.TrainLoss)},{Number(epoch.TrainAccuracy)},{Number(options.LearningRate)},{Number(epoch.Alpha)},{Number(epoch.Seconds)},{Number(epoch.ValidationLoss)},{Number(epoch.ValidationAccuracy)},{Number(epoch.TestAccuracy)},{Number(epoch.TestAccuracyHardmax)}\n");
        }
        foreach (string step in steps.Where(s => EpochOf(s) > lastEpoch))
        {
            text.Append(step).Append('\n');
        }
        AtomicFile.WriteAllBytes(csvPath, Encoding.UTF8.GetBytes(text.ToString()));
        if (card is not null)
        {
            AtomicFile.WriteAllBytes(Path.Combine(folder, ModelCard.FileName), Encoding.UTF8.GetBytes(card.Markdown()));
        }
    }

    /// <summary>The options as config.json: every option, defaults resolved.</summary>
    public static string ConfigJson(TrainingOptions options) => JsonSerializer.Serialize(options, TrainingJson.Options);

    /// <summary>Reads a config.json (or the <c>settings</c> of a metrics.json).</summary>
    /// <exception cref="ClassifierException">The file is missing, not JSON, or holds values of the wrong type.</exception>
    public static TrainingOptions LoadConfig(string path)
    {
        try
        {
            JsonNode? node = JsonNode.Parse(UserFile.ReadAllBytes(path, "run configuration", UserFile.TextFileCap));
            if (node is JsonObject { } root && root["settings"] is JsonObject settings)
            {
                node = settings;
            }
            return node?.Deserialize<TrainingOptions>(TrainingJson.Options) ?? throw new ClassifierException($"'{path}' holds no training options.");
        }
        catch (Exception e) when (e is JsonException or IOException or UnauthorizedAccessException or NotSupportedException or InvalidOperationException or ArgumentException)
        {
            throw new ClassifierException($"'{path}' is not a readable run configuration: {e.Message}");
        }
    }

    /// <summary>
    /// The options of a config file with those given on the command line on top: <paramref name="given"/> names the
    /// JSON properties (as config.json spells them, e.g. <c>dimension</c>) whose value comes from <paramref name="commandLine"/>.
    /// </summary>
    public static TrainingOptions Overlay(TrainingOptions file, TrainingOptions commandLine, IReadOnlySet<string> given)
    {
        ArgumentNullException.ThrowIfNull(given);
        JsonObject result = JsonSerializer.SerializeToNode(file, TrainingJson.Options)!.AsObject();
        JsonObject line = JsonSerializer.SerializeToNode(commandLine, TrainingJson.Options)!.AsObject();
        foreach (string name in given)
        {
            result[name] = line[name]?.DeepClone();
        }
        return result.Deserialize<TrainingOptions>(TrainingJson.Options)!;
    }

    private static int EpochOf(string stepRow)
    {
        int start = stepRow.IndexOf(',', StringComparison.Ordinal) + 1;
        int end = stepRow.IndexOf(',', start);
        return int.Parse(stepRow.AsSpan(start, end - start), CultureInfo.InvariantCulture);
    }

    /// <summary>A number for the CSV: round-trip, empty when not finite.</summary>
    private static string Number(double value) => double.IsFinite(value) ? value.ToString("R", CultureInfo.InvariantCulture) : "";
}
