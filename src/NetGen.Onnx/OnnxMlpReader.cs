#nullable enable

using System;
using System.Collections.Generic;
using System.IO;

namespace NetGen.Onnx
{
    /// <summary>
    /// Reads an ONNX model (the bytes of a .onnx file) as an MLP NetGen can compile, or says in the model's own terms why
    /// it cannot: the operator it does not compile, the tensor that is not float, the initializer that is missing, the
    /// layer whose size disagrees, the place where the file is truncated or garbled.
    /// </summary>
    /// <remarks>
    /// <para>What it reads: from the graph's one input to its one output, a chain of layers, each either a <c>Gemm</c>
    /// (transA = 0, transB = 0 or 1, alpha = beta = 1, bias C of shape [out] or [1, out], or absent from opset 11 on) or a <c>MatMul</c>
    /// with a weight of [in, out] optionally followed by an <c>Add</c> of a bias; after each layer but the last one of
    /// <c>Sigmoid</c>, <c>Tanh</c>, <c>Relu</c>, the same for every hidden layer; after the last, <c>Sigmoid</c>,
    /// <c>Softmax</c> over the features (axis 1 or −1) or nothing. <c>Identity</c> and <c>Flatten</c> (axis 1) pass
    /// through anywhere, and a <c>Flatten</c> before the first layer turns an input of [batch, d1, d2, …] into
    /// d1·d2·… features. Weights and biases are float32 initializers inside the file, in <c>raw_data</c> or
    /// <c>float_data</c>, finite. The batch dimension may be symbolic or fixed. Opsets 7 to 25 of the default domain
    /// (none of these operators changed meaning for a rank-2 float input in that range), IR versions 3 to 12.</para>
    /// <para>Everything else is refused, never guessed at. Reading never throws for any content of the bytes:
    /// malformed input gives a failed <see cref="OnnxReadResult"/>, every length in the file is checked against the
    /// bytes left before anything is allocated for it, and at most <see cref="MaxEntries"/> entries of a kind are read
    /// per message. Fields NetGen does not use are skipped as protobuf skips unknown fields, but one that onnx.proto
    /// types as a message must hold a well-formed message, as ONNX Runtime's parser requires.</para>
    /// </remarks>
    internal static partial class OnnxMlpReader
    {
        /// <summary>The lowest and highest version of the default operator set read.</summary>
        public const long MinOpset = 7, MaxOpset = 25;

        /// <summary>The lowest and highest IR version read (3 introduced opset_import).</summary>
        public const long MinIrVersion = 3, MaxIrVersion = 12;

        /// <summary>Reads <paramref name="model"/>; never throws for any content of the bytes.</summary>
        /// <exception cref="ArgumentNullException"><paramref name="model"/> is null.</exception>
        public static OnnxReadResult Read(byte[] model)
        {
            if (model is null) throw new ArgumentNullException(nameof(model));
            return Read(model, 0, model.Length);
        }

        /// <summary>Reads the model in <paramref name="count"/> bytes of <paramref name="buffer"/> from
        /// <paramref name="offset"/> (a buffer rented from a pool, say); never throws for any content of the bytes.
        /// Nothing outside the window is read.</summary>
        /// <exception cref="ArgumentNullException"><paramref name="buffer"/> is null.</exception>
        /// <exception cref="ArgumentOutOfRangeException">The window is not inside <paramref name="buffer"/>.</exception>
        public static OnnxReadResult Read(byte[] buffer, int offset, int count)
        {
            if (buffer is null) throw new ArgumentNullException(nameof(buffer));
            if (offset < 0 || offset > buffer.Length) throw new ArgumentOutOfRangeException(nameof(offset));
            if (count < 0 || count > buffer.Length - offset) throw new ArgumentOutOfRangeException(nameof(count));
            try
            {
                return OnnxReadResult.Success(Interpret(ParseModel(buffer, offset, count)));
            }
            catch (OnnxFormatException e)
            {
                return OnnxReadResult.Failure(e.Message);
            }
        }

        /// <summary>Reads <paramref name="model"/>, or throws an <see cref="InvalidDataException"/> with the message
        /// <see cref="Read(byte[])"/> would return. Throws nothing else for any content of the bytes.</summary>
        /// <exception cref="ArgumentNullException"><paramref name="model"/> is null.</exception>
        /// <exception cref="InvalidDataException">The model is not one NetGen reads; the message says why.</exception>
        public static OnnxMlp ReadOrThrow(byte[] model)
        {
            OnnxReadResult result = Read(model);
            return result.Mlp ?? throw new InvalidDataException(result.Error);
        }

