using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using NetGen.Generator.Emitting;
using NetGen.Generator.Model;
using Xunit;

namespace NetGen.Generator.Tests;

/// <summary>
/// The emitter from a model built by hand (no parse, no driver): what a reader of the generated files cares about.
/// </summary>
public sealed class EmitterTests
{
    /// <summary>The longest line the generated code may have.</summary>
    private const int MaxLineLength = 160;

    private static NetworkModel Model(string typeName, NetworkShape shape, NumericPrecision precision = NumericPrecision.Single) => new(
        "Demo", EquatableArray<ContainingTypeModel>.Empty, typeName, "class", "Demo." + typeName + ".Mlp.g.cs", shape, precision,
        VectorMath: true, FusedMultiplyAdd: true);

    private static NetworkShape Shape(int[] sizes, bool unrolled, HiddenActivation activation = HiddenActivation.Sigmoid,
        OutputHead head = OutputHead.Sigmoid, OptimizerKind optimizer = OptimizerKind.Sgd) =>
        new(new EquatableArray<int>(sizes), unrolled, activation, head, optimizer);

    private static readonly NetworkModel Xor = Model("XorNet", new NetworkShape(2, 4, 1));

    private static readonly NetworkModel Digits = Model(
        "DigitNet", Shape(new[] { 784, 128, 64, 10 }, unrolled: false, HiddenActivation.Relu, OutputHead.Softmax));

    private static readonly NetworkModel DeepAdam = Model(
        "DeeperNet", Shape(new[] { 8, 10, 6, 4, 3 }, unrolled: false, HiddenActivation.Tanh, optimizer: OptimizerKind.Adam), NumericPrecision.Double);

    private static readonly NetworkModel Momentum = Model("MomentumNet", Shape(new[] { 2, 4, 1 }, unrolled: true, optimizer: OptimizerKind.Momentum));

    private static readonly NetworkModel Adam = Model("AdamNet", Shape(new[] { 30, 16, 1 }, unrolled: false, optimizer: OptimizerKind.Adam));

    public static TheoryData<string> Networks => new() { "XorNet", "DigitNet", "DeeperNet" };

    private static NetworkModel Named(string name) => name switch
    {
        "XorNet" => Xor,
        "DigitNet" => Digits,
        _ => DeepAdam,
    };

    [Theory]
    [MemberData(nameof(Networks))]
    public void OneFilePerConcern_WithTheExpectedHintNames(string network)
    {
        NetworkModel model = Named(network);
        string stem = "Demo." + model.TypeName + ".Mlp";
        string[] names = MlpEmitter.Emit(model).Select(f => f.HintName).ToArray();

        Assert.Equal(names.Length, names.Distinct(StringComparer.OrdinalIgnoreCase).Count());
        string[] required = { stem + ".g.cs", stem + ".WeightFile.g.cs", stem + ".Trainer.g.cs", stem + ".Onnx.g.cs" };
        string[] allowed = required.Append(stem + ".Checks.g.cs").ToArray();   // the checks file, which has no part of the user's type
        Assert.All(required, name => Assert.Contains(name, names));
        Assert.All(names, name => Assert.Contains(name, allowed));
        Assert.All(MlpEmitter.Emit(model), file => Assert.False(string.IsNullOrWhiteSpace(file.Text), file.HintName + " is empty."));
    }

    /// <summary>
    /// Every doc comment in the generated files is well-formed XML, so a project that builds its documentation file (and
    /// treats warnings as errors) gets no CS1570 from NetGen's code: the files parsed with documentation diagnostics on.
    /// </summary>
    [Theory]
    [MemberData(nameof(Networks))]
    public void GeneratedDocComments_AreWellFormedXml(string network)
    {
        var options = new CSharpParseOptions(LanguageVersion.Latest, DocumentationMode.Diagnose);
        var problems = MlpEmitter.Emit(Named(network))
            .SelectMany(file => CSharpSyntaxTree.ParseText(file.Text, options, path: file.HintName).GetDiagnostics())
            .Where(d => d.Id is "CS1570" or "CS1571" or "CS1572" or "CS1573" or "CS1574" or "CS1584" or "CS1587" or "CS1658")
            .ToList();
        Assert.True(problems.Count == 0, $"{network}: {problems.Count} doc-comment problems; the first: {string.Join("\n", problems.Take(5))}");
    }

