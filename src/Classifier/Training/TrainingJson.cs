using System.Text.Json;
using System.Text.Json.Serialization;

namespace HardmaxCore.Classifier;

/// <summary>The JSON conventions of metrics.json and checkpoints: camelCase names, enums as strings, indented.</summary>
public static class TrainingJson
{
    /// <summary>The options.</summary>
    public static JsonSerializerOptions Options { get; } = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = true,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };
}
