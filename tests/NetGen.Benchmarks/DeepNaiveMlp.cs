using System;

namespace NetGen.Benchmarks;

/// <summary>
/// The baseline for networks of any depth with ReLU hidden units and softmax outputs: the layer sizes known only at
/// run time, plain nested loops over one flat <c>float[]</c> in the generated <c>Parameters</c> layout. Every buffer
/// is allocated once, in the constructor.
/// </summary>
/// <remarks>
/// Same maths as the generated <c>[Mlp(…, Activation = Activation.Relu, Output = Output.Softmax)]</c> code: z = max(0, a)
/// in every hidden layer, a numerically stable softmax (the maximum logit subtracted before <c>exp</c>) at the output,
/// output deltas δ_k = y_k − t_k, hidden deltas δ_j = [z_j &gt; 0] Σ_k w_kj δ_k (k over the layer above), the loss
/// −Σ t log y computed as Σ_k t_k (logsumexp(a) − a_k), and SGD with the L2 penalty λ/(2N) Σ w² on the weights only.
/// Layout: for each layer l = 1 … L, W_l row-major [units_l × units_(l−1)] (w_ji at j·units_(l−1) + i), then b_l.
/// </remarks>
public sealed class DeepNaiveMlp
{
    private readonly int[] _sizes;          // units per layer, inputs first
    private readonly int[] _weightOffset;   // where W_l starts in _parameters, l = 1 … L (index 0 unused)
    private readonly int[] _biasOffset;     // where b_l starts
    private readonly float[] _parameters;
    private readonly float[] _gradients;    // summed over the samples of one TrainBatch call, same layout

    // _activations[l] holds layer l's outputs for the last sample: z_l for hidden layers, the logits a_L at the top
    // (the output array receives the softmax). _activations[0] is unused: the input is read where it is.
    private readonly float[][] _activations;
    private readonly float[][] _deltas;     // δ_l, l = 1 … L
    private readonly float[] _probabilities;

    public DeepNaiveMlp(params int[] layerSizes)
    {
        if (layerSizes.Length < 3)
        {
            throw new ArgumentException("need inputs, at least one hidden layer and outputs", nameof(layerSizes));
        }

        _sizes = (int[])layerSizes.Clone();
        int layers = _sizes.Length - 1;
        _weightOffset = new int[layers + 1];
        _biasOffset = new int[layers + 1];
        _activations = new float[layers + 1][];
        _deltas = new float[layers + 1][];
        int at = 0;
        for (int l = 1; l <= layers; l++)
        {
            _weightOffset[l] = at;
            at += _sizes[l] * _sizes[l - 1];
            _biasOffset[l] = at;
            at += _sizes[l];
            _activations[l] = new float[_sizes[l]];
            _deltas[l] = new float[_sizes[l]];
        }

        _parameters = new float[at];
        _gradients = new float[at];
        _probabilities = new float[Outputs];
    }

    public int Inputs => _sizes[0];

    public int Outputs => _sizes[_sizes.Length - 1];

    public int ParameterCount => _parameters.Length;

    /// <summary>Copies parameters in the generated layout.</summary>
    public void LoadParameters(ReadOnlySpan<float> parameters)
    {
        if (parameters.Length != _parameters.Length)
        {
            throw new ArgumentException($"expected {_parameters.Length} parameters, got {parameters.Length}", nameof(parameters));
        }

        parameters.CopyTo(_parameters);
    }

    /// <summary>Writes the parameters in the layout <see cref="LoadParameters"/> reads.</summary>
    public void StoreParameters(Span<float> destination) => _parameters.CopyTo(destination);

    /// <summary>One sample: <paramref name="input"/> (Inputs values) to <paramref name="output"/> (Outputs probabilities).</summary>
    public void Forward(float[] input, float[] output)
    {
        ForwardLogits(input, 0);
        Softmax(_activations[_sizes.Length - 1], output);
    }

    /// <summary>One online SGD step on one sample; returns the sample's cross-entropy before the step.</summary>
    public float TrainSample(float[] input, float[] target, float learningRate, float l2, int trainingSetSize)
    {
        float loss = Backpropagate(input, 0, target, 0);
        float decay = l2 / trainingSetSize;
        int layers = _sizes.Length - 1;
        for (int l = 1; l <= layers; l++)
        {
            int fanIn = _sizes[l - 1];
            int w0 = _weightOffset[l];
            int b0 = _biasOffset[l];
            float[] delta = _deltas[l];
            float[] below = l == 1 ? input : _activations[l - 1];
            for (int j = 0; j < _sizes[l]; j++)
            {
                for (int i = 0; i < fanIn; i++)
                {
                    int w = w0 + j * fanIn + i;
                    _parameters[w] -= learningRate * (delta[j] * below[i] + decay * _parameters[w]);
                }

                _parameters[b0 + j] -= learningRate * delta[j];
            }
        }

        return loss;
    }

