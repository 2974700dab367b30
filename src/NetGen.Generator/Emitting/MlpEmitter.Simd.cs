using System;
using System.Collections.Generic;
using System.Linq;
using NetGen.Generator.Model;
using static NetGen.Generator.Emitting.Names;

namespace NetGen.Generator.Emitting;

/// <summary>
/// SIMD layers: per phase, one dispatching method and three kernels, for Vector512, Vector256 and Vector128. The
/// dispatcher tests <c>VectorN.IsHardwareAccelerated</c>, constants to the JIT, which keeps only the call to the
/// widest accelerated kernel. Inside a kernel every size, offset and trip count is a constant; the columns a full
/// vector does not cover are done 128 bits at a time, then one at a time, each loop written only when it runs.
/// </summary>
internal sealed partial class MlpEmitter
{
    private const string Unsafe = "global::System.Runtime.CompilerServices.Unsafe";
    private const string DataReference = "global::System.Runtime.InteropServices.MemoryMarshal.GetArrayDataReference";
    private const string SpanReference = "global::System.Runtime.InteropServices.MemoryMarshal.GetReference";

    /// <summary>Rows of a layer computed together by a forward kernel: each input vector is loaded once for all of them.</summary>
    private const int RowsPerBlock = 4;

    private static string VectorType(int bits) => "global::System.Runtime.Intrinsics.Vector" + N(bits);

    private string VectorOf(int bits) => VectorType(bits) + "<" + _t + ">";

    private static string Load(int bits, string reference, string index) =>
        VectorType(bits) + ".LoadUnsafe(ref " + reference + ", (nuint)(" + index + "))";

    private static string Store(int bits, string value, string reference, string index) =>
        VectorType(bits) + ".StoreUnsafe(" + value + ", ref " + reference + ", (nuint)(" + index + "));";

    /// <summary>f'(a) on every lane, from <paramref name="z"/> = f(a): the same operations as <see cref="Derivative"/>.</summary>
    private string VectorDerivative(int width, string z)
    {
        string v = VectorType(width);
        return _shape.Activation switch
        {
            HiddenActivation.Tanh => v + ".Create(" + Lit("1") + ") - (" + z + " * " + z + ")",
            HiddenActivation.Relu => v + ".ConditionalSelect(" + v + ".GreaterThan(" + z + ", " + VectorOf(width) + ".Zero), " + v + ".Create(" + Lit("1") + "), " + VectorOf(width) + ".Zero)",
            _ => z + " * (" + v + ".Create(" + Lit("1") + ") - " + z + ")",
        };
    }

    /// <summary>a·b + c, fused (rounded once) where the runtime has it.</summary>
    private string MultiplyAdd(int bits, string a, string b, string c) => _model.FusedMultiplyAdd
        ? VectorType(bits) + ".FusedMultiplyAdd(" + a + ", " + b + ", " + c + ")"
        : c + " + (" + a + " * " + b + ")";

    private static string At(string reference, string index) => Unsafe + ".Add(ref " + reference + ", " + index + ")";

