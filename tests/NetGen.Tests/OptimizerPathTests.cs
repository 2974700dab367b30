using System;
using System.Collections.Generic;
using System.Linq;
using System.Numerics;
using System.Reflection;
using System.Runtime.InteropServices;
using Xunit;

namespace NetGen.Tests;

/// <summary>
/// The README: "with Momentum or Adam, TrainSample is Backward then Step", TrainBatch is Backward on each sample then
/// Step, and the optimizer's state is "cleared by InitializeParameters". Checked bit for bit (raw bytes, so +0 and −0
/// differ) on every Momentum and Adam network the test assembly declares, found by reflection.
/// </summary>
public class OptimizerPathTests
{
    /// <summary>
    /// Every Momentum or Adam network of the test assembly: a generated type with the optimizer's public properties
    /// (Momentum for Momentum; Beta1 for Adam). The attribute is not available at run time, these properties are.
    /// </summary>
    public static IEnumerable<Type> StatefulNetworks() =>
        typeof(OptimizerPathTests).Assembly.GetTypes()
            .Where(t => t.IsClass && !t.IsAbstract && t.GetField("ParameterCount") is not null
                && (t.GetProperty("Momentum") is not null || t.GetProperty("Beta1") is not null))
            .OrderBy(t => t.Name, StringComparer.Ordinal);

    public static TheoryData<string> StatefulNetworkNames()
    {
        var data = new TheoryData<string>();
        foreach (Type type in StatefulNetworks())
        {
            data.Add(type.Name);
        }

        return data;
    }

    /// <summary>The grep of tests/NetGen.Tests for Optimizer.Momentum|Optimizer.Adam found 12 declarations: reflection must see them all.</summary>
    [Fact]
    public void ReflectionFindsEveryMomentumAndAdamNetwork()
    {
        string[] found = StatefulNetworks().Select(t => t.Name).ToArray();
        string[] declared =
        [
            "Bad4652AdamSimdF", "Bad462MomentumD", "DeepAdam6543", "DeepMomentum6543",
            "Net30x16x4AdamSimdF", "Net30x16x4MomentumSimdD", "Net4x6x2AdamSimdD", "Net4x6x2AdamSimdF",
            "Net4x6x2AdamUnrolledF", "Net4x6x2MomentumUnrolledD", "Net4x6x2MomentumUnrolledF", "Net4x6x2MomentumSimdF",
        ];
        Assert.Empty(declared.Except(found));
    }

    [Theory]
    [MemberData(nameof(StatefulNetworkNames))]
    public void TrainSampleIsBackwardThenStep_TrainBatchIsBackwardOnEachThenStep(string name)
    {
        Type type = StatefulNetworks().Single(t => t.Name == name);
        if (type.GetProperty("Parameters")!.PropertyType == typeof(Span<float>))
        {
            SamePath<float>(type);
        }
        else
        {
            SamePath<double>(type);
        }
    }

    /// <summary>
    /// The same where the one-pass bounds do not hold, so that the update first checks every new value without writing:
    /// Adam with ε at its smallest (a/ε̂ is then past T.MaxValue/16 from the first step, as a ≥ |g| ≈ 0.1), Momentum with
    /// one weight at T.MaxValue/8, on an input held at 0 so that the forward pass never meets it. SIMD networks with nothing
    /// pending take TrainSample's step straight from the deltas, the others Backward then Step; either way each call must
    /// give Backward then Step's bits, or be refused as that is, with the parameters as they were.
    /// </summary>
    [Theory]
    [MemberData(nameof(StatefulNetworkNames))]
    public void TrainSampleIsBackwardThenStep_PastTheOnePassBounds(string name)
    {
        Type type = StatefulNetworks().Single(t => t.Name == name);
        if (type.GetProperty("Parameters")!.PropertyType == typeof(Span<float>))
        {
            SamePathPastTheBounds<float>(type, 1e-42f);
        }
        else
        {
            SamePathPastTheBounds<double>(type, double.Epsilon);
        }
    }

