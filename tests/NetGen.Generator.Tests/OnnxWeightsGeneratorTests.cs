using System;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using NetGen.Generator.Parsing;
using NetGen.Onnx;
using Xunit;

namespace NetGen.Generator.Tests;

/// <summary>
/// Weights = "model.onnx": the text form NetGen.targets writes of the model (built here as the targets build it) found
/// by the model's own path, read and compiled in; or NETGEN030 (a model NetGen does not compile, or a damaged text form),
/// NETGEN031 (a model of another network) and NETGEN032 (the .onnx file itself, not converted) at the Weights argument,
/// with no output.
/// </summary>
public sealed class OnnxWeightsGeneratorTests
{
    private const string Xor = """
        [NetGen.Mlp(2, 4, 1, Weights = "models/xor.onnx")]
        public partial class Xor { }
        """;

    private const string TextPath = "obj/Debug/net10.0/netgen-onnx/xor.onnx.0badf00d.netgen-onnx.txt";

    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <summary>The text form of <paramref name="model"/>, as build/NetGen.targets writes it.</summary>
    internal static string TextForm(byte[] model, string source = "/home/me/app/models/xor.onnx")
    {
        string base64 = Convert.ToBase64String(model);
        var lines = Enumerable.Range(0, (base64.Length + 75) / 76).Select(n => base64.Substring(n * 76, Math.Min(76, base64.Length - (n * 76))));
        return OnnxWeights.Marker + ", written by NetGen.targets for the NetGen generator (Weights = \"...\"). Do not edit.\n# source: " + source + "\n"
            + string.Join("\n", lines) + "\n";
    }

    private static OnnxMlp Network(int[] sizes, OnnxActivation activation, OnnxHead head, int seed)
    {
        var random = new Random(seed);
        float[][] weights = Enumerable.Range(0, sizes.Length - 1).Select(l => Enumerable.Range(0, sizes[l] * sizes[l + 1]).Select(_ => (float)(random.NextDouble() - 0.5)).ToArray()).ToArray();
        float[][] biases = Enumerable.Range(0, sizes.Length - 1).Select(l => Enumerable.Range(0, sizes[l + 1]).Select(_ => (float)(random.NextDouble() - 0.5)).ToArray()).ToArray();
        return new OnnxMlp(sizes, activation, head, weights, biases, OnnxMlpWriter.Opset);
    }

    private static AdditionalText File(string path, string? text) => new InMemoryAdditionalText(path, text);