    private void WriteSimdLayers()
    {
        foreach (int layer in _shape.Layers)
        {
            string x = In(layer, "x"), a = "a" + N(layer);
            WriteSimdPhase(
                new Phase(PhaseKind.Layer, layer),
                UnitsTitle(layer) + ":  " + LayerEquation(layer) + ",  " + WeightIndex(layer),
                _readOnlySpan + " " + x + ", " + _span + " " + a,
                x + ", " + a,
                bits => WriteDotKernel(bits, x, Count(layer - 1), _shape.Size(layer - 1), a, Count(layer), _shape.Size(layer), WeightOffset(layer), BiasOffset(layer)));
            if (BatchBlocking.Applies(_shape))
            {
                string group = N(BatchBlocking.Samples), u = UnitIndex(layer), v = InputIndex(layer);
                WriteSimdPhase(
                    new Phase(PhaseKind.LayerBatch, layer),
                    UnitsTitle(layer) + " of " + group + " samples at once (ForwardBatch, TrainBatch), sample s's inputs at s·" + Count(layer - 1) + " and sums at s·" + Count(layer) + ":  "
                        + "a_s" + u + " = Σ_" + v + " w_" + u + v + " " + Sym(layer - 1) + "_s" + v + " + b_" + u + ", each weight vector loaded once for the " + group + " samples",
                    _readOnlySpan + " " + x + ", " + _span + " " + a,
                    x + ", " + a,
                    bits => WriteDotKernel(bits, x, Count(layer - 1), _shape.Size(layer - 1), a, Count(layer), _shape.Size(layer), WeightOffset(layer), BiasOffset(layer), BatchBlocking.Samples));
            }
        }

        if (_shape.Head != OutputHead.Sigmoid)
        {
            WriteOutputDeltasLoop();
        }
        else
        {
            var phase = new Phase(PhaseKind.OutputDeltas, L);
            string deltas = Block(Name(phase), BlockPlan.For(phase, _shape)[0]);
            string a = AOut, d = D(L);
            _w.Line("/// <summary>Output units, sigmoid + binary cross-entropy:  δ_k = σ(a_k) − t_k,  ℓ_k = softplus(a_k) − t_k a_k; returns Σ_k ℓ_k</summary>");
            Generated();
            _w.Open("private static " + _t + " " + deltas + "(" + _readOnlySpan + " " + a + ", " + _readOnlySpan + " t, " + _span + " " + d + ")");
            _w.Line(a + " = " + a + ".Slice(0, OutputCount);");
            _w.Line("t = t.Slice(0, OutputCount);");
            _w.Line(d + " = " + d + ".Slice(0, OutputCount);");
            _w.Line(_t + " loss = " + Lit("0") + ";");
            _w.Open("for (int k = 0; k < OutputCount; k++)");
            _w.Line(d + "[k] = " + OutputDelta + "(" + a + "[k], t[k], ref loss);");
            _w.Close();
            _w.Line();
            _w.Line("return loss;");
            _w.Close();
            _w.Line();
        }

        for (int layer = L - 1; layer >= 1; layer--)
        {
            WriteHiddenDeltasPhase(layer);
        }

        for (int layer = L; layer >= 1; layer--)
        {
            WriteAccumulatePhase(layer, 1);
        }

        if (BatchBlocking.AppliesToTraining(_shape))
        {
            for (int layer = L; layer >= 1; layer--)
            {
                WriteAccumulatePhase(layer, BatchBlocking.Samples);
            }
        }

        if (_shape.Optimizer == OptimizerKind.Sgd)
        {
            foreach (int layer in _shape.Layers)
            {
                WriteUpdatePhase(layer);
            }

            for (int layer = L; layer >= 1; layer--)
            {
                WriteTrainPhase(layer);
            }
        }
    }

