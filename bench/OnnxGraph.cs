using System.Text;

namespace HardmaxCore.Benchmarks;

/// <summary>
/// The ONNX graphs ONNX Runtime runs as the baseline (SPEC §4), written in code as ONNX protobuf bytes: identity attention
/// (SPEC §6.1, dot kernel) is one <c>com.microsoft.MultiHeadAttention</c> node with one head, Q = K = V = X and
/// <c>scale</c> = β; K softmax layers of the dynamics (SPEC §1.3, A = I) are K such nodes with <c>scale</c> = 1/τ, each followed by
/// the residual mix <c>(z + α·att)/(1 + α)</c>.
/// </summary>
/// <remarks>
/// Only the few protobuf fields these graphs need are written (field numbers from onnx.proto3): ModelProto (ir_version 1,
/// graph 7, opset_import 8), GraphProto (node 1, name 2, initializer 5, input 11, output 12), NodeProto (input 1, output 2,
/// name 3, op_type 4, attribute 5, domain 7), AttributeProto (name 1, f 2, i 3, type 20), ValueInfoProto, TypeProto.Tensor,
/// TensorShapeProto and TensorProto (dims 1, data_type 2, float_data 4, name 8).
/// </remarks>
internal static class OnnxGraph
{
    /// <summary>TensorProto.DataType FLOAT.</summary>
    private const int FloatType = 1;

    /// <summary>Identity attention on one cloud of n points in dimension d: input X [1, n, d], output Y [1, n, d].</summary>
    public static byte[] IdentityAttention(int n, int d, float beta)
    {
        byte[] node = MultiHeadAttention("X", "Y", "attention", beta);
        byte[] graph = Concat(
            Bytes(1, node),
            Text(2, "identity_attention"),
            Bytes(11, ValueInfo("X", [1, n, d])),
            Bytes(12, ValueInfo("Y", [1, n, d])));
        return Model(graph);
    }

    /// <summary>
    /// K softmax layers on a batch of B configurations of n tokens in dimension d (A = I): input Z [B, n, d], output
    /// Y [B, n, d]; layer k is <c>z ← (z + α·MHA(z, z, z; scale = 1/τ)) / (1 + α)</c>.
    /// </summary>
    public static byte[] SoftmaxDynamics(int batch, int n, int d, int layers, float temperature, float alpha)
    {
        var graph = new List<byte[]>
        {
            Bytes(5, ScalarTensor("alpha", alpha)),
            Bytes(5, ScalarTensor("one_plus_alpha", 1 + alpha)),
        };
        string z = "Z";
        for (int k = 0; k < layers; k++)
        {
            string attention = $"att{k}";
            string scaled = $"scaled{k}";
            string sum = $"sum{k}";
            string next = k == layers - 1 ? "Y" : $"z{k + 1}";
            graph.Add(Bytes(1, MultiHeadAttention(z, attention, $"mha{k}", 1 / temperature)));
            graph.Add(Bytes(1, Node("Mul", [attention, "alpha"], scaled, $"mul{k}")));
            graph.Add(Bytes(1, Node("Add", [z, scaled], sum, $"add{k}")));
            graph.Add(Bytes(1, Node("Div", [sum, "one_plus_alpha"], next, $"div{k}")));
            z = next;
        }
        graph.Add(Text(2, "softmax_dynamics"));
        graph.Add(Bytes(11, ValueInfo("Z", [batch, n, d])));
        graph.Add(Bytes(12, ValueInfo("Y", [batch, n, d])));
        return Model(Concat([.. graph]));
    }

    /// <summary>A model around a graph: IR version 8, opsets ai.onnx 17 and com.microsoft 1.</summary>
    private static byte[] Model(byte[] graph) => Concat(
        Varint(1, 8),
        Text(2, "HardmaxCore.Benchmarks"),
        Bytes(7, graph),
        Bytes(8, Concat(Text(1, ""), Varint(2, 17))),
        Bytes(8, Concat(Text(1, "com.microsoft"), Varint(2, 1))));

    /// <summary>MultiHeadAttention(x, x, x) with one head and the given scale.</summary>
    private static byte[] MultiHeadAttention(string input, string output, string name, float scale) => Concat(
        Text(1, input),
        Text(1, input),
        Text(1, input),
        Text(2, output),
        Text(3, name),
        Text(4, "MultiHeadAttention"),
        Bytes(5, Concat(Text(1, "num_heads"), Varint(3, 1), Varint(20, 2))),
        Bytes(5, Concat(Text(1, "scale"), Fixed32(2, scale), Varint(20, 1))),
        Text(7, "com.microsoft"));

    /// <summary>A node of the default domain.</summary>
    private static byte[] Node(string op, string[] inputs, string output, string name)
    {
        var parts = new List<byte[]>();
        foreach (string input in inputs)
        {
            parts.Add(Text(1, input));
        }
        parts.Add(Text(2, output));
        parts.Add(Text(3, name));
        parts.Add(Text(4, op));
        return Concat([.. parts]);
    }

    /// <summary>A float tensor of the given shape.</summary>
    private static byte[] ValueInfo(string name, long[] shape)
    {
        var dims = new List<byte[]>();
        foreach (long dim in shape)
        {
            dims.Add(Bytes(1, Varint(1, dim)));
        }
        byte[] tensor = Concat(Varint(1, FloatType), Bytes(2, Concat([.. dims])));
        return Concat(Text(1, name), Bytes(2, Bytes(1, tensor)));
    }

    /// <summary>A float scalar initializer.</summary>
    private static byte[] ScalarTensor(string name, float value) => Concat(Varint(2, FloatType), Fixed32(4, value), Text(8, name));

    private static byte[] Text(int field, string value) => Bytes(field, Encoding.UTF8.GetBytes(value));

    private static byte[] Bytes(int field, byte[] value) => Concat(Key(field, 2), RawVarint((ulong)value.Length), value);

    private static byte[] Varint(int field, long value) => Concat(Key(field, 0), RawVarint((ulong)value));

    private static byte[] Fixed32(int field, float value) => Concat(Key(field, 5), BitConverter.GetBytes(value));

    private static byte[] Key(int field, int wireType) => RawVarint((ulong)((field << 3) | wireType));

    private static byte[] RawVarint(ulong value)
    {
        var bytes = new List<byte>();
        do
        {
            byte b = (byte)(value & 0x7F);
            value >>= 7;
            bytes.Add(value != 0 ? (byte)(b | 0x80) : b);
        }
        while (value != 0);
        return [.. bytes];
    }

    private static byte[] Concat(params byte[][] parts)
    {
        var all = new List<byte>();
        foreach (byte[] part in parts)
        {
            all.AddRange(part);
        }
        return [.. all];
    }
}
