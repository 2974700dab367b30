using System.Linq;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;

namespace NetGen.Generator.Tests;

/// <summary>
/// Where ForwardBatch takes a vector of samples at a time, one in each lane (ForwardSamples_V512, _V256, _V128): unrolled
/// networks of up to 512 weights and 32 inputs on .NET 8 and later, and nowhere else. NetGen.Tests checks the kernels' outputs against
/// Forward, bit for bit; this checks that the networks the docs name get them and call them, widest first.
/// </summary>
public class SampleLanesTests
{
    [Theory]
    [InlineData("2, 4, 1")]                                      // the XOR network, unrolled by Kernels.Auto
    [InlineData("3, 5, 4, 2")]                                   // two hidden layers
    [InlineData("2, 4, 1, Precision = Precision.Double")]
    [InlineData("16, 16, 16, Kernels = Kernels.Unrolled")]       // 512 weights, the most
    [InlineData("32, 15, 2, Kernels = Kernels.Unrolled")]        // 32 inputs, the most
    [InlineData("6, 5, 2, Activation = Activation.Relu, Output = Output.Linear")]
    public void SmallUnrolledNetworks_TakeAVectorOfSamplesAtATime(string arguments)
    {
        string maths = Maths(GeneratorHarness.Run(Source(arguments)));
        string batch = ForwardBatchKernel(maths);
        int v512 = batch.IndexOf("ForwardSamples_V512(parameters", System.StringComparison.Ordinal);
        int v256 = batch.IndexOf("ForwardSamples_V256(parameters", System.StringComparison.Ordinal);
        int v128 = batch.IndexOf("ForwardSamples_V128(parameters", System.StringComparison.Ordinal);
        int single = batch.IndexOf("for (; n < samples; n++)", System.StringComparison.Ordinal);
        Assert.True(v512 >= 0 && v512 < v256 && v256 < v128 && v128 < single, "ForwardBatch should call the 512-, 256- then 128-bit kernels, then go one at a time:\n" + batch);
        foreach (string bits in new[] { "512", "256", "128" })
        {
            Assert.Contains("private static void ForwardSamples_V" + bits + "(", maths);
        }
    }

    [Theory]
    [InlineData("1, 171, 2, Kernels = Kernels.Unrolled")]        // 513 weights: one sample at a time
    [InlineData("33, 15, 1, Kernels = Kernels.Unrolled")]        // 33 inputs (510 weights): one sample at a time
    [InlineData("30, 16, 1")]                                    // SIMD code: its own batch kernels
    [InlineData("2, 4, 1, Kernels = Kernels.Simd")]
    public void OtherNetworks_DoNot(string arguments)
    {
        string maths = Maths(GeneratorHarness.Run(Source(arguments)));
        Assert.DoesNotContain("ForwardSamples_V", maths);
    }

    /// <summary>Without the .NET 8 vector types (.NET Standard 2.1, Unity's profile) unrolled code has no lane kernels.</summary>
    [Fact]
    public void WithoutTheVectorTypes_OneSampleAtATime()
    {
        GeneratorRun run = Targets.Run(LanguageVersion.CSharp9, Targets.NetStandard21, Source("2, 4, 1"));
        Assert.Empty(run.CompilationProblems);
        Assert.DoesNotContain("ForwardSamples_V", Maths(run));

        // The control: the same network and language version on .NET 10 has them.
        GeneratorRun control = Targets.Run(LanguageVersion.CSharp9, Targets.Net100, Source("2, 4, 1"));
        Assert.Empty(control.CompilationProblems);
        Assert.Contains("ForwardSamples_V512", Maths(control));
    }

    private static string Source(string arguments) =>
        "using NetGen;\n\nnamespace Demo\n{\n    [Mlp(" + arguments + ")]\n    public partial class LaneNet { }\n}\n";

    private static string Maths(GeneratorRun run)
    {
        Assert.Empty(run.GeneratorDiagnostics);
        return Assert.Single(run.Maths).SourceText.ToString();
    }

    /// <summary>The text of the Kernels class's ForwardBatch method, up to the next method.</summary>
    private static string ForwardBatchKernel(string maths)
    {
        int start = maths.IndexOf("internal static void ForwardBatch(", System.StringComparison.Ordinal);
        Assert.True(start >= 0, "no ForwardBatch kernel");
        int end = maths.IndexOf("/// <summary>", start, System.StringComparison.Ordinal);
        return maths.Substring(start, (end < 0 ? maths.Length : end) - start);
    }
}
