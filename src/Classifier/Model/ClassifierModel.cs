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
    /// length against the shape, before anything is allocated from those numbers.
    /// </remarks>
    /// <exception cref="ModelFileException">Missing, unreadable, foreign, newer, truncated, corrupted or damaged.</exception>
    public static (ClassifierModel Model, JsonObject Header, float[][] Arrays) Load(string path, string what = "model file")
    {
        (JsonObject header, float[][] arrays) = ModelFile.Load(path, what);
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
        long[] expected = [checked((long)vocabulary.Count * settings.Dimension), 1, settings.Dimension, 1];
        if (arrays.Length < expected.Length)
        {
            throw ModelFile.Damaged(path, $"it holds {arrays.Length} weight arrays where a classifier needs {expected.Length}", "after the header");
        }
        for (int a = 0; a < expected.Length; a++)
        {
            if (arrays[a].LongLength != expected[a])
            {
                throw ModelFile.Damaged(path,
                    $"weight array {a} has {arrays[a].LongLength} values, expected {expected[a]} for V = {vocabulary.Count}, d = {settings.Dimension}",
                    $"array {a}");
            }
        }
        var parameters = new ClassifierParameters<float>(vocabulary.Count, settings.Dimension);
        float[][] destination = parameters.All;
        for (int a = 0; a < destination.Length; a++)
        {
            arrays[a].CopyTo(destination[a], 0);
        }
        return (new ClassifierModel(settings, text, vocabulary, parameters), header, arrays);
    }
}
