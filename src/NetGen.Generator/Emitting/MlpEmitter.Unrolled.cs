using System;
using System.Collections.Generic;
using System.Linq;
using NetGen.Generator.Model;
using static NetGen.Generator.Emitting.Names;

namespace NetGen.Generator.Emitting;

/// <summary>
/// Unrolled layers: straight-line code with every index a constant, one statement per sum or per value, or per Vector128
/// of values that lie side by side (<see cref="VectorUnits"/>), cut into methods of whole rows by <see cref="BlockPlan"/>.
/// </summary>
internal sealed partial class MlpEmitter
{
    private void WriteUnrolledLayers()
    {
        foreach (int layer in _shape.Layers)
        {
            int fanIn = _shape.Size(layer - 1);
            string x = In(layer, "x"), a = Numbered("a", layer), w = Numbered("w", layer), b = Numbered("b", layer);
            if (InRegisters(layer))
            {
                WriteLayerInRegisters(layer);
                continue;
            }

            if (layer == L && SampleInRegisters)
            {
                WriteOutputSumsInRegisters();
                continue;
            }

            WriteBlocks(
                new Phase(PhaseKind.Layer, layer),
                units => $$"""{{BlockTitle(layer)}} {{units}}:  {{LayerEquation(layer)}},  {{WeightIndex(layer)}}""",
                "void",
                $$"""{{UnitInputParameter(layer, x)}}, {{(layer == L ? _span : BufferType(readOnly: false))}} {{a}}""",
                UnitInputFixLength(layer, x).Append(FixLength(a, Count(layer))).ToList(),
                new[] { ReadOnlyView(w, WeightOffset(layer), WeightLength(layer)), ReadOnlyView(b, BiasOffset(layer), Count(layer)) },
                (j, block) => !NetworkShape.IsInputMajor(layer) || VectorStart(block, j) is not int first
                    ? Sum($$"""{{At(a, j)}} = """, Element(b, ParametersField, BiasOffset(layer), j), SumTerms(layer, j, x, w), ";")
                    : j != first ? Array.Empty<string>()
                    : Sum(
                        $$"""{{StoreUnits}}({{a}}, {{N(j)}}, """,
                        $$"""{{LoadUnits}}({{b}}, {{N(j)}})""",
                        VectorSumTerms(layer, j, x, w),
                        ");"),
                reads: block => Reads(x, Enumerable.Range(0, fanIn)),
                vectors: block => NetworkShape.IsInputMajor(layer) && HasVectorOfUnits(block));
        }

        if (_shape.Head != OutputHead.Sigmoid)
        {
            WriteOutputDeltasLoop();
        }
        else if (!SampleInRegisters)
        {
            string a = AOut, d = D(L);
            string[] loss = { $$"""{{_t}} loss = {{Lit("0")}};""" };
            WriteBlocks(
                new Phase(PhaseKind.OutputDeltas, L),
                units => $$"""Output {{units}}, sigmoid + binary cross-entropy:  δ_k = σ(a_k) − t_k,  ℓ_k = softplus(a_k) − t_k a_k; returns Σ_k ℓ_k""",
                _t,
                $$"""{{BufferType(readOnly: true)}} {{a}}, {{_readOnlySpan}} t, {{BufferType(readOnly: false)}} {{d}}""",
                new[] { FixLength(a, "OutputCount"), FixLength("t", "OutputCount"), FixLength(d, "OutputCount") },
                loss,
                (k, _) => new[] { $$"""{{At(d, k)}} = {{OutputDelta}}({{At(a, k)}}, {{At("t", k)}}, ref loss);""" },
                epilogue: "return loss;",
                reads: _ => loss);
        }

        for (int layer = L - 1; layer >= 1; layer--)
        {
            int units = _shape.Size(layer), above = _shape.Size(layer + 1);
            string z = Z(layer), dAbove = D(layer + 1), d = D(layer), w = Numbered("w", layer + 1);
            bool held = InRegisters(layer);
            if (SampleInRegisters)
            {
                WriteHiddenDeltasInRegisters();
                continue;
            }

            WriteBlocks(
                new Phase(PhaseKind.Deltas, layer),
                unitList => $$"""{{BlockTitle(layer)}} {{unitList}}:  {{HiddenDeltaEquation(layer)}}""",
                "void",
                $$"""{{(held ? RegisterParameters(layer) : $$"""{{BufferType(readOnly: true)}} {{z}}""")}}, {{BufferType(readOnly: true)}} {{dAbove}}, {{BufferType(readOnly: false)}} {{d}}""",
                (held ? Array.Empty<string>() : new[] { FixLength(z, Count(layer)) })
                    .Concat(new[] { FixLength(dAbove, Count(layer + 1)), FixLength(d, Count(layer)) }).ToList(),
                new[] { ReadOnlyView(w, WeightOffset(layer + 1), WeightLength(layer + 1)) },
                (j, block) => VectorStart(block, j) is not int first
                    ? Sum(
                        $$"""{{At(d, j)}} = {{Derivative(Read(z, j))}} * (""",
                        null,
                        Enumerable.Range(0, above).Select(k => $$"""{{Element(w, ParametersField, WeightOffset(layer + 1), _shape.WeightAt(layer + 1, k, j))}} * {{Read(dAbove, k)}}"""),
                        ");")
                    : j != first ? Array.Empty<string>()
                    : Sum(
                        $$"""{{StoreUnits}}({{d}}, {{N(j)}}, {{UnitsLocal("fPrime", j)}} * (""",
                        null,
                        VectorDeltaTerms(layer, j, w, k => At(dAbove, k)),
                        "));")
                        .Prepend($$"""{{VectorOf(128)}} {{UnitsLocal("fPrime", j)}} = {{VectorDerivative(128, UnitsLocal(z, j))}};""")
                        .Prepend(held ? string.Empty : $$"""{{VectorOf(128)}} {{UnitsLocal(z, j)}} = {{LoadUnits}}({{z}}, {{N(j)}});""")
                        .Where(line => line.Length > 0),
                reads: block => Reads(dAbove, Enumerable.Range(0, above)).Concat(Reads(z, Enumerable.Range(block.First, block.Last - block.First + 1))),
                vectors: HasVectorOfUnits);
        }

        for (int layer = L; layer >= 1; layer--)
        {
            int fanIn = _shape.Size(layer - 1);
            string x = In(layer, "x"), d = D(layer), gw = Numbered("gw", layer), gb = Numbered("gb", layer);
            string u = UnitIndex(layer), v = InputIndex(layer);
            WriteBlocks(
                new Phase(PhaseKind.AccumulateGradients, layer),
                units => $$"""{{BlockTitle(layer)}} {{units}}:  ∂ℓ/∂w_{{u}}{{v}} += δ_{{u}} {{Sym(layer - 1)}}_{{v}},  ∂ℓ/∂b_{{u}} += δ_{{u}}{{(SampleInRegisters ? string.Empty : $$"""  (δ_{{u}} read once into a local: the stores cannot change it)""")}}""",
                "void",
                $$"""{{UnitInputParameter(layer, x)}}, {{DeltaParameter(layer)}}""",
                UnitInputFixLength(layer, x).Concat(DeltaFixLength(layer)).ToList(),
                new[]
                {
                    View(gw, State(GradientsField), WeightOffset(layer), WeightLength(layer)),
                    View(gb, State(GradientsField), BiasOffset(layer), Count(layer)),
                },
                (row, block) => ElementwiseRow(layer, block, row, d, x, e =>
                {
                    string g = e.IsBias ? gb : gw, term = e.IsBias ? e.Delta : $$"""{{e.Delta}} * {{e.Input}}""";
                    return e.IsVector
                        ? new[] { $$"""{{StoreUnits}}({{g}}, {{N(e.At)}}, {{LoadUnits}}({{g}}, {{N(e.At)}}) + {{term}});""" }
                        : new[] { $$"""{{Element(g, GradientsField, e.IsBias ? BiasOffset(layer) : WeightOffset(layer), e.At)}} += {{term}};""" };
                }),
                reads: block => Reads(x, Columns(block, fanIn)),
                vectors: block => HasVectors(layer, block));
        }

        if (_shape.Optimizer == OptimizerKind.Sgd)
        {
            foreach (int layer in _shape.Layers)
            {
                WriteUpdateBlocks(layer);
            }

            for (int layer = L; layer >= 1; layer--)
            {
                WriteTrainBlocks(layer);
            }
        }

        if (_wroteUnitVectors)
        {
            WriteUnitVectorHelpers();
        }

        WriteScratchFields();
    }