    /// <summary>
    /// The lane-sum helpers (AddLanes1, AddLanes2, …, AddQuarters, AddHalves) are written exactly where a kernel calls
    /// them: each overload declared (by name, parameter count and result type) is called, and each call has its overload.
    /// </summary>
    [Theory]
    [MemberData(nameof(Networks))]
    public void LaneSumHelpers_AreDeclaredExactlyWhereCalled(string network)
    {
        string code = string.Concat(MlpEmitter.Emit(Named(network)).Select(file => file.Text));
        var declared = new HashSet<string>(
            Regex.Matches(code, @"private static (?<type>Vector\d+<\w+>) (?<name>AddLanes\d+|AddQuarters|AddHalves)\((?<parameters>[^)]*)\)")
                .Select(m => $"{m.Groups["type"].Value} {m.Groups["name"].Value}/{m.Groups["parameters"].Value.Split(',').Length}"));
        var called = new HashSet<string>(
            Regex.Matches(code, @"(?<type>Vector\d+<\w+>) h\w+ = (?<name>AddLanes\d+|AddQuarters|AddHalves)\((?<arguments>[^)]*)\);")
                .Select(m => $"{m.Groups["type"].Value} {m.Groups["name"].Value}/{m.Groups["arguments"].Value.Split(',').Length}"));
        Assert.True(network == "XorNet" || called.Count > 0, $"{network}: no lane-sum helper called; the pattern no longer matches the kernels.");
        Assert.True(
            declared.SetEquals(called),
            $"{network}: declared but not called: {string.Join(", ", declared.Except(called))}; called but not declared: {string.Join(", ", called.Except(declared))}");
    }

    /// <summary>Every line a reader meets fits in 160 columns: the kernels' long sums and signatures are wrapped.</summary>
    [Theory]
    [MemberData(nameof(Networks))]
    public void NoGeneratedLine_IsLongerThan160Characters(string network)
    {
        var tooLong = new List<string>();
        foreach (GeneratedFile file in MlpEmitter.Emit(Named(network)))
        {
            string[] lines = file.Text.Replace("\r\n", "\n").Split('\n');
            for (int n = 0; n < lines.Length; n++)
            {
                if (lines[n].Length > MaxLineLength)
                {
                    tooLong.Add($"{file.HintName}:{n + 1} ({lines[n].Length} characters): {lines[n].Trim().Substring(0, Math.Min(100, lines[n].Trim().Length))}…");
                }
            }
        }

        Assert.True(
            tooLong.Count == 0,
            $"{tooLong.Count} generated lines are longer than {MaxLineLength} characters; the first:\n"
                + string.Join("\n", tooLong.Take(10)));
    }

    /// <summary>
    /// The 160 columns hold in every file a snapshot test pins (all of SnapshotTests', TargetTests' and the method
    /// snapshots: every precision, activation, head, optimizer and target they cover), the version token read as the
    /// generator's version. Those tests hold the files equal to the generator's output, so this reads that output.
    /// </summary>
    [Fact]
    public void NoSnapshottedLine_IsLongerThan160Characters()
    {
        string[] files = Directory.GetFiles(Path.Combine(Here(), "Snapshots"), "*.verified.cs");
        Assert.True(files.Length >= 50, $"Only {files.Length} snapshot files found in {Path.Combine(Here(), "Snapshots")}.");
        var tooLong = new List<string>();
        foreach (string file in files)
        {
            string[] lines = File.ReadAllText(file).Replace(SnapshotAssert.VersionToken, Names.GeneratorVersion).Replace("\r\n", "\n").Split('\n');
            for (int n = 0; n < lines.Length; n++)
            {
                if (lines[n].Length > MaxLineLength)
                {
                    tooLong.Add($"{Path.GetFileName(file)}:{n + 1} ({lines[n].Length} characters): {lines[n].Trim().Substring(0, Math.Min(100, lines[n].Trim().Length))}…");
                }
            }
        }

        Assert.True(
            tooLong.Count == 0,
            $"{tooLong.Count} snapshotted lines are longer than {MaxLineLength} characters; the first:\n" + string.Join("\n", tooLong.Take(10)));
    }

    private static string Here([System.Runtime.CompilerServices.CallerFilePath] string file = "") => Path.GetDirectoryName(file)!;

