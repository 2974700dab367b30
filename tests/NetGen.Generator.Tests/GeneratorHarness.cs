using System;
using System.Collections;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Text;
using NetGen.Generator;
using Xunit;

namespace NetGen.Generator.Tests;

/// <summary>The result of running the generator over one in-memory compilation.</summary>
internal sealed record GeneratorRun(
    ImmutableArray<Diagnostic> GeneratorDiagnostics,
    ImmutableArray<GeneratedSourceResult> AllSources,
    Compilation OutputCompilation)
{
    /// <summary>The networks' files: every generated file but the ONNX reader and writer, which are emitted once per
    /// compilation (<see cref="OnnxSources"/>).</summary>
    public ImmutableArray<GeneratedSourceResult> Sources => AllSources.Where(s => !GeneratorHarness.IsOnnxSupport(s)).ToImmutableArray();

    /// <summary>The ONNX reader and writer in namespace NetGen.__Generated.Onnx, emitted once when there is a network.</summary>
    public ImmutableArray<GeneratedSourceResult> OnnxSources => AllSources.Where(GeneratorHarness.IsOnnxSupport).ToImmutableArray();

    /// <summary>Errors and warnings of the compilation with the generated code added.</summary>
    public IEnumerable<Diagnostic> CompilationProblems =>
        OutputCompilation.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning);

    /// <summary>Each network's maths file (<c>….Mlp.g.cs</c>): one per network generated.</summary>
    public ImmutableArray<GeneratedSourceResult> Maths => GeneratorHarness.MathsOf(Sources);

    /// <summary>Every generated file's text, one after the other.</summary>
    public string AllText => string.Join("\n", Sources.Select(s => s.SourceText.ToString()));
}

