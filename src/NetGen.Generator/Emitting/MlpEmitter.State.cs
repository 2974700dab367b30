using System;
using System.Collections.Generic;
using System.Linq;
using NetGen.Generator.Model;
using static NetGen.Generator.Emitting.Names;

namespace NetGen.Generator.Emitting;

/// <summary>
/// The maths file's constants and state: the sizes, the parameters, gradients and optimizer state, and the settings.
/// </summary>
internal sealed partial class MlpEmitter
{
    private void WriteConstantsAndState()
    {
        _w.Lines($$"""
            /// <summary>The number of inputs x_i: {{N(_shape.Inputs)}}.</summary>
            {{GeneratedCode}}
            public const int {{InputCount}} = {{N(_shape.Inputs)}};

            """);
        foreach (int layer in _shape.HiddenLayers)
        {
            string units = _shape.IsShallow
                ? $$"""hidden units z_j = {{F}}(a_j)"""
                : $$"""units of hidden layer {{N(layer)}}, {{Sym(layer)}}_j = {{F}}(a_j)""";
            _w.Lines($$"""
                /// <summary>The number of {{units}}: {{N(_shape.Size(layer))}}.</summary>
                {{GeneratedCode}}
                public const int {{Count(layer)}} = {{N(_shape.Size(layer))}};

                """);
        }

        string hidden = _shape.IsShallow ? "the hidden layer" : "each hidden layer";
        string parameters = _shape.IsShallow
            ? $$"""
                The number of trainable parameters, {{N(_shape.ParameterCount)}}: HiddenCount·InputCount weights W1, HiddenCount biases b1,
                OutputCount·HiddenCount weights W2 and OutputCount biases b2.
                """
            : $$"""
                The number of trainable parameters, {{N(_shape.ParameterCount)}}: for each layer l = 1 to {{N(L)}}, the weights W_l (its units × the
                units before it) and the biases b_l (one per unit).
                """;
        string parametersField = _model.CompiledWeights.Count == 0
            ? StateField(ParametersField)
            : _model.AlignedState
            ? $$"""private readonly {{StateFieldType}} {{State(ParametersField)}} = __{{KernelsClass}}.{{AlignedBlock}}({{CompiledWeights}});   // every instance starts with the compiled-in weights"""
            : $$"""private readonly {{StateFieldType}} {{State(ParametersField)}} = {{CompiledWeights}}.ToArray();   // every instance starts with the compiled-in weights""";
        string where = _model.AlignedState
            ? "\n// Each array of the state is a window that starts on a 64-byte line (a cache line, one Vector512): see Kernels.AlignedBlock."
            : string.Empty;
        _w.Lines($$"""
            /// <summary>The number of outputs y_k ({{HeadAndLoss}}): {{N(_shape.Outputs)}}.</summary>
            {{GeneratedCode}}
            public const int {{OutputCount}} = {{N(_shape.Outputs)}};

            /// <summary>The units of every layer, inputs first, then {{hidden}}, then the outputs: {{_shape.SizeList}}.</summary>
            /// <remarks>Static data in the assembly: reading it allocates nothing.</remarks>
            {{GeneratedCode}}
            public static global::System.ReadOnlySpan<int> {{LayerSizes}} => new int[] { {{string.Join(", ", Enumerable.Range(0, L + 1).Select(Count))}} };

            /// <summary>
            {{DocLines(parameters)}}
            /// </summary>
            {{GeneratedCode}}
            public const int {{ParameterCount}} = {{N(_shape.ParameterCount)}};

            // The state: the parameters, the gradients summed since the last Step, and B, the samples they sum.{{where}}
            {{parametersField}}
            {{StateField(GradientsField)}}
            private int {{State(PendingSamplesField)}};   // B: the Backward calls since the last Step
            """);
        WriteOptimizerState();
        string layout = _shape.IsShallow
            ? $$"""
                Every trainable parameter θ, in one contiguous block of ParameterCount values: W1 input-major
                (w_ji at i·HiddenCount + j: each input's weights to the hidden units together), then b1 (at {{N(_shape.BiasOffset(1))}}),
                then W2 row-major (w_kj at {{N(_shape.WeightOffset(2))}} + k·HiddenCount + j), then b2 (at {{N(_shape.BiasOffset(2))}}).
                """
            : $$"""
                Every trainable parameter θ, in one contiguous block of ParameterCount values, layer by layer: W1 input-major
                (w_ji at i·{{Count(1)}} + j: each input's weights to the layer's units together), every later W_l row-major
                (w_ji at W_l's start + j·(units of layer l − 1) + i), each W_l followed by b_l.
                {{string.Join(", ", _shape.Layers.Select(l => $$"""W{{N(l)}} at {{N(_shape.WeightOffset(l))}}, b{{N(l)}} at {{N(_shape.BiasOffset(l))}}"""))}}.
                """;
        _w.Lines($$"""

            /// <summary>
            {{DocLines(layout)}}
            /// Writes go straight into the network. All zero until <see cref="InitializeParameters"/> or a write.
            /// </summary>
            {{GeneratedCode}}
            public {{_span}} {{Parameters}} => {{State(ParametersField)}};

            /// <summary>
            /// The sum over the samples given to <see cref="Backward"/> since the last <see cref="Step"/> of ∂ℓ/∂θ, where ℓ
            /// is one sample's loss (without the L2 penalty, which Step adds), in the layout of <see cref="Parameters"/>.
            /// </summary>
            {{GeneratedCode}}
            public {{_span}} {{Gradients}} => {{State(GradientsField)}};

            """);
    }

