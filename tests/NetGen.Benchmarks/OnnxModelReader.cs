using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.IO;
using System.Text;

namespace NetGen.Benchmarks;

/// <summary>
/// Reads the weights out of an ONNX file of a one-hidden-layer sigmoid network, so that the self-check can give
/// the naive and the generated networks the very parameters ONNX Runtime runs with. ONNX Runtime's C# API does
/// not hand out a model's initializers, so this decodes the few protobuf messages involved by hand.
/// </summary>
/// <remarks>
/// Accepts exactly the graph PyTorch exports for Linear, Sigmoid, Linear, Sigmoid:
/// <c>Gemm(x, W1, b1) → Sigmoid → Gemm(·, W2, b2) → Sigmoid → y</c>, with alpha = beta = 1, no transposed A, and
/// the weights as float initializers stored in the file (raw_data or float_data). Anything else throws, so a model
/// that computes something different is never timed as if it were the same network.
/// </remarks>
public static class OnnxModelReader
{
    // Field numbers from onnx.proto (ModelProto, GraphProto, NodeProto, AttributeProto, TensorProto).
    private const int ModelGraph = 7;
    private const int GraphNode = 1;
    private const int GraphInitializer = 5;
    private const int GraphInput = 11;
    private const int GraphOutput = 12;
    private const int ValueInfoName = 1;
    private const int NodeInput = 1;
    private const int NodeOutput = 2;
    private const int NodeOpType = 4;
    private const int NodeAttribute = 5;
    private const int AttributeName = 1;
    private const int AttributeFloat = 2;
    private const int AttributeInt = 3;
    private const int TensorDims = 1;
    private const int TensorDataType = 2;
    private const int TensorFloatData = 4;
    private const int TensorName = 8;
    private const int TensorRawData = 9;
    private const int TensorDataLocation = 14;
    private const int FloatType = 1;        // TensorProto.DataType.FLOAT
    private const int ExternalLocation = 1; // TensorProto.DataLocation.EXTERNAL

    /// <summary>
    /// Returns the parameters of the network in <paramref name="path"/> in the generated layout: W1 row-major
    /// (w_ji at j·inputs + i), b1, W2 row-major (w_kj at k·hidden + j), b2. Throws unless the file holds the
    /// expected graph with these sizes.
    /// </summary>
    public static float[] ReadParameters(string path, int inputs, int hidden, int outputs)
    {
        byte[] model = File.ReadAllBytes(path);
        byte[]? graph = null;
        var reader = new ProtoReader(model);
        while (reader.Next(out int field, out int wire))
        {
            if (field == ModelGraph && wire == ProtoReader.LengthDelimited)
            {
                graph = reader.Bytes().ToArray();
            }
            else
            {
                reader.Skip(wire);
            }
        }

        if (graph is null)
        {
            throw Invalid(path, "no graph");
        }

        var nodes = new List<Node>();
        var tensors = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        var graphInputs = new List<string>();
        var graphOutputs = new List<string>();
        reader = new ProtoReader(graph);
        while (reader.Next(out int field, out int wire))
        {
            if (wire != ProtoReader.LengthDelimited)
            {
                reader.Skip(wire);
                continue;
            }

            ReadOnlySpan<byte> message = reader.Bytes();
            switch (field)
            {
                case GraphNode:
                    nodes.Add(ReadNode(message));
                    break;
                case GraphInitializer:
                    Tensor tensor = ReadTensor(path, message);
                    tensors[tensor.Name] = tensor;
                    break;
                case GraphInput:
                    graphInputs.Add(ReadValueInfoName(message));
                    break;
                case GraphOutput:
                    graphOutputs.Add(ReadValueInfoName(message));
                    break;
            }
        }

        // Some exporters list initializers among the graph inputs too; the data input is the one that is not one.
        graphInputs.RemoveAll(tensors.ContainsKey);
        if (graphInputs.Count != 1 || graphOutputs.Count != 1)
        {
            throw Invalid(path, $"{graphInputs.Count} data inputs and {graphOutputs.Count} outputs, expected 1 and 1");
        }

        string[] expectedOps = { "Gemm", "Sigmoid", "Gemm", "Sigmoid" };
        if (nodes.Count != expectedOps.Length)
        {
            throw Invalid(path, $"{nodes.Count} nodes, expected Gemm, Sigmoid, Gemm, Sigmoid");
        }

        string flowing = graphInputs[0];
        for (int n = 0; n < nodes.Count; n++)
        {
            Node node = nodes[n];
            if (node.OpType != expectedOps[n] || node.Inputs.Count == 0 || node.Inputs[0] != flowing || node.Outputs.Count != 1)
            {
                throw Invalid(path, $"node {n} is {node.OpType}({string.Join(", ", node.Inputs)}), expected {expectedOps[n]}({flowing}, …)");
            }

            flowing = node.Outputs[0];
        }

        if (flowing != graphOutputs[0])
        {
            throw Invalid(path, $"the last node writes {flowing}, not the graph output {graphOutputs[0]}");
        }

        var parameters = new float[hidden * inputs + hidden + outputs * hidden + outputs];
        int at = 0;
        at = CopyLayer(path, nodes[0], tensors, inputs, hidden, parameters, at);
        at = CopyLayer(path, nodes[2], tensors, hidden, outputs, parameters, at);
        if (at != parameters.Length)
        {
            throw new InvalidOperationException($"{path}: copied {at} parameters, expected {parameters.Length}.");
        }

        return parameters;
    }

