#nullable enable

using System;
using System.Collections.Generic;

namespace NetGen.Onnx
{
    // The first half of the reader: protobuf bytes → the few ONNX messages an MLP needs, as plain objects. Fields
    // NetGen does not use are skipped (as protobuf readers do with unknown fields); a known field with the wrong wire
    // type, a length past its message's end or an unfinished number is refused as a garbled file. A singular message
    // field that occurs twice is merged, as protobuf specifies (repeated fields appended, scalars last-wins).
    internal static partial class OnnxMlpReader
    {
        /// <summary>
        /// The most entries of one kind read in a message (nodes, initializers, inputs and outputs of a graph; inputs,
        /// outputs and attributes of a node) and the highest rank of a tensor or shape. A 32-hidden-layer MLP has about 100
        /// nodes and initializers; the limits keep what a hostile file of many tiny entries makes the reader allocate
        /// within a small multiple of the file's own size.
        /// </summary>
        public const int MaxEntries = 4096, MaxRank = 32;

        private static void Add<T>(List<T> list, T item, int limit, string what)
        {
            if (list.Count >= limit)
                throw new OnnxFormatException("The model has more than " + OnnxText.Number(limit) + " " + what
                    + ": it is not an MLP NetGen compiles, or the file is garbled.");
            list.Add(item);
        }

        /// <summary>
        /// Skips a field NetGen does not use. Where onnx.proto types the field as a message and it is stored as one (wire
        /// type 2), its content must at least be a well-formed protobuf message (keys, wire types and lengths; one level
        /// deep): a protobuf parser such as ONNX Runtime's parses it and fails on garbage, so a model whose unused parts
        /// are garbled is refused here too rather than read.
        /// </summary>
        private static void SkipUnused(ProtoReader reader, int field, int wire, params int[] messageFields)
        {
            if (wire == ProtoReader.WireLengthDelimited && Array.IndexOf(messageFields, field) >= 0)
            {
                ProtoReader message = reader.ReadMessage(wire, "field " + OnnxText.Number(field) + ", a message");
                while (!message.AtEnd)
                {
                    message.ReadTag(out _, out int w);
                    message.Skip(w);
                }
            }
            else
                reader.Skip(wire);
        }

        /// <summary>A packed repeated scalar NetGen does not use: its varints or fixed-size values must fill it exactly.</summary>
        private static void SkipPacked(ProtoReader reader, int wire, int fixedSize, string what)
        {
            if (wire != ProtoReader.WireLengthDelimited)
            {
                reader.Skip(wire);
                return;
            }
            ProtoReader packed = reader.ReadMessage(wire, what);
            if (fixedSize > 0)
            {
                packed.ReadLengthOfRest(out int length);
                if (length % fixedSize != 0)
                    throw reader.Garbled(what + " is not a whole number of " + OnnxText.Number(fixedSize) + "-byte values");
                return;
            }
            while (!packed.AtEnd) packed.ReadVarint();
        }

        private sealed class Model
        {
            public long IrVersion;
            public bool HasIrVersion;
            public readonly List<Opset> Opsets = new List<Opset>();
            public Graph? Graph;
        }

        private sealed class Opset
        {
            public string Domain = "";
            public long Version;
            public bool HasVersion;
        }

        private sealed class Graph
        {
            public readonly List<Node> Nodes = new List<Node>();
            public readonly List<Tensor> Initializers = new List<Tensor>();
            public readonly List<ValueInfo> Inputs = new List<ValueInfo>();
            public readonly List<ValueInfo> Outputs = new List<ValueInfo>();
            public int SparseInitializers;
        }

        private sealed class Node
        {
            public readonly List<string> Inputs = new List<string>();
            public readonly List<string> Outputs = new List<string>();
            public string Name = "";
            public string OpType = "";
            public string Domain = "";
            public readonly List<Attribute> Attributes = new List<Attribute>();
        }

        private sealed class Attribute
        {
            public string Name = "";
            public long Type;
            public bool HasF, HasI, HasOther;
            public float F;
            public long I;
        }

