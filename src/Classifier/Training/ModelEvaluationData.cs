using System.Text.Json;
using System.Text.Json.Nodes;

namespace HardmaxCore.Classifier;

/// <summary>
/// The data a trained model is evaluated on: by default the same data, protocol, seed and subset it was trained with. A
/// split other than the model's on the same data is refused unless <see cref="EvaluationDataOptions.AllowOverlap"/>, because
/// its test part holds reviews the model was trained on.
/// </summary>
public static class ModelEvaluationData
{
    /// <summary>The environment variable naming the reviews when the data a model recorded is gone.</summary>
    private const string DataVariable = "HARDMAX_IMDB";

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

    /// <summary>
    /// Prepares the split <paramref name="options"/> describe (unset: as the model was trained) with the model's
    /// vocabulary, text options and n; either architecture.
    /// </summary>
    /// <exception cref="ClassifierException">
    /// A protocol or seed other than the model's on the data it was trained on, without
    /// <see cref="EvaluationDataOptions.AllowOverlap"/>; or the data the model recorded is gone.
    /// </exception>
    public static ModelEvaluationSplit Load(SentimentClassifier classifier, EvaluationDataOptions options, TextWriter? log = null)
    {
        ArgumentNullException.ThrowIfNull(classifier);
        ArgumentNullException.ThrowIfNull(options);
        return Split(classifier.TrainingOptions, classifier.Text, classifier.Tokens, classifier.Vocabulary, options, log ?? TextWriter.Null);
    }

    /// <summary>As <see cref="Load(SentimentClassifier, EvaluationDataOptions, TextWriter?)"/>, for a hardmax model and the header of its file.</summary>
    /// <exception cref="ClassifierException">As there.</exception>
    public static ModelEvaluationSplit Load(ClassifierModel model, JsonObject header, EvaluationDataOptions options, TextWriter? log = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(options);
        return Split(TrainingOptionsOf(header), model.Text, model.Settings.Tokens, model.Vocabulary, options, log ?? TextWriter.Null);
    }

    /// <summary>
    /// Prepares the split with the model's vocabulary; options not given default to the model's training options. The
    /// same guard as <see cref="Load(SentimentClassifier, EvaluationDataOptions, TextWriter?)"/> without
    /// <see cref="EvaluationDataOptions.AllowOverlap"/>: a split other than the model's on its own data is refused.
    /// </summary>
    /// <exception cref="ClassifierException">Another split of the data the model was trained on; or the data it recorded is gone.</exception>
    public static PreparedData Load(
        ClassifierModel model, JsonObject header, string? dataPath, EvaluationProtocol? protocol, int? seed, TextWriter log)
        => Load(model, header, new EvaluationDataOptions { DataPath = dataPath, Protocol = protocol, Seed = seed }, log).Data;

    private static ModelEvaluationSplit Split(
        TrainingOptions? training, TextPipelineOptions text, int tokens, Vocabulary vocabulary, EvaluationDataOptions options, TextWriter log)
    {
        string path = Path.GetFullPath(options.DataPath ?? Recorded(training?.DataPath) ?? PreparedData.DefaultDataPath());
        EvaluationProtocol protocol = options.Protocol ?? training?.Protocol ?? EvaluationProtocol.Paper;
        int seed = options.Seed ?? training?.Seed ?? 0;
        bool sameData = training is not null
            && (options.DataPath is null || (training.DataPath is not null && SamePath(options.DataPath, training.DataPath)));
        bool asTrained = training is not null && sameData && protocol == training.Protocol && seed == training.Seed;
        if (training is not null && sameData && !asTrained && !options.AllowOverlap)
        {
            string asked = protocol != training.Protocol ? Qualified(protocol) : $"EvaluationDataOptions.Seed {seed}";
            throw new ClassifierException(
                $"{asked}: the model was trained with {Qualified(training.Protocol)} and TrainingOptions.Seed {training.Seed}; another split's " +
                "test part holds reviews the model trained on, so its accuracy is not a test accuracy. Leave EvaluationDataOptions.Protocol and " +
                "EvaluationDataOptions.Seed unset to use the model's own split, or set EvaluationDataOptions.AllowOverlap to compute it anyway.");
        }
        int? limit = sameData ? training?.Limit : null;
        PreparedData data = PreparedData.Load(
            path, protocol, training?.ValidationFraction ?? 0.1, seed, limit, text, 1, tokens, vocabulary, log);
        return new ModelEvaluationSplit(data, path, protocol, seed, limit, asTrained);
    }

    /// <summary>The enum value as the libraries name it (<c>EvaluationProtocol.Paper</c>).</summary>
    private static string Qualified(EvaluationProtocol protocol) => $"{nameof(EvaluationProtocol)}.{protocol}";

    /// <summary>The data path a model recorded when it is still there; else <c>$HARDMAX_IMDB</c> when set; null when it recorded none.</summary>
    /// <exception cref="ClassifierException">The recorded data is gone and <c>$HARDMAX_IMDB</c> is not set.</exception>
    private static string? Recorded(string? recorded)
    {
        if (recorded is null || File.Exists(recorded) || Directory.Exists(recorded))
        {
            return recorded;
        }
        string? fromEnvironment = Environment.GetEnvironmentVariable(DataVariable);
        if (!string.IsNullOrEmpty(fromEnvironment))
        {
            return fromEnvironment;
        }
        throw new ClassifierException(
            $"the model was trained on the reviews at '{recorded}', which are not there now; set EvaluationDataOptions.DataPath to the same reviews or set ${DataVariable}.");
    }

    /// <summary>Whether two paths name the same file or folder (compared as full paths).</summary>
    private static bool SamePath(string a, string b)
        => string.Equals(
            Path.GetFullPath(a).TrimEnd(Path.DirectorySeparatorChar), Path.GetFullPath(b).TrimEnd(Path.DirectorySeparatorChar), StringComparison.Ordinal);
}
