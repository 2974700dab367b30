using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;
using Xunit;

namespace NetGen.Generator.Tests;

/// <summary>
/// Snapshots of single generated methods (doc comment and attributes included, at column 0) in
/// <c>Snapshots/MethodSnapshotTests.&lt;Test&gt;.verified.cs</c>, so that a difference points at the method.
/// </summary>
/// <remarks>
/// Each method is looked for in the type its test names: the user's type for the public methods, the file-local
/// <c>Kernels</c> class for their work and the layers' kernels.
/// </remarks>
public sealed class MethodSnapshotTests
{
    /// <summary>The helper class that holds the public methods' work and the layers' kernels.</summary>
    private const string Kernels = "Kernels";

    private const string Xor = """
        using NetGen;

        namespace Demo;

        [Mlp(2, 4, 1)]
        public partial class XorNet { }
        """;

    private const string Simd = """
        using NetGen;

        namespace Demo;

        [Mlp(30, 16, 1, Kernels = Kernels.Simd)]
        public partial class SimdNet { }
        """;

    private const string Mid = """
        using NetGen;

        namespace Demo;

        [Mlp(64, 32, 10)]
        public partial class MidNet { }
        """;

    private const string WideDouble = """
        using NetGen;

        namespace Demo;

        [Mlp(784, 128, 10, Precision = Precision.Double)]
        public partial class WideDoubleNet { }
        """;

    // The user's type keeps the public API.
    [Fact]
    public void Xor_Forward_InTheUsersType() => Verify(Xor, "XorNet", "Forward", expectedType: "XorNet");

    [Fact]
    public void Xor_Kernels_Forward() => Verify(Xor, "XorNet", "Forward", expectedType: Kernels);

    [Fact]
    public void Xor_Kernels_Backpropagate() => Verify(Xor, "XorNet", "Backpropagate", expectedType: Kernels);

    /// <summary>A dot kernel: a = W x + b for the hidden units.</summary>
    [Fact]
    public void Xor_Kernels_HiddenLayer_0To3() => Verify(Xor, "XorNet", "HiddenLayer_0To3", expectedType: Kernels);

    /// <summary>An update kernel: the SGD step on the hidden layer's parameters.</summary>
    [Fact]
    public void Xor_Kernels_UpdateHiddenLayer_0To3() => Verify(Xor, "XorNet", "UpdateHiddenLayer_0To3", expectedType: Kernels);

    /// <summary>A SIMD layer: the dispatch to the widest vector kernel the machine has.</summary>
    [Fact]
    public void Simd_Kernels_HiddenLayer_0To15() => Verify(Simd, "SimdNet", "HiddenLayer_0To15", expectedType: Kernels);

    /// <summary>One vector kernel.</summary>
    [Fact]
    public void Simd_Kernels_HiddenLayer_0To15_V256() => Verify(Simd, "SimdNet", "HiddenLayer_0To15_V256", expectedType: Kernels);

    /// <summary>
    /// The widest block: with AVX-512 the first layer keeps 16 vectors of sums, a whole row of 128 double units, and its
    /// step holds 16 vectors of deltas (LiveSums).
    /// </summary>
    [Fact]
    public void WideDouble_Kernels_HiddenLayer_0To127_V512() => Verify(WideDouble, "WideDoubleNet", "HiddenLayer_0To127_V512", expectedType: Kernels);

    [Fact]
    public void WideDouble_Kernels_TrainHiddenLayer_0To127_V512() =>
        Verify(WideDouble, "WideDoubleNet", "TrainHiddenLayer_0To127_V512", expectedType: Kernels);

    /// <summary>
    /// TrainBatch's gradients in register tiles where a row of G holds fewer full vectors than a tile's 4: the hidden
    /// layer's 32 units are 2 Vector512, so each tile is 4 rows by the whole row (2 vectors).
    /// </summary>
    [Fact]
    public void Mid_Kernels_AccumulateHiddenGradientsBatch_0To31_V512() =>
        Verify(Mid, "MidNet", "AccumulateHiddenGradientsBatch_0To31_V512", expectedType: Kernels);

    [Fact]
    public void MethodText_StartsAtItsDocComment_AtColumnZero()
    {
        SyntaxTree tree = CSharpSyntaxTree.ParseText("""
            namespace N
            {
                partial class C
                {
                    int x;

                    /// <summary>Doc.</summary>
                    [System.Obsolete]
                    private int M()
                    {
                        return 1;
                    }
                }
            }
            """);
        Assert.Equal(
            "/// <summary>Doc.</summary>\n[System.Obsolete]\nprivate int M()\n{\n    return 1;\n}\n",
            MethodText(new[] { tree }, "C", "M", expectedType: "C"));
    }

    private static void Verify(string source, string userType, string method, string expectedType, [System.Runtime.CompilerServices.CallerMemberName] string testName = "")
    {
        GeneratorRun run = GeneratorHarness.Run(source);
        Assert.Empty(run.GeneratorDiagnostics);
        IEnumerable<SyntaxTree> trees = run.Sources.Select(s => s.SyntaxTree);
        SnapshotAssert.MatchesPiece(MethodText(trees, expectedType, method, expectedType), nameof(MethodSnapshotTests), testName);
    }

    private static IEnumerable<MethodDeclarationSyntax> Find(IEnumerable<SyntaxTree> trees, string type, string method) =>
        from tree in trees
        from declaration in tree.GetRoot().DescendantNodes().OfType<MethodDeclarationSyntax>()
        where declaration.Identifier.ValueText == method
            && declaration.Parent is TypeDeclarationSyntax owner && owner.Identifier.ValueText == type
        select declaration;

    /// <summary>
    /// The text of the one method <paramref name="method"/> of type <paramref name="type"/> among <paramref name="trees"/>:
    /// its doc comment, attributes, signature and body, moved left so that its first line starts at column 0.
    /// </summary>
    private static string MethodText(IEnumerable<SyntaxTree> trees, string type, string method, string expectedType)
    {
        MethodDeclarationSyntax[] found = Find(trees, type, method).ToArray();
        Assert.True(
            found.Length == 1,
            found.Length == 0
                ? $"No method {method} in type {type} (expected in {expectedType})."
                : $"{found.Length} methods {method} in type {type}: the snapshot needs one.");

        MethodDeclarationSyntax declaration = found[0];

        // From the doc comment (or the first attribute or modifier) on, not the blank lines before it.
        SyntaxTriviaList leading = declaration.GetLeadingTrivia();
        int first = leading.IndexOf(leading.FirstOrDefault(t => t.IsKind(SyntaxKind.SingleLineDocumentationCommentTrivia)));
        int start = first >= 0 ? leading[first].FullSpan.Start : declaration.SpanStart;
        SourceText text = declaration.SyntaxTree.GetText();
        int lineStart = text.Lines.GetLineFromPosition(start).Start;
        int indent = start - lineStart;
        string body = text.ToString(TextSpan.FromBounds(lineStart, declaration.Span.End)).Replace("\r\n", "\n");

        var lines = body.Split('\n').Select(line => line.Length >= indent && line.Take(indent).All(c => c == ' ') ? line.Substring(indent) : line.TrimStart(' '));
        return string.Join("\n", lines) + "\n";
    }
}