        private sealed class ValueInfo
        {
            public string Name = "";
            public bool HasTensorType;
            public bool HasOtherType;
            public long ElemType;
            public bool HasShape;
            // Per dimension: the value, or -1 for a symbolic or absent one.
            public readonly List<long> Dims = new List<long>();
        }

        private sealed class Tensor
        {
            public string Name = "";
            public readonly List<long> Dims = new List<long>();
            public long DataType;
            public byte[]? RawSource;
            public int RawStart = -1, RawLength;
            public readonly List<float> FloatData = new List<float>();
            public bool HasOtherData, External, HasSegment;
        }

        private static Model ParseModel(byte[] bytes, int offset, int count)
        {
            ProtoReader reader = new ProtoReader(bytes, offset, offset + count, "the model (ModelProto)");
            Model model = new Model();
            while (!reader.AtEnd)
            {
                reader.ReadTag(out int field, out int wire);
                switch (field)
                {
                    case OnnxProto.ModelIrVersion:
                        model.IrVersion = reader.ReadInt64(wire, "ir_version");
                        model.HasIrVersion = true;
                        break;
                    case OnnxProto.ModelOpsetImport:
                        Add(model.Opsets, ParseOpset(reader.ReadMessage(wire, "an opset_import entry")), MaxEntries, "opset imports");
                        break;
                    case OnnxProto.ModelGraph:
                        model.Graph ??= new Graph();
                        ParseGraph(reader.ReadMessage(wire, "the graph"), model.Graph);
                        break;
                    case OnnxProto.ModelProducerName:
                    case OnnxProto.ModelProducerVersion:
                    case OnnxProto.ModelDocString:
                        reader.ReadLengthDelimited(wire, "a model string field", out _);
                        break;
                    default:
                        // metadata_props, training_info, functions, configuration
                        SkipUnused(reader, field, wire, 14, 20, 25, 26);
                        break;
                }
            }
            return model;
        }

        private static Opset ParseOpset(ProtoReader reader)
        {
            Opset opset = new Opset();
            while (!reader.AtEnd)
            {
                reader.ReadTag(out int field, out int wire);
                if (field == OnnxProto.OpsetDomain) opset.Domain = reader.ReadString(wire, "the opset domain");
                else if (field == OnnxProto.OpsetVersion)
                {
                    opset.Version = reader.ReadInt64(wire, "the opset version");
                    opset.HasVersion = true;
                }
                else reader.Skip(wire);
            }
            return opset;
        }

        private static void ParseGraph(ProtoReader reader, Graph graph)
        {
            while (!reader.AtEnd)
            {
                reader.ReadTag(out int field, out int wire);
                switch (field)
                {
                    case OnnxProto.GraphNode:
                        Add(graph.Nodes, ParseNode(reader.ReadMessage(wire, "a node (NodeProto)")), MaxEntries, "nodes");
                        break;
                    case OnnxProto.GraphInitializer:
                        Add(graph.Initializers, ParseTensor(reader.ReadMessage(wire, "an initializer (TensorProto)")), MaxEntries, "initializers");
                        break;
                    case OnnxProto.GraphInput:
                        Add(graph.Inputs, ParseValueInfo(reader.ReadMessage(wire, "a graph input (ValueInfoProto)")), MaxEntries, "graph inputs");
                        break;
                    case OnnxProto.GraphOutput:
                        Add(graph.Outputs, ParseValueInfo(reader.ReadMessage(wire, "a graph output (ValueInfoProto)")), MaxEntries, "graph outputs");
                        break;
                    case OnnxProto.GraphSparseInitializer:
                        reader.ReadMessage(wire, "a sparse initializer");
                        graph.SparseInitializers++;
                        break;
                    case OnnxProto.GraphName:
                    case OnnxProto.GraphDocString:
                        reader.ReadLengthDelimited(wire, "a graph string field", out _);
                        break;
                    case OnnxProto.GraphValueInfo:
                        // Types of intermediate values: parsed to check them, not used.
                        ParseValueInfo(reader.ReadMessage(wire, "a value_info entry (ValueInfoProto)"));
                        break;
                    default:
                        // quantization_annotation, metadata_props
                        SkipUnused(reader, field, wire, 14, 16);
                        break;
                }
            }
        }

