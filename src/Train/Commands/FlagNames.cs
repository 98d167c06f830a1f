using System.Collections.Frozen;
using System.Text.RegularExpressions;

namespace HardmaxCore.Train.Commands;

/// <summary>
/// The one table from the libraries' names to the tool's flags. The libraries never write a flag: their messages name the
/// options property they mean, qualified by its record (<c>TrainingOptions.BatchSize must be between 1 and 1048576 (found 0).</c>),
/// or an enum value (<c>EvaluationProtocol.Paper</c>). Before the tool prints a library's message (<see cref="CommandRunner"/>),
/// <see cref="Rewrite"/> replaces every name the tool binds with the flag that sets it (<c>--batch must be …</c>), so the user
/// reads the flags they typed.
/// </summary>
internal static partial class FlagNames
{
    /// <summary>Qualified library name → what the user types.</summary>
    public static FrozenDictionary<string, string> Table { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        // train and sweep (TrainCommand, SweepCommand).
        ["TrainingOptions.DataPath"] = "--data",
        ["TrainingOptions.Architecture"] = "--architecture",
        ["TrainingOptions.Protocol"] = "--protocol",
        ["TrainingOptions.Dimension"] = "--dim",
        ["TrainingOptions.Layers"] = "--layers",
        ["TrainingOptions.Tokens"] = "--tokens",
        ["TrainingOptions.Temperature"] = "--temperature",
        ["TrainingOptions.Epochs"] = "--epochs",
        ["TrainingOptions.ValidationFraction"] = "--val-fraction",
        ["TrainingOptions.Seed"] = "--seed",
        ["TrainingOptions.LearningRate"] = "--lr",
        ["TrainingOptions.BatchSize"] = "--batch",
        ["TrainingOptions.MaskPadding"] = "--mask-padding",
        ["TrainingOptions.KeepNegations"] = "--keep-negations",
        ["TrainingOptions.MinCount"] = "--min-count",
        ["TrainingOptions.Limit"] = "--limit",
        ["TrainingOptions.ClipNorm"] = "--clip-norm",
        ["TrainingOptions.InitialAlpha"] = "--alpha-init",
        ["TrainingOptions.Optimizer"] = "--optimizer",
        ["SweepPlan.Seeds"] = "--seeds",
        ["ClassifierSettings.Tokens"] = "--tokens",
        ["ClassifierSettings.Dimension"] = "--dim",
        ["ClassifierSettings.Layers"] = "--layers",
        ["EvaluationProtocol.Paper"] = "--protocol paper",
        ["EvaluationProtocol.Standard"] = "--protocol standard",
        ["ClassifierArchitecture.Hardmax"] = "--architecture hardmax",
        ["ClassifierArchitecture.Attention"] = "--architecture attention",

        // evaluate, compare, explain, leaders (ModelSplit → ModelEvaluationData).
        ["EvaluationDataOptions.DataPath"] = "--data",
        ["EvaluationDataOptions.Protocol"] = "--protocol",
        ["EvaluationDataOptions.Seed"] = "--seed",
        ["EvaluationDataOptions.AllowOverlap"] = "--allow-overlap",

        // simulate (SimulateCommand; the experiments' SimulationSettings).
        ["SimulationSettings.Steps"] = "--steps",
        ["SimulationSettings.Tolerance"] = "--tol",
        ["SimulationSettings.MaxSteps"] = "--max-steps",
        ["SimulationSettings.RecordTrajectory"] = "--trajectory",
        ["Precision.Double"] = "--precision double",
        ["Precision.Float"] = "--precision float",
        ["SimulationRequest.Input"] = "--input",
        ["SimulationRequest.Example"] = "--example",
        ["SimulationRequest.UntilConverged"] = "--until-converged",
        ["SimulationRequest.Output"] = "--out",
        ["SimulationRequest.Plot"] = "--plot",
        ["SimulationRequest.Figure2"] = "--figure2",

        // every command that draws (FigureOptions → the experiments' FigurePage).
        ["FigurePage.WidthInches"] = "--width-in",
        ["FigurePage.HeightInches"] = "--height-in",
        ["FigurePage.FontPoints"] = "--font-pt",
        ["FigurePage.Dpi"] = "--dpi",
        ["FigureOverrides.Dpi"] = "--dpi",
        ["FigureOverrides.Scale"] = "--scale",

        // cluster (ClusterCommand).
        ["IdentityAttentionOptions.Beta"] = "--beta",
        ["QuantizerOptions.Beta"] = "--beta",
        ["QuantizerOptions.Kernel"] = "--kernel",
        ["QuantizerOptions.Layers"] = "--layers",
        ["QuantizerOptions.MaxLayers"] = "--max-layers",
        ["QuantizerOptions.Tolerance"] = "--tol",
        ["QuantizerOptions.Precision"] = "--precision",
        ["QuantizerOptions.MaxDegreeOfParallelism"] = "--threads",
        ["PrototypeHeadsOptions.Heads"] = "--clusters",
        ["PrototypeHeadsOptions.Lambda"] = "--lambda",
        ["PrototypeHeadsOptions.Steps"] = "--steps",
        ["PrototypeHeadsOptions.BatchSize"] = "--batch",
        ["PrototypeHeadsOptions.Initialization"] = "--init",
        ["PrototypeHeadsOptions.Seed"] = "--seed",
        ["KMeansOptions.Clusters"] = "--clusters",
        ["KMeansOptions.Seed"] = "--seed",
        ["KMeansOptions.MaxDegreeOfParallelism"] = "--threads",

        // The experiments' names of the commands moved there (issue 18): cluster (ClusteringJob), every command that loads a
        // model (LoadedModel), explain and trajectory (TestReview), compare (ComparisonReport names TrainingOptions.Limit),
        // bench (BenchChecks).
        ["ClusteringRequest.Clusters"] = "--clusters",
        ["ClusteringSettings.Input"] = "--input",
        ["ClusteringSettings.Gmm"] = "--gmm",
        ["ClusteringSettings.Method"] = "--method",
        ["ClusteringSettings.UntilConverged"] = "--until-converged",
        ["ClusteringSettings.Outputs"] = "--outputs",
        ["ClusteringSettings.Plot"] = "--plot",
        ["ClusteringSettings.BetaPath"] = "--beta-path",
        ["ClusteringSettings.BetaPathPlot"] = "--beta-path-plot",
        ["LoadedModel.Path"] = "--model",
        ["ReviewList.File"] = "--file",
        ["TrajectoryPictures.Size"] = "--size",
        ["WorkLimit.AllowLong"] = "--allow-long",
        ["ExportPaths.Embeddings"] = "--embeddings",
        ["ExportPaths.Onnx"] = "--onnx",
        ["ExportPaths.Weights"] = "--weights",
        ["ReviewSelection.Review"] = "--review",
        ["LeaderWordsSettings.Confidence"] = "--confidence",
        ["LeaderWordsSettings.Score"] = "--score",
        ["DynamicsBenchSettings.Batch"] = "--batch",
        ["DynamicsBenchSettings.Tokens"] = "--tokens",
        ["DynamicsBenchSettings.Dimension"] = "--dim",
        ["ClusterBenchSettings.Sizes"] = "--sizes",
        ["ClusterBenchSettings.Dimension"] = "--dim",
        ["ClusterBenchSettings.Threads"] = "--threads",
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>
    /// <paramref name="message"/> with every qualified name of <see cref="Table"/> replaced by its flag; names the tool
    /// does not bind (a library user's only) stay as they are.
    /// </summary>
    public static string Rewrite(string message)
        => QualifiedName().Replace(message, match => Table.TryGetValue(match.Value, out string? flag) ? flag : match.Value);

    /// <summary><c>Record.Member</c>: two identifiers joined by one dot, not part of a longer dotted name.</summary>
    [GeneratedRegex(@"(?<![\w.])[A-Z]\w*\.[A-Z]\w*(?![\w(])(?!\.\w)")]
    private static partial Regex QualifiedName();
}