        private sealed class Layer
        {
            public int Number;              // 1-based
            public Node Node = null!;
            public string WeightName = "";
            public List<long> WeightDims = null!;
            public int Inputs, Outputs;
            public float[] Weights = null!; // [out][in]
            public float[] Biases = null!;
            public bool BiasPending;        // a MatMul whose Add may follow
            public Node? Activation;
        }

        private static OnnxFormatException Refuse(string message) => new OnnxFormatException(message);

        private static string Describe(Node node) =>
            node.OpType + " node " + (node.Name.Length > 0 ? OnnxText.Quote(node.Name) : "(unnamed, output " + OnnxText.Quote(node.Outputs.Count > 0 ? node.Outputs[0] : "") + ")");

        private static OnnxMlp Interpret(Model model)
        {
            if (model.Graph is null)
                throw Refuse("The file holds no ONNX graph: it is empty, not an ONNX model, or garbled.");
            if (!model.HasIrVersion)
                throw Refuse("The model states no ir_version, which every ONNX model must.");
            if (model.IrVersion < MinIrVersion || model.IrVersion > MaxIrVersion)
                throw Refuse("The model's IR version is " + OnnxText.Number(model.IrVersion) + ": NetGen reads IR versions "
                    + OnnxText.Number(MinIrVersion) + " to " + OnnxText.Number(MaxIrVersion) + ".");
            long opset = ReadOpset(model);
            Graph graph = model.Graph;
            if (graph.SparseInitializers > 0)
                throw Refuse("The model has sparse initializers: NetGen reads dense float32 tensors only.");

            Dictionary<string, Tensor> initializers = new Dictionary<string, Tensor>(StringComparer.Ordinal);
            foreach (Tensor tensor in graph.Initializers)
            {
                if (initializers.ContainsKey(tensor.Name))
                    throw Refuse("The model has two initializers named " + OnnxText.Quote(tensor.Name) + ".");
                initializers.Add(tensor.Name, tensor);
            }
            Dictionary<string, ValueInfo> graphInputs = new Dictionary<string, ValueInfo>(StringComparer.Ordinal);
            List<ValueInfo> dataInputs = new List<ValueInfo>();
            foreach (ValueInfo input in graph.Inputs)
            {
                if (graphInputs.ContainsKey(input.Name))
                    throw Refuse("The graph has two inputs named " + OnnxText.Quote(input.Name) + ".");
                graphInputs.Add(input.Name, input);
                if (initializers.TryGetValue(input.Name, out Tensor? initializer))
                    CheckInitializerInput(input, initializer);
                else
                    dataInputs.Add(input);
            }
            if (dataInputs.Count == 0)
                throw Refuse("The graph has no input for data (every graph input, if any, is an initializer).");

            HashSet<string> nodeNames = new HashSet<string>(StringComparer.Ordinal);
            foreach (Node node in graph.Nodes)
                if (node.Name.Length > 0 && !nodeNames.Add(node.Name))
                    throw Refuse("The graph has two nodes named " + OnnxText.Quote(node.Name) + ".");

            Dictionary<string, List<Node>> consumers = new Dictionary<string, List<Node>>(StringComparer.Ordinal);
            Dictionary<string, Node> producers = new Dictionary<string, Node>(StringComparer.Ordinal);
            foreach (Node node in graph.Nodes)
            {
                foreach (string name in node.Inputs)
                {
                    if (name.Length == 0) continue;
                    if (!consumers.TryGetValue(name, out List<Node>? list)) consumers.Add(name, list = new List<Node>());
                    if (list.Count == 0 || !ReferenceEquals(list[list.Count - 1], node)) list.Add(node);
                }
                foreach (string name in node.Outputs)
                {
                    if (name.Length == 0) continue;
                    if (producers.ContainsKey(name) || graphInputs.ContainsKey(name) || initializers.ContainsKey(name))
                        throw Refuse("The value " + OnnxText.Quote(name) + " is defined twice (by " + Describe(node) + " and before it).");
                    producers.Add(name, node);
                }
            }

            ValueInfo data = dataInputs[0];
            CheckTensorType(data, "The model's input " + OnnxText.Quote(data.Name));
            // Features of the value at hand: -1 while unknown (no shape, a symbolic dimension, or not yet flattened).
            long width = -1;
            bool flat = true;
            if (data.HasShape)
            {
                if (data.Dims.Count < 2)
                    throw Refuse("The model's input " + OnnxText.Quote(data.Name) + " has rank " + OnnxText.Number(data.Dims.Count)
                        + ": NetGen's networks take [batch, features].");
                if (data.Dims[0] == 0)
                    throw Refuse("The model's input " + OnnxText.Quote(data.Name) + " is declared with a batch of 0 samples.");
                if (data.Dims.Count == 2) width = data.Dims[1];
                else flat = false;
            }

            List<Layer> layers = new List<Layer>();
            HashSet<Node> visited = new HashSet<Node>();
            string current = data.Name;
            while (consumers.TryGetValue(current, out List<Node>? next))
            {
                if (next.Count > 1)
                    throw Refuse("The value " + OnnxText.Quote(current) + " feeds " + OnnxText.Number(next.Count) + " nodes ("
                        + Describe(next[0]) + ", " + Describe(next[1]) + "): NetGen compiles a chain of layers, each feeding the next.");
                Node node = next[0];
                if (!visited.Add(node))
                    throw Refuse("The graph loops back to " + Describe(node) + ".");
                if (node.Domain.Length > 0 && node.Domain != "ai.onnx")
                    throw Refuse("The operator " + OnnxText.Quote(node.OpType) + " of " + Describe(node) + " is from the domain "
                        + OnnxText.Quote(node.Domain) + ": NetGen compiles standard ONNX operators only.");
                if (node.Outputs.Count != 1 || node.Outputs[0].Length == 0)
                    throw Refuse(Describe(node) + " has " + OnnxText.Number(node.Outputs.Count) + " outputs where NetGen reads one.");
                Layer? last = layers.Count > 0 ? layers[layers.Count - 1] : null;
                bool unary = node.OpType != "Gemm" && node.OpType != "MatMul" && node.OpType != "Add";
                if (unary && (node.Inputs.Count != 1 || node.Inputs[0] != current))
                    throw Refuse(Describe(node) + " has " + OnnxText.Number(node.Inputs.Count) + " inputs where NetGen reads one, the value "
                        + OnnxText.Quote(current) + ".");
                switch (node.OpType)
                {
                    case "Gemm":
                    case "MatMul":
                        if (!flat)
                            throw Refuse("The model's input " + OnnxText.Quote(data.Name) + " has rank " + OnnxText.Number(data.Dims.Count)
                                + " and reaches " + Describe(node) + " without a Flatten: NetGen's networks take [batch, features].");
                        // Two layers in a row (no activation between them) are reported by Assemble, once the chain is known.
                        if (last is not null) last.BiasPending = false;
                        Layer layer = node.OpType == "Gemm"
                            ? ReadGemm(node, current, layers.Count + 1, opset, initializers, graphInputs, producers)
                            : ReadMatMul(node, current, layers.Count + 1, initializers, graphInputs, producers);
                        if (width >= 0 && layer.Inputs != width)
                            throw Refuse("Layer " + OnnxText.Number(layer.Number) + " (" + Describe(node) + ") takes " + OnnxText.Number(layer.Inputs)
                                + " inputs (its weight " + OnnxText.Quote(layer.WeightName) + " is " + OnnxText.Shape(layer.WeightDims) + "), but "
                                + (last is null ? "the model's input " + OnnxText.Quote(data.Name) + " has " + OnnxText.Number(width) + " features."
                                                : "layer " + OnnxText.Number(last.Number) + " gives " + OnnxText.Number(width) + " outputs."));
                        width = layer.Outputs;
                        layers.Add(layer);
                        break;
                    case "Add":
                        if (last is null || !last.BiasPending)
                            throw Refuse(Describe(node) + " does not follow a MatMul: NetGen reads Add only as the bias of a MatMul layer.");
                        ReadAddBias(node, current, last, initializers, graphInputs, producers);
                        last.BiasPending = false;
                        break;
                    case "Sigmoid":
                    case "Tanh":
                    case "Relu":
                    case "Softmax":
                        if (last is null)
                            throw Refuse(Describe(node) + " comes before the first layer: NetGen's networks start with a Gemm or MatMul layer.");
                        if (last.Activation is not null)
                            throw Refuse(Describe(node) + " follows " + Describe(last.Activation) + " after layer " + OnnxText.Number(last.Number)
                                + ": NetGen's layers have one activation each.");
                        CheckActivationAttributes(node, opset);
                        last.BiasPending = false;
                        last.Activation = node;
                        break;
                    case "Identity":
                        CheckNoAttributes(node);
                        break;
                    case "Flatten":
                        foreach (Attribute attribute in node.Attributes)
                        {
                            if (attribute.Name != "axis")
                                throw Refuse(Describe(node) + " has the attribute " + OnnxText.Quote(attribute.Name) + ", which NetGen does not know.");
                            if (IntAttribute(node, attribute) != 1)
                                throw Refuse(Describe(node) + " has axis = " + OnnxText.Number(attribute.I) + ": NetGen reads Flatten with axis 1 only, keeping the batch dimension.");
                        }
                        if (!flat)
                        {
                            long features = 1;
                            for (int d = 1; d < data.Dims.Count; d++)
                            {
                                if (data.Dims[d] < 0)
                                    throw Refuse("The model's input " + OnnxText.Quote(data.Name) + " has a symbolic dimension " + OnnxText.Number(d)
                                        + ": NetGen needs every dimension but the batch fixed to know the number of features.");
                                features = data.Dims[d] != 0 && features > int.MaxValue / data.Dims[d] ? int.MaxValue + 1L : features * data.Dims[d];
                            }
                            width = features;
                            flat = true;
                        }
                        break;
                    default:
                        throw Refuse("The operator " + OnnxText.Quote(node.OpType) + " (" + Describe(node) + ") is not one NetGen compiles: it reads Gemm, MatMul "
                            + "and Add as layers, Sigmoid, Tanh and Relu as hidden activations, Sigmoid and Softmax as the output head, and passes Identity and Flatten through.");
                }
                current = node.Outputs[0];
            }

            if (graph.Outputs.Count != 1)
                throw Refuse("The graph has " + OnnxText.Number(graph.Outputs.Count) + " outputs: NetGen's networks have one.");
            ValueInfo output = graph.Outputs[0];
            if (output.Name != current)
                throw Refuse("The graph's output " + OnnxText.Quote(output.Name) + " is not where the chain of layers from the input "
                    + OnnxText.Quote(data.Name) + " ends (at " + OnnxText.Quote(current) + ").");
            foreach (Node node in graph.Nodes)
                if (!visited.Contains(node))
                    throw Refuse(Describe(node) + " is not on the chain from the input " + OnnxText.Quote(data.Name) + " to the output "
                        + OnnxText.Quote(output.Name) + ": NetGen compiles a single chain of layers.");
            if (dataInputs.Count > 1)
                throw Refuse("The graph has a second input, " + OnnxText.Quote(dataInputs[1].Name) + ", with no initializer: NetGen's networks take one input.");
            if (layers.Count == 0)
                throw Refuse("The model has no layer (Gemm or MatMul) between its input and its output.");
            if (layers.Count == 1)
                throw Refuse("The model has one layer and no hidden layer: NetGen's networks have at least one hidden layer.");
            CheckTensorType(output, "The model's output " + OnnxText.Quote(output.Name));
            int outputs = layers[layers.Count - 1].Outputs;
            if (output.HasShape && (output.Dims.Count != 2 || output.Dims[0] == 0 || output.Dims[1] >= 0 && output.Dims[1] != outputs))
                throw Refuse("The model's output " + OnnxText.Quote(output.Name) + " is declared " + DeclaredShape(output) + ", but its last layer gives [batch, "
                    + OnnxText.Number(outputs) + "].");

            return Assemble(layers, opset);
        }

