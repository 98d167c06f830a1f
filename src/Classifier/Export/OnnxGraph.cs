using System.Buffers.Binary;
using System.Runtime.InteropServices;
using Google.Protobuf;
using Onnx;

namespace HardmaxCore.Classifier;

/// <summary>
/// A small builder of ONNX graphs over the classes <c>protoc</c> generates from the official <c>onnx.proto</c>: nodes
/// get fresh output names, weights become initializers (raw little-endian bytes), and <see cref="Model"/> wraps the
/// graph with the IR version and the default-domain opset.
/// </summary>
/// <remarks>
/// <code>
/// var graph = new OnnxGraph("hardmax-classifier");
/// string x = graph.Node("Gather", [graph.Floats("E", embedding, [v, d]), "ids"]);
/// graph.Output(graph.Node("Sigmoid", [logit]), "probability", OnnxGraph.FloatType, ["batch"]);
/// byte[] file = graph.Model(producerVersion).ToByteArray();
/// </code>
/// </remarks>
internal sealed class OnnxGraph
{
    /// <summary>The default-domain opset the graphs use: 17 (ONNX 1.12), the newest every current runtime and checker reads.</summary>
    public const long Opset = 17;

    /// <summary>The IR version of ONNX 1.12 (opset 17).</summary>
    public const long IrVersion = 8;

    /// <summary>TensorProto.DataType FLOAT.</summary>
    public const int FloatType = (int)TensorProto.Types.DataType.Float;

    /// <summary>TensorProto.DataType INT64.</summary>
    public const int Int64Type = (int)TensorProto.Types.DataType.Int64;

    /// <summary>The graph being built.</summary>
    private readonly GraphProto _graph;

    /// <summary>Counter for fresh value names.</summary>
    private int _next;

    /// <summary>Starts an empty graph.</summary>
    public OnnxGraph(string name) => this._graph = new GraphProto { Name = name };

    /// <summary>Adds a node of <paramref name="operator"/> with one output, named freshly, and returns that name.</summary>
    public string Node(string @operator, string[] inputs, params AttributeProto[] attributes)
    {
        string output = $"{char.ToLowerInvariant(@operator[0])}{@operator[1..]}_{this._next++}";
        var node = new NodeProto { OpType = @operator, Name = output };
        node.Input.Add(inputs);
        node.Output.Add(output);
        node.Attribute.Add(attributes);
        this._graph.Node.Add(node);
        return output;
    }

    /// <summary>Renames the output of the last node (to give a graph output its public name).</summary>
    public string Rename(string value, string name)
    {
        NodeProto last = this._graph.Node[^1];
        if (last.Output[0] != value)
        {
            throw new InvalidOperationException($"'{value}' is not the output of the last node.");
        }
        last.Output[0] = name;
        return name;
    }

    /// <summary>A float32 initializer of the given shape (row-major).</summary>
    public string Floats(string name, ReadOnlySpan<float> values, long[] shape)
    {
        var bytes = new byte[checked(values.Length * sizeof(float))];
        if (BitConverter.IsLittleEndian)
        {
            MemoryMarshal.AsBytes(values).CopyTo(bytes);
        }
        else
        {
            for (int x = 0; x < values.Length; x++)
            {
                BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(x * sizeof(float)), values[x]);
            }
        }
        return this.Initializer(name, FloatType, bytes, shape);
    }

    /// <summary>A float32 scalar initializer.</summary>
    public string Float(string name, float value) => this.Floats(name, [value], []);

    /// <summary>An int64 initializer of the given shape.</summary>
    public string Int64s(string name, ReadOnlySpan<long> values, long[] shape)
    {
        var bytes = new byte[checked(values.Length * sizeof(long))];
        for (int x = 0; x < values.Length; x++)
        {
            BinaryPrimitives.WriteInt64LittleEndian(bytes.AsSpan(x * sizeof(long)), values[x]);
        }
        return this.Initializer(name, Int64Type, bytes, shape);
    }

    /// <summary>Declares a graph input of the given element type; a string dimension is symbolic (e.g. "batch").</summary>
    public string Input(string name, int elementType, object[] shape)
    {
        this._graph.Input.Add(ValueInfo(name, elementType, shape));
        return name;
    }

    /// <summary>Declares <paramref name="value"/> (the output of the last node, renamed to <paramref name="name"/>) a graph output.</summary>
    public void Output(string value, string name, int elementType, object[] shape)
    {
        this.Rename(value, name);
        this._graph.Output.Add(ValueInfo(name, elementType, shape));
    }

    /// <summary>Sets the graph's documentation string.</summary>
    public void Document(string text) => this._graph.DocString = text;

    /// <summary>The model: this graph, IR version <see cref="IrVersion"/>, the default domain at opset <see cref="Opset"/>, and metadata.</summary>
    public ModelProto Model(string producerVersion, IReadOnlyDictionary<string, string> metadata)
    {
        var model = new ModelProto
        {
            IrVersion = IrVersion,
            ProducerName = "hardmax",
            ProducerVersion = producerVersion,
            Graph = this._graph,
        };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = Opset });
        foreach ((string key, string value) in metadata)
        {
            model.MetadataProps.Add(new StringStringEntryProto { Key = key, Value = value });
        }
        return model;
    }

    /// <summary>An integer attribute.</summary>
    public static AttributeProto Int(string name, long value) => new() { Name = name, Type = AttributeProto.Types.AttributeType.Int, I = value };

    /// <summary>An integer-list attribute.</summary>
    public static AttributeProto Ints(string name, params long[] values)
    {
        var attribute = new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Ints };
        attribute.Ints.Add(values);
        return attribute;
    }

    /// <summary>Adds an initializer with raw little-endian data.</summary>
    private string Initializer(string name, int elementType, byte[] bytes, long[] shape)
    {
        var tensor = new TensorProto { Name = name, DataType = elementType, RawData = ByteString.CopyFrom(bytes) };
        tensor.Dims.Add(shape);
        this._graph.Initializer.Add(tensor);
        return name;
    }

    /// <summary>The type and shape of a graph input or output.</summary>
    private static ValueInfoProto ValueInfo(string name, int elementType, object[] shape)
    {
        var tensorShape = new TensorShapeProto();
        foreach (object dimension in shape)
        {
            tensorShape.Dim.Add(dimension is string symbol
                ? new TensorShapeProto.Types.Dimension { DimParam = symbol }
                : new TensorShapeProto.Types.Dimension { DimValue = Convert.ToInt64(dimension, System.Globalization.CultureInfo.InvariantCulture) });
        }
        return new ValueInfoProto
        {
            Name = name,
            Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = elementType, Shape = tensorShape } },
        };
    }
}
