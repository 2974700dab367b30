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

        if (BatchBlocking.Applies(_shape))
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

        if (_shape.Head != OutputHead.Sigmoid)
        {
            WriteOutputDeltasLoop();
        }
        else
        {
            string a = AOut, d = D(L);
            _w.Lines("""
                /// <summary>Output units, sigmoid + binary cross-entropy:  δ_k = σ(a_k) − t_k,  ℓ_k = softplus(a_k) − t_k a_k; returns Σ_k ℓ_k</summary>
                """);
            Generated();
            _w.Lines($$"""
                private static {{_t}} {{PhaseMethod(new Phase(PhaseKind.OutputDeltas, L))}}({{_readOnlySpan}} {{a}}, {{_readOnlySpan}} t, {{_span}} {{d}})
                {
                    {{a}} = {{a}}.Slice(0, OutputCount);
                    t = t.Slice(0, OutputCount);
                    {{d}} = {{d}}.Slice(0, OutputCount);
                    {{_t}} loss = {{Lit("0")}};
                    for (int k = 0; k < OutputCount; k++)
                    {
                        {{d}}[k] = {{OutputDelta}}({{a}}[k], t[k], ref loss);
                    }

                    return loss;
                }

                """);
        }

        for (int layer = L - 1; layer >= 1; layer--)
        {
            WritePortableDeltas(layer);
        }

        for (int layer = L; layer >= 1; layer--)
        {
            WritePortableAccumulate(layer);
        }

        if (BatchBlocking.AppliesToTraining(_shape))
        {
            for (int layer = L; layer >= 1; layer--)
            {
                string x = In(layer, "x"), d = D(layer), inputs = Count(layer - 1), units = Count(layer);
                WritePortablePhase(
                    new Phase(PhaseKind.AccumulateGradientsBatch, layer),
                    $$"""{{UnitsTitle(layer)}}: the gradients of {{N(BatchBlocking.Samples)}} samples, added in sample order by the one-sample kernel""",
                    $$"""{{_readOnlySpan}} {{x}}, {{_readOnlySpan}} {{d}}""",
                    () => _w.Lines($$"""
                        for (int s = 0; s < {{N(BatchBlocking.Samples)}}; s++)
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
        bool inputMajor = NetworkShape.IsInputMajor(layer);
        WritePortablePhase(
            new Phase(PhaseKind.Layer, layer),
            $$"""{{UnitsTitle(layer)}}:  {{LayerEquation(layer)}},  {{WeightIndex(layer)}}, """
                + (inputMajor
                    ? "x_i times row i of the input-major W, added into every a_j"
                    : $$"""each a_{{UnitIndex(layer)}} the dot product of row {{UnitIndex(layer)}} of W{{N(layer)}} with the layer's inputs"""),
            $$"""{{_readOnlySpan}} {{x}}, {{_span}} {{a}}""",
            () =>
            {
                _w.Lines($$"""
                    {{x}} = {{x}}.Slice(0, {{inputs}});
                    {{a}} = {{a}}.Slice(0, {{units}});
                    {{_t}}[] p = {{p}};
                    """);
                if (inputMajor)
                {
                    _w.Lines($$"""
                        for (int j = 0; j < {{units}}; j++)
                        {
                            {{a}}[j] = p[{{BiasOffset(layer)}} + j];
                        }

                        for (int i = 0; i < {{inputs}}; i++)
                        {
                            {{_t}} xi = {{x}}[i];
                            int row = {{RowStart(layer, "i")}};
                            for (int j = 0; j < {{units}}; j++)
                            {
                                {{a}}[j] += xi * p[row + j];
                            }
                        }
                        """);
                }
                else
                {
                    string u = UnitIndex(layer), v = InputIndex(layer);
                    _w.Lines($$"""
                        for (int {{u}} = 0; {{u}} < {{units}}; {{u}}++)
                        {
                            int row = {{RowStart(layer, u)}};
                            {{_t}} s = {{Lit("0")}};
                            for (int {{v}} = 0; {{v}} < {{inputs}}; {{v}}++)
                            {
                                s += p[row + {{v}}] * {{x}}[{{v}}];
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
            $$"""{{_readOnlySpan}} {{z1}}, {{_readOnlySpan}} {{d2}}, {{_span}} {{d1}}""",
            () => _w.Lines($$"""
                {{z1}} = {{z1}}.Slice(0, {{units}});
                {{d2}} = {{d2}}.Slice(0, {{above}});
                {{d1}} = {{d1}}.Slice(0, {{units}});
                {{_t}}[] p = {{State(ParametersField)}};
                for (int j = 0; j < {{units}}; j++)
                {
                    {{_t}} s = {{Lit("0")}};
                    for (int k = 0; k < {{above}}; k++)
                    {
                        s += {{d2}}[k] * p[{{WeightOffset(layer + 1)}} + (k * {{units}}) + j];
                    }

                    {{d1}}[j] = ({{Derivative($$"""{{z1}}[j]""")}}) * s;
                }
                """));
    }

    /// <summary>G += δ·input and G_b += δ for one sample, in the layer's storage order.</summary>
    private void WritePortableAccumulate(int layer)
    {
        string x = In(layer, "x"), d = D(layer), inputs = Count(layer - 1), units = Count(layer);
        string u = UnitIndex(layer), v = InputIndex(layer);
        bool inputMajor = NetworkShape.IsInputMajor(layer);
        WritePortablePhase(
            new Phase(PhaseKind.AccumulateGradients, layer),
            $$"""{{UnitsTitle(layer)}}:  ∂ℓ/∂w_{{u}}{{v}} += δ_{{u}} {{Sym(layer - 1)}}_{{v}},  ∂ℓ/∂b_{{u}} += δ_{{u}}, a stored row at a time""",
            $$"""{{_readOnlySpan}} {{x}}, {{_readOnlySpan}} {{d}}""",
            () =>
            {
                _w.Lines($$"""
                    {{x}} = {{x}}.Slice(0, {{inputs}});
                    {{d}} = {{d}}.Slice(0, {{units}});
                    {{_t}}[] g = {{State(GradientsField)}};
                    """);
                _w.Lines(inputMajor
                    ? $$"""
                        for (int i = 0; i < {{inputs}}; i++)
                        {
                            {{_t}} xi = {{x}}[i];
                            int row = {{RowStart(layer, "i")}};
                            for (int j = 0; j < {{units}}; j++)
                            {
                                g[row + j] += {{d}}[j] * xi;
                            }
                        }

                        for (int j = 0; j < {{units}}; j++)
                        {
                            g[{{BiasOffset(layer)}} + j] += {{d}}[j];
                        }
                        """
                    : $$"""
                        for (int {{u}} = 0; {{u}} < {{units}}; {{u}}++)
                        {
                            {{_t}} delta = {{d}}[{{u}}];
                            int row = {{RowStart(layer, u)}};
                            for (int {{v}} = 0; {{v}} < {{inputs}}; {{v}}++)
                            {
                                g[row + {{v}}] += delta * {{x}}[{{v}}];
                            }

                            g[{{BiasOffset(layer)}} + {{u}}] += delta;
                        }
                        """);
            });
    }

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

    /// <summary>
    /// TrainSample's step of one layer straight from the deltas: w ← w − η (δ·input + (λ/N) w),  b ← b − η δ, the same
    /// expressions as Backward then Step with one sample.
    /// </summary>
    private void WritePortableTrain(int layer)
    {
        string x = In(layer, "x"), d = D(layer), inputs = Count(layer - 1), units = Count(layer);
        string u = UnitIndex(layer), v = InputIndex(layer);
        bool inputMajor = NetworkShape.IsInputMajor(layer);
        WritePortablePhase(
            new Phase(PhaseKind.Train, layer),
            $$"""{{UnitsTitle(layer)}}:  w ← w − η (δ · input + (λ/N) w),  b ← b − η δ, a stored row at a time""",
            $$"""{{_readOnlySpan}} {{x}}, {{_readOnlySpan}} {{d}}, {{_t}} eta, {{_t}} decay""",
            () =>
            {
                _w.Lines($$"""
                    {{x}} = {{x}}.Slice(0, {{inputs}});
                    {{d}} = {{d}}.Slice(0, {{units}});
                    {{_t}}[] p = {{State(ParametersField)}};
                    """);
                _w.Lines(inputMajor
                    ? $$"""
                        for (int i = 0; i < {{inputs}}; i++)
                        {
                            {{_t}} xi = {{x}}[i];
                            int row = {{RowStart(layer, "i")}};
                            for (int j = 0; j < {{units}}; j++)
                            {
                                p[row + j] -= eta * ((xi * {{d}}[j]) + (decay * p[row + j]));
                            }
                        }

                        for (int j = 0; j < {{units}}; j++)
                        {
                            p[{{BiasOffset(layer)}} + j] -= eta * {{d}}[j];
                        }
                        """
                    : $$"""
                        for (int {{u}} = 0; {{u}} < {{units}}; {{u}}++)
                        {
                            {{_t}} delta = {{d}}[{{u}}];
                            int row = {{RowStart(layer, u)}};
                            for (int {{v}} = 0; {{v}} < {{inputs}}; {{v}}++)
                            {
                                p[row + {{v}}] -= eta * ((delta * {{x}}[{{v}}]) + (decay * p[row + {{v}}]));
                            }

                            p[{{BiasOffset(layer)}} + {{u}}] -= eta * delta;
                        }
                        """);
            });
    }
}
