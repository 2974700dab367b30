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
        int i = _shape.Inputs, h = _shape.Hidden;

        WriteBlocks(
            Phase.HiddenLayer,
            "Hidden {0}:  a_j = Σ_i w_ji x_i + b_j,  w_ji = W1[j·InputCount + i]",
            "void", _readOnlySpan + " x, " + _span + " a1",
            new[] { "x = x.Slice(0, InputCount);", "a1 = a1.Slice(0, HiddenCount);" },
            new[] { ReadOnlyView("w1", W1Offset, "HiddenCount * InputCount"), ReadOnlyView("b1", B1Offset, "HiddenCount") },
            (j, _) => Sum("a1[" + N(j) + "] = ", "b1[" + N(j) + "]", Enumerable.Range(0, i).Select(n => "w1[" + N((j * i) + n) + "] * x[" + N(n) + "]"), ";"));

        WriteBlocks(
            Phase.OutputLayer,
            "Output {0}:  a_k = Σ_j w_kj z_j + b_k,  w_kj = W2[k·HiddenCount + j]",
            "void", _readOnlySpan + " z1, " + _span + " a2",
            new[] { "z1 = z1.Slice(0, HiddenCount);", "a2 = a2.Slice(0, OutputCount);" },
            new[] { ReadOnlyView("w2", W2Offset, "OutputCount * HiddenCount"), ReadOnlyView("b2", B2Offset, "OutputCount") },
            (k, _) => Sum("a2[" + N(k) + "] = ", "b2[" + N(k) + "]", Enumerable.Range(0, h).Select(n => "w2[" + N((k * h) + n) + "] * z1[" + N(n) + "]"), ";"));

        if (_shape.Head != OutputHead.Sigmoid)
        {
            WriteOutputDeltasLoop();
        }
        else
        {
            WriteBlocks(
                Phase.OutputDeltas,
                "Output {0}, sigmoid + binary cross-entropy:  δ_k = σ(a_k) − t_k,  ℓ_k = softplus(a_k) − t_k a_k; returns Σ_k ℓ_k",
                _t, _readOnlySpan + " a2, " + _readOnlySpan + " t, " + _span + " d2",
                new[] { "a2 = a2.Slice(0, OutputCount);", "t = t.Slice(0, OutputCount);", "d2 = d2.Slice(0, OutputCount);" },
                new[] { _t + " loss = " + Lit("0") + ";" },
                (k, _) => new[]
                {
                    "d2[" + N(k) + "] = " + OutputDelta + "(a2[" + N(k) + "], t[" + N(k) + "], ref loss);",
                },
                epilogue: "return loss;");
        }

        WriteBlocks(
            Phase.HiddenDeltas,
            "Hidden {0}:  " + HiddenDeltaEquation,
            "void", _readOnlySpan + " z1, " + _readOnlySpan + " d2, " + _span + " d1",
            new[] { "z1 = z1.Slice(0, HiddenCount);", "d2 = d2.Slice(0, OutputCount);", "d1 = d1.Slice(0, HiddenCount);" },
            new[] { ReadOnlyView("w2", W2Offset, "OutputCount * HiddenCount") },
            (j, _) => Sum(
                "d1[" + N(j) + "] = " + Derivative("z1[" + N(j) + "]") + " * (",
                null,
                Enumerable.Range(0, _shape.Outputs).Select(k => "w2[" + N((k * h) + j) + "] * d2[" + N(k) + "]"),
                ");"));

        WriteBlocks(
            Phase.AccumulateOutputGradients,
            "Output {0}:  ∂ℓ/∂w_kj += δ_k z_j,  ∂ℓ/∂b_k += δ_k  (δ_k read once into a local: the stores cannot change it)",
            "void", _readOnlySpan + " z1, " + _readOnlySpan + " d2",
            new[] { "z1 = z1.Slice(0, HiddenCount);", "d2 = d2.Slice(0, OutputCount);" },
            new[] { View("gw2", GradientsField, W2Offset, "OutputCount * HiddenCount"), View("gb2", GradientsField, B2Offset, "OutputCount") },
            (k, block) => Columns(block, h).Select(j => "gw2[" + N((k * h) + j) + "] += d2_" + N(k) + " * z1[" + N(j) + "];")
                .Concat(BiasIn(block, h, "gb2[" + N(k) + "] += d2_" + N(k) + ";"))
                .Prepend(_t + " d2_" + N(k) + " = d2[" + N(k) + "];"));

        WriteBlocks(
            Phase.AccumulateHiddenGradients,
            "Hidden {0}:  ∂ℓ/∂w_ji += δ_j x_i,  ∂ℓ/∂b_j += δ_j  (δ_j read once into a local: the stores cannot change it)",
            "void", _readOnlySpan + " x, " + _readOnlySpan + " d1",
            new[] { "x = x.Slice(0, InputCount);", "d1 = d1.Slice(0, HiddenCount);" },
            new[] { View("gw1", GradientsField, W1Offset, "HiddenCount * InputCount"), View("gb1", GradientsField, B1Offset, "HiddenCount") },
            (j, block) => Columns(block, i).Select(n => "gw1[" + N((j * i) + n) + "] += d1_" + N(j) + " * x[" + N(n) + "];")
                .Concat(BiasIn(block, i, "gb1[" + N(j) + "] += d1_" + N(j) + ";"))
                .Prepend(_t + " d1_" + N(j) + " = d1[" + N(j) + "];"));

        if (_shape.Optimizer == OptimizerKind.Sgd)
        {
            WriteUpdateBlocks(Phase.UpdateHiddenLayer, "Hidden {0}", "1", W1Offset, B1Offset, "HiddenCount * InputCount", "HiddenCount", i);
            WriteUpdateBlocks(Phase.UpdateOutputLayer, "Output {0}", "2", W2Offset, B2Offset, "OutputCount * HiddenCount", "OutputCount", h);
            WriteTrainBlocks(Phase.TrainOutputLayer, "Output {0}", "2", "z1", "HiddenCount", "d2", "OutputCount", W2Offset, B2Offset, "OutputCount * HiddenCount", "OutputCount", h);
            WriteTrainBlocks(Phase.TrainHiddenLayer, "Hidden {0}", "1", "x", "InputCount", "d1", "HiddenCount", W1Offset, B1Offset, "HiddenCount * InputCount", "HiddenCount", i);
        }
    }

    /// <summary>One online SGD step straight from the deltas, for <see cref="TrainSample"/> when no gradients are pending.</summary>
    private void WriteTrainBlocks(
        Phase phase, string units, string layer, string unitInput, string inputCount, string delta, string deltaCount,
        string weightOffset, string biasOffset, string weightLength, string biasLength, int fanIn)
    {
        string w = "w" + layer, b = "b" + layer;
        WriteBlocks(
            phase,
            units + ":  w ← w − η (δ · input + (λ/N) w),  b ← b − η δ",
            "void", _readOnlySpan + " " + unitInput + ", " + _readOnlySpan + " " + delta + ", " + _t + " eta, " + _t + " decay",
            new[] { unitInput + " = " + unitInput + ".Slice(0, " + inputCount + ");", delta + " = " + delta + ".Slice(0, " + deltaCount + ");" },
            new[] { View(w, ParametersField, weightOffset, weightLength), View(b, ParametersField, biasOffset, biasLength) },
            (row, block) => Columns(block, fanIn)
                .Select(n => w + "[" + N((row * fanIn) + n) + "] -= eta * (" + delta + "_" + N(row) + " * " + unitInput + "[" + N(n) + "] + decay * "
                    + w + "[" + N((row * fanIn) + n) + "]);")
                .Concat(BiasIn(block, fanIn, b + "[" + N(row) + "] -= eta * " + delta + "_" + N(row) + ";"))
                .Prepend(_t + " " + delta + "_" + N(row) + " = " + delta + "[" + N(row) + "];"));
    }

    private void WriteUpdateBlocks(Phase phase, string units, string layer, string weightOffset, string biasOffset, string weightLength, string biasLength, int fanIn)
    {
        string w = "w" + layer, b = "b" + layer, gw = "gw" + layer, gb = "gb" + layer;
        WriteBlocks(
            phase,
            units + ":  w ← w − η (G_w/B + (λ/N) w),  b ← b − η G_b/B",
            "void", _t + " eta, " + _t + " invB, " + _t + " decay",
            Array.Empty<string>(),
            new[]
            {
                View(w, ParametersField, weightOffset, weightLength),
                View(b, ParametersField, biasOffset, biasLength),
                ReadOnlyView(gw, GradientsField, weightOffset, weightLength),
                ReadOnlyView(gb, GradientsField, biasOffset, biasLength),
            },
            (row, block) => Columns(block, fanIn)
                .Select(n => N((row * fanIn) + n))
                .Select(at => w + "[" + at + "] -= eta * (" + gw + "[" + at + "] * invB + decay * " + w + "[" + at + "]);")
                .Concat(BiasIn(block, fanIn, b + "[" + N(row) + "] -= eta * " + gb + "[" + N(row) + "] * invB;")));
    }

    private string ReadOnlyView(string name, string offset, string length) => ReadOnlyView(name, ParametersField, offset, length);

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
        foreach (Block block in BlockPlan.For(phase, _shape))
        {
            _w.Line("/// <summary>" + string.Format(System.Globalization.CultureInfo.InvariantCulture, equation, Units(block)) + "</summary>");
            _w.Line(GeneratedCode);
            if (block.Terms <= BlockPlan.InlineTerms)
            {
                _w.Line(AggressiveInlining);
            }

            _w.Open("private " + returnType + " " + Block(phase, block) + "(" + parameters + ")");
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

            if (phase is Phase.HiddenLayer or Phase.OutputLayer or Phase.HiddenDeltas && block.TermsPerRow > TermsPerGroup)
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
