using System.Text.Json.Nodes;

namespace HardmaxCore.Classifier;

/// <summary>A trained classifier as saved on disk: shape, text pipeline options, vocabulary and weights (SPEC §3).</summary>
/// <param name="Settings">n, d, K, τ, padding masked or not.</param>
/// <param name="Text">The text pipeline options the vocabulary was built with.</param>
/// <param name="Vocabulary">The words, id order.</param>
/// <param name="Parameters">E, α, v, b.</param>
public sealed record ClassifierModel(ClassifierSettings Settings, TextPipelineOptions Text, Vocabulary Vocabulary, ClassifierParameters<float> Parameters)
{
    /// <summary>The header of a model or checkpoint file (everything but the arrays): <c>kind</c>, <c>architecture</c> <c>hardmax</c>, shape, text options, vocabulary.</summary>
    public JsonObject Header(JsonObject? extra = null) => ClassifierFile.Header(
        ClassifierArchitecture.Hardmax,
        [
            new("tokens", this.Settings.Tokens),
            new("dimension", this.Settings.Dimension),
            new("layers", this.Settings.Layers),
            new("temperature", this.Settings.Temperature),
            new("maskPadding", this.Settings.MaskPadding),
        ],
        this.Text,
        this.Vocabulary,
        extra);

    /// <summary>Saves the model atomically.</summary>
    public void Save(string path, JsonObject? extra = null) => ModelFile.Save(path, this.Header(extra), this.Parameters.All);

    /// <summary>Loads a model file (or the model part of a checkpoint), with clear errors for damaged or foreign files.</summary>
    /// <remarks>
    /// Every header field is checked for its type and range (<see cref="SizeLimits"/>), and every weight array for its
    /// length against the shape, before anything is allocated from those numbers. The weights are streamed into the
    /// model's arrays (no copy); the arrays returned are the model's (a checkpoint's moments are skipped). A header without
    /// <c>architecture</c> (files written before the field existed) holds a hardmax model.
    /// </remarks>
    /// <exception cref="ModelFileException">Missing, unreadable, foreign, newer, truncated, corrupted, damaged, or an attention model.</exception>
    public static (ClassifierModel Model, JsonObject Header, float[][] Arrays) Load(string path, string what = "model file")
    {
        (ClassifierModel? model, _, JsonObject header) = ClassifierFile.Load(path, what, ClassifierArchitecture.Hardmax);
        return (model!, header, model!.Parameters.All);
    }

    /// <summary>The model a whole header describes (kind, architecture hardmax, shape, text options, vocabulary), with zero weights.</summary>
    /// <exception cref="ModelFileException">Not a classifier, another architecture, or a damaged header.</exception>
    internal static ClassifierModel FromHeader(JsonObject header, string path, long remaining)
    {
        (_, TextPipelineOptions text, Vocabulary vocabulary) = ClassifierFile.Common(header, path, ClassifierArchitecture.Hardmax);
        return FromHeader(header, path, remaining, text, vocabulary);
    }

    /// <summary>
    /// The model a header describes (its kind, architecture, text options and vocabulary already read), with zero weights
    /// to stream the file's arrays into (refused before allocating when the <paramref name="remaining"/> bytes of the file
    /// cannot hold them).
    /// </summary>
    /// <exception cref="ModelFileException">A damaged shape field.</exception>
    internal static ClassifierModel FromHeader(JsonObject header, string path, long remaining, TextPipelineOptions text, Vocabulary vocabulary)
    {
        var settings = new ClassifierSettings(
            (int)ModelFile.Integer(header, "tokens", path, 1, SizeLimits.MaxTokens),
            (int)ModelFile.Integer(header, "dimension", path, 1, SizeLimits.MaxDimension),
            (int)ModelFile.Integer(header, "layers", path, 0, SizeLimits.MaxLayers),
            ModelFile.Number(header, "temperature", path, double.Epsilon, double.MaxValue),
            ModelFile.Field<bool>(header, "maskPadding", path));
        ModelFile.RequireFits(path, checked(((long)vocabulary.Count * settings.Dimension) + settings.Dimension + 2), remaining);
        return new ClassifierModel(settings, text, vocabulary, new ClassifierParameters<float>(vocabulary.Count, settings.Dimension));
    }

    /// <summary>The message for weight array <paramref name="a"/> of the wrong length.</summary>
    internal static string Mismatch(ClassifierModel model, int a, long found, long expected)
        => a < model.Parameters.All.Length
            ? $"weight array {a} has {found} values, expected {expected} for V = {model.Vocabulary.Count}, d = {model.Settings.Dimension}"
            : $"Adam moment {(a / model.Parameters.All.Length)} of parameter {a % model.Parameters.All.Length} has {found} values, expected {expected}";
}
