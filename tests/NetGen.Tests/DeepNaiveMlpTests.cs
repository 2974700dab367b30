using System;
using System.Collections.Generic;
using System.Linq;
using NetGen.Tests.Golden;
using Xunit;

namespace NetGen.Tests;

/// <summary>
/// The deep oracle checked on its own: against every case of Golden/deeper-networks.json (PyTorch, float64), against
/// central differences of its own loss, and for its parameter layout.
/// </summary>
public sealed class DeepNaiveMlpTests
{
    private const double ForwardTolerance = 1e-12;
    private const double GradientTolerance = 1e-10;

    [Fact]
    public void The_golden_file_has_cases_and_deep_ones()
    {
        Assert.NotEmpty(DeepGoldenCases.All);
        Assert.Equal(DeepGoldenCases.All.Count, DeepGoldenCases.All.Select(c => c.Name).Distinct().Count());
        Assert.Equal(DeepGoldenCases.All.Select(c => c.Name), NamesOf(DeepGoldenCases.Names));
        Assert.NotEmpty(DeepGoldenCases.Deep);
        Assert.All(DeepGoldenCases.Deep, c => Assert.True(c.Layers.Length > 3, c.Name));
        Assert.Equal(DeepGoldenCases.All.Count(c => c.Layers.Length > 3), DeepGoldenCases.Deep.Count);
        Assert.Equal(DeepGoldenCases.Deep.Select(c => c.Name), NamesOf(DeepGoldenCases.DeepNames));
    }

    [Theory]
    [MemberData(nameof(DeepGoldenCases.Names), MemberType = typeof(DeepGoldenCases))]
    public void Outputs_match_golden(string name)
    {
        DeepGoldenCase c = DeepGoldenCases.Get(name);
        DeepNaiveMlp net = Load(c);
        for (int b = 0; b < c.Batch; b++)
        {
            AssertClose(c.Y[b], net.Forward(c.X[b]), ForwardTolerance, name + " Y[" + b + "]");
        }
    }

    [Theory]
    [MemberData(nameof(DeepGoldenCases.Names), MemberType = typeof(DeepGoldenCases))]
    public void ForwardAll_gives_every_layer_and_the_logits(string name)
    {
        DeepGoldenCase c = DeepGoldenCases.Get(name);
        DeepNaiveMlp net = Load(c);
        for (int b = 0; b < c.Batch; b++)
        {
            (double[][] activations, double[] logits) = net.ForwardAll(c.X[b]);
            Assert.Equal(c.Layers.Length, activations.Length);
            for (int l = 0; l < c.Layers.Length; l++)
            {
                Assert.Equal(c.Layers[l], activations[l].Length);
            }

            Assert.Equal(c.X[b], activations[0]);
            AssertClose(c.Y[b], activations[^1], ForwardTolerance, name + " activations[L][" + b + "]");
            Assert.Equal(c.Layers[^1], logits.Length);

            // The logits are the last layer's pre-activations: W_L z_(L−1) + b_L, here recomputed from the layout.
            int layer = c.Layers.Length - 1;
            int columns = c.Layers[layer - 1];
            for (int k = 0; k < logits.Length; k++)
            {
                double a = net.Parameters[net.BiasOffset(layer) + k];
                for (int i = 0; i < columns; i++)
                {
                    a += net.Parameters[net.WeightOffset(layer) + (k * columns) + i] * activations[layer - 1][i];
                }

                AssertClose(a, logits[k], ForwardTolerance, name + " logits[" + b + "][" + k + "]");
            }
        }
    }

    [Theory]
    [MemberData(nameof(DeepGoldenCases.Names), MemberType = typeof(DeepGoldenCases))]
    public void Loss_matches_golden(string name)
    {
        DeepGoldenCase c = DeepGoldenCases.Get(name);
        AssertClose(c.Loss, Load(c).Loss(c.X, c.T, c.L2, c.N), ForwardTolerance, name + " loss");
    }

    [Theory]
    [MemberData(nameof(DeepGoldenCases.Names), MemberType = typeof(DeepGoldenCases))]
    public void Gradient_matches_golden(string name)
    {
        DeepGoldenCase c = DeepGoldenCases.Get(name);
        AssertClose(c.Gradient, Load(c).Gradient(c.X, c.T, c.L2, c.N), GradientTolerance, name + " dL/dθ");
    }