    /// <summary>
    /// The type of a state field in the user's type: a window of a pinned array (<see cref="NetworkModel.AlignedState"/>),
    /// which converts to the kernels' spans as it is passed, or a plain array.
    /// </summary>
    private string StateFieldType => _model.AlignedState ? $$"""global::System.ArraySegment<{{_t}}>""" : _t + "[]";

    /// <summary>The declaration of a state field of ParameterCount zeros.</summary>
    private string StateField(string field) => _model.AlignedState
        ? $$"""private readonly {{StateFieldType}} {{State(field)}} = __{{KernelsClass}}.{{AlignedBlock}}();"""
        : $$"""private readonly {{StateFieldType}} {{State(field)}} = new {{_t}}[{{ParameterCount}}];""";

    /// <summary>
    /// Kernels.AlignedBlock, which makes each state field's window (<see cref="NetworkModel.AlignedState"/>), and with
    /// compiled-in weights its overload that copies them in.
    /// </summary>
    private void WriteAlignedBlock()
    {
        if (!_model.AlignedState)
        {
            return;
        }

        _w.Lines($$"""
            /// <summary>
            /// ParameterCount zeros in a window that starts on a 64-byte line (a cache line, one Vector512): one array of the
            /// network's state. The array is allocated on the pinned object heap, which never moves it, with 64 bytes to spare;
            /// the window skips the bytes before its first line, found once from the array's address. A plain array's
            /// elements start 16 bytes past an 8-byte-aligned object, so at whatever multiple of 8 bytes from a line the
            /// allocator gives; off a line, every Vector512 load of them spans two lines.
            /// </summary>
            internal static global::System.ArraySegment<{{_t}}> {{AlignedBlock}}()
            {
                {{_t}}[] array = global::System.GC.AllocateArray<{{_t}}>({{ParameterCount}} + (64 / sizeof({{_t}})), pinned: true);
                nint address = global::System.Runtime.InteropServices.Marshal.UnsafeAddrOfPinnedArrayElement(array, 0);
                int start = (int)(-address & 63) / sizeof({{_t}});
                return new global::System.ArraySegment<{{_t}}>(array, start, {{ParameterCount}});
            }

            """);
        if (_model.CompiledWeights.Count != 0)
        {
            _w.Lines($$"""
                /// <summary>An <see cref="{{AlignedBlock}}()"/> window holding <paramref name="values"/>: the compiled-in weights.</summary>
                internal static global::System.ArraySegment<{{_t}}> {{AlignedBlock}}({{_readOnlySpan}} values)
                {
                    global::System.ArraySegment<{{_t}}> block = {{AlignedBlock}}();
                    values.CopyTo(block);
                    return block;
                }

                """);
        }
    }

    /// <summary>Each line of <paramref name="text"/> as a line of an XML doc comment.</summary>
    private static string DocLines(string text) => string.Join("\n", text.Split('\n').Select(line => "/// " + line));