    /// <summary>
    /// Most Vector128s of a layer's units that unrolled code hands from method to method as values
    /// (<see cref="InRegisters"/>): 16 floats or 8 doubles, 4 of the 16 vector registers of AVX2 and of Arm64's 32.
    /// </summary>
    private const int MaxRegisterVectors = 4;

    /// <summary>
    /// Whether layer <paramref name="layer"/>'s units z_j go from method to method in Vector128 locals
    /// (<c>Vector128&lt;float&gt; z1_0To3 = Sigmoid(HiddenLayer_0To3(parameters, input));</c>) instead of a stack buffer
    /// that each method stores into and the next loads back: unrolled code's first hidden layer, when its units fill whole
    /// vectors (<see cref="VectorUnits"/>, at most <see cref="MaxRegisterVectors"/>), each unit takes the vector σ (so the
    /// bits are those of the buffered code's σ), and its sums and its deltas are one method each. At 2-4-1 a scratch copy
    /// of the generated Forward took 12.0 ns with the hidden units in a local against 14.8 ns through the buffer (hand
    /// class 10.0 ns; three processes, AMD EPYC AVX-512, .NET 10, 6 Dec 2026): the three store-then-load round trips
    /// between the layer, σ and the output layer were most of the gap.
    /// </summary>
    private bool InRegisters(int layer) =>
        layer == 1 && L > 1 && _shape.IsUnrolled && VectorUnits && _model.VectorMath
        && NetworkShape.IsInputMajor(layer) && IsVectorSigmoidLayer(layer)
        && _shape.Size(layer) % UnitLanes == 0 && _shape.Size(layer) / UnitLanes <= MaxRegisterVectors
        && BlockPlan.For(new Phase(PhaseKind.Layer, layer), _shape).Count == 1
        && BlockPlan.For(new Phase(PhaseKind.Deltas, layer), _shape).Count == 1;

    /// <summary>The first unit of each Vector128 of a layer's units held in registers (<see cref="InRegisters"/>).</summary>
    private IEnumerable<int> RegisterVectors(int layer) =>
        Enumerable.Range(0, _shape.Size(layer) / UnitLanes).Select(v => v * UnitLanes);

    /// <summary>The sums kernels of a layer held in registers, one per Vector128 of units (its sums and their calls).</summary>
    private List<Block> RegisterBlocks(int layer) =>
        RegisterVectors(layer).Select(first => new Block(first, first + UnitLanes - 1, _shape.Size(layer - 1))).ToList();

    /// <summary>The parameters that take a layer's units held in registers: <c>Vector128&lt;float&gt; z1_0To3, …</c>.</summary>
    private string RegisterParameters(int layer) =>
        string.Join(", ", RegisterVectors(layer).Select(first => $$"""{{VectorOf(128)}} {{UnitsLocal(Z(layer), first)}}"""));

    /// <summary>
    /// The argument that passes layer <paramref name="layer"/>'s values to a kernel: <paramref name="input"/> for the inputs
    /// (layer 0), the locals of units held in registers (<c>z1_0To3, z1_4To7</c>), else the layer's buffer.
    /// </summary>
    private string UnitsArgument(int layer, string input) =>
        layer == 0 ? input
        : InRegisters(layer) ? string.Join(", ", RegisterVectors(layer).Select(first => UnitsLocal(Z(layer), first)))
        : Z(layer);

    /// <summary>A kernel's parameter for the values from below: a span, or the vectors of units held in registers.</summary>
    private string UnitInputParameter(int layer, string name) =>
        InRegisters(layer - 1) ? RegisterParameters(layer - 1) : $$"""{{InputType(layer)}} {{name}}""";

