using System;
using System.Linq;
using System.Numerics;
using NetGen.Tests.Golden;
using Xunit;

namespace NetGen.Tests;

/// <summary>
/// Networks of more than one hidden layer, through the generated public API: against the golden vectors of
/// deeper-networks.json, central differences of their own loss, the plain deep reference (<see cref="DeepNaiveMlp"/>),
/// and the per-sample calls that the batch and fused paths must reproduce bit for bit.
/// </summary>
public class DeepNetworkTests
{
    private static string ActivationName(Act activation) => activation switch { Act.Tanh => "tanh", Act.Relu => "relu", _ => "sigmoid" };

    private static string HeadName(Out head) => head switch { Out.Softmax => "softmax", Out.Linear => "identity", _ => "sigmoid" };

    /// <summary>Every deep golden case, through unrolled and SIMD code.</summary>
    public static TheoryData<string, Code> GoldenCasesAndKernels
    {
        get
        {
            var data = new TheoryData<string, Code>();
            foreach (DeepGoldenCase c in DeepGoldenCases.Deep)
            {
                data.Add(c.Name, Code.Unrolled);
                data.Add(c.Name, Code.Simd);
            }

            return data;
        }
    }

    /// <summary>Every network DeepNetworks.cs declares in <typeparamref name="T"/>.</summary>
    private static TheoryData<string, Code, Act, Out> DeclaredOf<T>()
    {
        var data = new TheoryData<string, Code, Act, Out>();
        foreach ((int[] sizes, Code kernels, Act activation, Out head) in DeepNetworks.Declared<T>().OrderBy(d => string.Join("-", d.Sizes)))
        {
            data.Add(string.Join("-", sizes), kernels, activation, head);
        }

        return data;
    }

    public static TheoryData<string, Code, Act, Out> SingleNetworks => DeclaredOf<float>();

    public static TheoryData<string, Code, Act, Out> DoubleNetworks => DeclaredOf<double>();

    /// <summary>Each hidden activation × output head on 4-6-5-3, through both kinds of code.</summary>
    public static TheoryData<Act, Out, Code> ActivationHeadPairs
    {
        get
        {
            var data = new TheoryData<Act, Out, Code>();
            foreach (Act activation in Enum.GetValues<Act>())
            {
                foreach (Out head in Enum.GetValues<Out>())
                {
                    data.Add(activation, head, Code.Unrolled);
                    data.Add(activation, head, Code.Simd);
                }
            }

            return data;
        }
    }

    private static int[] Parse(string sizes) => sizes.Split('-').Select(int.Parse).ToArray();

    [Theory]
    [MemberData(nameof(GoldenCasesAndKernels))]
    public void Golden_Single(string name, Code kernels) => GoldenMatches<float>(name, kernels);

    [Theory]
    [MemberData(nameof(GoldenCasesAndKernels))]
    public void Golden_Double(string name, Code kernels) => GoldenMatches<double>(name, kernels);

    /// <summary>
    /// Forward's outputs, the batch loss from Backward's returns and the penalty, dL/dθ from the summed gradients, and
    /// θ after the case's steps of Backward then Step, and again of TrainBatch.
    /// </summary>
    private static void GoldenMatches<T>(string name, Code kernels)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        DeepGoldenCase c = DeepGoldenCases.Get(name);
        double tolerance = Num.Tolerance<T>(Num.Roundings(c.Layers, c.Batch, c.Steps));
        IDeepNetwork<T> Load()
        {
            IDeepNetwork<T> network = DeepNetworks.Create<T>(c.Layers, kernels, Networks.ActivationNamed(c.Activation), Networks.HeadNamed(c.Head));
            Assert.Equal(c.Parameters.Length, network.ParameterTotal);
            Num.From<T>(c.Parameters).CopyTo(network.Parameters);
            return network;
        }

        var oracle = new DeepNaiveMlp(c.Layers, c.Activation, c.Head);
        IDeepNetwork<T> net = Load();
        var output = new T[c.Layers[^1]];
        for (int b = 0; b < c.Batch; b++)
        {
            net.Forward(Num.From<T>(c.X[b]), output);
            Num.AllClose(c.Y[b], Num.ToDouble<T>(output), tolerance, $"{name} {kernels} ({typeof(T).Name}) Y[{b}]");
        }

        double sum = 0;
        for (int b = 0; b < c.Batch; b++)
        {
            sum += Num.ToDouble(net.Backward(Num.From<T>(c.X[b]), Num.From<T>(c.T[b])));
        }

