using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json.Nodes;

namespace HardmaxCore.Classifier;

/// <summary>A named float32 tensor for <see cref="SafeTensors"/>: row-major values and their shape (empty for a scalar).</summary>
/// <param name="Name">The tensor's key in the header.</param>
/// <param name="Values">Row-major values; their count is the product of <paramref name="Shape"/>.</param>
/// <param name="Shape">The dimensions.</param>
public sealed record NamedTensor(string Name, float[] Values, long[] Shape);

/// <summary>
/// Writes the safetensors format (Hugging Face): an unsigned 64-bit little-endian header length N, N bytes of UTF-8 JSON,
/// then the tensors' raw little-endian bytes back to back.
/// </summary>
/// <remarks>
/// <para>The header maps each tensor name to <c>{"dtype": "F32", "shape": [...], "data_offsets": [begin, end]}</c>, offsets
/// in bytes from the start of the data, and may hold <c>"__metadata__"</c>, a map of strings to strings. The tensors follow in
/// the given order and cover the data without gaps; the header is padded with spaces to a multiple of 8 bytes so every
/// tensor starts 8-byte aligned, as the reference writer does. Python: <c>safetensors.numpy.load_file(path)</c>, or by hand
/// <c>n = int.from_bytes(f.read(8), "little"); header = json.loads(f.read(n))</c> and <c>numpy.frombuffer</c> on the rest.</para>
/// </remarks>
public static class SafeTensors
{
    /// <summary>The key of the metadata map in the header.</summary>
    public const string MetadataKey = "__metadata__";

    /// <summary>The file's bytes.</summary>
    /// <exception cref="ArgumentException">A name repeats or is the metadata key, or a shape does not match its values.</exception>
    public static byte[] Write(IReadOnlyList<NamedTensor> tensors, IReadOnlyDictionary<string, string>? metadata = null)
    {
        ArgumentNullException.ThrowIfNull(tensors);
        var header = new JsonObject();
        if (metadata is not null && metadata.Count > 0)
        {
            var map = new JsonObject();
            foreach ((string key, string value) in metadata)
            {
                map[key] = value;
            }
            header[MetadataKey] = map;
        }
        long offset = 0;
        foreach (NamedTensor tensor in tensors)
        {
            long count = tensor.Shape.Aggregate(1L, (product, dimension) => checked(product * dimension));
            if (count != tensor.Values.LongLength || tensor.Shape.Any(dimension => dimension < 0))
            {
                throw new ArgumentException($"Tensor '{tensor.Name}' has {tensor.Values.LongLength} values for the shape [{string.Join(", ", tensor.Shape)}].", nameof(tensors));
            }
            if (tensor.Name == MetadataKey || header.ContainsKey(tensor.Name))
            {
                throw new ArgumentException($"The tensor name '{tensor.Name}' is reserved or repeated.", nameof(tensors));
            }
            long end = checked(offset + count * sizeof(float));
            header[tensor.Name] = new JsonObject
            {
                ["dtype"] = "F32",
                ["shape"] = new JsonArray(tensor.Shape.Select(dimension => (JsonNode)JsonValue.Create(dimension)).ToArray()),
                ["data_offsets"] = new JsonArray(offset, end),
            };
            offset = end;
        }
        byte[] json = Encoding.UTF8.GetBytes(header.ToJsonString());
        int padded = (json.Length + 7) / 8 * 8;
        var bytes = new byte[checked(8 + padded + offset)];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, (ulong)padded);
        json.CopyTo(bytes, 8);
        bytes.AsSpan(8 + json.Length, padded - json.Length).Fill((byte)' ');
        long position = 8 + padded;
        foreach (NamedTensor tensor in tensors)
        {
            Span<byte> destination = bytes.AsSpan((int)position, tensor.Values.Length * sizeof(float));
            if (BitConverter.IsLittleEndian)
            {
                MemoryMarshal.AsBytes(tensor.Values.AsSpan()).CopyTo(destination);
            }
            else
            {
                for (int x = 0; x < tensor.Values.Length; x++)
                {
                    BinaryPrimitives.WriteSingleLittleEndian(destination[(x * sizeof(float))..], tensor.Values[x]);
                }
            }
            position += destination.Length;
        }
        return bytes;
    }

    /// <summary>Every weight of the hardmax transformer, named as a PyTorch module would hold them.</summary>
    /// <remarks><c>embedding.weight</c> [V, d]; <c>alpha</c> [1]; <c>decoder.weight</c> [1, d]; <c>decoder.bias</c> [1].</remarks>
    public static IReadOnlyList<NamedTensor> Tensors(ClassifierModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        ClassifierParameters<float> p = model.Parameters;
        int d = model.Settings.Dimension;
        return
        [
            new("embedding.weight", p.Embedding, [p.VocabularySize, d]),
            new("alpha", p.Alpha, [1]),
            new("decoder.weight", p.Decoder, [1, d]),
            new("decoder.bias", p.Bias, [1]),
        ];
    }

    /// <summary>Every weight of the self-attention baseline, matrices out × in as PyTorch's <c>nn.Linear.weight</c>.</summary>
    /// <remarks>
    /// <c>embedding.weight</c> [V, d]; <c>position.weight</c> [n, d]; <c>query.weight</c>, <c>key.weight</c>, <c>value.weight</c> [d, d];
    /// <c>dense.weight</c> [2d, d]; <c>dense.bias</c> [2d]; <c>output.weight</c> [1, 2d]; <c>output.bias</c> [1].
    /// </remarks>
    public static IReadOnlyList<NamedTensor> Tensors(AttentionModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        AttentionParameters<float> p = model.Parameters;
        int n = model.Settings.Tokens;
        int d = model.Settings.Dimension;
        int h = model.Settings.Hidden;
        return
        [
            new("embedding.weight", p.Embedding, [p.VocabularySize, d]),
            new("position.weight", p.Position, [n, d]),
            new("query.weight", p.Query, [d, d]),
            new("key.weight", p.Key, [d, d]),
            new("value.weight", p.Value, [d, d]),
            new("dense.weight", p.Dense, [h, d]),
            new("dense.bias", p.DenseBias, [h]),
            new("output.weight", p.Output, [1, h]),
            new("output.bias", p.OutputBias, [1]),
        ];
    }
}