    /// <summary>Y = X·Bᵀ + C (transB = 1, B stored [units, fanIn]) or Y = X·B + C (transB = 0, B stored [fanIn, units]).</summary>
    private static int CopyLayer(string path, Node gemm, Dictionary<string, Tensor> tensors, int fanIn, int units,
        float[] destination, int at)
    {
        if (gemm.Inputs.Count != 3
            || !tensors.TryGetValue(gemm.Inputs[1], out Tensor? weight)
            || !tensors.TryGetValue(gemm.Inputs[2], out Tensor? bias))
        {
            throw Invalid(path, $"Gemm({string.Join(", ", gemm.Inputs)}) without initializer weights and bias");
        }

        if (gemm.Float("alpha", 1f) != 1f || gemm.Float("beta", 1f) != 1f || gemm.Int("transA", 0) != 0)
        {
            throw Invalid(path, "a Gemm with alpha ≠ 1, beta ≠ 1 or transA set");
        }

        bool transposed = gemm.Int("transB", 0) != 0;
        long[] expectedDims = transposed ? new long[] { units, fanIn } : new long[] { fanIn, units };
        if (!weight.Dims.AsSpan().SequenceEqual(expectedDims))
        {
            throw Invalid(path, $"{weight.Name} has shape [{string.Join(", ", weight.Dims)}], expected [{string.Join(", ", expectedDims)}]");
        }

        if (bias.Values.Length != units)
        {
            throw Invalid(path, $"{bias.Name} has {bias.Values.Length} values, expected {units}");
        }

        for (int u = 0; u < units; u++)
        {
            for (int i = 0; i < fanIn; i++)
            {
                destination[at + u * fanIn + i] = transposed ? weight.Values[u * fanIn + i] : weight.Values[i * units + u];
            }
        }

        at += units * fanIn;
        bias.Values.CopyTo(destination, at);
        return at + units;
    }

