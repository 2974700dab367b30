using System;
using System.Collections.Generic;
using System.Linq;
using NetGen.Generator.Model;
using static NetGen.Generator.Emitting.Names;

namespace NetGen.Generator.Emitting;

/// <summary>
/// Unrolled layers: straight-line code, one statement per multiply-add with every index a constant, cut into
/// methods of whole rows by <see cref="BlockPlan"/>.
/// </summary>
internal sealed partial class MlpEmitter
{
    private void WriteUnrolledLayers()
    {
        foreach (int layer in _shape.Layers)
        {
            int fanIn = _shape.Size(layer - 1);
            string x = In(layer, "x"), a = Numbered("a", layer), w = Numbered("w", layer), b = Numbered("b", layer);
            WriteBlocks(
                new Phase(PhaseKind.Layer, layer),
                units => $$"""{{BlockTitle(layer)}} {{units}}:  {{LayerEquation(layer)}},  {{WeightIndex(layer)}}""",
                "void",
                $$"""{{InputType(layer)}} {{x}}, {{(layer == L ? _span : BufferType(readOnly: false))}} {{a}}""",
                new[] { FixLength(x, Count(layer - 1)), FixLength(a, Count(layer)) },
                new[] { ReadOnlyView(w, WeightOffset(layer), WeightLength(layer)), ReadOnlyView(b, BiasOffset(layer), Count(layer)) },
                (j, _) => Sum(
                    $$"""{{At(a, j)}} = """,
                    Element(b, ParametersField, BiasOffset(layer), j),
                    Enumerable.Range(0, fanIn).Select(n => $$"""{{Element(w, ParametersField, WeightOffset(layer), _shape.WeightAt(layer, j, n))}} * {{Read(x, n)}}"""),
                    ";"),
                reads: block => Reads(x, Enumerable.Range(0, fanIn)));
        }

        if (_shape.Head != OutputHead.Sigmoid)
        {
            WriteOutputDeltasLoop();
        }
        else
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
            WriteBlocks(
                new Phase(PhaseKind.Deltas, layer),
                unitList => $$"""{{BlockTitle(layer)}} {{unitList}}:  {{HiddenDeltaEquation(layer)}}""",
                "void",
                $$"""{{BufferType(readOnly: true)}} {{z}}, {{BufferType(readOnly: true)}} {{dAbove}}, {{BufferType(readOnly: false)}} {{d}}""",
                new[] { FixLength(z, Count(layer)), FixLength(dAbove, Count(layer + 1)), FixLength(d, Count(layer)) },
                new[] { ReadOnlyView(w, WeightOffset(layer + 1), WeightLength(layer + 1)) },
                (j, _) => Sum(
                    $$"""{{At(d, j)}} = {{Derivative(Read(z, j))}} * (""",
                    null,
                    Enumerable.Range(0, above).Select(k => $$"""{{Element(w, ParametersField, WeightOffset(layer + 1), _shape.WeightAt(layer + 1, k, j))}} * {{Read(dAbove, k)}}"""),
                    ");"),
                reads: block => Reads(dAbove, Enumerable.Range(0, above)).Concat(Reads(z, Enumerable.Range(block.First, block.Last - block.First + 1))));
        }

