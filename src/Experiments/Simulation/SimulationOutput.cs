using System.Globalization;
using System.Numerics;
using System.Text;

namespace HardmaxCore.Experiments.Simulation;

/// <summary>
/// Writes the result of <c>hardmax simulate</c> as JSON, one token per line:
/// <code>
/// {
///   "steps": 65,
///   "converged": true,
///   "tokens": [
///     [1, 1],
///     [0.9999999999982092, 0]
///   ],
///   "leaders": [0, 1, 2, 3],
///   "clusters": [
///     {"point": [1, 1], "members": [0, 4, 5, 6]}
///   ],
///   "trajectory": [ [ [0.3, 0.7], ... ], ... ]
/// }
/// </code>
/// <c>trajectory</c> (layer 0 first) only when it was recorded. Numbers are written in the shortest form that reads back
/// to the same value of the precision the dynamics ran in (double or float).
/// </summary>
/// <remarks>
/// The document holds only fixed keys, integers, booleans and finite numbers, so it is written directly rather than
/// through Utf8JsonWriter, whose indentation puts every number on a line of its own.
/// </remarks>
internal static class SimulationOutput
{
    /// <summary>The JSON document as UTF-8 bytes, ending with a newline.</summary>
    public static byte[] ToUtf8<T>(SimulationResult<T> result, System.Text.Json.Nodes.JsonObject? provenance = null)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int d = result.Dimension;
        var json = new StringBuilder();
        json.Append("{\n");
        json.Append(CultureInfo.InvariantCulture, $"  \"steps\": {result.Steps},\n");
        json.Append(CultureInfo.InvariantCulture, $"  \"converged\": {(result.Converged ? "true" : "false")},\n");
        json.Append("  \"tokens\": ");
        AppendConfiguration<T>(json, result.Final, d, "  ");
        json.Append(",\n");
        json.Append("  \"leaders\": ").Append(Indices(result.Leaders)).Append(",\n");
        json.Append("  \"clusters\": [");
        for (int c = 0; c < result.Clusters.Length; c++)
        {
            LimitPoint<T> cluster = result.Clusters[c];
            json.Append(c == 0 ? "\n" : ",\n");
            json.Append("    {\"point\": ").Append(Vector<T>(cluster.Point)).Append(", \"members\": ").Append(Indices(cluster.Members)).Append('}');
        }
        json.Append(result.Clusters.Length == 0 ? "]" : "\n  ]");
        if (result.Trajectory is { } trajectory)
        {
            int length = result.Tokens * d;
            json.Append(",\n  \"trajectory\": [");
            for (int k = 0; k <= result.Steps; k++)
            {
                json.Append(k == 0 ? "\n    " : ",\n    ");
                AppendConfiguration<T>(json, trajectory.AsSpan(k * length, length), d, "    ");
            }
            json.Append("\n  ]");
        }
        if (provenance is not null)
        {
            json.Append(",\n  \"provenance\": ").Append(provenance.ToJsonString());
        }
        json.Append("\n}\n");
        return Encoding.UTF8.GetBytes(json.ToString());
    }

    /// <summary>A configuration as an array of tokens, one per line, indented under <paramref name="indent"/>.</summary>
    private static void AppendConfiguration<T>(StringBuilder json, ReadOnlySpan<T> z, int d, string indent)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        json.Append('[');
        for (int i = 0; i < z.Length / d; i++)
        {
            json.Append(i == 0 ? "\n" : ",\n").Append(indent).Append("  ").Append(Vector(z.Slice(i * d, d)));
        }
        json.Append('\n').Append(indent).Append(']');
    }

    /// <summary><c>[x1, x2, ...]</c>, each number in the shortest form that round-trips in T.</summary>
    internal static string Vector<T>(ReadOnlySpan<T> values)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var text = new StringBuilder("[");
        for (int k = 0; k < values.Length; k++)
        {
            if (k > 0)
            {
                text.Append(", ");
            }
            text.Append(Number(values[k]));
        }
        return text.Append(']').ToString();
    }

    /// <summary>
    /// A finite number in the shortest form that reads back to the same T (.NET's "R" for float and double), which is
    /// valid JSON: digits, '.', and an exponent such as <c>1E-05</c> or <c>1E+22</c>.
    /// </summary>
    internal static string Number<T>(T value)
        where T : unmanaged, IFloatingPointIeee754<T>
        => typeof(T) == typeof(float)
            ? float.CreateTruncating(value).ToString("R", CultureInfo.InvariantCulture)
            : double.CreateTruncating(value).ToString("R", CultureInfo.InvariantCulture);

    private static string Indices(int[] indices) => $"[{string.Join(", ", indices)}]";
}
