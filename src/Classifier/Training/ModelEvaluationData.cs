using System.Text.Json;
using System.Text.Json.Nodes;

namespace HardmaxCore.Classifier;

/// <summary>The data a trained model is evaluated on: by default the same protocol, seed and subset it was trained with.</summary>
public static class ModelEvaluationData
{
    /// <summary>Prepares the split with the model's vocabulary; options not given default to the model's training options.</summary>
    public static PreparedData Load(
        ClassifierModel model, JsonObject header, string? dataPath, EvaluationProtocol? protocol, int? seed, TextWriter log)
    {
        TrainingOptions? training = header["training"]?.Deserialize<TrainingOptions>(TrainingJson.Options);
        return PreparedData.Load(
            dataPath ?? training?.DataPath ?? PreparedData.DefaultDataPath(),
            protocol ?? training?.Protocol ?? EvaluationProtocol.Paper,
            training?.ValidationFraction ?? 0.1,
            seed ?? training?.Seed ?? 0,
            dataPath is null ? training?.Limit : null,
            model.Text,
            1,
            model.Settings.Tokens,
            model.Vocabulary,
            log);
    }
}