        private static OnnxMlp Assemble(List<Layer> layers, long opset)
        {
            OnnxActivation? hidden = null;
            Layer? first = null;
            for (int l = 0; l < layers.Count - 1; l++)
            {
                Layer layer = layers[l];
                if (layer.Activation is null)
                    throw Refuse("Layer " + OnnxText.Number(layer.Number) + " (" + Describe(layer.Node) + ") has no activation before layer "
                        + OnnxText.Number(layer.Number + 1) + ": NetGen's hidden layers are sigmoid, tanh or ReLU.");
                OnnxActivation activation;
                switch (layer.Activation.OpType)
                {
                    case "Sigmoid": activation = OnnxActivation.Sigmoid; break;
                    case "Tanh": activation = OnnxActivation.Tanh; break;
                    case "Relu": activation = OnnxActivation.Relu; break;
                    default:
                        throw Refuse("Layer " + OnnxText.Number(layer.Number) + ", a hidden layer, is followed by " + Describe(layer.Activation)
                            + ": NetGen's hidden layers are sigmoid, tanh or ReLU.");
                }
                if (hidden is null)
                {
                    hidden = activation;
                    first = layer;
                }
                else if (hidden != activation)
                    throw Refuse("Hidden layer " + OnnxText.Number(first!.Number) + " uses " + first.Activation!.OpType + " and hidden layer "
                        + OnnxText.Number(layer.Number) + " uses " + layer.Activation.OpType + ": NetGen applies one activation to every hidden layer.");
            }
            Layer lastLayer = layers[layers.Count - 1];
            OnnxHead head;
            switch (lastLayer.Activation?.OpType)
            {
                case null: head = OnnxHead.Linear; break;
                case "Sigmoid": head = OnnxHead.Sigmoid; break;
                case "Softmax": head = OnnxHead.Softmax; break;
                default:
                    throw Refuse("The output layer is followed by " + Describe(lastLayer.Activation!) + ": NetGen's output heads are Sigmoid, Softmax or none (linear).");
            }
            if (head == OnnxHead.Softmax && lastLayer.Outputs < 2)
                throw Refuse("The output layer has one unit under a Softmax, whose output is always 1: NetGen's softmax head needs at least 2 outputs.");

            int[] sizes = new int[layers.Count + 1];
            float[][] weights = new float[layers.Count][];
            float[][] biases = new float[layers.Count][];
            sizes[0] = layers[0].Inputs;
            for (int l = 0; l < layers.Count; l++)
            {
                sizes[l + 1] = layers[l].Outputs;
                weights[l] = layers[l].Weights;
                biases[l] = layers[l].Biases;
            }
            return new OnnxMlp(sizes, hidden!.Value, head, weights, biases, opset);
        }

