using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Xunit;
using Xunit.Abstractions;

namespace NetGen.Generator.Tests;

/// <summary>
/// The README's claims about the size bounds and about which code is generated, each asserted on the generated
/// syntax (issue 12): the methods an unrolled layer is cut into, the bounds of <c>Kernels.Unrolled</c> and of
/// <c>Kernels.Auto</c>, the largest network, the code for .NET 8 (no fused multiply-add), and the networks that call
/// no transcendental function of the C runtime.
/// </summary>
public sealed class ClaimsTests
{
    private readonly ITestOutputHelper _output;

    public ClaimsTests(ITestOutputHelper output) => _output = output;

    // ---- README "What the generated code looks like": unrolled layers are cut into methods of at most 512 multiply-adds.

    private const int TermsPerMethod = 512;

    private static readonly Regex ColumnBlock = new(@"^(?<phase>.+)_(?<row>\d+)_Columns(?<first>\d+)To(?<last>\d+)$", RegexOptions.CultureInvariant);
    private static readonly Regex RowBlock = new(@"^(?<phase>.+)_(?<first>\d+)To(?<last>\d+)$", RegexOptions.CultureInvariant);
    private static readonly Regex WeightView = new(@"^g?w(?<layer>\d+)$", RegexOptions.CultureInvariant);