/// <summary>
/// Runs <see cref="MlpGenerator"/> in memory. Every run also checks what the house style asks of a
/// generator: a second run over a clone of the compilation finds every tracked step cached, and no
/// step's output holds a Roslyn object (which would defeat the cache).
/// </summary>
internal static class GeneratorHarness
{
    private static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.CSharp12);

    public static CSharpCompilation Compile(params string[] sources) => CSharpCompilation.Create(
        "Consumer",
        sources.Select((source, n) => CSharpSyntaxTree.ParseText(source, ParseOptions, path: "Input" + n + ".cs")),
        Basic.Reference.Assemblies.Net100.References.All.Append(MetadataReference.CreateFromFile(typeof(MlpAttribute).Assembly.Location)),
        new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));

    public static GeneratorDriver CreateDriver(params AdditionalText[] additionalTexts) => CSharpGeneratorDriver.Create(
        new[] { new MlpGenerator().AsSourceGenerator() },
        additionalTexts: additionalTexts,
        parseOptions: ParseOptions,
        driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));

    /// <summary>Runs the generator, then again on a clone, asserting the second run is all cached.</summary>
    /// <summary>Whether <paramref name="source"/> is one of the ONNX reader and writer's files, emitted once per compilation.</summary>
    public static bool IsOnnxSupport(GeneratedSourceResult source) => source.HintName.StartsWith("NetGen.__Generated.Onnx.", StringComparison.Ordinal);

    /// <summary>The networks' files among <paramref name="sources"/>: the ONNX reader and writer left out.</summary>
    public static ImmutableArray<GeneratedSourceResult> NetworkFilesOf(ImmutableArray<GeneratedSourceResult> sources) =>
        sources.Where(s => !IsOnnxSupport(s)).ToImmutableArray();

    /// <summary>The maths files among <paramref name="sources"/>: one per network, the other concerns' files left out.</summary>
    public static ImmutableArray<GeneratedSourceResult> MathsOf(ImmutableArray<GeneratedSourceResult> sources) =>
        sources.Where(s => s.HintName.EndsWith(".Mlp.g.cs", StringComparison.Ordinal)).ToImmutableArray();

    public static GeneratorRun Run(params string[] sources) => RunWithFiles(Array.Empty<AdditionalText>(), sources);

    /// <summary>
    /// As <see cref="Run"/>, with the project's MSBuild properties the generator reads given as global analyzer options
    /// (<c>build_property.PublishAot</c> and the like: what NetGen.targets makes visible to the compiler).
    /// </summary>
    public static GeneratorRun RunWithBuildProperties(IReadOnlyDictionary<string, string> properties, params string[] sources)
    {
        CSharpCompilation compilation = Compile(sources);
        GeneratorDriver driver = CSharpGeneratorDriver.Create(
                new[] { new MlpGenerator().AsSourceGenerator() },
                parseOptions: ParseOptions,
                optionsProvider: new BuildProperties(properties),
                driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true))
            .RunGeneratorsAndUpdateCompilation(compilation, out Compilation output, out _);
        GeneratorRunResult first = driver.GetRunResult().Results.Single();
        Assert.Null(first.Exception);
        AssertNoRoslynObjectsInOutputs(first);
        AssertAllCached(driver.RunGenerators(compilation.Clone()).GetRunResult().Results.Single());
        return new GeneratorRun(first.Diagnostics, first.GeneratedSources, output);
    }

    /// <summary>Global analyzer options holding <c>build_property.&lt;name&gt;</c> for each property given, as the SDK writes them.</summary>
    private sealed class BuildProperties : Microsoft.CodeAnalysis.Diagnostics.AnalyzerConfigOptionsProvider
    {
        private readonly Options global;

        public BuildProperties(IReadOnlyDictionary<string, string> properties) =>
            global = new Options(properties.ToDictionary(p => "build_property." + p.Key, p => p.Value, StringComparer.OrdinalIgnoreCase));

        public override Microsoft.CodeAnalysis.Diagnostics.AnalyzerConfigOptions GlobalOptions => global;

        public override Microsoft.CodeAnalysis.Diagnostics.AnalyzerConfigOptions GetOptions(SyntaxTree tree) => Options.Empty;

        public override Microsoft.CodeAnalysis.Diagnostics.AnalyzerConfigOptions GetOptions(AdditionalText textFile) => Options.Empty;

        private sealed class Options : Microsoft.CodeAnalysis.Diagnostics.AnalyzerConfigOptions
        {
            public static readonly Options Empty = new(new Dictionary<string, string>());

            private readonly Dictionary<string, string> values;

            public Options(Dictionary<string, string> values) => this.values = values;

            public override bool TryGetValue(string key, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out string? value) =>
                values.TryGetValue(key, out value);
        }
    }

    /// <summary>As <see cref="Run"/>, with AdditionalFiles items given to the generator.</summary>
    public static GeneratorRun RunWithFiles(AdditionalText[] additionalTexts, params string[] sources)
    {
        CSharpCompilation compilation = Compile(sources);
        GeneratorDriver driver = CreateDriver(additionalTexts).RunGeneratorsAndUpdateCompilation(compilation, out Compilation output, out _);
        GeneratorRunResult first = driver.GetRunResult().Results.Single();
        Assert.Null(first.Exception);
        AssertNoRoslynObjectsInOutputs(first);

        GeneratorDriver second = driver.RunGenerators(compilation.Clone());
        AssertAllCached(second.GetRunResult().Results.Single());

        return new GeneratorRun(first.Diagnostics, first.GeneratedSources, output);
    }

    /// <summary>Every tracked step of the pipeline.</summary>
    public static readonly string[] TrackedStepNames = { TrackingNames.Parse, TrackingNames.Weights, TrackingNames.Model, TrackingNames.Diagnostics, TrackingNames.Publish };

    /// <summary>NETGEN018–020 and 030–032: the weight-file and ONNX-model problems, which the Weights step finds (not the parse).</summary>
    private static readonly string[] WeightFileDiagnostics = { "NETGEN018", "NETGEN019", "NETGEN020", "NETGEN030", "NETGEN031", "NETGEN032" };

    /// <summary>
    /// The tracked steps that must appear in <paramref name="result"/>, told by what the run produced (Roslyn records a
    /// step only when it had an input): the parse for any code or NetGen diagnostic; the weights for code or a weight-file
    /// diagnostic; the model for code; the diagnostics step for a diagnostic of the parse (NETGEN009 can come from the
    /// parse or the emitter, so it implies neither); the publish step for NETGEN023, which it reports.
    /// </summary>
    public static string[] ExpectedTrackedSteps(GeneratorRunResult result)
    {
        bool code = result.GeneratedSources.Length > 0;
        string[] ids = result.Diagnostics.Select(d => d.Id).Where(id => id.StartsWith("NETGEN", StringComparison.Ordinal)).ToArray();
        var expected = new List<string>();
        if (code || ids.Length > 0)
        {
            expected.Add(TrackingNames.Parse);
        }

        if (code || ids.Any(id => WeightFileDiagnostics.Contains(id)))
        {
            expected.Add(TrackingNames.Weights);
        }

        if (code)
        {
            expected.Add(TrackingNames.Model);
        }

        if (ids.Any(id => id != "NETGEN009" && id != "NETGEN023" && !WeightFileDiagnostics.Contains(id)))
        {
            expected.Add(TrackingNames.Diagnostics);
        }

        if (ids.Contains("NETGEN023"))
        {
            expected.Add(TrackingNames.Publish);
        }

        return expected.ToArray();
    }

    /// <summary>
    /// Asserts every tracked step the run must have (<see cref="ExpectedTrackedSteps"/>) is there, and that it and every
    /// output step was cached: a step that lost its tracking name fails here instead of escaping the check.
    /// </summary>
    public static void AssertAllCached(GeneratorRunResult result)
    {
        string[] missing = ExpectedTrackedSteps(result).Where(name => !result.TrackedSteps.ContainsKey(name)).ToArray();
        Assert.True(
            missing.Length == 0,
            $"The run has no tracked step {string.Join(", ", missing)} (it has {string.Join(", ", result.TrackedSteps.Keys.Where(k => k.StartsWith("NetGen.", StringComparison.Ordinal)).OrderBy(k => k, StringComparer.Ordinal))}), "
                + "though its output shows the step ran: a step lost its WithTrackingName, or was renamed, and its caching went unchecked.");
        if (result.GeneratedSources.Length > 0 || result.Diagnostics.Length > 0)
        {
            Assert.True(result.TrackedOutputSteps.Any(s => s.Value.Any(step => step.Outputs.Length > 0)), "The run produced output, but no output step was tracked.");
        }

        foreach (string name in TrackedStepNames)
        {
            if (!result.TrackedSteps.TryGetValue(name, out ImmutableArray<IncrementalGeneratorRunStep> steps))
            {
                continue;   // not expected (checked above): the step had no input in this run
            }

            foreach (IncrementalGeneratorRunStep step in steps)
            {
                foreach ((object _, IncrementalStepRunReason reason) in step.Outputs)
                {
                    Assert.True(
                        reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged,
                        $"Step {name} ran again ({reason}) on an unchanged compilation: its output does not compare equal.");
                }
            }
        }

        foreach ((object _, IncrementalStepRunReason reason) in result.TrackedOutputSteps.SelectMany(s => s.Value).SelectMany(s => s.Outputs))
        {
            Assert.True(reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, $"An output step ran again ({reason}).");
        }
    }

    public static void AssertNoRoslynObjectsInOutputs(GeneratorRunResult result)
    {
        // Roslyn's own steps inside ForAttributeWithMetadataName hold syntax by design; ours must not.
        foreach (KeyValuePair<string, ImmutableArray<IncrementalGeneratorRunStep>> steps in
                 result.TrackedSteps.Where(s => s.Key.StartsWith("NetGen.", StringComparison.Ordinal)))
        {
            foreach (IncrementalGeneratorRunStep step in steps.Value)
            {
                foreach ((object value, IncrementalStepRunReason _) in step.Outputs)
                {
                    AssertNoRoslynObject(value, steps.Key, new HashSet<object>(ReferenceEqualityComparer.Instance));
                }
            }
        }
    }

    private static void AssertNoRoslynObject(object? value, string path, HashSet<object> seen)
    {
        if (value is null || value is string || value.GetType().IsPrimitive || value.GetType().IsEnum || !seen.Add(value))
        {
            return;
        }

        Type type = value.GetType();
        Assert.False(
            type.Namespace?.StartsWith("Microsoft.CodeAnalysis", StringComparison.Ordinal) == true
                && type.Assembly != typeof(MlpGenerator).Assembly,
            $"{path} holds a Roslyn object of type {type.FullName}: models must hold values only.");

        if (value is IEnumerable items)
        {
            foreach (object? item in items)
            {
                AssertNoRoslynObject(item, path + "[]", seen);
            }
        }

        foreach (FieldInfo field in type.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic))
        {
            AssertNoRoslynObject(field.GetValue(value), path + "." + field.Name, seen);
        }
    }
}

/// <summary>An AdditionalFiles item in memory, as the compiler hands it to a generator: a path and decoded text (or none).</summary>
public sealed class InMemoryAdditionalText : AdditionalText
{
    private readonly SourceText? _text;

    public InMemoryAdditionalText(string path, string? text)
    {
        Path = path;
        _text = text is null ? null : SourceText.From(text, System.Text.Encoding.UTF8);
    }

    public override string Path { get; }

    public override SourceText? GetText(System.Threading.CancellationToken cancellationToken = default) => _text;
}
