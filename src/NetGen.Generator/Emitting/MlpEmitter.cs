using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using NetGen.Generator.Model;
using static NetGen.Generator.Emitting.Names;

namespace NetGen.Generator.Emitting;

/// <summary>
/// Writes one network's files from its <see cref="NetworkModel"/>, one per concern (<see cref="WriteFiles"/>): the
/// maths (MlpEmitter.State, .Api, .Activations, and the layers unrolled in .Unrolled or as SIMD kernels in .Simd), the
/// weight file (.WeightFile), the trainer (.Trainer) and the checks (.Checks). Each file is laid out by
/// <see cref="SourceFile.Compose"/>. The output depends on nothing but the model.
/// </summary>
internal sealed partial class MlpEmitter
{
    private const string GeneratedCode = "[global::System.CodeDom.Compiler.GeneratedCode(\"" + GeneratorName + "\", \"" + GeneratorVersion + "\")]";
    private const string AggressiveInlining =
        "[global::System.Runtime.CompilerServices.MethodImpl(global::System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]";
    private const string NoInlining =
        "[global::System.Runtime.CompilerServices.MethodImpl(global::System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]";
    private const int TermsPerGroup = 8;

    private readonly NetworkModel _model;
    private readonly NetworkShape _shape;
    private CodeWriter _w = new();

    // The numeric type's spellings.
    private readonly string _t;
    private readonly string _math;
    private readonly string _span;
    private readonly string _readOnlySpan;

    private MlpEmitter(NetworkModel model)
    {
        _model = model;
        _shape = model.Shape;
        bool single = model.Precision == NumericPrecision.Single;
        _t = single ? "float" : "double";
        _math = single ? "global::System.MathF" : "global::System.Math";
        _span = "global::System.Span<" + _t + ">";
        _readOnlySpan = "global::System.ReadOnlySpan<" + _t + ">";
    }

    /// <summary>The network's generated files, the maths first.</summary>
    public static ImmutableArray<GeneratedFile> Emit(NetworkModel model) => new MlpEmitter(model).WriteFiles();

    /// <summary>L, the number of weight layers; layer L is the output layer.</summary>
    private int L => _shape.LayerCount;

    /// <summary>Whether the writer is in the maths file's Kernels class, where the state arrives as parameters.</summary>
    private bool _inKernels;

    /// <summary>
    /// A state field's name where the code is: the field itself (<c>__parameters</c>) in the user's type, the parameter
    /// that carries it (<c>parameters</c>) in the Kernels class.
    /// </summary>
    private string State(string field) => _inKernels ? field.Substring(2) : field;

    /// <summary>[GeneratedCode] on a member of the user's type; a helper class carries it once for all its members.</summary>
    private void Generated()
    {
        if (!_inKernels)
        {
            _w.Line(GeneratedCode);
        }
    }

    /// <summary>
    /// The type of a state array where the kernels receive it and name it: a span of the field's aligned window
    /// (<see cref="NetworkModel.AlignedState"/>), or the array itself.
    /// </summary>
    private string StateType => _model.AlignedState ? _span : _t + "[]";

    /// <summary>
    /// <see cref="StateType"/> where a kernel only reads the state: a read-only span, whose slices are read-only views
    /// with no conversion between them (each a call the JIT must inline, and the small networks' inlining is tight).
    /// </summary>
    private string ReadOnlyStateType => _model.AlignedState ? _readOnlySpan : _t + "[]";

    /// <summary>
    /// A state field where the user's type clears it whole: an aligned field (an <c>ArraySegment</c>) as a span, the
    /// gradients as the public <c>Gradients</c>, the optimizer's state through <c>MemoryExtensions.AsSpan</c> (the
    /// user's part has no <c>using System;</c> for the extension); a plain array as it is.
    /// </summary>
    private string ClearableState(string field) => !_model.AlignedState || _inKernels ? State(field)
        : field == GradientsField ? Gradients
        : $$"""global::System.MemoryExtensions.AsSpan({{State(field)}})""";

    /// <summary>
    /// <paramref name="length"/> values of a kernel's state parameter from <paramref name="offset"/>: a slice of its span
    /// (<see cref="NetworkModel.AlignedState"/>), or a new span over the array.
    /// </summary>
    private string Window(string field, string offset, string length) => _model.AlignedState
        ? $$"""{{field}}.Slice({{offset}}, {{length}})"""
        : $$"""new({{field}}, {{offset}}, {{length}})""";

    /// <summary>
    /// The statement that zeroes <paramref name="count"/> values of the state array or span <paramref name="state"/> from
    /// <paramref name="offset"/>: <c>Array.Clear</c> of an array, <c>Slice(…).Clear()</c> of a span, or <c>Clear()</c> of
    /// the whole span when the range is offset 0, count ParameterCount (the constant's name, as every caller passes it).
    /// </summary>
    private string Clear(string state, string offset, string count) => !_model.AlignedState
        ? $$"""global::System.Array.Clear({{state}}, {{offset}}, {{count}});"""
        : offset == "0" && count == ParameterCount ? $$"""{{state}}.Clear();"""
        : $$"""{{state}}.Slice({{offset}}, {{count}}).Clear();""";

