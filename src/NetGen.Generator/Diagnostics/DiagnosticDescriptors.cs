using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using NetGen.Generator.Model;

namespace NetGen.Generator.Diagnostics;

/// <summary>
/// Every diagnostic NetGen reports. Each message says what to change; each has a page under
/// docs/diagnostics/. Keep AnalyzerReleases.Unshipped.md and the README's table in step.
/// </summary>
internal static class DiagnosticDescriptors
{
    public const string Category = "NetGen";

    public const string HelpLinkBase = "https://github.com/netgen-dotnet/netgen/blob/main/docs/diagnostics/";

    public static readonly DiagnosticDescriptor TypeNotPartial = Create(
        "NETGEN001",
        "The type with [Mlp] must be partial",
        "'{0}' has [Mlp] but is not partial: add the 'partial' modifier so that NetGen can add the network's members to it");

    public static readonly DiagnosticDescriptor ContainingTypeNotPartial = Create(
        "NETGEN002",
        "A type containing an [Mlp] type must be partial",
        "'{0}' contains '{1}', which has [Mlp], but is not partial: add the 'partial' modifier to '{0}'");

    public static readonly DiagnosticDescriptor SizeNotPositive = Create(
        "NETGEN003",
        "Network sizes must be positive",
        "The number of {0} is {1}: every size in [Mlp(inputs, hidden…, outputs)] must be at least 1");

    public static readonly DiagnosticDescriptor NetworkTooLarge = Create(
        "NETGEN004",
        "Network too large",
        "[Mlp({0})] {1}: NetGen supports networks of at most " + NetworkLimits.MaxWeights.ToString("N0", System.Globalization.CultureInfo.InvariantCulture)
            + " weights (each layer's units times the units before it, summed), at most " + NetworkLimits.MaxLayerWidth.ToString("N0", System.Globalization.CultureInfo.InvariantCulture)
            + " units per layer and at most " + NetworkLimits.MaxHiddenLayers.ToString(System.Globalization.CultureInfo.InvariantCulture)
            + " hidden layers; use fewer or smaller layers");

    public static readonly DiagnosticDescriptor MemberNameConflict = Create(
        "NETGEN005",
        "A member already uses a name NetGen generates",
        "'{1}' is already taken in '{0}' ({2}), and NetGen generates a member with that name: rename or remove yours");

    public static readonly DiagnosticDescriptor GenericType = Create(
        "NETGEN006",
        "Generic types cannot have [Mlp]",
        "'{0}' is generic: a network's sizes and precision are fixed at compile time, so put [Mlp] on a non-generic class");

    public static readonly DiagnosticDescriptor UnsupportedTypeKind = Create(
        "NETGEN007",
        "[Mlp] needs a non-static class",
        "'{0}' is {1}: [Mlp] generates instance state and methods, so put it on a (non-static, non-file-local) partial class");

    public static readonly DiagnosticDescriptor UnknownPrecision = Create(
        "NETGEN008",
        "Unknown precision",
        "Precision = {0} is not a member of NetGen.Precision: use Precision.Single or Precision.Double");

    public static readonly DiagnosticDescriptor InternalError = Create(
        "NETGEN009",
        "NetGen failed on this type",
        "NetGen could not generate '{0}' ({1}): this is a bug in NetGen; please report it with the declaration");

    public static readonly DiagnosticDescriptor UnknownKernels = Create(
        "NETGEN010",
        "Unknown kernels",
        "Kernels = {0} is not a member of NetGen.Kernels: use Kernels.Auto, Kernels.Unrolled or Kernels.Simd");

    public static readonly DiagnosticDescriptor TooLargeToUnroll = Create(
        "NETGEN011",
        "Network too large to unroll",
        "[Mlp({0})] has {1} weights and a layer of {2} units, but Kernels.Unrolled allows at most "
            + NetworkLimits.MaxUnrolledWeights.ToString("N0", System.Globalization.CultureInfo.InvariantCulture) + " weights and "
            + NetworkLimits.MaxUnrolledLayerWidth.ToString("N0", System.Globalization.CultureInfo.InvariantCulture)
            + " units per layer: remove 'Kernels = Kernels.Unrolled' (or use Kernels.Simd)");

    public static readonly DiagnosticDescriptor UnknownActivation = Create(
        "NETGEN013",
        "Unknown activation",
        "Activation = {0} is not a member of NetGen.Activation: use Activation.Sigmoid, Activation.Tanh or Activation.Relu");

    public static readonly DiagnosticDescriptor UnknownOutput = Create(
        "NETGEN014",
        "Unknown output",
        "Output = {0} is not a member of NetGen.Output: use Output.Sigmoid, Output.Softmax or Output.Linear");

    public static readonly DiagnosticDescriptor SoftmaxNeedsTwoOutputs = Create(
        "NETGEN015",
        "Softmax needs at least two outputs",
        "'{0}' has Output = Output.Softmax with one output, whose softmax is always 1: give it two or more outputs (one per class), or use Output.Sigmoid for a yes/no output");

