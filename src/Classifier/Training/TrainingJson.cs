using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace HardmaxCore.Classifier;

/// <summary>
/// The JSON conventions of metrics.json, checkpoints and the tool's JSON output: camelCase names, enums as strings,
/// indented, and characters written as themselves (<c>&lt;pad&gt;</c>, not <c>\u003Cpad\u003E</c>; the output is data, never embedded in HTML).
/// </summary>
public static class TrainingJson
{
    /// <summary>The options.</summary>
    public static JsonSerializerOptions Options { get; } = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    /// <summary>The same conventions on one line (JSON lines output).</summary>
    public static JsonSerializerOptions Compact { get; } = new(Options) { WriteIndented = false };
}