    /// <summary>The cut to constant length of a kernel's span of values from below, none for units held in registers.</summary>
    private IEnumerable<string> UnitInputFixLength(int layer, string name) =>
        InRegisters(layer - 1) ? Array.Empty<string>() : new[] { FixLength(name, Count(layer - 1)) };

    /// <summary>Value <paramref name="n"/> from below: <c>z1[5]</c> (<see cref="Read"/>), or a lane of a vector held in registers, <c>z1_4To7[1]</c>.</summary>
    private string UnitInput(int layer, string span, int n) => InRegisters(layer - 1)
        ? $$"""{{UnitsLocal(span, n / UnitLanes * UnitLanes)}}[{{N(n % UnitLanes)}}]"""
        : Read(span, n);

    /// <summary>The vector of values from below starting at <paramref name="n"/>: loaded from the span, or the local held in registers.</summary>
    private string UnitInputVector(int layer, string span, int n) => InRegisters(layer - 1)
        ? UnitsLocal(span, n)
        : $$"""{{LoadUnits}}({{span}}, {{N(n)}})""";

    /// <summary>
    /// A layer held in registers (<see cref="InRegisters"/>): one method per Vector128 of units that returns their sums a_j,
    /// which the caller takes σ of (<see cref="WriteLayerCallsInRegisters"/>).
    /// </summary>
    private void WriteLayerInRegisters(int layer)
    {
        string x = In(layer, "x"), w = Numbered("w", layer), b = Numbered("b", layer);
        WriteBlocks(
            new Phase(PhaseKind.Layer, layer),
            units => $$"""{{BlockTitle(layer)}} {{units}}:  {{LayerEquation(layer)}},  {{WeightIndex(layer)}}; returns the vector of a_j""",
            VectorOf(128),
            $$"""{{InputType(layer)}} {{x}}""",
            new[] { FixLength(x, Count(layer - 1)) },
            new[] { ReadOnlyView(w, WeightOffset(layer), WeightLength(layer)), ReadOnlyView(b, BiasOffset(layer), Count(layer)) },
            (j, block) => j != block.First ? Array.Empty<string>()
                : Sum(
                    "return ",
                    $$"""{{LoadUnits}}({{b}}, {{N(j)}})""",
                    VectorSumTerms(layer, j, x, w),
                    ";"),
            vectors: _ => true,
            blocks: RegisterBlocks(layer));
    }

    /// <summary>
    /// The calls of a layer held in registers (<see cref="InRegisters"/>), each vector's σ taken as it returns:
    /// <c>Vector128&lt;float&gt; z1_0To3 = Sigmoid(HiddenLayer_0To3(parameters, input));</c>.
    /// </summary>
    private void WriteLayerCallsInRegisters(int layer, string input)
    {
        var phase = new Phase(PhaseKind.Layer, layer);
        foreach (Block block in RegisterBlocks(layer))
        {
            _w.Line($$"""{{VectorOf(128)}} {{UnitsLocal(Z(layer), block.First)}} = {{Sigmoid}}({{Block(Name(phase), block)}}({{StateArguments(phase)}}{{UnitsArgument(layer - 1, input)}}));""");
        }
    }

    /// <summary>
    /// Whether every value of one sample, not only the hidden units (<see cref="InRegisters"/>), goes from method to method
    /// as a local: the output sums a_k and deltas δ_k one <c>float</c> (<c>double</c>) each, the hidden deltas δ_j in
    /// Vector128s like the units. It holds for one hidden layer held in registers under sigmoid outputs with binary
    /// cross-entropy, at most one Vector128 of outputs (2 doubles) and fewer than <see cref="MinVectorSigmoids"/> (3
    /// floats: from 4 on, OutputSigmoids takes the vector σ, whose bits Forward must keep), and the gradient and step
    /// phases one method a layer. Forward then stores each y_k = σ(a_k) once, where it stored a_k, read it back and stored
    /// σ of it; Backpropagate and TrainSample keep no stack buffer, and their checks take max|δ| of the locals
    /// (<c>MaxAbs</c> of a Vector128). The operations are the
    /// same, in the same order, so the bits are the same. At 2-4-1 a scratch copy of the generated code with this layout
    /// took 49.0–50.8 ns a TrainSample against 56.0–58.7 ns for the buffered one (the hidden deltas alone in a Vector128:
    /// 55.2–57.3 ns), hand class 46.5–47.8 ns in the same process; in BenchmarkDotNet (compare-generator.sh 263b4ae, AMD
    /// EPYC AVX-512, .NET 10, 6 Dec 2026) TrainSample went from 66–72 to 52 ns in two runs of three (hand 47.5 ns), Forward
    /// from 13.1 to 11.6 ns (hand 12.0 ns).
    /// </summary>
    private bool SampleInRegisters =>
        L == 2 && InRegisters(1) && _shape.Head == OutputHead.Sigmoid && _shape.Outputs <= Math.Min(UnitLanes, MinVectorSigmoids - 1)
        && new[] { PhaseKind.AccumulateGradients, PhaseKind.Train }.All(kind =>
            BlockPlan.For(new Phase(kind, 1), _shape).Count == 1 && BlockPlan.For(new Phase(kind, L), _shape).Count == 1);

    /// <summary>The outputs as one-unit blocks: one method each that returns its sum (<see cref="SampleInRegisters"/>).</summary>
    private List<Block> OutputBlocks() =>
        Enumerable.Range(0, _shape.Outputs).Select(k => new Block(k, k, _shape.Size(L - 1))).ToList();

    /// <summary>The hidden deltas' kernels of a sample held in locals, one per Vector128 of units (<see cref="SampleInRegisters"/>).</summary>
    private List<Block> HeldDeltaBlocks() =>
        RegisterVectors(1).Select(first => new Block(first, first + UnitLanes - 1, _shape.Outputs)).ToList();

    /// <summary>
    /// The terms w_jn · (unit input)_n of unit <paramref name="j"/>'s sum in layer <paramref name="layer"/>, in order, for a
    /// scalar statement: <c>w2[1] * z1_0To3[1]</c>.
    /// </summary>
    private IEnumerable<string> SumTerms(int layer, int j, string x, string w) =>
        Enumerable.Range(0, _shape.Size(layer - 1)).Select(n =>
            $$"""{{Element(w, ParametersField, WeightOffset(layer), _shape.WeightAt(layer, j, n))}} * {{UnitInput(layer, x, n)}}""");

