using System;

namespace NetGen.Tests;

/// <summary>
/// The reference: the same network written as plainly as possible, with runtime sizes, in double, straight from the
/// textbook formulas (the loss from the outputs with logarithms, not from the logits). Checked against the golden
/// vectors itself, then used as the oracle for shapes the golden file does not cover.
/// </summary>
public sealed class NaiveMlp
{
    public NaiveMlp(int inputs, int hidden, int outputs)
    {
        Shape = new Layout(inputs, hidden, outputs);
        Parameters = new double[Shape.Count];
    }

    public NaiveMlp(Layout shape, double[] parameters)
        : this(shape.Inputs, shape.Hidden, shape.Outputs)
    {
        if (parameters.Length != Shape.Count)
        {
            throw new ArgumentException("wrong parameter count", nameof(parameters));
        }

        Array.Copy(parameters, Parameters, parameters.Length);
    }

    public Layout Shape { get; }

    public double[] Parameters { get; }

    private int I => Shape.Inputs;

    private int H => Shape.Hidden;

    private int O => Shape.Outputs;

    public double W1(int j, int i) => Parameters[Shape.W1At(j, i)];

    public double B1(int j) => Parameters[Shape.B1 + j];

    public double W2(int k, int j) => Parameters[Shape.W2 + (k * H) + j];

    public double B2(int k) => Parameters[Shape.B2 + k];

    public static double Sigmoid(double a) => 1.0 / (1.0 + Math.Exp(-a));

    /// <summary>Hidden outputs z, output logits a and outputs y for one sample.</summary>
    public (double[] Z, double[] A, double[] Y) Forward(double[] x)
    {
        var z = new double[H];
        for (int j = 0; j < H; j++)
        {
            double sum = B1(j);
            for (int i = 0; i < I; i++)
            {
                sum += W1(j, i) * x[i];
            }

            z[j] = Sigmoid(sum);
        }

        var a = new double[O];
        var y = new double[O];
        for (int k = 0; k < O; k++)
        {
            double sum = B2(k);
            for (int j = 0; j < H; j++)
            {
                sum += W2(k, j) * z[j];
            }

            a[k] = sum;
            y[k] = Sigmoid(sum);
        }

        return (z, a, y);
    }

    /// <summary>ℓ = −Σ_k [t log y + (1 − t) log(1 − y)].</summary>
    public static double CrossEntropy(double[] y, double[] t)
    {
        double loss = 0;
        for (int k = 0; k < y.Length; k++)
        {
            loss -= (t[k] * Math.Log(y[k])) + ((1 - t[k]) * Math.Log(1 - y[k]));
        }

        return loss;
    }

    /// <summary>Adds ∂ℓ/∂θ of one sample to <paramref name="gradientSum"/> and returns ℓ.</summary>
    public double Backward(double[] x, double[] t, double[] gradientSum)
    {
        (double[] z, _, double[] y) = Forward(x);

        // dℓ/da_k for a sigmoid output with cross-entropy.
        var deltaOut = new double[O];
        for (int k = 0; k < O; k++)
        {
            deltaOut[k] = y[k] - t[k];
        }

        var deltaHidden = new double[H];
        for (int j = 0; j < H; j++)
        {
            double back = 0;
            for (int k = 0; k < O; k++)
            {
                back += W2(k, j) * deltaOut[k];
            }

            deltaHidden[j] = back * z[j] * (1 - z[j]);
        }

        for (int j = 0; j < H; j++)
        {
            for (int i = 0; i < I; i++)
            {
                gradientSum[Shape.W1At(j, i)] += deltaHidden[j] * x[i];
            }

            gradientSum[Shape.B1 + j] += deltaHidden[j];
        }

        for (int k = 0; k < O; k++)
        {
            for (int j = 0; j < H; j++)
            {
                gradientSum[Shape.W2 + (k * H) + j] += deltaOut[k] * z[j];
            }

            gradientSum[Shape.B2 + k] += deltaOut[k];
        }

        return CrossEntropy(y, t);
    }

    /// <summary>λ/(2N) (‖W1‖² + ‖W2‖²).</summary>
    public double Penalty(double l2, int trainingSetSize)
    {
        double squares = 0;
        for (int n = 0; n < Parameters.Length; n++)
        {
            if (Shape.IsWeight(n))
            {
                squares += Parameters[n] * Parameters[n];
            }
        }

        return l2 / (2.0 * trainingSetSize) * squares;
    }

    /// <summary>
    /// The batch objective L = (1/B) Σ_b ℓ_b + λ/(2N) Σ w² and its gradient dL/dθ = G/B + (λ/N) w (weights), G/B (biases).
    /// </summary>
    public (double Loss, double[] Gradient) BatchLoss(double[][] xs, double[][] ts, double l2, int trainingSetSize)
    {
        var sum = new double[Parameters.Length];
        double loss = 0;
        for (int b = 0; b < xs.Length; b++)
        {
            loss += Backward(xs[b], ts[b], sum);
        }

        var gradient = new double[Parameters.Length];
        for (int n = 0; n < gradient.Length; n++)
        {
            gradient[n] = sum[n] / xs.Length;
            if (Shape.IsWeight(n))
            {
                gradient[n] += l2 / trainingSetSize * Parameters[n];
            }
        }

        return ((loss / xs.Length) + Penalty(l2, trainingSetSize), gradient);
    }

    /// <summary>θ ← θ − η (G/B + (λ/N) θ) for weights, b ← b − η G/B for biases.</summary>
    public void Step(double[] gradientSum, int batch, double learningRate, double l2, int trainingSetSize)
    {
        for (int n = 0; n < Parameters.Length; n++)
        {
            double g = gradientSum[n] / batch;
            if (Shape.IsWeight(n))
            {
                g += l2 / trainingSetSize * Parameters[n];
            }

            Parameters[n] -= learningRate * g;
        }
    }

    /// <summary>One SGD step of the batch: Backward on every sample, then Step. Returns the Σ ℓ before the step.</summary>
    public double TrainBatch(double[][] xs, double[][] ts, double learningRate, double l2, int trainingSetSize)
    {
        var sum = new double[Parameters.Length];
        double loss = 0;
        for (int b = 0; b < xs.Length; b++)
        {
            loss += Backward(xs[b], ts[b], sum);
        }

        Step(sum, xs.Length, learningRate, l2, trainingSetSize);
        return loss;
    }
}