        private static long ReadOpset(Model model)
        {
            long opset = -1;
            foreach (Opset entry in model.Opsets)
            {
                if (entry.Domain.Length > 0 && entry.Domain != "ai.onnx") continue;
                if (!entry.HasVersion)
                    throw Refuse("The model imports the standard operator set without a version.");
                if (opset >= 0 && opset != entry.Version)
                    throw Refuse("The model imports the standard operator set twice, as opsets " + OnnxText.Number(opset) + " and "
                        + OnnxText.Number(entry.Version) + ".");
                opset = entry.Version;
            }
            if (opset < 0)
                throw Refuse("The model imports no version of the standard ONNX operator set (no opset_import for the domain \"\").");
            if (opset < MinOpset || opset > MaxOpset)
                throw Refuse("The model uses opset " + OnnxText.Number(opset) + ": NetGen reads opsets " + OnnxText.Number(MinOpset) + " to "
                    + OnnxText.Number(MaxOpset) + ".");
            return opset;
        }

        private static void CheckTensorType(ValueInfo value, string what)
        {
            if (!value.HasTensorType || value.HasOtherType)
                throw Refuse(what + " is not a tensor: NetGen's networks take and give float32 tensors.");
            if (value.ElemType != OnnxProto.DataTypeFloat)
                throw Refuse(what + " is " + OnnxProto.DataTypeName(value.ElemType) + ": NetGen compiles float32 networks "
                    + "(export the model and its example input in float32, e.g. after model.float()).");
        }