    /// <summary>
    /// The terms of the sums of the vector of units from <paramref name="j"/> in the input-major layer
    /// <paramref name="layer"/>, input by input: <c>Load(w1, 4) * x[1]</c>.
    /// </summary>
    private IEnumerable<string> VectorSumTerms(int layer, int j, string x, string w) =>
        Enumerable.Range(0, _shape.Size(layer - 1)).Select(n => $$"""{{LoadUnits}}({{w}}, {{N(_shape.WeightAt(layer, j, n))}}) * {{At(x, n)}}""");

    /// <summary>
    /// The terms w_kj · δ_k of the hidden deltas of the vector of units from <paramref name="j"/> in layer
    /// <paramref name="layer"/>, k over the layer above in order, each δ_k by <paramref name="deltaAbove"/>:
    /// <c>Load(w2, 0) * d2[0]</c>, or <c>* d2_0</c> where the deltas are locals.
    /// </summary>
    private IEnumerable<string> VectorDeltaTerms(int layer, int j, string w, Func<int, string> deltaAbove) =>
        Enumerable.Range(0, _shape.Size(layer + 1)).Select(k =>
            $$"""{{LoadUnits}}({{w}}, {{N(_shape.WeightAt(layer + 1, k, j))}}) * {{deltaAbove(k)}}""");

    /// <summary>The locals that hold layer <paramref name="layer"/>'s deltas (<see cref="SampleInRegisters"/>): <c>d2_0</c>, or <c>d1_0To3</c>.</summary>
    private IEnumerable<string> DeltaLocals(int layer) => layer == L
        ? Enumerable.Range(0, _shape.Outputs).Select(k => DeltaLocal(D(L), k))
        : RegisterVectors(layer).Select(first => UnitsLocal(D(layer), first));

    /// <summary>A kernel's parameter for a layer's deltas: a read-only span, or the locals that hold them (<see cref="SampleInRegisters"/>).</summary>
    private string DeltaParameter(int layer) => !SampleInRegisters
        ? $$"""{{BufferType(readOnly: true)}} {{D(layer)}}"""
        : string.Join(", ", DeltaLocals(layer).Select(local => $$"""{{(layer == L ? _t : VectorOf(128))}} {{local}}"""));

    /// <summary>The cut to constant length of a kernel's span of deltas, none for deltas held in locals.</summary>
    private IEnumerable<string> DeltaFixLength(int layer) =>
        SampleInRegisters ? Array.Empty<string>() : new[] { FixLength(D(layer), Count(layer)) };

    /// <summary>The argument that passes a layer's deltas to a kernel: its buffer, or its locals.</summary>
    private string DeltaArgument(int layer) => SampleInRegisters ? string.Join(", ", DeltaLocals(layer)) : D(layer);

    /// <summary>
    /// The expression of max|δ| over a layer's deltas held in locals, for CheckGradient: <c>MaxAbs</c> of the Vector128 of
    /// the hidden deltas (the larger of several), or of the output deltas put in one Vector128 with zeros after them.
    /// </summary>
    private string LargestHeldDelta(int layer)
    {
        if (layer == L)
        {
            List<string> lanes = DeltaLocals(L).ToList();
            string vector = lanes.Count == 1
                ? $$"""Vector128.CreateScalar({{lanes[0]}})"""
                : $$"""Vector128.Create({{string.Join(", ", lanes.Concat(Enumerable.Repeat(Lit("0"), UnitLanes - lanes.Count)))}})""";
            return $$"""{{Check(MaxAbs)}}({{vector}})""";
        }

        return DeltaLocals(layer).Select(local => $$"""{{Check(MaxAbs)}}({{local}})""")
            .Aggregate((left, right) => $$"""{{_math}}.Max({{left}}, {{right}})""");
    }

    /// <summary>
    /// The output layer with its sums held in locals (<see cref="SampleInRegisters"/>): one method per output unit that
    /// returns a_k.
    /// </summary>
    private void WriteOutputSumsInRegisters()
    {
        string x = In(L, "x"), w = Numbered("w", L), b = Numbered("b", L);
        WriteBlocks(
            new Phase(PhaseKind.Layer, L),
            units => $$"""{{BlockTitle(L)}} {{units}}:  {{LayerEquation(L)}},  {{WeightIndex(L)}}; returns a_k""",
            _t,
            UnitInputParameter(L, x),
            Array.Empty<string>(),
            new[] { ReadOnlyView(w, WeightOffset(L), WeightLength(L)), ReadOnlyView(b, BiasOffset(L), Count(L)) },
            (k, _) => Sum("return ", Element(b, ParametersField, BiasOffset(L), k), SumTerms(L, k, x, w), ";"),
            blocks: OutputBlocks());
    }

    /// <summary>
    /// The hidden deltas held in registers (<see cref="SampleInRegisters"/>): one method per Vector128 of units that
    /// returns δ_j from the units z_j and the output deltas δ_k, the same operations as the buffered kernel's.
    /// </summary>
    private void WriteHiddenDeltasInRegisters()
    {
        const int layer = 1;
        string z = Z(layer), w = Numbered("w", layer + 1);
        foreach (Block block in HeldDeltaBlocks())
        {
            int first = block.First;
            WriteBlocks(
                new Phase(PhaseKind.Deltas, layer),
                unitList => $$"""{{BlockTitle(layer)}} {{unitList}}:  {{HiddenDeltaEquation(layer)}}; returns the vector of δ_j""",
                VectorOf(128),
                $$"""{{VectorOf(128)}} {{UnitsLocal(z, first)}}, {{DeltaParameter(L)}}""",
                Array.Empty<string>(),
                new[] { ReadOnlyView(w, WeightOffset(layer + 1), WeightLength(layer + 1)) },
                (j, _) => j != first ? Array.Empty<string>()
                    : Sum($$"""return {{UnitsLocal("fPrime", j)}} * (""", null, VectorDeltaTerms(layer, j, w, k => DeltaLocal(D(L), k)), ");")
                        .Prepend($$"""{{VectorOf(128)}} {{UnitsLocal("fPrime", j)}} = {{VectorDerivative(128, UnitsLocal(z, j))}};"""),
                vectors: _ => true,
                blocks: new[] { block });
        }
    }

