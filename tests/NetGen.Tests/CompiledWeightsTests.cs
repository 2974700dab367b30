using System;
using System.IO;
using Xunit;

namespace NetGen.Tests;

/// <summary>
/// Weights = "…": a weight file given to the compiler as an AdditionalFiles item becomes the network's starting
/// parameters, compiled in. Weights/xor-seed7.weights.b64 is what Net241F's SaveText writes after InitializeParameters(7): the tests
/// check that relation first, so the file cannot drift from its source unnoticed (NETGEN_WRITE_WEIGHTS=1 rewrites it, and that
/// run still fails: the rewritten file is compiled in only by the next build).
/// </summary>
public class CompiledWeightsTests
{
    private static string SourcePath(string name, [System.Runtime.CompilerServices.CallerFilePath] string here = "") =>
        Path.Combine(Path.GetDirectoryName(here)!, "Weights", name);

    private static string XorSeed7()
    {
        var net = new Net241F();
        net.InitializeParameters(7);
        var text = new StringWriter();
        net.SaveText(text);
        return text.ToString();
    }

    [Fact]
    public void TheCheckedInFile_IsWhatItsSourceSaves()
    {
        string path = SourcePath("xor-seed7.weights.b64");
        string expected = XorSeed7(), checkedIn = File.ReadAllText(path);
        if (expected == checkedIn)
        {
            return;
        }

        // A rewrite never passes the run that made it: the file is compared with its source, not with itself.
        if (Environment.GetEnvironmentVariable("NETGEN_WRITE_WEIGHTS") == "1")
        {
            File.WriteAllText(path, expected);
            Assert.Fail($"{path} differed from what Net241F saves and was rewritten (NETGEN_WRITE_WEIGHTS=1): rebuild and run again to check it.");
        }

        Assert.Equal(expected, checkedIn);
    }

    /// <summary>The real compiler read the binary file byte for byte (through the AdditionalFiles text API) and compiled it in.</summary>
    [Fact]
    public void EveryInstance_StartsWithTheCompiledWeights_BitForBit()
    {
        var source = new Net241F();
        source.InitializeParameters(7);
        Assert.Equal(source.Parameters.ToArray(), CompiledXor.CompiledWeights.ToArray());
        var first = new CompiledXor();
        var second = new CompiledXor();
        Assert.Equal(source.Parameters.ToArray(), first.Parameters.ToArray());

        // Each instance owns a copy: training one changes neither the other nor the compiled data.
        first.TrainSample(new float[] { 1, 0 }, new float[] { 1 }, 0.5f, 0f, 4);
        Assert.NotEqual(source.Parameters.ToArray(), first.Parameters.ToArray());
        Assert.Equal(source.Parameters.ToArray(), second.Parameters.ToArray());
        Assert.Equal(source.Parameters.ToArray(), CompiledXor.CompiledWeights.ToArray());

        var output = new float[1];
        var expected = new float[1];
        second.Forward(new float[] { 0.25f, 0.75f }, output);
        source.Forward(new float[] { 0.25f, 0.75f }, expected);
        Assert.Equal(expected[0], output[0]);
    }

    /// <summary>
    /// Weights/xor-seed7.version1.weights.b64 is the file NetGen 0.1 checked in for the same seed, format version 1 (W1
    /// row-major): the compiler maps its W1 to the input-major layout, so it compiles in the same parameters, and the
    /// two files' bytes differ exactly where W1 moved (and in the version and the CRC-32).
    /// </summary>
    [Fact]
    public void AVersion1File_CompilesInTheSameParameters()
    {
        var source = new Net241F();
        source.InitializeParameters(7);
        Assert.Equal(source.Parameters.ToArray(), CompiledXorVersion1.CompiledWeights.ToArray());
        Assert.StartsWith("# NetGen weight file, format version 1,", File.ReadAllText(SourcePath("xor-seed7.version1.weights.b64")));
        Assert.NotEqual(File.ReadAllText(SourcePath("xor-seed7.version1.weights.b64")), File.ReadAllText(SourcePath("xor-seed7.weights.b64")));
    }

    [Fact]
    public void ReadingTheCompiledWeights_AllocatesNothing()
    {
        float sum = 0;
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int n = 0; n < 1000; n++)
        {
            sum += CompiledXor.CompiledWeights[n % CompiledXor.ParameterCount];
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.True(float.IsFinite(sum));
    }
}

[Mlp(2, 4, 1, Weights = "xor-seed7.weights.b64")]
public partial class CompiledXor
{
}

[Mlp(2, 4, 1, Weights = "xor-seed7.version1.weights.b64")]
public partial class CompiledXorVersion1
{
}
