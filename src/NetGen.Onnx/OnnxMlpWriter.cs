#nullable enable

using System;

namespace NetGen.Onnx
{
    /// <summary>
    /// Writes an MLP as an ONNX model that ONNX Runtime and Netron read: IR version 7, opset 13 of the default domain,
    /// one <c>Gemm</c> per layer (transB = 1, so each weight is stored [out, in] as NetGen holds it), the hidden activation
    /// after each hidden layer, and the head as <c>Sigmoid</c>, <c>Softmax</c> (axis 1) or nothing.
    /// </summary>
    /// <remarks>
    /// Names, for a person reading the graph in Netron: the input <c>input</c> [batch, inputs] and the output
    /// <c>output</c> [batch, outputs], <c>batch</c> a symbolic dimension; initializers <c>layer1.weight</c>,
    /// <c>layer1.bias</c>, …; Gemm nodes <c>layer1</c>, … writing <c>layer1.sum</c>, …; activation nodes
    /// <c>layer1.sigmoid</c>, … writing <c>hidden1</c>, …; the head node <c>layerL.softmax</c> (or <c>.sigmoid</c>)
    /// writes <c>output</c>. Tensors are float32 in raw_data (little-endian), so <see cref="OnnxMlpReader"/> gives back
    /// the same floats bit for bit. Initializers are not listed as graph inputs (IR 4 and later need not), so runtimes
    /// may treat them as constants. producer_name is "NetGen".
    /// </remarks>
    internal static class OnnxMlpWriter
    {
        /// <summary>The opset of the default domain the models state: Gemm, Sigmoid, Tanh, Relu and Softmax as of ONNX 1.8.</summary>
        public const long Opset = 13;

        /// <summary>The IR version the models state: that of ONNX 1.8, the release that introduced opset 13.</summary>
        public const long IrVersion = 7;

        /// <summary>The model of <paramref name="mlp"/> (its <see cref="OnnxMlp.Opset"/> is not used: the model states <see cref="Opset"/>).</summary>
        /// <param name="mlp">the network.</param>
        /// <param name="producerVersion">written as producer_version when not null, e.g. NetGen's version.</param>
        public static byte[] Write(OnnxMlp mlp, string? producerVersion = null)
        {
            if (mlp is null) throw new ArgumentNullException(nameof(mlp));
            return Write(mlp.LayerSizes, mlp.Activation, mlp.Head, mlp.Weights, mlp.Biases, producerVersion);
        }

        /// <summary>The model of a network: <paramref name="weights"/>[l] is W_l row-major [out][in], <paramref name="biases"/>[l] is b_l.</summary>
        /// <exception cref="ArgumentException">The arrays do not agree with <paramref name="layerSizes"/> (see <see cref="OnnxMlp"/>'s
        /// constructor), or hold NaN or ±∞.</exception>
        public static byte[] Write(int[] layerSizes, OnnxActivation activation, OnnxHead head, float[][] weights, float[][] biases,
            string? producerVersion = null)
        {
            OnnxMlp mlp = new OnnxMlp(layerSizes, activation, head, weights, biases, Opset); // validates
            int layers = mlp.LayerCount;
            for (int l = 0; l < layers; l++)
            {
                CheckFinite(weights[l], "weights", l);
                CheckFinite(biases[l], "biases", l);
            }

            ProtoWriter graph = new ProtoWriter();
            string current = "input";
            for (int l = 0; l < layers; l++)
            {
                string layer = "layer" + OnnxText.Number(l + 1);
                bool isLast = l == layers - 1;
                string sum = isLast && head == OnnxHead.Linear ? "output" : layer + ".sum";
                ProtoWriter gemm = Node(layer, "Gemm", new[] { current, layer + ".weight", layer + ".bias" }, sum);
                gemm.WriteMessage(OnnxProto.NodeAttribute, IntAttribute("transB", 1));
                graph.WriteMessage(OnnxProto.GraphNode, gemm);
                current = sum;
                if (!isLast)
                {
                    string op = activation == OnnxActivation.Sigmoid ? "Sigmoid" : activation == OnnxActivation.Tanh ? "Tanh" : "Relu";
                    string hidden = "hidden" + OnnxText.Number(l + 1);
                    graph.WriteMessage(OnnxProto.GraphNode, Node(layer + "." + op.ToLowerInvariant(), op, new[] { current }, hidden));
                    current = hidden;
                }
                else if (head != OnnxHead.Linear)
                {
                    string op = head == OnnxHead.Sigmoid ? "Sigmoid" : "Softmax";
                    ProtoWriter node = Node(layer + "." + op.ToLowerInvariant(), op, new[] { current }, "output");
                    if (head == OnnxHead.Softmax)
                        node.WriteMessage(OnnxProto.NodeAttribute, IntAttribute("axis", 1));
                    graph.WriteMessage(OnnxProto.GraphNode, node);
                    current = "output";
                }
            }
            graph.WriteString(OnnxProto.GraphName, "NetGen " + OnnxText.Sizes(layerSizes));
            for (int l = 0; l < layers; l++)
            {
                string layer = "layer" + OnnxText.Number(l + 1);
                graph.WriteMessage(OnnxProto.GraphInitializer, Tensor(layer + ".weight", new long[] { layerSizes[l + 1], layerSizes[l] }, weights[l]));
                graph.WriteMessage(OnnxProto.GraphInitializer, Tensor(layer + ".bias", new long[] { layerSizes[l + 1] }, biases[l]));
            }
            graph.WriteMessage(OnnxProto.GraphInput, Value("input", layerSizes[0]));
            graph.WriteMessage(OnnxProto.GraphOutput, Value("output", layerSizes[layers]));

            ProtoWriter model = new ProtoWriter();
            model.WriteInt64(OnnxProto.ModelIrVersion, IrVersion);
            model.WriteString(OnnxProto.ModelProducerName, "NetGen");
            if (producerVersion is not null)
                model.WriteString(OnnxProto.ModelProducerVersion, producerVersion);
            model.WriteString(OnnxProto.ModelDocString, "A " + OnnxText.Sizes(layerSizes) + " multilayer perceptron: "
                + activation.ToString().ToLowerInvariant() + " hidden units, " + head.ToString().ToLowerInvariant() + " outputs.");
            model.WriteMessage(OnnxProto.ModelGraph, graph);
            ProtoWriter opset = new ProtoWriter();
            opset.WriteString(OnnxProto.OpsetDomain, "");
            opset.WriteInt64(OnnxProto.OpsetVersion, Opset);
            model.WriteMessage(OnnxProto.ModelOpsetImport, opset);
            return model.ToArray();
        }

