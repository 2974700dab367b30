using System;

namespace NetGen.Benchmarks;

/// <summary>
/// The baseline: the same network written the way one would by hand, with the sizes known only at run time
/// and plain nested loops over <c>float[]</c> arrays. Every buffer is allocated once, in the constructor.
/// </summary>
/// <remarks>
/// Same maths as the generated code: sigmoid hidden and output units, output deltas δ_k = y_k − t_k
/// (sigmoid with binary cross-entropy), hidden deltas δ_j = z_j(1 − z_j) Σ_k w_kj δ_k, and one online SGD
/// step with the L2 penalty λ/(2N) Σ w² on the weights only. Same parameter layout as the generated
/// <c>Parameters</c>: W1 row-major (hidden × inputs), b1, W2 row-major (outputs × hidden), b2.
/// <see cref="TrainBatch"/> is the generated <c>TrainBatch</c>: gradients summed over a batch of B samples, then one
/// step w ← w − η (G/B + (λ/N) w), b ← b − η G/B.
/// </remarks>
public sealed class NaiveMlp
{
    private readonly int _inputs;
    private readonly int _hidden;
    private readonly int _outputs;

    private readonly float[] _w1;   // w_ji at j * _inputs + i
    private readonly float[] _b1;
    private readonly float[] _w2;   // w_kj at k * _hidden + j
    private readonly float[] _b2;

    private readonly float[] _z;            // hidden activations of the last forward pass
    private readonly float[] _y;            // outputs, for training
    private readonly float[] _deltaOut;     // δ_k
    private readonly float[] _deltaHidden;  // δ_j

    // Gradients summed over the samples of one TrainBatch call, in the layout of the parameters.
    private readonly float[] _gw1;
    private readonly float[] _gb1;
    private readonly float[] _gw2;
    private readonly float[] _gb2;

    public NaiveMlp(int inputs, int hidden, int outputs)
    {
        _inputs = inputs;
        _hidden = hidden;
        _outputs = outputs;
        _w1 = new float[hidden * inputs];
        _b1 = new float[hidden];
        _w2 = new float[outputs * hidden];
        _b2 = new float[outputs];
        _z = new float[hidden];
        _y = new float[outputs];
        _deltaOut = new float[outputs];
        _deltaHidden = new float[hidden];
        _gw1 = new float[hidden * inputs];
        _gb1 = new float[hidden];
        _gw2 = new float[outputs * hidden];
        _gb2 = new float[outputs];
    }

    public int ParameterCount => _w1.Length + _b1.Length + _w2.Length + _b2.Length;

    /// <summary>Copies parameters laid out as W1, b1, W2, b2 (the generated networks' layout).</summary>
    public void LoadParameters(ReadOnlySpan<float> parameters)
    {
        if (parameters.Length != ParameterCount)
        {
            throw new ArgumentException($"expected {ParameterCount} parameters, got {parameters.Length}", nameof(parameters));
        }

        int at = 0;
        parameters.Slice(at, _w1.Length).CopyTo(_w1);
        at += _w1.Length;
        parameters.Slice(at, _b1.Length).CopyTo(_b1);
        at += _b1.Length;
        parameters.Slice(at, _w2.Length).CopyTo(_w2);
        at += _w2.Length;
        parameters.Slice(at, _b2.Length).CopyTo(_b2);
    }

    /// <summary>Writes the parameters in the same layout as <see cref="LoadParameters"/> reads them.</summary>
    public void StoreParameters(Span<float> destination)
    {
        int at = 0;
        _w1.CopyTo(destination.Slice(at));
        at += _w1.Length;
        _b1.CopyTo(destination.Slice(at));
        at += _b1.Length;
        _w2.CopyTo(destination.Slice(at));
        at += _w2.Length;
        _b2.CopyTo(destination.Slice(at));
    }

    public void Forward(float[] input, float[] output)
    {
        for (int j = 0; j < _hidden; j++)
        {
            float a = _b1[j];
            for (int i = 0; i < _inputs; i++)
            {
                a += _w1[j * _inputs + i] * input[i];
            }

            _z[j] = Sigmoid(a);
        }

        for (int k = 0; k < _outputs; k++)
        {
            float a = _b2[k];
            for (int j = 0; j < _hidden; j++)
            {
                a += _w2[k * _hidden + j] * _z[j];
            }

            output[k] = Sigmoid(a);
        }
    }

