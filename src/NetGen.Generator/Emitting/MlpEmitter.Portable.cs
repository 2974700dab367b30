using System;
using System.Collections.Generic;
using NetGen.Generator.Model;
using static NetGen.Generator.Emitting.Names;

namespace NetGen.Generator.Emitting;

/// <summary>
/// Portable layers: the looped network's phases where the compilation has no <c>System.Runtime.Intrinsics</c> or no
/// unchecked references (.NET Standard, .NET Framework, Unity, Mono; <see cref="TargetProfile.PortableKernels"/>).
/// Each phase is one method with the SIMD kernels' name and signature, so the public methods call it unchanged: plain
/// loops over the arrays with every size, offset and trip count a constant, computing the same equations. The batch
/// phases run the one-sample kernel on each sample in order, so a batch gives the same bits as one call per sample.
/// </summary>
internal sealed partial class MlpEmitter
{
    /// <summary>The phase's method: its summary, then the body <paramref name="body"/> writes, between braces.</summary>
    private void WritePortablePhase(Phase phase, string summary, string parameters, System.Action body)
    {
        _w.Lines(Summary(summary));
        Generated();
        _w.Open($$"""private static void {{PhaseMethod(phase)}}({{StateParameters(phase)}}{{parameters}})""");
        body();
        _w.Close();
        _w.Line();
    }

    private string PhaseMethod(Phase phase) => Block(Name(phase), BlockPlan.For(phase, _shape)[0]);

    private void WritePortableLayers()
    {
        foreach (int layer in _shape.Layers)
        {
            WritePortableLayer(layer);
        }

        if (BatchBlocks)
        {
            foreach (int layer in _shape.Layers)
            {
                string x = In(layer, "x"), a = $$"""a{{N(layer)}}""", inputs = Count(layer - 1), units = Count(layer);
                var phase = new Phase(PhaseKind.LayerBatch, layer);
                WritePortablePhase(
                    phase,
                    $$"""{{UnitsTitle(layer)}} of {{N(BatchBlocking.Samples)}} samples (ForwardBatch, TrainBatch): the one-sample kernel on each, sample s's inputs at s·{{inputs}} and sums at s·{{units}}""",
                    $$"""{{_readOnlySpan}} {{x}}, {{_span}} {{a}}""",
                    () => _w.Lines($$"""
                        for (int s = 0; s < {{N(BatchBlocking.Samples)}}; s++)
                        {
                            {{PhaseMethod(new Phase(PhaseKind.Layer, layer))}}({{State(ParametersField)}}, {{x}}.Slice(s * {{inputs}}, {{inputs}}), {{a}}.Slice(s * {{units}}, {{units}}));
                        }
                        """));
            }
        }

        WriteLoopedOutputDeltas();

        for (int layer = L - 1; layer >= 1; layer--)
        {
            WritePortableDeltas(layer);
        }

        for (int layer = L; layer >= 1; layer--)
        {
            WritePortableAccumulate(layer);
        }

        if (BatchBlocksTraining)
        {
            for (int layer = L; layer >= 1; layer--)
            {
                string x = In(layer, "x"), d = D(layer), inputs = Count(layer - 1), units = Count(layer);
                WritePortablePhase(
                    new Phase(PhaseKind.AccumulateGradientsBatch, layer),
                    $$"""{{UnitsTitle(layer)}}: the gradients of a chunk of samples, added in sample order by the one-sample kernel""",
                    $$"""{{_readOnlySpan}} {{x}}, {{_readOnlySpan}} {{d}}, int samples""",
                    () => _w.Lines($$"""
                        for (int s = 0; s < samples; s++)
                        {
                            {{PhaseMethod(new Phase(PhaseKind.AccumulateGradients, layer))}}({{State(GradientsField)}}, {{x}}.Slice(s * {{inputs}}, {{inputs}}), {{d}}.Slice(s * {{units}}, {{units}}));
                        }
                        """));
            }
        }

        if (_shape.Optimizer == OptimizerKind.Sgd)
        {
            foreach (int layer in _shape.Layers)
            {
                WritePortableUpdate(layer);
            }

            for (int layer = L; layer >= 1; layer--)
            {
                WritePortableTrain(layer);
            }
        }

        WriteScratchFields();
    }

