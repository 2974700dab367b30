using System.Linq;
using System;

namespace NetGen.Tests;

/// <summary>
/// The reference for fully connected networks of any depth: written as plainly as possible, with runtime sizes, in
/// double, straight from the textbook formulas (the loss from the outputs with logarithms, not from the logits, and
/// the gradient by backprop loops). Checked against Golden/deeper-networks.json and against central differences of its
/// own <see cref="Loss"/>, then used as the oracle for shapes the golden files do not cover.
/// </summary>
/// <remarks>
/// Layers are numbered 0 (the inputs) to L (the outputs); layer l = 1..L has weights W_l (rows: the units of layer l,
/// columns: the units of layer l − 1) and biases b_l. <see cref="Parameters"/> holds, for l = 1..L in order, W_l
/// row-major and then b_l. Every hidden layer uses the same activation; the output layer uses the head, whose
/// canonical loss makes the output delta y − t.
/// </remarks>
public sealed class DeepNaiveMlp
{
    private readonly int[] sizes;
    private readonly int[] weightOffsets;
    private readonly int[] biasOffsets;

    /// <summary>A network with all parameters zero.</summary>
    /// <param name="sizes">[inputs, hidden…, outputs]: at least one hidden layer, every size at least 1.</param>
    /// <param name="activation">The hidden activation: "sigmoid", "tanh" or "relu".</param>
    /// <param name="head">The output head: "sigmoid", "softmax" or "identity".</param>
    public DeepNaiveMlp(int[] sizes, string activation = "sigmoid", string head = "sigmoid")
    {
        ArgumentNullException.ThrowIfNull(sizes);
        ArgumentNullException.ThrowIfNull(activation);
        ArgumentNullException.ThrowIfNull(head);
        if (sizes.Length < 3)
        {
            throw new ArgumentException("sizes must be [inputs, hidden…, outputs] with at least one hidden layer.", nameof(sizes));
        }

        foreach (int size in sizes)
        {
            if (size < 1)
            {
                throw new ArgumentException("every layer needs at least one unit.", nameof(sizes));
            }
        }

        if (activation is not ("sigmoid" or "tanh" or "relu"))
        {
            throw new ArgumentException("unknown hidden activation '" + activation + "'.", nameof(activation));
        }

        if (head is not ("sigmoid" or "softmax" or "identity"))
        {
            throw new ArgumentException("unknown head '" + head + "'.", nameof(head));
        }

        this.sizes = (int[])sizes.Clone();
        Activation = activation;
        Head = head;

        int layers = sizes.Length - 1;
        weightOffsets = new int[layers + 1];
        biasOffsets = new int[layers + 1];
        long offset = 0;
        for (int l = 1; l <= layers; l++)
        {
            weightOffsets[l] = checked((int)offset);
            offset += (long)sizes[l] * sizes[l - 1];
            biasOffsets[l] = checked((int)offset);
            offset += sizes[l];
        }

        ParameterCount = checked((int)offset);
        Parameters = new double[ParameterCount];
    }

    /// <summary>[inputs, hidden…, outputs] (a copy).</summary>
    public int[] Sizes => (int[])sizes.Clone();

    /// <summary>The hidden activation: "sigmoid", "tanh" or "relu".</summary>
    public string Activation { get; }

    /// <summary>The output head: "sigmoid", "softmax" or "identity".</summary>
    public string Head { get; }

    /// <summary>L: the number of weight layers (hidden layers + 1).</summary>
    public int LayerCount => sizes.Length - 1;

    /// <summary>Σ_l (n_l · n_(l−1) + n_l).</summary>
    public int ParameterCount { get; }

    /// <summary>All parameters in the layout described on the class; writable in place.</summary>
    public double[] Parameters { get; }

    /// <summary>Where W_l starts in <see cref="Parameters"/>; <paramref name="layer"/> is 1 (first hidden) to L (output).</summary>
    public int WeightOffset(int layer)
    {
        CheckLayer(layer);
        return weightOffsets[layer];
    }

    /// <summary>Where b_l starts in <see cref="Parameters"/>; <paramref name="layer"/> is 1 (first hidden) to L (output).</summary>
    public int BiasOffset(int layer)
    {
        CheckLayer(layer);
        return biasOffsets[layer];
    }