    private static void SamePathPastTheBounds<T>(Type type, T smallestEpsilon)
        where T : unmanaged, IFloatingPointIeee754<T>, IMinMaxValue<T>
    {
        Net<T> a = Net<T>.Create(type), b = Net<T>.Create(type);
        var random = new Random(type.Name.Length * 17 + a.Inputs);
        T[] start = Num.From<T>(Num.Uniform(random, a.Parameters.Length, -0.8, 0.8));
        PropertyInfo? epsilon = type.GetProperty("Epsilon");
        bool adam = epsilon is not null;
        if (adam)
        {
            epsilon!.SetValue(a.Network, smallestEpsilon);
            epsilon.SetValue(b.Network, smallestEpsilon);
        }
        else
        {
            start[0] = T.MaxValue / T.CreateChecked(8);   // w of input 0 and unit 0: W1 comes first, input-major
        }

        start.CopyTo(a.Parameters);
        start.CopyTo(b.Parameters);
        T eta = Num.From<T>(0.05), l2 = Num.From<T>(0.02);
        int taken = 0;
        for (int step = 0; step < 8; step++)
        {
            (T[] x, T[] t) = Data<T>(random, a, 1);
            x[0] = T.Zero;
            T[] before = a.Parameters.ToArray();
            T fusedLoss = T.NaN, generalLoss = T.NaN;
            Exception? fused = Record.Exception(() => fusedLoss = a.Call.TrainSample(x, t, eta, l2, 40));
            Exception? general = Record.Exception(() =>
            {
                generalLoss = b.Call.Backward(x, t);
                b.Call.Step(eta, l2, 40);
            });
            string what = $"{type.Name} step {step}";
            Assert.Equal(general?.GetType(), fused?.GetType());
            Same<T>(b.Parameters, a.Parameters, what + ": parameters after TrainSample vs Backward then Step");
            Same<T>(b.Gradients, a.Gradients, what + ": gradients after TrainSample vs Backward then Step");
            if (fused is null)
            {
                Same(generalLoss, fusedLoss, what + ": TrainSample's loss");
                taken++;
            }
            else
            {
                Assert.IsType<NotFiniteNumberException>(fused);
                Same<T>(before, a.Parameters, what + ": a refused step wrote a parameter");
            }
        }

        Assert.True(taken > 0, $"{type.Name}: every step was refused, so no step went through the checking pass and wrote");
    }

    [Theory]
    [MemberData(nameof(StatefulNetworkNames))]
    public void InitializeParameters_ClearsTheOptimizerState(string name)
    {
        Type type = StatefulNetworks().Single(t => t.Name == name);
        if (type.GetProperty("Parameters")!.PropertyType == typeof(Span<float>))
        {
            ClearedByInitialize<float>(type);
        }
        else
        {
            ClearedByInitialize<double>(type);
        }
    }

    private static void SamePath<T>(Type type)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Net<T> a = Net<T>.Create(type), b = Net<T>.Create(type);
        var random = new Random(type.Name.Length * 131 + a.Inputs);
        T[] start = Num.From<T>(Num.Uniform(random, a.Parameters.Length, -0.8, 0.8));
        start.CopyTo(a.Parameters);
        start.CopyTo(b.Parameters);
        T eta = Num.From<T>(0.05), l2 = Num.From<T>(0.02);
        const int n = 40, samples = 13;

        // Several steps of each, interleaved, so the velocity or moments and Adam's step count carry from one to the next.
        for (int round = 0; round < 3; round++)
        {
            for (int step = 0; step < 4; step++)
            {
                (T[] x, T[] t) = Data<T>(random, a, 1);
                T fused = a.Call.TrainSample(x, t, eta, l2, n);
                T general = b.Call.Backward(x, t);
                b.Call.Step(eta, l2, n);
                Same(general, fused, $"{type.Name} round {round} step {step}: TrainSample's loss");
                Same<T>(b.Parameters, a.Parameters, $"{type.Name} round {round} step {step}: parameters after TrainSample vs Backward then Step");
                Same<T>(b.Gradients, a.Gradients, $"{type.Name} round {round} step {step}: gradients after TrainSample vs Backward then Step");
            }

            // With a sample pending from Backward, TrainSample's step takes it in: B = 2.
            (T[] px, T[] pt) = Data<T>(random, a, 1);
            (T[] qx, T[] qt) = Data<T>(random, a, 1);
            a.Call.Backward(px, pt);
            T pendingLoss = a.Call.TrainSample(qx, qt, eta, l2, n);
            b.Call.Backward(px, pt);
            T secondLoss = b.Call.Backward(qx, qt);
            b.Call.Step(eta, l2, n);
            Same(secondLoss, pendingLoss, $"{type.Name} round {round}: TrainSample's loss with a sample pending");
            Same<T>(b.Parameters, a.Parameters, $"{type.Name} round {round}: parameters after Backward + TrainSample vs 2 × Backward then Step");
            Same<T>(b.Gradients, a.Gradients, $"{type.Name} round {round}: gradients after Backward + TrainSample vs 2 × Backward then Step");

            for (int step = 0; step < 3; step++)
            {
                (T[] xs, T[] ts) = Data<T>(random, a, samples);
                T batch = a.Call.TrainBatch(xs, ts, eta, l2, n);
                T sum = T.Zero;
                for (int s = 0; s < samples; s++)
                {
                    sum += b.Call.Backward(xs.AsSpan(s * a.Inputs, a.Inputs), ts.AsSpan(s * a.Outputs, a.Outputs));
                }

                b.Call.Step(eta, l2, n);
                Same(sum / T.CreateChecked(samples), batch, $"{type.Name} round {round} batch {step}: TrainBatch's mean loss");
                Same<T>(b.Parameters, a.Parameters, $"{type.Name} round {round} batch {step}: parameters after TrainBatch(13) vs 13 × Backward then Step");
                Same<T>(b.Gradients, a.Gradients, $"{type.Name} round {round} batch {step}: gradients after TrainBatch(13) vs 13 × Backward then Step");
            }
        }