    private static Node ReadNode(ReadOnlySpan<byte> message)
    {
        var node = new Node();
        var reader = new ProtoReader(message);
        while (reader.Next(out int field, out int wire))
        {
            if (wire != ProtoReader.LengthDelimited)
            {
                reader.Skip(wire);
                continue;
            }

            ReadOnlySpan<byte> value = reader.Bytes();
            switch (field)
            {
                case NodeInput:
                    node.Inputs.Add(Encoding.UTF8.GetString(value));
                    break;
                case NodeOutput:
                    node.Outputs.Add(Encoding.UTF8.GetString(value));
                    break;
                case NodeOpType:
                    node.OpType = Encoding.UTF8.GetString(value);
                    break;
                case NodeAttribute:
                    ReadAttribute(value, node);
                    break;
            }
        }

        return node;
    }

    private static void ReadAttribute(ReadOnlySpan<byte> message, Node node)
    {
        string name = "";
        float? f = null;
        long? i = null;
        var reader = new ProtoReader(message);
        while (reader.Next(out int field, out int wire))
        {
            if (field == AttributeName && wire == ProtoReader.LengthDelimited)
            {
                name = Encoding.UTF8.GetString(reader.Bytes());
            }
            else if (field == AttributeFloat && wire == ProtoReader.Fixed32)
            {
                f = BinaryPrimitives.ReadSingleLittleEndian(reader.Fixed32Bytes());
            }
            else if (field == AttributeInt && wire == ProtoReader.VarintWire)
            {
                i = (long)reader.Varint();
            }
            else
            {
                reader.Skip(wire);
            }
        }

        if (f.HasValue)
        {
            node.Floats[name] = f.Value;
        }

        if (i.HasValue)
        {
            node.Ints[name] = i.Value;
        }
    }

    private static Tensor ReadTensor(string path, ReadOnlySpan<byte> message)
    {
        var dims = new List<long>();
        var floats = new List<float>();
        byte[]? raw = null;
        string name = "";
        long dataType = 0;
        var reader = new ProtoReader(message);
        while (reader.Next(out int field, out int wire))
        {
            switch (field)
            {
                case TensorDims when wire == ProtoReader.VarintWire:
                    dims.Add((long)reader.Varint());
                    break;
                case TensorDims when wire == ProtoReader.LengthDelimited:
                    var packed = new ProtoReader(reader.Bytes());
                    while (!packed.AtEnd)
                    {
                        dims.Add((long)packed.Varint());
                    }

                    break;
                case TensorDataType when wire == ProtoReader.VarintWire:
                    dataType = (long)reader.Varint();
                    break;
                case TensorFloatData when wire == ProtoReader.Fixed32:
                    floats.Add(BinaryPrimitives.ReadSingleLittleEndian(reader.Fixed32Bytes()));
                    break;
                case TensorFloatData when wire == ProtoReader.LengthDelimited:
                    ReadOnlySpan<byte> block = reader.Bytes();
                    for (int b = 0; b + 4 <= block.Length; b += 4)
                    {
                        floats.Add(BinaryPrimitives.ReadSingleLittleEndian(block.Slice(b, 4)));
                    }

                    break;
                case TensorName when wire == ProtoReader.LengthDelimited:
                    name = Encoding.UTF8.GetString(reader.Bytes());
                    break;
                case TensorRawData when wire == ProtoReader.LengthDelimited:
                    raw = reader.Bytes().ToArray();
                    break;
                case TensorDataLocation when wire == ProtoReader.VarintWire:
                    if ((long)reader.Varint() == ExternalLocation)
                    {
                        throw Invalid(path, $"initializer {name} is stored in an external file");
                    }

                    break;
                default:
                    reader.Skip(wire);
                    break;
            }
        }

        if (dataType != FloatType)
        {
            throw Invalid(path, $"initializer {name} has data type {dataType}, expected float ({FloatType})");
        }

        float[] values;
        if (raw is not null)
        {
            values = new float[raw.Length / sizeof(float)];
            for (int v = 0; v < values.Length; v++)
            {
                values[v] = BinaryPrimitives.ReadSingleLittleEndian(raw.AsSpan(v * sizeof(float), sizeof(float)));
            }
        }
        else
        {
            values = floats.ToArray();
        }

        long count = 1;
        foreach (long d in dims)
        {
            count *= d;
        }

        if (count != values.Length)
        {
            throw Invalid(path, $"initializer {name} has {values.Length} values for shape [{string.Join(", ", dims)}]");
        }

        return new Tensor(name, dims.ToArray(), values);
    }