    /// <summary>
    /// The output deltas of looped layers, SIMD or portable: softmax and linear outputs by <see cref="WriteOutputDeltasLoop"/>,
    /// sigmoid outputs one at a time through OutputDelta, after cutting the spans to OutputCount where spans are the
    /// runtime's own (<see cref="TargetProfile.ArrayKernels"/> false).
    /// </summary>
    private void WriteLoopedOutputDeltas()
    {
        if (_shape.Head != OutputHead.Sigmoid)
        {
            WriteOutputDeltasLoop();
            return;
        }

        string a = AOut, d = D(L);
        string cuts = Target.ArrayKernels ? string.Empty : $$"""

                {{a}} = {{a}}.Slice(0, OutputCount);
                t = t.Slice(0, OutputCount);
                {{d}} = {{d}}.Slice(0, OutputCount);
            """;
        _w.Lines("""
            /// <summary>Output units, sigmoid + binary cross-entropy:  δ_k = σ(a_k) − t_k,  ℓ_k = softplus(a_k) − t_k a_k; returns Σ_k ℓ_k</summary>
            """);
        Generated();
        _w.Lines($$"""
            private static {{_t}} {{PhaseMethod(new Phase(PhaseKind.OutputDeltas, L))}}({{_readOnlySpan}} {{a}}, {{_readOnlySpan}} t, {{_span}} {{d}})
            {{{cuts}}
                {{_t}} loss = {{Lit("0")}};
                for (int k = 0; k < OutputCount; k++)
                {
                    {{d}}[k] = {{OutputDelta}}({{a}}[k], t[k], ref loss);
                }

                return loss;
            }

            """);
    }

    /// <summary>
    /// Where a stored row of layer <paramref name="layer"/>'s weights starts: unit <paramref name="row"/>'s weights
    /// (output-major), or input <paramref name="row"/>'s weights to every unit (input-major, layer 1).
    /// </summary>
    private string RowStart(int layer, string row) => NetworkShape.IsInputMajor(layer)
        ? $$"""{{WeightOffset(layer)}} + ({{row}} * {{Count(layer)}})"""
        : $$"""{{WeightOffset(layer)}} + ({{row}} * {{Count(layer - 1)}})""";

    /// <summary>a = W·x + b for one layer and one sample.</summary>
    private void WritePortableLayer(int layer)
    {
        string x = In(layer, "x"), a = $$"""a{{N(layer)}}""", inputs = Count(layer - 1), units = Count(layer), p = State(ParametersField);
        string sumsType = layer == L ? _span : BufferType(readOnly: false);
        bool inputMajor = NetworkShape.IsInputMajor(layer);
        WritePortablePhase(
            new Phase(PhaseKind.Layer, layer),
            $$"""{{UnitsTitle(layer)}}:  {{LayerEquation(layer)}},  {{WeightIndex(layer)}}, """
                + (inputMajor
                    ? "x_i times row i of the input-major W, added into every a_j"
                    : $$"""each a_{{UnitIndex(layer)}} the dot product of row {{UnitIndex(layer)}} of W{{N(layer)}} with the layer's inputs"""),
            $$"""{{InputType(layer)}} {{x}}, {{sumsType}} {{a}}""",
            () =>
            {
                _w.Line($$"""{{_t}}[] p = {{p}};""");
                if (inputMajor)
                {
                    // Added into inputs × units times: where the sums are a span, into a scratch array copied out once.
                    string sums = IsArray(sumsType) ? a : "sums";
                    if (!IsArray(sumsType))
                    {
                        _w.Line(ScratchArray(sums, UnitsScratch(layer), units));
                    }

                    _w.Lines($$"""
                        for (int j = 0; j < {{units}}; j++)
                        {
                            {{sums}}[j] = p[{{BiasOffset(layer)}} + j];
                        }

                        for (int i = 0; i < {{inputs}}; i++)
                        {
                            {{_t}} xi = {{x}}[i];
                            int row = {{RowStart(layer, "i")}};
                            for (int j = 0; j < {{units}}; j++)
                            {
                                {{sums}}[j] += xi * p[row + j];
                            }
                        }
                        """);
                    if (!IsArray(sumsType))
                    {
                        _w.Lines($$"""

                            for (int j = 0; j < {{units}}; j++)
                            {
                                {{a}}[j] = sums[j];
                            }
                            """);
                    }
                }
                else
                {
                    string u = UnitIndex(layer), v = InputIndex(layer);
                    string xs = ReadInEveryRow("xs", x, InputType(layer), InputsScratch(layer), inputs);
                    _w.Lines($$"""
                        for (int {{u}} = 0; {{u}} < {{units}}; {{u}}++)
                        {
                            int row = {{RowStart(layer, u)}};
                            {{_t}} s = {{Lit("0")}};
                            for (int {{v}} = 0; {{v}} < {{inputs}}; {{v}}++)
                            {
                                s += p[row + {{v}}] * {{xs}}[{{v}}];
                            }

                            {{a}}[{{u}}] = p[{{BiasOffset(layer)}} + {{u}}] + s;
                        }
                        """);
                }
            });
    }