    private static byte[] Refused(string name) => System.IO.File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "OnnxModels", name));

    /// <summary>The values of the generated CompiledWeights array, parsed back from their literals.</summary>
    private static string[] CompiledLiterals(string source)
    {
        Match match = Regex.Match(source, @"CompiledWeights => new (?:float|double)\[\]\s*\{(?<values>[^}]*)\}");
        Assert.True(match.Success, "no CompiledWeights in the generated code");
        return match.Groups["values"].Value.Split(',').Select(v => v.Trim()).Where(v => v.Length > 0).ToArray();
    }

    [Fact]
    public void AModelForThisNetwork_IsCompiledIn_BitForBit_InTheParametersLayout()
    {
        OnnxMlp mlp = Network(new[] { 2, 4, 1 }, OnnxActivation.Sigmoid, OnnxHead.Sigmoid, seed: 1);
        mlp.Weights[0][1] = 0.1f;           // w_01: input 1 of unit 0, which NetGen stores input-major at 1·4 + 0
        mlp.Weights[0][2] = -0f;
        mlp.Biases[1][0] = float.Epsilon;
        GeneratorRun run = GeneratorHarness.RunWithFiles(new[] { File(TextPath, TextForm(OnnxMlpWriter.Write(mlp))) }, Xor);
        Assert.Empty(run.GeneratorDiagnostics);
        Assert.True(!run.CompilationProblems.Any(), string.Join("\n", run.CompilationProblems.Take(5)));
        float[] compiled = CompiledLiterals(run.AllText).Select(v => float.Parse(v.TrimEnd('f'), Invariant)).ToArray();
        Assert.Equal(mlp.ToParameters().Select(BitConverter.SingleToInt32Bits), compiled.Select(BitConverter.SingleToInt32Bits));
        Assert.Equal(0.1f, compiled[4]);
    }

    [Fact]
    public void ADoubleNetwork_GetsTheModelsFloats_Widened()
    {
        OnnxMlp mlp = Network(new[] { 3, 5, 2 }, OnnxActivation.Tanh, OnnxHead.Softmax, seed: 2);
        GeneratorRun run = GeneratorHarness.RunWithFiles(
            new[] { File(TextPath, TextForm(OnnxMlpWriter.Write(mlp))) },
            """
            [NetGen.Mlp(3, 5, 2, Precision = NetGen.Precision.Double, Activation = NetGen.Activation.Tanh, Output = NetGen.Output.Softmax, Weights = "xor.onnx")]
            public partial class Wide { }
            """);
        Assert.Empty(run.GeneratorDiagnostics);
        Assert.Empty(run.CompilationProblems);
        double[] compiled = CompiledLiterals(run.AllText).Select(v => double.Parse(v.TrimEnd('d'), Invariant)).ToArray();
        Assert.Equal(mlp.ToParameters().Select(f => (double)f), compiled);
    }

    [Fact]
    public void TheModelIsMatchedByItsOwnPath_NotTheTextFormsName()
    {
        byte[] model = OnnxMlpWriter.Write(Network(new[] { 2, 4, 1 }, OnnxActivation.Sigmoid, OnnxHead.Sigmoid, seed: 3));
        GeneratorRun other = GeneratorHarness.RunWithFiles(new[] { File(TextPath, TextForm(model, source: "C:\\app\\other\\xor.onnx")) }, Xor);
        Assert.Equal("NETGEN018", Assert.Single(other.GeneratorDiagnostics).Id);
        GeneratorRun windows = GeneratorHarness.RunWithFiles(new[] { File(TextPath, TextForm(model, source: "C:\\app\\models\\xor.onnx")) }, Xor);
        Assert.Empty(windows.GeneratorDiagnostics);
        Assert.NotEmpty(windows.Sources);
    }

    [Fact]
    public void NETGEN031_AModelOfOtherSizes_SaysWhatDiffers()
    {
        byte[] model = OnnxMlpWriter.Write(Network(new[] { 3, 5, 2 }, OnnxActivation.Relu, OnnxHead.Softmax, seed: 4));
        GeneratorRun run = GeneratorHarness.RunWithFiles(new[] { File(TextPath, TextForm(model)) }, Xor);
        Diagnostic diagnostic = Assert.Single(run.GeneratorDiagnostics);
        Assert.Equal("NETGEN031", diagnostic.Id);
        Assert.Equal(
            "The ONNX model 'models/xor.onnx' holds a network [Mlp(3, 5, 2, Activation = Relu, Output = Softmax)], but 'Xor' is [Mlp(2, 4, 1)] "
                + "(its layer sizes are 3, 5, 2, not 2, 4, 1; its hidden layers are Relu, not Sigmoid; its output is Softmax, not Sigmoid): "
                + "change the attribute of 'Xor' to the model's, or export the network the attribute declares",
            diagnostic.GetMessage(Invariant));
        Assert.Equal("Weights = \"models/xor.onnx\"", Xor.Substring(diagnostic.Location.SourceSpan.Start, diagnostic.Location.SourceSpan.Length));
        Assert.Empty(run.Sources);
    }

    [Fact]
    public void NETGEN031_OnlyTheOutputDiffers()
    {
        byte[] model = OnnxMlpWriter.Write(Network(new[] { 2, 4, 1 }, OnnxActivation.Sigmoid, OnnxHead.Linear, seed: 5));
        GeneratorRun run = GeneratorHarness.RunWithFiles(new[] { File(TextPath, TextForm(model)) }, Xor);
        Diagnostic diagnostic = Assert.Single(run.GeneratorDiagnostics);
        Assert.Equal("NETGEN031", diagnostic.Id);
        Assert.Contains("(its output is Linear, not Sigmoid)", diagnostic.GetMessage(Invariant));
        Assert.Empty(run.Sources);
    }

    public static TheoryData<string, string> RefusedModels => new()
    {
        { "refuse_leakyrelu.onnx", "The operator 'LeakyRelu'" },
        { "refuse_float64.onnx", "float64" },
        { "refuse_missing_initializer.onnx", "is a graph input with no initializer" },
        { "refuse_gemm_alpha.onnx", "alpha = 0.5" },
        { "refuse_layer_size.onnx", "takes 6 inputs" },
    };

    [Theory]
    [MemberData(nameof(RefusedModels))]
    public void NETGEN030_AModelNetGenDoesNotCompile_SaysWhy(string file, string reason)
    {
        GeneratorRun run = GeneratorHarness.RunWithFiles(new[] { File(TextPath, TextForm(Refused(file))) }, Xor);
        Diagnostic diagnostic = Assert.Single(run.GeneratorDiagnostics);
        Assert.Equal("NETGEN030", diagnostic.Id);
        string message = diagnostic.GetMessage(Invariant);
        Assert.StartsWith("The ONNX model 'models/xor.onnx' cannot be compiled in: ", message);
        Assert.Contains(reason, message);
        Assert.Empty(run.Sources);
    }

    [Fact]
    public void NETGEN030_TruncatedModelsAndDamagedText_NeverCrash()
    {
        byte[] model = OnnxMlpWriter.Write(Network(new[] { 2, 4, 1 }, OnnxActivation.Sigmoid, OnnxHead.Sigmoid, seed: 6));
        foreach (int length in new[] { 0, 1, 7, model.Length / 3, model.Length / 2, model.Length - 1 })
        {
            GeneratorRun run = GeneratorHarness.RunWithFiles(new[] { File(TextPath, TextForm(model[..length])) }, Xor);
            Diagnostic diagnostic = Assert.Single(run.GeneratorDiagnostics);
            Assert.Equal("NETGEN030", diagnostic.Id);
            Assert.Empty(run.Sources);
        }

        string text = TextForm(model);
        foreach (string damaged in new[] { text.Replace("# source", "# sauce"), text + "!!not base64!!\n", text.Substring(text.IndexOf('\n', StringComparison.Ordinal) + 1) })
        {
            GeneratorRun run = GeneratorHarness.RunWithFiles(new[] { File(TextPath, damaged) }, Xor);
            Diagnostic diagnostic = Assert.Single(run.GeneratorDiagnostics);
            Assert.True(diagnostic.Id is "NETGEN030" or "NETGEN018", diagnostic.ToString());
            Assert.Empty(run.Sources);
        }
    }

    [Fact]
    public void NETGEN032_TheOnnxFileItself_SaysToUseTheBuildStep()
    {
        GeneratorRun run = GeneratorHarness.RunWithFiles(new[] { File("/home/me/app/models/xor.onnx", null) }, Xor);
        Diagnostic diagnostic = Assert.Single(run.GeneratorDiagnostics);
        Assert.Equal("NETGEN032", diagnostic.Id);
        Assert.Contains("the compiler was given the binary .onnx file", diagnostic.GetMessage(Invariant));
        Assert.Equal("Weights = \"models/xor.onnx\"", Xor.Substring(diagnostic.Location.SourceSpan.Start, diagnostic.Location.SourceSpan.Length));
        Assert.Empty(run.Sources);
    }
}

