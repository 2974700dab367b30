#nullable enable

using System;

namespace NetGen.Onnx
{
    /// <summary>The activation of every hidden layer, as NetGen's <c>Activation</c> option names it.</summary>
    internal enum OnnxActivation
    {
        Sigmoid,
        Tanh,
        Relu,
    }

    /// <summary>The output head, as NetGen's <c>Output</c> option names it: Linear is no activation at all.</summary>
    internal enum OnnxHead
    {
        Sigmoid,
        Softmax,
        Linear,
    }

    /// <summary>
    /// A multilayer perceptron as ONNX holds it and NetGen compiles it: layer sizes, each layer's weights and biases,
    /// one hidden activation and an output head. What <see cref="OnnxMlpReader"/> returns and
    /// <see cref="OnnxMlpWriter"/> takes.
    /// </summary>
    /// <remarks>
    /// Layer l (0-based, l &lt; <see cref="LayerCount"/>) maps <c>LayerSizes[l]</c> inputs to <c>LayerSizes[l + 1]</c>
    /// units: <c>Weights[l]</c> holds W_l row-major, [out][in], the weight from input i to unit j at
    /// <c>j * LayerSizes[l] + i</c> (the layout of NetGen's <c>Parameters</c> blocks and of a Gemm with transB = 1),
    /// and <c>Biases[l]</c> holds b_l, one per unit. The arrays are the object's own: not copied on the way in or out.
    /// </remarks>
    internal sealed class OnnxMlp
    {
        /// <summary>Checks that the arrays agree with <paramref name="layerSizes"/>.</summary>
        /// <exception cref="ArgumentNullException">An argument or array element is null.</exception>
        /// <exception cref="ArgumentException">Fewer than three sizes, a size below 1, an array of the wrong length,
        /// a softmax head over one output, or an enum value out of range.</exception>
        public OnnxMlp(int[] layerSizes, OnnxActivation activation, OnnxHead head, float[][] weights, float[][] biases, long opset)
        {
            if (layerSizes is null) throw new ArgumentNullException(nameof(layerSizes));
            if (weights is null) throw new ArgumentNullException(nameof(weights));
            if (biases is null) throw new ArgumentNullException(nameof(biases));
            if (layerSizes.Length < 3)
                throw new ArgumentException("An MLP has at least three sizes: inputs, one hidden layer, outputs.", nameof(layerSizes));
            foreach (int size in layerSizes)
                if (size < 1)
                    throw new ArgumentException("Every layer size is at least 1.", nameof(layerSizes));
            if (activation != OnnxActivation.Sigmoid && activation != OnnxActivation.Tanh && activation != OnnxActivation.Relu)
                throw new ArgumentException("Unknown activation.", nameof(activation));
            if (head != OnnxHead.Sigmoid && head != OnnxHead.Softmax && head != OnnxHead.Linear)
                throw new ArgumentException("Unknown output head.", nameof(head));
            if (head == OnnxHead.Softmax && layerSizes[layerSizes.Length - 1] < 2)
                throw new ArgumentException("A softmax head needs at least 2 outputs.", nameof(head));
            int layers = layerSizes.Length - 1;
            if (weights.Length != layers)
                throw new ArgumentException("One weight array per layer: " + OnnxText.Number(layers) + ".", nameof(weights));
            if (biases.Length != layers)
                throw new ArgumentException("One bias array per layer: " + OnnxText.Number(layers) + ".", nameof(biases));
            for (int l = 0; l < layers; l++)
            {
                if (weights[l] is null) throw new ArgumentNullException(nameof(weights));
                if (biases[l] is null) throw new ArgumentNullException(nameof(biases));
                long expected = (long)layerSizes[l] * layerSizes[l + 1];
                if (weights[l].Length != expected)
                    throw new ArgumentException("Layer " + OnnxText.Number(l + 1) + " has " + OnnxText.Number(layerSizes[l + 1]) + " x "
                        + OnnxText.Number(layerSizes[l]) + " weights, not " + OnnxText.Number(weights[l].Length) + ".", nameof(weights));
                if (biases[l].Length != layerSizes[l + 1])
                    throw new ArgumentException("Layer " + OnnxText.Number(l + 1) + " has " + OnnxText.Number(layerSizes[l + 1])
                        + " biases, not " + OnnxText.Number(biases[l].Length) + ".", nameof(biases));
            }
            LayerSizes = layerSizes;
            Activation = activation;
            Head = head;
            Weights = weights;
            Biases = biases;
            Opset = opset;
        }

        /// <summary>The inputs, the width of each hidden layer, the outputs.</summary>
        public int[] LayerSizes { get; }

        /// <summary>The activation of every hidden layer.</summary>
        public OnnxActivation Activation { get; }

        /// <summary>The output head.</summary>
        public OnnxHead Head { get; }

