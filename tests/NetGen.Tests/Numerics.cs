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
    /// <summary>Relative tolerance (with an absolute floor of the same size) for results computed in T.</summary>
    public static double Tolerance<T>()
        where T : unmanaged =>
        typeof(T) == typeof(float) ? 2e-4 : typeof(T) == typeof(double) ? 1e-9 : throw new NotSupportedException(typeof(T).Name);

    /// <summary>|actual − expected| ≤ tol·max(1, |expected|), and actual is a number.</summary>
    public static bool IsClose(double expected, double actual, double tolerance) =>
        !double.IsNaN(actual) && Math.Abs(actual - expected) <= tolerance * Math.Max(1.0, Math.Abs(expected));

    public static void Close(double expected, double actual, double tolerance, string what)
    {
        if (!IsClose(expected, actual, tolerance))
        {
            Assert.Fail(string.Format(
                CultureInfo.InvariantCulture,
                "{0}: expected {1:R}, actual {2:R} (difference {3:E3}, tolerance {4:E1}·max(1, |expected|))",
                what, expected, actual, actual - expected, tolerance));
        }
    }

    /// <summary>Every element close (see <see cref="IsClose"/>); the failure lists the first mismatches by index.</summary>
    public static void AllClose(ReadOnlySpan<double> expected, ReadOnlySpan<double> actual, double tolerance, string what)
    {
        Assert.True(expected.Length == actual.Length, $"{what}: expected {expected.Length} values, got {actual.Length}");
        var failures = new List<string>();
        int count = 0;
        for (int n = 0; n < expected.Length; n++)
        {
            if (!IsClose(expected[n], actual[n], tolerance))
            {
                count++;
                if (failures.Count < 8)
                {
                    failures.Add(string.Format(
                        CultureInfo.InvariantCulture, "  [{0}] expected {1:R}, actual {2:R} (difference {3:E3})",
                        n, expected[n], actual[n], actual[n] - expected[n]));
                }
            }
        }

        if (count > 0)
        {
            var message = new StringBuilder();
            message.Append(CultureInfo.InvariantCulture, $"{what}: {count} of {expected.Length} values differ by more than {tolerance:E1}·max(1, |expected|):");
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

/// <summary>Where the blocks of the parameter vector start, for a runtime shape.</summary>
public readonly record struct Layout(int Inputs, int Hidden, int Outputs)
{
    public int W1 => 0;

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
