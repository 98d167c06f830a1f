using System.Globalization;
using System.Text.Json.Nodes;
using HardmaxCore.Classifier;

using HardmaxCore.Experiments.Data;

namespace HardmaxCore.Experiments.Evaluation;

/// <summary>
/// The split a command rebuilds for a trained model (<see cref="ModelEvaluationData"/>, which refuses a split whose "test"
/// reviews the model trained on unless asked), and how it is shown.
/// </summary>
/// <param name="Split">The split and how it was made.</param>
internal sealed record ModelSplit(ModelEvaluationSplit Split)
{
    /// <summary>The prepared reviews.</summary>
    public PreparedData Data => this.Split.Data;

    /// <summary>The data file or folder read (absolute).</summary>
    public string DataPath => this.Split.DataPath;

    /// <summary>The protocol used.</summary>
    public EvaluationProtocol Protocol => this.Split.Protocol;

    /// <summary>The seed of the split.</summary>
    public int Seed => this.Split.Seed;

    /// <summary>The seeded subset size, or null for all reviews.</summary>
    public int? Limit => this.Split.Limit;

    /// <summary>Whether the split is the one the model was trained with.</summary>
    public bool AsTrained => this.Split.AsTrained;

    /// <summary>Rebuilds the split of a model of either architecture (unset options: as the model was trained).</summary>
    /// <exception cref="ClassifierException">Overlap without <see cref="EvaluationDataOptions.AllowOverlap"/>, or the recorded data is gone.</exception>
    /// <exception cref="ExperimentException">No data where it is looked for.</exception>
    public static ModelSplit Load(
        SentimentClassifier classifier, string? dataPath, EvaluationProtocol? protocol, int? seed, bool allowOverlap, TextWriter log)
    {
        RequireData(dataPath, classifier.TrainingOptions);
        return new(ModelEvaluationData.Load(classifier, Options(dataPath, protocol, seed, allowOverlap), log));
    }

    /// <summary>As above, for a hardmax model and its file's header.</summary>
    public static ModelSplit Load(
        ClassifierModel model, JsonObject header, string? dataPath, EvaluationProtocol? protocol, int? seed, bool allowOverlap, TextWriter log)
    {
        RequireData(dataPath, ModelEvaluationData.TrainingOptionsOf(header));
        return new(ModelEvaluationData.Load(model, header, Options(dataPath, protocol, seed, allowOverlap), log));
    }

    private static EvaluationDataOptions Options(string? dataPath, EvaluationProtocol? protocol, int? seed, bool allowOverlap)
        => new() { DataPath = dataPath is null ? null : Path.GetFullPath(dataPath), Protocol = protocol, Seed = seed, AllowOverlap = allowOverlap };

    /// <summary>With neither a data path nor a recorded one, the default data must exist (<see cref="DataPaths.Resolve"/>).</summary>
    private static void RequireData(string? dataPath, TrainingOptions? training)
    {
        if (dataPath is null && training?.DataPath is null)
        {
            DataPaths.Resolve(null);
        }
    }

    /// <summary>One line: protocol, seed, subset and the sizes of the three parts.</summary>
    public string Describe() => string.Create(CultureInfo.InvariantCulture,
        $"split: {Name(this.Protocol)} protocol, seed {this.Seed}{(this.Limit is int l ? $", seeded subset of {l} reviews" : "")}: train {this.Data.Train.Count}, validation {this.Data.Validation.Count}, test {this.Data.Test.Count}{(this.AsTrained ? " (as the model was trained)" : " (NOT the model's training split)")}");

    /// <summary>The split as JSON: protocol, seed, limit, sizes, whether it is the model's own.</summary>
    public JsonObject ToJson() => new()
    {
        ["protocol"] = Name(this.Protocol),
        ["seed"] = this.Seed,
        ["limit"] = this.Limit,
        ["train"] = this.Data.Train.Count,
        ["validation"] = this.Data.Validation.Count,
        ["test"] = this.Data.Test.Count,
        ["asTrained"] = this.AsTrained,
        ["data"] = this.DataPath,
    };

    /// <summary>The protocol of a name (<see cref="Name"/>), or null for any other (e.g. absent: as the model was trained).</summary>
    public static EvaluationProtocol? ProtocolNamed(string? name) => name switch
    {
        "standard" => EvaluationProtocol.Standard,
        "paper" => EvaluationProtocol.Paper,
        _ => null,
    };

    /// <summary>The protocol's name on the command line and in JSON: "standard" or "paper".</summary>
    public static string Name(EvaluationProtocol protocol) => protocol == EvaluationProtocol.Standard ? "standard" : "paper";
}
