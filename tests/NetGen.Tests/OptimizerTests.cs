using System;
using System.Linq;
using System.Numerics;
using System.Reflection;
using System.Runtime.InteropServices;
using Xunit;

namespace NetGen.Tests;

/// <summary>
/// Step with Momentum and Adam against a plain loop that applies the textbook update to the gradients the network
/// accumulated, in double, with its own copy of the optimizer's state: three steps in a row, so the state carries. And
/// against the same update in T, in the generated code's order of operations, to the bit.
/// </summary>
public class OptimizerTests
{
    public enum Rule
    {
        Momentum,
        Adam,
    }

    public static TheoryData<string, Rule> Networks => new()
    {
        { nameof(Net4x6x2MomentumUnrolledF), Rule.Momentum },
        { nameof(Net4x6x2MomentumSimdF), Rule.Momentum },
        { nameof(Net4x6x2AdamUnrolledF), Rule.Adam },
        { nameof(Net4x6x2AdamSimdF), Rule.Adam },
        { nameof(Net30x16x4AdamSimdF), Rule.Adam },
        { nameof(Net4x6x2MomentumUnrolledD), Rule.Momentum },
        { nameof(Net4x6x2AdamSimdD), Rule.Adam },
        { nameof(Net30x16x4MomentumSimdD), Rule.Momentum },
    };

    [Theory]
    [MemberData(nameof(Networks))]
    public void StepMatchesAPlainLoop(string network, Rule rule)
    {
        object net = Make(network);
        if (net is ITestNetwork<float> single)
        {
            StepMatches(single, rule);
        }
        else
        {
            StepMatches((ITestNetwork<double>)net, rule);
        }
    }

    /// <summary>
    /// Step against the update written out in T one parameter at a time, each operation in the order the generated
    /// UpdateParameters has it: parameters and optimizer state must match to the bit, three steps in a row. The generated
    /// code computes each block of parameters a vector at a time, then the rest one at a time; each lane must round as
    /// this loop does. The blocks of these networks (24, 6, 12 and 2 parameters; 480, 16, 64 and 4) leave a rest at every
    /// vector width of 4 lanes or more, and 6 and 2 at 8 float lanes. Both of UpdateParameters' paths: the one pass (the
    /// test asserts its steps stay inside the bound), and, with <paramref name="checkingPass"/>, a first pass that checks
    /// without writing, then the writing pass, taken when the largest magnitudes do not bound every new value well inside
    /// T. Adam gets there with an ε so small (subnormal) that 4 α_t max|g|/ε̂ passes T.MaxValue/16; Momentum with one
    /// velocity of T.MaxValue/8. Each step is still finite and must be taken, with the same bits as the update in T.
    /// </summary>
    [Theory]
    [MemberData(nameof(NetworksOnBothPaths))]
    public void StepIsTheUpdateInT_BitForBit(string network, Rule rule, bool checkingPass)
    {
        object net = Make(network);
        if (net is ITestNetwork<float> single)
        {
            StepIsTheUpdateInT(single, rule, checkingPass);
        }
        else
        {
            StepIsTheUpdateInT((ITestNetwork<double>)net, rule, checkingPass);
        }
    }

    public static TheoryData<string, Rule, bool> NetworksOnBothPaths()
    {
        var data = new TheoryData<string, Rule, bool>();
        foreach (object[] row in Networks)
        {
            data.Add((string)row[0], (Rule)row[1], false);
            data.Add((string)row[0], (Rule)row[1], true);
        }

        return data;
    }

