using System;
using System.Linq;
using System.Numerics;
using System.Reflection;
using Xunit;

namespace NetGen.Tests;

/// <summary>
/// The checks class's MaxAbs, on which every refusal of a NaN, ±∞ or overflowing step rests, against a naive loop.
/// SIMD networks get a vector MaxAbs (the widest accelerated vectors that fit, the last one overlapping the one before
/// it, then the halves' maximum down to one lane); unrolled networks the same with Vector128 alone. Every length from
/// 0 to 80 (40 for double, whose vectors hold half as many) meets each path's full vectors, its overlapping last vector
/// and, below one Vector128, the scalar loop; CI runs this project at each vector width (<see cref="VectorWidthTests"/>).
/// </summary>
public class MaxAbsTests
{
    private delegate T MaxAbs<T>(ReadOnlySpan<T> v);

    /// <summary>The MaxAbs of the checks class generated for <paramref name="network"/> (NetGen.__Generated.{Name}Checks_…).</summary>
    private static MaxAbs<T> MaxAbsOf<T>(Type network)
    {
        Type checks = network.Assembly.GetTypes().Single(t => t.Namespace == "NetGen.__Generated"
            && t.Name.StartsWith(network.Name + "Checks_", StringComparison.Ordinal));
        MethodInfo method = checks.GetMethods(BindingFlags.Static | BindingFlags.NonPublic | BindingFlags.Public)
            .Single(m => m.Name == "MaxAbs" && m.GetParameters()[0].ParameterType == typeof(ReadOnlySpan<T>));
        return method.CreateDelegate<MaxAbs<T>>();
    }

    public static TheoryData<Type> SingleNetworks => new() { typeof(Net30x16x1F), typeof(Net241F) };

    public static TheoryData<Type> DoubleNetworks => new() { typeof(Net30x16x1D), typeof(Net241D) };

    [Fact]
    public void TheNetworks_CoverSimdAndUnrolledMaxAbs()
    {
        Assert.Equal(Code.Simd, Networks.KindOf(typeof(Net30x16x1F)));
        Assert.Equal(Code.Simd, Networks.KindOf(typeof(Net30x16x1D)));
        Assert.Equal(Code.Unrolled, Networks.KindOf(typeof(Net241F)));
        Assert.Equal(Code.Unrolled, Networks.KindOf(typeof(Net241D)));
    }

    [Theory]
    [MemberData(nameof(SingleNetworks))]
    public void Single_MatchesANaiveLoop_AtEveryLengthAndPlace(Type network) => MatchesANaiveLoop<float>(network, 80, seed: 7);

    [Theory]
    [MemberData(nameof(DoubleNetworks))]
    public void Double_MatchesANaiveLoop_AtEveryLengthAndPlace(Type network) => MatchesANaiveLoop<double>(network, 40, seed: 8);

    /// <summary>
    /// Every length up to <paramref name="longest"/>: all zeros, all the smallest subnormal (each sign), and random values in
    /// (−4, 4) with each place in turn holding a value that must become the maximum (±1e30, ±the largest finite) or make it
    /// +∞ (NaN, ±∞).
    /// </summary>
    private static void MatchesANaiveLoop<T>(Type network, int longest, int seed)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        MaxAbs<T> maxAbs = MaxAbsOf<T>(network);
        var random = new Random(seed);
        T largestFinite = T.CreateSaturating(double.MaxValue);
        T[] exact = { T.CreateChecked(1e30), T.CreateChecked(-1e30), largestFinite, -largestFinite };
        T[] infinite = { T.NaN, T.PositiveInfinity, T.NegativeInfinity };
        for (int length = 0; length <= longest; length++)
        {
            foreach (T every in new[] { T.Zero, T.NegativeZero, T.Epsilon, -T.Epsilon })
            {
                T[] same = Enumerable.Repeat(every, length).ToArray();
                Assert.True(Naive(same) == maxAbs(same) && T.IsPositive(maxAbs(same)), $"{network.Name}: {length} × {every}");
            }

            T[] v = Enumerable.Range(0, length).Select(_ => T.CreateChecked((random.NextDouble() - 0.5) * 8)).ToArray();
            Assert.Equal(Naive(v), maxAbs(v));
            for (int place = 0; place < length; place++)
            {
                T kept = v[place];
                foreach (T value in exact)
                {
                    v[place] = value;
                    Assert.True(Naive(v) == maxAbs(v), $"{network.Name}: length {length}, {value} at {place}");
                }

                foreach (T value in infinite)
                {
                    v[place] = value;
                    Assert.True(T.PositiveInfinity == maxAbs(v), $"{network.Name}: length {length}, {value} at {place}");
                }

                v[place] = kept;
            }
        }
    }

    private static T Naive<T>(T[] v)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        T max = T.Zero;
        foreach (T x in v)
        {
            max = T.Max(max, T.Abs(x));
        }

        return max;
    }
}
