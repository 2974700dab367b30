using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Xunit;
using Xunit.Abstractions;

namespace NetGen.Generator.Tests;

/// <summary>
/// Generator fuzzing: thousands of random compilations (<see cref="FuzzCases"/>), each run through the generator. For
/// every case: no exception escapes the generator (no CS8785, no AD0001); every generated file parses and compiles,
/// adding no error to the compilation (stricter than "a NetGen error or code that compiles": a NetGen error on one
/// type does not excuse broken code for another); each generated file extends a declared [Mlp] type (or is the checks
/// file, with only NetGen's own types in NetGen.__Generated); every [Mlp]
/// type of an error-free input gets either code or a NetGen error; every NetGen diagnostic is an error that formats
/// and points into the input; and the generator run ends within a time budget. Every fifth case also runs a second
/// time, which must find every step cached.
/// </summary>
/// <remarks>
/// A failure names its case and prints every file of it; <c>FuzzCases.Build(number)</c> rebuilds it. With the
/// environment variable NETGEN_FUZZ_FAILURES set to a folder, each failing case is also written there, one file each.
/// </remarks>
public sealed class FuzzTests
{
    /// <summary>Cases per theory row: rows of <see cref="CasesPerBlock"/> cases, numbered 0 to <see cref="CaseCount"/> − 1.</summary>
    private const int CasesPerBlock = 500;

    private const int CaseCount = 3000;

    /// <summary>
    /// Floors on what each block of <see cref="CasesPerBlock"/> cases reaches, so that a case builder that drifted (until
    /// almost nothing parses, or nothing gets past the parser's checks) fails instead of running 3,000 empty cases. The
    /// cases are seeded by number, so the counts are the same on every run; on 4 Dec 2026 the six blocks gave, per block,
    /// 86–115 inputs without compiler errors, 289–305 cases with NetGen errors and 109–137 cases that generated code.
    /// Each floor is 80 % of the smallest block's count, rounded down: room to change the case builder a little.
    /// </summary>
    internal const int MinCleanInputsPerBlock = 68;         // 80 % of 86

    /// <inheritdoc cref="MinCleanInputsPerBlock"/>
    internal const int MinCasesWithNetGenErrorsPerBlock = 231;   // 80 % of 289

    /// <inheritdoc cref="MinCleanInputsPerBlock"/>
    internal const int MinCasesWithCodePerBlock = 87;       // 80 % of 109

    /// <summary>Per case: a guard against hangs, generous enough not to fail on a busy machine.</summary>
    private static readonly TimeSpan Budget = TimeSpan.FromSeconds(10);

    /// <summary>Past this the generator run is cancelled, so that a hang fails the case instead of the whole test run.</summary>
    private static readonly TimeSpan HangLimit = TimeSpan.FromSeconds(60);

    private readonly ITestOutputHelper _output;

    public FuzzTests(ITestOutputHelper output) => _output = output;

    public static TheoryData<int> Blocks()
    {
        var blocks = new TheoryData<int>();
        for (int block = 0; block < CaseCount / CasesPerBlock; block++)
        {
            blocks.Add(block);
        }

        return blocks;
    }

    [Theory]
    [MemberData(nameof(Blocks))]
    public void RandomCompilations_NeverCrashTheGenerator_AndGetCodeThatCompilesOrADiagnostic(int block)
    {
        var statistics = new FuzzStatistics();
        var failures = new ConcurrentBag<(int Number, string Text)>();
        Stopwatch clock = Stopwatch.StartNew();
        Parallel.For(
            block * CasesPerBlock,
            (block + 1) * CasesPerBlock,
            new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount },
            number =>
            {
                FuzzCase fuzzCase = FuzzCases.Build(number);
                string? failure = Check(fuzzCase, statistics, runTwice: number % 5 == 0);
                if (failure is not null)
                {
                    failures.Add((number, failure + "\n" + fuzzCase.Describe()));
                    if (Environment.GetEnvironmentVariable("NETGEN_FUZZ_FAILURES") is { Length: > 0 } folder)
                    {
                        System.IO.Directory.CreateDirectory(folder);
                        System.IO.File.WriteAllText(System.IO.Path.Combine(folder, number + ".txt"), failure + "\n" + fuzzCase.Describe(), System.Text.Encoding.UTF8);
                    }
                }
            });
        clock.Stop();