    /// <summary>δ_j = f'(a_j) Σ_k w_kj δ_k for hidden layer <paramref name="layer"/>, a vector of units j at a time, each row k of the weights above read along j.</summary>
    private void WriteHiddenDeltasPhase(int layer)
    {
        string z1 = Z(layer), d2 = D(layer + 1), d1 = D(layer), units = Count(layer), above = Count(layer + 1), weights = WeightOffset(layer + 1);
        WriteSimdPhase(
            new Phase(PhaseKind.Deltas, layer),
            UnitsTitle(layer) + ":  " + HiddenDeltaEquation(layer) + ", a vector of units j at a time, each row k of W" + N(layer + 1) + " read along j",
            _readOnlySpan + " " + z1 + ", " + _readOnlySpan + " " + d2 + ", " + _span + " " + d1,
            z1 + ", " + d2 + ", " + d1,
            bits =>
            {
                _w.Line(z1 + " = " + z1 + ".Slice(0, " + units + ");");
                _w.Line(d2 + " = " + d2 + ".Slice(0, " + above + ");");
                _w.Line(d1 + " = " + d1 + ".Slice(0, " + units + ");");
                _w.Line("ref " + _t + " p = ref " + DataReference + "(" + State(ParametersField) + ");");
                _w.Line("ref " + _t + " z = ref " + SpanReference + "(" + z1 + ");");
                _w.Line("ref " + _t + " d = ref " + SpanReference + "(" + d1 + ");");
                _w.Line("int j = 0;");
                WriteColumns(bits, "j", units, _shape.Size(layer), width =>
                {
                    if (width == 0)
                    {
                        return new[]
                        {
                            _t + " s = " + Lit("0") + ";",
                            "for (int k = 0; k < " + above + "; k++)",
                            "{",
                            "    s += " + d2 + "[k] * " + At("p", weights + " + (k * " + units + ") + j") + ";",
                            "}",
                            string.Empty,
                            d1 + "[j] = (" + Derivative(z1 + "[j]") + ") * s;",
                        };
                    }

                    return new[]
                    {
                        VectorOf(width) + " s = " + VectorOf(width) + ".Zero;",
                        "for (int k = 0; k < " + above + "; k++)",
                        "{",
                        "    s = " + MultiplyAdd(width, VectorType(width) + ".Create(" + d2 + "[k])", Load(width, "p", weights + " + (k * " + units + ") + j"), "s") + ";",
                        "}",
                        string.Empty,
                        VectorOf(width) + " zj = " + Load(width, "z", "j") + ";",
                        Store(width, "(" + VectorDerivative(width, "zj") + ") * s", "d", "j"),
                    };
                });
            });
    }

    /// <summary>Writes a phase's dispatcher and its three kernels.</summary>
    private void WriteSimdPhase(Phase phase, string summary, string parameters, string arguments, Action<int> kernel)
    {
        string name = Block(Name(phase), BlockPlan.For(phase, _shape)[0]);
        _w.Line("/// <summary>" + summary + ": calls the kernel for the widest vectors the machine accelerates.</summary>");
        Generated();
        _w.Line(AggressiveInlining);
        _w.Open("private static void " + name + "(" + StateParameters(phase) + parameters + ")");
        for (int n = 0; n < VectorBits.Length; n++)
        {
            int bits = VectorBits[n];
            string call = Kernel(name, bits) + "(" + StateArguments(phase) + arguments + ");";
            if (n == VectorBits.Length - 1)
            {
                _w.Open("else");
            }
            else
            {
                _w.Open((n == 0 ? "if (" : "else if (") + VectorType(bits) + ".IsHardwareAccelerated)");
            }

            _w.Line(call);
            _w.Close();
        }

        _w.Close();
        _w.Line();

        foreach (int bits in VectorBits)
        {
            _w.Line("/// <summary>" + summary + "; " + N(Lanes(bits)) + " lanes (Vector" + N(bits) + ") at a time.</summary>");
            Generated();
            _w.Open("private static void " + Kernel(name, bits) + "(" + StateParameters(phase) + parameters + ")");
            kernel(bits);
            _w.Close();
            _w.Line();
        }
    }

    /// <summary>The vector widths (0: one element at a time) a loop over <paramref name="count"/> elements uses.</summary>
    private IReadOnlyList<int> WidthsFor(int bits, int count)
    {
        var widths = new List<int>();
        int left = count;
        foreach (int width in new[] { bits, 128 }.Distinct())
        {
            if (left >= Lanes(width))
            {
                widths.Add(width);
                left %= Lanes(width);
            }
        }

        if (left > 0)
        {
            widths.Add(0);
        }

        return widths;
    }

