using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace HardmaxCore.Classifier;

/// <summary>
/// The JSON conventions of metrics.json, checkpoints and the tool's JSON output: camelCase names, enums as strings,
/// indented, characters written as themselves (<c>&lt;pad&gt;</c>, not <c>\u003Cpad\u003E</c>; the output is data, never
/// embedded in HTML), and numbers that are not finite (an undefined ratio such as the precision of a class never
/// predicted) written as <c>null</c>, since JSON has no NaN or infinity.
/// </summary>
public static class TrainingJson
{
    /// <summary>The options.</summary>
    public static JsonSerializerOptions Options { get; } = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase), new FiniteDoubleConverter() },
    };

    /// <summary>The same conventions on one line (JSON lines output).</summary>
    public static JsonSerializerOptions Compact { get; } = new(Options) { WriteIndented = false };

    /// <summary>A JSON number, or <c>null</c> when <paramref name="value"/> is NaN or infinite.</summary>
    public static JsonNode? Number(double value) => double.IsFinite(value) ? JsonValue.Create(value) : null;

    /// <summary>Writes doubles that are not finite as <c>null</c>, and reads <c>null</c> back as NaN.</summary>
    private sealed class FiniteDoubleConverter : JsonConverter<double>
    {
        public override bool HandleNull => true;

        public override double Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
            => reader.TokenType == JsonTokenType.Null ? double.NaN : reader.GetDouble();

        public override void Write(Utf8JsonWriter writer, double value, JsonSerializerOptions options)
        {
            if (double.IsFinite(value))
            {
                writer.WriteNumberValue(value);
            }
            else
            {
                writer.WriteNullValue();
            }
        }
    }
}
