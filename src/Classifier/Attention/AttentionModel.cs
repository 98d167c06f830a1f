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

    /// <summary>The architecture a model or checkpoint header declares (absent: hardmax).</summary>
    /// <exception cref="ModelFileException">The field names no architecture this build knows.</exception>
    public static ClassifierArchitecture ArchitectureOf(JsonObject header, string path) => ClassifierFile.ArchitectureOf(header, path);

    /// <summary>The architecture of the model or checkpoint at <paramref name="path"/>, from its header alone (the weights are not read).</summary>
    /// <exception cref="ModelFileException">The file is missing, not ours, or its header is damaged.</exception>
    public static ClassifierArchitecture ArchitectureOf(string path, string what = "model file")
        => ClassifierFile.ArchitectureOf(ModelFile.LoadHeader(path, what), path);

    /// <summary>The header of a model or checkpoint file (everything but the arrays): <c>kind</c>, <c>architecture</c> <c>attention</c>, shape, text options, vocabulary.</summary>
    public JsonObject Header(JsonObject? extra = null) => ClassifierFile.Header(
        ClassifierArchitecture.Attention,
        [
            new("tokens", this.Settings.Tokens),
            new("dimension", this.Settings.Dimension),
            new("hidden", this.Settings.Hidden),
        ],
        this.Text,
        this.Vocabulary,
        extra);

    /// <summary>Saves the model atomically.</summary>
    public void Save(string path, JsonObject? extra = null) => ModelFile.Save(path, this.Header(extra), this.Parameters.All);

    /// <summary>Loads an attention model file (or the model part of a checkpoint), with clear errors for damaged or foreign files.</summary>
    /// <remarks>The weights are streamed into the model's arrays (no copy); the arrays returned are the model's.</remarks>
    /// <exception cref="ModelFileException">Missing, not ours, a hardmax model, or damaged.</exception>
    public static (AttentionModel Model, JsonObject Header, float[][] Arrays) Load(string path, string what = "model file")
    {
        (_, AttentionModel? model, JsonObject header) = ClassifierFile.Load(path, what, ClassifierArchitecture.Attention);
        return (model!, header, model!.Parameters.All);
    }

    /// <summary>The model a whole header describes (kind, architecture attention, shape, text options, vocabulary), with zero weights.</summary>
    /// <exception cref="ModelFileException">Not a classifier, another architecture, or a damaged header.</exception>
    internal static AttentionModel FromHeader(JsonObject header, string path, long remaining)
    {
        (_, TextPipelineOptions text, Vocabulary vocabulary) = ClassifierFile.Common(header, path, ClassifierArchitecture.Attention);
        return FromHeader(header, path, remaining, text, vocabulary);
    }

    /// <summary>
    /// The model a header describes (its kind, architecture, text options and vocabulary already read), with zero weights
    /// to stream the file's arrays into (refused before allocating when the <paramref name="remaining"/> bytes of the file
    /// cannot hold them).
    /// </summary>
    /// <exception cref="ModelFileException">A damaged shape field.</exception>
    internal static AttentionModel FromHeader(JsonObject header, string path, long remaining, TextPipelineOptions text, Vocabulary vocabulary)
    {
        var settings = new AttentionSettings(
            (int)ModelFile.Integer(header, "tokens", path, 1, SizeLimits.MaxTokens),
            (int)ModelFile.Integer(header, "dimension", path, 1, SizeLimits.MaxDimension));
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
