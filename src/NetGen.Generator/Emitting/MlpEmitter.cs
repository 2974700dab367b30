using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using NetGen.Generator.Model;
using static NetGen.Generator.Emitting.Names;

namespace NetGen.Generator.Emitting;

/// <summary>
/// Writes one network's source from its <see cref="NetworkModel"/>: constants, storage, the public
/// API and the helpers here; the layers either unrolled (MlpEmitter.Unrolled.cs) or as SIMD kernels
/// (MlpEmitter.Simd.cs), each under the equation it implements. The output depends on nothing but the model.
/// </summary>
internal sealed partial class MlpEmitter
{
    private const string GeneratedCode = "[global::System.CodeDom.Compiler.GeneratedCode(\"" + GeneratorName + "\", \"" + GeneratorVersion + "\")]";
    private const string AggressiveInlining =
        "[global::System.Runtime.CompilerServices.MethodImpl(global::System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]";
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

    /// <summary>y = g(a) in place over <paramref name="output"/>; nothing for linear outputs.</summary>
    private void WriteOutputActivation(string output)
    {
        if (OutputActivationMethod(_shape.Head) is { } method)
        {
            _w.Line(method + "(" + output + ");");
        }
    }

    /// <summary>g in y_k = g(a)_k, for the comments.</summary>
    private string G => _shape.Head switch
    {
        OutputHead.Softmax => "softmax_k",
        OutputHead.Linear => string.Empty,
        _ => "σ",
    };

    /// <summary>The output head and its loss, for the comments.</summary>
    private string HeadAndLoss => _shape.Head switch
    {
        OutputHead.Softmax => "softmax + categorical cross-entropy",
        OutputHead.Linear => "linear + half squared error",
        _ => "sigmoid + binary cross-entropy",
    };

    /// <summary>L, the number of weight layers; layer L is the output layer.</summary>
    private int L => _shape.LayerCount;

    /// <summary>The constant holding layer <paramref name="layer"/>'s units (0: InputCount).</summary>
    private string Count(int layer) => SizeName(_shape, layer);

    /// <summary>The local holding hidden layer <paramref name="layer"/>'s units z: z1, z2, ….</summary>
    private static string Z(int layer) => "z" + N(layer);

    /// <summary>The local holding layer <paramref name="layer"/>'s deltas δ: d1, d2, ….</summary>
    private static string D(int layer) => "d" + N(layer);

    /// <summary>The output layer's sums a_k, before the output function.</summary>
    private string AOut => "a" + N(L);

    /// <summary>What feeds layer <paramref name="layer"/>: <paramref name="input"/> for the first, the hidden units before for the rest.</summary>
    private static string In(int layer, string input) => layer == 1 ? input : Z(layer - 1);

    /// <summary>The symbol of layer <paramref name="layer"/>'s values in the comments: x, then z (z1, z2, … when deeper), then y.</summary>
    private string Sym(int layer) => layer == 0 ? "x" : layer == L ? "y" : _shape.IsShallow ? "z" : "z" + N(layer);

    /// <summary>The index of layer <paramref name="layer"/>'s units in the comments: k for the outputs, j for hidden units.</summary>
    private string UnitIndex(int layer) => layer == L ? "k" : "j";

    /// <summary>The index of layer <paramref name="layer"/>'s inputs in the comments: j for the outputs, i for hidden units.</summary>
    private string InputIndex(int layer) => layer == L ? "j" : "i";

    /// <summary>a_j = Σ_i w_ji x_i + b_j for layer <paramref name="layer"/>, with its own letters.</summary>
    private string LayerEquation(int layer)
    {
        string u = UnitIndex(layer), v = InputIndex(layer);
        return "a_" + u + " = Σ_" + v + " w_" + u + v + " " + Sym(layer - 1) + "_" + v + " + b_" + u;
    }

    /// <summary>Where w_ji of layer <paramref name="layer"/> sits: W1[j·InputCount + i].</summary>
    private string WeightIndex(int layer)
    {
        string u = UnitIndex(layer), v = InputIndex(layer);
        return "w_" + u + v + " = W" + N(layer) + "[" + u + "·" + Count(layer - 1) + " + " + v + "]";
    }

    /// <summary>"Hidden layer", "Hidden layer 2", "Output layer".</summary>
    private string LayerTitle(int layer) => layer == L ? "Output layer" : _shape.IsShallow ? "Hidden layer" : "Hidden layer " + N(layer);

    /// <summary>"Hidden units", "Hidden layer 2's units", "Output units".</summary>
    private string UnitsTitle(int layer) => layer == L ? "Output units" : _shape.IsShallow ? "Hidden units" : "Hidden layer " + N(layer) + "'s units";

    /// <summary>The start of an unrolled block's summary, before "units 0–3": "Hidden", "Hidden layer 2,", "Output".</summary>
    private string BlockTitle(int layer) => layer == L ? "Output" : _shape.IsShallow ? "Hidden" : "Hidden layer " + N(layer) + ",";

    /// <summary>The method applying the hidden activation to layer <paramref name="layer"/>.</summary>
    private string Activate(int layer) => HiddenActivationMethod(_shape, layer);

    private string Name(Phase phase) => PhaseName(phase, _shape);

    /// <summary>f in z_j = f(a_j), as the equations in the comments write it.</summary>
    private string F => _shape.Activation switch
    {
        HiddenActivation.Tanh => "tanh",
        HiddenActivation.Relu => "relu",
        _ => "σ",
    };

    /// <summary>f'(a) written through z = f(a), for the comments.</summary>
    private string DerivativeEquation => _shape.Activation switch
    {
        HiddenActivation.Tanh => "tanh'(a) = 1 − z²",
        HiddenActivation.Relu => "relu'(a) = 1 if a > 0, else 0, i.e. [z > 0]",
        _ => "σ'(a) = z(1 − z)",
    };

    /// <summary>δ_j's equation for hidden layer <paramref name="layer"/>, for the comments.</summary>
    private string HiddenDeltaEquation(int layer)
    {
        string z = Sym(layer) + "_j";
        string equation = _shape.Activation switch
        {
            HiddenActivation.Tanh => "δ_j = (1 − " + z + "²) Σ_k w_kj δ_k",
            HiddenActivation.Relu => "δ_j = [" + z + " > 0] Σ_k w_kj δ_k",
            _ => "δ_j = " + z + "(1 − " + z + ") Σ_k w_kj δ_k",
        };
        return _shape.IsShallow ? equation : equation + ",  k over layer " + N(layer + 1) + "'s units, w_kj = W" + N(layer + 1) + "[k·" + Count(layer) + " + j]";
    }

    /// <summary>y_k = g(a)_k for the output layer, for the comments.</summary>
    private string OutputEquation => _shape.Head switch
    {
        OutputHead.Softmax => "y_k = softmax(a)_k",
        OutputHead.Linear => "y_k = a_k",
        _ => "y_k = σ(a_k)",
    };

    /// <summary>The range of the outputs, for the docs.</summary>
    private string OutputRange => _shape.Head switch
    {
        OutputHead.Softmax => ", each in [0, 1], summing to 1",
        OutputHead.Linear => string.Empty,
        _ => ", each in [0, 1]",
    };

    /// <summary>f'(a_j) as a scalar expression of <paramref name="z"/> = f(a_j).</summary>
    private string Derivative(string z) => _shape.Activation switch
    {
        HiddenActivation.Tanh => "(" + Lit("1") + " - " + z + " * " + z + ")",
        HiddenActivation.Relu => "(" + z + " > " + Lit("0") + " ? " + Lit("1") + " : " + Lit("0") + ")",
        _ => z + " * (" + Lit("1") + " - " + z + ")",
    };

    /// <summary>A literal of the numeric type: "1" becomes 1f or 1.0, "0.5" 0.5f or 0.5, "1e-8" 1e-8f or 1e-8.</summary>
    private string Lit(string value) => _model.Precision == NumericPrecision.Single
        ? value + "f"
        : value.IndexOfAny(new[] { '.', 'e', 'E' }) >= 0 ? value : value + ".0";

