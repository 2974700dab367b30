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
            string x = In(layer, "x"), a = "a" + N(layer), w = "w" + N(layer), b = "b" + N(layer);
            WriteBlocks(
                new Phase(PhaseKind.Layer, layer),
                BlockTitle(layer) + " {0}:  " + LayerEquation(layer) + ",  " + WeightIndex(layer),
                "void", _readOnlySpan + " " + x + ", " + _span + " " + a,
                new[] { x + " = " + x + ".Slice(0, " + Count(layer - 1) + ");", a + " = " + a + ".Slice(0, " + Count(layer) + ");" },
                new[] { ReadOnlyView(w, WeightOffset(layer), Count(layer) + " * " + Count(layer - 1)), ReadOnlyView(b, BiasOffset(layer), Count(layer)) },
                (j, _) => Sum(a + "[" + N(j) + "] = ", b + "[" + N(j) + "]", Enumerable.Range(0, fanIn).Select(n => w + "[" + N((j * fanIn) + n) + "] * " + x + "[" + N(n) + "]"), ";"));
        }

        if (_shape.Head != OutputHead.Sigmoid)
        {
            WriteOutputDeltasLoop();
        }
        else
        {
            string a = AOut, d = D(L);
            WriteBlocks(
                new Phase(PhaseKind.OutputDeltas, L),
                "Output {0}, sigmoid + binary cross-entropy:  δ_k = σ(a_k) − t_k,  ℓ_k = softplus(a_k) − t_k a_k; returns Σ_k ℓ_k",
                _t, _readOnlySpan + " " + a + ", " + _readOnlySpan + " t, " + _span + " " + d,
                new[] { a + " = " + a + ".Slice(0, OutputCount);", "t = t.Slice(0, OutputCount);", d + " = " + d + ".Slice(0, OutputCount);" },
                new[] { _t + " loss = " + Lit("0") + ";" },
                (k, _) => new[]
                {
                    d + "[" + N(k) + "] = " + OutputDelta + "(" + a + "[" + N(k) + "], t[" + N(k) + "], ref loss);",
                },
                epilogue: "return loss;");
        }

        for (int layer = L - 1; layer >= 1; layer--)
        {
            int units = _shape.Size(layer), above = _shape.Size(layer + 1);
            string z = Z(layer), dAbove = D(layer + 1), d = D(layer), w = "w" + N(layer + 1);
            WriteBlocks(
                new Phase(PhaseKind.Deltas, layer),
                BlockTitle(layer) + " {0}:  " + HiddenDeltaEquation(layer),
                "void", _readOnlySpan + " " + z + ", " + _readOnlySpan + " " + dAbove + ", " + _span + " " + d,
                new[] { z + " = " + z + ".Slice(0, " + Count(layer) + ");", dAbove + " = " + dAbove + ".Slice(0, " + Count(layer + 1) + ");", d + " = " + d + ".Slice(0, " + Count(layer) + ");" },
                new[] { ReadOnlyView(w, WeightOffset(layer + 1), Count(layer + 1) + " * " + Count(layer)) },
                (j, _) => Sum(
                    d + "[" + N(j) + "] = " + Derivative(z + "[" + N(j) + "]") + " * (",
                    null,
                    Enumerable.Range(0, above).Select(k => w + "[" + N((k * units) + j) + "] * " + dAbove + "[" + N(k) + "]"),
                    ");"));
        }

        for (int layer = L; layer >= 1; layer--)
        {
            int fanIn = _shape.Size(layer - 1);
            string x = In(layer, "x"), d = D(layer), gw = "gw" + N(layer), gb = "gb" + N(layer);
            string u = UnitIndex(layer), v = InputIndex(layer);
            WriteBlocks(
                new Phase(PhaseKind.AccumulateGradients, layer),
                BlockTitle(layer) + " {0}:  ∂ℓ/∂w_" + u + v + " += δ_" + u + " " + Sym(layer - 1) + "_" + v + ",  ∂ℓ/∂b_" + u + " += δ_" + u
                    + "  (δ_" + u + " read once into a local: the stores cannot change it)",
                "void", _readOnlySpan + " " + x + ", " + _readOnlySpan + " " + d,
                new[] { x + " = " + x + ".Slice(0, " + Count(layer - 1) + ");", d + " = " + d + ".Slice(0, " + Count(layer) + ");" },
                new[] { View(gw, State(GradientsField), WeightOffset(layer), Count(layer) + " * " + Count(layer - 1)), View(gb, State(GradientsField), BiasOffset(layer), Count(layer)) },
                (row, block) => Columns(block, fanIn).Select(n => gw + "[" + N((row * fanIn) + n) + "] += " + d + "_" + N(row) + " * " + x + "[" + N(n) + "];")
                    .Concat(BiasIn(block, fanIn, gb + "[" + N(row) + "] += " + d + "_" + N(row) + ";"))
                    .Prepend(_t + " " + d + "_" + N(row) + " = " + d + "[" + N(row) + "];"));
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
    }

    /// <summary>One online SGD step straight from the deltas, for <see cref="TrainSample"/> when no gradients are pending.</summary>
    private void WriteTrainBlocks(int layer)
    {
        int fanIn = _shape.Size(layer - 1);
        string unitInput = In(layer, "x"), delta = D(layer), w = "w" + N(layer), b = "b" + N(layer);
        WriteBlocks(
            new Phase(PhaseKind.Train, layer),
            BlockTitle(layer) + " {0}:  w ← w − η (δ · input + (λ/N) w),  b ← b − η δ",
            "void", _readOnlySpan + " " + unitInput + ", " + _readOnlySpan + " " + delta + ", " + _t + " eta, " + _t + " decay",
            new[] { unitInput + " = " + unitInput + ".Slice(0, " + Count(layer - 1) + ");", delta + " = " + delta + ".Slice(0, " + Count(layer) + ");" },
            new[] { View(w, State(ParametersField), WeightOffset(layer), Count(layer) + " * " + Count(layer - 1)), View(b, State(ParametersField), BiasOffset(layer), Count(layer)) },
            (row, block) => Columns(block, fanIn)
                .Select(n => w + "[" + N((row * fanIn) + n) + "] -= eta * (" + delta + "_" + N(row) + " * " + unitInput + "[" + N(n) + "] + decay * "
                    + w + "[" + N((row * fanIn) + n) + "]);")
                .Concat(BiasIn(block, fanIn, b + "[" + N(row) + "] -= eta * " + delta + "_" + N(row) + ";"))
                .Prepend(_t + " " + delta + "_" + N(row) + " = " + delta + "[" + N(row) + "];"));
    }

    private void WriteUpdateBlocks(int layer)
    {
        int fanIn = _shape.Size(layer - 1);
        string weightLength = Count(layer) + " * " + Count(layer - 1), biasLength = Count(layer);
        string w = "w" + N(layer), b = "b" + N(layer), gw = "gw" + N(layer), gb = "gb" + N(layer);
        WriteBlocks(
            new Phase(PhaseKind.Update, layer),
            BlockTitle(layer) + " {0}:  w ← w − η (G_w/B + (λ/N) w),  b ← b − η G_b/B",
            "void", _t + " eta, " + _t + " invB, " + _t + " decay",
            Array.Empty<string>(),
            new[]
            {
                View(w, State(ParametersField), WeightOffset(layer), weightLength),
                View(b, State(ParametersField), BiasOffset(layer), biasLength),
                ReadOnlyView(gw, State(GradientsField), WeightOffset(layer), weightLength),
                ReadOnlyView(gb, State(GradientsField), BiasOffset(layer), biasLength),
            },
            (row, block) => Columns(block, fanIn)
                .Select(n => N((row * fanIn) + n))
                .Select(at => w + "[" + at + "] -= eta * (" + gw + "[" + at + "] * invB + decay * " + w + "[" + at + "]);")
                .Concat(BiasIn(block, fanIn, b + "[" + N(row) + "] -= eta * " + gb + "[" + N(row) + "] * invB;")));
    }

    private string ReadOnlyView(string name, string offset, string length) => ReadOnlyView(name, State(ParametersField), offset, length);

    private string ReadOnlyView(string name, string field, string offset, string length) =>
        _readOnlySpan + " " + name + " = new(" + field + ", " + offset + ", " + length + ");";

    private string View(string name, string field, string offset, string length) =>
        _span + " " + name + " = new(" + field + ", " + offset + ", " + length + ");";

    /// <summary>
    /// Writes the methods of one phase: a summary with the equation, fixed-length views, then the
    /// rows' statements.
    /// </summary>
    private void WriteBlocks(
        Phase phase,
        string equation,
        string returnType,
        string parameters,
        IReadOnlyList<string> fixLengths,
        IReadOnlyList<string> views,
        Func<int, Block, IEnumerable<string>> row,
        string? epilogue = null)
    {
        string name = Name(phase);
        foreach (Block block in BlockPlan.For(phase, _shape))
        {
            _w.Line("/// <summary>" + string.Format(System.Globalization.CultureInfo.InvariantCulture, equation, Units(block)) + "</summary>");
            Generated();
            if (block.Terms <= BlockPlan.InlineTerms)
            {
                _w.Line(AggressiveInlining);
            }

            _w.Open("private static " + returnType + " " + Block(name, block) + "(" + StateParameters(phase) + parameters + ")");
            if (fixLengths.Count > 0)
            {
                _w.Line("// Spans of constant length: the JIT proves every index below in range and drops the bounds checks.");
                foreach (string line in fixLengths)
                {
                    _w.Line(line);
                }
            }

            foreach (string line in views)
            {
                _w.Line(line);
            }

            if (phase.Kind is PhaseKind.Layer or PhaseKind.Deltas && block.TermsPerRow > TermsPerGroup)
            {
                _w.Line("// Each sum adds groups of " + N(TermsPerGroup) + " terms: independent chains of additions that the CPU overlaps.");
            }

            _w.Line();
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

            _w.Close();
            _w.Line();
        }
    }

    private static string Units(Block block) => block.IsPartOfRow
        ? "unit " + N(block.First) + ", inputs " + N(block.FirstColumn) + "–" + N(block.LastColumn)
        : block.First == block.Last
            ? "unit " + N(block.First)
            : "units " + N(block.First) + "–" + N(block.Last);

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
    /// order of floating-point additions exactly as written).
    /// </summary>
    private static IEnumerable<string> Sum(string prefix, string? head, IEnumerable<string> terms, string suffix)
    {
        List<string> all = terms.ToList();
        if (all.Count <= TermsPerGroup)
        {
            yield return prefix + string.Join(" + ", head is null ? all : all.Prepend(head)) + suffix;
            yield break;
        }

        bool first = true;
        if (head is not null)
        {
            yield return prefix + head;
            first = false;
        }

        for (int start = 0; start < all.Count; start += TermsPerGroup)
        {
            string group = "(" + string.Join(" + ", all.Skip(start).Take(TermsPerGroup)) + ")";
            bool last = start + TermsPerGroup >= all.Count;
            yield return (first ? prefix : "    + ") + group + (last ? suffix : string.Empty);
            first = false;
        }
    }
}