        Assert.False(a.Parameters.SequenceEqual(start), $"{type.Name}: training changed nothing");
    }

    private static void ClearedByInitialize<T>(Type type)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Net<T> trained = Net<T>.Create(type), fresh = Net<T>.Create(type);
        var random = new Random(17);
        T eta = Num.From<T>(0.05), l2 = Num.From<T>(0.1);
        trained.Call.InitializeParameters(3);
        for (int step = 0; step < 5; step++)
        {
            (T[] x, T[] t) = Data<T>(random, trained, 1);
            trained.Call.TrainSample(x, t, eta, l2, 10);
        }

        trained.Call.InitializeParameters(3);
        fresh.Call.InitializeParameters(3);
        var data = Enumerable.Range(0, 3).Select(_ => Data<T>(random, trained, 1)).ToArray();
        foreach ((T[] x, T[] t) in data)
        {
            Same(fresh.Call.TrainSample(x, t, eta, l2, 10), trained.Call.TrainSample(x, t, eta, l2, 10), type.Name + ": loss after InitializeParameters");
            Same<T>(fresh.Parameters, trained.Parameters, type.Name + ": trained, re-initialized and trained again vs fresh and trained");
        }
    }

    /// <summary><paramref name="count"/> samples: inputs in [−2, 2], one-hot targets (valid for every head).</summary>
    private static (T[] X, T[] T) Data<T>(Random random, Net<T> net, int count)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        T[] x = Num.From<T>(Num.Uniform(random, count * net.Inputs, -2, 2));
        var t = new T[count * net.Outputs];
        for (int s = 0; s < count; s++)
        {
            t[(s * net.Outputs) + random.Next(net.Outputs)] = T.One;
        }

        return (x, t);
    }

    private static void Same<T>(T expected, T actual, string what)
        where T : unmanaged =>
        Same<T>(new[] { expected }, new[] { actual }, what);

    private static void Same<T>(ReadOnlySpan<T> expected, ReadOnlySpan<T> actual, string what)
        where T : unmanaged
    {
        Assert.Equal(expected.Length, actual.Length);
        ReadOnlySpan<byte> e = MemoryMarshal.AsBytes(expected), a = MemoryMarshal.AsBytes(actual);
        int size = e.Length / Math.Max(expected.Length, 1);
        for (int n = 0; n < expected.Length; n++)
        {
            Assert.True(
                e.Slice(n * size, size).SequenceEqual(a.Slice(n * size, size)),
                $"{what}: element {n} is {actual[n]:R}, expected {expected[n]:R} (raw bits differ)");
        }
    }

    /// <summary>A Momentum or Adam test network through whichever test interface it implements.</summary>
    private sealed class Net<T>
        where T : unmanaged
    {
        private Net(object network, int inputs, int outputs)
        {
            Network = network;
            Inputs = inputs;
            Outputs = outputs;
        }

        public object Network { get; }

        public int Inputs { get; }

        public int Outputs { get; }

        public Ops Call => new(Network);

        public Span<T> Parameters => Network is ITestNetwork<T> s ? s.Parameters : ((IDeepNetwork<T>)Network).Parameters;

        public Span<T> Gradients => Network is ITestNetwork<T> s ? s.Gradients : ((IDeepNetwork<T>)Network).Gradients;

        public static Net<T> Create(Type type)
        {
            object network = Activator.CreateInstance(type)!;
            return network switch
            {
                ITestNetwork<T> s => new Net<T>(network, s.Inputs, s.Outputs),
                IDeepNetwork<T> d => new Net<T>(network, d.Sizes[0], d.Sizes[^1]),
                _ => throw new InvalidOperationException($"{type.Name} implements neither ITestNetwork<{typeof(T).Name}> nor IDeepNetwork<{typeof(T).Name}>."),
            };
        }

        public readonly struct Ops(object network)
        {
            public T TrainSample(ReadOnlySpan<T> x, ReadOnlySpan<T> t, T eta, T l2, int n) =>
                network is ITestNetwork<T> s ? s.TrainSample(x, t, eta, l2, n) : ((IDeepNetwork<T>)network).TrainSample(x, t, eta, l2, n);

            public T TrainBatch(ReadOnlySpan<T> x, ReadOnlySpan<T> t, T eta, T l2, int n) =>
                network is ITestNetwork<T> s ? s.TrainBatch(x, t, eta, l2, n) : ((IDeepNetwork<T>)network).TrainBatch(x, t, eta, l2, n);

            public T Backward(ReadOnlySpan<T> x, ReadOnlySpan<T> t) =>
                network is ITestNetwork<T> s ? s.Backward(x, t) : ((IDeepNetwork<T>)network).Backward(x, t);

            public void Step(T eta, T l2, int n)
            {
                if (network is ITestNetwork<T> s)
                {
                    s.Step(eta, l2, n);
                }
                else
                {
                    ((IDeepNetwork<T>)network).Step(eta, l2, n);
                }
            }

            public void InitializeParameters(int seed)
            {
                if (network is ITestNetwork<T> s)
                {
                    s.InitializeParameters(seed);
                }
                else
                {
                    ((IDeepNetwork<T>)network).InitializeParameters(seed);
                }
            }
        }
    }
}
