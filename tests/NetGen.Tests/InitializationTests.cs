using System;
using System.Numerics;
using Xunit;

namespace NetGen.Tests;

/// <summary>
/// InitializeParameters against an independent SplitMix64 + Glorot-uniform implementation, bit for bit, and the
/// properties that follow from the definition: ranges, zero biases, cleared gradients, seeds that matter.
/// </summary>
public class InitializationTests
{
    public static TheoryData<int, int, int> Shapes => new()
    {
        { 1, 1, 1 },
        { 2, 4, 1 },
        { 7, 6, 3 },
        { 64, 32, 10 },
        { 100, 40, 2 },
    };

    private static readonly int[] Seeds = [0, 1, 42, -1, int.MinValue, int.MaxValue];

    [Theory]
    [MemberData(nameof(Shapes))]
    public void MatchesIndependentSplitMix64Glorot_Float(int i, int h, int o) => MatchesIndependentImplementation<float>(i, h, o);

    [Theory]
    [MemberData(nameof(Shapes))]
    public void MatchesIndependentSplitMix64Glorot_Double(int i, int h, int o) => MatchesIndependentImplementation<double>(i, h, o);

    [Theory]
    [MemberData(nameof(Shapes))]
    public void SameSeedSameBitsAndWeightsWithinGlorotRange_Float(int i, int h, int o) => Properties<float>(i, h, o);

    [Theory]
    [MemberData(nameof(Shapes))]
    public void SameSeedSameBitsAndWeightsWithinGlorotRange_Double(int i, int h, int o) => Properties<double>(i, h, o);

    /// <summary>The reference generator reproduces the published SplitMix64 outputs for seed 0 (Vigna's splitmix64.c).</summary>
    [Fact]
    public void ReferenceSplitMix64MatchesPublishedSequence()
    {
        ulong state = 0;
        Assert.Equal(0xE220A8397B1DCDAFUL, SplitMix64.Next(ref state));
        Assert.Equal(0x6E789E6AA1B965F4UL, SplitMix64.Next(ref state));
        Assert.Equal(0x06C45D188009454FUL, SplitMix64.Next(ref state));
    }