    /// <summary>Whether <see cref="Parameters"/>[<paramref name="index"/>] is a weight (penalized) rather than a bias.</summary>
    public bool IsWeight(int index)
    {
        if (index < 0 || index >= ParameterCount)
        {
            throw new ArgumentOutOfRangeException(nameof(index));
        }

        for (int l = 1; l <= LayerCount; l++)
        {
            if (index >= weightOffsets[l] && index < biasOffsets[l])
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The outputs y of one sample.</summary>
    public double[] Forward(double[] x) => ForwardAll(x).Activations[LayerCount];

    /// <summary>
    /// Every layer's outputs for one sample: Activations[0] = x (a copy), Activations[l] = the outputs of layer l
    /// (after the hidden activation, or after the head for l = L); Logits = the output pre-activations a_L.
    /// </summary>
    public (double[][] Activations, double[] Logits) ForwardAll(double[] x)
    {
        ArgumentNullException.ThrowIfNull(x);
        if (x.Length != sizes[0])
        {
            throw new ArgumentException("expected " + sizes[0] + " inputs, got " + x.Length + ".", nameof(x));
        }

        int layers = LayerCount;
        var activations = new double[layers + 1][];
        activations[0] = (double[])x.Clone();
        double[] logits = [];
        for (int l = 1; l <= layers; l++)
        {
            double[] previous = activations[l - 1];
            int rows = sizes[l];
            int columns = sizes[l - 1];
            var a = new double[rows];
            for (int j = 0; j < rows; j++)
            {
                double sum = Parameters[biasOffsets[l] + j];
                for (int i = 0; i < columns; i++)
                {
                    sum += Parameters[weightOffsets[l] + ParameterLayout.WeightAt(sizes, l, j, i)] * previous[i];
                }

                a[j] = sum;
            }

            if (l < layers)
            {
                var z = new double[rows];
                for (int j = 0; j < rows; j++)
                {
                    z[j] = Hidden(a[j]);
                }

                activations[l] = z;
            }
            else
            {
                logits = a;
                activations[l] = ApplyHead(a);
            }
        }

        return (activations, logits);
    }

    /// <summary>
    /// The head's canonical loss of one sample, from the outputs y with logarithms: sigmoid −Σ[t log y + (1−t) log(1−y)],
    /// softmax −Σ t log y, identity ½Σ(y − t)².
    /// </summary>
    public double SampleLoss(double[] x, double[] t)
    {
        ArgumentNullException.ThrowIfNull(t);
        double[] y = Forward(x);
        CheckTarget(t);
        double loss = 0;
        for (int k = 0; k < y.Length; k++)
        {
            switch (Head)
            {
                case "sigmoid":
                    loss -= (t[k] * Math.Log(y[k])) + ((1 - t[k]) * Math.Log(1 - y[k]));
                    break;
                case "softmax":
                    loss -= t[k] * Math.Log(y[k]);
                    break;
                default:
                    loss += 0.5 * (y[k] - t[k]) * (y[k] - t[k]);
                    break;
            }
        }

        return loss;
    }

    /// <summary>L = (1/B) Σ_b ℓ_b + λ/(2N) Σ w² over the weights of every layer (biases unpenalized).</summary>
    /// <param name="X">The batch inputs, B rows.</param>
    /// <param name="T">The batch targets, B rows (one-hot, or at least summing to 1, for the softmax head).</param>
    /// <param name="l2">λ.</param>
    /// <param name="n">N, the training-set size.</param>
    public double Loss(double[][] X, double[][] T, double l2, int n)
    {
        CheckBatch(X, T, n);
        double sum = 0;
        for (int b = 0; b < X.Length; b++)
        {
            sum += SampleLoss(X[b], T[b]);
        }

        double squares = 0;
        for (int p = 0; p < ParameterCount; p++)
        {
            if (IsWeight(p))
            {
                squares += Parameters[p] * Parameters[p];
            }
        }

        return (sum / X.Length) + (l2 / (2.0 * n) * squares);
    }

    /// <summary>
    /// ∂L/∂θ of <see cref="Loss"/> by backprop: output delta y − t (every head), hidden δ_j = f'(a_j) Σ_k w_kj δ_k with
    /// f' from the unit's output z, averaged over the batch, plus (λ/N) w on the weights.
    /// </summary>
    /// <remarks>For the softmax head y − t is the gradient only when each row of <paramref name="T"/> sums to 1, which is checked.</remarks>
    public double[] Gradient(double[][] X, double[][] T, double l2, int n)
    {
        CheckBatch(X, T, n);
        int layers = LayerCount;
        var sum = new double[ParameterCount];
        for (int b = 0; b < X.Length; b++)
        {
            double[][] activations = ForwardAll(X[b]).Activations;
            double[] t = T[b];
            CheckTarget(t);
            double[] y = activations[layers];
            var delta = new double[y.Length];
            for (int k = 0; k < y.Length; k++)
            {
                delta[k] = y[k] - t[k];
            }

            for (int l = layers; l >= 1; l--)
            {
                double[] previous = activations[l - 1];
                int rows = sizes[l];
                int columns = sizes[l - 1];
                for (int j = 0; j < rows; j++)
                {
                    for (int i = 0; i < columns; i++)
                    {
                        sum[weightOffsets[l] + ParameterLayout.WeightAt(sizes, l, j, i)] += delta[j] * previous[i];
                    }

                    sum[biasOffsets[l] + j] += delta[j];
                }

                if (l > 1)
                {
                    var below = new double[columns];
                    for (int i = 0; i < columns; i++)
                    {
                        double back = 0;
                        for (int j = 0; j < rows; j++)
                        {
                            back += Parameters[weightOffsets[l] + ParameterLayout.WeightAt(sizes, l, j, i)] * delta[j];
                        }

                        below[i] = HiddenDerivative(previous[i]) * back;
                    }

                    delta = below;
                }
            }
        }

        var gradient = new double[ParameterCount];
        for (int p = 0; p < ParameterCount; p++)
        {
            gradient[p] = sum[p] / X.Length;
            if (IsWeight(p))
            {
                gradient[p] += l2 / n * Parameters[p];
            }
        }

        return gradient;
    }

    /// <summary>One plain SGD step on the batch: θ ← θ − η ∂L/∂θ.</summary>
    public void SgdStep(double[][] X, double[][] T, double learningRate, double l2, int n)
    {
        double[] gradient = Gradient(X, T, l2, n);
        for (int p = 0; p < ParameterCount; p++)
        {
            Parameters[p] -= learningRate * gradient[p];
        }
    }

    /// <summary>
    /// The layout of <see cref="Parameters"/> (NetGen's: W1 input-major, later W row-major, see <see cref="ParameterLayout"/>)
    /// from the golden files' nesting: <paramref name="w"/>[l][j][i] is the weight from unit i of layer l to unit j of
    /// layer l + 1, <paramref name="b"/>[l][j] the bias of that unit j.
    /// </summary>
    public static double[] Flatten(double[][][] w, double[][] b)
    {
        ArgumentNullException.ThrowIfNull(w);
        ArgumentNullException.ThrowIfNull(b);
        if (w.Length == 0 || w.Length != b.Length)
        {
            throw new ArgumentException("w and b must have the same, non-zero number of layers.", nameof(b));
        }

        int count = 0;
        for (int l = 0; l < w.Length; l++)
        {
            int rows = w[l].Length;
            if (rows == 0 || b[l].Length != rows)
            {
                throw new ArgumentException("layer " + l + ": w has " + rows + " rows, b has " + b[l].Length + " entries.", nameof(b));
            }

            int columns = w[l][0].Length;
            if (l > 0 && columns != w[l - 1].Length)
            {
                throw new ArgumentException("layer " + l + ": " + columns + " columns after a layer of " + w[l - 1].Length + " units.", nameof(w));
            }

            foreach (double[] row in w[l])
            {
                if (row.Length != columns)
                {
                    throw new ArgumentException("layer " + l + ": ragged weight rows.", nameof(w));
                }
            }

            count += (rows * columns) + rows;
        }

        var flat = new double[count];
        int p = 0;
        for (int l = 0; l < w.Length; l++)
        {
            foreach (double[] row in w[l])
            {
                foreach (double weight in row)
                {
                    flat[p++] = weight;
                }
            }

            foreach (double bias in b[l])
            {
                flat[p++] = bias;
            }
        }

        int[] sizes = w.Select(layer => layer[0].Length).Append(w[^1].Length).ToArray();
        return ParameterLayout.FromTextbook(sizes, flat);
    }

    private static double Sigmoid(double a) => 1.0 / (1.0 + Math.Exp(-a));

    private double Hidden(double a) => Activation switch
    {
        "sigmoid" => Sigmoid(a),
        "tanh" => Math.Tanh(a),
        _ => a > 0 ? a : 0.0,
    };

    /// <summary>f'(a) written in terms of the output z = f(a).</summary>
    private double HiddenDerivative(double z) => Activation switch
    {
        "sigmoid" => z * (1 - z),
        "tanh" => 1 - (z * z),
        _ => z > 0 ? 1.0 : 0.0,
    };

    private double[] ApplyHead(double[] a)
    {
        var y = new double[a.Length];
        switch (Head)
        {
            case "sigmoid":
                for (int k = 0; k < a.Length; k++)
                {
                    y[k] = Sigmoid(a[k]);
                }

                break;
            case "softmax":
                double max = double.NegativeInfinity;
                foreach (double value in a)
                {
                    max = Math.Max(max, value);
                }

                double total = 0;
                for (int k = 0; k < a.Length; k++)
                {
                    y[k] = Math.Exp(a[k] - max);
                    total += y[k];
                }

                for (int k = 0; k < a.Length; k++)
                {
                    y[k] /= total;
                }

                break;
            default:
                Array.Copy(a, y, a.Length);
                break;
        }

        return y;
    }

    private void CheckLayer(int layer)
    {
        if (layer < 1 || layer > LayerCount)
        {
            throw new ArgumentOutOfRangeException(nameof(layer), layer, "layers are numbered 1 to " + LayerCount + ".");
        }
    }

    private void CheckTarget(double[] t)
    {
        if (t.Length != sizes[^1])
        {
            throw new ArgumentException("expected " + sizes[^1] + " targets, got " + t.Length + ".", nameof(t));
        }

        if (Head == "softmax")
        {
            double total = 0;
            foreach (double value in t)
            {
                total += value;
            }

            if (Math.Abs(total - 1) > 1e-9)
            {
                throw new ArgumentException("softmax targets must sum to 1 (one-hot), got " + total + ".", nameof(t));
            }
        }
    }

    private static void CheckBatch(double[][] X, double[][] T, int n)
    {
        ArgumentNullException.ThrowIfNull(X);
        ArgumentNullException.ThrowIfNull(T);
        if (X.Length == 0 || X.Length != T.Length)
        {
            throw new ArgumentException("X and T must have the same, non-zero number of rows.", nameof(T));
        }

        if (n < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(n), n, "the training-set size must be at least 1.");
        }
    }
}
