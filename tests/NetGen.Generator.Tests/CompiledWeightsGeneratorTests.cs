using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Xunit;

namespace NetGen.Generator.Tests;

/// <summary>
/// Weights = "…" in the generator: the AdditionalFiles item found, checked and compiled in, or NETGEN018 (missing),
/// NETGEN019 (unreadable) and NETGEN020 (saved by another network) at the Weights argument, with no output.
/// </summary>
public sealed class CompiledWeightsGeneratorTests
{
    private const string Xor = """
        [NetGen.Mlp(2, 4, 1, Weights = "nets/xor.weights.b64")]
        public partial class Xor { }
        """;

    private static readonly float[] Values = Enumerable.Range(0, 17).Select(n => (n - 8) / 16f).ToArray();

    [Fact]
    public void AFileForThisNetwork_IsCompiledIn_ExactlyAsSaved()
    {
        float[] values = Values.ToArray();
        values[3] = 0.1f;           // not exact in binary: the literal must still give back these bits
        values[4] = -0f;
        values[5] = float.Epsilon;
        GeneratorRun run = CompiledCleanly(values, Xor);
        Assert.Single(run.Maths);
        string source = run.AllText;
        Assert.Contains("private readonly float[] __parameters = CompiledWeights.ToArray();", source);
        Assert.Contains("public static global::System.ReadOnlySpan<float> CompiledWeights => new float[]", source);
        Assert.Contains("-0.5f, -0.4375f, -0.375f, 0.1f, -0f, 1E-45f,", source);
        Assert.Contains("Weights = \"nets/xor.weights.b64\"", source.Split('\n')[1]);
    }

    /// <summary>SIMD kernels keep the state in 64-byte-aligned windows: the compiled-in weights are copied into the parameters' window.</summary>
    [Fact]
    public void SimdKernels_CopyTheCompiledInWeights_IntoTheAlignedWindow()
    {
        string source = CompiledCleanly(Values, Xor.Replace("Weights = \"nets/xor.weights.b64\"", "Weights = \"nets/xor.weights.b64\", Kernels = NetGen.Kernels.Simd")).AllText;
        Assert.Contains("private readonly global::System.ArraySegment<float> __parameters = __Kernels.AlignedBlock(CompiledWeights);", source);
        Assert.Contains("internal static ArraySegment<float> AlignedBlock(ReadOnlySpan<float> values)", source);
        Assert.DoesNotContain("CompiledWeights.ToArray()", source);
    }

    /// <summary>The generator on <paramref name="source"/> with a 2-4-1 weight file of <paramref name="values"/>: no diagnostic, no compiler problem.</summary>
    private static GeneratorRun CompiledCleanly(float[] values, string source)
    {
        GeneratorRun run = GeneratorHarness.RunWithFiles(new[] { File("src/nets/xor.weights.b64", Text(new[] { 2, 4, 1 }, 0, 0, 0, values)) }, source);
        Assert.Empty(run.GeneratorDiagnostics);
        Assert.Empty(run.CompilationProblems);
        return run;
    }