    public static readonly DiagnosticDescriptor UnknownOptimizer = Create(
        "NETGEN016",
        "Unknown optimizer",
        "Optimizer = {0} is not a member of NetGen.Optimizer: use Optimizer.Sgd, Optimizer.Momentum or Optimizer.Adam");

    public static readonly DiagnosticDescriptor TooFewSizes = Create(
        "NETGEN017",
        "A network needs inputs, a hidden layer and outputs",
        "[Mlp({0})] gives {1}: give the number of inputs, then the width of each hidden layer (at least one), then the number of outputs, as in [Mlp(2, 4, 1)] or [Mlp(784, 128, 64, 10)]");

    public static readonly DiagnosticDescriptor WeightsFileNotFound = Create(
        "NETGEN018",
        "Weights file not found",
        "'{0}' has Weights = \"{1}\", but no AdditionalFiles item is named {1}: add <AdditionalFiles Include=\"{1}\" /> to the project, or correct the name");

    public static readonly DiagnosticDescriptor WeightsFileUnreadable = Create(
        "NETGEN019",
        "Weights file unreadable",
        "The weights file '{0}' cannot be compiled in: {1}. Write it with the generated SaveText and give it to the compiler unchanged, as an AdditionalFiles item");

    public static readonly DiagnosticDescriptor WeightsFileMismatch = Create(
        "NETGEN020",
        "Weights file saved by another network",
        "The weights file '{0}' was saved by a network declared {1}, but '{2}' is {3}: save the weights from a network declared like '{2}', or change its attribute");

    public static readonly DiagnosticDescriptor LanguageVersionTooOld = Create(
        "NETGEN021",
        "The generated code needs C# 9 or later",
        "'{0}' is compiled as C# {1}, but the code NetGen generates needs C# 9 or later: set <LangVersion>9.0</LangVersion> (or later) in the project file");

    public static readonly DiagnosticDescriptor SpanMissing = Create(
        "NETGEN022",
        "The generated code needs Span<T>",
        "'{0}' is compiled for a framework without System.Span<T>, which every generated method takes: target .NET Standard 2.1, .NET Core 2.1 or later, or add a PackageReference to System.Memory (.NET Framework 4.6.1 or later, .NET Standard 2.0)");

    public static readonly DiagnosticDescriptor AotWithoutFma = Create(
        "NETGEN023",
        "Native AOT's default x64 instruction set has no FMA",
        "This project is published with Native AOT for {0} without an IlcInstructionSet, so it is compiled for x86-64-v2, which has no FMA instructions: the SIMD code of {1} then computes every fused multiply-add in software, about 100 times slower than under the JIT. Set <IlcInstructionSet>x86-64-v3</IlcInstructionSet> (x64 CPUs with AVX2 and FMA, since about 2013) or native in the project file; to keep x86-64-v2, set it to x86-64-v2, which silences this warning",
        DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor OnnxModelUnreadable = Create(
        "NETGEN030",
        "ONNX model not one NetGen compiles",
        "The ONNX model '{0}' cannot be compiled in: {1} Export it as nn.Sequential of nn.Linear layers with Sigmoid, Tanh or ReLU between them (docs/onnx.md lists what NetGen reads), or give the compiler the model file unchanged");

    public static readonly DiagnosticDescriptor OnnxModelMismatch = Create(
        "NETGEN031",
        "ONNX model of another network",
        "The ONNX model '{0}' holds a network {1}, but '{2}' is {3} ({4}): change the attribute of '{2}' to the model's, or export the network the attribute declares");

    public static readonly DiagnosticDescriptor OnnxModelNotConverted = Create(
        "NETGEN032",
        "ONNX model not converted to text",
        "'{0}' has Weights = \"{1}\", an ONNX model, but the compiler was given the binary .onnx file, which source generators cannot read: reference NetGen as a package (its build/NetGen.targets converts every .onnx AdditionalFiles item), or import NetGen.targets into the project and leave NetGenConvertOnnx at true");

    public static IReadOnlyList<DiagnosticDescriptor> All { get; } = new[]
    {
        TypeNotPartial, ContainingTypeNotPartial, SizeNotPositive, NetworkTooLarge, MemberNameConflict,
        GenericType, UnsupportedTypeKind, UnknownPrecision, InternalError, UnknownKernels, TooLargeToUnroll,
        UnknownActivation, UnknownOutput, SoftmaxNeedsTwoOutputs, UnknownOptimizer, TooFewSizes,
        WeightsFileNotFound, WeightsFileUnreadable, WeightsFileMismatch, LanguageVersionTooOld, SpanMissing, AotWithoutFma,
        OnnxModelUnreadable, OnnxModelMismatch, OnnxModelNotConverted,
    };

    private static readonly Dictionary<string, DiagnosticDescriptor> ById = All.ToDictionary(d => d.Id);

    public static DiagnosticDescriptor Get(string id) => ById[id];

    private static DiagnosticDescriptor Create(string id, string title, string message, DiagnosticSeverity severity = DiagnosticSeverity.Error) => new(
        id,
        title,
        message,
        Category,
        severity,
        isEnabledByDefault: true,
        helpLinkUri: HelpLinkBase + id + ".md");
}