    /// <summary>
    /// Loops <paramref name="index"/> (declared by the caller, at 0) over <paramref name="countName"/> elements: full
    /// vectors of <paramref name="bits"/> bits, then of 128 bits, then one at a time; only the loops that run are
    /// written. <paramref name="body"/> gets the width (0: one element).
    /// </summary>
    private void WriteColumns(int bits, string index, string countName, int count, Func<int, IEnumerable<string>> body)
    {
        foreach (int width in WidthsFor(bits, count))
        {
            string step = width == 0 ? index + "++" : index + " += " + N(Lanes(width));
            string condition = width == 0 ? index + " < " + countName : index + " <= " + countName + " - " + N(Lanes(width));
            _w.Open("for (; " + condition + "; " + step + ")");
            foreach (string line in body(width))
            {
                _w.Line(line);
            }

            _w.Close();
            _w.Line();
        }
    }

    /// <summary>
    /// a = W·x + b for one layer, several rows at a time (<see cref="RowsPerBlock"/>; for
    /// <paramref name="samples"/> samples at once, <see cref="BatchBlocking.RowsFor"/>): each row and sample keeps its
    /// own sums (one per width used), so every vector of x serves all the block's rows and every vector of W all its
    /// samples. A sample's sums run in the same order whatever the number of samples, so the results are identical.
    /// </summary>
    private void WriteDotKernel(
        int bits, string x, string inputCount, int inputs, string a, string rowCount, int rows, string weightOffset, string biasOffset, int samples = 1)
    {
        string times = samples == 1 ? string.Empty : N(samples) + " * ";
        int perBlock = samples == 1 ? RowsPerBlock : BatchBlocking.RowsFor(bits);
        _w.Line(x + " = " + x + ".Slice(0, " + times + inputCount + ");");
        _w.Line(a + " = " + a + ".Slice(0, " + times + rowCount + ");");
        _w.Line(_readOnlySpan + " b = new(" + State(ParametersField) + ", " + biasOffset + ", " + rowCount + ");");
        _w.Line("ref " + _t + " p = ref " + DataReference + "(" + State(ParametersField) + ");");
        _w.Line("ref " + _t + " rx = ref " + SpanReference + "(" + x + ");");
        _w.Line("int j = 0;");
        if (rows >= perBlock)
        {
            _w.Line("// " + N(perBlock) + " rows at a time" + (rows % perBlock == 0 ? string.Empty : ", then the last " + N(rows % perBlock)));
            _w.Open("for (; j <= " + rowCount + " - " + N(perBlock) + "; j += " + N(perBlock) + ")");
            WriteDotRows(bits, x, inputCount, inputs, a, rowCount, perBlock, weightOffset, samples);
            _w.Close();
            if (rows % perBlock != 0)
            {
                _w.Line();
            }
        }

        if (rows % perBlock != 0)
        {
            _w.Open("// Rows " + N(rows - (rows % perBlock)) + (rows % perBlock == 1 ? string.Empty : "–" + N(rows - 1)));
            WriteDotRows(bits, x, inputCount, inputs, a, rowCount, rows % perBlock, weightOffset, samples);
            _w.Close();
        }
    }