        /// <summary>NaN and ±∞ are refused: <see cref="OnnxMlpReader"/> would refuse the model they make.</summary>
        private static void CheckFinite(float[] values, string what, int layer)
        {
            for (int i = 0; i < values.Length; i++)
                if (float.IsNaN(values[i]) || float.IsInfinity(values[i]))
                    throw new ArgumentException("Layer " + OnnxText.Number(layer + 1) + "'s " + what + " hold a non-finite value at index "
                        + OnnxText.Number(i) + ": NetGen writes finite weights only, as it reads them.", what);
        }

        private static ProtoWriter Node(string name, string opType, string[] inputs, string output)
        {
            ProtoWriter node = new ProtoWriter();
            foreach (string input in inputs)
                node.WriteString(OnnxProto.NodeInput, input);
            node.WriteString(OnnxProto.NodeOutput, output);
            node.WriteString(OnnxProto.NodeName, name);
            node.WriteString(OnnxProto.NodeOpType, opType);
            return node;
        }

        private static ProtoWriter IntAttribute(string name, long value)
        {
            ProtoWriter attribute = new ProtoWriter();
            attribute.WriteString(OnnxProto.AttributeName, name);
            attribute.WriteInt64(OnnxProto.AttributeI, value);
            attribute.WriteInt64(OnnxProto.AttributeType, OnnxProto.AttributeTypeInt);
            return attribute;
        }

        private static ProtoWriter Tensor(string name, long[] dims, float[] values)
        {
            ProtoWriter tensor = new ProtoWriter();
            foreach (long dim in dims)
                tensor.WriteInt64(OnnxProto.TensorDims, dim);
            tensor.WriteInt64(OnnxProto.TensorDataType, OnnxProto.DataTypeFloat);
            tensor.WriteString(OnnxProto.TensorName, name);
            tensor.WriteBytes(OnnxProto.TensorRawData, ProtoWriter.FloatBytes(values));
            return tensor;
        }

        private static ProtoWriter Value(string name, int features)
        {
            ProtoWriter batch = new ProtoWriter();
            batch.WriteString(OnnxProto.DimParam, "batch");
            ProtoWriter width = new ProtoWriter();
            width.WriteInt64(OnnxProto.DimValue, features);
            ProtoWriter shape = new ProtoWriter();
            shape.WriteMessage(OnnxProto.ShapeDim, batch);
            shape.WriteMessage(OnnxProto.ShapeDim, width);
            ProtoWriter tensorType = new ProtoWriter();
            tensorType.WriteInt64(OnnxProto.TypeTensorElemType, OnnxProto.DataTypeFloat);
            tensorType.WriteMessage(OnnxProto.TypeTensorShape, shape);
            ProtoWriter type = new ProtoWriter();
            type.WriteMessage(OnnxProto.TypeTensorType, tensorType);
            ProtoWriter value = new ProtoWriter();
            value.WriteString(OnnxProto.ValueInfoName, name);
            value.WriteMessage(OnnxProto.ValueInfoType, type);
            return value;
        }
    }
}