        for (int layer = L; layer >= 1; layer--)
        {
            int fanIn = _shape.Size(layer - 1);
            string x = In(layer, "x"), d = D(layer), gw = Numbered("gw", layer), gb = Numbered("gb", layer);
            string u = UnitIndex(layer), v = InputIndex(layer);
            WriteBlocks(
                new Phase(PhaseKind.AccumulateGradients, layer),
                units => $$"""{{BlockTitle(layer)}} {{units}}:  ∂ℓ/∂w_{{u}}{{v}} += δ_{{u}} {{Sym(layer - 1)}}_{{v}},  ∂ℓ/∂b_{{u}} += δ_{{u}}  (δ_{{u}} read once into a local: the stores cannot change it)""",
                "void",
                $$"""{{InputType(layer)}} {{x}}, {{BufferType(readOnly: true)}} {{d}}""",
                new[] { FixLength(x, Count(layer - 1)), FixLength(d, Count(layer)) },
                new[]
                {
                    View(gw, State(GradientsField), WeightOffset(layer), WeightLength(layer)),
                    View(gb, State(GradientsField), BiasOffset(layer), Count(layer)),
                },
                (row, block) => Columns(block, fanIn)
                    .Select(n => $$"""{{Element(gw, GradientsField, WeightOffset(layer), _shape.WeightAt(layer, row, n))}} += {{DeltaLocal(d, row)}} * {{Read(x, n)}};""")
                    .Concat(BiasIn(block, fanIn, $$"""{{Element(gb, GradientsField, BiasOffset(layer), row)}} += {{DeltaLocal(d, row)}};"""))
                    .Prepend($$"""{{_t}} {{DeltaLocal(d, row)}} = {{At(d, row)}};"""),
                reads: block => Reads(x, Columns(block, fanIn)));
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

        WriteScratchFields();
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
            $$"""{{InputType(layer)}} {{unitInput}}, {{BufferType(readOnly: true)}} {{delta}}, {{_t}} eta, {{_t}} decay""",
            new[] { FixLength(unitInput, Count(layer - 1)), FixLength(delta, Count(layer)) },
            new[]
            {
                View(w, State(ParametersField), WeightOffset(layer), WeightLength(layer)),
                View(b, State(ParametersField), BiasOffset(layer), Count(layer)),
            },
            (row, block) => Columns(block, fanIn)
                .Select(n => (Weight: Element(w, ParametersField, WeightOffset(layer), _shape.WeightAt(layer, row, n)), Input: Read(unitInput, n)))
                .Select(t => $$"""{{t.Weight}} -= eta * ({{DeltaLocal(delta, row)}} * {{t.Input}} + decay * {{t.Weight}});""")
                .Concat(BiasIn(block, fanIn, $$"""{{Element(b, ParametersField, BiasOffset(layer), row)}} -= eta * {{DeltaLocal(delta, row)}};"""))
                .Prepend($$"""{{_t}} {{DeltaLocal(delta, row)}} = {{At(delta, row)}};"""),
            reads: block => Reads(unitInput, Columns(block, fanIn)));
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
            (row, block) => Columns(block, fanIn)
                .Select(n => _shape.WeightAt(layer, row, n))
                .Select(at => (Weight: Element(w, ParametersField, WeightOffset(layer), at), Gradient: Element(gw, GradientsField, WeightOffset(layer), at)))
                .Select(t => $$"""{{t.Weight}} -= eta * ({{t.Gradient}} * invB + decay * {{t.Weight}});""")
                .Concat(BiasIn(block, fanIn, $$"""{{Element(b, ParametersField, BiasOffset(layer), row)}} -= eta * {{Element(gb, GradientsField, BiasOffset(layer), row)}} * invB;""")));
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
        $$"""{{_readOnlySpan}} {{name}} = new({{field}}, {{offset}}, {{length}});""";

    private string View(string name, string field, string offset, string length) =>
        $$"""{{_span}} {{name}} = new({{field}}, {{offset}}, {{length}});""";

    /// <summary>
    /// Writes the methods of one phase: a summary with the equation (<paramref name="summary"/> of the block's units),
    /// fixed-length views, then the rows' statements.
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
        Func<Block, IEnumerable<string>>? reads = null)
    {
        string name = Name(phase);
        foreach (Block block in BlockPlan.For(phase, _shape))
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

    /// <summary>The row's bias statement, in the block that holds the row's last column.</summary>
    private static IEnumerable<string> BiasIn(Block block, int fanIn, string statement) =>
        !block.IsPartOfRow || block.LastColumn == fanIn - 1 ? new[] { statement } : Array.Empty<string>();

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