    /// <summary>
    /// The output deltas held in locals (<see cref="SampleInRegisters"/>), each δ_k as
    /// <c>float d2_0 = OutputDelta(a2_0, target[0], ref loss);</c>, or without <paramref name="keepDeltas"/> (the loss
    /// alone) only the calls, which add ℓ_k to <c>loss</c>.
    /// </summary>
    private void WriteOutputDeltasInRegisters(string target, bool keepDeltas)
    {
        _w.Line(FixLength(target, "OutputCount"));
        for (int k = 0; k < _shape.Outputs; k++)
        {
            string delta = keepDeltas ? $$"""{{_t}} {{DeltaLocal(D(L), k)}} = """ : string.Empty;
            _w.Line($$"""{{delta}}{{OutputDelta}}({{DeltaLocal(AOut, k)}}, {{At(target, k)}}, ref loss);""");
        }
    }

    /// <summary>The calls of the hidden deltas held in locals (<see cref="SampleInRegisters"/>), one per Vector128 of units.</summary>
    private void WriteHiddenDeltaCallsInRegisters()
    {
        var phase = new Phase(PhaseKind.Deltas, 1);
        foreach (Block block in HeldDeltaBlocks())
        {
            _w.Line($$"""{{VectorOf(128)}} {{UnitsLocal(D(1), block.First)}} = {{Block(Name(phase), block)}}({{StateArguments(phase)}}{{UnitsLocal(Z(1), block.First)}}, {{DeltaArgument(L)}});""");
        }
    }

    /// <summary>
    /// The output sums held in locals (<see cref="SampleInRegisters"/>): <c>float a2_0 = OutputLayer_0To0(parameters, z1_0To3);</c>,
    /// or, given <paramref name="output"/>, each y_k = σ(a_k) stored straight into it (Forward), cut to OutputCount first
    /// with <paramref name="cutOutput"/>.
    /// </summary>
    private void WriteOutputSumCallsInRegisters(string input, string? output, bool cutOutput = false)
    {
        var phase = new Phase(PhaseKind.Layer, L);
        if (output is not null && cutOutput)
        {
            _w.Line(FixLength(output, "OutputCount"));
        }

        foreach (Block block in OutputBlocks())
        {
            string sum = $$"""{{Block(Name(phase), block)}}({{StateArguments(phase)}}{{UnitsArgument(L - 1, input)}})""";
            _w.Line(output is null
                ? $$"""{{_t}} {{DeltaLocal(AOut, block.First)}} = {{sum}};"""
                : $$"""{{At(output, block.First)}} = {{Sigmoid}}({{sum}});""");
        }
    }

    /// <summary>One online SGD step straight from the deltas, for <see cref="TrainSample"/> when no gradients are pending.</summary>
    private void WriteTrainBlocks(int layer)
    {
        int fanIn = _shape.Size(layer - 1);
        string unitInput = In(layer, "x"), delta = D(layer), w = Numbered("w", layer), b = Numbered("b", layer);
        WriteBlocks(
            new Phase(PhaseKind.Train, layer),
            units => $$"""{{BlockTitle(layer)}} {{units}}:  w ← w − η (δ · input + (λ/N) w),  b ← b − η δ""",
            "void",
            $$"""{{UnitInputParameter(layer, unitInput)}}, {{DeltaParameter(layer)}}, {{_t}} eta, {{_t}} decay""",
            UnitInputFixLength(layer, unitInput).Concat(DeltaFixLength(layer)).ToList(),
            new[]
            {
                View(w, State(ParametersField), WeightOffset(layer), WeightLength(layer)),
                View(b, State(ParametersField), BiasOffset(layer), Count(layer)),
            },
            (row, block) => ElementwiseRow(
                layer, block, row, delta, unitInput, e => UnrolledSgdStep(layer, e, w, b, e.IsBias ? e.Delta : $$"""{{e.Delta}} * {{e.Input}}""")),
            reads: block => Reads(unitInput, Columns(block, fanIn)),
            vectors: block => HasVectors(layer, block));
    }

    private void WriteUpdateBlocks(int layer)
    {
        int fanIn = _shape.Size(layer - 1);
        string weightLength = WeightLength(layer), biasLength = Count(layer);
        string w = Numbered("w", layer), b = Numbered("b", layer), gw = Numbered("gw", layer), gb = Numbered("gb", layer);
        WriteBlocks(
            new Phase(PhaseKind.Update, layer),
            units => $$"""{{BlockTitle(layer)}} {{units}}:  w ← w − η (G_w/B + (λ/N) w),  b ← b − η G_b/B""",
            "void",
            $$"""{{_t}} eta, {{_t}} invB, {{_t}} decay""",
            Array.Empty<string>(),
            new[]
            {
                View(w, State(ParametersField), WeightOffset(layer), weightLength),
                View(b, State(ParametersField), BiasOffset(layer), biasLength),
                ReadOnlyView(gw, State(GradientsField), WeightOffset(layer), weightLength),
                ReadOnlyView(gb, State(GradientsField), BiasOffset(layer), biasLength),
            },
            (row, block) => ElementwiseRow(layer, block, row, null, null, e =>
            {
                string gradient = e.IsVector ? $$"""{{LoadUnits}}({{(e.IsBias ? gb : gw)}}, {{N(e.At)}})"""
                    : e.IsBias ? Element(gb, GradientsField, BiasOffset(layer), e.At)
                    : Element(gw, GradientsField, WeightOffset(layer), e.At);
                return UnrolledSgdStep(layer, e, w, b, $$"""{{gradient}} * invB""");
            }),
            vectors: block => HasVectors(layer, block));
    }