        _output.WriteLine("Cases " + (block * CasesPerBlock) + "–" + (((block + 1) * CasesPerBlock) - 1) + ":");
        _output.WriteLine(statistics.Report(clock.Elapsed));
        Assert.Equal(CasesPerBlock, statistics.Cases);
        Assert.True(
            statistics.CleanInputs >= MinCleanInputsPerBlock
                && statistics.CasesWithNetGenErrors >= MinCasesWithNetGenErrorsPerBlock
                && statistics.CasesWithCode >= MinCasesWithCodePerBlock,
            "The cases lost their breadth: " + statistics.CleanInputs + " inputs without compiler errors (floor " + MinCleanInputsPerBlock + "), "
                + statistics.CasesWithNetGenErrors + " cases with NetGen errors (floor " + MinCasesWithNetGenErrorsPerBlock + "), "
                + statistics.CasesWithCode + " cases that generated code (floor " + MinCasesWithCodePerBlock + ") of " + CasesPerBlock
                + ": the case builder drifted; mend it, or if the change is meant, set the floors from the printed counts.");
        Assert.True(
            failures.IsEmpty,
            failures.Count + " of " + CasesPerBlock + " cases failed (numbers " + string.Join(", ", failures.Select(f => f.Number).OrderBy(n => n)) + "); the first three:\n\n"
                + string.Join("\n\n", failures.OrderBy(f => f.Number).Take(3).Select(f => f.Text)));
    }

    /// <summary>
    /// Shapes past the bounds, where the products of neighbouring widths overflow int, and their sum overflows long:
    /// NETGEN004, never an exception. Four or more sizes near int.MaxValue used to overflow the weight count that
    /// Kernels.Auto looks at, and came out as NETGEN009 (OverflowException).
    /// </summary>
    public static TheoryData<string, string> Overflowing => new()
    {
        { "int.MaxValue, int.MaxValue, int.MaxValue", "[Mlp(2147483647, 2147483647, 2147483647)] has a layer of 2,147,483,647 units" },
        { Repeat("int.MaxValue", 4), "has a layer of 2,147,483,647 units" },
        { Repeat("int.MaxValue", 4) + ", Kernels = NetGen.Kernels.Unrolled", "has a layer of 2,147,483,647 units" },
        { Repeat("int.MaxValue", 4) + ", Kernels = NetGen.Kernels.Simd", "has a layer of 2,147,483,647 units" },
        { Repeat("int.MaxValue", 4) + ", Output = NetGen.Output.Softmax", "has a layer of 2,147,483,647 units" },
        { Repeat("int.MaxValue", 33), "has a layer of 2,147,483,647 units" },
        { Repeat("int.MaxValue", 40), "has 38 hidden layers" },
        { Repeat("1 << 30", 8), "has a layer of 1,073,741,824 units" },
        { "46341, 46341, 1", "has a layer of 46,341 units" },
        { "8192, 8192, 8192", "has 134,217,728 weights" },
        { Repeat("8192", 34), "has 2,214,592,512 weights" },
        { Repeat("8192", 35), "has 33 hidden layers" },
    };

    /// <summary>The README's hardening table gives the cases these tests run: the random ones, plus the fixed overflow shapes.</summary>
    [Fact]
    public void TheHardeningTable_CountsTheCasesThatRun()
    {
        int cases = Blocks().Count<object[]>() * CasesPerBlock;
        int fixedShapes = Overflowing.Count<object[]>();
        Assert.Equal(CaseCount, cases);
        NetGen.Testing.HardeningTable.AssertCases("generator fuzzing", NetGen.Testing.HardeningTable.N(cases) + " + " + NetGen.Testing.HardeningTable.N(fixedShapes));

        var row = Assert.Single(NetGen.Testing.HardeningTable.Rows(), r => r.What.Contains("generator fuzzing", StringComparison.Ordinal));
        Assert.Contains(NetGen.Testing.HardeningTable.N(cases) + " seeded random compilations", row.What);
        Assert.Contains("plus " + fixedShapes + " fixed overflow shapes", row.What);
        Assert.Contains(
            "each block of " + CasesPerBlock + " cases has at least " + MinCleanInputsPerBlock + " inputs without compiler errors, "
                + MinCasesWithNetGenErrorsPerBlock + " cases with NetGen errors and " + MinCasesWithCodePerBlock + " that generated code",
            row.Held);
        Assert.Contains("each run under " + Budget.TotalSeconds + " s", row.Held);
    }

    [Theory]
    [MemberData(nameof(Overflowing))]
    public void NetworksPastTheBounds_GetNETGEN004_EvenWhereTheirWeightCountOverflows(string arguments, string messagePart)
    {
        GeneratorRun run = GeneratorHarness.Run("[NetGen.Mlp(" + arguments + ")]\npublic partial class Huge { }\n");
        Diagnostic diagnostic = Assert.Single(run.GeneratorDiagnostics);
        Assert.Equal("NETGEN004", diagnostic.Id);
        Assert.Contains(messagePart, diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Empty(run.Sources);
    }

    /// <summary>
    /// Declarations the compiler rejects in ways that leave nothing sound to generate into. Found by fuzzing: NetGen
    /// generated into them anyway, and its code failed to parse ('partial class' with no name) or added errors of its own.
    /// </summary>
    [Theory]
    [InlineData("[NetGen.Mlp(2, 4, 1)]\npartial class", "CS1001")]
    [InlineData("partial class\n{\n    [NetGen.Mlp(2, 4, 1)]\n    public partial class Inner { }\n}\n", "CS1001")]
    [InlineData("namespace\n{\n    [NetGen.Mlp(2, 4, 1)]\n    public partial class Net { }\n}\n", "CS1001")]
    [InlineData("[NetGen.Mlp(2, 4, 1)]\nprivate partial class Net { }\n", "CS1527")]
    [InlineData("protected partial class Outer\n{\n    [NetGen.Mlp(2, 4, 1)]\n    public partial class Net { }\n}\n", "CS1527")]
    [InlineData("public partial class Outer\n{\n    [NetGen.Mlp(2, 4, 1)]\n    public partial class input { }\n\n    private float[] input = new float[1];\n}\n", "CS0102")]
    [InlineData("namespace @class { public class Other { } }\n\n[NetGen.Mlp(2, 4, 1)]\npublic partial class @class { }\n", "CS0101")]
    [InlineData("[NetGen.Mlp(2, 4, 1)]\npublic partial class Net { }\n\npublic partial struct Net { }\n", "CS0261")]
    [InlineData("public partial class Outer\n{\n    [NetGen.Mlp(2, 4, 1)]\n    public partial class Outer { }\n}\n", "CS0542")]
    public void DeclarationsTheCompilerRejects_GetNoCode_AndOnlyTheCompilersErrors(string source, string compilerError)
    {
        GeneratorRun run = GeneratorHarness.Run(source);
        Assert.Empty(run.Sources);
        Assert.DoesNotContain(run.GeneratorDiagnostics, d => d.Id.StartsWith("NETGEN", StringComparison.Ordinal));
        Diagnostic[] errors = run.OutputCompilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToArray();
        Assert.Contains(errors, e => e.Id == compilerError);
        Assert.All(errors, e => Assert.Equal("Input0.cs", e.Location.GetLineSpan().Path));
    }

    /// <summary>
    /// Found by fuzzing: networks whose file names were equal ignoring case, or once '&lt;', '&gt;' and '@' became '_',
    /// made Roslyn throw (CS8785), and the generator's whole output was lost. Now each gets a hash of its declaration.
    /// </summary>
    [Theory]
    [InlineData("[NetGen.Mlp(2, 4, 1)] public partial class Net { }\n[NetGen.Mlp(2, 4, 1)] public partial class NET { }", "Net", "NET")]
    [InlineData("namespace A { [NetGen.Mlp(2, 4, 1)] public partial class Net { } }\nnamespace a { [NetGen.Mlp(3, 4, 1)] public partial class Net { } }", "A.Net", "a.Net")]
    [InlineData("public partial class Outer<T> { [NetGen.Mlp(2, 4, 1)] public partial class Inner { } }\npublic partial class Outer_T_ { [NetGen.Mlp(2, 4, 1)] public partial class Inner { } }", "Outer_T_.Inner", "Outer_T_.Inner")]
    [InlineData("namespace N { [NetGen.Mlp(2, 4, 1)] public partial class @class { } }\nnamespace N { [NetGen.Mlp(2, 4, 1)] public partial class _class { } }", "N._class", "N._class")]
    public void NetworksWhoseFileNamesWouldCollide_GetDistinctNames(string source, string firstStem, string secondStem)
    {
        GeneratorRun run = GeneratorHarness.Run(source);
        Assert.Empty(run.GeneratorDiagnostics);
        Assert.Empty(run.OutputCompilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
        string[] names = run.Maths.Select(s => s.HintName).ToArray();
        Assert.Equal(2, names.Distinct(StringComparer.OrdinalIgnoreCase).Count());
        Assert.Matches("^" + System.Text.RegularExpressions.Regex.Escape(firstStem) + @"\.[0-9a-f]{8}\.Mlp\.g\.cs$", names[0]);
        Assert.Matches("^" + System.Text.RegularExpressions.Regex.Escape(secondStem) + @"\.[0-9a-f]{8}\.Mlp\.g\.cs$", names[1]);
    }

    /// <summary>The names the README shows: the hash is FNV-1a of the declaration, the same on every machine.</summary>
    [Fact]
    public void CollidingFileNames_AreThoseTheReadmeShows()
    {
        GeneratorRun run = GeneratorHarness.Run("[NetGen.Mlp(2, 4, 1)] public partial class Net { }\n[NetGen.Mlp(2, 4, 1)] public partial class NET { }");
        Assert.Equal(new[] { "Net.6bdca144.Mlp.g.cs", "NET.8c2c8584.Mlp.g.cs" }, run.Maths.Select(s => s.HintName));
    }

    [Fact]
    public void FileNames_StayReadable_WhereTheyDoNotCollide()
    {
        GeneratorRun run = GeneratorHarness.Run(
            "namespace Demo { [NetGen.Mlp(2, 4, 1)] public partial class XorNet { } }\nnamespace Demo { [NetGen.Mlp(2, 4, 1)] public partial class XorNet2 { } }");
        Assert.Equal(new[] { "Demo.XorNet.Mlp.g.cs", "Demo.XorNet2.Mlp.g.cs" }, run.Maths.Select(s => s.HintName));
    }

    /// <summary>
    /// A user type named <c>var</c> in scope (here in the networks' namespace) would bind every local the generated code
    /// declared with <c>var</c>: dozens of CS0029 and CS1061. Found by fuzzing; the emitter now writes every local's type.
    /// Unrolled, SIMD with Adam, and the deep ReLU + softmax network cover every emitter that declares locals.
    /// </summary>
    [Fact]
    public void ATypeNamedVar_LeavesTheGeneratedCodeCompiling()
    {
        GeneratorRun run = GeneratorHarness.Run(
            "[NetGen.Mlp(2, 4, 1)]\npublic partial class Net { }\n\n"
            + "[NetGen.Mlp(30, 16, 1, Optimizer = NetGen.Optimizer.Adam, Precision = NetGen.Precision.Double)]\npublic partial class SimdNet { }\n\n"
            + "[NetGen.Mlp(784, 128, 64, 10, Activation = NetGen.Activation.Relu, Output = NetGen.Output.Softmax)]\npublic partial class DeepNet { }\n\n"
            + "public class var { }\n");
        Assert.Equal(3, run.Maths.Length);
        Assert.Empty(run.OutputCompilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
    }

    /// <summary>The fuzzer's placeholder check lets a brace through only inside NETGEN018's file name, the user's own text.</summary>
    [Fact]
    public void PlaceholderCheck_AllowsBracesOnlyInNETGEN018sFileName()
    {
        DiagnosticDescriptor notFound = NetGen.Generator.Diagnostics.DiagnosticDescriptors.WeightsFileNotFound;
        DiagnosticDescriptor notPartial = NetGen.Generator.Diagnostics.DiagnosticDescriptors.TypeNotPartial;
        string Format(DiagnosticDescriptor descriptor, params object[] arguments) =>
            Diagnostic.Create(descriptor, Location.None, arguments).GetMessage(System.Globalization.CultureInfo.InvariantCulture);

        Assert.Null(UnfilledPlaceholder(notFound, Format(notFound, "Net", "w.b64")));
        Assert.Null(UnfilledPlaceholder(notFound, Format(notFound, "Net", "w{1}.b}64")));
        Assert.NotNull(UnfilledPlaceholder(notFound, Format(notFound, "N{0}et", "w.b64")));
        Assert.NotNull(UnfilledPlaceholder(notFound, notFound.MessageFormat.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        Assert.NotNull(UnfilledPlaceholder(notFound, Format(notFound, "Net", "w.b64").Replace("Include=\"w.b64\"", "Include=\"{1}\"", StringComparison.Ordinal)));
        Assert.Null(UnfilledPlaceholder(notPartial, Format(notPartial, "Net")));
        Assert.NotNull(UnfilledPlaceholder(notPartial, Format(notPartial, "{0}")));
        Assert.NotNull(UnfilledPlaceholder(notPartial, Format(notPartial, "Net") + " {0}"));
    }

    [Fact]
    public void CasesAreReproducible()
    {
        Assert.Equal(FuzzCases.Build(1234).Describe(), FuzzCases.Build(1234).Describe());
        Assert.NotEqual(FuzzCases.Build(1234).Describe(), FuzzCases.Build(1235).Describe());
    }

    private static string Repeat(string size, int count) => string.Join(", ", Enumerable.Repeat(size, count));

    /// <summary>Runs the generator over one case; null if every check holds, otherwise what failed.</summary>
    private static string? Check(FuzzCase fuzzCase, FuzzStatistics statistics, bool runTwice)
    {
        Compilation compilation = GeneratorHarness.Compile(fuzzCase.Sources);
        if (fuzzCase.WithoutIntrinsics)
        {
            compilation = compilation.RemoveReferences(compilation.GetMetadataReference(
                compilation.GetTypeByMetadataName("System.Runtime.Intrinsics.Vector512`1")!.ContainingAssembly)!);
        }

        GeneratorDriver driver = GeneratorHarness.CreateDriver(fuzzCase.AdditionalTexts);
        Stopwatch clock = Stopwatch.StartNew();
        Compilation output;
        ImmutableArray<Diagnostic> driverDiagnostics;
        using (var hang = new CancellationTokenSource(HangLimit))
        {
            try
            {
                driver = driver.RunGeneratorsAndUpdateCompilation(compilation, out output, out driverDiagnostics, hang.Token);
            }
            catch (OperationCanceledException)
            {
                return "Case " + fuzzCase.Number + ": the generator ran for more than " + HangLimit.TotalSeconds + " s and was cancelled.";
            }
        }

        clock.Stop();
        GeneratorRunResult result = driver.GetRunResult().Results.Single();
        var problems = new List<string>();
        if (result.Exception is not null)
        {
            problems.Add("The generator threw " + result.Exception);
        }

        if (clock.Elapsed > Budget)
        {
            problems.Add("The generator took " + clock.Elapsed.TotalSeconds.ToString("F1", System.Globalization.CultureInfo.InvariantCulture) + " s, over the budget of " + Budget.TotalSeconds + " s.");
        }

        Stopwatch compiling = Stopwatch.StartNew();
        ImmutableArray<Diagnostic> outputDiagnostics = output.GetDiagnostics();
        compiling.Stop();
        foreach (Diagnostic crash in driverDiagnostics.Concat(result.Diagnostics).Concat(outputDiagnostics).Where(d => d.Id is "CS8785" or "AD0001"))
        {
            problems.Add("Crash reported: " + crash);
        }

        // Every NetGen diagnostic is an error whose message formats and which points into an input file.
        Diagnostic[] netGen = result.Diagnostics.Where(d => d.Id.StartsWith("NETGEN", StringComparison.Ordinal)).ToArray();
        foreach (Diagnostic diagnostic in netGen)
        {
            problems.AddRange(CheckNetGenDiagnostic(diagnostic, compilation));
        }

        // Every generated file parses, and compiles: the output compilation has no error the input did not have.
        var generatedTrees = new HashSet<SyntaxTree>(result.GeneratedSources.Select(s => s.SyntaxTree));
        foreach (GeneratedSourceResult source in result.GeneratedSources)
        {
            foreach (Diagnostic syntaxError in source.SyntaxTree.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error))
            {
                problems.Add("Generated " + source.HintName + " does not parse: " + syntaxError);
            }
        }

        ImmutableArray<Diagnostic> inputDiagnostics = compilation.GetDiagnostics();
        var inputErrors = new HashSet<string>(inputDiagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).Select(Key), StringComparer.Ordinal);
        foreach (Diagnostic error in outputDiagnostics.Where(d => d.Severity == DiagnosticSeverity.Error && !inputErrors.Contains(Key(d))))
        {
            string where = error.Location.SourceTree is { } tree && generatedTrees.Contains(tree) ? "in generated code" : "in the input, caused by generated code";
            problems.Add("New error " + where + ": " + error + Context(error));
        }

        // Each generated file extends a type declared in the input with [Mlp] (a partial part of it, in the types around it
        // as declared), not a new type of its own; or it is the checks file, which declares only NetGen's own types.
        foreach (GeneratedSourceResult source in result.GeneratedSources)
        {
            problems.AddRange(CheckGeneratedTypes(source, output.GetSemanticModel(source.SyntaxTree), generatedTrees));
        }

        // An error-free input: each [Mlp] type gets its code or a NetGen error (never silently nothing).
        bool inputClean = !inputDiagnostics.Any(d => d.Severity == DiagnosticSeverity.Error);
        if (inputClean)
        {
            foreach (INamedTypeSymbol annotated in AnnotatedTypes(compilation))
            {
                SyntaxReference declaration = annotated.DeclaringSyntaxReferences[0];
                var extended = output.GetSemanticModel(declaration.SyntaxTree).GetDeclaredSymbol(declaration.GetSyntax()) as INamedTypeSymbol;
                bool generated = extended is not null && extended.DeclaringSyntaxReferences.Any(r => generatedTrees.Contains(r.SyntaxTree));
                bool diagnosed = netGen.Any(d => Accounts(d, annotated));
                if (!generated && !diagnosed)
                {
                    problems.Add("'" + annotated.ToDisplayString() + "' has [Mlp] and the input compiles, but it got neither code nor a NetGen diagnostic.");
                }
            }
        }

        if (runTwice && result.Exception is null)
        {
            try
            {
                GeneratorHarness.AssertNoRoslynObjectsInOutputs(result);
                GeneratorHarness.AssertAllCached(driver.RunGenerators(compilation.Clone()).GetRunResult().Results.Single());
            }
            catch (Xunit.Sdk.XunitException exception)
            {
                problems.Add("Incrementality: " + exception.Message);
            }
        }

        statistics.Add(result, netGen, inputClean, runTwice, clock.Elapsed, compiling.Elapsed);
        return problems.Count == 0 ? null : "Case " + fuzzCase.Number + ":\n  " + string.Join("\n  ", problems);
    }

    /// <summary>The namespace of NetGen's own helper classes, beside the user's type.</summary>
    private const string GeneratedNamespace = "NetGen.__Generated";

    /// <summary>
    /// What is wrong with the types <paramref name="source"/> declares. A type outside <see cref="GeneratedNamespace"/> is
    /// the user's: the file must declare a part of exactly one [Mlp] type declared in the input (the innermost, as types
    /// around it may have [Mlp] too), every other type of the user's it declares must be one around it (declared in the
    /// input too) or nested in it, and the maths file's part
    /// declares Forward. A file with no type of the user's must be the checks file, and declare only types in
    /// <see cref="GeneratedNamespace"/>.
    /// </summary>
    private const string OnnxNamespace = "NetGen.__Generated.Onnx";

    private static IEnumerable<string> CheckGeneratedTypes(GeneratedSourceResult source, SemanticModel model, HashSet<SyntaxTree> generatedTrees)
    {
        var users = new List<(TypeDeclarationSyntax Syntax, INamedTypeSymbol Symbol)>();
        int ownTypes = 0;
        if (source.HintName.StartsWith(OnnxNamespace + ".", StringComparison.Ordinal))
        {
            // The ONNX reader and writer, emitted once per compilation: only types of their own namespace.
            foreach (BaseTypeDeclarationSyntax declaration in source.SyntaxTree.GetRoot().DescendantNodes().OfType<BaseTypeDeclarationSyntax>())
            {
                string? where = model.GetDeclaredSymbol(declaration)?.ContainingNamespace?.ToDisplayString();
                if (where != OnnxNamespace)
                {
                    yield return "Generated " + source.HintName + " declares '" + declaration.Identifier.ValueText + "' in " + (where ?? "no namespace") + ", not " + OnnxNamespace + ".";
                }
            }

            yield break;
        }

        foreach (TypeDeclarationSyntax declaration in source.SyntaxTree.GetRoot().DescendantNodes().OfType<TypeDeclarationSyntax>())
        {
            if (model.GetDeclaredSymbol(declaration) is not INamedTypeSymbol symbol)
            {
                yield return "Generated " + source.HintName + " declares '" + declaration.Identifier.ValueText + "', which has no symbol.";
                continue;
            }

            if (symbol.ContainingNamespace?.ToDisplayString() == GeneratedNamespace)
            {
                ownTypes++;
            }
            else
            {
                users.Add((declaration, symbol));
            }
        }

        bool DeclaredInTheInput(INamedTypeSymbol type) => type.DeclaringSyntaxReferences.Any(r => !generatedTrees.Contains(r.SyntaxTree));

        if (users.Count == 0)
        {
            if (!source.HintName.EndsWith(".Mlp.Checks.g.cs", StringComparison.Ordinal) || ownTypes == 0)
            {
                yield return "Generated " + source.HintName + " does not extend a declared [Mlp] type: it declares "
                    + (ownTypes == 0 ? "no type" : "only types in " + GeneratedNamespace + ", and is not the checks file") + ".";
            }

            yield break;
        }

        // The network is the innermost [Mlp] type: a type around it may have [Mlp] too (and get its own files, or an error).
        (TypeDeclarationSyntax Syntax, INamedTypeSymbol Symbol)[] annotated = users.Where(u => HasMlp(u.Symbol) && DeclaredInTheInput(u.Symbol)).ToArray();
        (TypeDeclarationSyntax Syntax, INamedTypeSymbol Symbol)[] networks = annotated
            .Where(a => !annotated.Any(other => other.Syntax != a.Syntax && other.Syntax.Ancestors().Contains(a.Syntax)))
            .ToArray();
        if (networks.Length != 1)
        {
            yield return "Generated " + source.HintName + " does not extend one declared [Mlp] type: it declares "
                + string.Join(", ", users.Select(u => "'" + u.Symbol.ToDisplayString() + "'" + (DeclaredInTheInput(u.Symbol) ? string.Empty : " (declared only there)")))
                + (source.HintName.EndsWith(".Mlp.Checks.g.cs", StringComparison.Ordinal) ? ", though it is the checks file" : string.Empty) + ".";
            yield break;
        }

        TypeDeclarationSyntax network = networks[0].Syntax;
        foreach ((TypeDeclarationSyntax syntax, INamedTypeSymbol symbol) in users)
        {
            bool around = syntax != network && network.Ancestors().Contains(syntax);
            bool inside = syntax != network && syntax.Ancestors().Contains(network);
            if (around && !DeclaredInTheInput(symbol))
            {
                yield return "Generated " + source.HintName + " puts '" + networks[0].Symbol.ToDisplayString() + "' in '" + symbol.ToDisplayString() + "', declared only there.";
            }
            else if (syntax != network && !around && !inside)
            {
                yield return "Generated " + source.HintName + " declares '" + symbol.ToDisplayString() + "' outside " + GeneratedNamespace
                    + ", neither around nor inside the network '" + networks[0].Symbol.ToDisplayString() + "'.";
            }
        }

        if (source.HintName.EndsWith(".Mlp.g.cs", StringComparison.Ordinal)
            && !network.Members.OfType<MethodDeclarationSyntax>().Any(m => m.Identifier.ValueText == "Forward"))
        {
            yield return "Generated maths file " + source.HintName + " does not declare Forward in '" + networks[0].Symbol.ToDisplayString() + "'.";
        }
    }

    private static bool HasMlp(INamedTypeSymbol type) =>
        type.GetAttributes().Any(a => a.AttributeClass?.ToDisplayString() == MlpGenerator.AttributeMetadataName);

    private static IEnumerable<string> CheckNetGenDiagnostic(Diagnostic diagnostic, Compilation input)
    {
        if (diagnostic.Severity != DiagnosticSeverity.Error)
        {
            yield return diagnostic.Id + " is not an error: " + diagnostic;
        }

        string? message = null;
        string? formatFailure = null;
        try
        {
            message = diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture);
        }
        catch (FormatException exception)
        {
            formatFailure = diagnostic.Id + "'s message does not format: " + exception.Message;
        }

        if (formatFailure is not null)
        {
            yield return formatFailure;
        }
        else if (UnfilledPlaceholder(diagnostic.Descriptor, message!) is { } unfilled)
        {
            yield return diagnostic.Id + "'s message " + unfilled + ": " + message;
        }

        Location location = diagnostic.Location;
        if (location == Location.None)
        {
            // Only an internal error may have no location; and any internal error is a bug the fuzzer reports.
            if (diagnostic.Id != "NETGEN009")
            {
                yield return diagnostic.Id + " has no location: " + diagnostic;
            }
        }
        else
        {
            FileLinePositionSpan lines = location.GetLineSpan();
            SyntaxTree? tree = input.SyntaxTrees.FirstOrDefault(t => t.FilePath == lines.Path);
            if (tree is null)
            {
                yield return diagnostic.Id + " points at '" + lines.Path + "', which is not an input file: " + diagnostic;
            }
            else if (location.SourceSpan.End > tree.Length || tree.GetLineSpan(location.SourceSpan).Span != lines.Span)
            {
                yield return diagnostic.Id + " points outside its file, or its lines disagree with its span: " + diagnostic;
            }
        }

        if (diagnostic.Id == "NETGEN009")
        {
            yield return "Internal error (a NetGen bug): " + diagnostic;
        }
    }

    /// <summary>
    /// Null if <paramref name="message"/> is <paramref name="descriptor"/>'s format with every placeholder filled, otherwise
    /// what is wrong. A brace may come only from the one argument that is the user's own text and may hold braces: the
    /// file name of NETGEN018 (<c>Weights = "…"</c>, repeated in its <c>&lt;AdditionalFiles Include="…" /&gt;</c> advice),
    /// where a random syntax error can land inside the string literal. Any other brace is an unfilled placeholder.
    /// </summary>
    internal static string? UnfilledPlaceholder(DiagnosticDescriptor descriptor, string message)
    {
        string format = descriptor.MessageFormat.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var pattern = new System.Text.StringBuilder("^");
        var seen = new HashSet<string>(StringComparer.Ordinal);
        int at = 0;
        foreach (System.Text.RegularExpressions.Match placeholder in System.Text.RegularExpressions.Regex.Matches(format, @"\{(\d+)\}"))
        {
            pattern.Append(System.Text.RegularExpressions.Regex.Escape(format.Substring(at, placeholder.Index - at)));
            string group = "a" + placeholder.Groups[1].Value;
            pattern.Append(seen.Add(group) ? "(?<" + group + ">.*?)" : "\\k<" + group + ">");
            at = placeholder.Index + placeholder.Length;
        }

        pattern.Append(System.Text.RegularExpressions.Regex.Escape(format.Substring(at))).Append('$');
        System.Text.RegularExpressions.Match match = System.Text.RegularExpressions.Regex.Match(message, pattern.ToString(), System.Text.RegularExpressions.RegexOptions.Singleline);
        if (!match.Success)
        {
            return "does not follow its format '" + format + "'";
        }

        foreach (string group in seen)
        {
            string argument = match.Groups[group].Value;
            bool userText = descriptor.Id == "NETGEN018" && group == "a1";
            if (!userText && (argument.Contains('{', StringComparison.Ordinal) || argument.Contains('}', StringComparison.Ordinal)))
            {
                return "has an unfilled placeholder ({" + group.Substring(1) + "} is '" + argument + "')";
            }
        }

        return null;
    }

    /// <summary>Whether a NetGen diagnostic is about <paramref name="type"/>: it lies in one of its declarations, or names it from a containing type.</summary>
    private static bool Accounts(Diagnostic diagnostic, INamedTypeSymbol type)
    {
        string path = diagnostic.Location.GetLineSpan().Path;
        if (type.DeclaringSyntaxReferences.Any(r => r.SyntaxTree.FilePath == path && r.Span.Contains(diagnostic.Location.SourceSpan)))
        {
            return true;
        }

        for (INamedTypeSymbol? outer = type.ContainingType; outer is not null; outer = outer.ContainingType)
        {
            if (outer.Locations.Any(l => l.GetLineSpan().Path == path && l.SourceSpan == diagnostic.Location.SourceSpan))
            {
                return true;
            }
        }

        // An inherited member's name reported at the type; an internal error anywhere.
        return diagnostic.Id == "NETGEN009";
    }

    /// <summary>Every type declared in the input with [NetGen.Mlp] applied.</summary>
    private static IEnumerable<INamedTypeSymbol> AnnotatedTypes(Compilation compilation)
    {
        var stack = new Stack<INamespaceOrTypeSymbol>();
        stack.Push(compilation.Assembly.GlobalNamespace);
        while (stack.Count > 0)
        {
            foreach (ISymbol member in stack.Pop().GetMembers())
            {
                if (member is INamespaceOrTypeSymbol container)
                {
                    stack.Push(container);
                }

                if (member is INamedTypeSymbol type && HasMlp(type))
                {
                    yield return type;
                }
            }
        }
    }

    private static string Key(Diagnostic diagnostic) =>
        diagnostic.Id + "@" + diagnostic.Location.GetLineSpan().Path + ":" + diagnostic.Location.SourceSpan;

    /// <summary>The line a diagnostic points at, for a failure message.</summary>
    private static string Context(Diagnostic diagnostic)
    {
        if (diagnostic.Location.SourceTree is not { } tree)
        {
            return string.Empty;
        }

        int line = diagnostic.Location.GetLineSpan().StartLinePosition.Line;
        return "\n      > " + tree.GetText().Lines[line].ToString().Trim();
    }
}

/// <summary>What the fuzz cases did, counted across threads.</summary>
internal sealed class FuzzStatistics
{
    private readonly ConcurrentDictionary<string, int> _diagnosticsById = new(StringComparer.Ordinal);
    private int _cases;
    private int _casesWithNetGenErrors;
    private int _casesWithCode;
    private int _generatedFiles;
    private int _renamedFiles;
    private int _cleanInputs;
    private int _ranTwice;
    private long _slowestTicks;
    private long _generatorTicks;
    private long _compileTicks;
    private long _generatedLines;

    public int Cases => _cases;

    public int CleanInputs => _cleanInputs;

    public int CasesWithNetGenErrors => _casesWithNetGenErrors;

    public int CasesWithCode => _casesWithCode;

    public void Add(GeneratorRunResult result, Diagnostic[] netGen, bool inputClean, bool ranTwice, TimeSpan elapsed, TimeSpan compiling)
    {
        Interlocked.Increment(ref _cases);
        Interlocked.Add(ref _generatorTicks, elapsed.Ticks);
        Interlocked.Add(ref _compileTicks, compiling.Ticks);
        Interlocked.Add(ref _generatedLines, result.GeneratedSources.Sum(s => s.SourceText.Lines.Count));
        if (netGen.Length > 0)
        {
            Interlocked.Increment(ref _casesWithNetGenErrors);
        }

        foreach (Diagnostic diagnostic in netGen)
        {
            _diagnosticsById.AddOrUpdate(diagnostic.Id, 1, (_, count) => count + 1);
        }

        if (result.GeneratedSources.Length > 0)
        {
            Interlocked.Increment(ref _casesWithCode);
            Interlocked.Add(ref _generatedFiles, result.GeneratedSources.Length);
            Interlocked.Add(ref _renamedFiles, result.GeneratedSources.Count(s => System.Text.RegularExpressions.Regex.IsMatch(s.HintName, @"\.[0-9a-f]{8}\.Mlp\.g\.cs$")));
        }

        if (inputClean)
        {
            Interlocked.Increment(ref _cleanInputs);
        }

        if (ranTwice)
        {
            Interlocked.Increment(ref _ranTwice);
        }

        long ticks = elapsed.Ticks;
        long slowest;
        while (ticks > (slowest = Interlocked.Read(ref _slowestTicks)) && Interlocked.CompareExchange(ref _slowestTicks, ticks, slowest) != slowest)
        {
        }
    }

    public string Report(TimeSpan total) =>
        "  cases run: " + _cases + " in " + total.TotalSeconds.ToString("F1", System.Globalization.CultureInfo.InvariantCulture) + " s"
        + " (slowest generator run " + TimeSpan.FromTicks(_slowestTicks).TotalMilliseconds.ToString("F0", System.Globalization.CultureInfo.InvariantCulture) + " ms)\n"
        + "  time in the generator: " + TimeSpan.FromTicks(_generatorTicks).TotalSeconds.ToString("F1", System.Globalization.CultureInfo.InvariantCulture)
        + " s; compiling the output: " + TimeSpan.FromTicks(_compileTicks).TotalSeconds.ToString("F1", System.Globalization.CultureInfo.InvariantCulture) + " s (summed over threads)\n"
        + "  inputs without compiler errors: " + _cleanInputs + "\n"
        + "  cases with NetGen errors: " + _casesWithNetGenErrors + "\n"
        + "  cases that generated code: " + _casesWithCode + " (" + _generatedFiles + " files, " + _renamedFiles + " of them renamed to avoid a collision)\n"
        + "  cases also run a second time for incrementality: " + _ranTwice + "\n"
        + "  generated lines compiled: " + _generatedLines + "\n"
        + "  NetGen diagnostics by ID: "
        + string.Join(", ", _diagnosticsById.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => p.Key + " ×" + p.Value));
}