    [Theory]
    [MemberData(nameof(DeepGoldenCases.Names), MemberType = typeof(DeepGoldenCases))]
    public void Sgd_steps_match_golden(string name)
    {
        DeepGoldenCase c = DeepGoldenCases.Get(name);
        DeepNaiveMlp net = Load(c);
        Assert.True(c.Steps >= 1, name + " has no SGD step");
        for (int s = 0; s < c.Steps; s++)
        {
            net.SgdStep(c.X, c.T, c.LearningRate, c.L2, c.N);
        }

        AssertClose(c.ParametersAfter, net.Parameters, GradientTolerance, name + " θ after " + c.Steps + " steps");
    }

    public static TheoryData<string, string> ActivationsAndHeads
    {
        get
        {
            var data = new TheoryData<string, string>();
            foreach (string activation in new[] { "sigmoid", "tanh", "relu" })
            {
                foreach (string head in new[] { "sigmoid", "softmax", "identity" })
                {
                    data.Add(activation, head);
                }
            }

            return data;
        }
    }

    /// <summary>
    /// Backprop against central differences of the oracle's own Loss on a random 4-6-5-3 network. With h = 1e-6 and a
    /// loss of order 1 the truncation error is ~h² and the rounding error ~1e-16/h = 1e-10, so 1e-7 is a generous but
    /// meaningful bound (a wrong term is off by orders of magnitude more). For relu the network is drawn again until no
    /// hidden pre-activation lies within 1e-3 of the kink, far beyond what a 1e-6 nudge of one parameter can move.
    /// </summary>
    [Theory]
    [MemberData(nameof(ActivationsAndHeads))]
    public void Gradient_matches_central_differences(string activation, string head)
    {
        int[] sizes = [4, 6, 5, 3];
        const int Batch = 3;
        const int N = 10;
        const double L2 = 0.3;
        const double H = 1e-6;
        const double Tolerance = 1e-7;

        var random = new Random((1000 * activation[0]) + head[1]);
        DeepNaiveMlp net = new(sizes, activation, head);
        double[][] x = [];
        bool drawn = false;
        for (int attempt = 0; attempt < 200 && !drawn; attempt++)
        {
            for (int p = 0; p < net.ParameterCount; p++)
            {
                net.Parameters[p] = random.NextDouble() - 0.5;
            }

            x = Enumerable.Range(0, Batch).Select(_ => Enumerable.Range(0, sizes[0]).Select(_ => (2 * random.NextDouble()) - 1).ToArray()).ToArray();
            drawn = activation != "relu" || x.All(row => MinHiddenPreActivation(net, row) > 1e-3);
        }

        Assert.True(drawn, "no relu network with every hidden pre-activation away from 0 in 200 draws");
        double[][] t = Enumerable.Range(0, Batch).Select(_ => Target(random, head, sizes[^1])).ToArray();

        double[] gradient = net.Gradient(x, t, L2, N);
        Assert.Equal(net.ParameterCount, gradient.Length);
        Assert.Contains(gradient, g => Math.Abs(g) > 1e-3);
        for (int p = 0; p < net.ParameterCount; p++)
        {
            double saved = net.Parameters[p];
            net.Parameters[p] = saved + H;
            double plus = net.Loss(x, t, L2, N);
            net.Parameters[p] = saved - H;
            double minus = net.Loss(x, t, L2, N);
            net.Parameters[p] = saved;
            double numeric = (plus - minus) / (2 * H);
            Assert.True(
                Math.Abs(gradient[p] - numeric) <= Tolerance * Math.Max(1, Math.Abs(numeric)),
                $"{activation}/{head} θ[{p}]: backprop {gradient[p]:R}, central difference {numeric:R}");
        }
    }

