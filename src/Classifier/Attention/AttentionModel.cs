using System.Text.Json;
using System.Text.Json.Nodes;

namespace HardmaxCore.Classifier;

/// <summary>A trained standard self-attention classifier as saved on disk: shape, text pipeline options, vocabulary and weights.</summary>
/// <param name="Settings">n and d.</param>
/// <param name="Text">The text pipeline options the vocabulary was built with.</param>
/// <param name="Vocabulary">The words, id order.</param>
/// <param name="Parameters">E, P, W_Q, W_K, W_V, W₁, b₁, w₂, b₂.</param>
/// <remarks>
/// The file is a <see cref="ModelFile"/> whose header has the same <c>kind</c> as a hardmax model and
/// <c>"architecture": "attention"</c>; a header without <c>architecture</c> is a hardmax model (files written before
/// the field existed).
/// </remarks>
public sealed record AttentionModel(AttentionSettings Settings, TextPipelineOptions Text, Vocabulary Vocabulary, AttentionParameters<float> Parameters)
{
    /// <summary>The header field naming the architecture.</summary>
    public const string ArchitectureField = "architecture";

    private const string Kind = "hardmax-classifier";

    /// <summary>The architecture a model or checkpoint header declares (absent: hardmax).</summary>
    /// <exception cref="ModelFileException">The field names no architecture this build knows.</exception>
    public static ClassifierArchitecture ArchitectureOf(JsonObject header, string path)
    {
        ArgumentNullException.ThrowIfNull(header);
        JsonNode? node = header[ArchitectureField];
        if (node is null)
        {
            return ClassifierArchitecture.Hardmax;
        }
        string? name = node.GetValueKind() == JsonValueKind.String ? node.GetValue<string>() : null;
        return name switch
        {
            "hardmax" => ClassifierArchitecture.Hardmax,
            "attention" => ClassifierArchitecture.Attention,
            _ => throw new ModelFileException($"'{path}' declares the architecture '{node.ToJsonString()}'; this hardmax knows 'hardmax' and 'attention'. Update hardmax or train the model again."),
        };
    }

    /// <summary>The architecture of the model or checkpoint at <paramref name="path"/>, from its header alone (the weights are not read).</summary>
    /// <exception cref="ModelFileException">The file is missing, not ours, or its header is damaged.</exception>
    public static ClassifierArchitecture ArchitectureOf(string path, string what = "model file")
        => ArchitectureOf(ModelFile.LoadHeader(path, what), path);

    /// <summary>The header of a model or checkpoint file (everything but the arrays).</summary>
    public JsonObject Header(JsonObject? extra = null)
    {
        var header = new JsonObject
        {
            ["kind"] = Kind,
            [ArchitectureField] = "attention",
            ["tokens"] = this.Settings.Tokens,
            ["dimension"] = this.Settings.Dimension,
            ["hidden"] = this.Settings.Hidden,
            ["keepNegations"] = this.Text.KeepNegations,
            ["vocabulary"] = new JsonArray(this.Vocabulary.Words.Select(w => (JsonNode)JsonValue.Create(w)).ToArray()),
        };
        if (extra is not null)
        {
            foreach ((string key, JsonNode? value) in extra)
            {
                header[key] = value?.DeepClone();
            }
        }
        return header;
    }

    /// <summary>Saves the model atomically.</summary>
    public void Save(string path, JsonObject? extra = null) => ModelFile.Save(path, this.Header(extra), this.Parameters.All);

    /// <summary>
    /// The data the model is evaluated on, as <see cref="ModelEvaluationData.Load"/>: options not given default to the
    /// model's training options, so the test split is the one it was trained beside.
    /// </summary>
    public PreparedData EvaluationData(JsonObject header, string? dataPath, EvaluationProtocol? protocol, int? seed, TextWriter log)
    {
        ArgumentNullException.ThrowIfNull(header);
        TrainingOptions? training = header["training"]?.Deserialize<TrainingOptions>(TrainingJson.Options);
        return PreparedData.Load(
            dataPath ?? training?.DataPath ?? PreparedData.DefaultDataPath(),
            protocol ?? training?.Protocol ?? EvaluationProtocol.Paper,
            training?.ValidationFraction ?? 0.1,
            seed ?? training?.Seed ?? 0,
            dataPath is null ? training?.Limit : null,
            this.Text,
            1,
            this.Settings.Tokens,
            this.Vocabulary,
            log);
    }

    /// <summary>Loads an attention model file (or the model part of a checkpoint), with clear errors for damaged or foreign files.</summary>
    /// <remarks>The weights are streamed into the model's arrays (no copy); the arrays returned are the model's.</remarks>
    /// <exception cref="ModelFileException">Missing, not ours, a hardmax model, or damaged.</exception>
    public static (AttentionModel Model, JsonObject Header, float[][] Arrays) Load(string path, string what = "model file")
    {
        AttentionModel? model = null;
        JsonObject header = ModelFile.LoadInto(path, what, (header, _, remaining) =>
        {
            model = FromHeader(header, path, remaining);
            return model.Parameters.All;
        }, (a, found, expected) => Mismatch(model!, a, found, expected));
        return (model!, header, model!.Parameters.All);
    }

    /// <summary>
    /// The model a header describes, with zero weights to stream the file's arrays into (refused before allocating when
    /// the <paramref name="remaining"/> bytes of the file cannot hold them).
    /// </summary>
    /// <exception cref="ModelFileException">Not a classifier, a hardmax model, or a damaged header.</exception>
    internal static AttentionModel FromHeader(JsonObject header, string path, long remaining)
    {
        if (header["kind"] is not JsonValue kindValue || !kindValue.TryGetValue(out string? kind) || kind != Kind)
        {
            throw new ModelFileException($"'{path}' is a HardmaxCore file but not a classifier model.");
        }
        if (ArchitectureOf(header, path) != ClassifierArchitecture.Attention)
        {
            throw new ModelFileException($"'{path}' holds a hardmax model, not an attention model.");
        }
        var settings = new AttentionSettings(
            (int)ModelFile.Integer(header, "tokens", path, 1, SizeLimits.MaxTokens),
            (int)ModelFile.Integer(header, "dimension", path, 1, SizeLimits.MaxDimension));
        var text = new TextPipelineOptions { KeepNegations = ModelFile.Field<bool>(header, "keepNegations", path) };
        Vocabulary vocabulary;
        try
        {
            vocabulary = Vocabulary.FromWords(ModelFile.Field<string[]>(header, "vocabulary", path));
        }
        catch (Exception e) when (e is ArgumentException or NullReferenceException)
        {
            throw ModelFile.Damaged(path, $"the vocabulary is not valid ({e.Message})", "in the header");
        }
        long d = settings.Dimension;
        long h = settings.Hidden;
        ModelFile.RequireFits(path, checked((vocabulary.Count * d) + (settings.Tokens * d) + (3 * d * d) + (h * d) + (2 * h) + 1), remaining);
        return new AttentionModel(settings, text, vocabulary, new AttentionParameters<float>(vocabulary.Count, settings));
    }

    /// <summary>The message for weight array <paramref name="a"/> of the wrong length.</summary>
    internal static string Mismatch(AttentionModel model, int a, long found, long expected)
        => a < model.Parameters.All.Length
            ? $"weight array {a} has {found} values, expected {expected} for V = {model.Vocabulary.Count}, n = {model.Settings.Tokens}, d = {model.Settings.Dimension}"
            : $"Adam moment {(a / model.Parameters.All.Length)} of parameter {a % model.Parameters.All.Length} has {found} values, expected {expected}";
}