    private void WriteDotRows(int bits, string x, string inputCount, int inputs, string a, string rowCount, int rows, string weightOffset, int samples)
    {
        IReadOnlyList<int> widths = WidthsFor(bits, inputs);
        var cells = (from r in Enumerable.Range(0, rows) from s in Enumerable.Range(0, samples) select (Row: r, Sample: s)).ToList();
        string Acc(int width, (int Row, int Sample) cell) => Accumulator(width, cell.Row) + (samples == 1 ? string.Empty : "_" + N(cell.Sample));
        string Input(int sample) => sample == 0 ? "i" : N(sample) + " * " + inputCount + " + i";
        string XName(int sample) => samples == 1 ? "xi" : "xi" + N(sample);

        _w.Line("int " + string.Join(", ", Enumerable.Range(0, rows).Select(r => "w" + N(r) + " = " + (r == 0 ? weightOffset + " + (j * " + inputCount + ")" : "w" + N(r - 1) + " + " + inputCount))) + ";");
        foreach (int width in widths)
        {
            if (width == 0)
            {
                _w.Line(_t + " " + string.Join(" = " + Lit("0") + ", ", cells.Select(c => Acc(0, c))) + " = " + Lit("0") + ";");
                continue;
            }

            _w.Line(VectorOf(width) + " " + Acc(width, cells[0]) + " = " + VectorOf(width) + ".Zero;");
            foreach (var cell in cells.Skip(1))
            {
                _w.Line(VectorOf(width) + " " + Acc(width, cell) + " = " + Acc(width, cells[0]) + ";");
            }
        }

        _w.Line("int i = 0;");
        WriteColumns(bits, "i", inputCount, inputs, width => width == 0
            ? cells.Select(c => Acc(0, c) + " += " + At("p", "w" + N(c.Row) + " + i") + " * " + x + "[" + Input(c.Sample) + "];")
            : Enumerable.Range(0, samples).Select(sample => VectorOf(width) + " " + XName(sample) + " = " + Load(width, "rx", Input(sample)) + ";")
                .Concat(Enumerable.Range(0, rows).SelectMany(r => samples == 1
                    ? new[] { Acc(width, (r, 0)) + " = " + MultiplyAdd(width, Load(width, "p", "w" + N(r) + " + i"), "xi", Acc(width, (r, 0))) + ";" }
                    : Enumerable.Range(0, samples).Select(sample => sample == 0
                        ? VectorOf(width) + " w" + N(r) + "i = " + Load(width, "p", "w" + N(r) + " + i") + "; " + Acc(width, (r, 0)) + " = " + MultiplyAdd(width, "w" + N(r) + "i", XName(0), Acc(width, (r, 0))) + ";"
                        : Acc(width, (r, sample)) + " = " + MultiplyAdd(width, "w" + N(r) + "i", XName(sample), Acc(width, (r, sample))) + ";"))));
        foreach (var cell in cells)
        {
            string total = string.Join(" + ", widths.Select(width => width == 0 ? Acc(0, cell) : VectorType(width) + ".Sum(" + Acc(width, cell) + ")"));
            string at = (samples == 1 || cell.Sample == 0 ? string.Empty : N(cell.Sample) + " * " + rowCount + " + ") + "j + " + N(cell.Row);
            _w.Line(a + "[" + at + "] = b[j + " + N(cell.Row) + "] + " + (widths.Count > 1 ? "(" + total + ")" : total) + ";");
        }
    }

    /// <summary>The name of row <paramref name="row"/>'s sum over lanes of <paramref name="width"/> bits (0: scalar).</summary>
    private static string Accumulator(int width, int row) => (width == 0 ? "u" : width == 128 ? "t" : "s") + N(row);