    private static void MatchesIndependentImplementation<T>(int i, int h, int o)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        foreach (int seed in Seeds)
        {
            ITestNetwork<T> network = Networks.Create<T>(i, h, o);
            network.InitializeParameters(seed);
            T[] expected = Reference<T>(new Layout(i, h, o), seed);
            T[] actual = network.Parameters.ToArray();
            for (int n = 0; n < expected.Length; n++)
            {
                Assert.True(
                    Num.Bits(expected[n]) == Num.Bits(actual[n]),
                    $"{i}-{h}-{o} ({typeof(T).Name}) seed {seed}: parameter {n} is {actual[n]:R}, the reference gives {expected[n]:R}");
            }
        }
    }

    private static void Properties<T>(int i, int h, int o)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var shape = new Layout(i, h, o);
        T r1 = Num.From<T>(Math.Sqrt(6.0 / (i + h)));
        T r2 = Num.From<T>(Math.Sqrt(6.0 / (h + o)));

        ITestNetwork<T> first = Networks.Create<T>(i, h, o);
        first.InitializeParameters(123);

        // Another instance with junk everywhere and pending gradients ends up bit-identical, with clean gradients.
        ITestNetwork<T> second = Networks.Create<T>(i, h, o);
        second.Parameters.Fill(Num.From<T>(7));
        second.Backward(new T[i], new T[o]);
        Assert.Contains(Num.ToDouble<T>(second.Gradients), g => g != 0);
        second.InitializeParameters(123);
        Assert.True(first.Parameters.SequenceEqual(second.Parameters), "the same seed gave different parameters");
        Assert.All(Num.ToDouble<T>(second.Gradients), g => Assert.Equal(0.0, g));
        Assert.Throws<InvalidOperationException>(() => second.Step(T.One, T.Zero, 1));

        // Calling it again on the same instance gives the same bits again.
        second.InitializeParameters(123);
        Assert.True(first.Parameters.SequenceEqual(second.Parameters), "re-initializing with the same seed gave different parameters");

        ReadOnlySpan<T> p = first.Parameters;
        T largest1 = T.Zero, largest2 = T.Zero;
        for (int n = 0; n < shape.Count; n++)
        {
            if (n < shape.B1)
            {
                Assert.True(T.Abs(p[n]) <= r1, $"W1 value {p[n]} outside ±{r1}");
                largest1 = T.Max(largest1, T.Abs(p[n]));
            }
            else if (n >= shape.W2 && n < shape.B2)
            {
                Assert.True(T.Abs(p[n]) <= r2, $"W2 value {p[n]} outside ±{r2}");
                largest2 = T.Max(largest2, T.Abs(p[n]));
            }
            else
            {
                Assert.True(p[n] == T.Zero, $"bias {n} is {p[n]}, not 0");
            }
        }

        // Every weight is exactly zero with vanishing probability; with enough weights the range is used.
        Assert.DoesNotContain(T.Zero, p.Slice(0, shape.B1).ToArray());
        Assert.DoesNotContain(T.Zero, p.Slice(shape.W2, shape.B2 - shape.W2).ToArray());
        if (shape.B1 >= 20)
        {
            Assert.True(largest1 > r1 * Num.From<T>(0.7), $"the largest |W1| is only {largest1} of r1 = {r1}");
        }

        if (shape.B2 - shape.W2 >= 20)
        {
            Assert.True(largest2 > r2 * Num.From<T>(0.7), $"the largest |W2| is only {largest2} of r2 = {r2}");
        }

        // Different seeds, different parameters (each pair differs in most weights).
        for (int a = 0; a < Seeds.Length; a++)
        {
            for (int b = a + 1; b < Seeds.Length; b++)
            {
                ITestNetwork<T> x = Networks.Create<T>(i, h, o);
                ITestNetwork<T> y = Networks.Create<T>(i, h, o);
                x.InitializeParameters(Seeds[a]);
                y.InitializeParameters(Seeds[b]);
                int differ = 0, weights = 0;
                for (int n = 0; n < shape.Count; n++)
                {
                    if (shape.IsWeight(n))
                    {
                        weights++;
                        differ += x.Parameters[n] != y.Parameters[n] ? 1 : 0;
                    }
                }

                Assert.True(differ * 2 > weights, $"seeds {Seeds[a]} and {Seeds[b]}: only {differ} of {weights} weights differ");
            }
        }
    }

    /// <summary>Glorot uniform from SplitMix64: all of W1 unit by unit (w_ji for j, then i), then all of W2 in layout order; biases 0.</summary>
    private static T[] Reference<T>(Layout shape, int seed)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var p = new T[shape.Count];
        ulong state = unchecked((ulong)(long)seed);
        double r1 = Math.Sqrt(6.0 / (shape.Inputs + shape.Hidden));
        double r2 = Math.Sqrt(6.0 / (shape.Hidden + shape.Outputs));
        for (int n = 0; n < shape.Hidden * shape.Inputs; n++)
        {
            // Drawn unit by unit (w_00, w_01, …, w_10, …, NetGen 0.1's order), stored where W1 input-major puts them.
            p[shape.W1At(n / shape.Inputs, n % shape.Inputs)] = T.CreateChecked(r1 * ((2.0 * SplitMix64.Uniform(ref state)) - 1.0));
        }

        for (int n = 0; n < shape.Outputs * shape.Hidden; n++)
        {
            p[shape.W2 + n] = T.CreateChecked(r2 * ((2.0 * SplitMix64.Uniform(ref state)) - 1.0));
        }

        return p;
    }

    /// <summary>The reference generator, shared with <see cref="DeepInitializationTests"/>.</summary>
    internal static class SplitMix64
    {
        public static ulong Next(ref ulong state)
        {
            unchecked
            {
                state += 0x9E3779B97F4A7C15UL;
                ulong z = state;
                z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
                z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
                return z ^ (z >> 31);
            }
        }

        /// <summary>The top 53 bits as a double in [0, 1).</summary>
        public static double Uniform(ref ulong state) => Math.ScaleB(Next(ref state) >> 11, -53);
    }
}
