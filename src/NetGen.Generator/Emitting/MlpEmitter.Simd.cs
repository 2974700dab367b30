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
/// <remarks>
/// The code's shape is written as raw string templates (<c>$$"""…"""</c>, holes <c>{{…}}</c>) through
/// <see cref="CodeWriter.Lines"/>; the helpers below only compute names and expressions.
/// </remarks>
internal sealed partial class MlpEmitter
{
    private const string Unsafe = "global::System.Runtime.CompilerServices.Unsafe";
    private const string SpanReference = "global::System.Runtime.InteropServices.MemoryMarshal.GetReference";
    private const string ArrayReference = "global::System.Runtime.InteropServices.MemoryMarshal.GetArrayDataReference";

    /// <summary>How a kernel reaches element 0 of a state array or window: the span's reference, or the array's data.</summary>
    private string StateReference => _model.AlignedState ? SpanReference : ArrayReference;

    /// <summary>Rows of a layer computed together by a forward kernel: each input vector is loaded once for all of them.</summary>
    private const int RowsPerBlock = 4;

    private static string VectorType(int bits) => $$"""global::System.Runtime.Intrinsics.Vector{{N(bits)}}""";

    private string VectorOf(int bits) => $$"""{{VectorType(bits)}}<{{_t}}>""";

    private static string Load(int bits, string reference, string index) =>
        $$"""{{VectorType(bits)}}.LoadUnsafe(ref {{reference}}, (nuint)({{index}}))""";

    private static string Store(int bits, string value, string reference, string index) =>
        $$"""{{VectorType(bits)}}.StoreUnsafe({{value}}, ref {{reference}}, (nuint)({{index}}));""";

    /// <summary>A store whose value is too long to share a line with the destination: the value on a line of its own.</summary>
    private static string StoreOverLines(int bits, string value, string reference, string index) => $$"""
        {{VectorType(bits)}}.StoreUnsafe(
            {{value}},
            ref {{reference}}, (nuint)({{index}}));
        """;

    /// <summary>f'(a) on every lane, from <paramref name="z"/> = f(a): the same operations as <see cref="Derivative"/>.</summary>
    private string VectorDerivative(int width, string z)
    {
        string v = VectorType(width), one = $$"""{{v}}.Create({{Lit("1")}})""", zero = $$"""{{VectorOf(width)}}.Zero""";
        return _shape.Activation switch
        {
            HiddenActivation.Tanh => $$"""{{one}} - ({{z}} * {{z}})""",
            HiddenActivation.Relu => $$"""{{v}}.ConditionalSelect({{v}}.GreaterThan({{z}}, {{zero}}), {{one}}, {{zero}})""",
            _ => $$"""{{z}} * ({{one}} - {{z}})""",
        };
    }

    /// <summary>a·b + c, fused (rounded once) where the runtime has it.</summary>
    private string MultiplyAdd(int bits, string a, string b, string c) => _model.FusedMultiplyAdd
        ? $$"""{{VectorType(bits)}}.FusedMultiplyAdd({{a}}, {{b}}, {{c}})"""
        : $$"""{{c}} + ({{a}} * {{b}})""";

    private static string At(string reference, string index) => $$"""{{Unsafe}}.Add(ref {{reference}}, {{index}})""";

    /// <summary>Lines as one template's text, for a block whose number of lines varies.</summary>
    private static string Joined(IEnumerable<string> lines) => string.Join("\n", lines);