    /// <summary>δ_j = f'(a_j) Σ_k w_kj δ_k for hidden layer <paramref name="layer"/>, from the output-major weights above.</summary>
    private void WritePortableDeltas(int layer)
    {
        string z1 = Z(layer), d2 = D(layer + 1), d1 = D(layer), units = Count(layer), above = Count(layer + 1);
        WritePortablePhase(
            new Phase(PhaseKind.Deltas, layer),
            $$"""{{UnitsTitle(layer)}}:  {{HiddenDeltaEquation(layer)}}, a unit j at a time""",
            $$"""{{BufferType(readOnly: true)}} {{z1}}, {{BufferType(readOnly: true)}} {{d2}}, {{BufferType(readOnly: false)}} {{d1}}""",
            () =>
            {
                _w.Line($$"""{{_t}}[] p = {{State(ParametersField)}};""");
                string ds = ReadInEveryRow("ds", d2, BufferType(readOnly: true), UnitsScratch(layer + 1), above);
                _w.Lines($$"""
                    for (int j = 0; j < {{units}}; j++)
                    {
                        {{_t}} s = {{Lit("0")}};
                        for (int k = 0; k < {{above}}; k++)
                        {
                            s += {{ds}}[k] * p[{{WeightOffset(layer + 1)}} + (k * {{units}}) + j];
                        }

                        {{_t}} zj = {{z1}}[j];
                        {{d1}}[j] = ({{Derivative("zj")}}) * s;
                    }
                    """);
            });
    }

    /// <summary>G += δ·input and G_b += δ for one sample, in the layer's storage order.</summary>
    private void WritePortableAccumulate(int layer) => WritePortableRowUpdates(
        new Phase(PhaseKind.AccumulateGradients, layer),
        $$"""{{UnitsTitle(layer)}}:  ∂ℓ/∂w_{{UnitIndex(layer)}}{{InputIndex(layer)}} += δ_{{UnitIndex(layer)}} {{Sym(layer - 1)}}_{{InputIndex(layer)}},  ∂ℓ/∂b_{{UnitIndex(layer)}} += δ_{{UnitIndex(layer)}}, a stored row at a time""",
        string.Empty,
        $$"""{{_t}}[] g = {{State(GradientsField)}};""",
        (at, delta, input) => $$"""g[{{at}}] += {{delta}} * {{input}};""",
        (at, delta) => $$"""g[{{at}}] += {{delta}};""");

    /// <summary>
    /// TrainSample's step of one layer straight from the deltas: w ← w − η (δ·input + (λ/N) w),  b ← b − η δ, the same
    /// expressions as Backward then Step with one sample.
    /// </summary>
    private void WritePortableTrain(int layer) => WritePortableRowUpdates(
        new Phase(PhaseKind.Train, layer),
        $$"""{{UnitsTitle(layer)}}:  w ← w − η (δ · input + (λ/N) w),  b ← b − η δ, a stored row at a time""",
        $$""", {{_t}} eta, {{_t}} decay""",
        $$"""{{_t}}[] p = {{State(ParametersField)}};""",
        (at, delta, input) => NetworkShape.IsInputMajor(layer)
            ? $$"""p[{{at}}] -= eta * (({{input}} * {{delta}}) + (decay * p[{{at}}]));"""
            : $$"""p[{{at}}] -= eta * (({{delta}} * {{input}}) + (decay * p[{{at}}]));""",
        (at, delta) => $$"""p[{{at}}] -= eta * {{delta}};""");