        /// <summary>Per layer, W_l row-major [out][in].</summary>
        public float[][] Weights { get; }

        /// <summary>Per layer, b_l.</summary>
        public float[][] Biases { get; }

        /// <summary>The version of the default ONNX operator set the model was read with (or is written with).</summary>
        public long Opset { get; }

        /// <summary>The number of weight layers: <c>LayerSizes.Length - 1</c>.</summary>
        public int LayerCount => LayerSizes.Length - 1;

        /// <summary>Σ over the layers of out·in + out: the length of NetGen's <c>Parameters</c>.</summary>
        public long ParameterCount
        {
            get
            {
                long count = 0;
                for (int l = 0; l < LayerCount; l++)
                    count += (long)LayerSizes[l + 1] * (LayerSizes[l] + 1);
                return count;
            }
        }

        /// <summary>The parameters in NetGen's <c>Parameters</c> layout: W1 input-major (w_ji at i·units + j), b1, then W2, b2, … row-major [out][in].</summary>
        public float[] ToParameters()
        {
            float[] parameters = new float[checked((int)ParameterCount)];
            int offset = 0;
            for (int l = 0; l < LayerCount; l++)
            {
                if (l == 0)
                {
                    // NetGen stores W1 input-major: w_ji at i·units + j (ONNX's [out][in] transposed).
                    int inputs = LayerSizes[0], units = LayerSizes[1];
                    for (int j = 0; j < units; j++)
                    {
                        for (int i = 0; i < inputs; i++)
                        {
                            parameters[offset + (i * units) + j] = Weights[0][(j * inputs) + i];
                        }
                    }
                }
                else
                {
                    Array.Copy(Weights[l], 0, parameters, offset, Weights[l].Length);
                }

                offset += Weights[l].Length;
                Array.Copy(Biases[l], 0, parameters, offset, Biases[l].Length);
                offset += Biases[l].Length;
            }
            return parameters;
        }

        /// <summary>The network of NetGen's <c>Parameters</c> block (W1, b1, W2, b2, …), copied into per-layer arrays.</summary>
        /// <exception cref="ArgumentException">The sizes are not an MLP's or <paramref name="parameters"/> is not their length.</exception>
        public static OnnxMlp FromParameters(int[] layerSizes, OnnxActivation activation, OnnxHead head, float[] parameters, long opset)
        {
            if (layerSizes is null) throw new ArgumentNullException(nameof(layerSizes));
            if (parameters is null) throw new ArgumentNullException(nameof(parameters));
            int layers = Math.Max(layerSizes.Length - 1, 0);
            float[][] weights = new float[layers][];
            float[][] biases = new float[layers][];
            long offset = 0;
            for (int l = 0; l < layers; l++)
            {
                long w = (long)Math.Max(layerSizes[l], 0) * Math.Max(layerSizes[l + 1], 0), b = Math.Max(layerSizes[l + 1], 0);
                if (offset + w + b > parameters.Length)
                    throw new ArgumentException("Fewer parameters than the layer sizes need.", nameof(parameters));
                weights[l] = new float[w];
                biases[l] = new float[b];
                if (l == 0)
                {
                    // NetGen's W1 is input-major (w_ji at i·units + j); ONNX's weights are [out][in].
                    int inputs = layerSizes[0], units = layerSizes[1];
                    for (int j = 0; j < units; j++)
                    {
                        for (int i = 0; i < inputs; i++)
                        {
                            weights[0][(j * inputs) + i] = parameters[offset + (i * units) + j];
                        }
                    }
                }
                else
                {
                    Array.Copy(parameters, offset, weights[l], 0, w);
                }

                Array.Copy(parameters, offset + w, biases[l], 0, b);
                offset += w + b;
            }
            if (offset != parameters.Length)
                throw new ArgumentException("More parameters than the layer sizes need.", nameof(parameters));
            return new OnnxMlp(layerSizes, activation, head, weights, biases, opset);
        }
    }

    /// <summary>What <see cref="OnnxMlpReader.Read(byte[])"/> returns: the network, or a message saying what is wrong with the file.</summary>
    internal sealed class OnnxReadResult
    {
        private OnnxReadResult(OnnxMlp? mlp, string? error)
        {
            Mlp = mlp;
            Error = error;
        }

        /// <summary>The network, when the model was read.</summary>
        public OnnxMlp? Mlp { get; }

        /// <summary>Why the model was refused, in the terms of the model's own names; null when it was read.</summary>
        public string? Error { get; }

        /// <summary>True when <see cref="Mlp"/> holds the network.</summary>
        public bool Succeeded => Mlp is not null;

        public static OnnxReadResult Success(OnnxMlp mlp) => new OnnxReadResult(mlp, null);

        public static OnnxReadResult Failure(string error) => new OnnxReadResult(null, error);
    }
}