    /// <summary>A doc comment's summary of <paramref name="lines"/>, each on a line of its own.</summary>
    private static string SummaryOfLines(IEnumerable<string> lines) => $$"""
        /// <summary>
        {{Joined(lines.Select(line => $$"""/// {{line}}"""))}}
        /// </summary>
        """;

    private void WriteSimdLayers()
    {
        foreach (int layer in _shape.Layers)
        {
            string x = In(layer, "x"), a = $$"""a{{N(layer)}}""";
            bool activated = ActivatedWhereSummed(layer);
            string units = activated ? Z(layer) : a;
            string arguments = $$"""{{x}}, {{units}}""";
            bool inputMajor = NetworkShape.IsInputMajor(layer);
            string how = inputMajor
                ? "x_i times a vector of units at a time (row i of the input-major W), no horizontal sums"
                : $$"""each row of W{{N(layer)}} a dot product with the layer's inputs""";
            string[] summary = { $$"""{{UnitsTitle(layer)}}:  {{LayerEquation(layer)}},  {{WeightIndex(layer)}},""", how };
            WriteSimdPhase(
                new Phase(PhaseKind.Layer, layer),
                activated
                    ? summary.Select((line, n) => n == 1 ? line + "," : line)
                        .Append($$"""then {{Sym(layer)}}_j = {{F}}(a_j) a vector at a time, stored where a_j would be""").ToArray()
                    : summary,
                $$"""{{_readOnlySpan}} {{x}}, {{_span}} {{units}}""",
                arguments,
                bits =>
                {
                    if (inputMajor)
                    {
                        WriteInputMajorLayerKernel(bits, layer, x, units, 1);
                    }
                    else
                    {
                        WriteDotKernel(bits, x, Count(layer - 1), _shape.Size(layer - 1), a, Count(layer), _shape.Size(layer), WeightOffset(layer), BiasOffset(layer));
                    }
                });
            if (BatchBlocking.Applies(_shape))
            {
                string group = N(BatchBlocking.Samples), u = UnitIndex(layer), v = InputIndex(layer);
                WriteSimdPhase(
                    new Phase(PhaseKind.LayerBatch, layer),
                    new[]
                    {
                        $$"""{{UnitsTitle(layer)}} of {{group}} samples at once (ForwardBatch, TrainBatch):  a_s{{u}} = Σ_{{v}} w_{{u}}{{v}} {{Sym(layer - 1)}}_s{{v}} + b_{{u}},""",
                        inputMajor
                            ? $$"""sample s's inputs at s·{{Count(layer - 1)}} and sums at s·{{Count(layer)}}, up to {{group}} samples at a time sharing each weight vector loaded"""
                            : $$"""sample s's inputs at s·{{Count(layer - 1)}} and sums at s·{{Count(layer)}}, each weight vector loaded once for the {{group}} samples""",
                    },
                    $$"""{{_readOnlySpan}} {{x}}, {{_span}} {{a}}""",
                    $$"""{{x}}, {{a}}""",
                    bits =>
                    {
                        if (inputMajor)
                        {
                            WriteInputMajorLayerKernel(bits, layer, x, a, BatchBlocking.Samples);
                        }
                        else
                        {
                            WriteDotKernel(bits, x, Count(layer - 1), _shape.Size(layer - 1), a, Count(layer), _shape.Size(layer), WeightOffset(layer), BiasOffset(layer), BatchBlocking.Samples);
                        }
                    });
            }
        }

        WriteLoopedOutputDeltas();

        for (int layer = L - 1; layer >= 1; layer--)
        {
            WriteHiddenDeltasPhase(layer);
        }

        for (int layer = L; layer >= 1; layer--)
        {
            WriteAccumulatePhase(layer);
        }

        if (BatchBlocking.AppliesToTraining(_shape))
        {
            for (int layer = L; layer >= 1; layer--)
            {
                WriteTiledAccumulatePhase(layer);
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
        string z1 = Z(layer), d2 = D(layer + 1), d1 = D(layer), units = Count(layer), above = Count(layer + 1);
        string weight = $$"""{{WeightOffset(layer + 1)}} + (k * {{units}}) + j""";
        // ReLU's derivative, a select, is too long to share a line with the store.
        string StoreDeltas(int width) => _shape.Activation == HiddenActivation.Relu
            ? StoreOverLines(width, $$"""({{VectorDerivative(width, "zj")}}) * s""", "d", "j")
            : Store(width, $$"""({{VectorDerivative(width, "zj")}}) * s""", "d", "j");
        WriteSimdPhase(
            new Phase(PhaseKind.Deltas, layer),
            new[]
            {
                $$"""{{UnitsTitle(layer)}}:  {{HiddenDeltaEquation(layer)}},""",
                $$"""a vector of units j at a time, each row k of W{{N(layer + 1)}} read along j""",
            },
            $$"""{{_readOnlySpan}} {{z1}}, {{_readOnlySpan}} {{d2}}, {{_span}} {{d1}}""",
            $$"""{{z1}}, {{d2}}, {{d1}}""",
            bits =>
            {
                _w.Lines($$"""
                    {{z1}} = {{z1}}.Slice(0, {{units}});
                    {{d2}} = {{d2}}.Slice(0, {{above}});
                    {{d1}} = {{d1}}.Slice(0, {{units}});
                    ref {{_t}} p = ref {{StateReference}}({{State(ParametersField)}});
                    ref {{_t}} z = ref {{SpanReference}}({{z1}});
                    ref {{_t}} d = ref {{SpanReference}}({{d1}});
                    int j = 0;
                    """);
                WriteColumns(bits, "j", units, _shape.Size(layer), width => width == 0
                    ? $$"""
                        {{_t}} s = {{Lit("0")}};
                        for (int k = 0; k < {{above}}; k++)
                        {
                            s += {{d2}}[k] * {{At("p", weight)}};
                        }

                        {{d1}}[j] = ({{Derivative($$"""{{z1}}[j]""")}}) * s;
                        """
                    : $$"""
                        {{VectorOf(width)}} s = {{VectorOf(width)}}.Zero;
                        for (int k = 0; k < {{above}}; k++)
                        {
                            s = {{MultiplyAdd(width, $$"""{{VectorType(width)}}.Create({{d2}}[k])""", Load(width, "p", weight), "s")}};
                        }

                        {{VectorOf(width)}} zj = {{Load(width, "z", "j")}};
                        {{StoreDeltas(width)}}
                        """);
            });
    }

    /// <summary>Writes a phase's dispatcher and its three kernels.</summary>
    private void WriteSimdPhase(Phase phase, IReadOnlyList<string> summary, string parameters, string arguments, Action<int> kernel)
    {
        string name = Block(Name(phase), BlockPlan.For(phase, _shape)[0]);
        // The summary's lines, its last ended by `end`, then a line of its own for what this method adds.
        IEnumerable<string> Then(string end, string line) =>
            summary.Take(summary.Count - 1).Append($$"""{{summary[summary.Count - 1]}}{{end}}""").Append(line);
        _w.Lines(SummaryOfLines(Then(".", "Calls the kernel for the widest vectors the machine accelerates.")));
        Generated();
        _w.Lines(AggressiveInlining);
        _w.Open($$"""private static void {{name}}({{StateParameters(phase)}}{{parameters}})""");
        for (int n = 0; n < VectorBits.Length; n++)
        {
            int bits = VectorBits[n];
            string test = n == VectorBits.Length - 1
                ? "else"
                : $$"""{{(n == 0 ? "if" : "else if")}} ({{VectorType(bits)}}.IsHardwareAccelerated)""";
            _w.Lines($$"""
                {{test}}
                {
                    {{Kernel(name, bits)}}({{StateArguments(phase)}}{{arguments}});
                }
                """);
        }

        _w.Close();
        _w.Line();

        foreach (int bits in VectorBits)
        {
            _w.Lines(SummaryOfLines(Then(";", $$"""{{N(Lanes(bits))}} lanes (Vector{{N(bits)}}) at a time.""")));
            Generated();
            _w.Open($$"""private static void {{Kernel(name, bits)}}({{StateParameters(phase)}}{{parameters}})""");
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
    /// written. <paramref name="body"/> gets the width (0: one element) and gives the loop's body, a template.
    /// </summary>
    private void WriteColumns(int bits, string index, string countName, int count, Func<int, string> body)
    {
        foreach (int width in WidthsFor(bits, count))
        {
            string lanes = N(Lanes(width));
            _w.Open(width == 0
                ? $$"""for (; {{index}} < {{countName}}; {{index}}++)"""
                : $$"""for (; {{index}} <= {{countName}} - {{lanes}}; {{index}} += {{lanes}})""");
            _w.Lines(body(width));
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
        string times = samples == 1 ? string.Empty : $$"""{{N(samples)}} * """;
        int perBlock = samples == 1 ? RowsPerBlock : BatchBlocking.RowsFor(bits), left = rows % perBlock;
        _w.Lines($$"""
            {{x}} = {{x}}.Slice(0, {{times}}{{inputCount}});
            {{a}} = {{a}}.Slice(0, {{times}}{{rowCount}});
            {{_readOnlySpan}} b = {{Window(State(ParametersField), biasOffset, rowCount)}};
            ref {{_t}} p = ref {{StateReference}}({{State(ParametersField)}});
            ref {{_t}} rx = ref {{SpanReference}}({{x}});
            int j = 0;
            """);
        if (rows >= perBlock)
        {
            string then = left == 0 ? string.Empty : $$""", then the last {{N(left)}}""";
            _w.Lines($$"""
                // {{(perBlock == 1 ? "One row" : N(perBlock) + " rows")}} at a time{{then}}
                """);
            _w.Open($$"""for (; j <= {{rowCount}} - {{N(perBlock)}}; j += {{N(perBlock)}})""");
            WriteDotRows(bits, x, inputCount, inputs, a, rowCount, perBlock, weightOffset, samples);
            _w.Close();
            if (left != 0)
            {
                _w.Line();
            }
        }

        if (left != 0)
        {
            string last = left == 1 ? string.Empty : $$"""–{{N(rows - 1)}}""";
            _w.Open($$"""// {{(left == 1 ? "Row" : "Rows")}} {{N(rows - left)}}{{last}}""");
            WriteDotRows(bits, x, inputCount, inputs, a, rowCount, left, weightOffset, samples);
            _w.Close();
        }
    }

    private void WriteDotRows(int bits, string x, string inputCount, int inputs, string a, string rowCount, int rows, string weightOffset, int samples)
    {
        IReadOnlyList<int> widths = WidthsFor(bits, inputs);
        var cells = (from r in Enumerable.Range(0, rows) from s in Enumerable.Range(0, samples) select (Row: r, Sample: s)).ToList();
        string Acc(int width, (int Row, int Sample) cell) => samples == 1
            ? Accumulator(width, cell.Row)
            : $$"""{{Accumulator(width, cell.Row)}}_{{N(cell.Sample)}}""";
        string Input(int sample) => sample == 0 ? "i" : $$"""{{N(sample)}} * {{inputCount}} + i""";
        string XName(int sample) => samples == 1 ? "xi" : $$"""xi{{N(sample)}}""";
        string W(int row) => $$"""w{{N(row)}}""";
        string Column(int row) => $$"""{{W(row)}} + i""";

        string offsets = string.Join(", ", Enumerable.Range(0, rows).Select(r => r == 0
            ? $$"""{{W(0)}} = {{weightOffset}} + (j * {{inputCount}})"""
            : $$"""{{W(r)}} = {{W(r - 1)}} + {{inputCount}}"""));
        _w.Lines($$"""
            int {{offsets}};
            """);
        foreach (int width in widths)
        {
            if (width == 0)
            {
                // One declaration; with several samples, a row's sums to a line.
                string zero = Lit("0");
                string Sums(int row) => string.Join(", ", cells.Where(c => c.Row == row).Select(c => $$"""{{Acc(0, c)}} = {{zero}}"""));
                string sums = string.Join(samples == 1 ? ", " : ",\n    ", Enumerable.Range(0, rows).Select(Sums));
                _w.Lines($$"""
                    {{_t}} {{sums}};
                    """);
                continue;
            }

            string first = Acc(width, cells[0]);
            _w.Lines($$"""
                {{VectorOf(width)}} {{first}} = {{VectorOf(width)}}.Zero;
                """);
            foreach (var cell in cells.Skip(1))
            {
                _w.Lines($$"""
                    {{VectorOf(width)}} {{Acc(width, cell)}} = {{first}};
                    """);
            }
        }

        // One input vector per sample, then every row's products with them; with several samples a row's weight vector
        // is loaded once, on the line of its first product.
        string VectorColumn(int width) => Joined(
            Enumerable.Range(0, samples)
                .Select(sample => $$"""{{VectorOf(width)}} {{XName(sample)}} = {{Load(width, "rx", Input(sample))}};""")
                .Concat(Enumerable.Range(0, rows).SelectMany(r => samples == 1
                    ? new[] { $$"""{{Acc(width, (r, 0))}} = {{MultiplyAdd(width, Load(width, "p", Column(r)), "xi", Acc(width, (r, 0)))}};""" }
                    : Enumerable.Range(0, samples).Select(sample => sample == 0
                        ? $$"""{{VectorOf(width)}} {{W(r)}}i = {{Load(width, "p", Column(r))}}; {{Acc(width, (r, 0))}} = {{MultiplyAdd(width, $$"""{{W(r)}}i""", XName(0), Acc(width, (r, 0)))}};"""
                        : $$"""{{Acc(width, (r, sample))}} = {{MultiplyAdd(width, $$"""{{W(r)}}i""", XName(sample), Acc(width, (r, sample)))}};"""))));

        _w.Line("int i = 0;");
        WriteColumns(bits, "i", inputCount, inputs, width => width == 0
            ? Joined(cells.Select(c => $$"""{{Acc(0, c)}} += {{At("p", Column(c.Row))}} * {{x}}[{{Input(c.Sample)}}];"""))
            : VectorColumn(width));
        // Each sum's lanes added up, all the block's sums at once (WriteLaneSums): a sum's total is a lane of the last vector.
        var totals = new Dictionary<(int Width, int Cell), string>();
        foreach (int width in widths.Where(w => w != 0))
        {
            var names = cells.Select(c => Acc(width, c)).ToList();
            var lanes = WriteLaneSums(width, width == bits ? "h" : "ht", names, rows);
            for (int c = 0; c < cells.Count; c++)
            {
                totals[(width, c)] = lanes[c];
            }
        }

        foreach (var (cell, c) in cells.Select((cell, c) => (cell, c)))
        {
            string total = string.Join(" + ", widths.Select(width => width == 0 ? Acc(0, cell) : totals[(width, c)]));
            string sum = widths.Count > 1 ? $$"""({{total}})""" : total;
            string sample = samples == 1 || cell.Sample == 0 ? string.Empty : $$"""{{N(cell.Sample)}} * {{rowCount}} + """;
            _w.Lines($$"""
                {{a}}[{{sample}}j + {{N(cell.Row)}}] = b[j + {{N(cell.Row)}}] + {{sum}};
                """);
        }
    }

    /// <summary>
    /// Adds up the lanes of each vector of <paramref name="sums"/> (vectors of <paramref name="width"/> bits), a vector's
    /// worth of them at once: AddLanes1, AddLanes2, AddLanes4, … pair the vectors up and leave, in lane k of the
    /// last one, the total of the k-th. Each total is added in the order Vector512/256/128.Sum adds a vector on .NET 10
    /// (lanes in pairs, then pairs of pairs), written out so that a sample's total has the same bits whether its sums are
    /// added up alone (Forward) or with other samples' (ForwardBatch), on every runtime. Horizontal sums were most of the
    /// output layer's time in ForwardBatch at 64-32-10. In a block of one row (<paramref name="rows"/>), each sum is added
    /// up alone: 30-16-1's output, one sum per sample, took longer folded together, whose last steps wait on each
    /// other, than as independent chains (30-16-1's ForwardBatch took 18.3 µs so, 16.8 µs with 8 × Vector512.Sum, in a
    /// scratch program).
    /// The names are <paramref name="prefix"/>, the lanes each lane holds the sum of, and a count; returns each sum's
    /// total, as an element of a vector.
    /// </summary>
    private IReadOnlyList<string> WriteLaneSums(int width, string prefix, IReadOnlyList<string> sums, int rows)
    {
        bool together = rows > 1;
        int lanes = Lanes(width), chunkSize = together ? lanes : 1;
        var totals = new List<string>();
        var counts = new Dictionary<int, int>();
        string Name(int added)
        {
            counts.TryGetValue(added, out int count);
            counts[added] = count + 1;
            return $$"""{{prefix}}{{N(added)}}_{{N(count)}}""";
        }

        string first = sums[0], lastSum = sums[sums.Count - 1], result = $$"""{{prefix}}{{N(lanes)}}_""";
        _w.Line(sums.Count switch
        {
            1 => $$"""// The lanes of {{first}} added up: lane 0 of {{result}}0 is its total""",
            _ when !together => $$"""// The lanes of {{first}} … {{lastSum}} added up, each alone: lane 0 of {{result}}c is the total of sum c""",
            2 => $$"""// The lanes of {{first}} and {{lastSum}} added up, both at once: lanes 0 and 1 of {{result}}0 are their totals""",
            _ when sums.Count <= lanes => $$"""// The lanes of {{first}} … {{lastSum}} added up, all at once: lane k of {{result}}0 is the k-th sum's total""",
            _ => $$"""// The lanes of {{first}} … {{lastSum}} added up, {{N(lanes)}} sums at a time: lane k of {{result}}c is the total of sum {{N(lanes)}}c + k""",
        });
        for (int start = 0; start < sums.Count; start += chunkSize)
        {
            var level = sums.Skip(start).Take(chunkSize).ToList();
            int chunk = level.Count;
            for (int d = 1; d < lanes; d *= 2)
            {
                if (level.Count == 1 && d >= Lanes(128))
                {
                    // One vector left, its 128-bit blocks still to add: narrower vectors' adds, no shuffles.
                    string helper = lanes / d == 4 ? AddQuarters : AddHalves;
                    int narrow = lanes / d == 4 ? 128 : width / 2;
                    _laneHelpers.Add((helper, width, 0));
                    string name = Name(lanes);
                    _w.Line($$"""{{VectorOf(narrow)}} {{name}} = {{helper}}({{level[0]}});""");
                    level = new List<string> { name };
                    break;
                }

                var next = new List<string>();
                for (int g = 0; g < level.Count; g += 2)
                {
                    string name = Name(2 * d), args = g + 1 < level.Count ? $$"""{{level[g]}}, {{level[g + 1]}}""" : level[g];
                    _laneHelpers.Add((AddLanes, width, g + 1 < level.Count ? d : -d));
                    _w.Line($$"""{{VectorOf(width)}} {{name}} = {{AddLanes}}{{N(d)}}({{args}});""");
                    next.Add(name);
                }

                level = next;
            }

            string last = level.Single();
            totals.AddRange(Enumerable.Range(0, chunk).Select(k => $$"""{{last}}[{{N(k)}}]"""));
        }

        return totals;
    }

    /// <summary>
    /// The lane-sum helpers the kernels written so far call (<see cref="WriteLaneSums"/>): AddLanes with its distance d
    /// (negative: the one-vector form), AddQuarters and AddHalves with 0, each at a width. <see cref="WriteAddLanes"/>
    /// writes exactly these, after every kernel.
    /// </summary>
    private readonly HashSet<(string Helper, int Width, int Distance)> _laneHelpers = new();

    /// <summary>
    /// The helpers <see cref="WriteLaneSums"/> called, for each width: AddLanes{d}(p, q) has in lane i lane i plus lane
    /// i ^ d of p where i &amp; d is 0, of q where it is not; AddLanes{d}(p) the same of p alone; AddQuarters and AddHalves
    /// add a vector's 128-bit blocks, or its halves, in the same tree. Each AddLanes writes its shuffle's lane numbers as
    /// constants in the call: .NET 8's JIT makes a shuffle one instruction only for lane numbers it sees as constants before
    /// inlining. An earlier form that picked them by d in a switch became one vpermps on .NET 10 but a loop over the lanes
    /// on .NET 8 (8.0.31, DOTNET_JitDisasm of the optimized code; this form: one vpermps on both).
    /// </summary>
    private void WriteAddLanes()
    {
        bool single = _model.Precision == NumericPrecision.Single;
        string suffix = single ? string.Empty : "L", reinterpret = single ? "AsSingle" : "AsDouble";
        bool first = true;
        int Kind(string helper) => helper == AddLanes ? 0 : helper == AddQuarters ? 1 : 2;
        foreach (var (helper, width, distance) in _laneHelpers.OrderByDescending(h => h.Width).ThenBy(h => Kind(h.Helper)).ThenBy(h => (2 * Math.Abs(h.Distance)) + (h.Distance < 0 ? 1 : 0)))
        {
            int lanes = Lanes(width), d = Math.Abs(distance);
            string v = VectorType(width), vt = VectorOf(width);
            string Constant(Func<int, int> lane) =>
                $$"""{{v}}.Create({{string.Join(", ", Enumerable.Range(0, lanes).Select(i => N(lane(i)) + suffix))}})""";
            if (first)
            {
                _w.Lines("""
                    /// <summary>
                    /// Adding up the lanes of many vectors of sums at once: AddLanes1(p, q) has in lane i lane i plus lane i ^ 1 of p where i
                    /// is even, of q where it is odd; AddLanes2, AddLanes4, … pair lanes i and i ^ 2, i ^ 4, … the same way, and AddLanes{d}(p)
                    /// pairs p's alone. Applied with d = 1, 2, 4, … to the sums, then to the results paired up, they leave in lane k the total
                    /// of the k-th sum, its lanes added in pairs, then pairs of pairs: the order VectorN.Sum adds them in on .NET 10.
                    /// </summary>
                    """);
                first = false;
            }
            else
            {
                _w.Line(helper == AddLanes
                    ? $$"""/// <summary>Lane i plus lane i ^ {{N(d)}}{{(distance < 0 ? ", of p" : d == 1 ? ": of p where i is even, of q where it is odd" : ": of p where ⌊i / " + N(d) + "⌋ is even, of q where it is odd")}}.</summary>"""
                    : helper == AddQuarters
                        ? "/// <summary>The 128-bit blocks of v added up in the same tree: (block 0 + block 1) + (block 2 + block 3).</summary>"
                        : "/// <summary>The halves of v added: the last step of the same tree.</summary>");
            }

            Generated();
            string partner = Constant(i => i ^ d);
            if (helper == AddQuarters)
            {
                string quarter = VectorOf(128);
                _w.Lines($$"""
                    {{AggressiveInlining}}
                    private static {{quarter}} {{AddQuarters}}({{vt}} v) =>
                        (v.GetLower().GetLower() + v.GetLower().GetUpper()) + (v.GetUpper().GetLower() + v.GetUpper().GetUpper());

                    """);
            }
            else if (helper == AddHalves)
            {
                _w.Lines($$"""
                    {{AggressiveInlining}}
                    private static {{VectorOf(width / 2)}} {{AddHalves}}({{vt}} v) => v.GetLower() + v.GetUpper();

                    """);
            }
            else if (distance < 0)
            {
                _w.Lines($$"""
                    {{AggressiveInlining}}
                    private static {{vt}} {{AddLanes}}{{N(d)}}({{vt}} p) =>
                        p + {{v}}.Shuffle(p, {{partner}});

                    """);
            }
            else
            {
                _w.Lines($$"""
                    {{AggressiveInlining}}
                    private static {{vt}} {{AddLanes}}{{N(d)}}({{vt}} p, {{vt}} q) => {{v}}.ConditionalSelect(
                        {{Constant(i => (i & d) == 0 ? -1 : 0)}}.{{reinterpret}}(),
                        p + {{v}}.Shuffle(p, {{partner}}),
                        q + {{v}}.Shuffle(q, {{partner}}));

                    """);
            }
        }
    }

    /// <summary>The name of row <paramref name="row"/>'s sum over lanes of <paramref name="width"/> bits (0: scalar).</summary>
    private static string Accumulator(int width, int row) => $$"""{{(width == 0 ? "u" : width == 128 ? "t" : "s")}}{{N(row)}}""";

    /// <summary>G += δ·input for layer <paramref name="layer"/> and one sample (Backward), a row at a time.</summary>
    private void WriteAccumulatePhase(int layer)
    {
        var phase = new Phase(PhaseKind.AccumulateGradients, layer);
        string x = In(layer, "x"), inputCount = Count(layer - 1), d = D(layer), rowCount = Count(layer);
        string weightOffset = WeightOffset(layer), biasOffset = BiasOffset(layer);
        int inputs = _shape.Size(layer - 1);
        string u = UnitIndex(layer), v = InputIndex(layer);
        string summary = $$"""{{UnitsTitle(layer)}}:  ∂ℓ/∂w_{{u}}{{v}} += δ_{{u}} {{Sym(layer - 1)}}_{{v}},  ∂ℓ/∂b_{{u}} += δ_{{u}}""";
        if (NetworkShape.IsInputMajor(layer))
        {
            WriteSimdPhase(
                phase,
                new[] { $$"""{{summary}},""", "a block of units' deltas held while each row of W (one input) takes them" },
                $$"""{{_readOnlySpan}} {{x}}, {{_readOnlySpan}} {{d}}""",
                $$"""{{x}}, {{d}}""",
                bits => WriteInputMajorAccumulateKernel(bits, layer, x, d));
            return;
        }

        WriteSimdPhase(
            phase,
            new[] { $$"""{{summary}}, a row at a time""" },
            $$"""{{_readOnlySpan}} {{x}}, {{_readOnlySpan}} {{d}}""",
            $$"""{{x}}, {{d}}""",
            bits =>
            {
                _w.Lines($$"""
                    {{x}} = {{x}}.Slice(0, {{inputCount}});
                    {{d}} = {{d}}.Slice(0, {{rowCount}});
                    {{_span}} gb = {{Window(State(GradientsField), biasOffset, rowCount)}};
                    ref {{_t}} g = ref {{StateReference}}({{State(GradientsField)}});
                    ref {{_t}} rx = ref {{SpanReference}}({{x}});
                    """);
                _w.Open($$"""for (int j = 0; j < {{rowCount}}; j++)""");
                _w.Lines($$"""
                    {{_t}} delta = {{d}}[j];
                    """);
                foreach (int width in WidthsFor(bits, inputs).Where(w => w != 0))
                {
                    _w.Lines($$"""
                        {{VectorOf(width)}} delta{{N(width)}} = {{VectorType(width)}}.Create(delta);
                        """);
                }

                _w.Lines($$"""
                    int row = {{weightOffset}} + (j * {{inputCount}});
                    int i = 0;
                    """);
                WriteColumns(bits, "i", inputCount, inputs, width => width == 0
                    ? $$"""{{At("g", "row + i")}} += delta * {{x}}[i];"""
                    : StoreOverLines(width, MultiplyAdd(width, $$"""delta{{N(width)}}""", Load(width, "rx", "i"), Load(width, "g", "row + i")), "g", "row + i"));
                _w.Lines("gb[j] += delta;");
                _w.Close();
            });
    }

    private void WriteUpdatePhase(int layer)
    {
        string weightCount = $$"""{{Count(layer)}} * {{Count(layer - 1)}}""", rowCount = Count(layer);
        string weight = $$"""{{WeightOffset(layer)}} + n""", bias = $$"""{{BiasOffset(layer)}} + j""";
        int weights = _shape.Size(layer) * _shape.Size(layer - 1);
        WriteSimdPhase(
            new Phase(PhaseKind.Update, layer),
            new[] { $$"""{{UnitsTitle(layer)}}:  w ← w − η (G_w/B + (λ/N) w),  b ← b − η G_b/B, over the layer's contiguous weights""" },
            $$"""{{_t}} eta, {{_t}} invB, {{_t}} decay""",
            "eta, invB, decay",
            bits =>
            {
                _w.Lines($$"""
                    ref {{_t}} p = ref {{StateReference}}({{State(ParametersField)}});
                    ref {{_t}} g = ref {{StateReference}}({{State(GradientsField)}});
                    """);
                WriteStepConstants(WidthsFor(bits, weights), WidthsFor(bits, _shape.Size(layer)), invB: true);

                _w.Line("int n = 0;");
                WriteColumns(bits, "n", weightCount, weights, width => width == 0
                    ? $$"""
                        ref {{_t}} w = ref {{At("p", weight)}};
                        {{SgdStep(0, "w", $$"""({{At("g", weight)}} * invB)""")}}
                        """
                    : $$"""
                        {{VectorOf(width)}} w = {{Load(width, "p", weight)}};
                        {{VectorOf(width)}} gradient = {{Load(width, "g", weight)}} * invB{{N(width)}};
                        {{StoreOverLines(width, SgdStep(width, "w", "gradient"), "p", weight)}}
                        """);
                _w.Open("// The biases: the same operations on every lane as one at a time");
                _w.Line("int j = 0;");
                WriteColumns(bits, "j", rowCount, _shape.Size(layer), width => width == 0
                    ? $$"""{{At("p", bias)}} -= eta * {{At("g", bias)}} * invB;"""
                    : StoreOverLines(
                        width, $$"""{{Load(width, "p", bias)}} - (eta{{N(width)}} * {{Load(width, "g", bias)}} * invB{{N(width)}})""", "p", bias));
                _w.Close();
            });
    }

    private void WriteTrainPhase(int layer)
    {
        string x = In(layer, "x"), inputCount = Count(layer - 1), d = D(layer), rowCount = Count(layer), weightOffset = WeightOffset(layer), biasOffset = BiasOffset(layer);
        int inputs = _shape.Size(layer - 1);
        WriteSimdPhase(
            new Phase(PhaseKind.Train, layer),
            new[]
            {
                $$"""{{UnitsTitle(layer)}}:  w ← w − η (δ · input + (λ/N) w),  b ← b − η δ, {{(NetworkShape.IsInputMajor(layer)
                    ? "a block of units' deltas held while each row of W (one input) takes them"
                    : "a row at a time")}}""",
            },
            $$"""{{_readOnlySpan}} {{x}}, {{_readOnlySpan}} {{d}}, {{_t}} eta, {{_t}} decay""",
            $$"""{{x}}, {{d}}, eta, decay""",
            bits =>
            {
                if (NetworkShape.IsInputMajor(layer))
                {
                    WriteInputMajorTrainKernel(bits, layer, x, d);
                    return;
                }

                IReadOnlyList<int> widths = WidthsFor(bits, inputs);
                _w.Lines($$"""
                    {{x}} = {{x}}.Slice(0, {{inputCount}});
                    {{d}} = {{d}}.Slice(0, {{rowCount}});
                    {{_span}} b = {{Window(State(ParametersField), biasOffset, rowCount)}};
                    ref {{_t}} p = ref {{StateReference}}({{State(ParametersField)}});
                    ref {{_t}} rx = ref {{SpanReference}}({{x}});
                    """);
                WriteStepConstants(widths, biasWidths: Array.Empty<int>());
                _w.Open($$"""for (int j = 0; j < {{rowCount}}; j++)""");
                WriteStepRow(bits, widths, "delta", $$"""{{d}}[j]""", $$"""{{weightOffset}} + (j * {{inputCount}})""", "i", inputCount, inputs, "rx", $$"""{{x}}[i]""");
                _w.Line("b[j] -= eta * delta;");
                _w.Close();
            });
    }
}