    /// <summary>
    /// One mini-batch SGD step on a row-major batch (sample n's inputs at n·Inputs, its targets at n·Outputs): sums the
    /// gradients G over the B samples, then w ← w − η (G/B + (λ/N) w), b ← b − η G/B. Returns the mean cross-entropy
    /// before the step.
    /// </summary>
    public float TrainBatch(float[] inputs, float[] targets, float learningRate, float l2, int trainingSetSize)
    {
        int samples = inputs.Length / Inputs;
        if (samples == 0 || inputs.Length != samples * Inputs || targets.Length != samples * Outputs)
        {
            throw new ArgumentException($"{inputs.Length} inputs and {targets.Length} targets are not a batch of this network's samples");
        }

        Array.Clear(_gradients);
        int layers = _sizes.Length - 1;
        float loss = 0f;
        for (int n = 0; n < samples; n++)
        {
            int x = n * Inputs;
            loss += Backpropagate(inputs, x, targets, n * Outputs);
            for (int l = 1; l <= layers; l++)
            {
                int fanIn = _sizes[l - 1];
                int w0 = _weightOffset[l];
                int b0 = _biasOffset[l];
                float[] delta = _deltas[l];
                float[] below = l == 1 ? inputs : _activations[l - 1];
                int from = l == 1 ? x : 0;
                for (int j = 0; j < _sizes[l]; j++)
                {
                    for (int i = 0; i < fanIn; i++)
                    {
                        _gradients[w0 + j * fanIn + i] += delta[j] * below[from + i];
                    }

                    _gradients[b0 + j] += delta[j];
                }
            }
        }

        float invB = 1f / samples;
        float decay = l2 / trainingSetSize;
        for (int l = 1; l <= layers; l++)
        {
            for (int w = _weightOffset[l]; w < _biasOffset[l]; w++)
            {
                _parameters[w] -= learningRate * (_gradients[w] * invB + decay * _parameters[w]);
            }

            for (int b = _biasOffset[l]; b < _biasOffset[l] + _sizes[l]; b++)
            {
                _parameters[b] -= learningRate * (_gradients[b] * invB);
            }
        }

        return loss / samples;
    }

    /// <summary>
    /// The forward pass of the sample at <paramref name="x"/> in <paramref name="input"/>, then every layer's deltas;
    /// returns the sample's cross-entropy. Leaves the parameters as they were.
    /// </summary>
    private float Backpropagate(float[] input, int x, float[] target, int t)
    {
        ForwardLogits(input, x);
        int top = _sizes.Length - 1;
        float[] logits = _activations[top];
        float logSumExp = Softmax(logits, _probabilities);
        float loss = 0f;
        float[] outputDelta = _deltas[top];
        for (int k = 0; k < Outputs; k++)
        {
            loss += target[t + k] * (logSumExp - logits[k]);
            outputDelta[k] = _probabilities[k] - target[t + k];
        }

        // Down the layers: δ_j = relu'(a_j) Σ_k w_kj δ_k, with relu'(a_j) = 1 exactly when z_j = max(0, a_j) > 0.
        for (int l = top - 1; l >= 1; l--)
        {
            int above = _sizes[l + 1];
            int units = _sizes[l];
            int w0 = _weightOffset[l + 1];
            float[] z = _activations[l];
            float[] deltaAbove = _deltas[l + 1];
            float[] delta = _deltas[l];
            for (int j = 0; j < units; j++)
            {
                float s = 0f;
                for (int k = 0; k < above; k++)
                {
                    s += _parameters[w0 + k * units + j] * deltaAbove[k];
                }

                delta[j] = z[j] > 0f ? s : 0f;
            }
        }

        return loss;
    }

    /// <summary>Every layer's a = W·(layer below) + b, ReLU on the hidden layers; the logits stay in the top layer.</summary>
    private void ForwardLogits(float[] input, int x)
    {
        int top = _sizes.Length - 1;
        for (int l = 1; l <= top; l++)
        {
            int fanIn = _sizes[l - 1];
            int w0 = _weightOffset[l];
            int b0 = _biasOffset[l];
            float[] below = l == 1 ? input : _activations[l - 1];
            int from = l == 1 ? x : 0;
            float[] a = _activations[l];
            for (int j = 0; j < _sizes[l]; j++)
            {
                float sum = _parameters[b0 + j];
                for (int i = 0; i < fanIn; i++)
                {
                    sum += _parameters[w0 + j * fanIn + i] * below[from + i];
                }

                a[j] = l < top ? MathF.Max(sum, 0f) : sum;
            }
        }
    }

    /// <summary>
    /// y = softmax(a), with the largest logit subtracted first so that no <c>exp</c> overflows; returns logsumexp(a),
    /// from which the loss is computed without taking the log of an output that may have rounded to 0.
    /// </summary>
    private static float Softmax(float[] logits, float[] y)
    {
        float m = logits[0];
        for (int k = 1; k < logits.Length; k++)
        {
            m = MathF.Max(m, logits[k]);
        }

        float sum = 0f;
        for (int k = 0; k < logits.Length; k++)
        {
            y[k] = MathF.Exp(logits[k] - m);
            sum += y[k];
        }

        for (int k = 0; k < logits.Length; k++)
        {
            y[k] /= sum;
        }

        return m + MathF.Log(sum);
    }
}
