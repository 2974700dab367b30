using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text.RegularExpressions;
using Xunit;

namespace NetGen.Tests;

/// <summary>
/// README and docs sentences that no other test asserted: Forward with a NaN input (docs/bad-numbers.md), TrainSample's
/// shortcut leaving the gradient buffer alone (README), the registry of deep networks and the README's count of it,
/// and softmax with soft targets summing to 1 (README) by central differences.
/// </summary>
public class ClaimsTests
{
    /// <summary>One network of either test interface.</summary>
    private sealed class AnyNet<T>(object network, int inputs, int outputs, string name)
        where T : unmanaged
    {
        public int Inputs => inputs;

        public int Outputs => outputs;

        public string Name => name;

        public Span<T> Parameters => network is ITestNetwork<T> s ? s.Parameters : ((IDeepNetwork<T>)network).Parameters;

        public Span<T> Gradients => network is ITestNetwork<T> s ? s.Gradients : ((IDeepNetwork<T>)network).Gradients;

        public static AnyNet<T> Shallow(ITestNetwork<T> n) => new(n, n.Inputs, n.Outputs, n.GetType().Name);

        public static AnyNet<T> Deep(IDeepNetwork<T> n) => new(n, n.Sizes[0], n.Sizes[^1], n.GetType().Name);

        public void Forward(ReadOnlySpan<T> x, Span<T> y)
        {
            if (network is ITestNetwork<T> s)
            {
                s.Forward(x, y);
            }
            else
            {
                ((IDeepNetwork<T>)network).Forward(x, y);
            }
        }

        public void ForwardBatch(ReadOnlySpan<T> x, Span<T> y)
        {
            if (network is ITestNetwork<T> s)
            {
                s.ForwardBatch(x, y);
            }
            else
            {
                ((IDeepNetwork<T>)network).ForwardBatch(x, y);
            }
        }

        public T Backward(ReadOnlySpan<T> x, ReadOnlySpan<T> t) =>
            network is ITestNetwork<T> s ? s.Backward(x, t) : ((IDeepNetwork<T>)network).Backward(x, t);

        public T TrainSample(ReadOnlySpan<T> x, ReadOnlySpan<T> t, T eta, T l2, int n) =>
            network is ITestNetwork<T> s ? s.TrainSample(x, t, eta, l2, n) : ((IDeepNetwork<T>)network).TrainSample(x, t, eta, l2, n);

        public void ZeroGradients()
        {
            if (network is ITestNetwork<T> s)
            {
                s.ZeroGradients();
            }
            else
            {
                ((IDeepNetwork<T>)network).ZeroGradients();
            }
        }
    }

    private static IEnumerable<Func<AnyNet<T>>> HeadNetworks<T>()
        where T : unmanaged
    {
        // Every output head, sigmoid, tanh and ReLU hidden units, both kinds of code, one and two hidden layers.
        yield return () => AnyNet<T>.Shallow(Networks.Create<T>(2, 4, 1));
        yield return () => AnyNet<T>.Shallow(Networks.Create<T>(2, 4, 1, Code.Simd));
        yield return () => AnyNet<T>.Shallow(Networks.Create<T>(30, 16, 4, Code.Unrolled, Act.Sigmoid, Out.Softmax));
        yield return () => AnyNet<T>.Shallow(Networks.Create<T>(30, 16, 4, Code.Simd, Act.Sigmoid, Out.Softmax));
        yield return () => AnyNet<T>.Shallow(Networks.Create<T>(30, 16, 4, Code.Simd, Act.Tanh, Out.Softmax));
        yield return () => AnyNet<T>.Shallow(Networks.Create<T>(6, 5, 2, Code.Unrolled, Act.Sigmoid, Out.Linear));
        yield return () => AnyNet<T>.Shallow(Networks.Create<T>(6, 5, 2, Code.Simd, Act.Sigmoid, Out.Linear));
        yield return () => AnyNet<T>.Shallow(Networks.Create<T>(5, 7, 3, Code.Unrolled, Act.Relu, Out.Softmax));
        yield return () => AnyNet<T>.Shallow(Networks.Create<T>(5, 7, 3, Code.Simd, Act.Relu, Out.Softmax));
        yield return () => AnyNet<T>.Shallow(Networks.Create<T>(30, 16, 4, Code.Unrolled, Act.Relu, Out.Linear));
        yield return () => AnyNet<T>.Shallow(Networks.Create<T>(30, 16, 4, Code.Simd, Act.Relu, Out.Linear));
        yield return () => AnyNet<T>.Deep(DeepNetworks.Create<T>([8, 10, 6, 4], Code.Unrolled, Act.Tanh, Out.Softmax));
        yield return () => AnyNet<T>.Deep(DeepNetworks.Create<T>([8, 10, 6, 4], Code.Simd, Act.Tanh, Out.Softmax));
        yield return () => AnyNet<T>.Deep(DeepNetworks.Create<T>([3, 8, 8, 2], Code.Simd));
    }