    /// <summary>
    /// Any code line past the width gets its last argument list broken, wherever the emitter wrote it, a '(' inside a string
    /// literal not counted; a line holding <c>//</c> and a statement header are written as given (whole-line comments are
    /// wrapped per file, elsewhere).
    /// </summary>
    [Fact]
    public void CodeWriterLine_BreaksALongCall_AndLeavesCommentsAndStatementHeaders()
    {
        string call = "Vector128<double> f = Vector128.ConditionalSelect(Vector128.GreaterThan(z, Vector128<double>.Zero), Vector128.Create(1.0), Vector128<double>.Zero);";
        string literal = "throw Fail(nameof(learningRate), \"learningRate (η) must be a finite number greater than 0 (it is \" + learningRate + \".\");";
        string commented = "Step(parameters, gradients, eta, invB, decay, parameters.Length);   // " + new string('c', 80);
        string header = "if (" + string.Join(" && ", Enumerable.Range(0, 12).Select(n => "a" + n + " > 0")) + ")";
        string text = new CodeWriter { BaseColumn = 8, Width = 120 }.Line(call).Line(literal).Line(commented).Line(header).Line("short();").ToString();
        Assert.Equal(
            "Vector128<double> f = Vector128.ConditionalSelect(\n"
                + "    Vector128.GreaterThan(z, Vector128<double>.Zero), Vector128.Create(1.0), Vector128<double>.Zero);\n"
                + "throw Fail(\n"
                + "    nameof(learningRate),\n"
                + "    \"learningRate (η) must be a finite number greater than 0 (it is \" + learningRate + \".\");\n"
                + commented + "\n" + header + "\nshort();\n",
            text);
    }

    /// <summary>σ is written only where a layer uses it.</summary>
    [Fact]
    public void AReluSoftmaxNetwork_DeclaresNoSigmoidMethod()
    {
        string[] where = Methods(Digits).Where(m => m.Method.Identifier.ValueText == Names.Sigmoid).Select(m => m.File + " in " + m.Type).ToArray();
        Assert.True(
            where.Length == 0,
            $"A ReLU + softmax network has no sigmoid anywhere, yet declares Sigmoid ({string.Join(", ", where)}).");
    }

    /// <summary>Step's summary names the network's optimizer.</summary>
    [Theory]
    [InlineData("MomentumNet")]
    [InlineData("AdamNet")]
    public void StepsDocs_DoNotCallItAnSgdStep(string network)
    {
        NetworkModel model = network == "AdamNet" ? Adam : Momentum;
        (string File, string Type, MethodDeclarationSyntax Method)[] steps = Methods(model).Where(m => m.Method.Identifier.ValueText == Names.Step).ToArray();
        Assert.NotEmpty(steps);
        foreach ((string file, string _, MethodDeclarationSyntax step) in steps)
        {
            string docs = string.Concat(step.GetLeadingTrivia().Where(t => t.IsKind(SyntaxKind.SingleLineDocumentationCommentTrivia)).Select(t => t.ToFullString()));
            Assert.False(string.IsNullOrWhiteSpace(docs), $"Step in {file} has no doc comment.");
            Assert.False(
                docs.Contains("SGD step", StringComparison.Ordinal),
                $"Step of the {model.Shape.Optimizer} network ({file}) is documented as an SGD step:\n{docs}");
        }
    }

    [Theory]
    [MemberData(nameof(Networks))]
    public void NoGlobalQualifier_InsideTheNetGenGeneratedNamespace(string network)
    {
        int helperNamespaces = 0;
        foreach (GeneratedFile file in MlpEmitter.Emit(Named(network)))
        {
            SyntaxNode root = CSharpSyntaxTree.ParseText(file.Text).GetRoot();
            foreach (BaseNamespaceDeclarationSyntax ns in root.DescendantNodes().OfType<BaseNamespaceDeclarationSyntax>().Where(n => n.Name.ToString() == "NetGen.__Generated"))
            {
                helperNamespaces++;
                string[] lines = ns.ToString().Split('\n').Where(line => line.Contains("global::", StringComparison.Ordinal)).Take(5).ToArray();
                Assert.True(lines.Length == 0, $"{file.HintName}: namespace NetGen.__Generated uses global:: (it needs usings instead):\n{string.Join("\n", lines)}");
            }
        }

        // Every file has its helper class there (the maths, weight file, trainer and checks): none found means nothing was checked.
        Assert.Equal(4, helperNamespaces);
    }

    /// <summary>Every method the model's files declare, with its file and the name of the type that declares it.</summary>
    private static IEnumerable<(string File, string Type, MethodDeclarationSyntax Method)> Methods(NetworkModel model) =>
        from file in MlpEmitter.Emit(model)
        from method in CSharpSyntaxTree.ParseText(file.Text).GetRoot().DescendantNodes().OfType<MethodDeclarationSyntax>()
        select (file.HintName, ((BaseTypeDeclarationSyntax)method.Parent!).Identifier.ValueText, method);
}