    private static string N(int value) => value.ToStringInvariant();

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
        (StateOf(phase.Kind).Parameters ? _t + "[] parameters, " : string.Empty) + (StateOf(phase.Kind).Gradients ? _t + "[] gradients, " : string.Empty);

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
        _kernels = new CodeWriter().Indent();
        files.Add(WriteFile(
            string.Empty,
            "the network's maths: its sizes and state, Forward, Backward, Step and the batch methods, then the layers' kernels.",
            "Layers: " + (_shape.IsUnrolled ? "unrolled, straight-line code." : "SIMD loops over Vector512/256/128 with constant trip counts."),
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
                    _w.Raw(_kernels.ToString());
                    WriteLayerBlocks();
                    WriteActivationHelpers();
                })));
        files.Add(WriteFile(
            ChecksConcern,
            "the checks every public method makes of its arguments, and the checks that keep NaN and ±∞ out of the parameters.",
            null,
            null,
            new HelperClass(ChecksClass, "The argument and bad-number checks of " + _model.TypeName + "'s public methods, and its random numbers.", WriteChecks, Shared: true)));
        files.Add(WriteFile(WeightFileConcern, "the weight file: Save and Load, in bytes and as text.", null, WriteWeightFile, WeightFileHelpers()));
        files.Add(WriteFile(TrainerConcern, "the trainer: Fit and its options and reports.", null, WriteTrainer, TrainerHelpers()));
        return files.ToImmutable();
    }

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
    private sealed record HelperClass(string Name, string Summary, Action Body, bool Shared = false);

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
            _w = new CodeWriter();
            userPart();
            user = _w.ToString();
        }

        string? helperText = null;
        var aliases = new List<(string, string)> { ("__Checks", ChecksClass) };
        if (helper is not null)
        {
            _w = new CodeWriter();
            _w.Line("/// <summary>" + helper.Summary + "</summary>");
            _w.Line(GeneratedCode);
            _w.Open((helper.Shared ? "internal" : "file") + " static class " + helper.Name);
            _inKernels = true;
            _inChecks = helper.Shared;
            helper.Body();
            _inKernels = false;
            _inChecks = false;
            _w.Close();
            helperText = _w.ToString();
            if (!helper.Shared)
            {
                aliases.Add(("__" + helper.Name, helper.Name));
            }
        }

        string hintName = concern.Length == 0
            ? _model.HintName
            : _model.HintName.Substring(0, _model.HintName.Length - ".g.cs".Length) + "." + concern + ".g.cs";
        return new GeneratedFile(hintName, SourceFile.Compose(_model, header, aliases, user, helperText));
    }

    private void WriteConstantsAndState()
    {
        _w.Line("/// <summary>The number of inputs x_i: " + N(_shape.Inputs) + ".</summary>");
        Generated();
        _w.Line("public const int " + InputCount + " = " + N(_shape.Inputs) + ";");
        _w.Line();
        foreach (int layer in _shape.HiddenLayers)
        {
            _w.Line(_shape.IsShallow
                ? "/// <summary>The number of hidden units z_j = " + F + "(a_j): " + N(_shape.Size(layer)) + ".</summary>"
                : "/// <summary>The number of units of hidden layer " + N(layer) + ", " + Sym(layer) + "_j = " + F + "(a_j): " + N(_shape.Size(layer)) + ".</summary>");
            Generated();
            _w.Line("public const int " + Count(layer) + " = " + N(_shape.Size(layer)) + ";");
            _w.Line();
        }

        _w.Line("/// <summary>The number of outputs y_k (" + HeadAndLoss + "): " + N(_shape.Outputs) + ".</summary>");
        Generated();
        _w.Line("public const int " + OutputCount + " = " + N(_shape.Outputs) + ";");
        _w.Line();
        _w.Line("/// <summary>The units of every layer, inputs first, then " + (_shape.IsShallow ? "the hidden layer" : "each hidden layer") + ", then the outputs: " + _shape.SizeList + ".</summary>");
        _w.Line("/// <remarks>Static data in the assembly: reading it allocates nothing.</remarks>");
        Generated();
        _w.Line("public static global::System.ReadOnlySpan<int> " + LayerSizes + " => new int[] { " + string.Join(", ", Enumerable.Range(0, L + 1).Select(Count)) + " };");
        _w.Line();
        _w.Line("/// <summary>");
        if (_shape.IsShallow)
        {
            _w.Line("/// The number of trainable parameters, " + N(_shape.ParameterCount) + ": HiddenCount·InputCount weights W1, HiddenCount biases b1,");
            _w.Line("/// OutputCount·HiddenCount weights W2 and OutputCount biases b2.");
        }
        else
        {
            _w.Line("/// The number of trainable parameters, " + N(_shape.ParameterCount) + ": for each layer l = 1 to " + N(L) + ", the weights W_l (its units × the");
            _w.Line("/// units before it) and the biases b_l (one per unit).");
        }

        _w.Line("/// </summary>");
        Generated();
        _w.Line("public const int " + ParameterCount + " = " + N(_shape.ParameterCount) + ";");
        _w.Line();
        _w.Line();
        Generated();
        _w.Line(_model.CompiledWeights.Count == 0
            ? "private readonly " + _t + "[] " + State(ParametersField) + " = new " + _t + "[" + ParameterCount + "];"
            : "private readonly " + _t + "[] " + State(ParametersField) + " = " + CompiledWeights + ".ToArray();   // every instance starts with the compiled-in weights");
        Generated();
        _w.Line("private readonly " + _t + "[] " + State(GradientsField) + " = new " + _t + "[" + ParameterCount + "];");
        Generated();
        _w.Line("private int " + State(PendingSamplesField) + ";   // B: the Backward calls since the last Step");
        WriteOptimizerState();
        _w.Line();
        _w.Line("/// <summary>");
        if (_shape.IsShallow)
        {
            _w.Line("/// Every trainable parameter θ, in one contiguous block of ParameterCount values: W1 row-major");
            _w.Line("/// (w_ji at j·InputCount + i), then b1 (at " + N(_shape.BiasOffset(1)) + "), then W2 row-major (w_kj at "
                + N(_shape.WeightOffset(2)) + " + k·HiddenCount + j), then b2 (at " + N(_shape.BiasOffset(2)) + ").");
        }
        else
        {
            _w.Line("/// Every trainable parameter θ, in one contiguous block of ParameterCount values, layer by layer: W_l row-major");
            _w.Line("/// (w_ji at W_l's start + j·(units of layer l − 1) + i), then b_l. "
                + string.Join(", ", _shape.Layers.Select(l => "W" + N(l) + " at " + N(_shape.WeightOffset(l)) + ", b" + N(l) + " at " + N(_shape.BiasOffset(l)))) + ".");
        }

        _w.Line("/// Writes go straight into the network. All zero until <see cref=\"InitializeParameters\"/> or a write.");
        _w.Line("/// </summary>");
        Generated();
        _w.Line("public " + _span + " " + Parameters + " => " + State(ParametersField) + ";");
        _w.Line();
        _w.Line("/// <summary>");
        _w.Line("/// The sum over the samples given to <see cref=\"Backward\"/> since the last <see cref=\"Step\"/> of ∂ℓ/∂θ, where ℓ");
        _w.Line("/// is one sample's loss (without the L2 penalty, which Step adds), in the layout of <see cref=\"Parameters\"/>.");
        _w.Line("/// </summary>");
        Generated();
        _w.Line("public " + _span + " " + Gradients + " => " + State(GradientsField) + ";");
        _w.Line();
    }

    /// <summary>The Kernels class's own copies of the sizes (it cannot name the user's type), and where each block of the parameters starts.</summary>
    private void WriteKernelConstants()
    {
        _w.Line("// The sizes, as the network's public constants, and where each block of the parameters starts.");
        for (int layer = 0; layer <= L; layer++)
        {
            _w.Line("private const int " + Count(layer) + " = " + N(_shape.Size(layer)) + ";");
        }

        _w.Line("private const int " + ParameterCount + " = " + N(_shape.ParameterCount) + ";");
        foreach (int layer in _shape.Layers)
        {
            _w.Line("private const int " + WeightOffset(layer) + " = " + N(_shape.WeightOffset(layer)) + ";   // " + WeightIndex(layer) + ", " + Count(layer) + " × " + Count(layer - 1));
            _w.Line("private const int " + BiasOffset(layer) + " = " + N(_shape.BiasOffset(layer)) + ";   // b_" + UnitIndex(layer));
        }

        _w.Line();
    }

    /// <summary>The literal of one saved parameter, from its bits: exact, NaN and infinities included.</summary>
    private string WeightLiteral(long bits)
    {
        bool single = _model.Precision == NumericPrecision.Single;
        double value = single ? BitConverter.ToSingle(BitConverter.GetBytes((int)bits), 0) : BitConverter.Int64BitsToDouble(bits);
        if (double.IsNaN(value))
        {
            return _t + ".NaN";
        }

        if (double.IsInfinity(value))
        {
            return value > 0 ? _t + ".PositiveInfinity" : _t + ".NegativeInfinity";
        }

        return single
            ? ((float)value).ToString("R", System.Globalization.CultureInfo.InvariantCulture) + "f"
            : value.ToString("R", System.Globalization.CultureInfo.InvariantCulture) + "d";
    }

    /// <summary>The optimizer's state arrays and settings, allocated once with the network.</summary>
    private void WriteOptimizerState()
    {
        if (_shape.Optimizer == OptimizerKind.Sgd)
        {
            return;
        }

        if (_shape.Optimizer == OptimizerKind.Momentum)
        {
            Generated();
            _w.Line("private readonly " + _t + "[] " + State(VelocityField) + " = new " + _t + "[" + ParameterCount + "];   // v, per parameter");
            Generated();
            _w.Line("private " + _t + " " + State(MomentumField) + " = " + Lit("0.9") + ";");
            _w.Line();
            WriteSetting(Momentum, State(MomentumField), "μ, the share of the last update kept in the next: v ← μ v + g, θ ← θ − η v. 0.9 unless set", "value >= 0 && value < 1", "a number in [0, 1)");
        }
        else
        {
            Generated();
            _w.Line("private readonly " + _t + "[] " + State(FirstMomentField) + " = new " + _t + "[" + ParameterCount + "];    // m, per parameter");
            Generated();
            _w.Line("private readonly " + _t + "[] " + State(SecondMomentField) + " = new " + _t + "[" + ParameterCount + "];   // v, per parameter");
            Generated();
            _w.Line("private long " + State(AdamStepsField) + ";   // t, the steps taken, for the bias corrections");
            Generated();
            _w.Line("private " + _t + " " + State(Beta1Field) + " = " + Lit("0.9") + ", " + State(Beta2Field) + " = " + Lit("0.999") + ", " + State(EpsilonField) + " = " + Lit("1e-8") + ";");
            _w.Line();
            WriteSetting(Beta1, State(Beta1Field), "β1, the decay of Adam's first moment m ← β1 m + (1 − β1) g. 0.9 unless set", "value >= 0 && value < 1", "a number in [0, 1)");
            WriteSetting(Beta2, State(Beta2Field), "β2, the decay of Adam's second moment v ← β2 v + (1 − β2) g². 0.999 unless set", "value >= 0 && value < 1", "a number in [0, 1)");
            WriteSetting(Epsilon, State(EpsilonField), "ε in θ ← θ − η m̂ / (√v̂ + ε), which keeps the step finite. 1e-8 unless set", "value > 0 && " + _t + ".IsFinite(value)", "a finite number greater than 0");
        }
    }

    private void WriteSetting(string name, string field, string summary, string condition, string range)
    {
        _w.Line("/// <summary>" + summary + ".</summary>");
        _w.Line("/// <exception cref=\"global::System.ArgumentOutOfRangeException\">The value is not " + range + "; the setting is unchanged.</exception>");
        Generated();
        _w.Open("public " + _t + " " + name);
        _w.Line("get => " + field + ";");
        _w.Open("set");
        _w.Open("if (!(" + condition + "))");
        _w.Line("throw new global::System.ArgumentOutOfRangeException(nameof(" + name + "), value, \"" + name + " must be " + range + ".\");");
        _w.Close();
        _w.Line();
        _w.Line(field + " = value;");
        _w.Close();
        _w.Close();
        _w.Line();
    }

    /// <summary>
    /// Momentum or Adam over every parameter, block by block: weights with the L2 term, biases without. A first pass
    /// computes every new value without writing; if any parameter or optimizer state would be NaN or ±∞ it returns false
    /// and nothing changes. The second pass repeats the same arithmetic and writes.
    /// </summary>
    private void WriteUpdateParameters()
    {
        if (_shape.Optimizer == OptimizerKind.Sgd)
        {
            return;
        }

        bool adam = _shape.Optimizer == OptimizerKind.Adam;
        _w.Line("/// <summary>");
        _w.Line(adam
            ? "/// Adam on every parameter θ with g = G·(1/B) (+ (λ/N) θ for weights): m ← β1 m + (1 − β1) g, v ← β2 v + (1 − β2) g², θ ← θ − η m̂ / (√v̂ + ε)."
            : "/// Momentum on every parameter θ with g = G·(1/B) (+ (λ/N) θ for weights): v ← μ v + g, θ ← θ − η v.");
        _w.Line("/// Returns false, having written nothing, when a new parameter or optimizer state would be NaN or ±∞.");
        _w.Line("/// </summary>");
        Generated();
        _w.Open("private static bool " + UpdateParameters + "(" + _t + "[] parameters, " + _t + "[] gradients, " + OptimizerParameters() + _t + " eta, " + _t + " invB, " + _t + " decay)");
        _w.Line(_t + "[] p = " + State(ParametersField) + ", g = " + State(GradientsField) + ";");
        if (adam)
        {
            _w.Line(_t + "[] m = " + State(FirstMomentField) + ", v = " + State(SecondMomentField) + ";");
            _w.Line("long t = " + State(AdamStepsField) + " + 1;");
            _w.Line(_t + " correction1 = (" + _t + ")(1.0 - global::System.Math.Pow(beta1, t));   // 1 − β1^t");
            _w.Line(_t + " correction2 = (" + _t + ")(1.0 - global::System.Math.Pow(beta2, t));   // 1 − β2^t");
        }
        else
        {
            _w.Line(_t + " mu = " + State(MomentumField) + ";");
        }

        _w.Line();
        var blocks = _shape.Layers.SelectMany(l => new[]
        {
            (WeightOffset(l), BiasOffset(l), true, "W" + N(l)), (BiasOffset(l), l == L ? ParameterCount : WeightOffset(l + 1), false, "b" + N(l)),
        }).ToList();
        foreach (bool write in new[] { false, true })
        {
            _w.Line(write
                ? "// Every new value is finite: the same arithmetic again, written this time."
                : "// First without writing: would any new value be NaN or ±∞?");
            foreach ((string first, string end, bool weights, string what) in blocks)
            {
                _w.Line("// " + what + (weights ? ", with the penalty's gradient" : ", no penalty"));
                _w.Open("for (int n = " + first + "; n < " + end + "; n++)");
                _w.Line(_t + " gn = g[n] * invB" + (weights ? " + decay * p[n]" : string.Empty) + ";");
                if (adam)
                {
                    _w.Line(_t + " mn = beta1 * m[n] + (" + Lit("1") + " - beta1) * gn;");
                    _w.Line(_t + " vn = beta2 * v[n] + (" + Lit("1") + " - beta2) * gn * gn;");
                    _w.Line(_t + " pn = p[n] - eta * (mn / correction1) / (" + _math + ".Sqrt(vn / correction2) + epsilon);");
                    _w.Line(write ? "m[n] = mn;" : "if (!" + _t + ".IsFinite(mn) || !" + _t + ".IsFinite(vn) || !" + _t + ".IsFinite(pn)) return false;");
                    if (write)
                    {
                        _w.Line("v[n] = vn;");
                        _w.Line("p[n] = pn;");
                    }
                }
                else
                {
                    _w.Line(_t + " vn = mu * velocity[n] + gn;");
                    _w.Line(_t + " pn = p[n] - eta * vn;");
                    _w.Line(write ? "velocity[n] = vn;" : "if (!" + _t + ".IsFinite(vn) || !" + _t + ".IsFinite(pn)) return false;");
                    if (write)
                    {
                        _w.Line("p[n] = pn;");
                    }
                }

                _w.Close();
                _w.Line();
            }
        }

        if (adam)
        {
            _w.Line(State(AdamStepsField) + " = t;");
        }

        _w.Line("return true;");
        _w.Close();
        _w.Line();
    }

    /// <summary>Momentum's or Adam's state as a kernel's parameters, each followed by ", ".</summary>
    private string OptimizerParameters() => _shape.Optimizer switch
    {
        OptimizerKind.Momentum => _t + "[] velocity, " + _t + " momentum, ",
        OptimizerKind.Adam => _t + "[] firstMoment, " + _t + "[] secondMoment, ref long adamSteps, " + _t + " beta1, " + _t + " beta2, " + _t + " epsilon, ",
        _ => string.Empty,
    };

    /// <summary>Momentum's or Adam's state as the arguments of a call, each followed by ", ".</summary>
    private string OptimizerArguments() => _shape.Optimizer switch
    {
        OptimizerKind.Momentum => State(VelocityField) + ", " + State(MomentumField) + ", ",
        OptimizerKind.Adam => State(FirstMomentField) + ", " + State(SecondMomentField) + ", ref " + State(AdamStepsField) + ", "
            + State(Beta1Field) + ", " + State(Beta2Field) + ", " + State(EpsilonField) + ", ",
        _ => string.Empty,
    };

    private void WriteLengthCheck(string parameter, string count) =>
        _w.Line("if (" + parameter + ".Length != " + count + ") throw " + Check(LengthMismatch) + "(nameof(" + parameter + "), "
            + parameter + ".Length, " + count + ", nameof(" + count + "));");

    private void WriteForward()
    {
        _w.Line("/// <summary>Computes the outputs for one sample: " + ForwardEquation() + ".</summary>");
        _w.Line("/// <param name=\"input\">The InputCount inputs x_i.</param>");
        _w.Line("/// <param name=\"output\">Receives the OutputCount outputs y_k" + OutputRange + ".</param>");
        _w.Line("/// <exception cref=\"global::System.ArgumentException\">A span's length is not InputCount or OutputCount; nothing is written.</exception>");
        _w.Line("/// <remarks>");
        _w.Line("/// Allocates nothing. Forward only reads the parameters, so several threads may call it on one instance at once,");
        _w.Line("/// as long as none of them trains the network or writes <see cref=\"Parameters\"/> meanwhile.");
        _w.Line("/// </remarks>");
        Generated();
        _w.Open("public void " + Forward + "(" + _readOnlySpan + " input, " + _span + " output)");
        WriteLengthCheck("input", InputCount);
        WriteLengthCheck("output", OutputCount);
        _w.Line("__" + KernelsClass + "." + Forward + "(" + State(ParametersField) + ", input, output);");
        _w.Close();
        _w.Line();
        InKernels(() =>
        {
            _w.Line("/// <summary>Forward's work:  " + ForwardEquation() + ".</summary>");
            _w.Open("internal static void " + Forward + "(" + _t + "[] parameters, " + _readOnlySpan + " input, " + _span + " output)");
            WriteHiddenBuffers();
            _w.Line();
            WriteForwardLayers("input", "output");
            _w.Close();
            _w.Line();
        });
    }

    /// <summary>The network as one formula, for Forward's summary.</summary>
    private string ForwardEquation()
    {
        if (_shape.IsShallow)
        {
            return "y_k = " + G + "(Σ_j w_kj " + F + "(Σ_i w_ji x_i + b_j) + b_k)";
        }

        string inner = "W1 x + b1";
        for (int layer = 2; layer <= L; layer++)
        {
            inner = "W" + N(layer) + " " + F + "(" + inner + ") + b" + N(layer);
        }

        string g = _shape.Head switch { OutputHead.Softmax => "softmax", OutputHead.Linear => string.Empty, _ => "σ" };
        return "y = " + (g.Length == 0 ? inner : g + "(" + inner + ")");
    }

    /// <summary>One stack buffer per hidden layer for its units, z1, z2, ….</summary>
    private void WriteHiddenBuffers()
    {
        foreach (int layer in _shape.HiddenLayers)
        {
            _w.Line(_span + " " + Z(layer) + " = stackalloc " + _t + "[" + Count(layer) + "];");
        }
    }

    /// <summary>The forward pass from <paramref name="input"/> into <paramref name="output"/>, through the buffers z1, z2, ….</summary>
    private void WriteForwardLayers(string input, string output)
    {
        foreach (int layer in _shape.HiddenLayers)
        {
            _w.Line("// " + LayerTitle(layer) + ":  " + LayerEquation(layer) + ",  " + Sym(layer) + "_j = " + F + "(a_j)");
            WriteCalls(new Phase(PhaseKind.Layer, layer), In(layer, input) + ", " + Z(layer));
            _w.Line(Activate(layer) + "(" + Z(layer) + ");");
        }

        _w.Line("// Output layer:  " + LayerEquation(L) + ",  " + OutputEquation);
        WriteCalls(new Phase(PhaseKind.Layer, L), Z(L - 1) + ", " + output);
        WriteOutputActivation(output);
    }

    private void WriteBackward()
    {
        _w.Line("/// <summary>");
        _w.Line("/// Backpropagates one sample: runs the forward pass, computes the output deltas δ_k = y_k − t_k and the hidden");
        _w.Line("/// deltas " + (_shape.IsShallow ? HiddenDeltaEquation(1) : HiddenDeltaEquation(1).Substring(0, HiddenDeltaEquation(1).IndexOf(',')) + " layer by layer down from the outputs (k over the layer above)")
            + ", and adds ∂ℓ/∂w = δ·(unit input) and ∂ℓ/∂b = δ into <see cref=\"Gradients\"/>.");
        _w.Line("/// </summary>");
        _w.Line("/// <param name=\"input\">The InputCount inputs x_i.</param>");
        _w.Line("/// <param name=\"target\">The OutputCount targets t_k" + OutputRange + ".</param>");
        _w.Line("/// <returns>");
        switch (_shape.Head)
        {
            case OutputHead.Softmax:
                _w.Line("/// The sample's categorical cross-entropy ℓ = −Σ_k t_k log y_k, computed from the logits as Σ_k t_k (logsumexp(a) − a_k)");
                _w.Line("/// so that it stays finite when an output saturates.");
                break;
            case OutputHead.Linear:
                _w.Line("/// The sample's half squared error ℓ = ½ Σ_k (y_k − t_k)².");
                break;
            default:
                _w.Line("/// The sample's binary cross-entropy ℓ = −Σ_k [t_k log y_k + (1 − t_k) log(1 − y_k)], computed from the logits as");
                _w.Line("/// Σ_k [softplus(a_k) − t_k a_k] so that it stays finite when an output saturates.");
                break;
        }
        _w.Line("/// </returns>");
        _w.Line("/// <exception cref=\"global::System.ArgumentException\">");
        _w.Line("/// A span's length is not InputCount or OutputCount, or an input or target is NaN or ±∞; nothing is written.");
        _w.Line("/// </exception>");
        _w.Line("/// <exception cref=\"global::System.NotFiniteNumberException\">");
        _w.Line("/// The loss or a gradient is NaN or ±∞ (the parameters hold NaN or ±∞, or training diverged); nothing is added to");
        _w.Line("/// <see cref=\"Gradients\"/>.");
        _w.Line("/// </exception>");
        _w.Line("/// <remarks>Allocates nothing. Not thread-safe: it writes the gradients.</remarks>");
        Generated();
        _w.Open("public " + _t + " " + Backward + "(" + _readOnlySpan + " input, " + _readOnlySpan + " target)");
        WriteLengthCheck("input", InputCount);
        WriteLengthCheck("target", OutputCount);
        WriteFiniteChecks("input", "target", "0", "0");
        _w.Line(_t + " loss = " + BackpropagateCall("input", "target", "nameof(" + Backward + ")") + ";");
        _w.Line(State(PendingSamplesField) + "++;");
        _w.Line("return loss;");
        _w.Close();
        _w.Line();
        InKernels(WriteBackpropagate);
    }

    /// <summary>A call of the Kernels class's Backpropagate, from the user's type or from inside the class.</summary>
    private string BackpropagateCall(string input, string target, string caller) =>
        (_inKernels ? string.Empty : "__" + KernelsClass + ".") + Backpropagate + "(" + State(ParametersField) + ", " + State(GradientsField) + ", "
            + input + ", " + target + ", " + caller + ")";

    private void WriteBackpropagate()
    {
        _w.Line("/// <summary>");
        _w.Line("/// Backward's work once its arguments are checked: the forward pass, the deltas, then, if the loss and every gradient");
        _w.Line("/// are finite, the gradients added in. <paramref name=\"caller\"/> names the public method in an exception.");
        _w.Line("/// </summary>");
        _w.Open("internal static " + _t + " " + Backpropagate + "(" + _t + "[] parameters, " + _t + "[] gradients, " + _readOnlySpan + " input, "
            + _readOnlySpan + " target, string caller)");
        WriteForwardPassAndDeltas("caller", Lit("0"));
        _w.Line();
        _w.Line(_shape.IsShallow
            ? "// Gradients:  ∂ℓ/∂w_kj = δ_k z_j,  ∂ℓ/∂b_k = δ_k,  ∂ℓ/∂w_ji = δ_j x_i,  ∂ℓ/∂b_j = δ_j   (summed until Step)"
            : "// Gradients, layer by layer:  ∂ℓ/∂w_ji = δ_j (unit input)_i,  ∂ℓ/∂b_j = δ_j   (summed until Step)");
        for (int layer = L; layer >= 1; layer--)
        {
            WriteCalls(new Phase(PhaseKind.AccumulateGradients, layer), In(layer, "input") + ", " + D(layer));
        }

        _w.Line("return loss;");
        _w.Close();
        _w.Line();
    }

    /// <summary>
    /// The checks a training method makes of its data before anything is written: every input and target finite. The
    /// per-sample counts are "0" for one sample, or the count of values per sample in a batch, for the message.
    /// </summary>
    private void WriteFiniteChecks(string inputs, string targets, string inputsPerSample, string targetsPerSample)
    {
        _w.Line(Check(RequireFinite) + "(" + inputs + ", nameof(" + inputs + "), " + inputsPerSample + ");");
        _w.Line(Check(RequireFinite) + "(" + targets + ", nameof(" + targets + "), " + targetsPerSample + ");");
    }

    /// <summary>
    /// The checks between the deltas and the first write: the loss, and for each layer the product max|δ|·max|unit input|,
    /// which is the largest |∂ℓ/∂w_ji| = |δ_j|·|(unit input)_i| and so finite exactly when every gradient of the layer is
    /// (rounding is monotonic, and <c>MaxAbs</c> is +∞ when a value is NaN or ±∞). <paramref name="unitInput"/> gives the
    /// expression feeding each layer, <paramref name="delta"/> its deltas.
    /// </summary>
    private void WriteStepChecks(string caller, string eta, Func<int, string> unitInput, Func<int, string> delta)
    {
        _w.Line("// No step on a non-finite loss or gradient. |∂ℓ/∂w_ji| = |δ_j|·|(unit input)_i| is largest at max|δ|·max|unit input|,");
        _w.Line("// so that product is finite exactly when every gradient of the layer is (MaxAbs is ∞ if a value is NaN or ±∞);");
        _w.Line("// and a step, when one follows, must not move any parameter by more than " + _t + ".MaxValue/4.");
        _w.Line(Check(CheckLoss) + "(" + caller + ", loss);");
        for (int layer = L; layer >= 1; layer--)
        {
            _w.Line(Check(CheckGradient) + "(" + caller + ", \"" + LayerTitle(layer).ToLowerInvariant() + "\", " + delta(layer) + ", " + unitInput(layer) + ", " + eta + ");");
        }
    }

    /// <summary>
    /// The start of Backward and TrainSample: scratch vectors on the stack, the forward pass, the loss and
    /// every delta (each layer's deltas read the weights above before any step changes them), then the checks
    /// that the loss and every gradient are finite, all before anything is written.
    /// </summary>
    private void WriteForwardPassAndDeltas(string caller, string eta)
    {
        WriteHiddenBuffers();
        _w.Line(_span + " " + AOut + " = stackalloc " + _t + "[" + OutputCount + "];");
        _w.Line(_span + " " + D(L) + " = stackalloc " + _t + "[" + OutputCount + "];");
        for (int layer = L - 1; layer >= 1; layer--)
        {
            _w.Line(_span + " " + D(layer) + " = stackalloc " + _t + "[" + Count(layer) + "];");
        }

        _w.Line();
        _w.Line("// Forward pass:  " + string.Join(",  ", _shape.HiddenLayers.Select(l =>
            Sym(l) + "_j = " + F + "(Σ_i w_ji " + Sym(l - 1) + "_i + b_j)").Append(LayerEquation(L))));
        foreach (int layer in _shape.HiddenLayers)
        {
            WriteCalls(new Phase(PhaseKind.Layer, layer), In(layer, "input") + ", " + Z(layer));
            _w.Line(Activate(layer) + "(" + Z(layer) + ");");
        }

        WriteCalls(new Phase(PhaseKind.Layer, L), Z(L - 1) + ", " + AOut);
        _w.Line();
        _w.Line("// Output layer, " + HeadAndLoss + ":  δ_k = y_k − t_k");
        _w.Line(_t + " loss = " + Lit("0") + ";");
        WriteCalls(new Phase(PhaseKind.OutputDeltas, L), AOut + ", target, " + D(L), "loss += ");
        for (int layer = L - 1; layer >= 1; layer--)
        {
            _w.Line();
            _w.Line("// " + LayerTitle(layer) + ":  δ_j = " + F + "'(a_j) Σ_k w_kj δ_k,   " + DerivativeEquation);
            WriteCalls(new Phase(PhaseKind.Deltas, layer), Z(layer) + ", " + D(layer + 1) + ", " + D(layer));
        }

        _w.Line();
        WriteStepChecks(caller, eta, layer => In(layer, "input"), D);
    }

    private void WriteStepDocs(string summary)
    {
        _w.Line("/// <summary>");
        foreach (string line in summary.Split('\n'))
        {
            _w.Line(line.Trim());
        }

        _w.Line("/// </summary>");
        _w.Line("/// <param name=\"learningRate\">η, a finite number greater than 0.</param>");
        _w.Line("/// <param name=\"l2\">λ, the L2 penalty's strength: a finite number, 0 or more (0: no penalty).</param>");
        _w.Line("/// <param name=\"trainingSetSize\">N, the number of samples in the training set (at least 1): the penalty is λ/(2N) Σ w².</param>");
    }

    private void WriteStep()
    {
        WriteStepDocs(
            "/// One " + (_shape.Optimizer == OptimizerKind.Sgd ? "SGD" : _shape.Optimizer.ToString()) + " step on L = (1/N) Σ_n ℓ_n + λ/(2N) Σ w² (ℓ: " + HeadAndLoss.Substring(HeadAndLoss.IndexOf('+') + 2) + "), from the B samples given to\n"
            + "    /// <see cref=\"Backward\"/> since the last step, " + (_shape.Optimizer == OptimizerKind.Sgd
                ? "by SGD: weights w ← w − η (G/B + (λ/N) w), biases b ← b − η G/B,\n"
                : "by " + _shape.Optimizer + " (see the class's optimizer properties) on g = G/B + (λ/N) w for weights and G/B for biases,\n")
            + "    /// where G is <see cref=\"Gradients\"/>; then clears the gradients.");
        _w.Line("/// <exception cref=\"global::System.ArgumentOutOfRangeException\">An argument is out of range; nothing is written.</exception>");
        _w.Line("/// <exception cref=\"global::System.InvalidOperationException\">No Backward call since the last step; nothing is written.</exception>");
        WriteStepNotTakenDocs("An element of <see cref=\"Gradients\"/> is NaN or ±∞");
        _w.Line("/// <remarks>Allocates nothing. Not thread-safe.</remarks>");
        Generated();
        _w.Open("public void " + Step + "(" + _t + " learningRate, " + _t + " l2, int trainingSetSize)");
        _w.Line(Check(ValidateStepArguments) + "(learningRate, l2, trainingSetSize);");
        _w.Open("if (" + State(PendingSamplesField) + " == 0)");
        _w.Line("throw new global::System.InvalidOperationException(");
        _w.Line("    \"Step has no gradients to apply: call Backward on at least one sample after constructing the network or after the last Step.\");");
        _w.Close();
        _w.Line();
        WriteTakeStepCall("nameof(" + Step + ")");
        _w.Close();
        _w.Line();
        InKernels(WriteTakeStep);
    }

    /// <summary>
    /// The step from the user's type: the Kernels class's TakeStep with the network's state, then, whether it stepped or
    /// threw, the gradients cleared.
    /// </summary>
    private void WriteTakeStepCall(string caller)
    {
        _w.Open("try");
        _w.Line("__" + KernelsClass + "." + TakeStep + "(" + State(ParametersField) + ", " + State(GradientsField) + ", " + State(PendingSamplesField) + ", "
            + OptimizerArguments() + "learningRate, l2, trainingSetSize, " + caller + ");");
        _w.Close();
        _w.Open("finally");
        _w.Line(ZeroGradients + "();");
        _w.Close();
        _w.Line();
    }

    private void WriteTakeStep()
    {
        _w.Line("/// <summary>");
        _w.Line("/// Step's work once its arguments are checked: if every element of the gradients is finite, the update; otherwise an");
        _w.Line("/// exception, the parameters untouched. The caller clears the gradients either way.");
        _w.Line("/// </summary>");
        _w.Open("internal static void " + TakeStep + "(" + _t + "[] parameters, " + _t + "[] gradients, int pendingSamples, " + OptimizerParameters()
            + _t + " learningRate, " + _t + " l2, int trainingSetSize, string caller)");
        _w.Line("// No step on a non-finite gradient: G is checked whole before any parameter changes.");
        _w.Line(_t + " largest = " + Check(MaxAbs) + "(" + State(GradientsField) + ");");
        _w.Open("if (!" + _t + ".IsFinite(largest))");
        _w.Line("throw " + Check(NotFinite) + "(caller, \"an element of Gradients (G, summed over \" + " + State(PendingSamplesField)
            + ".ToString(global::System.Globalization.CultureInfo.InvariantCulture) + \" samples) is NaN or ±∞\", largest);");
        _w.Close();
        _w.Line();
        _w.Line("// Nor on a step so large that an update could overflow: η·max|G| past " + _t + ".MaxValue/4 (η·|G|/B is at most that,");
        _w.Line("// in either order of the product).");
        _w.Line(_t + " largestStep = learningRate * largest;");
        _w.Open("if (largestStep > " + _t + ".MaxValue / 4)");
        _w.Line("throw " + Check(NotFinite) + "(caller, \"a step would move a parameter by up to \" + largestStep.ToString(global::System.Globalization.CultureInfo.InvariantCulture)");
        _w.Line("    + \" (η·max|G|), which could overflow\", largestStep);");
        _w.Close();
        _w.Line();
        _w.Line(_t + " eta = learningRate;");
        _w.Line(_t + " invB = " + Lit("1") + " / " + State(PendingSamplesField) + ";      // 1/B: the batch mean of the summed gradients");
        _w.Line(_t + " decay = l2 / trainingSetSize;   // λ/N: the penalty's gradient per unit weight");
        _w.Line();
        if (_shape.Optimizer == OptimizerKind.Sgd)
        {
            _w.Line("// w ← w − η (∂ℓ/∂w averaged over the batch + (λ/N) w),   b ← b − η ∂ℓ/∂b averaged over the batch");
            foreach (int layer in _shape.Layers)
            {
                WriteCalls(new Phase(PhaseKind.Update, layer), "eta, invB, decay");
            }
        }
        else
        {
            _w.Line("// g = ∂ℓ/∂θ averaged over the batch, + (λ/N) w for weights; then the " + _shape.Optimizer + " update");
            _w.Open("if (!" + UpdateParameters + "(parameters, gradients, " + OptimizerArguments() + "eta, invB, decay))");
            _w.Line("throw " + Check(NotFinite) + "(caller, \"the " + _shape.Optimizer + " update would make a parameter or the optimizer's state NaN or ±∞\", double.NaN);");
            _w.Close();
            _w.Line();
        }

        _w.Close();
        _w.Line();
    }

    /// <summary>The exception a training method throws when it meets a non-finite number it could not have been passed.</summary>
    private void WriteStepNotTakenDocs(string when)
    {
        _w.Line("/// <exception cref=\"global::System.NotFiniteNumberException\">");
        _w.Line("/// " + when + " (the parameters hold NaN or ±∞, or training diverged):");
        _w.Line("/// the step is not taken, the parameters are exactly as they were, and <see cref=\"Gradients\"/> is cleared.");
        _w.Line("/// </exception>");
    }

    /// <summary>
    /// TrainSample's path through Backward and Step: for Momentum and Adam, and for SGD when gradients are pending. A
    /// failed check drops the whole step, the gradients pending included.
    /// </summary>
    private void WriteBackwardThenStep()
    {
        _w.Line(_t + " sampleLoss;");
        _w.Open("try");
        _w.Line("sampleLoss = " + BackpropagateCall("input", "target", "nameof(" + TrainSample + ")") + ";");
        _w.Close();
        _w.Open("catch (global::System.NotFiniteNumberException)");
        _w.Line(ZeroGradients + "();");
        _w.Line("throw;");
        _w.Close();
        _w.Line();
        _w.Line(State(PendingSamplesField) + "++;");
        WriteTakeStepCall("nameof(" + TrainSample + ")");
        _w.Line("return sampleLoss;");
    }

    private void WriteTrainSample()
    {
        WriteStepDocs("/// Online SGD on one sample: the same step as <see cref=\"Backward\"/> then <see cref=\"Step\"/>.");
        _w.Line("/// <param name=\"input\">The InputCount inputs x_i.</param>");
        _w.Line("/// <param name=\"target\">The OutputCount targets t_k" + OutputRange + ".</param>");
        _w.Line("/// <returns>The sample's loss ℓ before the step (see <see cref=\"Backward\"/>).</returns>");
        _w.Line("/// <exception cref=\"global::System.ArgumentException\">");
        _w.Line("/// An argument is out of range, a span has the wrong length, or an input or target is NaN or ±∞; nothing is written.");
        _w.Line("/// </exception>");
        WriteStepNotTakenDocs("The loss or a gradient is NaN or ±∞");
        _w.Line("/// <remarks>");
        _w.Line("/// Allocates nothing. Not thread-safe. With no gradients pending it updates the parameters straight from the deltas,");
        _w.Line("/// without the gradient buffer; gradients accumulated by earlier Backward calls join this step (B counts them).");
        _w.Line("/// </remarks>");
        Generated();
        _w.Open("public " + _t + " " + TrainSample + "(" + _readOnlySpan + " input, " + _readOnlySpan + " target, " + _t
            + " learningRate, " + _t + " l2, int trainingSetSize)");
        WriteLengthCheck("input", InputCount);
        WriteLengthCheck("target", OutputCount);
        _w.Line(Check(ValidateStepArguments) + "(learningRate, l2, trainingSetSize);");
        WriteFiniteChecks("input", "target", "0", "0");
        if (_shape.Optimizer != OptimizerKind.Sgd)
        {
            _w.Line("// " + _shape.Optimizer + " keeps state per parameter: Backward, then Step.");
            WriteBackwardThenStep();
            _w.Close();
            _w.Line();
            return;
        }

        _w.Line("// Gradients from earlier Backward calls are pending: take the general path, so that they join this step.");
        _w.Open("if (" + State(PendingSamplesField) + " != 0)");
        WriteBackwardThenStep();
        _w.Close();
        _w.Line();
        _w.Line("return __" + KernelsClass + "." + TrainSample + "(" + State(ParametersField) + ", input, target, learningRate, l2, trainingSetSize);");
        _w.Close();
        _w.Line();
        InKernels(WriteTrainSampleKernel);
    }

    /// <summary>TrainSample's SGD path with no gradients pending: the deltas straight into the parameters.</summary>
    private void WriteTrainSampleKernel()
    {
        _w.Line("/// <summary>TrainSample's work with no gradients pending: the forward pass, the deltas, the checks, then the step with B = 1.</summary>");
        _w.Open("internal static " + _t + " " + TrainSample + "(" + _t + "[] parameters, " + _readOnlySpan + " input, " + _readOnlySpan + " target, "
            + _t + " learningRate, " + _t + " l2, int trainingSetSize)");
        WriteForwardPassAndDeltas("nameof(" + TrainSample + ")", "learningRate");
        _w.Line();
        _w.Line("// Step with B = 1, now that every delta is known:  w ← w − η (δ · unit input + (λ/N) w),  b ← b − η δ");
        _w.Line(_t + " decay = l2 / trainingSetSize;");
        for (int layer = L; layer >= 1; layer--)
        {
            WriteCalls(new Phase(PhaseKind.Train, layer), In(layer, "input") + ", " + D(layer) + ", learningRate, decay");
        }

        _w.Line("return loss;");
        _w.Close();
        _w.Line();
    }

    /// <summary>The buffer of a block of samples' units of hidden layer <paramref name="layer"/>: zs (zs1, zs2, … when deeper).</summary>
    private string Zs(int layer) => _shape.IsShallow ? "zs" : "zs" + N(layer);

    /// <summary>
    /// Every layer, <see cref="BatchBlocking.Samples"/> samples at once from <paramref name="inputs"/>: each layer's sums
    /// through its batch kernel, then each hidden layer's activation one sample at a time; the output sums go to
    /// <paramref name="outputs"/>, before the output function.
    /// </summary>
    private void WriteBatchLayers(string inputs, string outputs)
    {
        string group = N(BatchBlocking.Samples);
        foreach (int layer in _shape.HiddenLayers)
        {
            WriteCalls(new Phase(PhaseKind.LayerBatch, layer), (layer == 1 ? inputs : Zs(layer - 1)) + ", " + Zs(layer));
            _w.Open("for (int s = 0; s < " + group + "; s++)");
            _w.Line(Activate(layer) + "(" + Zs(layer) + ".Slice(s * " + Count(layer) + ", " + Count(layer) + "));");
            _w.Close();
            _w.Line();
        }

        WriteCalls(new Phase(PhaseKind.LayerBatch, L), Zs(L - 1) + ", " + outputs);
    }

    private void WriteForwardBatch()
    {
        _w.Line("/// <summary>");
        _w.Line("/// Computes the outputs of many samples, stored row-major: sample n's inputs at n·InputCount, its outputs at");
        _w.Line("/// n·OutputCount. The same numbers as <see cref=\"Forward\"/> on each sample.");
        _w.Line("/// </summary>");
        _w.Line("/// <param name=\"inputs\">A whole number of samples of InputCount inputs each (none is fine).</param>");
        _w.Line("/// <param name=\"outputs\">Receives OutputCount outputs per sample; must not overlap <paramref name=\"inputs\"/>.</param>");
        _w.Line("/// <exception cref=\"global::System.ArgumentException\">");
        _w.Line("/// <paramref name=\"inputs\"/> is not a whole number of samples, or <paramref name=\"outputs\"/> does not hold exactly");
        _w.Line("/// their outputs; nothing is written.");
        _w.Line("/// </exception>");
        _w.Line(BatchBlocking.Applies(_shape)
            ? "/// <remarks>Allocates nothing; thread-safe like Forward. Every layer takes " + N(BatchBlocking.Samples)
                + " samples at a time, each weight loaded once for all of them.</remarks>"
            : _shape.IsUnrolled
                ? "/// <remarks>Allocates nothing; thread-safe like Forward. The whole network stays in the L1 cache from one sample to the next.</remarks>"
                : "/// <remarks>Allocates nothing; thread-safe like Forward. One sample at a time: the hidden " + (_shape.IsShallow ? "layer is" : "layers are")
                    + " too wide to buffer several on the stack.</remarks>");
        Generated();
        _w.Open("public void " + ForwardBatch + "(" + _readOnlySpan + " inputs, " + _span + " outputs)");
        _w.Line("int samples = " + Check(SampleCount) + "(inputs, nameof(inputs), allowEmpty: true);");
        _w.Line("if (outputs.Length != (long)samples * OutputCount) throw " + Check(BatchLengthMismatch) + "(nameof(outputs), outputs.Length, samples);");
        _w.Line("__" + KernelsClass + "." + ForwardBatch + "(" + State(ParametersField) + ", inputs, outputs, samples);");
        _w.Close();
        _w.Line();
        InKernels(WriteForwardBatchKernel);
    }

    private void WriteForwardBatchKernel()
    {
        _w.Line("/// <summary>ForwardBatch's work once its arguments are checked: Forward on each of the samples.</summary>");
        _w.Open("internal static void " + ForwardBatch + "(" + _t + "[] parameters, " + _readOnlySpan + " inputs, " + _span + " outputs, int samples)");
        WriteHiddenBuffers();
        _w.Line("int n = 0;");
        if (BatchBlocking.Applies(_shape))
        {
            string group = N(BatchBlocking.Samples);
            foreach (int layer in _shape.HiddenLayers)
            {
                _w.Line(_span + " " + Zs(layer) + " = stackalloc " + _t + "[" + group + " * " + Count(layer) + "];");
            }

            _w.Line("// " + group + " samples at a time through every layer, each weight vector loaded once for all " + group + ".");
            _w.Open("for (; n <= samples - " + group + "; n += " + group + ")");
            WriteBatchLayers("inputs.Slice(n * InputCount, " + group + " * InputCount)", "outputs.Slice(n * OutputCount, " + group + " * OutputCount)");
            if (OutputActivationMethod(_shape.Head) is not null)
            {
                _w.Open("for (int s = 0; s < " + group + "; s++)");
                WriteOutputActivation("outputs.Slice((n + s) * OutputCount, OutputCount)");
                _w.Close();
            }

            _w.Close();
            _w.Line();
            _w.Line("// The last samples one at a time.");
        }

        _w.Open("for (; n < samples; n++)");
        _w.Line(_readOnlySpan + " input = inputs.Slice(n * InputCount, InputCount);");
        _w.Line(_span + " output = outputs.Slice(n * OutputCount, OutputCount);");
        WriteForwardLayers("input", "output");
        _w.Close();
        _w.Close();
        _w.Line();
    }

    private void WriteTrainBatch()
    {
        WriteStepDocs(
            "/// One SGD step on the mean over a batch of samples: the same numbers as <see cref=\"Backward\"/> on each sample,\n"
            + "    /// then <see cref=\"Step\"/>. Samples are stored row-major, as in <see cref=\"ForwardBatch\"/>.");
        _w.Line("/// <param name=\"inputs\">At least one sample of InputCount inputs each.</param>");
        _w.Line("/// <param name=\"targets\">OutputCount targets per sample" + OutputRange + ".</param>");
        _w.Line("/// <returns>The batch's mean loss (1/B) Σ_n ℓ_n before the step, without the penalty.</returns>");
        _w.Line("/// <exception cref=\"global::System.ArgumentException\">");
        _w.Line("/// An argument is out of range, a span has the wrong length, or an input or target is NaN or ±∞; nothing is written.");
        _w.Line("/// </exception>");
        WriteStepNotTakenDocs("The loss or a gradient of a sample, or a summed gradient, is NaN or ±∞");
        _w.Line(BatchBlocking.AppliesToTraining(_shape)
            ? "/// <remarks>Allocates nothing. Not thread-safe. Gradients accumulated by earlier Backward calls join this step. Takes "
                + N(BatchBlocking.Samples) + " samples at a time, each weight and gradient vector loaded once for all of them.</remarks>"
            : "/// <remarks>Allocates nothing. Not thread-safe. Gradients accumulated by earlier Backward calls join this step.</remarks>");
        Generated();
        _w.Open("public " + _t + " " + TrainBatch + "(" + _readOnlySpan + " inputs, " + _readOnlySpan + " targets, " + _t
            + " learningRate, " + _t + " l2, int trainingSetSize)");
        _w.Line("int samples = " + Check(SampleCount) + "(inputs, nameof(inputs), allowEmpty: false);");
        _w.Line("if (targets.Length != (long)samples * OutputCount) throw " + Check(BatchLengthMismatch) + "(nameof(targets), targets.Length, samples);");
        _w.Line(Check(ValidateStepArguments) + "(learningRate, l2, trainingSetSize);");
        WriteFiniteChecks("inputs", "targets", "InputCount", "OutputCount");
        _w.Line(_t + " loss;");
        _w.Open("try");
        _w.Line("loss = __" + KernelsClass + "." + TrainBatch + "(" + State(ParametersField) + ", " + State(GradientsField)
            + ", inputs, targets, samples, ref " + State(PendingSamplesField) + ");");
        _w.Close();
        _w.Open("catch (global::System.NotFiniteNumberException)");
        _w.Line("// A failed check drops the whole step: the gradients added so far go; no parameter has changed.");
        _w.Line(ZeroGradients + "();");
        _w.Line("throw;");
        _w.Close();
        _w.Line();
        WriteTakeStepCall("nameof(" + TrainBatch + ")");
        _w.Line("return loss / samples;");
        _w.Close();
        _w.Line();
        InKernels(WriteTrainBatchKernel);
    }

    private void WriteTrainBatchKernel()
    {
        _w.Line("/// <summary>TrainBatch's work once its arguments are checked: Backward on each sample; returns the summed loss.</summary>");
        _w.Open("internal static " + _t + " " + TrainBatch + "(" + _t + "[] parameters, " + _t + "[] gradients, " + _readOnlySpan + " inputs, "
            + _readOnlySpan + " targets, int samples, ref int pendingSamples)");
        _w.Line(_t + " loss = " + Lit("0") + ";");
        _w.Line("int n = 0;");
        bool blocked = BatchBlocking.AppliesToTraining(_shape);
        if (blocked)
        {
            string group = N(BatchBlocking.Samples);
            foreach (int layer in _shape.HiddenLayers)
            {
                _w.Line(_span + " " + Zs(layer) + " = stackalloc " + _t + "[" + group + " * " + Count(layer) + "];");
            }

            _w.Line(_span + " " + AOut + "s = stackalloc " + _t + "[" + group + " * " + OutputCount + "];");
            _w.Line(_span + " " + D(L) + "s = stackalloc " + _t + "[" + group + " * " + OutputCount + "];");
            for (int layer = L - 1; layer >= 1; layer--)
            {
                _w.Line(_span + " " + D(layer) + "s = stackalloc " + _t + "[" + group + " * " + Count(layer) + "];");
            }
        }

        if (blocked)
        {
            string group = N(BatchBlocking.Samples);
            int last = L - 1;
            string Slice(string buffer, int layer) => buffer + ".Slice(s * " + Count(layer) + ", " + Count(layer) + ")";
            _w.Line("// " + group + " samples at a time: every layer's sums with each weight vector loaded once for all " + group + ", then each");
            _w.Line("// sample's deltas, then the gradients with each vector of G loaded and stored once, the samples added in order.");
            _w.Open("for (; n <= samples - " + group + "; n += " + group + ")");
            _w.Line(_readOnlySpan + " x = inputs.Slice(n * InputCount, " + group + " * InputCount);");
            WriteBatchLayers("x", AOut + "s");
            _w.Open("for (int s = 0; s < " + group + "; s++)");
            _w.Line(_span + " " + Z(last) + " = " + Slice(Zs(last), last) + ";");
            _w.Line(_span + " " + AOut + " = " + AOut + "s.Slice(s * OutputCount, OutputCount);");
            _w.Line(_span + " " + D(L) + " = " + D(L) + "s.Slice(s * OutputCount, OutputCount);");
            WriteCalls(new Phase(PhaseKind.OutputDeltas, L), AOut + ", targets.Slice((n + s) * OutputCount, OutputCount), " + D(L), "loss += ");
            WriteCalls(new Phase(PhaseKind.Deltas, last), Z(last) + ", " + D(L) + ", " + Slice(D(last) + "s", last));
            for (int layer = last - 1; layer >= 1; layer--)
            {
                WriteCalls(new Phase(PhaseKind.Deltas, layer), Slice(Zs(layer), layer) + ", " + Slice(D(layer + 1) + "s", layer + 1) + ", " + Slice(D(layer) + "s", layer));
            }

            WriteStepChecks(
                "nameof(" + TrainBatch + ")",
                Lit("0"),
                layer => layer == 1 ? "x.Slice(s * InputCount, InputCount)" : layer - 1 == last ? Z(last) : Slice(Zs(layer - 1), layer - 1),
                layer => layer == L ? D(L) : Slice(D(layer) + "s", layer));
            _w.Close();
            _w.Line();
            for (int layer = L; layer >= 1; layer--)
            {
                WriteCalls(new Phase(PhaseKind.AccumulateGradientsBatch, layer), (layer == 1 ? "x" : Zs(layer - 1)) + ", " + D(layer) + "s");
            }

            _w.Line(State(PendingSamplesField) + " += " + group + ";");
            _w.Close();
            _w.Line();
            _w.Line("// The last samples one at a time.");
        }

        _w.Open("for (; n < samples; n++)");
        _w.Line("loss += " + BackpropagateCall("inputs.Slice(n * InputCount, InputCount)", "targets.Slice(n * OutputCount, OutputCount)", "nameof(" + TrainBatch + ")") + ";");
        _w.Line(State(PendingSamplesField) + "++;");
        _w.Close();
        _w.Line();
        _w.Line("return loss;");
        _w.Close();
        _w.Line();
    }

    /// <summary>One sample's loss from the forward pass alone, for Fit's validation: no deltas below the outputs, no gradients.</summary>
    private void WriteLoss()
    {
        _w.Line("/// <summary>");
        _w.Line("/// The sample's loss ℓ, the same number <see cref=\"Backward\"/> returns, from one forward pass: Fit's validation loss.");
        _w.Line("/// Writes nothing but its stack buffers; the caller has checked the spans' lengths.");
        _w.Line("/// </summary>");
        Generated();
        _w.Line("private " + _t + " " + LossMethod + "(" + _readOnlySpan + " input, " + _readOnlySpan + " target) => __" + KernelsClass + ".Loss("
            + State(ParametersField) + ", input, target);");
        _w.Line();
        InKernels(WriteLossKernel);
    }

    private void WriteLossKernel()
    {
        _w.Line("/// <summary>One sample's loss from the forward pass alone, as Backpropagate computes it: Fit's validation loss.</summary>");
        _w.Open("internal static " + _t + " Loss(" + _t + "[] parameters, " + _readOnlySpan + " input, " + _readOnlySpan + " target)");
        WriteHiddenBuffers();
        _w.Line(_span + " " + AOut + " = stackalloc " + _t + "[" + OutputCount + "];");
        _w.Line(_span + " " + D(L) + " = stackalloc " + _t + "[" + OutputCount + "];");
        _w.Line();
        _w.Line("// Forward pass to the output sums, then the loss as the output deltas compute it.");
        foreach (int layer in _shape.HiddenLayers)
        {
            WriteCalls(new Phase(PhaseKind.Layer, layer), In(layer, "input") + ", " + Z(layer));
            _w.Line(Activate(layer) + "(" + Z(layer) + ");");
        }

        WriteCalls(new Phase(PhaseKind.Layer, L), Z(L - 1) + ", " + AOut);
        _w.Line(_t + " loss = " + Lit("0") + ";");
        WriteCalls(new Phase(PhaseKind.OutputDeltas, L), AOut + ", target, " + D(L), "loss += ");
        _w.Line("return loss;");
        _w.Close();
        _w.Line();
    }

    private void WriteZeroGradients()
    {
        _w.Line("/// <summary>Clears <see cref=\"Gradients\"/> and forgets the samples accumulated since the last Step.</summary>");
        Generated();
        _w.Open("public void " + ZeroGradients + "()");
        _w.Line("global::System.Array.Clear(" + State(GradientsField) + ", 0, " + ParameterCount + ");");
        _w.Line(State(PendingSamplesField) + " = 0;");
        _w.Close();
        _w.Line();
    }

    private void WriteInitializeParameters()
    {
        _w.Line("/// <summary>");
        _w.Line("/// Glorot-uniform initialization: each weight drawn from U(−r, r) with r = √(6 / (fan_in + fan_out)), that is");
        _w.Line(_shape.IsShallow
            ? "/// r = √(6 / (InputCount + HiddenCount)) for W1 and r = √(6 / (HiddenCount + OutputCount)) for W2; biases 0."
            : "/// r = √(6 / (units of layer l − 1 + units of layer l)) for each W_l, drawn layer by layer; biases 0.");
        _w.Line("/// Also clears the gradients" + (_shape.Optimizer == OptimizerKind.Sgd ? "." : " and the optimizer's state."));
        _w.Line("/// </summary>");
        _w.Line("/// <param name=\"seed\">");
        _w.Line("/// Seeds a SplitMix64 generator written out below, so that one seed gives bit-identical parameters on every machine");
        _w.Line("/// and .NET version.");
        _w.Line("/// </param>");
        Generated();
        _w.Open("public void " + InitializeParameters + "(int seed)");
        _w.Line("__" + KernelsClass + "." + InitializeParameters + "(" + State(ParametersField) + ", seed);");
        _w.Line(ZeroGradients + "();");
        WriteClearOptimizerState();
        _w.Close();
        _w.Line();
        InKernels(WriteInitializeKernel);
    }

    private void WriteInitializeKernel()
    {
        _w.Line("/// <summary>InitializeParameters' work: Glorot-uniform weights from SplitMix64, zero biases.</summary>");
        _w.Open("internal static void " + InitializeParameters + "(" + _t + "[] parameters, int seed)");
        _w.Line("ulong state = unchecked((ulong)(long)seed);");
        foreach (int layer in _shape.Layers)
        {
            _w.Line("double r" + N(layer) + " = global::System.Math.Sqrt(6.0 / (" + Count(layer - 1) + " + " + Count(layer) + "));");
        }

        _w.Line(_t + "[] p = " + State(ParametersField) + ";");
        foreach (int layer in _shape.Layers)
        {
            _w.Open("for (int n = 0; n < " + Count(layer) + " * " + Count(layer - 1) + "; n++)");
            _w.Line("p[" + WeightOffset(layer) + " + n] = (" + _t + ")(r" + N(layer) + " * (2.0 * " + Check(NextUniform) + "(ref state) - 1.0));");
            _w.Close();
            _w.Line();
            _w.Line("global::System.Array.Clear(p, " + BiasOffset(layer) + ", " + Count(layer) + ");");
        }

        _w.Close();
        _w.Line();
    }

    /// <summary>Clears Momentum's velocity or Adam's moments and step count: what InitializeParameters and Load reset.</summary>
    private void WriteClearOptimizerState()
    {
        if (_shape.Optimizer == OptimizerKind.Momentum)
        {
            _w.Line("global::System.Array.Clear(" + State(VelocityField) + ", 0, " + ParameterCount + ");");
        }
        else if (_shape.Optimizer == OptimizerKind.Adam)
        {
            _w.Line("global::System.Array.Clear(" + State(FirstMomentField) + ", 0, " + ParameterCount + ");");
            _w.Line("global::System.Array.Clear(" + State(SecondMomentField) + ", 0, " + ParameterCount + ");");
            _w.Line(State(AdamStepsField) + " = 0;");
        }
    }

    /// <summary>Writes one call per block of <paramref name="phase"/>.</summary>
    private void WriteCalls(Phase phase, string arguments, string prefix = "")
    {
        string name = Name(phase);
        foreach (Block block in BlockPlan.For(phase, _shape))
        {
            _w.Line(prefix + Block(name, block) + "(" + StateArguments(phase) + arguments + ");");
        }
    }

    private void WriteLayerBlocks()
    {
        WriteUpdateParameters();
        if (_shape.IsUnrolled)
        {
            WriteUnrolledLayers();
        }
        else
        {
            WriteSimdLayers();
        }
    }

    /// <summary>Layers of fewer units take σ one unit at a time: the vector exp's longer latency costs more than it saves.</summary>
    private const int MinVectorSigmoids = 8;

    /// <summary>
    /// σ for one value, and in place for a layer's units. One value: Math(F).Exp, whose latency is short. A layer of at
    /// least <see cref="MinVectorSigmoids"/> units, on .NET 8 and later: a vector exp written out here (range reduction
    /// to e^r with |r| ≤ ln2/2, a Taylor polynomial by Estrin's scheme, 2^k put into the exponent bits), inlined, a whole
    /// vector of units at once, and Math(F).Exp for the units left over.
    /// </summary>
    private void WriteSigmoids()
    {
        // σ itself only where a layer uses it: a ReLU or tanh network with softmax or linear outputs never does.
        if (_shape.Activation == HiddenActivation.Sigmoid || _shape.Head == OutputHead.Sigmoid)
        {
            string one = Lit("1");
            bool single = _model.Precision == NumericPrecision.Single;
            _w.Line("/// <summary>σ(a) = 1 / (1 + e^(−a)): 0 or 1, never NaN, when a is far from 0.</summary>");
            Generated();
            _w.Line(AggressiveInlining);
            _w.Line("private static " + _t + " " + Sigmoid + "(" + _t + " a) => " + one + " / (" + one + " + " + _math + ".Exp(-a));");
            _w.Line();
            int widestSigmoids = Math.Max(
                _shape.Activation == HiddenActivation.Sigmoid ? _shape.HiddenLayers.Max(_shape.Size) : 0,
                _shape.Head == OutputHead.Sigmoid ? _shape.Outputs : 0);
            if (_model.VectorMath && widestSigmoids >= MinVectorSigmoids)
            {
                foreach (int bits in VectorBits)
                {
                    string v = VectorType(bits);
                    string vt = v + "<" + _t + ">";
                    _w.Line("/// <summary>σ(a) = 1 / (1 + e^(−a)) on every lane.</summary>");
                    Generated();
                    _w.Line(AggressiveInlining);
                    _w.Line("private static " + vt + " " + Sigmoid + "(" + vt + " a) => " + v + ".Create(" + one + ") / (" + v + ".Create(" + one + ") + " + Exp + "(-a));");
                    _w.Line();
                    _w.Line("/// <summary>");
                    _w.Line("/// e^x on every lane: x = k ln2 + r with k = round(x / ln2) and |r| ≤ ln2/2, e^r by its Taylor polynomial to r^"
                        + (single ? "7" : "12") + "/" + (single ? "7" : "12") + "! (under an ulp), then");
                    _w.Line("/// 2^k written into the exponent bits. x is clamped first so that 2^k stays a normal number, +∞ or 0 (then e^x is");
                    _w.Line("/// +∞ or 0, σ exactly 0 or 1); NaN stays NaN.");
                    _w.Line("/// </summary>");
                    Generated();
                    _w.Line(AggressiveInlining);
                    _w.Open("private static " + vt + " " + Exp + "(" + vt + " x)");
                    if (single)
                    {
                        _w.Line(vt + " c = " + v + ".Min(" + v + ".Max(x, " + v + ".Create(-87.33654f)), " + v + ".Create(88.72284f));");
                        _w.Line(vt + " magic = " + v + ".Create(12582912f);                            // 1.5·2^23: adding it rounds to an integer");
                        _w.Line(vt + " t = (c * " + v + ".Create(1.44269504f)) + magic;                     // x·log2(e) + magic");
                        _w.Line(vt + " k = t - magic;");
                        _w.Line(vt + " r = (c - (k * " + v + ".Create(0.693359375f))) - (k * " + v + ".Create(-2.12194440e-4f));   // x − k ln2, ln2 in two parts");
                        WritePolynomial(v, "r", new[] { "1f", "1f", "0.5f", "1f / 6f", "1f / 24f", "1f / 120f", "1f / 720f", "1f / 5040f" });
                        _w.Line(vt + " scale = " + v + ".AsSingle(" + v + ".ShiftLeft(" + v + ".AsInt32(t) - " + v + ".AsInt32(magic) + " + v + ".Create(127), 23));   // 2^k");
                    }
                    else
                    {
                        _w.Line(vt + " c = " + v + ".Min(" + v + ".Max(x, " + v + ".Create(-708.3964185322641)), " + v + ".Create(709.782712893384));");
                        _w.Line(vt + " magic = " + v + ".Create(6755399441055744.0);                   // 1.5·2^52: adding it rounds to an integer");
                        _w.Line(vt + " t = (c * " + v + ".Create(1.4426950408889634)) + magic;              // x·log2(e) + magic");
                        _w.Line(vt + " k = t - magic;");
                        _w.Line(vt + " r = (c - (k * " + v + ".Create(0.693145751953125))) - (k * " + v + ".Create(1.4286068203094173e-6));   // x − k ln2, ln2 in two parts");
                        WritePolynomial(
                            v,
                            "r",
                            new[] { "1.0", "1.0", "0.5", "1.0 / 6.0", "1.0 / 24.0", "1.0 / 120.0", "1.0 / 720.0", "1.0 / 5040.0", "1.0 / 40320.0", "1.0 / 362880.0", "1.0 / 3628800.0", "1.0 / 39916800.0", "1.0 / 479001600.0" });
                        _w.Line(vt + " scale = " + v + ".AsDouble(" + v + ".ShiftLeft(" + v + ".AsInt64(t) - " + v + ".AsInt64(magic) + " + v + ".Create(1023L), 52));   // 2^k");
                    }

                    _w.Line("return " + v + ".ConditionalSelect(" + v + ".Equals(x, x), p * scale, x);");
                    _w.Close();
                    _w.Line();
                }
            }
        }

        foreach (int layer in _shape.HiddenLayers)
        {
            string units = _shape.IsShallow ? "the HiddenCount hidden units" : "the " + Count(layer) + " units of hidden layer " + N(layer);
            switch (_shape.Activation)
            {
                case HiddenActivation.Tanh:
                    WriteScalarActivation(Activate(layer), Count(layer), "z_j ← tanh(a_j) for " + units + ", in place", _math + ".Tanh(v[n])");
                    break;
                case HiddenActivation.Relu:
                    WriteReluOver(Activate(layer), "z_j ← max(0, a_j) for " + units + " (NaN stays NaN)", Count(layer), _shape.Size(layer));
                    break;
                default:
                    WriteSigmoidsOver(Activate(layer), "z_j ← σ(a_j) for " + units, Count(layer), _shape.Size(layer));
                    break;
            }
        }

        if (_shape.Head == OutputHead.Sigmoid)
        {
            WriteSigmoidsOver(OutputSigmoids, "y_k ← σ(a_k) for the OutputCount outputs", "OutputCount", _shape.Outputs);
        }
        else if (_shape.Head == OutputHead.Softmax)
        {
            WriteSoftmax();
        }
    }

    /// <summary>
    /// p = Σ_n c_n r^n into the local <c>p</c>, by Estrin's scheme: pairs c_2m + c_2m+1 r, then pairs of those with
    /// r², r⁴, …, so that the chain of dependent operations is about log2 of the degree long instead of the degree (the
    /// small networks' forward pass waits on two exps in a row).
    /// </summary>
    private void WritePolynomial(string vector, string r, IReadOnlyList<string> coefficients)
    {
        var terms = coefficients.Select(c => vector + ".Create(" + c + ")").ToList();
        string power = r;
        int level = 0;
        while (terms.Count > 1)
        {
            var next = new List<string>();
            for (int m = 0; m < terms.Count; m += 2)
            {
                string name = "q" + N(level) + N(m / 2);
                string value = m + 1 < terms.Count ? terms[m] + " + (" + terms[m + 1] + " * " + power + ")" : terms[m];
                if (terms.Count == 2)
                {
                    _w.Line(vector + "<" + _t + "> p = " + value + ";");
                    return;
                }

                _w.Line(vector + "<" + _t + "> " + name + " = " + value + ";");
                next.Add(name);
            }

            if (next.Count > 1)
            {
                string square = "r" + N(2 << level);
                _w.Line(vector + "<" + _t + "> " + square + " = " + power + " * " + power + ";");
                power = square;
            }

            terms = next;
            level++;
        }

        _w.Line(vector + "<" + _t + "> p = " + terms[0] + ";");
    }

    /// <summary>
    /// Softmax in place, y_k = e^(a_k − m) / Σ_j e^(a_j − m) with m = max_k a_k (so no exp overflows), and the
    /// output deltas and loss of softmax and linear outputs: the same operations, so Forward and Backward agree.
    /// </summary>
    private void WriteSoftmax()
    {
        _w.Line("/// <summary>y_k ← e^(a_k − m) / Σ_j e^(a_j − m) for the OutputCount outputs, in place, with m = max_k a_k so that no exp overflows.</summary>");
        Generated();
        _w.Open("private static void " + OutputSoftmax + "(" + _span + " v)");
        _w.Line("v = v.Slice(0, OutputCount);");
        _w.Line(_t + " m = v[0];");
        _w.Open("for (int k = 1; k < OutputCount; k++)");
        _w.Line("m = " + _math + ".Max(m, v[k]);");
        _w.Close();
        _w.Line();
        _w.Line(_t + " sum = " + Lit("0") + ";");
        _w.Open("for (int k = 0; k < OutputCount; k++)");
        _w.Line("v[k] = " + _math + ".Exp(v[k] - m);");
        _w.Line("sum += v[k];");
        _w.Close();
        _w.Line();
        _w.Open("for (int k = 0; k < OutputCount; k++)");
        _w.Line("v[k] /= sum;");
        _w.Close();
        _w.Close();
        _w.Line();
    }

    /// <summary>The output deltas of softmax or linear outputs: one method, a loop over the outputs.</summary>
    private void WriteOutputDeltasLoop()
    {
        var phase = new Phase(PhaseKind.OutputDeltas, L);
        string name = Block(Name(phase), BlockPlan.For(phase, _shape)[0]);
        string a = AOut, d = D(L);
        bool softmax = _shape.Head == OutputHead.Softmax;
        _w.Line(softmax
            ? "/// <summary>Outputs, softmax + categorical cross-entropy:  y = softmax(a),  δ_k = y_k − t_k,  ℓ = Σ_k t_k (log Σ_j e^(a_j − m) + m − a_k); returns ℓ</summary>"
            : "/// <summary>Outputs, linear + half squared error:  y_k = a_k,  δ_k = y_k − t_k,  ℓ = ½ Σ_k δ_k²; returns ℓ</summary>");
        Generated();
        _w.Open("private static " + _t + " " + name + "(" + _readOnlySpan + " " + a + ", " + _readOnlySpan + " t, " + _span + " " + d + ")");
        _w.Line(a + " = " + a + ".Slice(0, OutputCount);");
        _w.Line("t = t.Slice(0, OutputCount);");
        _w.Line(d + " = " + d + ".Slice(0, OutputCount);");
        _w.Line(_t + " loss = " + Lit("0") + ";");
        if (softmax)
        {
            _w.Line("// y_k by the same operations as " + OutputSoftmax + ", so Forward and Backward agree to the bit");
            _w.Line(_t + " m = " + a + "[0];");
            _w.Open("for (int k = 1; k < OutputCount; k++)");
            _w.Line("m = " + _math + ".Max(m, " + a + "[k]);");
            _w.Close();
            _w.Line();
            _w.Line(_t + " sum = " + Lit("0") + ";");
            _w.Open("for (int k = 0; k < OutputCount; k++)");
            _w.Line(d + "[k] = " + _math + ".Exp(" + a + "[k] - m);");
            _w.Line("sum += " + d + "[k];");
            _w.Close();
            _w.Line();
            _w.Line(_t + " logSumExp = m + " + _math + ".Log(sum);");
            _w.Open("for (int k = 0; k < OutputCount; k++)");
            _w.Line(d + "[k] /= sum;");
            _w.Line("loss += t[k] * (logSumExp - " + a + "[k]);");
            _w.Line(d + "[k] -= t[k];");
            _w.Close();
        }
        else
        {
            _w.Open("for (int k = 0; k < OutputCount; k++)");
            _w.Line(d + "[k] = " + a + "[k] - t[k];");
            _w.Line("loss += " + Lit("0.5") + " * " + d + "[k] * " + d + "[k];");
            _w.Close();
        }

        _w.Line();
        _w.Line("return loss;");
        _w.Close();
        _w.Line();
    }

    /// <summary>A hidden activation applied one unit at a time.</summary>
    private void WriteScalarActivation(string name, string countName, string summary, string expression)
    {
        _w.Line("/// <summary>" + summary + ".</summary>");
        Generated();
        _w.Line(AggressiveInlining);
        _w.Open("private static void " + name + "(" + _span + " v)");
        _w.Line("v = v.Slice(0, " + countName + ");");
        _w.Open("for (int n = 0; n < " + countName + "; n++)");
        _w.Line("v[n] = " + expression + ";");
        _w.Close();
        _w.Close();
        _w.Line();
    }

    /// <summary>σ in place over a span of a known length: only the loops that can run for that length are written.</summary>
    private void WriteSigmoidsOver(string name, string summary, string countName, int count) =>
        WriteActivationOver(
            name,
            summary,
            countName,
            count,
            _model.VectorMath && count >= MinVectorSigmoids,
            (vector, load) => new[] { vector + ".StoreUnsafe(" + Sigmoid + "(" + load + "), ref r, (nuint)n);" },
            x => Sigmoid + "(" + x + ")");

    /// <summary>
    /// ReLU in place, max(0, a) written as a &lt; 0 ? 0 : a both in vectors and one at a time, so that every unit
    /// gets the same value whichever loop computes it (NaN stays NaN, −0 stays −0; relu' = [z &gt; 0] is 0 for both).
    /// </summary>
    private void WriteReluOver(string name, string summary, string countName, int count) =>
        WriteActivationOver(
            name,
            summary,
            countName,
            count,
            _model.VectorMath && count >= Lanes(128),
            (vector, load) => new[]
            {
                vector + "<" + _t + "> a = " + load + ";",
                vector + ".StoreUnsafe(" + vector + ".ConditionalSelect(" + vector + ".LessThan(a, " + vector + "<" + _t + ">.Zero), " + vector + "<" + _t + ">.Zero, a), ref r, (nuint)n);",
            },
            x => x + " < " + Lit("0") + " ? " + Lit("0") + " : " + x);

    /// <summary>
    /// An activation in place over a span of a known length: with <paramref name="vectorize"/>, a whole vector at a time
    /// (each width the machine accelerates, widest first) while one fits; then one unit at a time. Only the loops that
    /// can run for that length are written.
    /// </summary>
    private void WriteActivationOver(
        string name, string summary, string countName, int count, bool vectorize, Func<string, string, IEnumerable<string>> vectorBody, Func<string, string> scalar)
    {
        _w.Line("/// <summary>" + summary + ", in place" + (vectorize ? ", a whole vector at a time while one fits, then one at a time" : ", one at a time") + ".</summary>");
        Generated();
        _w.Line(AggressiveInlining);
        _w.Open("private static void " + name + "(" + _span + " v)");
        _w.Line("v = v.Slice(0, " + countName + ");");
        _w.Line("int n = 0;");
        bool tail = true;
        if (vectorize)
        {
            _w.Line("ref " + _t + " r = ref " + SpanReference + "(v);");
            foreach (int bits in VectorBits.Where(b => count >= Lanes(b)))
            {
                string vector = VectorType(bits);
                int lanes = Lanes(bits);
                _w.Open("if (" + vector + ".IsHardwareAccelerated)");
                _w.Open("for (; n <= " + countName + " - " + N(lanes) + "; n += " + N(lanes) + ")");
                foreach (string line in vectorBody(vector, vector + ".LoadUnsafe(ref r, (nuint)n)"))
                {
                    _w.Line(line);
                }

                _w.Close();
                _w.Close();
                _w.Line();
            }

            tail = count % Lanes(128) != 0;
        }

        if (tail)
        {
            _w.Open("for (; n < " + countName + "; n++)");
            _w.Line("v[n] = " + scalar("v[n]") + ";");
            _w.Close();
        }
        else
        {
            _w.Line("// Every count of units is a whole number of 128-bit vectors: nothing is left for one lane at a time.");
        }

        _w.Close();
        _w.Line();
    }

    /// <summary>Lanes of the numeric type in a vector of <paramref name="bits"/> bits.</summary>
    private int Lanes(int bits) => bits / (_model.Precision == NumericPrecision.Single ? 32 : 64);

    /// <summary>The activations' helpers in the Kernels class: σ (and the vector exp), and the sigmoid outputs' delta.</summary>
    private void WriteActivationHelpers()
    {
        string one = Lit("1"), zero = Lit("0");
        WriteSigmoids();
        if (_shape.Head == OutputHead.Sigmoid)
        {
            _w.Line("/// <summary>");
            _w.Line("/// One sigmoid output with binary cross-entropy, from a single exp: u = e^(−|a|), so that y = σ(a) is 1/(1 + u) for");
            _w.Line("/// a ≥ 0 and u/(1 + u) below, and softplus(a) = log(1 + e^a) = max(a, 0) + log(1 + u), which never overflows (log(1 + u)");
            _w.Line("/// is computed as u·log(v)/(v − 1) with v = 1 + u, accurate when u is tiny). Adds ℓ = softplus(a) − t·a to");
            _w.Line("/// <paramref name=\"loss\"/> and returns δ = y − t.");
            _w.Line("/// </summary>");
            Generated();
            _w.Line(AggressiveInlining);
            _w.Open("private static " + _t + " " + OutputDelta + "(" + _t + " a, " + _t + " t, ref " + _t + " loss)");
            _w.Line(_t + " u = " + _math + ".Exp(-" + _math + ".Abs(a));");
            _w.Line(_t + " v = " + one + " + u;");
            _w.Line(_t + " y = a >= " + zero + " ? " + one + " / v : u / v;");
            _w.Line(_t + " log1p = v == " + one + " ? u : " + _math + ".Log(v) * u / (v - " + one + ");");
            _w.Line("loss += (" + _math + ".Max(a, " + zero + ") + log1p) - t * a;");
            _w.Line("return y - t;");
            _w.Close();
            _w.Line();
        }
    }

    /// <summary>The checks class: every argument check, the bad-number checks, and SplitMix64.</summary>
    private void WriteChecks()
    {
        string zero = Lit("0");
        _w.Line("// The sizes the messages name.");
        _w.Line("private const int " + InputCount + " = " + N(_shape.Inputs) + ";");
        _w.Line("private const int " + OutputCount + " = " + N(_shape.Outputs) + ";");
        _w.Line();
        _w.Line("/// <summary>SplitMix64 (Steele, Lea and Flood, 2014): the next number in [0, 1), from the top 53 bits.</summary>");
        Generated();
        _w.Open("internal static double " + NextUniform + "(ref ulong state)");
        _w.Line("ulong z = state += 0x9E3779B97F4A7C15UL;");
        _w.Line("z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;");
        _w.Line("z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;");
        _w.Line("z ^= z >> 31;");
        _w.Line("return (z >> 11) * (1.0 / 9007199254740992.0);");
        _w.Close();
        _w.Line();
        _w.Line("/// <summary>The exception for a span whose length is not the network's <paramref name=\"count\"/>.</summary>");
        Generated();
        _w.Line("internal static global::System.ArgumentException " + LengthMismatch + "(string parameter, int length, int expected, string count) =>");
        _w.Line("    new global::System.ArgumentException(");
        _w.Line("        parameter + \" has \" + length.ToString(global::System.Globalization.CultureInfo.InvariantCulture) + \" elements, but \"");
        _w.Line("            + \"" + _model.TypeName + ".\" + count + \" is \" + expected.ToString(global::System.Globalization.CultureInfo.InvariantCulture)");
        _w.Line("            + \": pass a span of exactly that length.\",");
        _w.Line("        parameter);");
        _w.Line();
        _w.Line("/// <summary>The exception for a batch's outputs or targets whose length is not samples × OutputCount.</summary>");
        Generated();
        _w.Line("internal static global::System.ArgumentException " + BatchLengthMismatch + "(string parameter, int length, int samples) =>");
        _w.Line("    new global::System.ArgumentException(");
        _w.Line("        parameter + \" has \" + length.ToString(global::System.Globalization.CultureInfo.InvariantCulture) + \" elements, but \"");
        _w.Line("            + samples.ToString(global::System.Globalization.CultureInfo.InvariantCulture) + \" samples × \" + \"" + _model.TypeName + ".OutputCount is \"");
        _w.Line("            + ((long)samples * OutputCount).ToString(global::System.Globalization.CultureInfo.InvariantCulture) + \": pass a span of exactly that length.\",");
        _w.Line("        parameter);");
        _w.Line();
        _w.Line("/// <summary>The number of samples in a row-major batch; throws unless it is a whole number (and, unless allowed, not 0).</summary>");
        Generated();
        _w.Open("internal static int " + SampleCount + "(" + _readOnlySpan + " inputs, string parameter, bool allowEmpty)");
        _w.Line("int samples = inputs.Length / InputCount;");
        _w.Open("if (inputs.Length != samples * InputCount || (samples == 0 && !allowEmpty))");
        _w.Line("throw new global::System.ArgumentException(");
        _w.Line("    parameter + \" has \" + inputs.Length.ToString(global::System.Globalization.CultureInfo.InvariantCulture)");
        _w.Line("        + \" elements: pass \" + (allowEmpty ? \"a whole number of\" : \"one or more\") + \" samples of \" + \"" + _model.TypeName + ".InputCount = \"");
        _w.Line("        + InputCount.ToString(global::System.Globalization.CultureInfo.InvariantCulture) + \" values each.\",");
        _w.Line("    parameter);");
        _w.Close();
        _w.Line();
        _w.Line("return samples;");
        _w.Close();
        _w.Line();
        _w.Line("/// <summary>Throws, before anything is written, when a hyperparameter of Step or TrainSample is out of range.</summary>");
        Generated();
        _w.Open("internal static void " + ValidateStepArguments + "(" + _t + " learningRate, " + _t + " l2, int trainingSetSize)");
        _w.Open("if (!(learningRate > " + zero + ") || " + _t + ".IsInfinity(learningRate))");
        _w.Line("throw new global::System.ArgumentOutOfRangeException(nameof(learningRate), learningRate,");
        _w.Line("    \"learningRate (η) must be a finite number greater than 0.\");");
        _w.Close();
        _w.Line();
        _w.Open("if (!(l2 >= " + zero + ") || " + _t + ".IsInfinity(l2))");
        _w.Line("throw new global::System.ArgumentOutOfRangeException(nameof(l2), l2,");
        _w.Line("    \"l2 (λ) must be a finite number, 0 or more: use 0 for no penalty.\");");
        _w.Close();
        _w.Line();
        _w.Open("if (trainingSetSize <= 0)");
        _w.Line("throw new global::System.ArgumentOutOfRangeException(nameof(trainingSetSize), trainingSetSize,");
        _w.Line("    \"trainingSetSize (N) is the number of samples in the training set, which scales the L2 penalty λ/(2N) Σ w²: it must be at least 1.\");");
        _w.Close();
        _w.Line();
        _w.Line("// Each step multiplies the weights by 1 − ηλ/N before the gradient's share: past 2 that factor is below −1 and the weights grow without bound.");
        _w.Open("if ((double)learningRate * l2 / trainingSetSize > 2)");
        _w.Line("throw new global::System.ArgumentOutOfRangeException(nameof(l2), l2,");
        _w.Line("    \"learningRate·l2/trainingSetSize (η·λ/N, the share of each weight the L2 penalty takes per step) is \"");
        _w.Line("        + ((double)learningRate * l2 / trainingSetSize).ToString(global::System.Globalization.CultureInfo.InvariantCulture)");
        _w.Line("        + \": it must be at most 2, or every step multiplies the weights by 1 − ηλ/N < −1 and they grow without bound. Lower l2 or the learning rate.\");");
        _w.Close();
        _w.Close();
        _w.Line();
        WriteFiniteHelpers();
    }

    /// <summary>MaxAbs and the checks and exceptions built on it, which keep NaN and ±∞ out of the parameters.</summary>
    private void WriteFiniteHelpers()
    {
        string zero = Lit("0");
        string invariant = "global::System.Globalization.CultureInfo.InvariantCulture";
        _w.Line("/// <summary>The largest |v_i|; +∞ when some v_i is NaN or ±∞; 0 for no values.</summary>");
        Generated();
        if (_shape.IsUnrolled)
        {
            _w.Line(AggressiveInlining);
        }

        _w.Open("internal static " + _t + " " + MaxAbs + "(" + _readOnlySpan + " v)");
        _w.Line(_t + " max = " + zero + ";");
        _w.Line("int i = 0;");
        if (!_shape.IsUnrolled)
        {
            string vector = "global::System.Numerics.Vector<" + _t + ">";
            _w.Open("if (global::System.Numerics.Vector.IsHardwareAccelerated && v.Length >= " + vector + ".Count)");
            _w.Line("// No branch in the loop: m keeps the largest |v|, and nan stays 0 unless some |v| is NaN or ∞ (then |v|·0 is NaN).");
            _w.Line(vector + " m = " + vector + ".Zero, nan = " + vector + ".Zero;");
            _w.Open("for (; i <= v.Length - " + vector + ".Count; i += " + vector + ".Count)");
            _w.Line(vector + " a = global::System.Numerics.Vector.Abs(new " + vector + "(v.Slice(i)));");
            _w.Line("m = global::System.Numerics.Vector.Max(m, a);");
            _w.Line("nan += a * " + vector + ".Zero;");
            _w.Close();
            _w.Line();
            _w.Open("if (!global::System.Numerics.Vector.EqualsAll(nan, " + vector + ".Zero))");
            _w.Line("return " + _t + ".PositiveInfinity;");
            _w.Close();
            _w.Line();
            _w.Open("for (int k = 0; k < " + vector + ".Count; k++)");
            _w.Line("if (m[k] > max) max = m[k];");
            _w.Close();
            _w.Close();
            _w.Line();
        }

        _w.Open("for (; i < v.Length; i++)");
        _w.Line(_t + " a = " + _math + ".Abs(v[i]);");
        _w.Line("if (!(a <= " + _t + ".MaxValue)) return " + _t + ".PositiveInfinity;   // NaN fails every comparison");
        _w.Line("if (a > max) max = a;");
        _w.Close();
        _w.Line();
        _w.Line("return max;");
        _w.Close();
        _w.Line();

        _w.Line("/// <summary>");
        _w.Line("/// Throws, before anything is written, when a value given for training is NaN or ±∞. <paramref name=\"perSample\"/>");
        _w.Line("/// is the count of values per sample in a batch, to name the sample too; 0 for one sample.");
        _w.Line("/// </summary>");
        Generated();
        _w.Line(AggressiveInlining);
        _w.Open("internal static void " + RequireFinite + "(" + _readOnlySpan + " values, string parameter, int perSample)");
        _w.Open("if (!" + _t + ".IsFinite(" + MaxAbs + "(values)))");
        _w.Line("throw " + NotFiniteArgument + "(values, parameter, perSample);");
        _w.Close();
        _w.Close();
        _w.Line();

        _w.Line("/// <summary>The exception for a NaN or ±∞ among values given for training, naming the first (and its sample, in a batch).</summary>");
        Generated();
        _w.Open("internal static global::System.ArgumentException " + NotFiniteArgument + "(" + _readOnlySpan + " values, string parameter, int perSample)");
        _w.Line("int i = 0;");
        _w.Line("while (" + _t + ".IsFinite(values[i])) i++;");
        _w.Line("return new global::System.ArgumentException(");
        _w.Line("    parameter + \"[\" + i.ToString(" + invariant + ") + \"]\"");
        _w.Line("        + (perSample == 0 ? \"\" : \" (sample \" + (i / perSample).ToString(" + invariant + ") + \", value \" + (i % perSample).ToString(" + invariant + ") + \")\")");
        _w.Line("        + \" is \" + values[i].ToString(" + invariant + ") + \": training needs finite inputs and targets. Nothing was written.\",");
        _w.Line("    parameter);");
        _w.Close();
        _w.Line();

        _w.Line("/// <summary>Throws when a sample's (or a batch's summed) loss is NaN or ±∞.</summary>");
        Generated();
        _w.Line(AggressiveInlining);
        _w.Open("internal static void " + CheckLoss + "(string caller, " + _t + " loss)");
        _w.Open("if (!" + _t + ".IsFinite(loss))");
        _w.Line("throw " + NotFinite + "(caller, \"the loss is \" + loss.ToString(" + invariant + "), loss);");
        _w.Close();
        _w.Close();
        _w.Line();

        _w.Line("/// <summary>");
        _w.Line("/// Throws unless every ∂ℓ/∂w_ji = δ_j·(unit input)_i and ∂ℓ/∂b_j = δ_j of a layer is finite (see the callers) and, for a step");
        _w.Line("/// of rate <paramref name=\"eta\"/> (0 for none), η times the largest stays within " + _t + ".MaxValue/4, so that no update can overflow.");
        _w.Line("/// </summary>");
        Generated();
        if (_shape.IsUnrolled)
        {
            _w.Line(AggressiveInlining);
        }

        _w.Open("internal static void " + CheckGradient + "(string caller, string layer, " + _readOnlySpan + " delta, " + _readOnlySpan + " unitInput, " + _t + " eta)");
        _w.Line("// max|δ|·max(max|unit input|, 1) bounds the weights' gradients δ_j·(unit input)_i and the biases' δ_j alike.");
        _w.Line(_t + " largest = " + MaxAbs + "(delta) * " + _math + ".Max(" + MaxAbs + "(unitInput), " + Lit("1") + ");");
        _w.Open("if (!" + _t + ".IsFinite(largest))");
        _w.Line("throw " + NotFinite + "(caller, \"a gradient of the \" + layer + \" is NaN or ±∞\", largest);");
        _w.Close();
        _w.Line();
        _w.Open("if (eta * largest > " + _t + ".MaxValue / 4)");
        _w.Line("throw " + NotFinite + "(caller, \"a step of the \" + layer + \" would move a parameter by up to \" + (eta * largest).ToString(" + invariant + ") + \" (η·max|∂ℓ/∂θ|), which could overflow\", eta * largest);");
        _w.Close();
        _w.Close();
        _w.Line();

        _w.Line("/// <summary>The exception for a non-finite loss or gradient: what was met, what was (not) written, and what to do.</summary>");
        Generated();
        _w.Line("internal static global::System.NotFiniteNumberException " + NotFinite + "(string caller, string what, double value) =>");
        _w.Line("    new global::System.NotFiniteNumberException(");
        _w.Line("        caller + \": \" + what + (caller == \"" + Backward + "\"");
        _w.Line("            ? \", so nothing was added to Gradients.\"");
        _w.Line("            : \", so the step was not taken: the parameters are exactly as they were, and Gradients is cleared.\")");
        _w.Line("            + \" Either the parameters hold NaN or ±∞ (InitializeParameters or Load replaces them) or training diverged\"");
        _w.Line("            + \" (lower the learning rate, or scale the inputs to a few units).\",");
        _w.Line("        value);");
    }
}
