using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text;

namespace NetGen.Benchmarks;

/// <summary>
/// Builds, in memory, the ONNX model of a fully connected network of any depth, with the weights of a generated
/// network: <c>Gemm → act → Gemm → act → … → Gemm → output act</c>. There is no ONNX file for the deeper shapes and no
/// Python <c>onnx</c> package on the machine, so this writes the few protobuf messages involved by hand; ONNX Runtime
/// loads the bytes with <c>new InferenceSession(byte[])</c>.
/// </summary>
/// <remarks>
/// The model: IR version 8, opset 13 of the default domain; input <c>x</c> float [batch, inputs] and output <c>y</c>
/// float [batch, outputs], <c>batch</c> a symbolic dimension; each layer a <c>Gemm(·, W_l, b_l)</c> with transB = 1, so
/// that W_l is stored [units_l, units_(l−1)] row-major, exactly the generated <c>Parameters</c> block, and is copied
/// as it is. The weights are initializers stored as raw little-endian floats, not listed as graph inputs (since IR
/// version 4 they need not be), so ONNX Runtime may treat them as constants when it optimizes the graph.
/// </remarks>
public static class OnnxModelWriter
{
    // Field numbers from onnx.proto.
    private const int ModelIrVersion = 1;
    private const int ModelProducerName = 2;
    private const int ModelGraph = 7;
    private const int ModelOpsetImport = 8;
    private const int OpsetDomain = 1;
    private const int OpsetVersion = 2;
    private const int GraphNode = 1;
    private const int GraphName = 2;
    private const int GraphInitializer = 5;
    private const int GraphInput = 11;
    private const int GraphOutput = 12;
    private const int NodeInput = 1;
    private const int NodeOutput = 2;
    private const int NodeName = 3;
    private const int NodeOpType = 4;
    private const int NodeAttribute = 5;
    private const int AttributeName = 1;
    private const int AttributeInt = 3;
    private const int AttributeType = 20;
    private const int TensorDims = 1;
    private const int TensorDataType = 2;
    private const int TensorName = 8;
    private const int TensorRawData = 9;
    private const int ValueInfoName = 1;
    private const int ValueInfoType = 2;
    private const int TypeTensor = 1;
    private const int TensorTypeElemType = 1;
    private const int TensorTypeShape = 2;
    private const int ShapeDim = 1;
    private const int DimValue = 1;
    private const int DimParam = 2;

    private const int FloatType = 1;            // TensorProto.DataType.FLOAT
    private const int IntAttribute = 2;         // AttributeProto.AttributeType.INT
    private const long IrVersion = 8;
    private const long OpsetVersionNumber = 13;

    /// <summary>The name of the model's only input, float [batch, inputs].</summary>
    public const string InputName = "x";

    /// <summary>The name of the model's only output, float [batch, outputs].</summary>
    public const string OutputName = "y";

    /// <summary>
    /// The serialized ModelProto of the network with <paramref name="layerSizes"/> (inputs, each hidden layer, outputs)
    /// and <paramref name="parameters"/> in the generated layout (for each layer: W row-major, then b).
    /// </summary>
    /// <param name="layerSizes">At least two sizes, each at least 1.</param>
    /// <param name="parameters">Σ_l units_l·(units_(l−1) + 1) values.</param>
    /// <param name="hiddenOp">The ONNX operator after each hidden Gemm: <c>Relu</c>, <c>Sigmoid</c> or <c>Tanh</c>.</param>
    /// <param name="outputOp">
    /// The ONNX operator after the last Gemm: <c>Softmax</c> (over the last axis), <c>Sigmoid</c>, or null for none.
    /// </param>
    public static byte[] Write(IReadOnlyList<int> layerSizes, ReadOnlySpan<float> parameters, string hiddenOp, string? outputOp)
    {
        if (layerSizes.Count < 2)
        {
            throw new ArgumentException("need at least inputs and outputs", nameof(layerSizes));
        }

        long expected = 0;
        for (int l = 1; l < layerSizes.Count; l++)
        {
            if (layerSizes[l - 1] < 1 || layerSizes[l] < 1)
            {
                throw new ArgumentException("every layer needs at least one unit", nameof(layerSizes));
            }

            expected += (long)layerSizes[l] * (layerSizes[l - 1] + 1);
        }

        if (parameters.Length != expected)
        {
            throw new ArgumentException($"{parameters.Length} parameters, expected {expected} for these layers", nameof(parameters));
        }

        if (hiddenOp is not ("Relu" or "Sigmoid" or "Tanh"))
        {
            throw new ArgumentException($"hidden activation {hiddenOp}: expected Relu, Sigmoid or Tanh", nameof(hiddenOp));
        }

        if (outputOp is not (null or "Softmax" or "Sigmoid"))
        {
            throw new ArgumentException($"output activation {outputOp}: expected Softmax, Sigmoid or none", nameof(outputOp));
        }

        var graph = new ProtoWriter();
        int layers = layerSizes.Count - 1;
        string flowing = InputName;
        int at = 0;
        for (int l = 1; l <= layers; l++)
        {
            int fanIn = layerSizes[l - 1];
            int units = layerSizes[l];
            string weight = Name("W", l);
            string bias = Name("b", l);
            graph.Message(GraphInitializer, FloatTensor(weight, new long[] { units, fanIn }, parameters.Slice(at, units * fanIn)));
            at += units * fanIn;
            graph.Message(GraphInitializer, FloatTensor(bias, new long[] { units }, parameters.Slice(at, units)));
            at += units;

            bool last = l == layers;
            string? op = last ? outputOp : hiddenOp;
            string gemmOut = last && op is null ? OutputName : Name("a", l);
            graph.Message(GraphNode, Node(Name("gemm", l), "Gemm", new[] { flowing, weight, bias }, gemmOut, ("transB", 1)));
            flowing = gemmOut;
            if (op is not null)
            {
                string activated = last ? OutputName : Name("z", l);
                // Softmax's axis defaults to −1 from opset 13 on; written out anyway, so the model says what it means.
                (string, long)[] attributes = op == "Softmax" ? new[] { ("axis", -1L) } : Array.Empty<(string, long)>();
                graph.Message(GraphNode, Node(Name(op.ToLowerInvariant(), l), op, new[] { flowing }, activated, attributes));
                flowing = activated;
            }
        }

        graph.String(GraphName, "netgen_mlp");
        graph.Message(GraphInput, FloatMatrixInfo(InputName, layerSizes[0]));
        graph.Message(GraphOutput, FloatMatrixInfo(OutputName, layerSizes[layers]));

        var opset = new ProtoWriter();
        opset.String(OpsetDomain, "");
        opset.Varint(OpsetVersion, OpsetVersionNumber);

        var model = new ProtoWriter();
        model.Varint(ModelIrVersion, IrVersion);
        model.String(ModelProducerName, "NetGen.Benchmarks");
        model.Message(ModelGraph, graph);
        model.Message(ModelOpsetImport, opset);
        return model.ToArray();
    }