/// <summary>The ONNX reader and writer, emitted once into a compilation that declares networks, and only then.</summary>
public sealed class OnnxSupportTests
{
    [Fact]
    public void EmittedOnce_ForTwoNetworks_AndNotWithoutOne()
    {
        GeneratorRun two = GeneratorHarness.Run("[NetGen.Mlp(2, 4, 1)] public partial class A { } [NetGen.Mlp(3, 5, 2)] public partial class B { }");
        string[] names = two.OnnxSources.Select(s => s.HintName).ToArray();
        Assert.Equal(names.Distinct().Count(), names.Length);
        Assert.Contains("NetGen.__Generated.Onnx.OnnxMlpReader.g.cs", names);
        Assert.Contains("NetGen.__Generated.Onnx.OnnxNetwork.g.cs", names);
        Assert.Empty(two.CompilationProblems);

        GeneratorRun none = GeneratorHarness.Run("public partial class A { }");
        Assert.Empty(none.AllSources);
    }

    [Fact]
    public void TheEmittedFiles_CompileAsCSharp9_AndDeclareTypesOnlyInTheirNamespace()
    {
        GeneratorRun run = GeneratorHarness.Run("[NetGen.Mlp(2, 4, 1)] public partial class A { }");
        var parse = new Microsoft.CodeAnalysis.CSharp.CSharpParseOptions(Microsoft.CodeAnalysis.CSharp.LanguageVersion.CSharp9);
        Microsoft.CodeAnalysis.CSharp.CSharpCompilation compilation = Microsoft.CodeAnalysis.CSharp.CSharpCompilation.Create(
            "Onnx9",
            run.OnnxSources.Select(s => Microsoft.CodeAnalysis.CSharp.CSharpSyntaxTree.ParseText(s.SourceText.ToString(), parse, path: s.HintName)),
            Basic.Reference.Assemblies.Net100.References.All,
            new Microsoft.CodeAnalysis.CSharp.CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: Microsoft.CodeAnalysis.NullableContextOptions.Enable));
        Diagnostic[] problems = compilation.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning).ToArray();
        Assert.True(problems.Length == 0, string.Join("\n", problems.Take(10)));
        Assert.All(compilation.Assembly.GlobalNamespace.GetNamespaceMembers().SelectMany(AllTypes), type =>
        {
            Assert.Equal("NetGen.__Generated.Onnx", type.ContainingNamespace.ToDisplayString());
            Assert.NotEqual(Accessibility.Public, type.DeclaredAccessibility);
        });
        Assert.All(run.OnnxSources, s => Assert.DoesNotContain("\nusing System", s.SourceText.ToString()));
    }

    private static System.Collections.Generic.IEnumerable<INamedTypeSymbol> AllTypes(INamespaceSymbol ns) =>
        ns.GetTypeMembers().Concat(ns.GetNamespaceMembers().SelectMany(AllTypes));

    [Fact]
    public void TwoAssembliesWithNetworks_ThatSeeEachOthersInternals_CompileWithoutAWarning()
    {
        // Each has its own internal copy of NetGen.__Generated.Onnx; the consumer sees the library's too (CS0436,
        // which the generated files suppress where they use the types).
        GeneratorRun library = GeneratorHarness.Run("""
            [assembly: System.Runtime.CompilerServices.InternalsVisibleTo("Consumer")]
            [NetGen.Mlp(2, 4, 1)] public partial class A { }
            """);
        Compilation built = library.OutputCompilation.WithAssemblyName("Library");
        using var image = new System.IO.MemoryStream();
        Microsoft.CodeAnalysis.Emit.EmitResult emitted = built.Emit(image);
        Assert.True(emitted.Success, string.Join("\n", emitted.Diagnostics));

        Microsoft.CodeAnalysis.CSharp.CSharpCompilation consumer = GeneratorHarness.Compile("""
            [NetGen.Mlp(3, 5, 2)]
            public partial class B
            {
                public static void Both(System.IO.Stream stream) { new A().SaveOnnx(stream); new B().SaveOnnx(stream); }
            }
            """).AddReferences(MetadataReference.CreateFromImage(image.ToArray()));
        GeneratorHarness.CreateDriver().RunGeneratorsAndUpdateCompilation(consumer, out Compilation output, out _);
        Assert.NotNull(output.GetTypeByMetadataName("NetGen.__Generated.Onnx.OnnxNetwork"));
        Diagnostic[] problems = output.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning).ToArray();
        Assert.True(problems.Length == 0, string.Join("\n", problems.Take(10)));
    }
}