        double[] p = Num.ToDouble<T>(net.Parameters), g = Num.ToDouble<T>(net.Gradients);
        double squares = 0;
        var gradient = new double[p.Length];
        for (int n = 0; n < p.Length; n++)
        {
            bool weight = oracle.IsWeight(n);
            squares += weight ? p[n] * p[n] : 0;
            gradient[n] = (g[n] / c.Batch) + (weight ? c.L2 / c.N * p[n] : 0);
        }

        Num.Close(c.Loss, (sum / c.Batch) + (c.L2 / (2.0 * c.N) * squares), tolerance, $"{name} {kernels} ({typeof(T).Name}) loss");
        Num.AllClose(c.Gradient, gradient, tolerance, $"{name} {kernels} ({typeof(T).Name}) dL/dθ");

        net = Load();
        for (int s = 0; s < c.Steps; s++)
        {
            for (int b = 0; b < c.Batch; b++)
            {
                net.Backward(Num.From<T>(c.X[b]), Num.From<T>(c.T[b]));
            }

            net.Step(Num.From<T>(c.LearningRate), Num.From<T>(c.L2), c.N);
        }

        Num.AllClose(c.ParametersAfter, Num.ToDouble<T>(net.Parameters), tolerance, $"{name} {kernels} ({typeof(T).Name}) θ after {c.Steps} Backward/Step");

        net = Load();
        T[] xs = Num.From<T>(c.X.SelectMany(r => r).ToArray()), ts = Num.From<T>(c.T.SelectMany(r => r).ToArray());
        for (int s = 0; s < c.Steps; s++)
        {
            net.TrainBatch(xs, ts, Num.From<T>(c.LearningRate), Num.From<T>(c.L2), c.N);
        }