        /// <summary>An initializer also listed as a graph input (as exporters do with keep_initializers_as_inputs): the
        /// input's declared type and shape must be the tensor's.</summary>
        private static void CheckInitializerInput(ValueInfo input, Tensor initializer)
        {
            string what = "The graph input " + OnnxText.Quote(input.Name) + ", which has an initializer,";
            if (!input.HasTensorType || input.HasOtherType || input.ElemType != initializer.DataType)
                throw Refuse(what + " is declared " + (input.HasTensorType && !input.HasOtherType ? OnnxProto.DataTypeName(input.ElemType) : "as no tensor")
                    + " but its initializer is " + OnnxProto.DataTypeName(initializer.DataType) + ".");
            if (!input.HasShape) return;
            bool same = input.Dims.Count == initializer.Dims.Count;
            for (int d = 0; same && d < input.Dims.Count; d++)
                same = input.Dims[d] < 0 || input.Dims[d] == initializer.Dims[d];
            if (!same)
                throw Refuse(what + " is declared " + DeclaredShape(input) + " but its initializer is " + OnnxText.Shape(initializer.Dims) + ".");
        }

        private static string DeclaredShape(ValueInfo value)
        {
            List<string> dims = new List<string>();
            foreach (long d in value.Dims) dims.Add(d < 0 ? "?" : OnnxText.Number(d));
            return "[" + string.Join(", ", dims.ToArray()) + "]";
        }

