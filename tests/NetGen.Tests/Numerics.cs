using System;
using System.Collections.Generic;
using System.Globalization;
using System.Numerics;
using System.Text;
using Xunit;

namespace NetGen.Tests;

/// <summary>Conversions between a network's precision and double, and the tolerance checks every test uses.</summary>
public static class Num
{
    /// <summary>A float's or double's bits, so that +0 and −0, or NaNs of other payloads, compare unequal.</summary>
    public static long Bits<T>(T value)
        where T : unmanaged =>
        value switch
        {
            float f => BitConverter.SingleToInt32Bits(f),
            double d => BitConverter.DoubleToInt64Bits(d),
            _ => throw new NotSupportedException(typeof(T).Name),
        };

    /// <summary>Equal to the last bit: raw bytes, so +0 and −0 differ (SequenceEqual on T would call them equal).</summary>
    public static bool SameBits<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> y)
        where T : unmanaged =>
        System.Runtime.InteropServices.MemoryMarshal.AsBytes(x).SequenceEqual(System.Runtime.InteropServices.MemoryMarshal.AsBytes(y));

    /// <summary>
    /// The number m of roundings on the longest chain from the inputs to a result, by the forward error analysis of
    /// docs/reproducibility.md ("The model", "Layer by layer", "One training step"), for a network of these layer sizes
    /// (inputs first), a batch of <paramref name="batch"/> samples and <paramref name="steps"/> updates:
    /// <list type="bullet">
    /// <item>forward, per layer: the sum b + Σ w·x of n inputs, γ_(n+1); the activation, at most 9u (the largest stated constant, σ in double);</item>
    /// <item>backward: the output delta, 1; per hidden layer the delta sum over the K units above, γ_K, the derivative (2) and the product (1);</item>
    /// <item>the gradient: δ·x and its B − 1 additions over the batch, B; the update g·(1/B), decay·w, the sum, η·(…), the subtraction: 5;</item>
    /// <item>Adam's bias corrections, square root, + ε and division, or Momentum's velocity, add at most 6 more.</item>
    /// </list>
    /// The analysis propagates every error through slopes of at most 1 (σ ¼, tanh, ReLU and identity 1, softmax ½), so
    /// a result is within γ_m of the exact one, relative to the magnitude of its terms (see <see cref="IsClose"/>).
    /// </summary>
    public static int Roundings(int[] sizes, int batch = 1, int steps = 1)
    {
        int forward = 0, backward = 1;
        for (int l = 1; l < sizes.Length; l++)
        {
            forward += sizes[l - 1] + 1 + 9;
            backward += l < sizes.Length - 1 ? sizes[l + 1] + 3 : 0;
        }

        return steps * (forward + backward + batch + 5 + 6);
    }

    /// <summary><see cref="Roundings(int[], int, int)"/> for one hidden layer.</summary>
    public static int Roundings(Layout shape, int batch = 1, int steps = 1) => Roundings([shape.Inputs, shape.Hidden, shape.Outputs], batch, steps);

    /// <summary>
    /// γ_m = m·u/(1 − m·u) in <typeparamref name="T"/> (u = 2⁻²⁴ float, 2⁻⁵³ double; Higham Lemma 3.1), plus γ_m in double
    /// for the reference the result is compared with (PyTorch's float64 golden vectors or a double oracle, rounded by
    /// the same analysis): the relative tolerance of a result m roundings deep.
    /// </summary>
    public static double Tolerance<T>(int roundings)
        where T : unmanaged =>
        RoundingModel.Of<T>().Gamma(roundings) + RoundingModel.Double.Gamma(roundings);

    /// <summary>
    /// |actual − expected| ≤ tol·(|expected| + scale) + floor, and actual is a number. The analysis bounds a computed
    /// sum by γ_m·Σ|terms|, not γ_m·|sum| (Higham §3.1): a gradient component that cancels (terms of the vector's size
    /// adding up to 10⁻⁵) has no componentwise relative accuracy. <paramref name="scale"/> is that magnitude: the
    /// largest |expected| of the vector (<see cref="AllClose"/>), 0 for a single value. floor is the smallest normal
    /// float, for results that underflow (the analysis' Floor).
    /// </summary>
    public static bool IsClose(double expected, double actual, double tolerance, double scale = 0) =>
        !double.IsNaN(actual) && Math.Abs(actual - expected) <= (tolerance * (Math.Abs(expected) + scale)) + RoundingModel.Single.Floor;

    /// <summary>One value close (see <see cref="IsClose"/>); <paramref name="scale"/> the magnitude of its terms where it is a difference that cancels.</summary>
    public static void Close(double expected, double actual, double tolerance, string what, double scale = 0)
    {
        if (!IsClose(expected, actual, tolerance, scale))
        {
            Assert.Fail(string.Format(
                CultureInfo.InvariantCulture,
                "{0}: expected {1:R}, actual {2:R} (difference {3:E3}, tolerance {4:E2}·(|expected| + {5:R}))",
                what, expected, actual, actual - expected, tolerance, scale));
        }
    }

    /// <summary>Every element close (see <see cref="IsClose"/>, scale the largest |expected|); the failure lists the first mismatches by index.</summary>
    public static void AllClose(ReadOnlySpan<double> expected, ReadOnlySpan<double> actual, double tolerance, string what)
    {
        Assert.True(expected.Length == actual.Length, $"{what}: expected {expected.Length} values, got {actual.Length}");
        double scale = 0;
        foreach (double e in expected)
        {
            scale = Math.Max(scale, Math.Abs(e));
        }

        var failures = new List<string>();
        int count = 0;
        for (int n = 0; n < expected.Length; n++)
        {
            if (!IsClose(expected[n], actual[n], tolerance, scale))
            {
                count++;
                if (failures.Count < 8)
                {
                    failures.Add(string.Format(
                        CultureInfo.InvariantCulture,
                        "  [{0}] expected {1:R}, actual {2:R} (difference {3:E3}, allowed {4:E3})",
                        n, expected[n], actual[n], actual[n] - expected[n], tolerance * (Math.Abs(expected[n]) + scale)));
                }
            }
        }

        if (count > 0)
        {
            var message = new StringBuilder();
            message.Append(CultureInfo.InvariantCulture, $"{what}: {count} of {expected.Length} values differ by more than {tolerance:E2}·(|expected| + {scale:E2}):");
            foreach (string failure in failures)
            {
                message.AppendLine().Append(failure);
            }

            Assert.Fail(message.ToString());
        }
    }

    public static T From<T>(double value)
        where T : unmanaged, IFloatingPointIeee754<T> =>
        T.CreateChecked(value);

    public static double ToDouble<T>(T value)
        where T : unmanaged, IFloatingPointIeee754<T> =>
        double.CreateChecked(value);

    public static T[] From<T>(ReadOnlySpan<double> values)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var result = new T[values.Length];
        for (int n = 0; n < values.Length; n++)
        {
            result[n] = T.CreateChecked(values[n]);
        }

        return result;
    }

    public static double[] ToDouble<T>(ReadOnlySpan<T> values)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var result = new double[values.Length];
        for (int n = 0; n < values.Length; n++)
        {
            result[n] = double.CreateChecked(values[n]);
        }

        return result;
    }

    /// <summary>Values rounded to T and back: what a T network actually holds for them.</summary>
    public static double[] RoundTo<T>(ReadOnlySpan<double> values)
        where T : unmanaged, IFloatingPointIeee754<T> =>
        ToDouble<T>(From<T>(values));

    /// <summary>
    /// Random inputs in [−1, 1) and targets, already rounded to <typeparamref name="T"/>, so that a network in T and
    /// a reference in double see the same numbers.
    /// </summary>
    public static (double[][] X, double[][] T) Samples<T>(Random random, Layout shape, int count)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var xs = new double[count][];
        var ts = new double[count][];
        for (int b = 0; b < count; b++)
        {
            xs[b] = RoundTo<T>(Uniform(random, shape.Inputs, -1, 1));
            ts[b] = RoundTo<T>(Targets(random, shape.Outputs));
        }

        return (xs, ts);
    }

    /// <summary>Uniform values in [low, high).</summary>
    public static double[] Uniform(Random random, int count, double low, double high)
    {
        var values = new double[count];
        for (int n = 0; n < count; n++)
        {
            values[n] = low + (high - low) * random.NextDouble();
        }

        return values;
    }

    /// <summary>Targets in [0, 1]: half of them 0 or 1, the others soft.</summary>
    public static double[] Targets(Random random, int count)
    {
        var values = new double[count];
        for (int n = 0; n < count; n++)
        {
            values[n] = random.NextDouble() < 0.5 ? random.Next(2) : random.NextDouble();
        }

        return values;
    }
}