    /// <summary>The Kernels class's own copies of the sizes (it cannot name the user's type), and where each block of the parameters starts.</summary>
    private void WriteKernelConstants()
    {
        _w.Line("// The sizes, as the network's public constants, and where each block of the parameters starts.");
        for (int layer = 0; layer <= L; layer++)
        {
            _w.Lines($$"""private const int {{Count(layer)}} = {{N(_shape.Size(layer))}};""");
        }

        _w.Lines($$"""private const int {{ParameterCount}} = {{N(_shape.ParameterCount)}};""");
        foreach (int layer in _shape.Layers)
        {
            _w.Lines($$"""
                private const int {{WeightOffset(layer)}} = {{N(_shape.WeightOffset(layer))}};   // {{WeightIndex(layer)}}, {{(NetworkShape.IsInputMajor(layer) ? $$"""{{Count(layer - 1)}} × {{Count(layer)}}""" : $$"""{{Count(layer)}} × {{Count(layer - 1)}}""")}}
                private const int {{BiasOffset(layer)}} = {{N(_shape.BiasOffset(layer))}};   // b_{{UnitIndex(layer)}}
                """);
        }

        if (_shape.IsUnrolled)
        {
            _w.Lines("""

                // Each layer kernel first cuts its span arguments to their constant lengths (x = x.Slice(0, InputCount)):
                // the JIT then proves every constant index in range and drops the bounds checks.
                """);
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
        if (_shape.Optimizer == OptimizerKind.Momentum)
        {
            _w.Lines($$"""
                {{StateField(VelocityField)}}   // v, per parameter
                private {{_t}} {{State(MomentumField)}} = {{Lit("0.9")}};

                """);
            WriteSetting(Momentum, State(MomentumField), "μ, the share of the last update kept in the next: v ← μ v + g, θ ← θ − η v. 0.9 unless set", "value >= 0 && value < 1", "a number in [0, 1)");
        }
        else if (_shape.Optimizer == OptimizerKind.Adam)
        {
            _w.Lines($$"""
                {{StateField(FirstMomentField)}}    // m, per parameter
                {{StateField(SecondMomentField)}}   // v, per parameter
                private long {{State(AdamStepsField)}};   // t, the steps taken, for the bias corrections
                private {{_t}} {{State(Beta1Field)}} = {{Lit("0.9")}}, {{State(Beta2Field)}} = {{Lit("0.999")}}, {{State(EpsilonField)}} = {{Lit("1e-8")}};

                """);
            WriteSetting(Beta1, State(Beta1Field), "β1, the decay of Adam's first moment m ← β1 m + (1 − β1) g. 0.9 unless set", "value >= 0 && value < 1", "a number in [0, 1)");
            WriteSetting(Beta2, State(Beta2Field), "β2, the decay of Adam's second moment v ← β2 v + (1 − β2) g². 0.999 unless set", "value >= 0 && value < 1", "a number in [0, 1)");
            WriteSetting(Epsilon, State(EpsilonField), "ε in θ ← θ − η m̂ / (√v̂ + ε), which keeps the step finite. 1e-8 unless set", "value > 0 && " + _t + ".IsFinite(value)", "a finite number greater than 0");
        }
    }

    private void WriteSetting(string name, string field, string summary, string condition, string range) => _w.Lines($$"""
        /// <summary>{{summary}}.</summary>
        /// <exception cref="global::System.ArgumentOutOfRangeException">The value is not {{range}}; the setting is unchanged.</exception>
        {{GeneratedCode}}
        public {{_t}} {{name}}
        {
            get => {{field}};
            set
            {
                if (!({{condition}}))
                {
                    throw new global::System.ArgumentOutOfRangeException(nameof({{name}}), value, "{{name}} must be {{range}}.");
                }

                {{field}} = value;
            }
        }

        """);

    /// <summary>Clears Momentum's velocity or Adam's moments and step count: what InitializeParameters and Load reset.</summary>
    private void WriteClearOptimizerState()
    {
        if (_shape.Optimizer == OptimizerKind.Momentum)
        {
            _w.Lines(Clear(ClearableState(VelocityField), "0", ParameterCount));
        }
        else if (_shape.Optimizer == OptimizerKind.Adam)
        {
            _w.Lines($$"""
                {{Clear(ClearableState(FirstMomentField), "0", ParameterCount)}}
                {{Clear(ClearableState(SecondMomentField), "0", ParameterCount)}}
                {{State(AdamStepsField)}} = 0;
                """);
        }
    }
}