    private static string Name(string prefix, int layer) => prefix + layer.ToString(CultureInfo.InvariantCulture);

    private static ProtoWriter FloatTensor(string name, long[] dims, ReadOnlySpan<float> values)
    {
        var tensor = new ProtoWriter();
        foreach (long d in dims)
        {
            tensor.Varint(TensorDims, d);
        }

        tensor.Varint(TensorDataType, FloatType);
        tensor.String(TensorName, name);
        // raw_data is little-endian whatever the machine, hence the explicit conversion.
        var raw = new byte[values.Length * sizeof(float)];
        for (int v = 0; v < values.Length; v++)
        {
            BinaryPrimitives.WriteSingleLittleEndian(raw.AsSpan(v * sizeof(float)), values[v]);
        }

        tensor.Bytes(TensorRawData, raw);
        return tensor;
    }

    private static ProtoWriter Node(string name, string opType, string[] inputs, string output, params (string Name, long Value)[] ints)
    {
        var node = new ProtoWriter();
        foreach (string input in inputs)
        {
            node.String(NodeInput, input);
        }

        node.String(NodeOutput, output);
        node.String(NodeName, name);
        node.String(NodeOpType, opType);
        foreach ((string attributeName, long value) in ints)
        {
            var attribute = new ProtoWriter();
            attribute.String(AttributeName, attributeName);
            attribute.Varint(AttributeInt, value);
            // The ONNX checker requires the type of every attribute from IR version 2 on.
            attribute.Varint(AttributeType, IntAttribute);
            node.Message(NodeAttribute, attribute);
        }

        return node;
    }

    /// <summary>A ValueInfoProto: a float tensor [batch, width], batch symbolic so one model serves every batch size.</summary>
    private static ProtoWriter FloatMatrixInfo(string name, int width)
    {
        var batch = new ProtoWriter();
        batch.String(DimParam, "batch");
        var columns = new ProtoWriter();
        columns.Varint(DimValue, width);
        var shape = new ProtoWriter();
        shape.Message(ShapeDim, batch);
        shape.Message(ShapeDim, columns);

        var tensorType = new ProtoWriter();
        tensorType.Varint(TensorTypeElemType, FloatType);
        tensorType.Message(TensorTypeShape, shape);
        var type = new ProtoWriter();
        type.Message(TypeTensor, tensorType);

        var info = new ProtoWriter();
        info.String(ValueInfoName, name);
        info.Message(ValueInfoType, type);
        return info;
    }

    /// <summary>
    /// The protobuf wire format, just what a ModelProto needs: varint and length-delimited fields. A nested message
    /// is written into its own writer first, because its length prefix must precede it.
    /// </summary>
    private sealed class ProtoWriter
    {
        private const int VarintWire = 0;
        private const int LengthDelimited = 2;

        private readonly MemoryStream _buffer = new();

        /// <summary>An int32, int64 or enum field; negative values take ten bytes, as protobuf encodes them.</summary>
        public void Varint(int field, long value)
        {
            Key(field, VarintWire);
            Raw(unchecked((ulong)value));
        }

        public void String(int field, string value) => Bytes(field, Encoding.UTF8.GetBytes(value));

        public void Bytes(int field, ReadOnlySpan<byte> value)
        {
            Key(field, LengthDelimited);
            Raw((ulong)value.Length);
            _buffer.Write(value);
        }

        public void Message(int field, ProtoWriter message)
        {
            Key(field, LengthDelimited);
            Raw((ulong)message._buffer.Length);
            message._buffer.Position = 0;
            message._buffer.CopyTo(_buffer);
        }

        public byte[] ToArray() => _buffer.ToArray();

        private void Key(int field, int wire) => Raw(((ulong)field << 3) | (uint)wire);

        private void Raw(ulong value)
        {
            while (value >= 0x80)
            {
                _buffer.WriteByte((byte)(value | 0x80));
                value >>= 7;
            }

            _buffer.WriteByte((byte)value);
        }
    }
}
