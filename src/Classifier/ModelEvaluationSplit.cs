namespace HardmaxCore.Classifier;

/// <summary>The reviews a model is evaluated on, and how the split was made (<see cref="ModelEvaluationData"/>).</summary>
/// <param name="Data">The prepared reviews, encoded with the model's vocabulary, text options and n.</param>
/// <param name="DataPath">The data file or folder read (absolute).</param>
/// <param name="Protocol">The protocol used.</param>
/// <param name="Seed">The seed of the split.</param>
/// <param name="Limit">The seeded subset size, or null for all reviews.</param>
/// <param name="AsTrained">Whether the split is the one the model was trained with.</param>
public sealed record ModelEvaluationSplit(PreparedData Data, string DataPath, EvaluationProtocol Protocol, int Seed, int? Limit, bool AsTrained);