    /// <summary>
    /// Adam where the quotient m/(√v + ε̂) itself passes float.MaxValue while α_t·m/(√v + ε̂) would not: β2 = ½ lets v
    /// underflow to 0 within 150 steps while β1 = 0.99 keeps m near 2·10⁻³, and ε = 10⁻⁴² leaves ε̂ far too small to stop
    /// the quotient. One gradient of 1 on the first parameter, then none. Every step until then must be finite; the step
    /// whose quotient overflows must be refused with the parameters exactly as they were (the one-pass bound has to see
    /// the quotient, not only the move).
    /// </summary>
    [Theory]
    [InlineData(nameof(Net4x6x2AdamSimdF))]
    [InlineData(nameof(Net4x6x2AdamUnrolledF))]
    public void Adam_AQuotientPastFloatMaxValue_IsRefusedWithNothingWritten(string network)
    {
        var net = (ITestNetwork<float>)Make(network);
        net.GetType().GetProperty("Beta1")!.SetValue(net, 0.99f);
        net.GetType().GetProperty("Beta2")!.SetValue(net, 0.5f);
        net.GetType().GetProperty("Epsilon")!.SetValue(net, 1e-42f);
        Num.From<float>(Num.Uniform(new Random(5), net.ParameterTotal, -1, 1)).CopyTo(net.Parameters);
        float[] x = Num.From<float>(Num.Uniform(new Random(6), net.Inputs, -1, 1));
        float[] t = new float[net.Outputs];
        t[0] = 1;
        for (int step = 1; step <= 300; step++)
        {
            net.Backward(x, t);
            net.Gradients.Clear();
            net.Gradients[0] = step == 1 ? 1f : 0f;
            float[] before = net.Parameters.ToArray();
            try
            {
                net.Step(1e-3f, 0f, 10);
            }
            catch (NotFiniteNumberException)
            {
                Assert.True(step > 100, $"refused at step {step}, before v could underflow");
                Assert.Equal(before, net.Parameters.ToArray());
                return;
            }

            Assert.True(net.Parameters.ToArray().All(float.IsFinite), $"step {step} wrote a parameter that is not finite: {net.Parameters[0]}");
        }

        Assert.Fail("no step was refused: the quotient never overflowed, so the test does not test what it says");
    }

    [Fact]
    public void Settings_RefuseValuesOutOfRange_AndKeepTheirValue()
    {
        var momentum = new Net4x6x2MomentumUnrolledF();
        Assert.Equal(0.9f, momentum.Momentum);
        Assert.Throws<ArgumentOutOfRangeException>(() => momentum.Momentum = 1f);
        Assert.Throws<ArgumentOutOfRangeException>(() => momentum.Momentum = float.NaN);
        Assert.Equal(0.9f, momentum.Momentum);
        momentum.Momentum = 0.5f;
        Assert.Equal(0.5f, momentum.Momentum);

        var adam = new Net4x6x2AdamSimdD();
        Assert.Equal((0.9, 0.999, 1e-8), (adam.Beta1, adam.Beta2, adam.Epsilon));
        Assert.Throws<ArgumentOutOfRangeException>(() => adam.Beta1 = -0.1);
        Assert.Throws<ArgumentOutOfRangeException>(() => adam.Beta2 = 1.0);
        Assert.Throws<ArgumentOutOfRangeException>(() => adam.Epsilon = 0.0);
        Assert.Throws<ArgumentOutOfRangeException>(() => adam.Epsilon = double.PositiveInfinity);
        Assert.Equal((0.9, 0.999, 1e-8), (adam.Beta1, adam.Beta2, adam.Epsilon));
    }

    [Fact]
    public void InitializeParameters_ResetsTheOptimizerState()
    {
        var trained = new Net4x6x2AdamUnrolledF();
        var fresh = new Net4x6x2AdamUnrolledF();
        float[] x = { 0.1f, -0.4f, 0.7f, 0.2f }, t = { 1f, 0f };
        trained.InitializeParameters(3);
        for (int n = 0; n < 5; n++)
        {
            trained.TrainSample(x, t, 0.01f, 0.1f, 10);
        }

        trained.InitializeParameters(3);
        fresh.InitializeParameters(3);
        trained.TrainSample(x, t, 0.01f, 0.1f, 10);
        fresh.TrainSample(x, t, 0.01f, 0.1f, 10);
        Assert.Equal(fresh.Parameters.ToArray(), trained.Parameters.ToArray());
    }

    private static void StepMatches<T>(ITestNetwork<T> network, Rule rule)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        const double eta = 0.05, l2 = 0.3, mu = 0.9, beta1 = 0.9, beta2 = 0.999, epsilon = 1e-8;
        const int n = 20;
        var random = new Random(network.Inputs * 31 + network.Hidden);
        Num.From<T>(Num.Uniform(random, network.ParameterTotal, -1, 1)).CopyTo(network.Parameters);
        Layout shape = Layout.Of(network);
        int count = network.ParameterTotal;
        var velocity = new double[count];
        var m = new double[count];
        var v = new double[count];
        double[] expected = Num.ToDouble<T>(network.Parameters);

