using System.Globalization;
using System.Numerics;
using System.Text.Json;
using System.Text;

namespace HardmaxCore.Train.Simulation;

/// <summary>
/// Writes the result of <c>hardmax simulate</c> as JSON:
/// <code>
/// {"steps": k, "converged": true, "tokens": [[...], ...], "leaders": [i, ...],
///  "clusters": [{"point": [...], "members": [i, ...]}, ...], "trajectory": [[[...], ...], ...]}
/// </code>
/// <c>trajectory</c> (layer 0 first) only when it was recorded. Numbers are written in the shortest form that reads back
/// to the same value of the precision the dynamics ran in (double or float); a token is written on one line.
/// </summary>
internal static class SimulationOutput
{
    private static readonly JsonWriterOptions WriterOptions = new() { Indented = true };

    /// <summary>The JSON document as UTF-8 bytes, ending with a newline.</summary>
    public static byte[] ToUtf8<T>(SimulationResult<T> result)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            int d = result.Dimension;
            writer.WriteStartObject();
            writer.WriteNumber("steps", result.Steps);
            writer.WriteBoolean("converged", result.Converged);
            writer.WritePropertyName("tokens");
            WriteConfiguration<T>(writer, result.Final, d);
            writer.WritePropertyName("leaders");
            writer.WriteRawValue(Indices(result.Leaders));
            writer.WriteStartArray("clusters");
            foreach (Cluster<T> cluster in result.Clusters)
            {
                writer.WriteStartObject();
                writer.WritePropertyName("point");
                writer.WriteRawValue(Vector<T>(cluster.Point));
                writer.WritePropertyName("members");
                writer.WriteRawValue(Indices(cluster.Members));
                writer.WriteEndObject();
            }
            writer.WriteEndArray();
            if (result.Trajectory is { } trajectory)
            {
                int length = result.Tokens * d;
                writer.WriteStartArray("trajectory");
                for (int k = 0; k <= result.Steps; k++)
                {
                    WriteConfiguration<T>(writer, trajectory.AsSpan(k * length, length), d);
                }
                writer.WriteEndArray();
            }
            writer.WriteEndObject();
        }
        buffer.WriteByte((byte)'\n');
        return buffer.ToArray();
    }

    /// <summary>A configuration as an array of tokens, one per line.</summary>
    private static void WriteConfiguration<T>(Utf8JsonWriter writer, ReadOnlySpan<T> z, int d)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        writer.WriteStartArray();
        for (int i = 0; i < z.Length / d; i++)
        {
            writer.WriteRawValue(Vector(z.Slice(i * d, d)));
        }
        writer.WriteEndArray();
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
            : double.CreateTruncating(value).ToString("G15", CultureInfo.InvariantCulture);

    private static string Indices(int[] indices) => $"[{string.Join(", ", indices)}]";
}