    private static string ReadValueInfoName(ReadOnlySpan<byte> message)
    {
        var reader = new ProtoReader(message);
        while (reader.Next(out int field, out int wire))
        {
            if (field == ValueInfoName && wire == ProtoReader.LengthDelimited)
            {
                return Encoding.UTF8.GetString(reader.Bytes());
            }

            reader.Skip(wire);
        }

        return "";
    }

    private static InvalidDataException Invalid(string path, string what) =>
        new($"{path}: not the Gemm, Sigmoid, Gemm, Sigmoid network expected ({what}).");

    private sealed class Node
    {
        public string OpType { get; set; } = "";

        public List<string> Inputs { get; } = new();

        public List<string> Outputs { get; } = new();

        public Dictionary<string, float> Floats { get; } = new(StringComparer.Ordinal);

        public Dictionary<string, long> Ints { get; } = new(StringComparer.Ordinal);

        public float Float(string name, float absent) => Floats.TryGetValue(name, out float v) ? v : absent;

        public long Int(string name, long absent) => Ints.TryGetValue(name, out long v) ? v : absent;
    }

    private sealed record Tensor(string Name, long[] Dims, float[] Values);

    /// <summary>The protobuf wire format, just enough of it: varints, fixed32, length-delimited fields.</summary>
    private ref struct ProtoReader
    {
        public const int VarintWire = 0;
        public const int Fixed64 = 1;
        public const int LengthDelimited = 2;
        public const int Fixed32 = 5;

        private readonly ReadOnlySpan<byte> _data;
        private int _at;

        public ProtoReader(ReadOnlySpan<byte> data)
        {
            _data = data;
            _at = 0;
        }

        public readonly bool AtEnd => _at >= _data.Length;

        public bool Next(out int field, out int wire)
        {
            if (AtEnd)
            {
                field = 0;
                wire = 0;
                return false;
            }

            ulong key = ReadVarint();
            field = (int)(key >> 3);
            wire = (int)(key & 7);
            return true;
        }

        public ulong Varint() => ReadVarint();

        public ReadOnlySpan<byte> Bytes()
        {
            ulong length = ReadVarint();
            if (length > (ulong)(_data.Length - _at))
            {
                throw new InvalidDataException("truncated protobuf field");
            }

            ReadOnlySpan<byte> value = _data.Slice(_at, (int)length);
            _at += (int)length;
            return value;
        }

        public ReadOnlySpan<byte> Fixed32Bytes() => Take(4);

        public void Skip(int wire)
        {
            switch (wire)
            {
                case VarintWire:
                    ReadVarint();
                    break;
                case Fixed64:
                    Take(8);
                    break;
                case LengthDelimited:
                    Bytes();
                    break;
                case Fixed32:
                    Take(4);
                    break;
                default:
                    throw new InvalidDataException($"unsupported protobuf wire type {wire}");
            }
        }

        private ReadOnlySpan<byte> Take(int count)
        {
            if (count > _data.Length - _at)
            {
                throw new InvalidDataException("truncated protobuf field");
            }

            ReadOnlySpan<byte> value = _data.Slice(_at, count);
            _at += count;
            return value;
        }

        private ulong ReadVarint()
        {
            ulong result = 0;
            for (int shift = 0; shift < 64; shift += 7)
            {
                if (_at >= _data.Length)
                {
                    throw new InvalidDataException("truncated protobuf varint");
                }

                byte b = _data[_at++];
                result |= (ulong)(b & 0x7F) << shift;
                if (b < 0x80)
                {
                    return result;
                }
            }

            throw new InvalidDataException("protobuf varint longer than 10 bytes");
        }
    }
}
