using System;
using System.Collections.Immutable;
using System.Linq;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;
using NetGen.Generator.Diagnostics;
using NetGen.Generator.Emitting;
using NetGen.Generator.Model;
using NetGen.Generator.Parsing;

namespace NetGen.Generator;

/// <summary>
/// The NetGen source generator: finds <c>[NetGen.Mlp]</c> types, parses each into a value model
/// (<see cref="MlpParser"/>), and emits the network's code (<see cref="MlpEmitter"/>). Diagnostics go
/// down their own branch.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class MlpGenerator : IIncrementalGenerator
{
    /// <summary>The attribute the generator looks for.</summary>
    public const string AttributeMetadataName = "NetGen.MlpAttribute";

    /// <inheritdoc />
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        IncrementalValuesProvider<ParseResult> results = context.SyntaxProvider
            .ForAttributeWithMetadataName(
                AttributeMetadataName,
                static (node, _) => node is BaseTypeDeclarationSyntax,
                static (attributeContext, cancellationToken) => MlpParser.Parse(attributeContext, cancellationToken))
            .WithTrackingName(TrackingNames.Parse);

        // Weights = "…" is read from the AdditionalFiles; a model without it passes through unchanged.
        IncrementalValuesProvider<(NetworkModel? Model, DiagnosticInfo? Problem)> resolved = results
            .Where(static result => result.Model is not null)
            .Select(static (result, _) => result.Model!)
            .Combine(context.AdditionalTextsProvider.Collect())
            .Select(static (pair, cancellationToken) => WeightsResolver.Resolve(pair.Left, pair.Right, cancellationToken))
            .WithTrackingName(TrackingNames.Weights);

        IncrementalValuesProvider<NetworkModel> resolvedModels = resolved
            .Where(static item => item.Model is not null)
            .Select(static (item, _) => item.Model!);

        // File names must differ, ignoring case, across all the networks: the rare repeats get renamed. Only the repeats
        // go on (usually none), so that adding or removing a network leaves the others' models cached.
        IncrementalValueProvider<EquatableArray<string>> hintNames = resolvedModels
            .Select(static (model, _) => HintNames.Key(model))
            .Collect()
            .Select(static (all, _) => HintNames.Collisions(all));
        IncrementalValuesProvider<NetworkModel> models = resolvedModels
            .Combine(hintNames)
            .Select(static (pair, _) => HintNames.MakeUnique(pair.Left, pair.Right))
            .WithTrackingName(TrackingNames.Model)
            .Where(static model => model is not null)
            .Select(static (model, _) => model!);

        context.RegisterSourceOutput(
            resolved.Where(static item => item.Problem is not null).Select(static (item, _) => item.Problem!),
            static (production, diagnostic) => production.ReportDiagnostic(Diagnostic.Create(
                DiagnosticDescriptors.Get(diagnostic.Id),
                diagnostic.Location?.ToLocation() ?? Location.None,
                diagnostic.MessageArgs.Cast<object>().ToArray())));

        IncrementalValuesProvider<DiagnosticInfo> diagnostics = results
            .SelectMany(static (result, _) => result.Diagnostics)
            .WithTrackingName(TrackingNames.Diagnostics);

        context.RegisterSourceOutput(models, static (production, model) => Emit(production, model));

        // The ONNX reader and writer that LoadOnnx and SaveOnnx call, once per compilation that has a network.
        context.RegisterSourceOutput(
            models.Collect().Select(static (all, _) => !all.IsEmpty),
            static (production, any) =>
            {
                if (any)
                {
                    foreach (GeneratedFile file in OnnxSupport.Emit())
                    {
                        production.AddSource(file.HintName, SourceText.From(file.Text, Encoding.UTF8));
                    }
                }
            });
        // NETGEN023: Native AOT's default x64 instruction set has no FMA, which the SIMD kernels use; said once per project.
        IncrementalValueProvider<AotBuild> aotBuild = context.AnalyzerConfigOptionsProvider
            .Select(static (options, _) => AotBuild.Read(options.GlobalOptions));
        IncrementalValueProvider<EquatableArray<string>> fusedNetworks = models
            .Where(static model => model.UsesVectorFusedMultiplyAdd)
            .Select(static (model, _) => model.TypeName)
            .Collect()
            .Select(static (names, _) => new EquatableArray<string>(names.Distinct().OrderBy(n => n, StringComparer.Ordinal).ToArray()));
        context.RegisterSourceOutput(
            fusedNetworks.Combine(aotBuild).WithTrackingName(TrackingNames.Publish),
            static (production, pair) =>
            {
                if (pair.Left.Count > 0 && pair.Right.FusedMultiplyAddInSoftware)
                {
                    production.ReportDiagnostic(Diagnostic.Create(
                        DiagnosticDescriptors.AotWithoutFma,
                        Location.None,
                        pair.Right.RuntimeIdentifier,
                        string.Join(", ", pair.Left.Select(n => "'" + n + "'"))));
                }
            });
        context.RegisterSourceOutput(diagnostics, static (production, diagnostic) => production.ReportDiagnostic(
            Diagnostic.Create(
                DiagnosticDescriptors.Get(diagnostic.Id),
                diagnostic.Location?.ToLocation() ?? Location.None,
                diagnostic.MessageArgs.Cast<object>().ToArray())));
    }

    private static void Emit(SourceProductionContext production, NetworkModel model)
    {
        (ImmutableArray<GeneratedFile> files, DiagnosticInfo? failure) = TryEmit(model);
        if (failure is not null)
        {
            production.ReportDiagnostic(Diagnostic.Create(
                DiagnosticDescriptors.Get(failure.Id), Location.None, failure.MessageArgs.Cast<object>().ToArray()));
            return;
        }

        foreach (GeneratedFile file in files)
        {
            production.AddSource(file.HintName, SourceText.From(file.Text, Encoding.UTF8));
        }
    }

    /// <summary>
    /// Emits a model's files, or NETGEN009 if the emitter fails: an exception escaping a generator would
    /// silently drop every file it generates.
    /// </summary>
    internal static (ImmutableArray<GeneratedFile> Files, DiagnosticInfo? Failure) TryEmit(NetworkModel model)
    {
        try
        {
            return (MlpEmitter.Emit(model), null);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            return (ImmutableArray<GeneratedFile>.Empty, DiagnosticInfo.Create(
                DiagnosticDescriptors.InternalError, null, model.TypeName, exception.GetType().Name + ": " + exception.Message));
        }
    }
}

/// <summary>Names of the pipeline's tracked steps, for incrementality tests.</summary>
public static class TrackingNames
{
    /// <summary>The parse of each [Mlp] declaration into a model or diagnostics.</summary>
    public const string Parse = "NetGen.Parse";

    /// <summary>Each model with the weight file it names read in, or the problem with that file.</summary>
    public const string Weights = "NetGen.Weights";

    /// <summary>The models that are emitted.</summary>
    public const string Model = "NetGen.Model";

    /// <summary>The diagnostics that are reported.</summary>
    public const string Diagnostics = "NetGen.Diagnostics";

    /// <summary>The networks with fused multiply-adds, with how the project is published (NETGEN023).</summary>
    public const string Publish = "NetGen.Publish";
}
