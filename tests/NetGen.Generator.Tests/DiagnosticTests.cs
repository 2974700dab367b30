using System.Linq;
using Microsoft.CodeAnalysis;
using NetGen.Generator.Diagnostics;
using Xunit;

namespace NetGen.Generator.Tests;

/// <summary>One test per diagnostic: its ID, where it points, and that no source is emitted.</summary>
public sealed class DiagnosticTests
{
    [Fact]
    public void NETGEN001_TypeNotPartial() => AssertSingle("NETGEN001", """
        [NetGen.Mlp(2, 4, 1)]
        public class NotPartial { }
        """, "NotPartial", occurrence: 0);

    [Fact]
    public void NETGEN002_ContainingTypeNotPartial() => AssertSingle("NETGEN002", """
        public class Outer
        {
            [NetGen.Mlp(2, 4, 1)]
            public partial class Inner { }
        }
        """, "Outer", occurrence: 0);

    [Fact]
    public void NETGEN003_SizeNotPositive_PointsAtTheArgument()
    {
        Diagnostic diagnostic = AssertSingle("NETGEN003", """
            [NetGen.Mlp(2, 0, 1)]
            public partial class ZeroHidden { }
            """, "0");
        Assert.StartsWith("The number of hidden units is 0", diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void NETGEN003_NamedArguments_PointAtTheirOwnArgument() => AssertSingle("NETGEN003", """
        [NetGen.Mlp(outputs: 1, hidden: -3, inputs: 2)]
        public partial class NamedSizes { }
        """, "hidden: -3");

    [Fact]
    public void NETGEN003_EachBadSizeIsReported()
    {
        GeneratorRun run = GeneratorHarness.Run("""
            [NetGen.Mlp(0, -1, 0)]
            public partial class AllBad { }
            """);
        Assert.Equal(3, run.GeneratorDiagnostics.Count(d => d.Id == "NETGEN003"));
        Assert.Empty(run.Sources);
    }

    [Theory]
    [InlineData("8192, 4096, 8", "33,587,200 weights")]
    [InlineData("8193, 1, 1", "a layer of 8,193 units")]
    [InlineData("2147483647, 2147483647, 2147483647", "a layer of 2,147,483,647 units")]
    [InlineData("5000, 5000, 5000", "5000, 5000, 5000")]
    public void NETGEN004_NetworkTooLarge(string sizes, string messagePart)
    {
        string source = "[NetGen.Mlp(" + sizes + ")]\npublic partial class Huge { }\n";
        Diagnostic diagnostic = AssertSingle("NETGEN004", source, "NetGen.Mlp(" + sizes + ")");
        Assert.Contains(messagePart, diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Theory]
    [InlineData("511, 8, 1")]          // 4,096 weights: the largest fully unrolled network
    [InlineData("512, 8, 1")]          // 4,104 weights: the smallest looped one
    [InlineData("4096, 4095, 1")]      // 16,777,215 weights: just inside the bound
    [InlineData("8192, 8, 8")]         // the widest layer allowed
    public void NETGEN004_ShapesAtTheBoundsCompile(string sizes)
    {
        GeneratorRun run = GeneratorHarness.Run("[NetGen.Mlp(" + sizes + ")]\npublic partial class AtTheBound { }\n");
        Assert.Empty(run.GeneratorDiagnostics);
        Assert.Single(run.Maths);
        Assert.Empty(run.CompilationProblems);
    }

    [Fact]
    public void NETGEN005_MemberNameConflict_PointsAtTheMember() => AssertSingle("NETGEN005", """
        [NetGen.Mlp(2, 4, 1)]
        public partial class HasForward
        {
            public void Forward() { }
        }
        """, "Forward");

    [Fact]
    public void NETGEN005_InheritedMemberConflict_PointsAtTheType() => AssertSingle("NETGEN005", """
        public class Base
        {
            protected int Step;
        }

        [NetGen.Mlp(2, 4, 1)]
        public partial class Derived : Base { }
        """, "Derived");

    [Fact]
    public void NETGEN005_TypeNamedLikeAGeneratedMember()
    {
        Diagnostic diagnostic = AssertSingle("NETGEN005", """
            [NetGen.Mlp(2, 4, 1)]
            public partial class Forward { }
            """, "Forward");
        Assert.Contains("the type's own name", diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void NETGEN005_InheritedConflict_NamesTheBaseClass()
    {
        Diagnostic diagnostic = AssertSingle("NETGEN005", """
            namespace Lib { public class Trainer { public void Step() { } } }

            [NetGen.Mlp(2, 4, 1)]
            public partial class Derived : Lib.Trainer { }
            """, "Derived");
        Assert.Contains("inherited from 'Lib.Trainer'", diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <summary>
    /// NetGen's private state in the user's type is named with two underscores (reserved for the implementation by the C#
    /// specification), and NETGEN005 reserves it as it does the public API.
    /// </summary>
    [Fact]
    public void NETGEN005_StateFieldName_IsReserved() => AssertSingle("NETGEN005", """
        [NetGen.Mlp(2, 4, 1)]
        public partial class HasState
        {
            private float[] __parameters = new float[17];
        }
        """, "__parameters");

    /// <summary>
    /// Every helper lives in a class of NetGen's own beside the user's type, so the user's class may declare, privately,
    /// the names NetGen's helpers had when they lived in it, the helper classes' and aliases' targets' names, and names of
    /// the types the generated code uses: no NETGEN005, no error or warning, and no identifier in the generated code binds
    /// to one of them (the user's own code does, as <c>UseAll</c> shows).
    /// </summary>
    [Theory]
    [InlineData("2, 4, 1")]
    [InlineData("30, 16, 1, Optimizer = NetGen.Optimizer.Adam")]
    [InlineData("4, 8, 3, Output = NetGen.Output.Softmax, Optimizer = NetGen.Optimizer.Momentum, Precision = NetGen.Precision.Double")]
    [InlineData("3, 5, 4, 2, Activation = NetGen.Activation.Relu, Output = NetGen.Output.Linear, Kernels = NetGen.Kernels.Simd")]
    public void NETGEN005_FormerHelperNames_AreFreeForTheUsersPrivateMembers(string arguments)
    {
        string source = "namespace Demo\n{\n    [NetGen.Mlp(" + arguments + ")]\n" + """
                public partial class UsesHelperNames
                {
                    private static double Sigmoid(double a) => a;
                    private readonly float[] _parameters = new float[3];
                    private float[] _gradients = new float[3];
                    private static class Kernels { public static int Forward() => 1; }
                    private sealed class WeightFile { public int Length => 2; }
                    private int Trainer = 3;
                    private static bool Checks() => true;
                    private static void HiddenLayer_0To3(float[] parameters) => parameters[0] = 4f;
                    private static uint Crc32(System.ReadOnlySpan<byte> data) => (uint)data.Length;
                    private static void Shuffle(int[] order) => order[0] = 5;   // a different signature: the trainer's Shuffle may still be in this type
                    private static double NextUniform(ref ulong state) => state++;
                    private static System.ArgumentException LengthMismatch(string parameter) => new(parameter);
                    private int Math => 6;
                    private struct Span<T> { public T Value; }
                    private static class MathF { public static float Exp(float x) => x; }

                    public double UseAll()
                    {
                        HiddenLayer_0To3(_parameters);
                        Shuffle(new int[1]);
                        ulong state = 7;
                        Span<int> span = new() { Value = 8 };
                        _gradients = new float[Trainer];
                        return Sigmoid(_parameters[0]) + Kernels.Forward() + new WeightFile().Length + (Checks() ? 1 : 0) + Crc32(new byte[2])
                            + NextUniform(ref state) + LengthMismatch("x").Message.Length + Math + span.Value + MathF.Exp(1f) + _gradients.Length;
                    }
                }
            }
            """;
        GeneratorRun run = GeneratorHarness.Run(source);
        Assert.Empty(run.GeneratorDiagnostics);
        Assert.Single(run.Maths);
        Assert.Empty(run.CompilationProblems);

        // Nothing the generated code names is one of the user's members: each binds to NetGen's own, or to the framework.
        var captured = new System.Collections.Generic.List<string>();
        foreach (GeneratedSourceResult generated in run.Sources)
        {
            SyntaxTree tree = run.OutputCompilation.SyntaxTrees.Single(t => t.FilePath.EndsWith(generated.HintName, System.StringComparison.Ordinal));
            SemanticModel model = run.OutputCompilation.GetSemanticModel(tree);
            foreach (Microsoft.CodeAnalysis.CSharp.Syntax.SimpleNameSyntax name in tree.GetRoot().DescendantNodes().OfType<Microsoft.CodeAnalysis.CSharp.Syntax.SimpleNameSyntax>())
            {
                SymbolInfo info = model.GetSymbolInfo(name);
                foreach (ISymbol symbol in info.Symbol is { } bound ? info.CandidateSymbols.Prepend(bound) : info.CandidateSymbols)
                {
                    if (symbol is not INamespaceSymbol
                        && symbol.DeclaringSyntaxReferences.Length > 0
                        && symbol.DeclaringSyntaxReferences.All(r => r.SyntaxTree.FilePath == "Input0.cs"))
                    {
                        captured.Add(generated.HintName + ": '" + name + "' binds to the user's " + symbol.ToDisplayString());
                    }
                }
            }
        }

        Assert.True(captured.Count == 0, string.Join("\n", captured));
    }

    /// <summary>Found by fuzzing: the generated Step took the parameter's place, and the user's own code stopped compiling (CS0428).</summary>
    [Fact]
    public void NETGEN005_PrimaryConstructorParameter_PointsAtTheParameter()
    {
        Diagnostic diagnostic = AssertSingle("NETGEN005", """
            [NetGen.Mlp(2, 4, 1)]
            public partial class Stepper(int Step)
            {
                public int Steps => Step;
            }
            """, "Step", occurrence: 1);
        Assert.Contains("'Step' is already taken in 'Stepper' (a primary constructor parameter)", diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void NETGEN006_GenericType() => AssertSingle("NETGEN006", """
        [NetGen.Mlp(2, 4, 1)]
        public partial class GenericNet<T> { }
        """, "GenericNet");

    [Theory]
    [InlineData("public partial struct S { }", "S", "a struct")]
    [InlineData("public partial record struct S;", "S", "a record struct")]
    [InlineData("public static partial class S { }", "S", "a static class")]
    [InlineData("file partial class S { }", "S", "a file-local class")]
    public void NETGEN007_UnsupportedTypeKind(string declaration, string name, string what)
    {
        Diagnostic diagnostic = AssertSingle("NETGEN007", "[NetGen.Mlp(2, 4, 1)]\n" + declaration + "\n", name);
        Assert.Contains(what, diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <summary>Found by fuzzing: the generated part declared a second, unrelated Outer, and the code compiled without Inner getting anything.</summary>
    [Fact]
    public void NETGEN007_InsideAFileLocalType_PointsAtTheType()
    {
        Diagnostic diagnostic = AssertSingle("NETGEN007", """
            file partial class Outer
            {
                [NetGen.Mlp(2, 4, 1)]
                public partial class Inner { }
            }
            """, "Inner");
        Assert.Contains("'Inner' is inside the file-local type 'Outer'", diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void NETGEN007_Enum_GetsOnlyThatAdvice()
    {
        GeneratorRun run = GeneratorHarness.Run("""
            [NetGen.Mlp(2, 4, 1)]
            public enum E { A }
            """);
        Diagnostic diagnostic = Assert.Single(run.GeneratorDiagnostics);
        Assert.Equal("NETGEN007", diagnostic.Id);
        Assert.Empty(run.Sources);
    }

    [Fact]
    public void NETGEN007_Interface_AlongsideTheCompilersOwnError()
    {
        GeneratorRun run = GeneratorHarness.Run("""
            [NetGen.Mlp(2, 4, 1)]
            public partial interface INet { }
            """);
        Assert.Contains(run.GeneratorDiagnostics, d => d.Id == "NETGEN007");
        Assert.Empty(run.Sources);
    }

    [Fact]
    public void NETGEN008_UnknownPrecision() => AssertSingle("NETGEN008", """
        using NetGen;

        [Mlp(2, 4, 1, Precision = (Precision)7)]
        public partial class OddPrecision { }
        """, "Precision = (Precision)7");

    [Fact]
    public void NETGEN009_AnEmitterFailure_BecomesADiagnostic_NotACrash()
    {
        // A model the parser never makes (no inputs): the emitter divides by zero.
        var model = new NetGen.Generator.Model.NetworkModel(
            null, NetGen.Generator.Model.EquatableArray<NetGen.Generator.Model.ContainingTypeModel>.Empty, "Broken", "class", "Broken.Mlp.g.cs",
            new NetGen.Generator.Model.NetworkShape(0, 4, 1), NetGen.Generator.Model.NumericPrecision.Single);

        (System.Collections.Immutable.ImmutableArray<NetGen.Generator.Emitting.GeneratedFile> files, NetGen.Generator.Model.DiagnosticInfo? failure) = MlpGenerator.TryEmit(model);

        Assert.Empty(files);
        Assert.NotNull(failure);
        Assert.Equal("NETGEN009", failure.Id);
        Assert.Equal("Broken", failure.MessageArgs[0]);
        Assert.Contains(nameof(System.DivideByZeroException), failure.MessageArgs[1]);
    }

    [Fact]
    public void NETGEN010_UnknownKernels() => AssertSingle("NETGEN010", """
        using NetGen;

        [Mlp(2, 4, 1, Kernels = (Kernels)7)]
        public partial class OddKernels { }
        """, "Kernels = (Kernels)7");

    [Fact]
    public void NETGEN013_UnknownActivation() => AssertSingle("NETGEN013", """
        using NetGen;

        [Mlp(2, 4, 1, Activation = (Activation)5)]
        public partial class OddActivation { }
        """, "Activation = (Activation)5");

    [Fact]
    public void NETGEN014_UnknownOutput() => AssertSingle("NETGEN014", """
        using NetGen;

        [Mlp(2, 4, 2, Output = (Output)9)]
        public partial class OddOutput { }
        """, "Output = (Output)9");

    [Fact]
    public void NETGEN015_SoftmaxWithOneOutput_PointsAtTheOutputArgument() => AssertSingle("NETGEN015", """
        using NetGen;

        [Mlp(2, 4, 1, Output = Output.Softmax)]
        public partial class OneClass { }
        """, "Output = Output.Softmax");

    [Fact]
    public void NETGEN016_UnknownOptimizer() => AssertSingle("NETGEN016", """
        using NetGen;

        [Mlp(2, 4, 1, Optimizer = (Optimizer)3)]
        public partial class OddOptimizer { }
        """, "Optimizer = (Optimizer)3");

    [Fact]
    public void NETGEN011_TooLargeToUnroll_PointsAtTheKernelsArgument()
    {
        Diagnostic diagnostic = AssertSingle("NETGEN011", """
            using NetGen;

            [Mlp(101, 41, 3, Kernels = Kernels.Unrolled)]
            public partial class SensorNet { }
            """, "Kernels = Kernels.Unrolled");
        Assert.Contains("has 4,264 weights and a layer of 101 units", diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <summary>
    /// NETGEN012 is retired: without System.Runtime.Intrinsics (a framework older than .NET 8) a network whose layers
    /// would be SIMD loops gets the portable kernels, compiles with no diagnostic and no warning, and names no vector type.
    /// The control, the same network with the intrinsics, has the SIMD kernels.
    /// </summary>
    [Theory]
    [InlineData("2, 4, 1, Kernels = Kernels.Simd")]
    [InlineData("64, 32, 10")]
    public void WithoutVector512_SimdLayersArePortableKernels(string arguments)
    {
        string source = "using NetGen;\n\n[Mlp(" + arguments + ")]\npublic partial class OldFrameworkNet { }\n";
        GeneratorRun old = RunWithoutIntrinsics(source);
        Assert.Empty(old.GeneratorDiagnostics);
        Assert.Empty(old.CompilationProblems);
        string maths = Assert.Single(old.Maths).SourceText.ToString();
        Assert.DoesNotContain("Vector512", maths);
        Assert.DoesNotContain("_V128(", maths);
        Assert.Contains("for (int j = 0; j < HiddenCount; j++)", maths);

        string current = Assert.Single(GeneratorHarness.Run(source).Maths).SourceText.ToString();
        Assert.Contains("_V128(", current);
    }

    [Theory]
    [InlineData(Microsoft.CodeAnalysis.CSharp.LanguageVersion.CSharp8, "8.0")]
    [InlineData(Microsoft.CodeAnalysis.CSharp.LanguageVersion.CSharp7_3, "7.3")]
    public void NETGEN021_LanguageVersionTooOld_PointsAtTheType(Microsoft.CodeAnalysis.CSharp.LanguageVersion version, string shown)
    {
        string source = "using NetGen;\n\n[Mlp(2, 4, 1)]\npublic partial class OldLanguageNet { }\n";
        Diagnostic diagnostic = AssertSingle("NETGEN021", Targets.Run(version, Targets.Net100, source), source, "OldLanguageNet");
        Assert.StartsWith("'OldLanguageNet' is compiled as C# " + shown + ",", diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture));

        // The control: C# 9 is served.
        GeneratorRun nine = Targets.Run(Microsoft.CodeAnalysis.CSharp.LanguageVersion.CSharp9, Targets.Net100, source);
        Assert.Empty(nine.GeneratorDiagnostics);
        Assert.Single(nine.Maths);
    }

    [Fact]
    public void NETGEN022_NoSpan_PointsAtTheType()
    {
        string source = "using NetGen;\n\n[Mlp(2, 4, 1)]\npublic partial class FrameworkNet { }\n";
        Diagnostic diagnostic = AssertSingle("NETGEN022", Targets.Run(Microsoft.CodeAnalysis.CSharp.LanguageVersion.CSharp9, Targets.Net48WithoutSpan, source), source, "FrameworkNet");
        Assert.Contains("System.Memory", diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture));

        // The control: the same framework with System.Memory is served.
        GeneratorRun withMemory = Targets.Run(Microsoft.CodeAnalysis.CSharp.LanguageVersion.CSharp9, Targets.Net48, source);
        Assert.Empty(withMemory.GeneratorDiagnostics);
        Assert.Single(withMemory.Maths);
    }

    private const string AotNetworks = """
        using NetGen;

        [Mlp(30, 16, 1)]
        public partial class CancerNet { }

        [Mlp(2, 4, 1)]
        public partial class XorNet { }

        [Mlp(8, 16, 12, 3, Output = Output.Softmax)]
        public partial class DeepNet { }
        """;

    /// <summary>
    /// A Native AOT publish for x64 that leaves the instruction set at its default (x86-64-v2, no FMA) gets one NETGEN023
    /// warning for the project, naming the networks whose SIMD code uses fused multiply-adds and not the unrolled one;
    /// the code is generated all the same. A build without a runtime identifier is for the machine that builds.
    /// </summary>
    [Theory]
    [InlineData("linux-x64", "")]
    [InlineData("win-x86", "")]
    [InlineData("", "linux-x64")]
    public void NETGEN023_AotForX64WithoutAnInstructionSet_WarnsOnce_NamingTheSimdNetworks(string runtime, string sdkRuntime)
    {
        GeneratorRun run = GeneratorHarness.RunWithBuildProperties(
            new System.Collections.Generic.Dictionary<string, string> { ["PublishAot"] = "true", ["RuntimeIdentifier"] = runtime, ["NETCoreSdkRuntimeIdentifier"] = sdkRuntime },
            AotNetworks);
        Diagnostic diagnostic = Assert.Single(run.GeneratorDiagnostics);
        Assert.Equal("NETGEN023", diagnostic.Id);
        Assert.Equal(DiagnosticSeverity.Warning, diagnostic.Severity);
        Assert.Equal(Location.None, diagnostic.Location);
        string message = diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture);
        Assert.Contains("for " + (runtime.Length > 0 ? runtime : sdkRuntime) + " without an IlcInstructionSet", message, System.StringComparison.Ordinal);
        Assert.Contains("the SIMD code of 'CancerNet', 'DeepNet' then", message, System.StringComparison.Ordinal);
        Assert.DoesNotContain("XorNet", message, System.StringComparison.Ordinal);
        Assert.Equal(3, run.Maths.Length);
        Assert.Empty(run.CompilationProblems);
    }

    /// <summary>
    /// The controls: no NETGEN023 when the project names an instruction set (x86-64-v2 included: a choice made), for
    /// ARM64 (FMA is part of its baseline), without Native AOT, or when every network is unrolled (no fused multiply-adds).
    /// </summary>
    [Theory]
    [InlineData("true", "x86-64-v3", "linux-x64", true)]
    [InlineData("true", "x86-64-v2", "linux-x64", true)]
    [InlineData("true", "native", "win-x64", true)]
    [InlineData("true", "", "linux-arm64", true)]
    [InlineData("false", "", "linux-x64", true)]
    [InlineData("", "", "linux-x64", true)]
    [InlineData("true", "", "linux-x64", false)]
    public void NETGEN023_NotReported_WhenTheInstructionSetIsChosen_OrThereIsNoFusedMultiplyAdd(string publishAot, string instructionSet, string runtime, bool simdNetworks)
    {
        string source = simdNetworks ? AotNetworks : "using NetGen;\n\n[Mlp(2, 4, 1)]\npublic partial class XorNet { }\n";
        GeneratorRun run = GeneratorHarness.RunWithBuildProperties(
            new System.Collections.Generic.Dictionary<string, string> { ["PublishAot"] = publishAot, ["IlcInstructionSet"] = instructionSet, ["RuntimeIdentifier"] = runtime },
            source);
        Assert.Empty(run.GeneratorDiagnostics);
        Assert.Equal(simdNetworks ? 3 : 1, run.Maths.Length);
    }

    /// <summary>
    /// Without System.Runtime.Intrinsics, as for a framework older than .NET 8 (which has no Vector.LoadUnsafe either), an
    /// unrolled Momentum or Adam network still compiles: its UpdateParameters goes one parameter at a time. The control,
    /// the same network with the intrinsics, goes a vector at a time.
    /// </summary>
    [Theory]
    [InlineData("2, 4, 1, Kernels = Kernels.Unrolled, Optimizer = Optimizer.Momentum")]
    [InlineData("2, 4, 1, Kernels = Kernels.Unrolled, Optimizer = Optimizer.Adam, Precision = Precision.Double")]
    public void WithoutVector512_AnUnrolledOptimizer_UpdatesOneAtATime(string arguments)
    {
        string source = "using NetGen;\n\n[Mlp(" + arguments + ")]\npublic partial class OldFrameworkNet { }\n";
        static string Maths(GeneratorRun run) =>
            run.Sources.Single(s => s.HintName.EndsWith(".Mlp.g.cs", System.StringComparison.Ordinal)).SourceText.ToString();

        GeneratorRun old = RunWithoutIntrinsics(source);
        Assert.Empty(old.GeneratorDiagnostics);
        Assert.Empty(old.CompilationProblems);
        Assert.Contains("zeroIfFinite += ", Maths(old));
        Assert.DoesNotContain("Vector.LoadUnsafe", Maths(old));

        GeneratorRun current = GeneratorHarness.Run(source);
        Assert.Empty(current.CompilationProblems);
        Assert.Contains("Vector.LoadUnsafe", Maths(current));
    }

    /// <summary>
    /// A network whose blocks of parameters are all narrower than the narrowest Vector&lt;T&gt; (4 floats) gets no vector
    /// loop in UpdateParameters, and so declares no vector there either: it compiles without a warning.
    /// </summary>
    [Fact]
    public void AnOptimizerWhoseBlocksNoVectorFits_WritesNoVector()
    {
        GeneratorRun run = GeneratorHarness.Run("[NetGen.Mlp(1, 3, 1, Optimizer = NetGen.Optimizer.Adam)] public partial class Tiny { }");
        Assert.Empty(run.GeneratorDiagnostics);
        Assert.Empty(run.CompilationProblems);
        string maths = run.Sources.Single(s => s.HintName.EndsWith(".Mlp.g.cs", System.StringComparison.Ordinal)).SourceText.ToString();
        Assert.Contains("zeroIfFinite += ", maths);
        Assert.DoesNotContain("Vector<float>", maths.Substring(maths.IndexOf("bool UpdateParameters(", System.StringComparison.Ordinal)));
    }

    [Theory]
    [InlineData("[NetGen.Mlp(2, 4)]", "[Mlp(2, 4)] gives two sizes, which leave no hidden layer")]
    [InlineData("[NetGen.Mlp(7)]", "[Mlp(7)] gives one size")]
    [InlineData("[NetGen.Mlp()]", "[Mlp()] gives no sizes")]
    [InlineData("[NetGen.Mlp(null)]", "[Mlp()] gives no sizes")]
    [InlineData("[NetGen.Mlp(new int[0])]", "[Mlp()] gives no sizes")]
    public void NETGEN017_TooFewSizes_PointsAtTheAttribute(string attribute, string messagePart)
    {
        string source = attribute + "\npublic partial class Shallow { }\n";
        Diagnostic diagnostic = AssertSingle("NETGEN017", source, attribute.Substring(1, attribute.Length - 2));
        Assert.StartsWith(messagePart, diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void NETGEN003_ZeroWidthHiddenLayer_InADeepNetwork_PointsAtItsArgument()
    {
        Diagnostic diagnostic = AssertSingle("NETGEN003", """
            [NetGen.Mlp(784, 128, 0, 10)]
            public partial class Gap { }
            """, "0", occurrence: 0);
        Assert.StartsWith("The number of units of hidden layer 2 is 0", diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void NETGEN003_SizesGivenAsAnArray_PointAtTheType()
    {
        Diagnostic diagnostic = AssertSingle("NETGEN003", """
            [NetGen.Mlp(new[] { 4, 8, -2, 3 })]
            public partial class FromArray { }
            """, "FromArray");
        Assert.StartsWith("The number of units of hidden layer 2 is -2", diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void NETGEN004_TooManyHiddenLayers()
    {
        string sizes = string.Join(", ", Enumerable.Repeat("4", 35));
        string source = "[NetGen.Mlp(" + sizes + ")]\npublic partial class Tower { }\n";
        Diagnostic diagnostic = AssertSingle("NETGEN004", source, "NetGen.Mlp(" + sizes + ")");
        Assert.Contains("has 33 hidden layers", diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void NETGEN004_CountsTheWeightsOfEveryLayer()
    {
        Diagnostic diagnostic = AssertSingle("NETGEN004", "[NetGen.Mlp(4096, 4096, 2048, 10)]\npublic partial class Wide { }\n", "NetGen.Mlp(4096, 4096, 2048, 10)");
        Assert.Contains("[Mlp(4096, 4096, 2048, 10)] has 25,186,304 weights", diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void DeepNetworkInsideTheBound_Compiles()
    {
        GeneratorRun run = GeneratorHarness.Run("[NetGen.Mlp(4096, 2048, 2048, 10)]\npublic partial class WideButAllowed { }\n");   // 12,603,392 weights
        Assert.Empty(run.GeneratorDiagnostics);
        Assert.Single(run.Maths);
        Assert.Empty(run.CompilationProblems);
    }

    [Fact]
    public void NETGEN011_CountsTheWeightsOfEveryLayer()
    {
        Diagnostic diagnostic = AssertSingle("NETGEN011", """
            using NetGen;

            [Mlp(40, 40, 40, 40, Kernels = Kernels.Unrolled)]
            public partial class DeepUnrolled { }
            """, "Kernels = Kernels.Unrolled");
        Assert.Contains("[Mlp(40, 40, 40, 40)] has 4,800 weights", diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void NETGEN015_SoftmaxWithOneOutput_InADeepNetwork() => AssertSingle("NETGEN015", """
        using NetGen;

        [Mlp(4, 8, 8, 1, Output = Output.Softmax)]
        public partial class OneClass { }
        """, "Output = Output.Softmax");

    /// <summary>Names are reserved only where the network declares them: Momentum only with Optimizer.Momentum.</summary>
    [Fact]
    public void NETGEN005_OnlyNamesTheNetworkDeclares()
    {
        // Momentum is the public setting of Optimizer.Momentum only: free with SGD and Adam, taken with Momentum.
        const string member = "    public static int Momentum() => 0;\n}\n";
        foreach (string optimizer in new[] { "Sgd", "Adam" })
        {
            GeneratorRun free = GeneratorHarness.Run("[NetGen.Mlp(4, 8, 3, Optimizer = NetGen.Optimizer." + optimizer + ")]\npublic partial class Free\n{\n" + member);
            Assert.Empty(free.GeneratorDiagnostics);
            Assert.Single(free.Maths);
            Assert.Empty(free.CompilationProblems);
        }

        GeneratorRun momentum = GeneratorHarness.Run("[NetGen.Mlp(4, 8, 3, Optimizer = NetGen.Optimizer.Momentum)]\npublic partial class Taken\n{\n" + member);
        Diagnostic diagnostic = Assert.Single(momentum.GeneratorDiagnostics);
        Assert.Equal("NETGEN005", diagnostic.Id);
        Assert.StartsWith("'Momentum' is already taken in 'Taken'", diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Empty(momentum.Sources);
    }

    [Fact]
    public void NETGEN005_DeepNetworkNames_AreReserved() => AssertSingle("NETGEN005", """
        [NetGen.Mlp(4, 8, 6, 2)]
        public partial class Taken
        {
            public int Hidden2Count => 0;
        }
        """, "Hidden2Count");

    [Theory]
    [InlineData("[NetGen.Mlp(2, 4, 1)][NetGen.Mlp(2, 4, 1)] public partial class Twice { }")]
    [InlineData("[NetGen.Mlp(2, 4, 1.5)] public partial class Fraction { }")]
    [InlineData("[NetGen.Mlp(2, 4, 3, \"1\")] public partial class WrongTypeInList { }")]
    [InlineData("[NetGen.Mlp(2, 4, \"1\")] public partial class WrongType { }")]
    [InlineData("public partial class C { static int n = 3; [NetGen.Mlp(n, 4, 1)] public partial class NotConstant { } }")]
    public void CompilerErrors_AreLeftToTheCompiler_WithoutOutputOrCrash(string source)
    {
        GeneratorRun run = GeneratorHarness.Run(source);
        Assert.DoesNotContain(run.GeneratorDiagnostics, d => d.Id.StartsWith("NETGEN", System.StringComparison.Ordinal));
        Assert.Empty(run.Sources);
        Assert.Contains(run.OutputCompilation.GetDiagnostics(), d => d.Severity == DiagnosticSeverity.Error);
    }

    [Fact]
    public void SyntaxErrorsElsewhere_StillGenerate_AndAddNoErrorsOfTheirOwn()
    {
        GeneratorRun run = GeneratorHarness.Run("[NetGen.Mlp(2, 4, 1)] public partial class Broken { void M( }");
        Assert.Empty(run.GeneratorDiagnostics);
        Assert.Single(run.Maths);
        Diagnostic[] errors = run.OutputCompilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToArray();
        Assert.NotEmpty(errors);
        Assert.All(errors, e => Assert.Equal("Input0.cs", e.Location.GetLineSpan().Path));
    }

    /// <summary>
    /// What each message tells the user to change, and the attribute argument it names (null: the fix is to the
    /// declaration or to the weight file, not to one argument). Every descriptor must have an entry, so a new diagnostic needs one too.
    /// Placeholders are filled with Arg0, Arg1, …
    /// </summary>
    private static readonly System.Collections.Generic.Dictionary<string, (string? Argument, string WhatToDo)> Advice = new()
    {
        ["NETGEN001"] = (null, "add the 'partial' modifier so that NetGen can add the network's members to it"),
        ["NETGEN002"] = (null, "add the 'partial' modifier to 'Arg0'"),
        ["NETGEN003"] = ("[Mlp(", "every size in [Mlp(inputs, hidden…, outputs)] must be at least 1"),
        ["NETGEN004"] = ("[Mlp(", "use fewer or smaller layers"),
        ["NETGEN005"] = (null, "rename or remove yours"),
        ["NETGEN006"] = (null, "put [Mlp] on a non-generic class"),
        ["NETGEN007"] = (null, "put it on a (non-static, non-file-local) partial class"),
        ["NETGEN008"] = (nameof(MlpAttribute.Precision), "use Precision.Single or Precision.Double"),
        ["NETGEN009"] = (null, "please report it with the declaration"),
        ["NETGEN010"] = (nameof(MlpAttribute.Kernels), "use Kernels.Auto, Kernels.Unrolled or Kernels.Simd"),
        ["NETGEN011"] = (nameof(MlpAttribute.Kernels), "remove 'Kernels = Kernels.Unrolled' (or use Kernels.Simd)"),
        ["NETGEN013"] = (nameof(MlpAttribute.Activation), "use Activation.Sigmoid, Activation.Tanh or Activation.Relu"),
        ["NETGEN014"] = (nameof(MlpAttribute.Output), "use Output.Sigmoid, Output.Softmax or Output.Linear"),
        ["NETGEN015"] = (nameof(MlpAttribute.Output), "give it two or more outputs (one per class), or use Output.Sigmoid for a yes/no output"),
        ["NETGEN016"] = (nameof(MlpAttribute.Optimizer), "use Optimizer.Sgd, Optimizer.Momentum or Optimizer.Adam"),
        ["NETGEN017"] = ("[Mlp(", "give the number of inputs, then the width of each hidden layer (at least one), then the number of outputs"),
        ["NETGEN018"] = (nameof(MlpAttribute.Weights), "add <AdditionalFiles Include=\"Arg1\" /> to the project, or correct the name"),
        ["NETGEN019"] = (null, "Write it with the generated SaveText and give it to the compiler unchanged, as an AdditionalFiles item"),
        ["NETGEN020"] = (null, "save the weights from a network declared like 'Arg2', or change its attribute"),
        ["NETGEN021"] = (null, "set <LangVersion>9.0</LangVersion> (or later) in the project file"),
        ["NETGEN022"] = (null, "target .NET Standard 2.1, .NET Core 2.1 or later, or add a PackageReference to System.Memory"),
        ["NETGEN023"] = (null, "Set <IlcInstructionSet>x86-64-v3</IlcInstructionSet> (x64 CPUs with AVX2 and FMA, since about 2013) or native in the project file"),
        ["NETGEN030"] = (null, "Export it as nn.Sequential of nn.Linear layers"),
        ["NETGEN031"] = (null, "change the attribute of 'Arg2' to the model's, or export the network the attribute declares"),
        ["NETGEN032"] = (null, "reference NetGen as a package (its build/NetGen.targets converts every .onnx AdditionalFiles item)"),
    };

    [Fact]
    public void EveryDescriptor_HasAHelpPageAndAMessageThatSaysWhatToDo()
    {
        Assert.Equal(DiagnosticDescriptors.All.Select(d => d.Id).OrderBy(id => id, System.StringComparer.Ordinal), Advice.Keys.OrderBy(id => id, System.StringComparer.Ordinal));
        var problems = new System.Collections.Generic.List<string>();
        foreach (DiagnosticDescriptor descriptor in DiagnosticDescriptors.All)
        {
            // Every diagnostic stops the network's code but NETGEN023, a warning about how the project is published.
            Assert.Equal(descriptor.Id == "NETGEN023" ? DiagnosticSeverity.Warning : DiagnosticSeverity.Error, descriptor.DefaultSeverity);
            problems.AddRange(MessageProblems(descriptor).Select(p => descriptor.Id + ": " + p));
        }

        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    /// <summary>What is wrong with a descriptor's message and help page: empty if nothing.</summary>
    private static System.Collections.Generic.IEnumerable<string> MessageProblems(DiagnosticDescriptor descriptor)
    {
        var culture = System.Globalization.CultureInfo.InvariantCulture;
        string format = descriptor.MessageFormat.ToString(culture);
        int placeholders = System.Text.RegularExpressions.Regex.Matches(format, @"\{(\d+)\}").Select(m => int.Parse(m.Groups[1].Value, culture) + 1).DefaultIfEmpty(0).Max();
        object[] arguments = Enumerable.Range(0, placeholders).Select(n => (object)("Arg" + n)).ToArray();
        string message = Diagnostic.Create(descriptor, Location.None, arguments).GetMessage(culture);
        (string? argument, string whatToDo) = Advice[descriptor.Id];

        if (message.Contains('{') || message.Contains('}'))
        {
            yield return "the message has an unfilled placeholder: " + message;
        }

        foreach (object filled in arguments.Where(a => !message.Contains((string)a, System.StringComparison.Ordinal)))
        {
            yield return "the message never shows " + filled + ": " + message;
        }

        // The problem, then a colon, then what to change.
        int colon = message.IndexOf(": ", System.StringComparison.Ordinal);
        int advice = message.IndexOf(whatToDo, System.StringComparison.Ordinal);
        if (colon < 0 || advice <= colon)
        {
            yield return "the message does not say, after its ': ', \"" + whatToDo + "\": " + message;
        }

        // The attribute argument to change is named as the user writes it, and exists.
        if (argument == "[Mlp(")
        {
            if (!message.Contains("[Mlp(", System.StringComparison.Ordinal))
            {
                yield return "the message does not show the sizes as [Mlp(…)]: " + message;
            }
        }
        else if (argument is not null)
        {
            System.Reflection.PropertyInfo? property = typeof(MlpAttribute).GetProperty(argument);
            if (property is null)
            {
                yield return "MlpAttribute has no argument " + argument;
            }
            else if (!message.Contains(argument + " = ", System.StringComparison.Ordinal) && !message.Contains(property.PropertyType.Name + ".", System.StringComparison.Ordinal))
            {
                yield return "the message does not name the argument " + argument + ": " + message;
            }
            else if (property.PropertyType.IsEnum && message.Contains("is not a member of", System.StringComparison.Ordinal))
            {
                // An unknown value: the advice lists every value there is.
                string[] values = System.Enum.GetNames(property.PropertyType).Select(v => property.PropertyType.Name + "." + v).ToArray();
                string list = "use " + string.Join(", ", values.Take(values.Length - 1)) + " or " + values[^1];
                if (!message.EndsWith(list, System.StringComparison.Ordinal))
                {
                    yield return "the message does not end with every value of " + property.PropertyType.Name + ", \"" + list + "\": " + message;
                }
            }
        }

        // The help link points at the page in this repository, whose message is the descriptor's.
        if (descriptor.HelpLinkUri != DiagnosticDescriptors.HelpLinkBase + descriptor.Id + ".md")
        {
            yield return "the help link is " + descriptor.HelpLinkUri;
        }

        const string repository = "https://github.com/netgen-dotnet/netgen/blob/main/";
        string page = System.IO.Path.Combine(RepositoryRoot(), descriptor.HelpLinkUri.StartsWith(repository, System.StringComparison.Ordinal)
            ? descriptor.HelpLinkUri.Substring(repository.Length) : descriptor.HelpLinkUri);
        if (!System.IO.File.Exists(page))
        {
            yield return "the help link " + descriptor.HelpLinkUri + " has no page " + page;
            yield break;
        }

        string[] lines = System.IO.File.ReadAllLines(page);
        if (lines[0] != "# " + descriptor.Id + ": " + descriptor.Title.ToString(culture))
        {
            yield return "the page's heading is '" + lines[0] + "', not '# " + descriptor.Id + ": " + descriptor.Title.ToString(culture) + "'";
        }

        string pattern = "^- \\*\\*Message:\\*\\* `"
            + string.Concat(System.Text.RegularExpressions.Regex.Split(format, @"(\{\d+\})").Select(piece =>
                System.Text.RegularExpressions.Regex.IsMatch(piece, @"^\{\d+\}$") ? "<.+?>" : System.Text.RegularExpressions.Regex.Escape(piece)))
            + "`,?$";
        if (!lines.Any(line => System.Text.RegularExpressions.Regex.IsMatch(line, pattern)))
        {
            yield return "the page's **Message:** line is not the descriptor's message: " + page;
        }
    }

    private static string RepositoryRoot([System.Runtime.CompilerServices.CallerFilePath] string file = "") =>
        System.IO.Path.GetFullPath(System.IO.Path.Combine(System.IO.Path.GetDirectoryName(file)!, "..", ".."));

    /// <summary>
    /// Asserts exactly one NetGen diagnostic, with <paramref name="id"/>, whose location covers the
    /// <paramref name="occurrence"/>-th (or the last, by default) occurrence of <paramref name="spanText"/>,
    /// and that nothing was generated.
    /// </summary>
    private static Diagnostic AssertSingle(string id, string source, string spanText, int occurrence = -1) =>
        AssertSingle(id, GeneratorHarness.Run(source), source, spanText, occurrence);

    private static Diagnostic AssertSingle(string id, GeneratorRun run, string source, string spanText, int occurrence = -1)
    {
        Diagnostic diagnostic = Assert.Single(run.GeneratorDiagnostics);
        Assert.Equal(id, diagnostic.Id);
        Assert.Empty(run.Sources);

        // Locations are rebuilt from values (the model holds no syntax), as file, span and lines.
        int start = occurrence < 0 ? source.LastIndexOf(spanText, System.StringComparison.Ordinal) : NthIndex(source, spanText, occurrence);
        FileLinePositionSpan lines = diagnostic.Location.GetLineSpan();
        Assert.Equal("Input0.cs", lines.Path);
        Assert.Equal(start, diagnostic.Location.SourceSpan.Start);
        Assert.Equal(spanText, source.Substring(diagnostic.Location.SourceSpan.Start, diagnostic.Location.SourceSpan.Length));
        Assert.Equal(source.Substring(0, start).Count(c => c == '\n'), lines.StartLinePosition.Line);
        return diagnostic;
    }

    /// <summary>
    /// Runs the generator, as <see cref="GeneratorHarness.Run"/> does, over a compilation whose references lack
    /// System.Runtime.Intrinsics, the reference assembly that defines Vector128/256/512.
    /// </summary>
    private static GeneratorRun RunWithoutIntrinsics(string source)
    {
        Compilation compilation = GeneratorHarness.Compile(source);
        IAssemblySymbol intrinsics = compilation.GetTypeByMetadataName("System.Runtime.Intrinsics.Vector512`1")!.ContainingAssembly;
        Assert.Equal("System.Runtime.Intrinsics", intrinsics.Name);
        compilation = compilation.RemoveReferences(compilation.GetMetadataReference(intrinsics)!);
        Assert.Null(compilation.GetTypeByMetadataName("System.Runtime.Intrinsics.Vector512`1"));

        GeneratorDriver driver = GeneratorHarness.CreateDriver().RunGeneratorsAndUpdateCompilation(compilation, out Compilation output, out _);
        GeneratorRunResult result = driver.GetRunResult().Results.Single();
        Assert.Null(result.Exception);
        GeneratorHarness.AssertNoRoslynObjectsInOutputs(result);
        GeneratorHarness.AssertAllCached(driver.RunGenerators(compilation.Clone()).GetRunResult().Results.Single());
        return new GeneratorRun(result.Diagnostics, result.GeneratedSources, output);
    }

    private static int NthIndex(string text, string value, int n)
    {
        int index = -1;
        for (int k = 0; k <= n; k++)
        {
            index = text.IndexOf(value, index + 1, System.StringComparison.Ordinal);
        }

        return index;
    }

    /// <summary>A member named like an alias of NetGen's helper classes would hide it in the generated part: NETGEN005.</summary>
    [Fact]
    public void NETGEN005_HelperAliasName_IsReserved() => AssertSingle("NETGEN005", """
        [NetGen.Mlp(2, 4, 1)]
        public partial class HidesAnAlias
        {
            private static int __Kernels => 0;
        }
        """, "__Kernels");
}
