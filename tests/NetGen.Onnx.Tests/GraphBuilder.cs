using System.Collections.Generic;
using System.Linq;
using NetGen.Onnx;

namespace NetGen.Onnx.Tests;

/// <summary>
/// Builds ONNX models by hand, for graphs no exporter here writes: each a list of nodes, initializers, inputs and
/// outputs that a test edits before <see cref="Build"/>. Written with the sources' ProtoWriter (the wire format is not
/// what these tests examine; ONNX Runtime checks what it makes).
/// </summary>
internal sealed class GraphBuilder
{
    public sealed class NodeSpec
    {
        public string Op = "", Name = "", Domain = "";
        public List<string> Inputs = new();
        public List<string> Outputs = new();
        public List<(string Name, object Value)> Attributes = new();
    }

    public sealed class TensorSpec
    {
        public string Name = "";
        public long[] Dims = [];
        public float[] Values = [];
        public int DataType = 1;
        public bool FloatData;
        public bool External;
        public byte[]? Raw; // overrides Values
    }

    public sealed class ValueSpec
    {
        public string Name = "";
        public int ElemType = 1;
        public long[]? Dims; // -1: symbolic "batch"
    }

    public long? Opset = 13;
    public long IrVersion = 7;
    public List<NodeSpec> Nodes = new();
    public List<TensorSpec> Initializers = new();
    public List<ValueSpec> Inputs = new();
    public List<ValueSpec> Outputs = new();

    /// <summary>The graph the writer would make for <paramref name="mlp"/> (Gemm, transB = 1), as editable lists.
    /// Values: input, layer{l}.sum, hidden{l}, output; nodes named layer{l}, layer{l}.act, head.</summary>
    public static GraphBuilder Mlp(OnnxMlp mlp)
    {
        var g = new GraphBuilder();
        string current = "input";
        for (int l = 1; l <= mlp.LayerCount; l++)
        {
            bool last = l == mlp.LayerCount;
            string sum = last && mlp.Head == OnnxHead.Linear ? "output" : $"layer{l}.sum";
            g.Node("Gemm", $"layer{l}", new[] { current, $"layer{l}.weight", $"layer{l}.bias" }, sum, ("transB", 1L));
            g.Tensor($"layer{l}.weight", new long[] { mlp.LayerSizes[l], mlp.LayerSizes[l - 1] }, mlp.Weights[l - 1]);
            g.Tensor($"layer{l}.bias", new long[] { mlp.LayerSizes[l] }, mlp.Biases[l - 1]);
            current = sum;
            if (!last)
            {
                g.Node(mlp.Activation.ToString(), $"layer{l}.act", new[] { current }, $"hidden{l}");
                current = $"hidden{l}";
            }
            else if (mlp.Head != OnnxHead.Linear)
                g.Node(mlp.Head.ToString(), "head", new[] { current }, "output");
        }
        g.Inputs.Add(new ValueSpec { Name = "input", Dims = new long[] { -1, mlp.LayerSizes[0] } });
        g.Outputs.Add(new ValueSpec { Name = "output", Dims = new long[] { -1, mlp.LayerSizes[^1] } });
        return g;
    }

    public NodeSpec Node(string op, string name, string[] inputs, string output, params (string, object)[] attributes)
    {
        var node = new NodeSpec { Op = op, Name = name, Inputs = inputs.ToList(), Outputs = new List<string> { output }, Attributes = attributes.ToList() };
        Nodes.Add(node);
        return node;
    }

    public TensorSpec Tensor(string name, long[] dims, float[] values)
    {
        var tensor = new TensorSpec { Name = name, Dims = dims, Values = values };
        Initializers.Add(tensor);
        return tensor;
    }

    public NodeSpec NodeNamed(string name) => Nodes.Single(n => n.Name == name);

    public TensorSpec TensorNamed(string name) => Initializers.Single(t => t.Name == name);