        private static Layer ReadGemm(Node node, string current, int number, long opset, Dictionary<string, Tensor> initializers,
            Dictionary<string, ValueInfo> graphInputs, Dictionary<string, Node> producers)
        {
            if (node.Inputs.Count < 2 || node.Inputs.Count > 3)
                throw Refuse(Describe(node) + " has " + OnnxText.Number(node.Inputs.Count) + " inputs; a Gemm has 2 or 3.");
            if (node.Inputs[0] != current)
                throw Refuse(Describe(node) + " takes the data as B or C rather than as its first input A: NetGen reads Gemm(data, weight, bias).");
            float alpha = 1, beta = 1;
            long transA = 0, transB = 0;
            foreach (Attribute attribute in node.Attributes)
            {
                switch (attribute.Name)
                {
                    case "alpha": alpha = FloatAttribute(node, attribute); break;
                    case "beta": beta = FloatAttribute(node, attribute); break;
                    case "transA": transA = IntAttribute(node, attribute); break;
                    case "transB": transB = IntAttribute(node, attribute); break;
                    default:
                        throw Refuse(Describe(node) + " has the attribute " + OnnxText.Quote(attribute.Name) + ", which NetGen does not know.");
                }
            }
            bool hasBias = node.Inputs.Count == 3 && node.Inputs[2].Length > 0;
            if (!hasBias && opset < 11)
                throw Refuse(Describe(node) + " (layer " + OnnxText.Number(number) + ") has no bias input C, which Gemm requires before opset 11 (the model's opset is "
                    + OnnxText.Number(opset) + ").");
            if (alpha != 1f || hasBias && beta != 1f)
                throw Refuse(Describe(node) + " (layer " + OnnxText.Number(number) + ") has alpha = " + FloatText(alpha) + " and beta = " + FloatText(beta)
                    + ": NetGen reads Gemm with alpha = 1 and beta = 1 only (y = x W^T + b).");
            if (transA != 0)
                throw Refuse(Describe(node) + " (layer " + OnnxText.Number(number) + ") has transA = " + OnnxText.Number(transA)
                    + ": NetGen reads Gemm with the data untransposed (transA = 0).");
            if (transB != 0 && transB != 1)
                throw Refuse(Describe(node) + " has transB = " + OnnxText.Number(transB) + "; it is 0 or 1.");

            Layer layer = new Layer { Number = number, Node = node, WeightName = node.Inputs[1] };
            Tensor weight = RequireInitializer(node.Inputs[1], "weight", number, node, initializers, graphInputs, producers);
            float[] values = ReadWeight(weight, number, layer);
            if (transB == 1)
            {
                layer.Outputs = (int)weight.Dims[0];
                layer.Inputs = (int)weight.Dims[1];
                layer.Weights = values;
            }
            else
            {
                layer.Inputs = (int)weight.Dims[0];
                layer.Outputs = (int)weight.Dims[1];
                layer.Weights = Transpose(values, layer.Inputs, layer.Outputs);
            }
            layer.Biases = hasBias
                ? ReadBias(RequireInitializer(node.Inputs[2], "bias", number, node, initializers, graphInputs, producers), number, layer.Outputs)
                : new float[layer.Outputs];
            return layer;
        }

        private static Layer ReadMatMul(Node node, string current, int number, Dictionary<string, Tensor> initializers,
            Dictionary<string, ValueInfo> graphInputs, Dictionary<string, Node> producers)
        {
            CheckNoAttributes(node);
            if (node.Inputs.Count != 2)
                throw Refuse(Describe(node) + " has " + OnnxText.Number(node.Inputs.Count) + " inputs; a MatMul has 2.");
            if (node.Inputs[0] != current)
                throw Refuse(Describe(node) + " takes the data as its second operand: NetGen reads MatMul(data, weight) with the weight [in, out].");
            Layer layer = new Layer { Number = number, Node = node, WeightName = node.Inputs[1], BiasPending = true };
            Tensor weight = RequireInitializer(node.Inputs[1], "weight", number, node, initializers, graphInputs, producers);
            float[] values = ReadWeight(weight, number, layer);
            layer.Inputs = (int)weight.Dims[0];
            layer.Outputs = (int)weight.Dims[1];
            layer.Weights = Transpose(values, layer.Inputs, layer.Outputs);
            layer.Biases = new float[layer.Outputs];
            return layer;
        }

