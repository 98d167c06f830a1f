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

    /// <summary>Reads a checkpoint written by <see cref="Save"/>.</summary>
    public static TrainingCheckpoint Load(string path)
    {
        if (!File.Exists(path))
        {
            throw new ModelFileException($"There is no checkpoint at '{path}'; --resume takes the run folder of an earlier 'hardmax train --out'.");
        }
        (ClassifierModel model, JsonObject header, float[][] arrays) = ClassifierModel.Load(path, "checkpoint");
        JsonObject state = header["checkpoint"]?.AsObject()
            ?? throw new ModelFileException($"'{path}' is a model file, not a checkpoint.");
        TrainingOptions options = state["options"].Deserialize<TrainingOptions>(TrainingJson.Options)
            ?? throw new ModelFileException($"'{path}' has no training options.");
        int parameterCount = model.Parameters.All.Length;
        if (arrays.Length != 3 * parameterCount)
        {
            throw new ModelFileException($"'{path}' holds {arrays.Length} arrays; a checkpoint has {3 * parameterCount}. The file is damaged.");
        }
        var optimizer = new AdamOptimizer(model.Parameters.All.Select(a => a.Length).ToArray(), options.LearningRate, options.Optimizer)
        {
            Steps = state["adamSteps"]!.GetValue<long>(),
        };
        for (int p = 0; p < parameterCount; p++)
        {
            arrays[parameterCount + p].CopyTo(optimizer.FirstMoments[p], 0);
            arrays[2 * parameterCount + p].CopyTo(optimizer.SecondMoments[p], 0);
        }
        return new TrainingCheckpoint
        {
            Options = options,
            Model = model,
            Optimizer = optimizer,
            Epoch = state["epoch"]!.GetValue<int>(),
            Batch = state["batch"]!.GetValue<int>(),
            PartialLoss = state["partialLoss"]!.GetValue<double>(),
            PartialCorrect = state["partialCorrect"]!.GetValue<long>(),
            PartialSeconds = state["partialSeconds"]!.GetValue<double>(),
            History = state["history"].Deserialize<List<EpochMetrics>>(TrainingJson.Options) ?? [],
        };
    }
}