    public byte[] Build()
    {
        var graph = new ProtoWriter();
        foreach (var n in Nodes)
        {
            var node = new ProtoWriter();
            foreach (string input in n.Inputs) node.WriteString(OnnxProto.NodeInput, input);
            foreach (string output in n.Outputs) node.WriteString(OnnxProto.NodeOutput, output);
            node.WriteString(OnnxProto.NodeName, n.Name);
            node.WriteString(OnnxProto.NodeOpType, n.Op);
            if (n.Domain.Length > 0) node.WriteString(OnnxProto.NodeDomain, n.Domain);
            foreach (var (name, value) in n.Attributes)
            {
                var attribute = new ProtoWriter();
                attribute.WriteString(OnnxProto.AttributeName, name);
                if (value is float f)
                {
                    attribute.WriteFloat(OnnxProto.AttributeF, f);
                    attribute.WriteInt64(OnnxProto.AttributeType, OnnxProto.AttributeTypeFloat);
                }
                else
                {
                    attribute.WriteInt64(OnnxProto.AttributeI, (long)value);
                    attribute.WriteInt64(OnnxProto.AttributeType, OnnxProto.AttributeTypeInt);
                }
                node.WriteMessage(OnnxProto.NodeAttribute, attribute);
            }
            graph.WriteMessage(OnnxProto.GraphNode, node);
        }
        graph.WriteString(OnnxProto.GraphName, "hand-built");
        foreach (var t in Initializers)
        {
            var tensor = new ProtoWriter();
            foreach (long d in t.Dims) tensor.WriteInt64(OnnxProto.TensorDims, d);
            tensor.WriteInt64(OnnxProto.TensorDataType, t.DataType);
            tensor.WriteString(OnnxProto.TensorName, t.Name);
            if (t.External)
            {
                var entry = new ProtoWriter();
                entry.WriteString(1, "location");
                entry.WriteString(2, "weights.bin");
                tensor.WriteMessage(OnnxProto.TensorExternalData, entry);
                tensor.WriteInt64(OnnxProto.TensorDataLocation, 1);
            }
            else if (t.Raw is not null)
                tensor.WriteBytes(OnnxProto.TensorRawData, t.Raw);
            else if (t.FloatData)
            {
                tensor.WriteBytes(OnnxProto.TensorFloatData, ProtoWriter.FloatBytes(t.Values));
            }
            else
                tensor.WriteBytes(OnnxProto.TensorRawData, ProtoWriter.FloatBytes(t.Values));
            graph.WriteMessage(OnnxProto.GraphInitializer, tensor);
        }
        foreach (var v in Inputs) graph.WriteMessage(OnnxProto.GraphInput, Value(v));
        foreach (var v in Outputs) graph.WriteMessage(OnnxProto.GraphOutput, Value(v));
        var model = new ProtoWriter();
        model.WriteInt64(OnnxProto.ModelIrVersion, IrVersion);
        model.WriteString(OnnxProto.ModelProducerName, "NetGen.Onnx.Tests");
        model.WriteMessage(OnnxProto.ModelGraph, graph);
        if (Opset is long version)
        {
            var opset = new ProtoWriter();
            opset.WriteInt64(OnnxProto.OpsetVersion, version);
            model.WriteMessage(OnnxProto.ModelOpsetImport, opset);
        }
        return model.ToArray();
    }

    private static ProtoWriter Value(ValueSpec v)
    {
        var tensorType = new ProtoWriter();
        tensorType.WriteInt64(OnnxProto.TypeTensorElemType, v.ElemType);
        if (v.Dims is not null)
        {
            var shape = new ProtoWriter();
            foreach (long d in v.Dims)
            {
                var dim = new ProtoWriter();
                if (d < 0) dim.WriteString(OnnxProto.DimParam, "batch");
                else dim.WriteInt64(OnnxProto.DimValue, d);
                shape.WriteMessage(OnnxProto.ShapeDim, dim);
            }
            tensorType.WriteMessage(OnnxProto.TypeTensorShape, shape);
        }
        var type = new ProtoWriter();
        type.WriteMessage(OnnxProto.TypeTensorType, tensorType);
        var value = new ProtoWriter();
        value.WriteString(OnnxProto.ValueInfoName, v.Name);
        value.WriteMessage(OnnxProto.ValueInfoType, type);
        return value;
    }
}