    /// <summary>One online SGD step on one sample; returns the sample's cross-entropy before the step.</summary>
    public float TrainSample(float[] input, float[] target, float learningRate, float l2, int trainingSetSize)
    {
        Forward(input, _y);

        float loss = 0f;
        for (int k = 0; k < _outputs; k++)
        {
            float y = _y[k];
            float t = target[k];
            _deltaOut[k] = y - t;
            loss -= t * MathF.Log(y) + (1f - t) * MathF.Log(1f - y);
        }

        for (int j = 0; j < _hidden; j++)
        {
            float s = 0f;
            for (int k = 0; k < _outputs; k++)
            {
                s += _w2[k * _hidden + j] * _deltaOut[k];
            }

            _deltaHidden[j] = _z[j] * (1f - _z[j]) * s;
        }

        float decay = l2 / trainingSetSize;
        for (int k = 0; k < _outputs; k++)
        {
            for (int j = 0; j < _hidden; j++)
            {
                int w = k * _hidden + j;
                _w2[w] -= learningRate * (_deltaOut[k] * _z[j] + decay * _w2[w]);
            }

            _b2[k] -= learningRate * _deltaOut[k];
        }

        for (int j = 0; j < _hidden; j++)
        {
            for (int i = 0; i < _inputs; i++)
            {
                int w = j * _inputs + i;
                _w1[w] -= learningRate * (_deltaHidden[j] * input[i] + decay * _w1[w]);
            }

            _b1[j] -= learningRate * _deltaHidden[j];
        }

        return loss;
    }

    /// <summary>
    /// One mini-batch SGD step: sums ∂ℓ/∂θ over the samples of a row-major batch (sample n's inputs at n·inputs, its
    /// targets at n·outputs), then w ← w − η (G/B + (λ/N) w), b ← b − η G/B. Returns the batch's mean cross-entropy
    /// before the step.
    /// </summary>
    public float TrainBatch(ReadOnlySpan<float> inputs, ReadOnlySpan<float> targets, float learningRate, float l2, int trainingSetSize)
    {
        int samples = inputs.Length / _inputs;
        if (samples == 0 || inputs.Length != samples * _inputs || targets.Length != samples * _outputs)
        {
            throw new ArgumentException($"{inputs.Length} inputs and {targets.Length} targets are not a batch of {_inputs}-input, {_outputs}-output samples");
        }

        Array.Clear(_gw1);
        Array.Clear(_gb1);
        Array.Clear(_gw2);
        Array.Clear(_gb2);
        float loss = 0f;
        for (int n = 0; n < samples; n++)
        {
            int x = n * _inputs;
            int t = n * _outputs;
            for (int j = 0; j < _hidden; j++)
            {
                float a = _b1[j];
                for (int i = 0; i < _inputs; i++)
                {
                    a += _w1[j * _inputs + i] * inputs[x + i];
                }

                _z[j] = Sigmoid(a);
            }

            for (int k = 0; k < _outputs; k++)
            {
                float a = _b2[k];
                for (int j = 0; j < _hidden; j++)
                {
                    a += _w2[k * _hidden + j] * _z[j];
                }

                float y = Sigmoid(a);
                float target = targets[t + k];
                _deltaOut[k] = y - target;
                loss -= target * MathF.Log(y) + (1f - target) * MathF.Log(1f - y);
            }

            for (int j = 0; j < _hidden; j++)
            {
                float s = 0f;
                for (int k = 0; k < _outputs; k++)
                {
                    s += _w2[k * _hidden + j] * _deltaOut[k];
                }

                _deltaHidden[j] = _z[j] * (1f - _z[j]) * s;
            }

            for (int k = 0; k < _outputs; k++)
            {
                for (int j = 0; j < _hidden; j++)
                {
                    _gw2[k * _hidden + j] += _deltaOut[k] * _z[j];
                }

                _gb2[k] += _deltaOut[k];
            }

            for (int j = 0; j < _hidden; j++)
            {
                for (int i = 0; i < _inputs; i++)
                {
                    _gw1[j * _inputs + i] += _deltaHidden[j] * inputs[x + i];
                }

                _gb1[j] += _deltaHidden[j];
            }
        }

        float invB = 1f / samples;
        float decay = l2 / trainingSetSize;
        for (int w = 0; w < _w1.Length; w++)
        {
            _w1[w] -= learningRate * (_gw1[w] * invB + decay * _w1[w]);
        }

        for (int j = 0; j < _hidden; j++)
        {
            _b1[j] -= learningRate * (_gb1[j] * invB);
        }

        for (int w = 0; w < _w2.Length; w++)
        {
            _w2[w] -= learningRate * (_gw2[w] * invB + decay * _w2[w]);
        }

        for (int k = 0; k < _outputs; k++)
        {
            _b2[k] -= learningRate * (_gb2[k] * invB);
        }

        return loss / samples;
    }

    private static float Sigmoid(float a) => 1f / (1f + MathF.Exp(-a));
}