    /// <summary>
    /// One SGD step on a weight or a bias of layer <paramref name="layer"/>, or on a vector of them: w ← w − η (g + (λ/N) w)
    /// and b ← b − η g, <paramref name="gradient"/> the expression of g (δ · input, or G/B).
    /// </summary>
    private string[] UnrolledSgdStep(int layer, ElementwiseTerm e, string w, string b, string gradient)
    {
        if (e.IsBias)
        {
            return new[]
            {
                e.IsVector
                    ? $$"""{{StoreUnits}}({{b}}, {{N(e.At)}}, {{LoadUnits}}({{b}}, {{N(e.At)}}) - eta * {{gradient}});"""
                    : $$"""{{Element(b, ParametersField, BiasOffset(layer), e.At)}} -= eta * {{gradient}};""",
            };
        }

        if (!e.IsVector)
        {
            string weight = Element(w, ParametersField, WeightOffset(layer), e.At);
            return new[] { $$"""{{weight}} -= eta * ({{gradient}} + decay * {{weight}});""" };
        }

        string local = UnitsLocal(w, e.At);
        return new[]
        {
            $$"""{{VectorOf(128)}} {{local}} = {{LoadUnits}}({{w}}, {{N(e.At)}});""",
            $$"""{{StoreUnits}}({{w}}, {{N(e.At)}}, {{local}} - eta * ({{gradient}} + decay * {{local}}));""",
        };
    }

    /// <summary>
    /// Whether unrolled code computes four consecutive float values (two doubles) as one Vector128 where they lie side by
    /// side in memory: the units of layer 1's sums (its weights are input-major, the units of one input contiguous), the
    /// units of each hidden layer's deltas (the weights above are output-major, one output's inputs contiguous), and the
    /// weights and biases of the gradients' sums and the steps. Each lane does its scalar statement's operations in the same
    /// order, with no fused multiply-add, so that the results are those of the scalar statements bit for bit
    /// (ReproducibilityTests.TrainingSteps_OfUnrolledCode_TakeTheDocumentedOperations). At 2-4-1, TrainSample went from
    /// 70.6 to 65.5 ns with all four phases in vectors, and was slower (74.5 ns) with the sums and deltas alone, when the
    /// scalar steps read back what vector stores wrote (scratch programs with edited generated code, run alternately; AMD
    /// EPYC AVX-512, .NET 10, 5 Dec 2026); in BenchmarkDotNet 74.8 to 62.6 ns (compare-generator.sh, 6 Dec 2026). Only
    /// where spans are the runtime's own (.NET 8 and later); not with <see cref="TargetProfile.ArrayKernels"/>.
    /// </summary>
    private bool VectorUnits => !Target.ArrayKernels;

    /// <summary>Whether a block of unrolled code has computed a vector (<see cref="VectorUnits"/>), so that the helpers are needed.</summary>
    private bool _wroteUnitVectors;

    /// <summary>The values in one of unrolled code's vectors: 4 floats or 2 doubles (<see cref="VectorUnits"/>).</summary>
    private int UnitLanes => Lanes(128);

    /// <summary>The comment over a block that computes vectors of values (<see cref="VectorUnits"/>).</summary>
    private string VectorsComment =>
        $$"""// {{N(UnitLanes)}} values at a time in a Vector128 where they are side by side; each lane does its scalar statement's operations in order.""";

    /// <summary>
    /// The first unit of the vector of units (<see cref="VectorUnits"/>) that unit <paramref name="row"/> of
    /// <paramref name="block"/> belongs to, counting whole vectors from the block's first unit; <see langword="null"/> for the
    /// block's last units that fill no whole vector, which stay scalar statements.
    /// </summary>
    private int? VectorStart(Block block, int row)
    {
        if (!VectorUnits || block.IsPartOfRow)
        {
            return null;
        }

        int first = block.First + ((row - block.First) / UnitLanes * UnitLanes);
        return first + UnitLanes - 1 <= block.Last ? first : null;
    }

    /// <summary>Whether <paramref name="block"/> holds at least one whole vector of units.</summary>
    private bool HasVectorOfUnits(Block block) => VectorStart(block, block.First) is not null;

    /// <summary>Whether an elementwise phase's <paramref name="block"/> of layer <paramref name="layer"/> computes any vector (<see cref="ElementwiseRow"/>).</summary>
    private bool HasVectors(int layer, Block block) => NetworkShape.IsInputMajor(layer)
        ? HasVectorOfUnits(block)
        : VectorUnits && Columns(block, _shape.Size(layer - 1)).Count() >= UnitLanes;

    /// <summary>
    /// The name of the local that holds a vector of <paramref name="span"/>'s values from <paramref name="first"/> on:
    /// <c>z1_0To3</c>.
    /// </summary>
    private string UnitsLocal(string span, int first) => $$"""{{span}}_{{N(first)}}To{{N(first + UnitLanes - 1)}}""";

    /// <summary>
    /// One weight or bias, or a vector of them at <see cref="At"/> (<see cref="IsVector"/>), in an elementwise phase: its
    /// unit's delta (a scalar or a vector local; empty where the phase has none) and, for a weight, its input.
    /// </summary>
    private readonly record struct ElementwiseTerm(int At, bool IsVector, bool IsBias, string Delta, string Input);

