using System.Text.Json;
using System.Text.Json.Nodes;

namespace HardmaxCore.Classifier;

/// <summary>
/// Where a run stands: the model, Adam's moments and step count, the next epoch and batch, the partial statistics of
/// an interrupted epoch, and the history. Enough to resume and get exactly what an uninterrupted run gets.
/// </summary>
internal sealed class TrainingCheckpoint
{
    /// <summary>The file name inside a run folder.</summary>
    public const string FileName = "checkpoint.bin";

    /// <summary>The options of the run.</summary>
    public required TrainingOptions Options { get; init; }

    /// <summary>The weights, of either architecture.</summary>
    public required TrainableModel Model { get; init; }

    /// <summary>The weights of a hardmax run (for its tests and <see cref="SentimentClassifier"/>).</summary>
    /// <exception cref="InvalidCastException">The run trains the attention baseline.</exception>
    public ClassifierModel Hardmax => ((HardmaxTrainable)this.Model).Model;

    /// <summary>Adam's state.</summary>
    public required AdamOptimizer Optimizer { get; init; }

    /// <summary>The epoch in progress or next to start (1-based).</summary>
    public int Epoch { get; init; } = 1;

    /// <summary>The first batch of <see cref="Epoch"/> not yet trained.</summary>
    public int Batch { get; init; }

    /// <summary>Summed loss of the batches of <see cref="Epoch"/> already trained.</summary>
    public double PartialLoss { get; init; }

    /// <summary>Correct predictions in the batches of <see cref="Epoch"/> already trained.</summary>
    public long PartialCorrect { get; init; }

    /// <summary>Seconds spent training in the batches of <see cref="Epoch"/> already trained.</summary>
    public double PartialSeconds { get; init; }

    /// <summary>Finished epochs.</summary>
    public List<EpochMetrics> History { get; init; } = [];

    /// <summary>Writes the checkpoint atomically.</summary>
    public void Save(string path)
    {
        var state = new JsonObject
        {
            ["checkpoint"] = new JsonObject
            {
                ["options"] = JsonSerializer.SerializeToNode(this.Options, TrainingJson.Options),
                ["epoch"] = this.Epoch,
                ["batch"] = this.Batch,
                ["partialLoss"] = this.PartialLoss,
                ["partialCorrect"] = this.PartialCorrect,
                ["partialSeconds"] = this.PartialSeconds,
                ["adamSteps"] = this.Optimizer.Steps,
                ["history"] = JsonSerializer.SerializeToNode(this.History, TrainingJson.Options),
            },
        };
        var arrays = new List<float[]>(this.Model.Arrays);
        arrays.AddRange(this.Optimizer.FirstMoments);
        arrays.AddRange(this.Optimizer.SecondMoments);
        ModelFile.Save(path, this.Model.Header(state), arrays);
    }

