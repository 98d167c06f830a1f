using System.Text.Json;
using System.Text.Json.Nodes;

namespace HardmaxCore.Classifier;

/// <summary>The data a trained model is evaluated on: by default the same protocol, seed and subset it was trained with.</summary>
public static class ModelEvaluationData
{
    /// <summary>
    /// The training options recorded in a model file's header (<c>training</c>), or in a checkpoint's
    /// (<c>checkpoint.options</c>, which also records --limit); null for a model saved without them.
    /// </summary>
    public static TrainingOptions? TrainingOptionsOf(JsonObject header)
    {
        ArgumentNullException.ThrowIfNull(header);
        JsonNode? node = header["training"] ?? header["checkpoint"]?["options"];
        return node?.Deserialize<TrainingOptions>(TrainingJson.Options);
    }

    /// <summary>Prepares the split with the model's vocabulary; options not given default to the model's training options.</summary>
    public static PreparedData Load(
        ClassifierModel model, JsonObject header, string? dataPath, EvaluationProtocol? protocol, int? seed, TextWriter log)
    {
        TrainingOptions? training = TrainingOptionsOf(header);
        return PreparedData.Load(
            dataPath ?? training?.DataPath ?? PreparedData.DefaultDataPath(),
            protocol ?? training?.Protocol ?? EvaluationProtocol.Paper,
            training?.ValidationFraction ?? 0.1,
            seed ?? training?.Seed ?? 0,
            dataPath is null || training?.DataPath is null || SamePath(dataPath, training.DataPath) ? training?.Limit : null,
            model.Text,
            1,
            model.Settings.Tokens,
            model.Vocabulary,
            log);
    }

    /// <summary>Whether two paths name the same file or folder (compared as full paths).</summary>
    private static bool SamePath(string a, string b)
        => string.Equals(
            Path.GetFullPath(a).TrimEnd(Path.DirectorySeparatorChar), Path.GetFullPath(b).TrimEnd(Path.DirectorySeparatorChar), StringComparison.Ordinal);
}