        private static void ReadAddBias(Node node, string current, Layer layer, Dictionary<string, Tensor> initializers,
            Dictionary<string, ValueInfo> graphInputs, Dictionary<string, Node> producers)
        {
            CheckNoAttributes(node);
            if (node.Inputs.Count != 2 || node.Inputs[0] == node.Inputs[1])
                throw Refuse(Describe(node) + " does not add a bias to the output of layer " + OnnxText.Number(layer.Number) + ".");
            string bias = node.Inputs[0] == current ? node.Inputs[1] : node.Inputs[0];
            layer.Biases = ReadBias(RequireInitializer(bias, "bias", layer.Number, node, initializers, graphInputs, producers), layer.Number, layer.Outputs);
        }

        private static Tensor RequireInitializer(string name, string role, int layer, Node node, Dictionary<string, Tensor> initializers,
            Dictionary<string, ValueInfo> graphInputs, Dictionary<string, Node> producers)
        {
            if (initializers.TryGetValue(name, out Tensor? tensor)) return tensor;
            string what = "The " + role + " of layer " + OnnxText.Number(layer) + " (" + OnnxText.Quote(name) + ", an input of " + Describe(node) + ")";
            if (name.Length == 0)
                throw Refuse(Describe(node) + " (layer " + OnnxText.Number(layer) + ") has no " + role + ".");
            if (graphInputs.ContainsKey(name))
                throw Refuse(what + " is a graph input with no initializer: the file carries no value for it, so it would have to be fed at run time. "
                    + "NetGen reads weights stored in the model as initializers (torch.onnx.export stores them so by default).");
            if (producers.TryGetValue(name, out Node? producer))
                throw Refuse(what + " is computed by " + Describe(producer) + " rather than stored as an initializer: NetGen reads weights stored "
                    + "in the model (export with do_constant_folding=True).");
            throw Refuse(what + " is defined nowhere in the model: no initializer, graph input or node gives it.");
        }

        private static float[] ReadWeight(Tensor weight, int number, Layer layer)
        {
            string what = "The weight of layer " + OnnxText.Number(number) + " (" + OnnxText.Quote(weight.Name) + ")";
            float[] values = ReadFloats(weight, what);
            if (weight.Dims.Count != 2)
                throw Refuse(what + " has shape " + OnnxText.Shape(weight.Dims) + ", where a layer's weight is a matrix.");
            if (weight.Dims[0] == 0 || weight.Dims[1] == 0)
                throw Refuse(what + " has shape " + OnnxText.Shape(weight.Dims) + ": every layer has at least one input and one unit.");
            layer.WeightDims = weight.Dims;
            return values;
        }

        private static float[] ReadBias(Tensor bias, int number, int outputs)
        {
            string what = "The bias of layer " + OnnxText.Number(number) + " (" + OnnxText.Quote(bias.Name) + ")";
            float[] values = ReadFloats(bias, what);
            bool shaped = bias.Dims.Count == 1 && bias.Dims[0] == outputs || bias.Dims.Count == 2 && bias.Dims[0] == 1 && bias.Dims[1] == outputs;
            if (!shaped)
                throw Refuse(what + " has shape " + OnnxText.Shape(bias.Dims) + ", but the layer has " + OnnxText.Number(outputs) + " units: NetGen reads a bias of ["
                    + OnnxText.Number(outputs) + "].");
            return values;
        }