    /// <summary>Reads a checkpoint written by <see cref="Save"/>, checking every field's type and range.</summary>
    /// <exception cref="ModelFileException">Missing, unreadable, foreign, truncated, corrupted or damaged.</exception>
    public static TrainingCheckpoint Load(string path)
    {
        if (!File.Exists(path))
        {
            throw new ModelFileException($"There is no checkpoint at '{path}'; TrainingRun.Resume takes the folder of a run begun by TrainingRun.Start.");
        }
        // Streamed as it was written: the header is read and checked first, then every array goes straight into the
        // model's weights and the optimizer's moments (no whole-file buffer, no copy), so resuming takes the memory of
        // training and no more.
        TrainableModel? model = null;
        AdamOptimizer? optimizer = null;
        TrainingOptions? options = null;
        JsonObject header = ModelFile.LoadInto(path, "checkpoint", (header, count, remaining) =>
        {
            if (header["checkpoint"] is null)
            {
                throw new ModelFileException($"'{path}' is a model file, not a checkpoint.");
            }
            model = TrainableModel.FromHeader(header, path, remaining);
            options = ReadOptions(header, path);
            CheckOptions(options, model, path);
            int parameterCount = model.Arrays.Length;
            if (count != 3 * parameterCount)
            {
                throw ModelFile.Damaged(path, $"it holds {count} arrays where a checkpoint has {3 * parameterCount}", "after the header");
            }
            ModelFile.RequireFits(path, 3 * model.ParameterCount, remaining);
            optimizer = new AdamOptimizer(model.Arrays.Select(a => a.Length).ToArray(), options.LearningRate, options.Optimizer);
            return [.. model.Arrays, .. optimizer.FirstMoments, .. optimizer.SecondMoments];
        }, (a, found, expected) => model!.Mismatch(a, found, expected));
        JsonObject state = ModelFile.Object(header, "checkpoint", path);
        long steps = ModelFile.Integer(state, "adamSteps", path, 0, long.MaxValue);
        optimizer!.Steps = steps;
        int epoch = (int)ModelFile.Integer(state, "epoch", path, 1, int.MaxValue);
        int batch = (int)ModelFile.Integer(state, "batch", path, 0, int.MaxValue);
        double partialLoss = ModelFile.Number(state, "partialLoss", path, 0, double.MaxValue);
        long partialCorrect = ModelFile.Integer(state, "partialCorrect", path, 0, long.MaxValue);
        double partialSeconds = ModelFile.Number(state, "partialSeconds", path, 0, double.MaxValue);
        List<EpochMetrics> history;
        try
        {
            history = state["history"] is JsonArray array
                ? array.Deserialize<List<EpochMetrics>>(TrainingJson.Options) ?? []
                : throw ModelFile.Damaged(path, "the history is missing or not an array", "in the header's checkpoint.history");
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException or ArgumentException)
        {
            throw ModelFile.Damaged(path, $"the history does not parse ({e.Message})", "in the header's checkpoint.history");
        }
        if (history.Any(h => h is null))
        {
            throw ModelFile.Damaged(path, "the history holds a null entry", "in the header's checkpoint.history");
        }
        return new TrainingCheckpoint
        {
            Options = options!,
            Model = model!,
            Optimizer = optimizer,
            Epoch = epoch,
            Batch = batch,
            PartialLoss = partialLoss,
            PartialCorrect = partialCorrect,
            PartialSeconds = partialSeconds,
            History = history,
        };
    }

    /// <summary>The training options a checkpoint header records.</summary>
    private static TrainingOptions ReadOptions(JsonObject header, string path)
    {
        JsonObject state = ModelFile.Object(header, "checkpoint", path);
        JsonObject optionsNode = ModelFile.Object(state, "options", path);
        TrainingOptions? parsed;
        try
        {
            parsed = optionsNode.Deserialize<TrainingOptions>(TrainingJson.Options);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException or NotSupportedException or ArgumentException)
        {
            throw ModelFile.Damaged(path, $"the training options do not parse ({e.Message})", "in the header's checkpoint.options");
        }
        return parsed ?? throw ModelFile.Damaged(path, "the training options are null", "in the header's checkpoint.options");
    }

    /// <summary>Checks the ranges of the saved training options and that they agree with the model's shape.</summary>
    private static void CheckOptions(TrainingOptions options, TrainableModel model, string path)
    {
        const string Where = "in the header's checkpoint.options";
        string? problem = options switch
        {
            { DataPath: null or "" } => "the data path is empty",
            { Epochs: < 1 } => $"epochs is {options.Epochs} (at least 1)",
            { BatchSize: < 1 or > SizeLimits.MaxBatch } => $"batchSize is {options.BatchSize} (1 to {SizeLimits.MaxBatch})",
            { MinCount: < 1 } => $"minCount is {options.MinCount} (at least 1)",
            { Limit: < 1 } => $"limit is {options.Limit} (at least 1)",
            _ when !(options.LearningRate > 0) || !double.IsFinite(options.LearningRate) => $"the learning rate is {options.LearningRate}",
            _ when !(options.ValidationFraction > 0 && options.ValidationFraction < 1) => $"the validation fraction is {options.ValidationFraction}",
            _ when !(options.ClipNorm > 0) || !double.IsFinite(options.ClipNorm) => $"clipNorm is {options.ClipNorm}",
            _ when options.Architecture != model.Architecture =>
                $"the options are for the {options.Architecture} architecture but the weights are for {model.Architecture}",
            _ when model.ShapeConflict(options) is string conflict => conflict,
            _ => null,
        };
        if (problem is not null)
        {
            throw ModelFile.Damaged(path, problem, Where);
        }
    }
}