    /// <summary>The state a phase's kernel reads or writes: the parameters, the gradients, or both.</summary>
    private static (bool Parameters, bool Gradients) StateOf(PhaseKind kind) => kind switch
    {
        PhaseKind.OutputDeltas => (false, false),
        PhaseKind.AccumulateGradients or PhaseKind.AccumulateGradientsBatch => (false, true),
        PhaseKind.Update => (true, true),
        _ => (true, false),
    };

    /// <summary>The state parameters of a phase's kernel, each followed by ", ".</summary>
    private string StateParameters(Phase phase) =>
        (StateOf(phase.Kind).Parameters ? (WritesParameters(phase.Kind) ? StateType : ReadOnlyStateType) + " parameters, " : string.Empty)
        + (StateOf(phase.Kind).Gradients ? (phase.Kind == PhaseKind.Update ? ReadOnlyStateType : StateType) + " gradients, " : string.Empty);

    /// <summary>Whether a phase's kernel writes the parameters (a step), rather than only reading them.</summary>
    private static bool WritesParameters(PhaseKind kind) => kind is PhaseKind.Update or PhaseKind.Train;

    /// <summary>The state arguments of a call to a phase's kernel, each followed by ", ".</summary>
    private string StateArguments(Phase phase) =>
        (StateOf(phase.Kind).Parameters ? State(ParametersField) + ", " : string.Empty) + (StateOf(phase.Kind).Gradients ? State(GradientsField) + ", " : string.Empty);

    /// <summary>What each of a network's files holds, for its header.</summary>
    private string Declaration()
    {
        string options = (_model.Precision == NumericPrecision.Double ? ", Precision = Precision.Double" : string.Empty)
            + (_shape.Activation == HiddenActivation.Sigmoid ? string.Empty : ", Activation = Activation." + _shape.Activation)
            + (_shape.Head == OutputHead.Sigmoid ? string.Empty : ", Output = Output." + _shape.Head)
            + (_shape.Optimizer == OptimizerKind.Sgd ? string.Empty : ", Optimizer = Optimizer." + _shape.Optimizer)
            + (_model.Weights is null ? string.Empty : ", Weights = \"" + _model.Weights.File.Replace("\r", " ").Replace("\n", " ") + "\"");
        return "[Mlp(" + _shape.SizeList + options + ")] on " + _model.TypeName;
    }

    /// <summary>
    /// One file per concern, each a partial part of the user's type with, where it needs one, a helper class beside it:
    /// the maths, the weight file, the trainer, and the checks that every public method makes of its arguments.
    /// </summary>
    private ImmutableArray<GeneratedFile> WriteFiles()
    {
        var files = ImmutableArray.CreateBuilder<GeneratedFile>();
        _kernels = new CodeWriter { BaseColumn = 4, Width = SourceFile.Width, AsWritten = InHelperClass }.Indent();
        files.Add(WriteFile(
            string.Empty,
            "the network's maths: its sizes and state, Forward, Backward, Step and the batch methods, then the layers' kernels.",
            "Layers: " + (_shape.IsUnrolled ? "unrolled, straight-line code."
                : Target.PortableKernels ? "portable loops with constant trip counts (the target has no System.Runtime.Intrinsics)."
                : "SIMD loops over Vector512/256/128 with constant trip counts."),
            () =>
            {
                WriteConstantsAndState();
                WriteForward();
                WriteBackward();
                WriteStep();
                WriteTrainSample();
                WriteForwardBatch();
                WriteTrainBatch();
                WriteLoss();
                WriteZeroGradients();
                WriteInitializeParameters();
            },
            new HelperClass(
                KernelsClass,
                "The maths of " + _model.TypeName + ": the work of its public methods, then each layer's kernels in the order the data flows.",
                () =>
                {
                    WriteKernelConstants();
                    WriteAlignedBlock();
                    _w.Raw(_kernels.ToString());
                    WriteLayerBlocks();
                    WriteActivationHelpers();
                    WriteAddLanes();
                    WriteBufferTypes();
                })));
        files.Add(WriteFile(
            ChecksConcern,
            "the checks every public method makes of its arguments, and the checks that keep NaN and ±∞ out of the parameters.",
            null,
            null,
            new HelperClass(ChecksClass, "The argument and bad-number checks of " + _model.TypeName + "'s public methods, and its random numbers.",
                () =>
                {
                    WriteChecks();
                    WriteFrameworkStandIns();
                },
                Shared: true,
                ChecksImports)));
        files.Add(WriteFile(WeightFileConcern, "the weight file: Save and Load, in bytes and as text.", null, WriteWeightFile, WeightFileHelpers()));
        files.Add(WriteFile(TrainerConcern, "the trainer: Fit and its options and reports.", null, WriteTrainer, TrainerHelpers()));
        files.Add(WriteFile(OnnxConcern, "ONNX: LoadOnnx and SaveOnnx, over the reader and writer in NetGen.__Generated.Onnx.", null, WriteOnnx, null));
        return files.ToImmutable();
    }

