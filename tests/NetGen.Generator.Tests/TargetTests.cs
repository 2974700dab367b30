using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;

namespace NetGen.Generator.Tests;

/// <summary>
/// The generated code fits the compilation it lands in: C# 9 and later, with or without System.Runtime.Intrinsics
/// (.NET Standard 2.1, .NET Standard 2.0 and .NET Framework 4.8 with System.Memory), with no compiler error or warning
/// from inside it.
/// </summary>
public sealed class TargetTests
{
    /// <summary>Networks of every kind of code: unrolled and SIMD, float and double, every head, optimizer and depth.</summary>
    public static readonly string[] Networks =
    {
        "2, 4, 1",
        "2, 4, 1, Kernels = Kernels.Simd",
        "4, 8, 3, Output = Output.Softmax",
        "6, 5, 2, Activation = Activation.Relu, Output = Output.Linear, Precision = Precision.Double",
        "4, 6, 1, Activation = Activation.Tanh, Optimizer = Optimizer.Momentum",
        "3, 5, 4, 2",
        "30, 16, 1",
        "30, 16, 1, Precision = Precision.Double, Optimizer = Optimizer.Adam",
        "64, 32, 10, Output = Output.Softmax",
        "784, 128, 64, 10, Activation = Activation.Relu, Output = Output.Softmax",
        "8, 10, 6, 4, 3, Activation = Activation.Tanh, Optimizer = Optimizer.Adam, Precision = Precision.Double",
        "5, 9, 7, Kernels = Kernels.Simd, Output = Output.Linear, Optimizer = Optimizer.Momentum",
    };

    public static IEnumerable<object[]> NetworkCases => Networks.Select(n => new object[] { n });

    private static string Source(string arguments, string name = "TargetNet") =>
        "using NetGen;\n\nnamespace Demo\n{\n    [Mlp(" + arguments + ")]\n    public partial class " + name + " { }\n}\n";

    private static void AssertCompiles(GeneratorRun run)
    {
        Assert.Empty(run.GeneratorDiagnostics);
        Assert.NotEmpty(run.Maths);
        List<Diagnostic> problems = run.CompilationProblems.ToList();
        Assert.True(problems.Count == 0, Targets.Describe(problems));
    }

    [Theory]
    [MemberData(nameof(NetworkCases))]
    public void CSharp9_Net100_Compiles(string arguments) =>
        AssertCompiles(Targets.Run(LanguageVersion.CSharp9, Targets.Net100, Source(arguments)));

    [Theory]
    [MemberData(nameof(NetworkCases))]
    public void CSharp9_NetStandard21_Compiles(string arguments) =>
        AssertCompiles(Targets.Run(LanguageVersion.CSharp9, Targets.NetStandard21, Source(arguments)));

    [Theory]
    [MemberData(nameof(NetworkCases))]
    public void CSharp9_NetStandard20_Compiles(string arguments) =>
        AssertCompiles(Targets.Run(LanguageVersion.CSharp9, Targets.NetStandard20, Source(arguments)));

    [Theory]
    [MemberData(nameof(NetworkCases))]
    public void CSharp9_Net48_Compiles(string arguments) =>
        AssertCompiles(Targets.Run(LanguageVersion.CSharp9, Targets.Net48, Source(arguments)));

    /// <summary>
    /// Unity's profile: .NET Standard 2.1 in C# 9. A looped network gets the portable kernels, internal helper classes
    /// named for the network, and the trainer's reports as structs with their equality written out.
    /// </summary>
    [Fact]
    public void Snapshot_NetStandard21_CSharp9_30_16_1() => Verify(Targets.Run(LanguageVersion.CSharp9, Targets.NetStandard21, """
        using NetGen;

        namespace Demo
        {
            [Mlp(30, 16, 1)]
            public partial class CancerNet { }
        }
        """));

    /// <summary>
    /// .NET Framework 4.8 (with System.Memory) in C# 9: an unrolled network whose maths go through the checks class's
    /// stand-ins for MathF, float.IsFinite and BitConverter.SingleToInt32Bits.
    /// </summary>
    [Fact]
    public void Snapshot_Net48_CSharp9_2_4_1() => Verify(Targets.Run(LanguageVersion.CSharp9, Targets.Net48, """
        using NetGen;

        namespace Demo
        {
            [Mlp(2, 4, 1)]
            public partial class XorNet { }
        }
        """));

    private static void Verify(GeneratorRun run, [System.Runtime.CompilerServices.CallerMemberName] string testName = "")
    {
        AssertCompiles(run);
        var differences = new List<string>();
        foreach (GeneratedSourceResult generated in run.Sources)
        {
            try
            {
                SnapshotAssert.Matches(generated.SourceText.ToString(), generated.HintName, nameof(TargetTests), testName);
            }
            catch (Xunit.Sdk.XunitException difference)
            {
                differences.Add(difference.Message);
            }
        }

        Assert.True(differences.Count == 0, string.Join("\n\n", differences));
    }

    /// <summary>
    /// The target profile is part of the model: lowering the language version of an unchanged compilation to C# 9
    /// regenerates the network, whose helper classes are then internal rather than file classes; an unrelated edit
    /// after that leaves every step cached (the harness runs each compilation twice).
    /// </summary>
    [Fact]
    public void ChangingTheLanguageVersion_Regenerates()
    {
        const string source = "using NetGen;\n\nnamespace Demo\n{\n    [Mlp(2, 4, 1)]\n    public partial class XorNet { }\n}\n";
        CSharpCompilation compilation = GeneratorHarness.Compile(source);
        GeneratorDriver driver = GeneratorHarness.CreateDriver().RunGenerators(compilation);
        Assert.Contains("file static class Kernels", Maths(driver.GetRunResult().Results.Single()));

        var nine = new CSharpParseOptions(LanguageVersion.CSharp9);
        CSharpCompilation lowered = compilation.ReplaceSyntaxTree(compilation.SyntaxTrees.Single(), CSharpSyntaxTree.ParseText(source, nine, path: "Input0.cs"));
        GeneratorRunResult result = driver.WithUpdatedParseOptions(nine).RunGenerators(lowered).GetRunResult().Results.Single();
        Assert.Contains(
            result.TrackedSteps[TrackingNames.Model].SelectMany(s => s.Outputs),
            output => output.Reason is IncrementalStepRunReason.Modified or IncrementalStepRunReason.New);
        string maths = Maths(result);
        Assert.DoesNotContain("file static class", maths);
        Assert.Contains("internal static class XorNetKernels_", maths);
    }

    private static string Maths(GeneratorRunResult result) => Assert.Single(GeneratorHarness.MathsOf(result.GeneratedSources)).SourceText.ToString();
}
