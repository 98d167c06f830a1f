using System.Globalization;
using System.Text.Json.Nodes;
using HardmaxCore.Classifier;

namespace HardmaxCore.Train.Commands;

/// <summary>
/// The split a command rebuilds for a trained model, and how: protocol, seed, subset and data file, checked against what
/// the model was trained with so that its "test" reviews are never reviews it trained on without the user asking.
/// </summary>
/// <param name="Data">The prepared reviews.</param>
/// <param name="DataPath">The data file or folder read (absolute).</param>
/// <param name="Protocol">The protocol used.</param>
/// <param name="Seed">The seed of the split.</param>
/// <param name="Limit">The seeded subset size, or null for all reviews.</param>
/// <param name="AsTrained">Whether the split is the one the model was trained with.</param>
internal sealed record ModelSplit(PreparedData Data, string DataPath, EvaluationProtocol Protocol, int Seed, int? Limit, bool AsTrained)
{
    /// <summary>
    /// Rebuilds the split; a protocol or seed other than the model's (on the same data) is refused unless
    /// <paramref name="allowOverlap"/>, because the new test part would hold reviews the model was trained on.
    /// </summary>
    /// <exception cref="CliException">Overlap without --allow-overlap, or no data where it is looked for.</exception>
    public static ModelSplit Load(
        ClassifierModel model, JsonObject header, string? dataPath, EvaluationProtocol? protocol, int? seed, bool allowOverlap, TextWriter log)
    {
        TrainingOptions? training = ModelEvaluationData.TrainingOptionsOf(header);
        string path = DataPaths.Resolve(dataPath ?? DataPaths.Recorded(training?.DataPath));
        EvaluationProtocol usedProtocol = protocol ?? training?.Protocol ?? EvaluationProtocol.Paper;
        int usedSeed = seed ?? training?.Seed ?? 0;
        bool sameData = training is not null && (dataPath is null || (training.DataPath is not null && SamePath(dataPath, training.DataPath)));
        if (training is not null && sameData && !allowOverlap && (usedProtocol != training.Protocol || usedSeed != training.Seed))
        {
            string asked = usedProtocol != training.Protocol ? $"--protocol {Name(usedProtocol)}" : $"--seed {usedSeed}";
            throw new CliException(
                $"{asked}: the model was trained on the {Name(training.Protocol)} protocol with seed {training.Seed}; another split's " +
                "test part holds reviews the model trained on, so its accuracy is not a test accuracy. Drop the option to use the model's own split, " +
                "or add --allow-overlap to compute it anyway.");
        }
        PreparedData data = ModelEvaluationData.Load(model, header, path, usedProtocol, usedSeed, log);
        int? limit = sameData ? training?.Limit : null;
        return new ModelSplit(data, path, usedProtocol, usedSeed, limit, training is not null && sameData && usedProtocol == training.Protocol && usedSeed == training.Seed);
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

    /// <summary>The protocol's name on the command line.</summary>
    public static string Name(EvaluationProtocol protocol) => protocol == EvaluationProtocol.Standard ? "standard" : "paper";

    private static bool SamePath(string a, string b)
        => string.Equals(Path.GetFullPath(a).TrimEnd(Path.DirectorySeparatorChar), Path.GetFullPath(b).TrimEnd(Path.DirectorySeparatorChar), StringComparison.Ordinal);
}