    /// <summary>
    /// The statements of row (unit) <paramref name="row"/> of an elementwise phase's block (gradients' sums, steps), each
    /// weight and bias by <paramref name="statement"/>. With <see cref="VectorUnits"/>, vectors along memory: in the
    /// input-major layer 1, the units of a whole vector (<see cref="VectorStart"/>) share each input's weights
    /// (<c>W1[i·units + j … j + 3]</c>) and their biases, written once at the vector's first unit, with the units' deltas in
    /// one vector local; in an output-major layer, the row's inputs in whole vectors, then the scalar rest. Each row's scalar
    /// delta (<paramref name="delta"/>, when the phase has one) is read once into a local.
    /// </summary>
    private IEnumerable<string> ElementwiseRow(
        int layer, Block block, int row, string? delta, string? input, Func<ElementwiseTerm, IEnumerable<string>> statement)
    {
        int fanIn = _shape.Size(layer - 1);
        var lines = new List<string>();
        if (NetworkShape.IsInputMajor(layer) && VectorStart(block, row) is int first)
        {
            if (row != first)
            {
                return lines;
            }

            string units = delta is null ? string.Empty : UnitsLocal(delta, first);
            if (delta is not null && !SampleInRegisters)
            {
                lines.Add($$"""{{VectorOf(128)}} {{units}} = {{LoadUnits}}({{delta}}, {{N(first)}});""");
            }

            foreach (int n in Columns(block, fanIn))
            {
                lines.AddRange(statement(new ElementwiseTerm(_shape.WeightAt(layer, first, n), true, false, units, input is null ? string.Empty : At(input, n))));
            }

            lines.AddRange(statement(new ElementwiseTerm(first, true, true, units, string.Empty)));
            return lines;
        }

        string scalar = delta is null ? string.Empty : DeltaLocal(delta, row);
        if (delta is not null && !SampleInRegisters)
        {
            lines.Add($$"""{{_t}} {{scalar}} = {{At(delta, row)}};""");
        }

        List<int> columns = Columns(block, fanIn).ToList();
        int vectorColumns = NetworkShape.IsInputMajor(layer) || !VectorUnits ? 0 : columns.Count / UnitLanes * UnitLanes;
        for (int c = 0; c < columns.Count; c += c < vectorColumns ? UnitLanes : 1)
        {
            int n = columns[c];
            bool vector = c < vectorColumns;
            string unitInput = input is null ? string.Empty
                : vector ? UnitInputVector(layer, input, n)
                : UnitInput(layer, input, n);
            lines.AddRange(statement(new ElementwiseTerm(_shape.WeightAt(layer, row, n), vector, false, scalar, unitInput)));
        }

        if (!block.IsPartOfRow || block.LastColumn == fanIn - 1)
        {
            lines.AddRange(statement(new ElementwiseTerm(row, false, true, scalar, string.Empty)));
        }

        return lines;
    }

    /// <summary>
    /// <see cref="LoadUnits"/> and <see cref="StoreUnits"/>, the vectors of unrolled code (<see cref="VectorUnits"/>): a
    /// Vector128 from, and into, consecutive values of a span. The spans have constant lengths and the indexes are
    /// constants, so the JIT drops the bounds checks.
    /// </summary>
    private void WriteUnitVectorHelpers()
    {
        string vector = VectorOf(128);
        _w.Lines($$"""
            /// <summary>The Vector128 of v[n], …, v[n + {{N(UnitLanes - 1)}}].</summary>
            """);
        Generated();
        _w.Lines($$"""
            {{AggressiveInlining}}
            private static {{vector}} {{LoadUnits}}({{_readOnlySpan}} v, int n) => {{VectorType(128)}}.Create(v.Slice(n, {{N(UnitLanes)}}));

            """);
        _w.Lines($$"""
            /// <summary>Stores <paramref name="value"/> into v[n], …, v[n + {{N(UnitLanes - 1)}}].</summary>
            """);
        Generated();
        _w.Lines($$"""
            {{AggressiveInlining}}
            private static void {{StoreUnits}}({{_span}} v, int n, {{vector}} value) => value.CopyTo(v.Slice(n, {{N(UnitLanes)}}));

            """);
    }

    /// <summary>The type of a kernel's input from below: the caller's span for layer 1, else the buffer of the layer below.</summary>
    private string InputType(int layer) => layer == 1 ? _readOnlySpan : BufferType(readOnly: true);

    /// <summary>A name with a layer's number: <c>w2</c>, <c>gb1</c>.</summary>
    private static string Numbered(string name, int layer) => $$"""{{name}}{{N(layer)}}""";

    /// <summary>An element at a constant index: <c>w2[13]</c>.</summary>
    private static string At(string span, int index) => $$"""{{span}}[{{N(index)}}]""";

    /// <summary>The local that holds one unit's delta while its row is written: <c>d2_3</c>.</summary>
    private static string DeltaLocal(string delta, int row) => $$"""{{delta}}_{{N(row)}}""";

    /// <summary>
    /// An element of the parameters or gradients at a constant index: through the kernel's view (<c>w2[13]</c>) where spans
    /// are the runtime's own, else straight from the state array (<c>parameters[W2Offset + 13]</c>), since on .NET Framework
    /// and Mono (<see cref="TargetProfile.ArrayKernels"/>) a span from System.Memory is slow to make and to index.
    /// </summary>
    private string Element(string view, string field, string offset, int index) => Target.ArrayKernels
        ? $$"""{{State(field)}}[{{offset}}{{(index == 0 ? string.Empty : " + " + N(index))}}]"""
        : At(view, index);

    /// <summary>
    /// A read of a span argument at a constant index: <c>x[1]</c>, or with <see cref="TargetProfile.ArrayKernels"/> the local
    /// <c>x_1</c> it was read into once at the start of the method (<see cref="Reads"/>).
    /// </summary>
    private string Read(string span, int index) => Target.ArrayKernels ? DeltaLocal(span, index) : At(span, index);

    /// <summary>With <see cref="TargetProfile.ArrayKernels"/>, the locals <see cref="Read"/> names, each read once: <c>float x_1 = x[1];</c>.</summary>
    private IEnumerable<string> Reads(string span, IEnumerable<int> indexes) =>
        indexes.Select(n => $$"""{{_t}} {{DeltaLocal(span, n)}} = {{At(span, n)}};""");

    /// <summary>The length of a layer's weights: units × inputs.</summary>
    private string WeightLength(int layer) => $$"""{{Count(layer)}} * {{Count(layer - 1)}}""";

    /// <summary>A span parameter cut to its constant length.</summary>
    private static string FixLength(string span, string length) => $$"""{{span}} = {{span}}.Slice(0, {{length}});""";

    private string ReadOnlyView(string name, string offset, string length) => ReadOnlyView(name, State(ParametersField), offset, length);

    private string ReadOnlyView(string name, string field, string offset, string length) =>
        $$"""{{_readOnlySpan}} {{name}} = {{Window(field, offset, length)}};""";

    private string View(string name, string field, string offset, string length) =>
        $$"""{{_span}} {{name}} = {{Window(field, offset, length)}};""";

