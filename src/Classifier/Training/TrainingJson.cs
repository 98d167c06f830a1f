using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace HardmaxCore.Classifier;

/// <summary>
/// The JSON conventions of metrics.json, checkpoints and <c>--json</c> outputs: camelCase names, enums as strings,
/// indented, and numbers that are not finite (an undefined ratio such as the precision of a class never predicted) written
/// as <c>null</c>, since JSON has no NaN or infinity.
/// </summary>
public static class TrainingJson
{
    /// <summary>The options.</summary>
    public static JsonSerializerOptions Options { get; } = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase), new FiniteDoubleConverter() },
    };

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