        /// <summary>The values of a float32 tensor, after checking its type, storage and that its data holds exactly its
        /// shape's number of finite values.</summary>
        private static float[] ReadFloats(Tensor tensor, string what)
        {
            if (tensor.DataType != OnnxProto.DataTypeFloat)
                throw Refuse(what + " is " + OnnxProto.DataTypeName(tensor.DataType) + ": NetGen reads float32 tensors only "
                    + "(export the model in float32, e.g. after model.float()).");
            if (tensor.External)
                throw Refuse(what + " is stored in an external data file: NetGen reads models whose weights are inside the .onnx file.");
            if (tensor.HasSegment)
                throw Refuse(what + " is stored in segments, which NetGen does not read.");
            if (tensor.HasOtherData)
                throw Refuse(what + " is float32 but stores integer or double data fields: the file is garbled.");
            long count = 1;
            foreach (long dim in tensor.Dims)
            {
                if (dim < 0)
                    throw Refuse(what + " has a negative dimension, " + OnnxText.Number(dim) + ".");
                count = dim == 0 ? 0 : count > (int.MaxValue / 4) / dim ? int.MaxValue : count * dim;
            }
            if (count >= int.MaxValue / 4)
                throw Refuse(what + " has shape " + OnnxText.Shape(tensor.Dims) + ", far more values than a network NetGen compiles.");
            float[] values;
            if (tensor.RawStart >= 0)
            {
                if (tensor.FloatData.Count > 0)
                    throw Refuse(what + " stores its values twice, in raw_data and in float_data: the file is garbled.");
                if (tensor.RawLength != count * 4)
                    throw Refuse(what + " has shape " + OnnxText.Shape(tensor.Dims) + ", " + OnnxText.Number(count) + " floats, but its raw_data holds "
                        + OnnxText.Number(tensor.RawLength) + " bytes, not " + OnnxText.Number(count * 4) + ": the file is garbled.");
                values = new float[count];
                // The raw bytes live in the model's array; the tensor remembers where.
                for (int i = 0; i < values.Length; i++)
                    values[i] = FloatBits.FromLittleEndian(tensor.RawSource!, tensor.RawStart + 4 * i);
            }
            else
            {
                if (tensor.FloatData.Count != count)
                    throw Refuse(what + " has shape " + OnnxText.Shape(tensor.Dims) + ", " + OnnxText.Number(count) + " floats, but holds "
                        + OnnxText.Number(tensor.FloatData.Count) + ": the file is garbled.");
                values = tensor.FloatData.ToArray();
            }
            for (int i = 0; i < values.Length; i++)
                if (float.IsNaN(values[i]) || float.IsInfinity(values[i]))
                    throw Refuse(what + " holds " + FloatText(values[i]) + " at flat index " + OnnxText.Number(i) + ": NetGen reads finite weights only.");
            return values;
        }

        private static float[] Transpose(float[] values, int rows, int columns)
        {
            // values is [rows][columns]; the result is [columns][rows].
            float[] result = new float[values.Length];
            for (int r = 0; r < rows; r++)
                for (int c = 0; c < columns; c++)
                    result[c * rows + r] = values[r * columns + c];
            return result;
        }

        private static void CheckActivationAttributes(Node node, long opset)
        {
            if (node.OpType != "Softmax")
            {
                CheckNoAttributes(node);
                return;
            }
            foreach (Attribute attribute in node.Attributes)
            {
                if (attribute.Name != "axis")
                    throw Refuse(Describe(node) + " has the attribute " + OnnxText.Quote(attribute.Name) + ", which NetGen does not know.");
                long axis = IntAttribute(node, attribute);
                // On [batch, features] both 1 and -1 mean the features, before opset 13 (coerced to 2-D at axis) and after.
                if (axis != 1 && axis != -1)
                    throw Refuse(Describe(node) + " has axis = " + OnnxText.Number(axis) + ": NetGen's softmax runs over the features of [batch, features] (axis 1 or -1).");
            }
        }

        private static void CheckNoAttributes(Node node)
        {
            if (node.Attributes.Count > 0)
                throw Refuse(Describe(node) + " has the attribute " + OnnxText.Quote(node.Attributes[0].Name) + ", which NetGen does not know for " + node.OpType + ".");
        }

        private static float FloatAttribute(Node node, Attribute attribute)
        {
            if (!attribute.HasF || attribute.HasI || attribute.HasOther || attribute.Type != OnnxProto.AttributeTypeFloat)
                throw Refuse(Describe(node) + "'s attribute " + OnnxText.Quote(attribute.Name) + " is not a float.");
            return attribute.F;
        }

        private static long IntAttribute(Node node, Attribute attribute)
        {
            if (!attribute.HasI || attribute.HasF || attribute.HasOther || attribute.Type != OnnxProto.AttributeTypeInt)
                throw Refuse(Describe(node) + "'s attribute " + OnnxText.Quote(attribute.Name) + " is not an integer.");
            return attribute.I;
        }

        private static string FloatText(float value) => value.ToString("R", global::System.Globalization.CultureInfo.InvariantCulture);
    }
}