    /// <summary>
    /// Writes the methods of one phase: a summary with the equation (<paramref name="summary"/> of the block's units),
    /// fixed-length views, then the rows' statements; the phase's blocks are <see cref="BlockPlan"/>'s, or <paramref name="blocks"/>.
    /// </summary>
    private void WriteBlocks(
        Phase phase,
        Func<string, string> summary,
        string returnType,
        string parameters,
        IReadOnlyList<string> fixLengths,
        IReadOnlyList<string> views,
        Func<int, Block, IEnumerable<string>> row,
        string? epilogue = null,
        Func<Block, IEnumerable<string>>? reads = null,
        Func<Block, bool>? vectors = null,
        IReadOnlyList<Block>? blocks = null)
    {
        string name = Name(phase);
        foreach (Block block in blocks ?? BlockPlan.For(phase, _shape))
        {
            _w.Lines(Summary(summary(Units(block))));
            Generated();
            if (block.Terms <= BlockPlan.InlineTerms)
            {
                _w.Line(AggressiveInlining);
            }

            _w.Lines($$"""
                private static {{returnType}} {{Block(name, block)}}({{StateParameters(phase)}}{{parameters}})
                {
                """).Indent();
            // With ArrayKernels neither the cut to constant lengths (the JIT there keeps its bounds checks) nor views:
            // each span argument read once into locals, the state arrays indexed directly.
            List<string> prologue = (!Target.ArrayKernels ? fixLengths.Concat(views)
                : reads is null ? Array.Empty<string>()
                : reads(block)).ToList();
            foreach (string line in prologue)
            {
                _w.Line(line);
            }

            if (phase.Kind is PhaseKind.Layer or PhaseKind.Deltas && block.TermsPerRow > TermsPerGroup)
            {
                _w.Lines($$"""
                    // Each sum adds groups of {{N(TermsPerGroup)}} terms: independent chains of additions that the CPU overlaps.
                    """);
            }

            if (prologue.Count > 0)
            {
                _w.Line();
            }

            if (vectors?.Invoke(block) == true)
            {
                _w.Line(VectorsComment);
                _wroteUnitVectors = true;
            }

            for (int r = block.First; r <= block.Last; r++)
            {
                foreach (string line in row(r, block))
                {
                    _w.Line(line);
                }
            }

            if (epilogue is not null)
            {
                _w.Line(epilogue);
            }

            EndMethod();
        }
    }

    private static string Units(Block block) => block.IsPartOfRow
        ? $$"""unit {{N(block.First)}}, inputs {{N(block.FirstColumn)}}–{{N(block.LastColumn)}}"""
        : block.First == block.Last
            ? $$"""unit {{N(block.First)}}"""
            : $$"""units {{N(block.First)}}–{{N(block.Last)}}""";

    /// <summary>The columns (unit inputs) a block covers in each of its rows.</summary>
    private static IEnumerable<int> Columns(Block block, int fanIn) => block.IsPartOfRow
        ? Enumerable.Range(block.FirstColumn, block.LastColumn - block.FirstColumn + 1)
        : Enumerable.Range(0, fanIn);

    /// <summary>
    /// One statement <c>prefix head + t0 + t1 + … suffix</c>. Past <see cref="TermsPerGroup"/> terms the
    /// terms go in parenthesized groups, one per line: each group is a chain of additions independent of
    /// the others, so the CPU overlaps them instead of waiting on one long chain (the JIT keeps the
    /// order of floating-point additions exactly as written). A line that would be wider than the writer's
    /// <see cref="CodeWriter.Width"/> is broken before a <c>+</c> (<see cref="Wrapped"/>): the additions stay as they are.
    /// </summary>
    private IEnumerable<string> Sum(string prefix, string? head, IEnumerable<string> terms, string suffix)
    {
        List<string> all = terms.ToList();
        if (all.Count <= TermsPerGroup)
        {
            string oneLine = $$"""{{prefix}}{{string.Join(" + ", head is null ? all : all.Prepend(head))}}{{suffix}}""";
            if (_w.Fits(oneLine, _w.Width) || all.Count == 0)
            {
                return new[] { oneLine };
            }

            // Too wide for one line: the head on the first, as when the terms are grouped; the terms after it.
            return head is null
                ? Wrapped($$"""{{prefix}}{{all[0]}}""", all.Skip(1), suffix, "    ")
                : Wrapped($$"""    + {{all[0]}}""", all.Skip(1), suffix, "    ").Prepend($$"""{{prefix}}{{head}}""");
        }

        var lines = new List<string>();
        bool first = true;
        if (head is not null)
        {
            lines.Add($$"""{{prefix}}{{head}}""");
            first = false;
        }

        for (int start = 0; start < all.Count; start += TermsPerGroup)
        {
            List<string> group = all.Skip(start).Take(TermsPerGroup).ToList();
            bool last = start + TermsPerGroup >= all.Count;
            lines.AddRange(Wrapped(
                $$"""{{(first ? prefix : "    + ")}}({{group[0]}}""",
                group.Skip(1),
                $$"""){{(last ? suffix : string.Empty)}}""",
                "        "));
            first = false;
        }

        return lines;
    }

    /// <summary>
    /// <paramref name="first"/>, then <c> + term</c> for each of <paramref name="terms"/>, then <paramref name="suffix"/>: on one
    /// line if it fits in the writer's <see cref="CodeWriter.Width"/>, else broken before a <c>+</c>, each further line starting with
    /// <paramref name="continuation"/>. Only the line breaks differ from the one-line form.
    /// </summary>
    private IEnumerable<string> Wrapped(string first, IEnumerable<string> terms, string suffix, string continuation)
    {
        List<string> rest = terms.ToList();
        string line = first;
        for (int n = 0; n < rest.Count; n++)
        {
            string tail = n == rest.Count - 1 ? suffix : string.Empty;
            if (!_w.Fits($$"""{{line}} + {{rest[n]}}{{tail}}""", _w.Width))
            {
                yield return line;
                line = $$"""{{continuation}}+ {{rest[n]}}""";
            }
            else
            {
                line = $$"""{{line}} + {{rest[n]}}""";
            }
        }

        yield return $$"""{{line}}{{suffix}}""";
    }
}
