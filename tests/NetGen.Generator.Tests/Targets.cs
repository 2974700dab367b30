using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;

namespace NetGen.Generator.Tests;

/// <summary>
/// The frameworks a consumer's compilation may target, as reference sets: .NET 10, .NET Standard 2.1 (Unity's API
/// profile: no System.Runtime.Intrinsics), and .NET Framework 4.8 with or without the System.Memory package (which
/// brings Span&lt;T&gt;). The reference assemblies come from packages the test project downloads (PackageDownload).
/// </summary>
internal static class Targets
{
    private static string PackageRoot =>
        typeof(Targets).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "NuGetPackageRoot").Value!;

    private static string Package(string id, string version, string folder) => Path.Combine(PackageRoot, id, version, folder);

    private static MetadataReference Reference(string path)
    {
        Assert.True(File.Exists(path), "missing reference assembly " + path + " (restore the test project: its PackageDownload items fetch it)");
        return MetadataReference.CreateFromFile(path);
    }

    public static IEnumerable<MetadataReference> Net100 => Basic.Reference.Assemblies.Net100.References.All;

    /// <summary>.NET Standard 2.1: Span, MathF and Vector&lt;T&gt;, but no System.Runtime.Intrinsics and no IsExternalInit.</summary>
    public static IEnumerable<MetadataReference> NetStandard21 => new[]
    {
        Reference(Path.Combine(Package("netstandard.library.ref", "2.1.0", "ref/netstandard2.1"), "netstandard.dll")),
    };

    /// <summary>
    /// .NET Standard 2.0 with System.Memory (and what it depends on): Span&lt;T&gt; and Vector&lt;T&gt;, no MathF, no
    /// System.Runtime.Intrinsics; the reference assemblies a netstandard2.0 library compiles against.
    /// </summary>
    public static IEnumerable<MetadataReference> NetStandard20
    {
        get
        {
            string folder = Package("netstandard.library", "2.0.3", "build/netstandard2.0/ref");
            return Directory.GetFiles(folder, "*.dll").Select(Reference).Concat(MemoryPackages);
        }
    }

    /// <summary>.NET Framework 4.8 alone: no Span&lt;T&gt;, no MathF.</summary>
    public static IEnumerable<MetadataReference> Net48WithoutSpan
    {
        get
        {
            string framework = Package("microsoft.netframework.referenceassemblies.net48", "1.0.3", "build/.NETFramework/v4.8");
            return new[] { "mscorlib.dll", "System.dll", "System.Core.dll", "Facades/netstandard.dll", "Facades/System.Runtime.dll" }
                .Select(file => Reference(Path.Combine(framework, file)));
        }
    }

    /// <summary>.NET Framework 4.8 with System.Memory (and what it depends on): Span&lt;T&gt; and Vector&lt;T&gt;, no MathF.</summary>
    public static IEnumerable<MetadataReference> Net48 => Net48WithoutSpan.Concat(MemoryPackages);

    /// <summary>System.Memory 4.5.5 and its dependencies, as a .NET Framework or .NET Standard 2.0 project references them.</summary>
    private static IEnumerable<MetadataReference> MemoryPackages => new[]
    {
        Reference(Path.Combine(Package("system.memory", "4.5.5", "lib/netstandard2.0"), "System.Memory.dll")),
        Reference(Path.Combine(Package("system.buffers", "4.5.1", "lib/netstandard2.0"), "System.Buffers.dll")),
        Reference(Path.Combine(Package("system.numerics.vectors", "4.4.0", "lib/netstandard2.0"), "System.Numerics.Vectors.dll")),
        Reference(Path.Combine(Package("system.runtime.compilerservices.unsafe", "4.5.3", "lib/netstandard2.0"), "System.Runtime.CompilerServices.Unsafe.dll")),
    };

    /// <summary>
    /// Runs the generator over <paramref name="sources"/> compiled at <paramref name="languageVersion"/> against
    /// <paramref name="references"/> (and NetGen.Attributes), then again on a clone, asserting that run is all cached.
    /// </summary>
    public static GeneratorRun Run(LanguageVersion languageVersion, IEnumerable<MetadataReference> references, params string[] sources)
    {
        var parse = new CSharpParseOptions(languageVersion);
        CSharpCompilation compilation = CSharpCompilation.Create(
            "Consumer",
            sources.Select((source, n) => CSharpSyntaxTree.ParseText(source, parse, path: "Input" + n + ".cs")),
            references.Append(MetadataReference.CreateFromFile(typeof(MlpAttribute).Assembly.Location)),
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable)
                // As the SDK does: NetGen.Attributes, built for .NET Standard 2.0, meets the 2.1 or Framework facade.
                .WithSpecificDiagnosticOptions(new Dictionary<string, ReportDiagnostic> { ["CS1701"] = ReportDiagnostic.Suppress, ["CS1702"] = ReportDiagnostic.Suppress }));
        GeneratorDriver driver = CSharpGeneratorDriver.Create(
                new[] { new MlpGenerator().AsSourceGenerator() },
                parseOptions: parse,
                driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true))
            .RunGeneratorsAndUpdateCompilation(compilation, out Compilation output, out _);
        GeneratorRunResult first = driver.GetRunResult().Results.Single();
        Assert.Null(first.Exception);
        GeneratorHarness.AssertNoRoslynObjectsInOutputs(first);
        GeneratorHarness.AssertAllCached(driver.RunGenerators(compilation.Clone()).GetRunResult().Results.Single());
        return new GeneratorRun(first.Diagnostics, first.GeneratedSources, output);
    }

    /// <summary>The run's compiler errors and warnings, one a line, for an assertion's message.</summary>
    public static string Describe(IEnumerable<Diagnostic> problems) =>
        string.Join("\n", problems.Take(40).Select(d => d.Id + " " + d.Location.GetLineSpan() + ": " + d.GetMessage(System.Globalization.CultureInfo.InvariantCulture)));
}