    // ---- docs/bad-numbers.md: "Forward and ForwardBatch check nothing but lengths … A NaN input gives NaN outputs" ----

    [Fact]
    public void ForwardWithANaNInput_ThrowsNothingAndGivesNaNOutputs_Float() => NaNInput<float>();

    [Fact]
    public void ForwardWithANaNInput_ThrowsNothingAndGivesNaNOutputs_Double() => NaNInput<double>();

    private static void NaNInput<T>()
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        foreach (Func<AnyNet<T>> make in HeadNetworks<T>())
        {
            AnyNet<T> net = make();
            var random = new Random(net.Inputs);
            Num.From<T>(Num.Uniform(random, net.Parameters.Length, -1, 1)).CopyTo(net.Parameters);
            for (int at = 0; at < net.Inputs; at += Math.Max(1, net.Inputs / 3))
            {
                T[] x = Num.From<T>(Num.Uniform(random, net.Inputs, -2, 2));
                x[at] = T.NaN;
                var y = new T[net.Outputs];
                net.Forward(x, y);
                Assert.True(y.All(v => T.IsNaN(v)), $"{net.Name}: Forward with input {at} NaN gave [{string.Join(", ", y)}]");

                // A batch of 29 with the NaN in sample 21 only: NaN there, Forward's bits elsewhere. SIMD code takes 3 blocks of 8
                // samples and 5 more; unrolled code on AVX-512 a vector of 16 samples, then of 8 (with sample 21), of 4, and 1 more.
                const int samples = 29, bad = 21;
                T[] xs = Num.From<T>(Num.Uniform(random, samples * net.Inputs, -2, 2));
                xs[(bad * net.Inputs) + at] = T.NaN;
                var ys = new T[samples * net.Outputs];
                net.ForwardBatch(xs, ys);
                for (int s = 0; s < samples; s++)
                {
                    Span<T> row = ys.AsSpan(s * net.Outputs, net.Outputs);
                    if (s == bad)
                    {
                        Assert.True(row.ToArray().All(v => T.IsNaN(v)), $"{net.Name}: ForwardBatch with sample {s}'s input {at} NaN gave [{string.Join(", ", row.ToArray())}]");
                    }
                    else
                    {
                        net.Forward(xs.AsSpan(s * net.Inputs, net.Inputs), y);
                        Assert.True(row.ToArray().All(v => T.IsFinite(v)), $"{net.Name}: sample {s} of the batch is not finite");
                        Assert.True(MemoryMarshal.AsBytes(row).SequenceEqual(MemoryMarshal.AsBytes(y.AsSpan())), $"{net.Name}: ForwardBatch's sample {s} differs from Forward's");
                    }
                }

                // An infinite input: no exception either ("saturates or gives NaN").
                x[at] = T.PositiveInfinity;
                net.Forward(x, y);
                net.ForwardBatch(xs.AsSpan(0, net.Inputs), y);
            }
        }
    }

    // ---- README: TrainSample "with no gradients pending … one pass that never touches the gradient buffer" ----

    /// <summary>
    /// Whether gradients are pending is the count of Backward calls since the last Step, not the buffer's contents:
    /// values written into Gradients with no Backward leave nothing pending, so TrainSample takes its shortcut, which
    /// must leave them exactly as written and not let them into the step.
    /// </summary>
    [Fact]
    public void TrainSampleShortcut_NeverTouchesTheGradientBuffer_Float() => Sentinel<float>(-1234.5f);

    [Fact]
    public void TrainSampleShortcut_NeverTouchesTheGradientBuffer_Double() => Sentinel<double>(-1234.5);

    private static void Sentinel<T>(T sentinel)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var sgd = new List<Func<AnyNet<T>>>
        {
            () => AnyNet<T>.Shallow(Networks.Create<T>(2, 4, 1)),
            () => AnyNet<T>.Shallow(Networks.Create<T>(2, 4, 1, Code.Simd)),
            () => AnyNet<T>.Shallow(Networks.Create<T>(30, 16, 4, Code.Simd, Act.Sigmoid, Out.Softmax)),
            () => AnyNet<T>.Shallow(Networks.Create<T>(6, 5, 2, Code.Unrolled, Act.Sigmoid, Out.Linear)),
            () => AnyNet<T>.Deep(DeepNetworks.Create<T>([3, 8, 8, 2], Code.Unrolled)),
            () => AnyNet<T>.Deep(DeepNetworks.Create<T>([3, 8, 8, 2], Code.Simd)),
        };
        foreach (Func<AnyNet<T>> make in sgd)
        {
            AnyNet<T> net = make(), twin = make();
            var random = new Random(net.Parameters.Length);
            T[] start = Num.From<T>(Num.Uniform(random, net.Parameters.Length, -0.8, 0.8));
            start.CopyTo(net.Parameters);
            start.CopyTo(twin.Parameters);
            net.Gradients.Fill(sentinel);
            byte[] written = MemoryMarshal.AsBytes(net.Gradients).ToArray();
            for (int step = 0; step < 3; step++)
            {
                T[] x = Num.From<T>(Num.Uniform(random, net.Inputs, -2, 2));
                var t = new T[net.Outputs];
                t[random.Next(net.Outputs)] = T.One;
                T loss = net.TrainSample(x, t, Num.From<T>(0.1), Num.From<T>(0.01), 20);
                T twinLoss = twin.TrainSample(x, t, Num.From<T>(0.1), Num.From<T>(0.01), 20);
                Assert.True(MemoryMarshal.AsBytes(net.Gradients).SequenceEqual(written), $"{net.Name} step {step}: TrainSample's shortcut wrote into Gradients");
                Assert.True(
                    MemoryMarshal.AsBytes(net.Parameters).SequenceEqual(MemoryMarshal.AsBytes(twin.Parameters)) && loss.Equals(twinLoss),
                    $"{net.Name} step {step}: the values in Gradients changed the step");
            }
        }
    }

    // ---- README: "a plain deep reference … for each of the 33 deep networks declared" ----

    /// <summary>
    /// The registry in DeepNetworks.cs is hand-kept. Every IDeepNetwork type declared in DeepNetworks.cs is in it, every
    /// other IDeepNetwork type of the assembly belongs to a test that keeps its own (listed below with the reason), and
    /// the README's count is the registry's.
    /// </summary>
    [Fact]
    public void DeepNetworkRegistry_HoldsEveryDeepNetworkDeclared_AndTheReadmeCountIsItsSize()
    {
        var registered = new List<Type>();
        foreach ((int[] sizes, Code kernels, Act activation, Out head) in DeepNetworks.Declared<float>())
        {
            registered.Add(DeepNetworks.Create<float>(sizes, kernels, activation, head).GetType());
        }

        foreach ((int[] sizes, Code kernels, Act activation, Out head) in DeepNetworks.Declared<double>())
        {
            registered.Add(DeepNetworks.Create<double>(sizes, kernels, activation, head).GetType());
        }

        Assert.Equal(registered.Count, registered.Distinct().Count());

        // Declared in DeepNetworks.cs: read from the source, as ReadmeTests reads the README.
        string source = File.ReadAllText(Path.Combine(Here(), "DeepNetworks.cs"));
        string[] inFile = Regex.Matches(source, @"public partial class (\w+)\s*:\s*IDeepNetwork<").Select(m => m.Groups[1].Value).ToArray();
        Assert.NotEmpty(inFile);
        Assert.Empty(inFile.Except(registered.Select(t => t.Name)));
        Assert.Empty(registered.Select(t => t.Name).Except(inFile));

        // Generated networks only (adapters such as ShallowNetwork<T> implement the interface too).
        // Outside the registry on purpose: each of these tests keeps its own networks and its own oracle.
        static bool OwnedElsewhere(string name) =>
            name.StartsWith("Bad", StringComparison.Ordinal)          // BadNumberTests: NaN, ±∞ and overflow at run time
            || name.StartsWith("Repro", StringComparison.Ordinal)     // ReproducibilityTests: the bound between summation orders
            || name is "DeepAdam6543" or "DeepMomentum6543";          // DeepNetworkTests: the deep optimizers against a plain loop
        Type[] deep = typeof(ClaimsTests).Assembly.GetTypes()
            .Where(t => t.IsClass && t.GetField("ParameterCount") is not null && t.GetInterfaces().Any(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IDeepNetwork<>)))
            .ToArray();
        Assert.Empty(deep.Where(t => !OwnedElsewhere(t.Name)).Except(registered).Select(t => t.Name));

        string readme = File.ReadAllText(Path.Combine(Here(), "..", "..", "README.md")).ReplaceLineEndings(" ");
        Match count = Regex.Match(readme, @"for each of the (\d+) deep networks declared");
        Assert.True(count.Success, "the README no longer says \"for each of the N deep networks declared\"");
        Assert.Equal(registered.Count, int.Parse(count.Groups[1].Value));
    }

    // ---- README: softmax targets "one-hot (or summing to 1)" ----

    /// <summary>
    /// Soft targets summing to 1 on softmax networks, in double: Backward's loss is −Σ t_k log y_k computed here from
    /// Forward's outputs, and Gradients is the central difference of that loss for every parameter.
    /// </summary>
    [Fact]
    public void SoftmaxWithSoftTargets_GradientsAreCentralDifferencesOfMinusSumTLogY()
    {
        var nets = new List<AnyNet<double>>
        {
            AnyNet<double>.Shallow(Networks.Create<double>(30, 16, 4, Code.Simd, Act.Tanh, Out.Softmax)),
            AnyNet<double>.Shallow(Networks.Create<double>(30, 16, 4, Code.Unrolled, Act.Sigmoid, Out.Softmax)),
            AnyNet<double>.Deep(DeepNetworks.Create<double>([4, 6, 5, 3], Code.Unrolled, Act.Sigmoid, Out.Softmax)),
            AnyNet<double>.Deep(DeepNetworks.Create<double>([4, 6, 5, 3], Code.Simd, Act.Tanh, Out.Softmax)),
        };
        foreach (AnyNet<double> net in nets)
        {
            var random = new Random(net.Parameters.Length + 3);
            Num.Uniform(random, net.Parameters.Length, -0.7, 0.7).CopyTo(net.Parameters);
            double[] x = Num.Uniform(random, net.Inputs, -1.5, 1.5);
            double[] t = Num.Uniform(random, net.Outputs, 0.05, 1);
            double total = t.Sum();
            for (int k = 0; k < t.Length; k++)
            {
                t[k] /= total;
            }

            Assert.True(t.All(v => v > 0.01 && v < 0.99), "soft targets, none 0 or 1");
            double Loss()
            {
                var y = new double[net.Outputs];
                net.Forward(x, y);
                double sum = 0;
                for (int k = 0; k < y.Length; k++)
                {
                    sum -= t[k] * Math.Log(y[k]);
                }

                return sum;
            }

            net.ZeroGradients();
            double loss = net.Backward(x, t);
            double independent = Loss();
            Assert.True(Math.Abs(loss - independent) <= 1e-12 * Math.Max(1, Math.Abs(independent)), $"{net.Name}: Backward's loss {loss:R}, −Σ t log y = {independent:R}");
            double[] analytic = net.Gradients.ToArray();
            for (int n = 0; n < analytic.Length; n++)
            {
                double theta = net.Parameters[n], h = 1e-5 * Math.Max(1, Math.Abs(theta));
                net.Parameters[n] = theta + h;
                double plus = Loss();
                net.Parameters[n] = theta - h;
                double minus = Loss();
                net.Parameters[n] = theta;
                double numeric = (plus - minus) / (2 * h);
                Assert.True(
                    Math.Abs(numeric - analytic[n]) <= 1e-7 + (1e-6 * Math.Abs(numeric)),
                    $"{net.Name}: ∂ℓ/∂θ_{n} is {analytic[n]:R} in Gradients, central differences give {numeric:R}");
            }
        }
    }

    private static string Here([CallerFilePath] string file = "") => Path.GetDirectoryName(file)!;
}
