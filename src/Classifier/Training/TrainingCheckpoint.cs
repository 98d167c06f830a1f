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

    /// <summary>The weights.</summary>
    public required ClassifierModel Model { get; init; }

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
        var arrays = new List<float[]>(this.Model.Parameters.All);
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
            throw new ModelFileException($"There is no checkpoint at '{path}'; --resume takes the run folder of an earlier 'hardmax train --out'.");
        }
        (ClassifierModel model, JsonObject header, float[][] arrays) = ClassifierModel.Load(path, "checkpoint");
        if (header["checkpoint"] is null)
        {
            throw new ModelFileException($"'{path}' is a model file, not a checkpoint.");
        }
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
        TrainingOptions options = parsed ?? throw ModelFile.Damaged(path, "the training options are null", "in the header's checkpoint.options");
        CheckOptions(options, model.Settings, path);
        int parameterCount = model.Parameters.All.Length;
        if (arrays.Length != 3 * parameterCount)
        {
            throw ModelFile.Damaged(path, $"it holds {arrays.Length} arrays where a checkpoint has {3 * parameterCount}", "after the header");
        }
        for (int p = 0; p < parameterCount; p++)
        {
            for (int moment = 1; moment <= 2; moment++)
            {
                float[] array = arrays[(moment * parameterCount) + p];
                if (array.LongLength != model.Parameters.All[p].LongLength)
                {
                    throw ModelFile.Damaged(path, $"Adam moment {moment} of parameter {p} has {array.LongLength} values, expected {model.Parameters.All[p].LongLength}", $"array {(moment * parameterCount) + p}");
                }
            }
        }
        long steps = ModelFile.Integer(state, "adamSteps", path, 0, long.MaxValue);
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
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException)
        {
            throw ModelFile.Damaged(path, $"the history does not parse ({e.Message})", "in the header's checkpoint.history");
        }
        if (history.Any(h => h is null))
        {
            throw ModelFile.Damaged(path, "the history holds a null entry", "in the header's checkpoint.history");
        }
        var optimizer = new AdamOptimizer(model.Parameters.All.Select(a => a.Length).ToArray(), options.LearningRate, options.Optimizer)
        {
            Steps = steps,
        };
        for (int p = 0; p < parameterCount; p++)
        {
            arrays[parameterCount + p].CopyTo(optimizer.FirstMoments[p], 0);
            arrays[(2 * parameterCount) + p].CopyTo(optimizer.SecondMoments[p], 0);
        }
        return new TrainingCheckpoint
        {
            Options = options,
            Model = model,
            Optimizer = optimizer,
            Epoch = epoch,
            Batch = batch,
            PartialLoss = partialLoss,
            PartialCorrect = partialCorrect,
            PartialSeconds = partialSeconds,
            History = history,
        };
    }

    /// <summary>Checks the ranges of the saved training options and that they agree with the model's shape.</summary>
    private static void CheckOptions(TrainingOptions options, ClassifierSettings settings, string path)
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
            _ when options.Tokens != settings.Tokens || options.Dimension != settings.Dimension || options.Layers != settings.Layers =>
                $"the options say n = {options.Tokens}, d = {options.Dimension}, K = {options.Layers} but the weights are for n = {settings.Tokens}, d = {settings.Dimension}, K = {settings.Layers}",
            _ => null,
        };
        if (problem is not null)
        {
            throw ModelFile.Damaged(path, problem, Where);
        }
    }
}