    [Fact]
    public void Layout_of_784_128_64_10()
    {
        var net = new DeepNaiveMlp([784, 128, 64, 10]);
        Assert.Equal(new[] { 784, 128, 64, 10 }, net.Sizes);
        Assert.Equal(0, net.WeightOffset(1));
        Assert.Equal(100352, net.BiasOffset(1));
        Assert.Equal(100480, net.WeightOffset(2));
        Assert.Equal(108672, net.BiasOffset(2));
        Assert.Equal(108736, net.WeightOffset(3));
        Assert.Equal(109376, net.BiasOffset(3));
        Assert.Equal(109386, net.ParameterCount);
        Assert.Equal(109386, net.Parameters.Length);

        Assert.True(net.IsWeight(0));
        Assert.True(net.IsWeight(100351));
        Assert.False(net.IsWeight(100352));
        Assert.False(net.IsWeight(100479));
        Assert.True(net.IsWeight(100480));
        Assert.False(net.IsWeight(108672));
        Assert.True(net.IsWeight(108736));
        Assert.True(net.IsWeight(109375));
        Assert.False(net.IsWeight(109376));
        Assert.False(net.IsWeight(109385));
        Assert.Equal(784 * 128 + 128 * 64 + 64 * 10, Enumerable.Range(0, net.ParameterCount).Count(net.IsWeight));
        Assert.Throws<ArgumentOutOfRangeException>(() => net.WeightOffset(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => net.BiasOffset(4));
    }

    [Fact]
    public void Flatten_follows_the_layout()
    {
        double[][][] w = [[[1, 2], [3, 4], [5, 6]], [[7, 8, 9]]];
        double[][] b = [[10, 11, 12], [13]];
        // W1 input-major (w_ji at i·3 + j), b1, W2 row-major, b2.
        Assert.Equal(new double[] { 1, 3, 5, 2, 4, 6, 10, 11, 12, 7, 8, 9, 13 }, DeepNaiveMlp.Flatten(w, b));
        Assert.Equal(new DeepNaiveMlp([2, 3, 1]).ParameterCount, DeepNaiveMlp.Flatten(w, b).Length);
        Assert.Throws<ArgumentException>(() => DeepNaiveMlp.Flatten(w, [[10, 11, 12]]));
        Assert.Throws<ArgumentException>(() => DeepNaiveMlp.Flatten([[[1, 2], [3]]], [[1, 2]]));
    }

    [Fact]
    public void Constructor_rejects_bad_arguments()
    {
        Assert.Throws<ArgumentException>(() => new DeepNaiveMlp([3, 2]));
        Assert.Throws<ArgumentException>(() => new DeepNaiveMlp([3, 0, 2]));
        Assert.Throws<ArgumentException>(() => new DeepNaiveMlp([3, 4, 2], "softplus"));
        Assert.Throws<ArgumentException>(() => new DeepNaiveMlp([3, 4, 2], "tanh", "logsoftmax"));
        Assert.Equal(3 * 4 + 4 + 4 * 2 + 2, new DeepNaiveMlp([3, 4, 2], "relu", "identity").ParameterCount);
    }

    private static string[] NamesOf(TheoryData<string> data) =>
        ((IEnumerable<object?[]>)data).Select(row => Assert.IsType<string>(Assert.Single(row))).ToArray();

    private static DeepNaiveMlp Load(DeepGoldenCase c)
    {
        var net = new DeepNaiveMlp(c.Layers, c.Activation, c.Head);
        Assert.Equal(net.ParameterCount, c.Parameters.Length);
        Assert.Equal(net.ParameterCount, c.Gradient.Length);
        Assert.Equal(net.ParameterCount, c.ParametersAfter.Length);
        Array.Copy(c.Parameters, net.Parameters, c.Parameters.Length);
        return net;
    }

    private static double[] Target(Random random, string head, int outputs)
    {
        var t = new double[outputs];
        switch (head)
        {
            case "softmax":
                t[random.Next(outputs)] = 1;
                break;
            case "sigmoid":
                for (int k = 0; k < outputs; k++)
                {
                    t[k] = random.NextDouble();
                }

                break;
            default:
                for (int k = 0; k < outputs; k++)
                {
                    t[k] = (4 * random.NextDouble()) - 2;
                }

                break;
        }

        return t;
    }

    /// <summary>The smallest |a| over every hidden unit's pre-activation, recomputed from the layout.</summary>
    private static double MinHiddenPreActivation(DeepNaiveMlp net, double[] x)
    {
        int[] sizes = net.Sizes;
        double[][] activations = net.ForwardAll(x).Activations;
        double min = double.PositiveInfinity;
        for (int l = 1; l < sizes.Length - 1; l++)
        {
            for (int j = 0; j < sizes[l]; j++)
            {
                double a = net.Parameters[net.BiasOffset(l) + j];
                for (int i = 0; i < sizes[l - 1]; i++)
                {
                    a += net.Parameters[net.WeightOffset(l) + ParameterLayout.WeightAt(sizes, l, j, i)] * activations[l - 1][i];
                }

                min = Math.Min(min, Math.Abs(a));
            }
        }

        return min;
    }

    private static void AssertClose(double expected, double actual, double tolerance, string what) =>
        Assert.True(
            Math.Abs(actual - expected) <= tolerance * Math.Max(1, Math.Abs(expected)),
            $"{what}: expected {expected:R}, got {actual:R} (|Δ| = {Math.Abs(actual - expected):R}, tolerance {tolerance:R} relative)");

    private static void AssertClose(double[] expected, double[] actual, double tolerance, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            AssertClose(expected[i], actual[i], tolerance, what + "[" + i + "]");
        }
    }
}