    [Fact]
    public void NETGEN018_NoSuchAdditionalFile_PointsAtTheWeightsArgument()
    {
        GeneratorRun run = GeneratorHarness.RunWithFiles(new[] { File("src/other.weights.b64", Text(new[] { 2, 4, 1 }, 0, 0, 0, Values)) }, Xor);
        Diagnostic diagnostic = Assert.Single(run.GeneratorDiagnostics);
        Assert.Equal("NETGEN018", diagnostic.Id);
        Assert.Equal("Weights = \"nets/xor.weights.b64\"", Xor.Substring(diagnostic.Location.SourceSpan.Start, diagnostic.Location.SourceSpan.Length));
        Assert.Contains("add <AdditionalFiles Include=\"nets/xor.weights.b64\" />", diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Empty(run.Sources);
    }

    public static TheoryData<string, string?> Unreadable => new()
    {
        { "not base64", "# a comment\nthis is not base64!" },
        { "not base64", "just some words" },
        { "does not start with NETGENWT", Convert.ToBase64String(new byte[40]) },
        { "the compiler could not read it as text", null },
        { "format version 3, and this NetGen reads versions 1 and 2", Text(new[] { 2, 4, 1 }, 0, 0, 0, Values, version: 3) },
        { "CRC-32 does not match", Text(new[] { 2, 4, 1 }, 0, 0, 0, Values, corruptAt: 40) },
        { "truncated", Text(new[] { 2, 4, 1 }, 0, 0, 0, Values, truncateBy: 5) },
    };

    [Theory]
    [MemberData(nameof(Unreadable))]
    public void NETGEN019_UnreadableFiles_SayWhy(string reason, string? text)
    {
        GeneratorRun run = GeneratorHarness.RunWithFiles(new[] { File("nets/xor.weights.b64", text) }, Xor);
        Diagnostic diagnostic = Assert.Single(run.GeneratorDiagnostics);
        Assert.Equal("NETGEN019", diagnostic.Id);
        Assert.Contains(reason, diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Empty(run.Sources);
    }

    [Fact]
    public void NETGEN020_AFileOfAnotherNetwork_NamesBothDeclarations()
    {
        GeneratorRun run = GeneratorHarness.RunWithFiles(
            new[] { File("nets/xor.weights.b64", Text(new[] { 3, 5, 2 }, 1, 1, 0, new float[(5 * 3) + 5 + (2 * 5) + 2], single: false)) }, Xor);
        Diagnostic diagnostic = Assert.Single(run.GeneratorDiagnostics);
        Assert.Equal("NETGEN020", diagnostic.Id);
        Assert.Equal(
            "The weights file 'nets/xor.weights.b64' was saved by a network declared [Mlp(3, 5, 2, Precision = Double, Activation = Tanh)], but 'Xor' is [Mlp(2, 4, 1)]: save the weights from a network declared like 'Xor', or change its attribute",
            diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Empty(run.Sources);
    }

    private static AdditionalText File(string path, string? text) => new InMemoryAdditionalText(path, text);

    /// <summary>A weight file's text form, built here byte by byte from docs/weight-file-format.md.</summary>
    internal static string Text(int[] sizes, byte precision, byte activation, byte head, float[] values, int version = NetGen.Generator.Model.WeightFileFormat.Version, int corruptAt = -1, int truncateBy = 0, bool single = true)
    {
        var bytes = new List<byte>();
        bytes.AddRange("NETGENWT"u8.ToArray());
        bytes.AddRange(BitConverter.GetBytes((ushort)version));
        bytes.AddRange(new[] { precision, activation, head, (byte)0 });
        bytes.AddRange(BitConverter.GetBytes((ushort)sizes.Length));
        foreach (int size in sizes)
        {
            bytes.AddRange(BitConverter.GetBytes(size));
        }

        bytes.AddRange(BitConverter.GetBytes(values.Length));
        foreach (float value in values)
        {
            bytes.AddRange(single ? BitConverter.GetBytes(value) : BitConverter.GetBytes((double)value));
        }

        bytes.AddRange(BitConverter.GetBytes(Crc32(bytes.ToArray())));
        if (corruptAt >= 0)
        {
            bytes[corruptAt] ^= 0x10;
        }

        byte[] file = bytes.Take(bytes.Count - truncateBy).ToArray();
        string base64 = Convert.ToBase64String(file);
        return "# NetGen weight file\n" + string.Join("\n", Enumerable.Range(0, (base64.Length + 75) / 76).Select(n => base64.Substring(n * 76, Math.Min(76, base64.Length - (n * 76))))) + "\n";
    }

    private static uint Crc32(byte[] data)
    {
        uint crc = 0xFFFFFFFF;
        foreach (byte b in data)
        {
            crc ^= b;
            for (int k = 0; k < 8; k++)
            {
                crc = (crc & 1) != 0 ? 0xEDB88320u ^ (crc >> 1) : crc >> 1;
            }
        }

        return ~crc;
    }
}