    /// <summary>
    /// G += δ·input for layer <paramref name="layer"/>, a row at a time. For <paramref name="samples"/> samples at once
    /// (TrainBatch), sample s's inputs at s·(units below) and deltas at s·(the layer's units): each vector of G is loaded
    /// once, gets the samples' products added in sample order, and is stored once, so the sums are rounded exactly as
    /// one Backward call per sample rounds them.
    /// </summary>
    private void WriteAccumulatePhase(int layer, int samples)
    {
        var phase = new Phase(samples == 1 ? PhaseKind.AccumulateGradients : PhaseKind.AccumulateGradientsBatch, layer);
        string x = In(layer, "x"), inputCount = Count(layer - 1), d = D(layer), rowCount = Count(layer);
        string weightOffset = WeightOffset(layer), biasOffset = BiasOffset(layer);
        int inputs = _shape.Size(layer - 1);
        string u = UnitIndex(layer), v = InputIndex(layer), s = samples == 1 ? string.Empty : "s";
        string summary = UnitsTitle(layer) + ":  ∂ℓ/∂w_" + u + v + " += δ_" + s + u + " " + Sym(layer - 1) + "_" + s + v + ",  ∂ℓ/∂b_" + u + " += δ_" + s + u;
        string times = samples == 1 ? string.Empty : N(samples) + " * ";
        IEnumerable<int> all = Enumerable.Range(0, samples);
        string Delta(int sample) => samples == 1 ? "delta" : "delta" + N(sample);
        string Input(int sample) => sample == 0 ? "i" : N(sample) + " * " + inputCount + " + i";
        string Broadcast(int sample, int width) => Delta(sample) + (samples == 1 ? string.Empty : "_") + N(width);
        WriteSimdPhase(
            phase,
            summary + (samples == 1 ? ", a row at a time" : " for " + N(samples) + " samples in order, a row at a time, each vector of G loaded and stored once"),
            _readOnlySpan + " " + x + ", " + _readOnlySpan + " " + d,
            x + ", " + d,
            bits =>
            {
                IReadOnlyList<int> widths = WidthsFor(bits, inputs);
                _w.Line(x + " = " + x + ".Slice(0, " + times + inputCount + ");");
                _w.Line(d + " = " + d + ".Slice(0, " + times + rowCount + ");");
                _w.Line(_span + " gb = new(" + State(GradientsField) + ", " + biasOffset + ", " + rowCount + ");");
                _w.Line("ref " + _t + " g = ref " + DataReference + "(" + State(GradientsField) + ");");
                _w.Line("ref " + _t + " rx = ref " + SpanReference + "(" + x + ");");
                _w.Open("for (int j = 0; j < " + rowCount + "; j++)");
                foreach (int sample in all)
                {
                    _w.Line(_t + " " + Delta(sample) + " = " + d + "[" + (sample == 0 ? string.Empty : N(sample) + " * " + rowCount + " + ") + "j];");
                    foreach (int width in widths.Where(w => w != 0))
                    {
                        _w.Line(VectorOf(width) + " " + Broadcast(sample, width) + " = " + VectorType(width) + ".Create(" + Delta(sample) + ");");
                    }
                }

                _w.Line("int row = " + weightOffset + " + (j * " + inputCount + ");");
                _w.Line("int i = 0;");
                WriteColumns(bits, "i", inputCount, inputs, width => width == 0
                    ? all.Select(sample => At("g", "row + i") + " += " + Delta(sample) + " * " + x + "[" + Input(sample) + "];")
                    : samples == 1
                        ? new[] { Store(width, MultiplyAdd(width, Broadcast(0, width), Load(width, "rx", "i"), Load(width, "g", "row + i")), "g", "row + i") }
                        : all.Select(sample => "gi = " + MultiplyAdd(width, Broadcast(sample, width), Load(width, "rx", Input(sample)), "gi") + ";")
                            .Prepend(VectorOf(width) + " gi = " + Load(width, "g", "row + i") + ";")
                            .Append(Store(width, "gi", "g", "row + i")));
                foreach (int sample in all)
                {
                    _w.Line("gb[j] += " + Delta(sample) + ";");
                }

                _w.Close();
            });
    }