/// <summary>
/// The explicit mapping between NetGen's parameter layout and the textbook's. NetGen stores W1 input-major (w_ji at
/// i·(units of layer 1) + j) and every later W row-major (w_ji at j·(units below) + i); the textbook, the golden files and
/// version-1 weight files store every W row-major. Every oracle here indexes through <see cref="WeightAt"/>, and every
/// textbook-ordered vector (a golden case's θ, ∂L/∂θ) is mapped with <see cref="FromTextbook"/>.
/// </summary>
public static class ParameterLayout
{
    /// <summary>Where w_ji of layer <paramref name="layer"/> (1 to L) sits in NetGen's layout, from the layer's first weight.</summary>
    public static int WeightAt(IReadOnlyList<int> sizes, int layer, int unit, int input) =>
        layer == 1 ? (input * sizes[1]) + unit : (unit * sizes[layer - 1]) + input;

    /// <summary>A parameter vector in the textbook's order (every W row-major), put in NetGen's.</summary>
    public static double[] FromTextbook(IReadOnlyList<int> sizes, double[] textbook)
    {
        var netgen = (double[])textbook.Clone();
        int inputs = sizes[0], units = sizes[1];
        for (int j = 0; j < units; j++)
        {
            for (int i = 0; i < inputs; i++)
            {
                netgen[WeightAt(sizes, 1, j, i)] = textbook[(j * inputs) + i];
            }
        }

        return netgen;
    }
}

/// <summary>Where the blocks of the parameter vector start, for a runtime shape.</summary>
public readonly record struct Layout(int Inputs, int Hidden, int Outputs)
{
    public int W1 => 0;

    /// <summary>Where w_ji of W1 sits: input-major, i·Hidden + j.</summary>
    public int W1At(int j, int i) => (i * Hidden) + j;

    /// <summary>Where w_kj of W2 sits: row-major, W2 + k·Hidden + j.</summary>
    public int W2At(int k, int j) => W2 + (k * Hidden) + j;

    /// <summary>The sizes, for <see cref="ParameterLayout"/>.</summary>
    public int[] Sizes => [Inputs, Hidden, Outputs];

    public int B1 => Hidden * Inputs;

    public int W2 => B1 + Hidden;

    public int B2 => W2 + Outputs * Hidden;

    public int Count => B2 + Outputs;

    /// <summary>True for the weights (W1 and W2), which the L2 penalty covers; false for the biases.</summary>
    public bool IsWeight(int index) => index < B1 || (index >= W2 && index < B2);

    public override string ToString() => $"{Inputs}-{Hidden}-{Outputs}";

    public static Layout Of<T>(ITestNetwork<T> network)
        where T : unmanaged =>
        new(network.Inputs, network.Hidden, network.Outputs);
}