        Num.AllClose(c.ParametersAfter, Num.ToDouble<T>(net.Parameters), tolerance, $"{name} {kernels} ({typeof(T).Name}) θ after {c.Steps} TrainBatch");
    }

    /// <summary>
    /// Backward's summed gradients against central differences of the summed losses it returns, in double: step 1e-6,
    /// within 1e-6 relative plus 1e-7 absolute (a linear head's squared error is unbounded; see GradientCheckTests).
    /// Softmax targets are one-hot rows. A ReLU unit within the step of its kink would break the difference; with these
    /// random parameters none is, and a failure names the parameter.
    /// </summary>
    [Theory]
    [MemberData(nameof(ActivationHeadPairs))]
    public void BackwardMatchesCentralDifferences_EveryActivationAndHead(Act activation, Out head, Code kernels) =>
        CheckBackward(new[] { 4, 6, 5, 3 }, kernels, activation, head);

    [Theory]
    [InlineData("5-4-3-3-2", Code.Unrolled, Act.Relu, Out.Softmax)]
    [InlineData("30-20-10-5-3", Code.Simd, Act.Tanh, Out.Linear)]
    [InlineData("101-41-17-3", Code.Simd, Act.Tanh, Out.Softmax)]
    [InlineData("8-10-6-4", Code.Unrolled, Act.Tanh, Out.Softmax)]
    [InlineData("8-10-6-4", Code.Simd, Act.Tanh, Out.Softmax)]
    public void BackwardMatchesCentralDifferences_OtherDepths(string sizes, Code kernels, Act activation, Out head) =>
        CheckBackward(Parse(sizes), kernels, activation, head);

    private static void CheckBackward(int[] sizes, Code kernels, Act activation, Out head)
    {
        IDeepNetwork<double> network = RandomNetwork<double>(sizes, kernels, activation, head, seed: sizes.Sum() + (int)activation * 7 + (int)head * 13);
        (double[][] x, double[][] t) = Samples(new Random(sizes.Length * 31 + sizes[0]), sizes, head, 3);
        for (int b = 0; b < x.Length; b++)
        {
            network.Backward(x[b], t[b]);
        }

        double[] analytic = network.Gradients.ToArray();
        network.ZeroGradients();
        double Loss()
        {
            double sum = 0;
            for (int b = 0; b < x.Length; b++)
            {
                sum += network.Backward(x[b], t[b]);
            }

            network.ZeroGradients();
            return sum;
        }

        const double epsilon = 1e-6;
        Span<double> p = network.Parameters;
        for (int n = 0; n < p.Length; n++)
        {
            double saved = p[n];
            p[n] = saved + epsilon;
            double up = Loss();
            p[n] = saved - epsilon;
            double down = Loss();
            p[n] = saved;
            double numeric = (up - down) / (2 * epsilon);
            Assert.True(
                Math.Abs(numeric - analytic[n]) <= (1e-6 * Math.Abs(numeric)) + 1e-7,
                $"{string.Join("-", sizes)} {kernels} {activation}/{head}: ∂ℓ/∂θ[{n}] is {analytic[n]:R} by Backward, {numeric:R} by central differences");
        }

        Assert.Contains(analytic, v => Math.Abs(v) > 1e-3);
    }

    [Theory]
    [MemberData(nameof(SingleNetworks))]
    public void MatchesTheDeepReference_Single(string sizes, Code kernels, Act activation, Out head) =>
        MatchesReference<float>(Parse(sizes), kernels, activation, head);

    [Theory]
    [MemberData(nameof(DoubleNetworks))]
    public void MatchesTheDeepReference_Double(string sizes, Code kernels, Act activation, Out head) =>
        MatchesReference<double>(Parse(sizes), kernels, activation, head);

    /// <summary>
    /// Forward, the penalized batch gradient (Backward over 5 samples, then G/B + (λ/N) w) and one TrainSample step
    /// against the deep reference in double, from random parameters and samples.
    /// </summary>
    private static void MatchesReference<T>(int[] sizes, Code kernels, Act activation, Out head)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        const double l2 = 0.3, eta = 0.05;
        const int n = 20;
        double tolerance = Num.Tolerance<T>(Num.Roundings(sizes, batch: 5));
        string what = $"{string.Join("-", sizes)} {kernels} {activation}/{head} ({typeof(T).Name})";
        IDeepNetwork<T> network = RandomNetwork<T>(sizes, kernels, activation, head, seed: sizes.Sum());
        var oracle = new DeepNaiveMlp(sizes, ActivationName(activation), HeadName(head));
        Num.ToDouble<T>(network.Parameters).CopyTo(oracle.Parameters, 0);
        (double[][] xd, double[][] td) = Samples(new Random(sizes[0] + sizes[1]), sizes, head, 5);
        T[][] x = Array.ConvertAll(xd, r => Num.From<T>(r)), t = Array.ConvertAll(td, r => Num.From<T>(r));

        var output = new T[sizes[^1]];
        for (int b = 0; b < x.Length; b++)
        {
            network.Forward(x[b], output);
            Num.AllClose(oracle.Forward(xd[b]), Num.ToDouble<T>(output), tolerance, what + $" Forward[{b}]");
        }

        for (int b = 0; b < x.Length; b++)
        {
            network.Backward(x[b], t[b]);
        }

        double[] p = Num.ToDouble<T>(network.Parameters), g = Num.ToDouble<T>(network.Gradients);
        double[] gradient = p.Select((w, k) => (g[k] / x.Length) + (oracle.IsWeight(k) ? l2 / n * w : 0)).ToArray();
        Num.AllClose(oracle.Gradient(xd, td, l2, n), gradient, tolerance, what + " dL/dθ");
        network.ZeroGradients();

        T loss = network.TrainSample(x[0], t[0], Num.From<T>(eta), Num.From<T>(l2), n);
        Num.Close(oracle.SampleLoss(xd[0], td[0]), Num.ToDouble(loss), tolerance, what + " TrainSample's loss");
        oracle.SgdStep(new[] { xd[0] }, new[] { td[0] }, eta, l2, n);
        Num.AllClose(oracle.Parameters, Num.ToDouble<T>(network.Parameters), tolerance, what + " θ after TrainSample");
    }

    [Theory]
    [MemberData(nameof(SingleNetworks))]
    public void BatchAndFusedPaths_AreThePerSampleCalls_Single(string sizes, Code kernels, Act activation, Out head) =>
        BatchAndFusedPathsMatch<float>(Parse(sizes), kernels, activation, head);

    [Theory]
    [MemberData(nameof(DoubleNetworks))]
    public void BatchAndFusedPaths_AreThePerSampleCalls_Double(string sizes, Code kernels, Act activation, Out head) =>
        BatchAndFusedPathsMatch<double>(Parse(sizes), kernels, activation, head);

    /// <summary>
    /// ForwardBatch is Forward on each sample, TrainBatch is Backward on each sample then Step, and TrainSample is
    /// Backward then Step, all bit for bit: 47 samples, so the SIMD batch kernels' blocks of 8 and the 7 left over run, and
    /// in unrolled code (on AVX-512) ForwardBatch's vectors of samples at every width and the 3 left over (1 for double).
    /// </summary>
    private static void BatchAndFusedPathsMatch<T>(int[] sizes, Code kernels, Act activation, Out head)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        const int samples = 47;
        int inputs = sizes[0], outputs = sizes[^1];
        string what = $"{string.Join("-", sizes)} {kernels} {activation}/{head} ({typeof(T).Name})";
        (double[][] xd, double[][] td) = Samples(new Random(samples + sizes.Sum()), sizes, head, samples);
        T[] xs = Num.From<T>(xd.SelectMany(r => r).ToArray()), ts = Num.From<T>(td.SelectMany(r => r).ToArray());
        T eta = Num.From<T>(0.1), l2 = Num.From<T>(0.01);

        IDeepNetwork<T> a = RandomNetwork<T>(sizes, kernels, activation, head, seed: 5);
        IDeepNetwork<T> b = RandomNetwork<T>(sizes, kernels, activation, head, seed: 5);
        var batch = new T[samples * outputs];
        a.ForwardBatch(xs, batch);
        var one = new T[outputs];
        for (int s = 0; s < samples; s++)
        {
            b.Forward(xs.AsSpan(s * inputs, inputs), one);
            Assert.True(Num.SameBits<T>(one, batch.AsSpan(s * outputs, outputs)), what + $": ForwardBatch differs from Forward at sample {s}");
        }

        T batchLoss = a.TrainBatch(xs, ts, eta, l2, 50);
        T sum = T.Zero;
        for (int s = 0; s < samples; s++)
        {
            sum += b.Backward(xs.AsSpan(s * inputs, inputs), ts.AsSpan(s * outputs, outputs));
        }

        b.Step(eta, l2, 50);
        Assert.True(Num.SameBits<T>(a.Parameters, b.Parameters), what + ": TrainBatch's parameters differ from Backward on each sample then Step");
        Assert.True(Num.SameBits<T>([sum / T.CreateChecked(samples)], [batchLoss]), what + $": TrainBatch's loss {batchLoss}, the mean of Backward's {sum / T.CreateChecked(samples)}");

        T fused = a.TrainSample(xs.AsSpan(0, inputs), ts.AsSpan(0, outputs), eta, l2, 50);
        T general = b.Backward(xs.AsSpan(0, inputs), ts.AsSpan(0, outputs));
        b.Step(eta, l2, 50);
        Assert.True(Num.SameBits<T>([general], [fused]), what + $": TrainSample's loss {fused}, Backward's {general}");
        Assert.True(Num.SameBits<T>(a.Parameters, b.Parameters), what + ": TrainSample differs from Backward then Step");
    }

    /// <summary>LayerSizes, the size constants and the parameter layout the issue specifies, for 784-128-64-10.</summary>
    [Fact]
    public void LayerSizesAndLayout_784_128_64_10()
    {
        Assert.Equal(new[] { 784, 128, 64, 10 }, DeepNet784_128_64_10.LayerSizes.ToArray());
        Assert.Equal(784, DeepNet784_128_64_10.InputCount);
        Assert.Equal(128, DeepNet784_128_64_10.Hidden1Count);
        Assert.Equal(64, DeepNet784_128_64_10.Hidden2Count);
        Assert.Equal(10, DeepNet784_128_64_10.OutputCount);
        Assert.Equal((128 * 784) + 128 + (64 * 128) + 64 + (10 * 64) + 10, DeepNet784_128_64_10.ParameterCount);
        Assert.Null(typeof(DeepNet784_128_64_10).GetField("HiddenCount"));
        Assert.Equal(new[] { 2, 4, 1 }, Net241F.LayerSizes.ToArray());
        Assert.Equal(4, Net241F.HiddenCount);

        // The layout: change one parameter of W2 (row 3, column 5) and one of b3 and see which outputs move.
        var network = new DeepNet784_128_64_10();
        network.InitializeParameters(1);
        var x = new float[784];
        x.AsSpan().Fill(0.5f);
        float[] before = new float[10], after = new float[10];
        network.Forward(x, before);
        network.Parameters[(128 * 784) + 128 + (64 * 128) + 64 + 10 * 64 + 7] += 1f;   // b3[7]
        network.Forward(x, after);
        for (int k = 0; k < 10; k++)
        {
            Assert.True(k == 7 ? after[k] > before[k] : after[k] < before[k], $"raising b3[7] moved output {k} the wrong way");
        }
    }

    /// <summary>Glorot bounds per layer, biases 0, the same parameters for the same seed and different ones for another.</summary>
    [Fact]
    public void InitializeParameters_GlorotPerLayer()
    {
        int[] sizes = { 30, 20, 10, 5, 3 };
        IDeepNetwork<float> a = DeepNetworks.Create<float>(sizes, Code.Simd), b = DeepNetworks.Create<float>(sizes, Code.Simd);
        a.InitializeParameters(42);
        b.InitializeParameters(42);
        Assert.True(a.Parameters.SequenceEqual(b.Parameters));
        b.InitializeParameters(43);
        Assert.False(a.Parameters.SequenceEqual(b.Parameters));

        var oracle = new DeepNaiveMlp(sizes);
        for (int layer = 1; layer < sizes.Length; layer++)
        {
            double r = Math.Sqrt(6.0 / (sizes[layer - 1] + sizes[layer]));
            ReadOnlySpan<float> w = a.Parameters.Slice(oracle.WeightOffset(layer), sizes[layer] * sizes[layer - 1]);
            ReadOnlySpan<float> bias = a.Parameters.Slice(oracle.BiasOffset(layer), sizes[layer]);
            float max = 0;
            foreach (float v in w)
            {
                Assert.True(Math.Abs(v) < r, $"layer {layer}: |{v}| ≥ {r}");
                max = Math.Max(max, Math.Abs(v));
            }

            Assert.True(max > r * 0.7, $"layer {layer}: the largest weight {max} is far inside ±{r}: the bound is another layer's");
            Assert.True(bias.IndexOfAnyExcept(0f) < 0, $"layer {layer}: biases are not 0");
        }
    }

    /// <summary>Adam and momentum on a deep network against a plain loop over the parameters, with the penalty on weights only.</summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Optimizers_MatchAPlainLoop(bool adam)
    {
        const double eta = 0.01, l2 = 0.5;
        const int n = 10;
        int[] sizes = { 6, 5, 4, 3 };
        var oracle = new DeepNaiveMlp(sizes, "tanh", "softmax");
        IDeepNetwork<double> network = adam ? new DeepAdam6543() : new DeepMomentum6543();
        network.InitializeParameters(3);
        (double[][] x, double[][] t) = Samples(new Random(9), sizes, Out.Softmax, 4);
        double[] p = network.Parameters.ToArray();
        double[] m = new double[p.Length], v = new double[p.Length];
        for (int step = 1; step <= 3; step++)
        {
            foreach ((double[] xi, double[] ti) in x.Zip(t))
            {
                network.Backward(xi, ti);
            }

            double[] g = network.Gradients.ToArray();
            network.Step(eta, l2, n);
            for (int k = 0; k < p.Length; k++)
            {
                double gk = (g[k] / x.Length) + (oracle.IsWeight(k) ? l2 / n * p[k] : 0);
                if (adam)
                {
                    m[k] = (0.9 * m[k]) + (0.1 * gk);
                    v[k] = (0.999 * v[k]) + (0.001 * gk * gk);
                    p[k] -= eta * (m[k] / (1 - Math.Pow(0.9, step))) / (Math.Sqrt(v[k] / (1 - Math.Pow(0.999, step))) + 1e-8);
                }
                else
                {
                    v[k] = (0.9 * v[k]) + gk;
                    p[k] -= eta * v[k];
                }
            }

            Num.AllClose(p, network.Parameters.ToArray(), 1e-12, $"{(adam ? "Adam" : "momentum")} step {step}");
        }
    }

    [Theory]
    [InlineData("784-128-64-10", Code.Auto, Act.Relu, Out.Softmax)]
    [InlineData("30-20-10-5-3", Code.Simd, Act.Sigmoid, Out.Sigmoid)]
    [InlineData("5-4-3-3-2", Code.Unrolled, Act.Sigmoid, Out.Sigmoid)]
    public void NoMethodAllocates_Single(string sizes, Code kernels, Act activation, Out head) =>
        NoMethodAllocates<float>(Parse(sizes), kernels, activation, head);

    [Theory]
    [InlineData("784-128-64-10", Code.Auto, Act.Relu, Out.Softmax)]
    [InlineData("30-20-10-5-3", Code.Simd, Act.Tanh, Out.Linear)]
    [InlineData("5-4-3-3-2", Code.Unrolled, Act.Relu, Out.Softmax)]
    public void NoMethodAllocates_Double(string sizes, Code kernels, Act activation, Out head) =>
        NoMethodAllocates<double>(Parse(sizes), kernels, activation, head);

    /// <summary>
    /// Every public method, batches included, and LayerSizes: no managed allocation over 500 calls each, measured once
    /// after AllocationTests.WarmUpRounds unmeasured rounds of the same calls.
    /// </summary>
    private static void NoMethodAllocates<T>(int[] sizes, Code kernels, Act activation, Out head)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        IDeepNetwork<T> network = RandomNetwork<T>(sizes, kernels, activation, head, seed: 11);
        (double[][] xd, double[][] td) = Samples(new Random(12), sizes, head, 13);
        T[] xs = Num.From<T>(xd.SelectMany(r => r).ToArray()), ts = Num.From<T>(td.SelectMany(r => r).ToArray());
        var ys = new T[13 * sizes[^1]];
        T eta = Num.From<T>(1e-3), l2 = Num.From<T>(1e-2);
        var calls = new (string Name, Action Call)[]
        {
            ("Forward", () => network.Forward(xs.AsSpan(0, sizes[0]), ys.AsSpan(0, sizes[^1]))),
            ("Backward+Step", () => { network.Backward(xs.AsSpan(0, sizes[0]), ts.AsSpan(0, sizes[^1])); network.Step(eta, l2, 100); }),
            ("TrainSample", () => network.TrainSample(xs.AsSpan(0, sizes[0]), ts.AsSpan(0, sizes[^1]), eta, l2, 100)),
            ("ForwardBatch", () => network.ForwardBatch(xs, ys)),
            ("TrainBatch", () => network.TrainBatch(xs, ts, eta, l2, 100)),
            ("InitializeParameters", () => network.InitializeParameters(5)),
            ("LayerSizes", () => ys[0] = T.CreateChecked(DeepNet784_128_64_10.LayerSizes[3])),
        };

        foreach ((string name, Action call) in calls)
        {
            AllocationTests.AssertAllocatesNothing(null, $"{string.Join("-", sizes)} ({typeof(T).Name}) {name}", 500, call);
        }
    }

    private static IDeepNetwork<T> RandomNetwork<T>(int[] sizes, Code kernels, Act activation, Out head, int seed)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        IDeepNetwork<T> network = DeepNetworks.Create<T>(sizes, kernels, activation, head);
        network.InitializeParameters(seed);
        var oracle = new DeepNaiveMlp(sizes);
        var random = new Random(seed);
        for (int layer = 1; layer < sizes.Length; layer++)
        {
            Span<T> biases = network.Parameters.Slice(oracle.BiasOffset(layer), sizes[layer]);
            for (int j = 0; j < biases.Length; j++)
            {
                biases[j] = Num.From<T>((random.NextDouble() - 0.5) * 0.4);
            }
        }

        return network;
    }

    /// <summary>Inputs in [−1, 1]; targets in [0, 1] for sigmoid outputs, one-hot rows for softmax, in [−1, 1] for linear ones.</summary>
    private static (double[][] X, double[][] T) Samples(Random random, int[] sizes, Out head, int count)
    {
        var x = new double[count][];
        var t = new double[count][];
        for (int b = 0; b < count; b++)
        {
            x[b] = Enumerable.Range(0, sizes[0]).Select(_ => (random.NextDouble() * 2) - 1).ToArray();
            t[b] = new double[sizes[^1]];
            if (head == Out.Softmax)
            {
                t[b][random.Next(sizes[^1])] = 1;
            }
            else
            {
                for (int k = 0; k < t[b].Length; k++)
                {
                    t[b][k] = head == Out.Linear ? (random.NextDouble() * 2) - 1 : random.NextDouble();
                }
            }
        }

        return (x, t);
    }
}

[Mlp(784, 128, 64, 10, Output = Output.Softmax)]
public partial class DeepNet784_128_64_10
{
}

[Mlp(6, 5, 4, 3, Precision = Precision.Double, Activation = Activation.Tanh, Output = Output.Softmax, Optimizer = Optimizer.Adam)]
public partial class DeepAdam6543 : IDeepNetwork<double>
{
    int[] IDeepNetwork<double>.Sizes => LayerSizes.ToArray();
    int IDeepNetwork<double>.ParameterTotal => ParameterCount;
}

[Mlp(6, 5, 4, 3, Precision = Precision.Double, Activation = Activation.Tanh, Output = Output.Softmax, Optimizer = Optimizer.Momentum, Kernels = Kernels.Unrolled)]
public partial class DeepMomentum6543 : IDeepNetwork<double>
{
    int[] IDeepNetwork<double>.Sizes => LayerSizes.ToArray();
    int IDeepNetwork<double>.ParameterTotal => ParameterCount;
}