    /// <summary>
    /// A one-sample kernel that changes every weight and bias of the phase's layer by its unit's δ and input, a
    /// stored row at a time (Backward's accumulation, TrainSample's step): <paramref name="weight"/> gives a weight's statement
    /// from its index, δ and input, <paramref name="bias"/> a bias's from its index and δ. The values read once per row or
    /// column stay in locals; those read in every row (the inputs, or the deltas of an input-major layer) are copied once
    /// into a scratch array.
    /// </summary>
    private void WritePortableRowUpdates(
        Phase phase, string summary, string extraParameters, string state, Func<string, string, string, string> weight, Func<string, string, string> bias)
    {
        int layer = phase.Layer;
        string x = In(layer, "x"), d = D(layer), inputs = Count(layer - 1), units = Count(layer);
        string u = UnitIndex(layer), v = InputIndex(layer);
        bool inputMajor = NetworkShape.IsInputMajor(layer);
        WritePortablePhase(
            phase,
            summary,
            $$"""{{InputType(layer)}} {{x}}, {{BufferType(readOnly: true)}} {{d}}{{extraParameters}}""",
            () =>
            {
                _w.Line(state);
                if (inputMajor)
                {
                    string ds = ReadInEveryRow("ds", d, BufferType(readOnly: true), UnitsScratch(layer), units);
                    _w.Lines($$"""
                        for (int i = 0; i < {{inputs}}; i++)
                        {
                            {{_t}} xi = {{x}}[i];
                            int row = {{RowStart(layer, "i")}};
                            for (int j = 0; j < {{units}}; j++)
                            {
                                {{weight("row + j", $$"""{{ds}}[j]""", "xi")}}
                            }
                        }

                        for (int j = 0; j < {{units}}; j++)
                        {
                            {{bias($$"""{{BiasOffset(layer)}} + j""", $$"""{{ds}}[j]""")}}
                        }
                        """);
                }
                else
                {
                    string xs = ReadInEveryRow("xs", x, InputType(layer), InputsScratch(layer), inputs);
                    _w.Lines($$"""
                        for (int {{u}} = 0; {{u}} < {{units}}; {{u}}++)
                        {
                            {{_t}} delta = {{d}}[{{u}}];
                            int row = {{RowStart(layer, u)}};
                            for (int {{v}} = 0; {{v}} < {{inputs}}; {{v}}++)
                            {
                                {{weight($$"""row + {{v}}""", "delta", $$"""{{xs}}[{{v}}]""")}}
                            }

                            {{bias($$"""{{BiasOffset(layer)}} + {{u}}""", "delta")}}
                        }
                        """);
                }
            });
    }

    /// <summary>The scratch array of layer <paramref name="layer"/>'s inputs: <c>t_inputs2</c>.</summary>
    private static string InputsScratch(int layer) => $$"""t_inputs{{N(layer)}}""";

    /// <summary>The scratch array of layer <paramref name="layer"/>'s units (their sums or deltas): <c>t_units2</c>.</summary>
    private static string UnitsScratch(int layer) => $$"""t_units{{N(layer)}}""";

    /// <summary>Step's update of one layer: w ← w − η (G_w/B + (λ/N) w),  b ← b − η G_b/B.</summary>
    private void WritePortableUpdate(int layer)
    {
        string weights = $$"""{{Count(layer)}} * {{Count(layer - 1)}}""", units = Count(layer);
        WritePortablePhase(
            new Phase(PhaseKind.Update, layer),
            $$"""{{UnitsTitle(layer)}}:  w ← w − η (G_w/B + (λ/N) w),  b ← b − η G_b/B, over the layer's contiguous weights""",
            $$"""{{_t}} eta, {{_t}} invB, {{_t}} decay""",
            () => _w.Lines($$"""
                {{_t}}[] p = {{State(ParametersField)}}, g = {{State(GradientsField)}};
                for (int n = {{WeightOffset(layer)}}; n < {{WeightOffset(layer)}} + ({{weights}}); n++)
                {
                    p[n] -= eta * ((g[n] * invB) + (decay * p[n]));
                }

                for (int n = {{BiasOffset(layer)}}; n < {{BiasOffset(layer)}} + {{units}}; n++)
                {
                    p[n] -= eta * g[n] * invB;
                }
                """));
    }
}