    private void WriteUpdatePhase(int layer)
    {
        string weightCount = Count(layer) + " * " + Count(layer - 1), rowCount = Count(layer), weightOffset = WeightOffset(layer), biasOffset = BiasOffset(layer);
        int weights = _shape.Size(layer) * _shape.Size(layer - 1);
        WriteSimdPhase(
            new Phase(PhaseKind.Update, layer),
            UnitsTitle(layer) + ":  w ← w − η (G_w/B + (λ/N) w),  b ← b − η G_b/B, over the layer's contiguous weights",
            _t + " eta, " + _t + " invB, " + _t + " decay",
            "eta, invB, decay",
            bits =>
            {
                _w.Line("ref " + _t + " p = ref " + DataReference + "(" + State(ParametersField) + ");");
                _w.Line("ref " + _t + " g = ref " + DataReference + "(" + State(GradientsField) + ");");
                foreach (int width in WidthsFor(bits, weights).Where(w => w != 0))
                {
                    string v = VectorType(width);
                    _w.Line(VectorOf(width) + " eta" + N(width) + " = " + v + ".Create(eta); " + VectorOf(width) + " invB" + N(width) + " = " + v + ".Create(invB); " + VectorOf(width) + " decay" + N(width) + " = " + v + ".Create(decay);");
                }

                _w.Line("int n = 0;");
                WriteColumns(bits, "n", weightCount, weights, width => width == 0
                    ? new[]
                    {
                        "ref " + _t + " w = ref " + At("p", weightOffset + " + n") + ";",
                        "w -= eta * ((" + At("g", weightOffset + " + n") + " * invB) + (decay * w));",
                    }
                    : new[]
                    {
                        VectorOf(width) + " w = " + Load(width, "p", weightOffset + " + n") + ";",
                        Store(width, "w - (eta" + N(width) + " * ((" + Load(width, "g", weightOffset + " + n") + " * invB" + N(width) + ") + (decay" + N(width) + " * w)))", "p", weightOffset + " + n"),
                    });
                _w.Open("for (int j = 0; j < " + rowCount + "; j++)");
                _w.Line(At("p", biasOffset + " + j") + " -= eta * " + At("g", biasOffset + " + j") + " * invB;");
                _w.Close();
            });
    }

    private void WriteTrainPhase(int layer)
    {
        string x = In(layer, "x"), inputCount = Count(layer - 1), d = D(layer), rowCount = Count(layer), weightOffset = WeightOffset(layer), biasOffset = BiasOffset(layer);
        int inputs = _shape.Size(layer - 1);
        WriteSimdPhase(
            new Phase(PhaseKind.Train, layer),
            UnitsTitle(layer) + ":  w ← w − η (δ · input + (λ/N) w),  b ← b − η δ, a row at a time",
            _readOnlySpan + " " + x + ", " + _readOnlySpan + " " + d + ", " + _t + " eta, " + _t + " decay",
            x + ", " + d + ", eta, decay",
            bits =>
            {
                IReadOnlyList<int> widths = WidthsFor(bits, inputs);
                _w.Line(x + " = " + x + ".Slice(0, " + inputCount + ");");
                _w.Line(d + " = " + d + ".Slice(0, " + rowCount + ");");
                _w.Line(_span + " b = new(" + State(ParametersField) + ", " + biasOffset + ", " + rowCount + ");");
                _w.Line("ref " + _t + " p = ref " + DataReference + "(" + State(ParametersField) + ");");
                _w.Line("ref " + _t + " rx = ref " + SpanReference + "(" + x + ");");
                foreach (int width in widths.Where(w => w != 0))
                {
                    string v = VectorType(width);
                    _w.Line(VectorOf(width) + " eta" + N(width) + " = " + v + ".Create(eta); " + VectorOf(width) + " decay" + N(width) + " = " + v + ".Create(decay);");
                }

                _w.Open("for (int j = 0; j < " + rowCount + "; j++)");
                _w.Line(_t + " delta = " + d + "[j];");
                foreach (int width in widths.Where(w => w != 0))
                {
                    _w.Line(VectorOf(width) + " delta" + N(width) + " = " + VectorType(width) + ".Create(delta);");
                }

                _w.Line("int row = " + weightOffset + " + (j * " + inputCount + ");");
                _w.Line("int i = 0;");
                WriteColumns(bits, "i", inputCount, inputs, width => width == 0
                    ? new[]
                    {
                        "ref " + _t + " w = ref " + At("p", "row + i") + ";",
                        "w -= eta * ((delta * " + x + "[i]) + (decay * w));",
                    }
                    : new[]
                    {
                        VectorOf(width) + " w = " + Load(width, "p", "row + i") + ";",
                        Store(width, "w - (eta" + N(width) + " * ((delta" + N(width) + " * " + Load(width, "rx", "i") + ") + (decay" + N(width) + " * w)))", "p", "row + i"),
                    });
                _w.Line("b[j] -= eta * delta;");
                _w.Close();
            });
    }
}