    /// <summary>
    /// Counts the multiply-adds of every method of an unrolled network: the weights it touches, i.e. the distinct
    /// constant indices into the views of W_l (<c>w1[5]</c>) and of its gradient (<c>gw1[5]</c>), and the indices of every vector
    /// of them (<c>Load(w1, 4)</c>, <c>Store(gw1, 4, …)</c>: as many values from index 4 as the generated <c>Load</c> slices). Each weight enters
    /// exactly one multiply-add of a phase: w·x in a forward layer, w·δ in the deltas, δ·x in the gradients, and
    /// w −= η(…) in an update. Asserted:
    /// every method that touches a weight is a block of one phase; a block of whole rows touches exactly those
    /// rows' weights; a block of part of a row (only in gradient, update and train phases) touches exactly its
    /// columns; and a method has at most 512 multiply-adds unless it is a forward or delta block of one row longer
    /// than 512 terms, which is kept whole as one sum.
    /// </summary>
    [Theory]
    [InlineData(1, 1024, 3)]
    [InlineData(1024, 3, 1)]
    [InlineData(2, 1024, 2)]
    [InlineData(32, 32, 32, 32, 32)]
    [InlineData(511, 8, 1)]
    public void UnrolledMethods_HoldAtMost512MultiplyAdds_OrOneWholeForwardOrDeltaRow(params int[] sizes)
    {
        string arguments = string.Join(", ", sizes) + ", Kernels = NetGen.Kernels.Unrolled";
        GeneratorRun run = GeneratorHarness.Run($"[NetGen.Mlp({arguments})] public partial class Net {{ }}");
        Assert.Empty(run.GeneratorDiagnostics);
        CompilationUnitSyntax root = ParseGenerated(run);

        int layers = sizes.Length - 1;
        string Unit(int layer) => layer == layers ? "Output" : layers == 2 ? "Hidden" : "Hidden" + layer;

        // Phase method name → (layer, weights per row, whether a row may be cut into column ranges, kind).
        var phases = new Dictionary<string, (int Layer, int RowLength, bool Splittable, string Kind)>(StringComparer.Ordinal);
        for (int l = 1; l <= layers; l++)
        {
            phases[Unit(l) + "Layer"] = (l, sizes[l - 1], false, "forward");
            if (l < layers)
            {
                phases[Unit(l) + "Deltas"] = (l + 1, sizes[l + 1], false, "deltas");
            }

            phases["Accumulate" + Unit(l) + "Gradients"] = (l, sizes[l - 1], true, "gradients");
            phases["Update" + Unit(l) + "Layer"] = (l, sizes[l - 1], true, "update");
            phases["Train" + Unit(l) + "Layer"] = (l, sizes[l - 1], true, "train");
        }

        // The values in one of the vectors: the length the generated Load helper slices (v.Slice(n, 4)); no helper where
        // no block computes a vector (1024-3-1).
        int lanes = root.DescendantNodes().OfType<MethodDeclarationSyntax>()
            .Where(m => m.Identifier.ValueText == "Load")
            .SelectMany(m => m.DescendantNodes().OfType<InvocationExpressionSyntax>())
            .Select(call => call.ArgumentList.Arguments is [_, { Expression: LiteralExpressionSyntax { Token.Value: int n } }] ? n : 0)
            .SingleOrDefault(n => n > 0);
        int methodsWithWeights = 0, largest = 0, wholeLongRows = 0, pieces = 0;
        foreach (MethodDeclarationSyntax method in root.DescendantNodes().OfType<MethodDeclarationSyntax>())
        {
            string name = method.Identifier.ValueText;
            var touched = WeightsTouched(method, lanes);
            if (touched.Count == 0)
            {
                continue;
            }

            methodsWithWeights++;
            largest = Math.Max(largest, touched.Count);
            Match column = ColumnBlock.Match(name), rows = RowBlock.Match(name);
            string phaseName = column.Success ? column.Groups["phase"].Value : rows.Success ? rows.Groups["phase"].Value : name;
            Assert.True(phases.TryGetValue(phaseName, out var phase), $"{name} touches {touched.Count} weights but is no block of a known phase");
            Assert.All(touched, w => Assert.Equal(phase.Layer, w.Layer));

            if (column.Success)
            {
                // Part of one row: only where the row is longer than a method's budget, and only in phases cut mid-row.
                pieces++;
                int first = Int(column, "first"), last = Int(column, "last");
                Assert.True(phase.Splittable, $"{name}: a {phase.Kind} row cut into columns");
                Assert.True(phase.RowLength > TermsPerMethod, $"{name}: a row of {phase.RowLength} terms cut although it fits in one method");
                Assert.True(last - first + 1 == touched.Count, $"{name} ({phase.Kind}): {touched.Count} weights, not columns {first} to {last}");
                Assert.True(touched.Count <= TermsPerMethod, $"{name} ({phase.Kind}) has {touched.Count} multiply-adds");
            }
            else
            {
                Assert.True(rows.Success, $"{name} touches weights but is no block of rows");
                int blockRows = Int(rows, "last") - Int(rows, "first") + 1;
                Assert.True(blockRows * phase.RowLength == touched.Count, $"{name} ({phase.Kind}): {touched.Count} weights, not {blockRows} whole rows of {phase.RowLength}");
                if (touched.Count > TermsPerMethod)
                {
                    // The one exception: a forward or delta row longer than the budget is one sum, kept whole.
                    wholeLongRows++;
                    Assert.True(blockRows == 1 && !phase.Splittable, $"{name} ({phase.Kind}, {blockRows} rows) has {touched.Count} multiply-adds");
                }
            }
        }

        _output.WriteLine($"[Mlp({arguments})]: {methodsWithWeights} methods touch weights, the largest {largest}; {wholeLongRows} whole rows over {TermsPerMethod}, {pieces} pieces of rows");
        Assert.True(methodsWithWeights > 0, "no method touches a weight: the count above counted nothing");
        bool anyRowTooLong = phases.Values.Any(p => p.RowLength > TermsPerMethod);
        Assert.Equal(anyRowTooLong, pieces > 0);
    }

