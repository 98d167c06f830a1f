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
    public static (ClassifierModel Model, JsonObject Header, float[][] Arrays) Load(string path, string what = "model file")
    {
        (JsonObject header, float[][] arrays) = ModelFile.Load(path, what);
        if (header["kind"]?.GetValue<string>() != Kind)
        {
            throw new ModelFileException($"'{path}' is a HardmaxCore file but not a classifier model.");
        }
        var settings = new ClassifierSettings(
            ModelFile.Field<int>(header, "tokens", path),
            ModelFile.Field<int>(header, "dimension", path),
            ModelFile.Field<int>(header, "layers", path),
            ModelFile.Field<double>(header, "temperature", path),
            ModelFile.Field<bool>(header, "maskPadding", path));
        var text = new TextPipelineOptions { KeepNegations = ModelFile.Field<bool>(header, "keepNegations", path) };
        string[] words = ModelFile.Field<string[]>(header, "vocabulary", path);
        Vocabulary vocabulary = Vocabulary.FromWords(words);
        var parameters = new ClassifierParameters<float>(vocabulary.Count, settings.Dimension);
        float[][] destination = parameters.All;
        if (arrays.Length < destination.Length)
        {
            throw new ModelFileException($"'{path}' holds {arrays.Length} weight arrays; a classifier needs {destination.Length}. The file is damaged.");
        }
        for (int a = 0; a < destination.Length; a++)
        {
            if (arrays[a].Length != destination[a].Length)
            {
                throw new ModelFileException(
                    $"'{path}': weight array {a} has {arrays[a].Length} values, expected {destination[a].Length} for V = {vocabulary.Count}, d = {settings.Dimension}. The file is damaged.");
            }
            arrays[a].CopyTo(destination[a], 0);
        }
        return (new ClassifierModel(settings, text, vocabulary, parameters), header, arrays);
    }
}
