using System;
using System.Collections.Generic;
using System.Linq;
using System.Numerics;
using Xunit;

namespace NetGen.Tests;

/// <summary>
/// InitializeParameters of the networks with two and three hidden layers against an independent SplitMix64 + Glorot
/// reference, bit for bit: r_l = √(6/(fan_in + fan_out)) for each layer l, weights drawn layer by layer in the layout
/// of Parameters, biases 0. The deep version of <see cref="InitializationTests"/>' reference.
/// </summary>
public class DeepInitializationTests
{
    private static readonly int[] Seeds = [0, 1, 42, -1, int.MinValue, int.MaxValue];

    [Fact]
    public void EveryDeepNetwork_MatchesIndependentSplitMix64Glorot_Float() => MatchesReference<float>();

    [Fact]
    public void EveryDeepNetwork_MatchesIndependentSplitMix64Glorot_Double() => MatchesReference<double>();

    private static void MatchesReference<T>()
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var depths = new HashSet<int>();
        foreach ((int[] sizes, Code kernels, Act activation, Out head) in DeepNetworks.Declared<T>())
        {
            if (sizes.Length < 4)
            {
                continue;
            }

            depths.Add(sizes.Length - 2);
            foreach (int seed in Seeds)
            {
                IDeepNetwork<T> network = DeepNetworks.Create<T>(sizes, kernels, activation, head);
                network.Parameters.Fill(T.CreateChecked(7));
                network.InitializeParameters(seed);
                T[] expected = Reference<T>(sizes, seed);
                ReadOnlySpan<T> actual = network.Parameters;
                Assert.Equal(expected.Length, actual.Length);
                for (int n = 0; n < expected.Length; n++)
                {
                    if (Num.Bits(expected[n]) != Num.Bits(actual[n]))
                    {
                        Assert.Fail($"{string.Join("-", sizes)} {kernels} ({typeof(T).Name}) seed {seed}: parameter {n} is {actual[n]:R}, the reference gives {expected[n]:R}");
                    }
                }
            }
        }

        Assert.Contains(2, depths);
        Assert.Contains(3, depths);
    }

    /// <summary>Glorot uniform from SplitMix64, layer by layer: all of W_l unit by unit (the draws continue), b_l = 0.</summary>
    private static T[] Reference<T>(int[] sizes, int seed)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int count = 0;
        for (int l = 1; l < sizes.Length; l++)
        {
            count += (sizes[l] * sizes[l - 1]) + sizes[l];
        }

        var p = new T[count];
        ulong state = unchecked((ulong)(long)seed);
        int offset = 0;
        for (int l = 1; l < sizes.Length; l++)
        {
            int fanIn = sizes[l - 1], fanOut = sizes[l];
            double r = Math.Sqrt(6.0 / (fanIn + fanOut));
            for (int n = 0; n < fanOut * fanIn; n++)
            {
                // Drawn unit by unit (w_ji for j, then i); stored in NetGen's layout (W1 input-major).
                p[offset + ParameterLayout.WeightAt(sizes, l, n / fanIn, n % fanIn)] = T.CreateChecked(r * ((2.0 * InitializationTests.SplitMix64.Uniform(ref state)) - 1.0));
            }

            offset += (fanOut * fanIn) + fanOut;   // the biases stay 0
        }

        return p;
    }

}
