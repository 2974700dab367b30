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

    private static float Sigmoid(float a) => 1f / (1f + MathF.Exp(-a));
}