    private static int Int(Match match, string group) => int.Parse(match.Groups[group].Value, System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The weights a method touches: (layer, index) of every constant index into a view named w{l} or gw{l}.</summary>
    private static HashSet<(int Layer, int Index)> WeightsTouched(SyntaxNode method, int lanes)
    {
        var touched = new HashSet<(int, int)>();
        foreach (ElementAccessExpressionSyntax access in method.DescendantNodes().OfType<ElementAccessExpressionSyntax>())
        {
            if (access.Expression is IdentifierNameSyntax { Identifier.ValueText: var view } && WeightView.Match(view) is { Success: true } match
                && access.ArgumentList.Arguments is [{ Expression: LiteralExpressionSyntax { Token.Value: int index } }])
            {
                touched.Add((int.Parse(match.Groups["layer"].Value, System.Globalization.CultureInfo.InvariantCulture), index));
            }
        }

        // Vectors of weights: Load(w1, 8) reads, Store(gw1, 8, …) writes, the lanes weights from index 8 on.
        foreach (InvocationExpressionSyntax call in method.DescendantNodes().OfType<InvocationExpressionSyntax>())
        {
            if (call.Expression is IdentifierNameSyntax { Identifier.ValueText: "Load" or "Store" }
                && call.ArgumentList.Arguments is [{ Expression: IdentifierNameSyntax { Identifier.ValueText: var view } }, { Expression: LiteralExpressionSyntax { Token.Value: int first } }, ..]
                && WeightView.Match(view) is { Success: true } match)
            {
                int layer = int.Parse(match.Groups["layer"].Value, System.Globalization.CultureInfo.InvariantCulture);
                for (int index = first; index < first + lanes; index++)
                {
                    touched.Add((layer, index));
                }
            }
        }

        return touched;
    }

    // ---- README "The attribute": Kernels.Unrolled up to 4,096 weights and 1,024 units per layer, NETGEN011 beyond.

    [Theory]
    [InlineData("1, 1024, 3")]      // 4,096 weights and a layer of 1,024 units: both bounds at once
    [InlineData("511, 8, 1")]       // 4,096 weights
    public void Unrolled_AtBothBounds_Compiles(string sizes)
    {
        GeneratorRun run = GeneratorHarness.Run($"[NetGen.Mlp({sizes}, Kernels = NetGen.Kernels.Unrolled)] public partial class AtBound {{ }}");
        Assert.Empty(run.GeneratorDiagnostics);
        Assert.Single(run.Maths);
        Assert.Equal(Code.Unrolled, KindOf(run));
        Assert.Empty(run.OutputCompilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
    }

    [Theory]
    [InlineData("1, 1025, 1", "has 2,050 weights and a layer of 1,025 units")]   // under 4,096 weights: the width refuses it
    [InlineData("240, 17, 1", "has 4,097 weights and a layer of 240 units")]     // one weight past 4,096, every layer narrow
    public void Unrolled_PastOneBound_GetsNETGEN011(string sizes, string message)
    {
        GeneratorRun run = GeneratorHarness.Run($"[NetGen.Mlp({sizes}, Kernels = NetGen.Kernels.Unrolled)] public partial class PastBound {{ }}");
        Diagnostic diagnostic = Assert.Single(run.GeneratorDiagnostics);
        Assert.Equal("NETGEN011", diagnostic.Id);
        Assert.Contains(message, diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Empty(run.Sources);
    }

    // ---- README "The attribute": Kernels.Auto unrolls at most 64 weights and 8 units per layer.

    public enum Code
    {
        Unrolled,
        Simd,
    }

    [Theory]
    [InlineData("4, 8, 4", Code.Unrolled)]        // 64 weights, a layer of 8
    [InlineData("4, 4, 4, 4, 4", Code.Unrolled)]  // 64 weights in four layers
    [InlineData("8, 1, 8", Code.Unrolled)]        // 16 weights, inputs and outputs 8 wide
    [InlineData("5, 5, 8", Code.Simd)]            // 65 weights, no layer wider than 8
    [InlineData("1, 9, 1", Code.Simd)]            // 18 weights, a hidden layer of 9
    [InlineData("9, 1, 1", Code.Simd)]            // 10 weights, 9 inputs
    [InlineData("1, 1, 9", Code.Simd)]            // 10 weights, 9 outputs
    public void Auto_UnrollsUpTo64WeightsAnd8UnitsPerLayer(string sizes, Code expected)
    {
        GeneratorRun run = GeneratorHarness.Run($"[NetGen.Mlp({sizes})] public partial class AutoNet {{ }}");
        Assert.Empty(run.GeneratorDiagnostics);
        Assert.Equal(expected, KindOf(run));
    }

    /// <summary>
    /// Which code a network got, from its methods: SIMD networks have a layer kernel per vector width (Layer_…_V128),
    /// unrolled ones have none (their per-width kernels are ForwardBatch's ForwardSamples_V128) and write their forward
    /// layers as blocks of rows (HiddenLayer_0To3); exactly one holds.
    /// </summary>
    private static Code KindOf(GeneratorRun run)
    {
        string[] methods = ParseGenerated(run).DescendantNodes().OfType<MethodDeclarationSyntax>().Select(m => m.Identifier.ValueText).ToArray();
        bool kernels = methods.Any(m => m.Contains("Layer_", StringComparison.Ordinal) && m.EndsWith("_V128", StringComparison.Ordinal));
        bool rowBlocks = methods.Any(m => Regex.IsMatch(m, @"^(Hidden\d*|Output)Layer_\d+To\d+$", RegexOptions.CultureInvariant))
            && !methods.Any(m => m.Contains("Layer_", StringComparison.Ordinal) && m.Contains("_V", StringComparison.Ordinal));
        Assert.True(kernels != rowBlocks, $"the generated methods look like both kinds or neither: {string.Join(", ", methods.Where(m => m.Contains("Layer_", StringComparison.Ordinal)))}");
        return kernels ? Code.Simd : Code.Unrolled;
    }

    // ---- README "The attribute": every network up to 16,777,216 weights compiles; beyond that, NETGEN004.

    /// <summary>Exactly 16,777,216 = 4096 × (4095 + 1) weights: generated without a diagnostic, and compiles (checked, not emitted).</summary>
    [Fact]
    public void MaxWeights_Exactly_Compiles()
    {
        GeneratorRun run = GeneratorHarness.Run("[NetGen.Mlp(4095, 4096, 1)] public partial class AtTheBound { }");
        Assert.Empty(run.GeneratorDiagnostics);
        Assert.Single(run.Maths);
        Assert.Empty(run.CompilationProblems);
    }

    /// <summary>One weight more, 4095·4096 + 4096·1 + 1·1 = 16,777,217 (no shallow network of ≤ 8,192 units has it: 97 · 257 · 673).</summary>
    [Fact]
    public void MaxWeights_PlusOne_GetsNETGEN004()
    {
        GeneratorRun run = GeneratorHarness.Run("[NetGen.Mlp(4095, 4096, 1, 1)] public partial class PastTheBound { }");
        Diagnostic diagnostic = Assert.Single(run.GeneratorDiagnostics);
        Assert.Equal("NETGEN004", diagnostic.Id);
        Assert.Contains("has 16,777,217 weights", diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Empty(run.Sources);
    }

    // ---- README "Native AOT": sums of products are fused on .NET 9 and later, a multiply then an add on .NET 8.

    [Theory]
    [InlineData("64, 32, 10")]
    [InlineData("30, 16, 1, Precision = NetGen.Precision.Double")]
    [InlineData("784, 128, 64, 10, Activation = NetGen.Activation.Relu, Output = NetGen.Output.Softmax")]
    [InlineData("2, 4, 1, Kernels = NetGen.Kernels.Simd, Optimizer = NetGen.Optimizer.Adam")]
    [InlineData("6, 5, 3, Kernels = NetGen.Kernels.Simd, Optimizer = NetGen.Optimizer.Momentum, Precision = NetGen.Precision.Double")]
    public void OnNet8_SimdCompilesWithoutFusedMultiplyAdd(string arguments)
    {
        string source = $"[NetGen.Mlp({arguments})] public partial class Net8 {{ }}";
        (ImmutableArray<Diagnostic> diagnostics, SyntaxTree[] generated, Compilation output) = RunAgainst(Basic.Reference.Assemblies.Net80.References.All, source);
        Assert.Empty(diagnostics);
        SyntaxTree tree = Assert.Single(generated, t => t.FilePath.EndsWith(".Mlp.g.cs", StringComparison.Ordinal));
        Assert.Empty(output.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning));
        Assert.Equal(0, FusedMultiplyAdds(tree));
        Assert.Contains(tree.GetRoot().DescendantNodes().OfType<IdentifierNameSyntax>(), n => n.Identifier.ValueText == "Vector512");

        // The control: the same network on .NET 10 does fuse, so the count above could have found some.
        (_, SyntaxTree[] net10, _) = RunAgainst(Basic.Reference.Assemblies.Net100.References.All, source);
        Assert.True(FusedMultiplyAdds(Assert.Single(net10, t => t.FilePath.EndsWith(".Mlp.g.cs", StringComparison.Ordinal))) > 0, "the .NET 10 code has no FusedMultiplyAdd either");
    }

    private static int FusedMultiplyAdds(SyntaxTree tree) => tree.GetRoot().DescendantNodes().OfType<InvocationExpressionSyntax>()
        .Count(i => i.Expression is MemberAccessExpressionSyntax { Name.Identifier.ValueText: "FusedMultiplyAdd" });

    private static (ImmutableArray<Diagnostic> Diagnostics, SyntaxTree[] Generated, Compilation Output) RunAgainst(IEnumerable<MetadataReference> framework, string source)
    {
        var parse = new CSharpParseOptions(LanguageVersion.CSharp12);
        CSharpCompilation compilation = CSharpCompilation.Create(
            "Consumer",
            new[] { CSharpSyntaxTree.ParseText(source, parse, path: "Input0.cs") },
            framework.Append(MetadataReference.CreateFromFile(typeof(MlpAttribute).Assembly.Location)),
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        CSharpGeneratorDriver.Create(new[] { new MlpGenerator().AsSourceGenerator() }, parseOptions: parse)
            .RunGeneratorsAndUpdateCompilation(compilation, out Compilation output, out ImmutableArray<Diagnostic> diagnostics);
        return (diagnostics, output.SyntaxTrees.Skip(1).ToArray(), output);
    }

    // ---- docs/reproducibility.md: ReLU hidden units, linear outputs, SGD or Momentum call no Exp, Log, Tanh or Pow.

    private static readonly HashSet<string> Transcendental = new(StringComparer.Ordinal) { "Exp", "Log", "Log2", "Log10", "Tanh", "Pow" };

    /// <summary>
    /// Asserted on the generated syntax: no invocation of a member named Exp, Log, Log2, Log10, Tanh or Pow (on any
    /// receiver: Math, MathF, float, double, a vector type) lies in a member reachable from the class's non-private
    /// members, reachability taken by name over every identifier in a member's body (overloads and same-named
    /// members count as one, so it can only over-reach). An unreachable helper may hold one (today the unused
    /// <c>Sigmoid</c>); the control network with sigmoid outputs shows the same walk finds the ones that are reached.
    /// </summary>
    [Theory]
    [InlineData("6, 5, 2, Kernels = NetGen.Kernels.Unrolled")]
    [InlineData("6, 5, 2, Kernels = NetGen.Kernels.Unrolled, Precision = NetGen.Precision.Double")]
    [InlineData("6, 5, 2, Kernels = NetGen.Kernels.Unrolled, Optimizer = NetGen.Optimizer.Momentum")]
    [InlineData("6, 5, 2, Kernels = NetGen.Kernels.Unrolled, Optimizer = NetGen.Optimizer.Momentum, Precision = NetGen.Precision.Double")]
    [InlineData("30, 16, 3, Kernels = NetGen.Kernels.Simd")]
    [InlineData("30, 16, 3, Kernels = NetGen.Kernels.Simd, Precision = NetGen.Precision.Double")]
    [InlineData("30, 16, 3, Kernels = NetGen.Kernels.Simd, Optimizer = NetGen.Optimizer.Momentum")]
    [InlineData("30, 16, 3, Kernels = NetGen.Kernels.Simd, Optimizer = NetGen.Optimizer.Momentum, Precision = NetGen.Precision.Double")]
    [InlineData("3, 5, 4, 2, Kernels = NetGen.Kernels.Unrolled")]
    [InlineData("101, 41, 17, 3, Kernels = NetGen.Kernels.Simd, Optimizer = NetGen.Optimizer.Momentum")]
    public void ReluLinear_SgdOrMomentum_CallsNoTranscendental(string arguments)
    {
        GeneratorRun run = GeneratorHarness.Run($"[NetGen.Mlp({arguments}, Activation = NetGen.Activation.Relu, Output = NetGen.Output.Linear)] public partial class Regression {{ }}");
        Assert.Empty(run.GeneratorDiagnostics);
        Assert.Empty(run.OutputCompilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
        (List<string> reached, List<string> unreached) = TranscendentalCalls(ParseGenerated(run));
        _output.WriteLine("outside reach: " + string.Join("; ", unreached));
        Assert.Empty(reached);
    }

    [Theory]
    [InlineData("6, 5, 2, Kernels = NetGen.Kernels.Unrolled, Activation = NetGen.Activation.Relu", "Exp")]
    [InlineData("30, 18, 3, Kernels = NetGen.Kernels.Simd, Activation = NetGen.Activation.Tanh, Output = NetGen.Output.Linear", "Tanh")]
    [InlineData("6, 5, 2, Activation = NetGen.Activation.Relu, Output = NetGen.Output.Linear, Optimizer = NetGen.Optimizer.Adam", "Pow")]
    public void TranscendentalWalk_FindsTheCallsOfOtherNetworks(string arguments, string function)
    {
        GeneratorRun run = GeneratorHarness.Run($"[NetGen.Mlp({arguments})] public partial class Control {{ }}");
        Assert.Empty(run.GeneratorDiagnostics);
        (List<string> reached, _) = TranscendentalCalls(ParseGenerated(run));
        Assert.Contains(reached, call => call.Contains("." + function + "(", StringComparison.Ordinal));
    }

    /// <summary>Invocations of <see cref="Transcendental"/> members, split into those in members reachable from the API and the rest.</summary>
    private static (List<string> Reached, List<string> Unreached) TranscendentalCalls(CompilationUnitSyntax root)
    {
        var members = root.DescendantNodes().OfType<MemberDeclarationSyntax>()
            .Where(m => m is BaseMethodDeclarationSyntax or BasePropertyDeclarationSyntax or FieldDeclarationSyntax)
            .Where(m => m.Parent is TypeDeclarationSyntax)
            .ToList();
        string NameOf(MemberDeclarationSyntax m) => m switch
        {
            MethodDeclarationSyntax method => method.Identifier.ValueText,
            ConstructorDeclarationSyntax => ".ctor",
            PropertyDeclarationSyntax property => property.Identifier.ValueText,
            IndexerDeclarationSyntax => "this[]",
            FieldDeclarationSyntax field => string.Join(",", field.Declaration.Variables.Select(v => v.Identifier.ValueText)),
            _ => m.Kind().ToString(),
        };
        bool IsRoot(MemberDeclarationSyntax m) => m is ConstructorDeclarationSyntax || !m.Modifiers.Any(SyntaxKind.PrivateKeyword)
            && (m.Modifiers.Any(SyntaxKind.PublicKeyword) || m.Modifiers.Any(SyntaxKind.InternalKeyword) || m.Modifiers.Any(SyntaxKind.ProtectedKeyword));

        var byName = members.GroupBy(m => NameOf(m), StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        var reached = new HashSet<MemberDeclarationSyntax>(members.Where(IsRoot));
        var work = new Queue<MemberDeclarationSyntax>(reached);
        while (work.Count > 0)
        {
            MemberDeclarationSyntax member = work.Dequeue();
            foreach (IdentifierNameSyntax name in member.DescendantNodes().OfType<IdentifierNameSyntax>())
            {
                foreach (var entry in byName.Where(e => e.Key.Split(',').Contains(name.Identifier.ValueText, StringComparer.Ordinal)))
                {
                    foreach (MemberDeclarationSyntax next in entry.Value)
                    {
                        if (reached.Add(next))
                        {
                            work.Enqueue(next);
                        }
                    }
                }
            }
        }

        var inReach = new List<string>();
        var outOfReach = new List<string>();
        foreach (InvocationExpressionSyntax call in root.DescendantNodes().OfType<InvocationExpressionSyntax>())
        {
            if (call.Expression is MemberAccessExpressionSyntax { Name.Identifier.ValueText: var name } && Transcendental.Contains(name))
            {
                MemberDeclarationSyntax? owner = call.Ancestors().OfType<MemberDeclarationSyntax>().FirstOrDefault(m => m.Parent is TypeDeclarationSyntax);
                string where = (owner is null ? "?" : NameOf(owner)) + ": " + call.ToString();
                (owner is not null && !reached.Contains(owner) ? outOfReach : inReach).Add(where);
            }
        }

        return (inReach, outOfReach);
    }

    private static CompilationUnitSyntax ParseGenerated(GeneratorRun run) =>
        (CompilationUnitSyntax)Assert.Single(run.Maths).SyntaxTree.GetRoot();
}
