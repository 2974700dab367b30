using System;
using System.Linq;
using System.Reflection;
using Xunit;

namespace NetGen.Tests;

/// <summary>
/// The checks class's MaxAbs, on which every refusal of a NaN, ±∞ or overflowing step rests, against a naive loop.
/// SIMD networks get a vector MaxAbs (the widest accelerated vectors that fit, the last one overlapping the one before
/// it, then the halves' maximum down to one lane); unrolled networks a scalar loop. Every length from 0 to 80 meets
/// each path's full vectors, its overlapping last vector and, below one Vector128, the scalar loop; CI runs this project
/// at each vector width (<see cref="VectorWidthTests"/>).
/// </summary>
public class MaxAbsTests
{
    private delegate float MaxAbsSingle(ReadOnlySpan<float> v);

    private delegate double MaxAbsDouble(ReadOnlySpan<double> v);

    /// <summary>The MaxAbs of the checks class generated for <paramref name="network"/> (NetGen.__Generated.{Name}Checks_…).</summary>
    private static TDelegate MaxAbsOf<TDelegate>(Type network)
        where TDelegate : Delegate
    {
        Type checks = network.Assembly.GetTypes().Single(t => t.Namespace == "NetGen.__Generated"
            && t.Name.StartsWith(network.Name + "Checks_", StringComparison.Ordinal));
        MethodInfo method = checks.GetMethods(BindingFlags.Static | BindingFlags.NonPublic | BindingFlags.Public)
            .Single(m => m.Name == "MaxAbs" && m.GetParameters()[0].ParameterType.Name.StartsWith("ReadOnlySpan", StringComparison.Ordinal));
        return method.CreateDelegate<TDelegate>();
    }

    public static TheoryData<Type> SingleNetworks => new() { typeof(Net30x16x1F), typeof(Net241F) };

    public static TheoryData<Type> DoubleNetworks => new() { typeof(Net30x16x1D), typeof(Net241D) };

    [Fact]
    public void TheNetworks_CoverVectorAndScalarMaxAbs()
    {
        Assert.Equal(Code.Simd, Networks.KindOf(typeof(Net30x16x1F)));
        Assert.Equal(Code.Simd, Networks.KindOf(typeof(Net30x16x1D)));
        Assert.Equal(Code.Unrolled, Networks.KindOf(typeof(Net241F)));
        Assert.Equal(Code.Unrolled, Networks.KindOf(typeof(Net241D)));
    }

    [Theory]
    [MemberData(nameof(SingleNetworks))]
    public void Single_MatchesANaiveLoop_AtEveryLengthAndPlace(Type network)
    {
        MaxAbsSingle maxAbs = MaxAbsOf<MaxAbsSingle>(network);
        var random = new Random(7);
        for (int length = 0; length <= 80; length++)
        {
            float[] v = Enumerable.Range(0, length).Select(_ => (float)((random.NextDouble() - 0.5) * 8)).ToArray();
            Assert.Equal(Naive(v), maxAbs(v));
            for (int place = 0; place < length; place++)
            {
                float kept = v[place];
                foreach (float value in new[] { 1e30f, -1e30f, float.MaxValue, -float.MaxValue, float.Epsilon, -0f })
                {
                    v[place] = value;
                    Assert.True(Naive(v) == maxAbs(v), $"{network.Name}: length {length}, {value} at {place}");
                }

                foreach (float value in new[] { float.NaN, float.PositiveInfinity, float.NegativeInfinity })
                {
                    v[place] = value;
                    Assert.True(float.PositiveInfinity == maxAbs(v), $"{network.Name}: length {length}, {value} at {place}");
                }

                v[place] = kept;
            }
        }
    }

    [Theory]
    [MemberData(nameof(DoubleNetworks))]
    public void Double_MatchesANaiveLoop_AtEveryLengthAndPlace(Type network)
    {
        MaxAbsDouble maxAbs = MaxAbsOf<MaxAbsDouble>(network);
        var random = new Random(8);
        for (int length = 0; length <= 40; length++)
        {
            double[] v = Enumerable.Range(0, length).Select(_ => (random.NextDouble() - 0.5) * 8).ToArray();
            Assert.Equal(Naive(v), maxAbs(v));
            for (int place = 0; place < length; place++)
            {
                double kept = v[place];
                foreach (double value in new[] { 1e300, -1e300, double.MaxValue, -double.MaxValue, double.Epsilon, -0.0 })
                {
                    v[place] = value;
                    Assert.True(Naive(v) == maxAbs(v), $"{network.Name}: length {length}, {value} at {place}");
                }

                foreach (double value in new[] { double.NaN, double.PositiveInfinity, double.NegativeInfinity })
                {
                    v[place] = value;
                    Assert.True(double.PositiveInfinity == maxAbs(v), $"{network.Name}: length {length}, {value} at {place}");
                }

                v[place] = kept;
            }
        }
    }

    private static float Naive(float[] v)
    {
        float max = 0f;
        foreach (float x in v)
        {
            max = Math.Max(max, Math.Abs(x));
        }

        return max;
    }

    private static double Naive(double[] v)
    {
        double max = 0;
        foreach (double x in v)
        {
            max = Math.Max(max, Math.Abs(x));
        }

        return max;
    }
}