        private static Node ParseNode(ProtoReader reader)
        {
            Node node = new Node();
            while (!reader.AtEnd)
            {
                reader.ReadTag(out int field, out int wire);
                switch (field)
                {
                    case OnnxProto.NodeInput: Add(node.Inputs, reader.ReadString(wire, "a node input"), MaxEntries, "inputs to one node"); break;
                    case OnnxProto.NodeOutput: Add(node.Outputs, reader.ReadString(wire, "a node output"), MaxEntries, "outputs of one node"); break;
                    case OnnxProto.NodeName: node.Name = reader.ReadString(wire, "a node name"); break;
                    case OnnxProto.NodeOpType: node.OpType = reader.ReadString(wire, "a node op_type"); break;
                    case OnnxProto.NodeDomain: node.Domain = reader.ReadString(wire, "a node domain"); break;
                    case OnnxProto.NodeAttribute: Add(node.Attributes, ParseAttribute(reader.ReadMessage(wire, "a node attribute")), MaxEntries, "attributes of one node"); break;
                    default: SkipUnused(reader, field, wire, 9, 10); break; // metadata_props, device_configurations
                }
            }
            return node;
        }

        private static Attribute ParseAttribute(ProtoReader reader)
        {
            Attribute attribute = new Attribute();
            while (!reader.AtEnd)
            {
                reader.ReadTag(out int field, out int wire);
                switch (field)
                {
                    case OnnxProto.AttributeName: attribute.Name = reader.ReadString(wire, "an attribute name"); break;
                    case OnnxProto.AttributeType: attribute.Type = reader.ReadInt64(wire, "an attribute type"); break;
                    case OnnxProto.AttributeF:
                        attribute.F = reader.ReadFloat(wire, "a float attribute");
                        attribute.HasF = true;
                        break;
                    case OnnxProto.AttributeI:
                        attribute.I = reader.ReadInt64(wire, "an integer attribute");
                        attribute.HasI = true;
                        break;
                    case 4: case 5: case 6: case 7: case 8: case 9: case 10: case 11: case 21: case 22: case 23:
                        // s, t, g, floats, ints, strings, tensors, graphs, ref_attr_name, sparse_tensor(s): no operator
                        // NetGen reads takes them, so their presence is enough to refuse the attribute (and every
                        // attribute of a graph NetGen reads belongs to a node it reads).
                        SkipUnused(reader, field, wire, 5, 6, 10, 11, 22, 23);
                        attribute.HasOther = true;
                        break;
                    default: reader.Skip(wire); break;
                }
            }
            return attribute;
        }

        private static ValueInfo ParseValueInfo(ProtoReader reader)
        {
            ValueInfo info = new ValueInfo();
            while (!reader.AtEnd)
            {
                reader.ReadTag(out int field, out int wire);
                if (field == OnnxProto.ValueInfoName) info.Name = reader.ReadString(wire, "a value name");
                else if (field == OnnxProto.ValueInfoType) ParseType(reader.ReadMessage(wire, "a value's type (TypeProto)"), info);
                else SkipUnused(reader, field, wire, 4); // metadata_props
            }
            return info;
        }

        private static void ParseType(ProtoReader reader, ValueInfo info)
        {
            while (!reader.AtEnd)
            {
                reader.ReadTag(out int field, out int wire);
                if (field == OnnxProto.TypeTensorType)
                {
                    info.HasTensorType = true;
                    ProtoReader tensor = reader.ReadMessage(wire, "a tensor type");
                    while (!tensor.AtEnd)
                    {
                        tensor.ReadTag(out int f, out int w);
                        if (f == OnnxProto.TypeTensorElemType) info.ElemType = tensor.ReadInt64(w, "a tensor type's elem_type");
                        else if (f == OnnxProto.TypeTensorShape)
                        {
                            info.HasShape = true;
                            ProtoReader shape = tensor.ReadMessage(w, "a tensor shape");
                            while (!shape.AtEnd)
                            {
                                shape.ReadTag(out int sf, out int sw);
                                if (sf == OnnxProto.ShapeDim) Add(info.Dims, ParseDimension(shape.ReadMessage(sw, "a shape dimension")), MaxRank, "dimensions in one shape");
                                else shape.Skip(sw);
                            }
                        }
                        else tensor.Skip(w);
                    }
                }
                else if (field == 4 || field == 5 || field == 8 || field == 9)
                {
                    // sequence_type, map_type, optional_type, sparse_tensor_type
                    SkipUnused(reader, field, wire, field);
                    info.HasOtherType = true;
                }
                else reader.Skip(wire);
            }
        }

