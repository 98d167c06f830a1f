using System.Text.Json.Nodes;

namespace HardmaxCore.Classifier;

/// <summary>A trained classifier as saved on disk: shape, text pipeline options, vocabulary and weights (SPEC §3).</summary>
/// <param name="Settings">n, d, K, τ, padding masked or not.</param>
/// <param name="Text">The text pipeline options the vocabulary was built with.</param>
/// <param name="Vocabulary">The words, id order.</param>
/// <param name="Parameters">E, α, v, b.</param>
public sealed record ClassifierModel(ClassifierSettings Settings, TextPipelineOptions Text, Vocabulary Vocabulary, ClassifierParameters<float> Parameters)
{
    private const string Kind = "hardmax-classifier";

    /// <summary>The header of a model or checkpoint file (everything but the arrays).</summary>
    public JsonObject Header(JsonObject? extra = null)
    {
        var header = new JsonObject
        {
            ["kind"] = Kind,
            ["tokens"] = this.Settings.Tokens,
            ["dimension"] = this.Settings.Dimension,
            ["layers"] = this.Settings.Layers,
            ["temperature"] = this.Settings.Temperature,
            ["maskPadding"] = this.Settings.MaskPadding,
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

    /// <summary>Loads a model file (or the model part of a checkpoint), with clear errors for damaged or foreign files.</summary>
    /// <remarks>
    /// Every header field is checked for its type and range (<see cref="SizeLimits"/>), and every weight array for its
    /// length against the shape, before anything is allocated from those numbers. The weights are streamed into the
    /// model's arrays (no copy); the arrays returned are the model's (a checkpoint's moments are skipped).
    /// </remarks>
    /// <exception cref="ModelFileException">Missing, unreadable, foreign, newer, truncated, corrupted or damaged.</exception>
    public static (ClassifierModel Model, JsonObject Header, float[][] Arrays) Load(string path, string what = "model file")
    {
        ClassifierModel? model = null;
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
    /// <exception cref="ModelFileException">Not a classifier, an attention model, or a damaged header.</exception>
    internal static ClassifierModel FromHeader(JsonObject header, string path, long remaining)
    {
        if (header["kind"] is not JsonValue kindValue || !kindValue.TryGetValue(out string? kind) || kind != Kind)
        {
            throw new ModelFileException($"'{path}' is a HardmaxCore file but not a classifier model.");
        }
        if (AttentionModel.ArchitectureOf(header, path) != ClassifierArchitecture.Hardmax)
        {
            throw new ModelFileException(
                $"'{path}' holds a standard self-attention model (ClassifierArchitecture.Attention), not a hardmax transformer: leaders, trajectories and hardmax layers exist only in the latter. SentimentClassifier reads both kinds.");
        }
        var settings = new ClassifierSettings(
            (int)ModelFile.Integer(header, "tokens", path, 1, SizeLimits.MaxTokens),
            (int)ModelFile.Integer(header, "dimension", path, 1, SizeLimits.MaxDimension),
            (int)ModelFile.Integer(header, "layers", path, 0, SizeLimits.MaxLayers),
            ModelFile.Number(header, "temperature", path, double.Epsilon, double.MaxValue),
            ModelFile.Field<bool>(header, "maskPadding", path));
        var text = new TextPipelineOptions { KeepNegations = ModelFile.Field<bool>(header, "keepNegations", path) };
        string[] words = ModelFile.Field<string[]>(header, "vocabulary", path);
        Vocabulary vocabulary;
        try
        {
            vocabulary = Vocabulary.FromWords(words);
        }
        catch (Exception e) when (e is ArgumentException or NullReferenceException)
        {
            throw ModelFile.Damaged(path, $"the vocabulary is not valid ({e.Message})", "in the header");
        }
        ModelFile.RequireFits(path, checked(((long)vocabulary.Count * settings.Dimension) + settings.Dimension + 2), remaining);
        return new ClassifierModel(settings, text, vocabulary, new ClassifierParameters<float>(vocabulary.Count, settings.Dimension));
    }

    /// <summary>The message for weight array <paramref name="a"/> of the wrong length.</summary>
    internal static string Mismatch(ClassifierModel model, int a, long found, long expected)
        => a < model.Parameters.All.Length
            ? $"weight array {a} has {found} values, expected {expected} for V = {model.Vocabulary.Count}, d = {model.Settings.Dimension}"
            : $"Adam moment {(a / model.Parameters.All.Length)} of parameter {a % model.Parameters.All.Length} has {found} values, expected {expected}";
}