        for (int step = 1; step <= 3; step++)
        {
            (double[][] xs, double[][] ts) = Num.Samples<T>(random, shape, 3);
            foreach ((double[] x, double[] t) in xs.Zip(ts))
            {
                network.Backward(Num.From<T>(x), Num.From<T>(t));
            }

            double[] g = Num.ToDouble<T>(network.Gradients);
            double[] p = Num.ToDouble<T>(network.Parameters);
            for (int k = 0; k < count; k++)
            {
                double gk = (g[k] / xs.Length) + (shape.IsWeight(k) ? l2 / n * p[k] : 0);
                if (rule == Rule.Momentum)
                {
                    velocity[k] = (mu * velocity[k]) + gk;
                    expected[k] = p[k] - (eta * velocity[k]);
                }
                else
                {
                    m[k] = (beta1 * m[k]) + ((1 - beta1) * gk);
                    v[k] = (beta2 * v[k]) + ((1 - beta2) * gk * gk);
                    double mHat = m[k] / (1 - Math.Pow(beta1, step)), vHat = v[k] / (1 - Math.Pow(beta2, step));
                    expected[k] = p[k] - (eta * mHat / (Math.Sqrt(vHat) + epsilon));
                }
            }

            network.Step(T.CreateChecked(eta), T.CreateChecked(l2), n);
            Num.AllClose(expected, Num.ToDouble<T>(network.Parameters), Num.Tolerance<T>(Num.Roundings(shape, xs.Length)), $"{network.GetType().Name} after step {step}");
            Assert.All(Num.ToDouble<T>(network.Gradients), gk => Assert.Equal(0.0, gk));
        }
    }

    private static void StepIsTheUpdateInT<T>(ITestNetwork<T> network, Rule rule, bool checkingPass)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        const int n = 20;
        T eta = T.CreateChecked(0.05), l2 = T.CreateChecked(0.3);
        var random = new Random((network.Inputs * 17) + network.Hidden);
        Num.From<T>(Num.Uniform(random, network.ParameterTotal, -1, 1)).CopyTo(network.Parameters);
        Layout shape = Layout.Of(network);
        int count = network.ParameterTotal;
        T Setting(string name) => (T)network.GetType().GetProperty(name)!.GetValue(network)!;
        ArraySegment<T> State(string name) => StateFields.Get<T>(network, name);
        T mu = rule == Rule.Momentum ? Setting("Momentum") : T.Zero;
        (T beta1, T beta2, T epsilon) = rule == Rule.Adam ? (Setting("Beta1"), Setting("Beta2"), Setting("Epsilon")) : (T.Zero, T.Zero, T.Zero);
        T[] velocity = new T[count], m = new T[count], v = new T[count], expected = new T[count];
        double maxValue = typeof(T) == typeof(float) ? float.MaxValue : double.MaxValue, limit = maxValue / 16;
        if (checkingPass && rule == Rule.Adam)
        {
            epsilon = T.CreateChecked(typeof(T) == typeof(float) ? 1e-40 : 1e-310);   // subnormal, still above 0
            network.GetType().GetProperty("Epsilon")!.SetValue(network, epsilon);
        }
        else if (checkingPass)
        {
            velocity[0] = T.CreateChecked(maxValue / 8);
            State("__velocity")[0] = velocity[0];
        }

        for (int step = 1; step <= 3; step++)
        {
            (double[][] xs, double[][] ts) = Num.Samples<T>(random, shape, 3);
            foreach ((double[] x, double[] t) in xs.Zip(ts))
            {
                network.Backward(Num.From<T>(x), Num.From<T>(t));
            }

            T[] g = network.Gradients.ToArray(), p = network.Parameters.ToArray();
            T invB = T.One / T.CreateChecked(xs.Length), decay = l2 / T.CreateChecked(n);
            double correction1 = 1.0 - Math.Pow(double.CreateChecked(beta1), step);
            double correction2 = 1.0 - Math.Pow(double.CreateChecked(beta2), step);
            T alpha = T.CreateChecked(double.CreateChecked(eta) * Math.Sqrt(correction2) / correction1);
            double smallest = typeof(T) == typeof(float) ? float.Epsilon : double.Epsilon;   // the smallest T above 0
            T epsilonHat = T.CreateChecked(Math.Max(double.CreateChecked(epsilon) * Math.Sqrt(correction2), smallest));
            if (!checkingPass)
            {
                // The one-pass path must be the one taken here: an upper estimate of every term of the generated bound
                // (docs/bad-numbers.md), far inside it.
                double largestP = p.Max(x => double.CreateChecked(T.Abs(x)));
                double s = (g.Max(x => double.CreateChecked(T.Abs(x))) * double.CreateChecked(invB)) + (double.CreateChecked(decay) * largestP);
                double moves = rule == Rule.Adam
                    ? 4 * double.CreateChecked(alpha) * Math.Max(m.Max(x => double.CreateChecked(T.Abs(x))), s) / double.CreateChecked(epsilonHat)
                    : 2 * double.CreateChecked(eta) * ((double.CreateChecked(mu) * velocity.Max(x => double.CreateChecked(T.Abs(x)))) + s);
                Assert.True(largestP + moves < limit / 1e6, $"step {step} would leave the one-pass bound: {largestP + moves}");
            }
            else if (checkingPass && rule == Rule.Adam)
            {
                // A lower bound of the generated bound's last term: 4 α_t max(max|m|, s)/ε̂ with s ≥ max|G|/B.
                double largestG = g.Max(x => double.CreateChecked(T.Abs(x))) * double.CreateChecked(invB);
                Assert.True(4 * double.CreateChecked(alpha) * largestG / double.CreateChecked(epsilonHat) > limit, $"step {step} stays in the one-pass bound");
            }
            else if (checkingPass)
            {
                Assert.True(double.CreateChecked(mu) * double.CreateChecked(velocity[0]) > limit, $"step {step} stays in the one-pass bound");
            }

            for (int k = 0; k < count; k++)
            {
                T gk = shape.IsWeight(k) ? (g[k] * invB) + (decay * p[k]) : g[k] * invB;
                if (rule == Rule.Momentum)
                {
                    velocity[k] = (mu * velocity[k]) + gk;
                    expected[k] = p[k] - (eta * velocity[k]);
                }
                else
                {
                    m[k] = (beta1 * m[k]) + ((T.One - beta1) * gk);
                    v[k] = (beta2 * v[k]) + ((T.One - beta2) * gk * gk);
                    expected[k] = p[k] - (alpha * (m[k] / (T.Sqrt(v[k]) + epsilonHat)));
                }
            }

            network.Step(eta, l2, n);
            string after = $"{network.GetType().Name} after step {step}";
            AssertSameBits(expected, network.Parameters, "parameter", after);
            if (rule == Rule.Momentum)
            {
                AssertSameBits(velocity, State("__velocity"), "velocity", after);
            }
            else
            {
                AssertSameBits(m, State("__firstMoment"), "first moment", after);
                AssertSameBits(v, State("__secondMoment"), "second moment", after);
            }
        }
    }

    /// <summary>Every element of <paramref name="actual"/> has the bits of <paramref name="expected"/>'s (so −0 is not +0).</summary>
    private static void AssertSameBits<T>(T[] expected, Span<T> actual, string what, string when)
        where T : unmanaged
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int k = 0; k < expected.Length; k++)
        {
            if (!MemoryMarshal.AsBytes(expected.AsSpan(k, 1)).SequenceEqual(MemoryMarshal.AsBytes(actual.Slice(k, 1))))
            {
                Assert.Fail($"{when}: {what} {k} of {expected.Length} is {actual[k]}, not {expected[k]} ({Vector<T>.Count} lanes)");
            }
        }
    }

    private static object Make(string name) => name switch
    {
        nameof(Net4x6x2MomentumUnrolledF) => new Net4x6x2MomentumUnrolledF(),
        nameof(Net4x6x2MomentumSimdF) => new Net4x6x2MomentumSimdF(),
        nameof(Net4x6x2AdamUnrolledF) => new Net4x6x2AdamUnrolledF(),
        nameof(Net4x6x2AdamSimdF) => new Net4x6x2AdamSimdF(),
        nameof(Net30x16x4AdamSimdF) => new Net30x16x4AdamSimdF(),
        nameof(Net4x6x2MomentumUnrolledD) => new Net4x6x2MomentumUnrolledD(),
        nameof(Net4x6x2AdamSimdD) => new Net4x6x2AdamSimdD(),
        nameof(Net30x16x4MomentumSimdD) => new Net30x16x4MomentumSimdD(),
        _ => throw new ArgumentException("No network " + name, nameof(name)),
    };
}