    /// <summary>A line of a helper class as its file shows it: lowered for the target, then shortened (<see cref="SourceFile.Shorten"/>).</summary>
    private string InHelperClass(string line) => SourceFile.Shorten(Lower(line), out _);

    private const string ChecksConcern = "Checks";
    private const string KernelsClass = "Kernels";
    private const string WeightFileConcern = "WeightFile";

    /// <summary>
    /// The checks class's name: shared by the network's files, so not file-local, and unique in the compilation (the
    /// hint name is) and across assemblies that see each other's internals (it holds the type's full name's hash).
    /// </summary>
    private string ChecksClass => _model.TypeName + "Checks_" + Parsing.HintNames.Fnv1a(_model.HintName).ToString("x8", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The Kernels class's body as the public methods' writers add to it: their work, in the order they come.</summary>
    private CodeWriter _kernels = new();

    /// <summary>Writes <paramref name="write"/>'s code into the Kernels class, where the state arrives as parameters.</summary>
    private void InKernels(Action write)
    {
        CodeWriter user = _w;
        _w = _kernels;
        _inKernels = true;
        write();
        _w = user;
        _inKernels = false;
    }

    /// <summary>A call of a check: through the alias from outside the checks class.</summary>
    private string Check(string name) => _inChecks ? name : "__Checks." + name;

    private bool _inChecks;
    private const string TrainerConcern = "Trainer";

    /// <summary>
    /// A file's helper class: a <c>file static class</c> named <paramref name="Name"/> in <see cref="SourceFile.HelperNamespace"/>,
    /// which the user's part reaches as <c>__Name</c>. <paramref name="Body"/> writes its members, naming types in full
    /// (<c>global::System.…</c>) as the user's part does: <see cref="SourceFile.Compose"/> shortens them there.
    /// </summary>
    /// <remarks>
    /// A helper class written from templates names types by their short names; <paramref name="Imports"/> lists the
    /// namespaces they need, which Compose adds to those the fully qualified names it shortens need.
    /// </remarks>
    private sealed record HelperClass(string Name, string Summary, Action Body, bool Shared = false, IReadOnlyList<string>? Imports = null);

    /// <summary>
    /// One file: <paramref name="userPart"/> writes the members of the user's type, <paramref name="helper"/> (if any)
    /// the helper class beside it. <paramref name="concern"/> names the file (empty for the maths, which keeps the
    /// network's own hint name).
    /// </summary>
    private GeneratedFile WriteFile(string concern, string holds, string? note, Action? userPart, HelperClass? helper)
    {
        var header = new List<string>
        {
            "<auto-generated/>",
            "Generated by NetGen " + GeneratorVersion + " from " + Declaration() + ":",
            holds,
        };
        if (note is not null)
        {
            header.Add(note);
        }

        header.Add("Edits are lost on the next build: change the attribute instead.");
        string? user = null;
        if (userPart is not null)
        {
            _w = new CodeWriter { BaseColumn = 4 * ((_model.Namespace is null ? 0 : 1) + _model.ContainingTypes.Count + 1), Width = SourceFile.Width };
            userPart();
            user = Lower(_w.ToString());
        }

        string? helperText = null;
        var aliases = new List<(string, string)> { ("__Checks", ChecksClass) };
        if (helper is not null)
        {
            _w = new CodeWriter { BaseColumn = 4, Width = SourceFile.Width, AsWritten = InHelperClass };
            _w.Line("/// <summary>" + helper.Summary + "</summary>");
            _w.Line(GeneratedCode);
            _w.Open(HelperDeclaration(helper.Name, helper.Shared));
            _inKernels = true;
            _inChecks = helper.Shared;
            helper.Body();
            _inKernels = false;
            _inChecks = false;
            _w.Close();
            helperText = Lower(_w.ToString());
            if (!helper.Shared)
            {
                aliases.Add(("__" + helper.Name, HelperClassName(helper.Name, helper.Shared)));
            }
        }

        string hintName = concern.Length == 0
            ? _model.HintName
            : _model.HintName.Substring(0, _model.HintName.Length - ".g.cs".Length) + "." + concern + ".g.cs";
        return new GeneratedFile(hintName, SourceFile.Compose(_model, header, aliases, user, helperText, helper?.Imports));
    }

}