        private static long ParseDimension(ProtoReader reader)
        {
            long value = -1;
            while (!reader.AtEnd)
            {
                reader.ReadTag(out int field, out int wire);
                if (field == OnnxProto.DimValue)
                {
                    value = reader.ReadInt64(wire, "a dimension's dim_value");
                    if (value < 0) throw reader.Garbled("a dimension of " + OnnxText.Number(value));
                }
                else if (field == OnnxProto.DimParam)
                {
                    reader.ReadString(wire, "a dimension's dim_param");
                    value = -1; // oneof: the last one set wins
                }
                else reader.Skip(wire);
            }
            return value;
        }

        private static Tensor ParseTensor(ProtoReader reader)
        {
            Tensor tensor = new Tensor();
            while (!reader.AtEnd)
            {
                reader.ReadTag(out int field, out int wire);
                switch (field)
                {
                    case OnnxProto.TensorName: tensor.Name = reader.ReadString(wire, "a tensor name"); break;
                    case OnnxProto.TensorDataType: tensor.DataType = reader.ReadInt64(wire, "a tensor's data_type"); break;
                    case OnnxProto.TensorDims:
                        if (wire == ProtoReader.WireLengthDelimited)
                        {
                            ProtoReader packed = reader.ReadMessage(wire, "a tensor's dims");
                            while (!packed.AtEnd) Add(tensor.Dims, packed.ReadInt64(ProtoReader.WireVarint, "a tensor's dims"), MaxRank, "dimensions in one tensor");
                        }
                        else Add(tensor.Dims, reader.ReadInt64(wire, "a tensor's dims"), MaxRank, "dimensions in one tensor");
                        break;
                    case OnnxProto.TensorRawData:
                        tensor.RawStart = reader.ReadLengthDelimited(wire, "a tensor's raw_data", out tensor.RawLength);
                        tensor.RawSource = reader.Data;
                        break;
                    case OnnxProto.TensorFloatData:
                        if (wire == ProtoReader.WireLengthDelimited)
                        {
                            int start = reader.ReadLengthDelimited(wire, "a tensor's float_data", out int length);
                            if (length % 4 != 0)
                                throw reader.Garbled("a tensor's float_data is " + OnnxText.Number(length) + " bytes long, not a whole number of floats");
                            for (int i = 0; i < length; i += 4) tensor.FloatData.Add(FloatBits.FromLittleEndian(reader.Data, start + i));
                        }
                        else tensor.FloatData.Add(reader.ReadFloat(wire, "a tensor's float_data"));
                        break;
                    case OnnxProto.TensorSegment:
                        SkipUnused(reader, field, wire, field);
                        tensor.HasSegment = true;
                        break;
                    case OnnxProto.TensorInt32Data:
                    case OnnxProto.TensorInt64Data:
                    case OnnxProto.TensorUint64Data:
                        SkipPacked(reader, wire, 0, "a tensor's integer data");
                        tensor.HasOtherData = true;
                        break;
                    case OnnxProto.TensorDoubleData:
                        SkipPacked(reader, wire, 8, "a tensor's double_data");
                        tensor.HasOtherData = true;
                        break;
                    case OnnxProto.TensorStringData:
                        reader.Skip(wire);
                        tensor.HasOtherData = true;
                        break;
                    case OnnxProto.TensorExternalData:
                        SkipUnused(reader, field, wire, field);
                        tensor.External = true;
                        break;
                    case OnnxProto.TensorDataLocation:
                        if (reader.ReadInt64(wire, "a tensor's data_location") != 0) tensor.External = true;
                        break;
                    default:
                        SkipUnused(reader, field, wire, 16); // metadata_props
                        break;
                }
            }
            return tensor;
        }
    }
}
