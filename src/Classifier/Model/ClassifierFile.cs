using System.Text.Json;
using System.Text.Json.Nodes;

namespace HardmaxCore.Classifier;

/// <summary>
/// The one header of a classifier model or checkpoint file, whatever the architecture: <c>kind</c>
/// (<c>hardmax-classifier</c>), <c>architecture</c> (<c>hardmax</c> or <c>attention</c>; absent in files written before
/// the field existed, which hold hardmax models), the architecture's shape fields, <c>keepNegations</c> and
/// <c>vocabulary</c>. <see cref="ClassifierModel"/> and <see cref="AttentionModel"/> write and read through it.
/// </summary>
internal static class ClassifierFile
{
    /// <summary>The <c>kind</c> of every classifier file.</summary>
    public const string Kind = "hardmax-classifier";

    /// <summary>The architecture's name in the header.</summary>
    public static string NameOf(ClassifierArchitecture architecture)
        => architecture == ClassifierArchitecture.Attention ? "attention" : "hardmax";

    /// <summary>
    /// The header: kind, architecture, <paramref name="shape"/> (in order), keepNegations, vocabulary, then every field of
    /// <paramref name="extra"/> (copied).
    /// </summary>
    public static JsonObject Header(
        ClassifierArchitecture architecture, IEnumerable<KeyValuePair<string, JsonNode?>> shape, TextPipelineOptions text, Vocabulary vocabulary, JsonObject? extra)
    {
        var header = new JsonObject
        {
            ["kind"] = Kind,
            [AttentionModel.ArchitectureField] = NameOf(architecture),
        };
        foreach ((string key, JsonNode? value) in shape)
        {
            header[key] = value;
        }
        header["keepNegations"] = text.KeepNegations;
        header["vocabulary"] = new JsonArray(vocabulary.Words.Select(w => (JsonNode)JsonValue.Create(w)).ToArray());
        if (extra is not null)
        {
            foreach ((string key, JsonNode? value) in extra)
            {
                header[key] = value?.DeepClone();
            }
        }
        return header;
    }

    /// <summary>The architecture a header declares (absent: hardmax).</summary>
    /// <exception cref="ModelFileException">The field names no architecture this build knows.</exception>
    public static ClassifierArchitecture ArchitectureOf(JsonObject header, string path)
    {
        ArgumentNullException.ThrowIfNull(header);
        JsonNode? node = header[AttentionModel.ArchitectureField];
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

    /// <summary>
    /// Checks the kind and the architecture (<paramref name="expected"/>, unless null) and reads the fields every
    /// architecture shares: the text options and the vocabulary.
    /// </summary>
    /// <exception cref="ModelFileException">Not a classifier, another architecture, or a damaged field.</exception>
    public static (ClassifierArchitecture Architecture, TextPipelineOptions Text, Vocabulary Vocabulary) Common(
        JsonObject header, string path, ClassifierArchitecture? expected)
    {
        if (header["kind"] is not JsonValue kindValue || !kindValue.TryGetValue(out string? kind) || kind != Kind)
        {
            throw new ModelFileException($"'{path}' is a HardmaxCore file but not a classifier model.");
        }
        ClassifierArchitecture architecture = ArchitectureOf(header, path);
        if (expected is ClassifierArchitecture wanted && architecture != wanted)
        {
            throw new ModelFileException(wanted == ClassifierArchitecture.Hardmax
                ? $"'{path}' holds a standard self-attention model (ClassifierArchitecture.Attention), not a hardmax transformer: leaders, trajectories and hardmax layers exist only in the latter. SentimentClassifier reads both kinds."
                : $"'{path}' holds a hardmax model, not an attention model. SentimentClassifier reads both kinds.");
        }
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
        return (architecture, text, vocabulary);
    }

    /// <summary>
    /// Loads a model file (or the model part of a checkpoint) of whichever architecture its header declares, in one read:
    /// the header picks the model, whose zero weights the file's arrays are streamed into.
    /// </summary>
    /// <exception cref="ModelFileException">Missing, unreadable, foreign, newer, truncated, corrupted or damaged.</exception>
    public static (ClassifierModel? Hardmax, AttentionModel? Attention, JsonObject Header) Load(string path, string what, ClassifierArchitecture? expected)
    {
        ClassifierModel? hardmax = null;
        AttentionModel? attention = null;
        JsonObject header = ModelFile.LoadInto(path, what, (header, _, remaining) =>
        {
            (ClassifierArchitecture architecture, TextPipelineOptions text, Vocabulary vocabulary) = Common(header, path, expected);
            if (architecture == ClassifierArchitecture.Attention)
            {
                attention = AttentionModel.FromHeader(header, path, remaining, text, vocabulary);
                return attention.Parameters.All;
            }
            hardmax = ClassifierModel.FromHeader(header, path, remaining, text, vocabulary);
            return hardmax.Parameters.All;
        }, (a, found, length) => attention is not null ? AttentionModel.Mismatch(attention, a, found, length) : ClassifierModel.Mismatch(hardmax!, a, found, length));
        return (hardmax, attention, header);
    }
}
