using System;
using System.Collections.Generic;
using System.Linq;
using NetGen.Generator.Model;
using static NetGen.Generator.Emitting.Names;

namespace NetGen.Generator.Emitting;

/// <summary>
/// SIMD kernels of an input-major layer (layer 1, <see cref="NetworkShape.IsInputMajor"/>): its weights to the units
/// are contiguous for each input, so the forward pass adds x_i times a vector of units into vectors of sums (no
/// horizontal sums, no remainder loop over the inputs), and the gradient and update kernels walk the same vectors.
/// </summary>
internal sealed partial class MlpEmitter
{
    /// <summary>
    /// Vector sums a block of an input-major kernel keeps live at <paramref name="bits"/> bits, and vectors of deltas a step
    /// or gradient block holds (<see cref="WriteHeldDeltaBlocks"/>): 8 where there are 16 vector registers (with the
    /// broadcast input and a weight vector, 10 of AVX2's 16), 16 with AVX-512's 32 (the batch kernel's 16 sums, 8 broadcast
    /// inputs and 2 weight vectors take 26; the held deltas sit beside η, λ/N, the input and a weight vector).
    /// </summary>
    /// <remarks>
    /// A block walks the rows of W one input at a time and reads its part of each row. With 16 vectors that part is a whole
    /// row of 128 double units (16 Vector512, 1 KB), where blocks of 8 read half of every row, then came back for the other
    /// halves, and ran at about 60 % of float's speed per weight. In a scratch program (AMD EPYC Zen 5, AVX-512, 6 Dec 2026) the
    /// 256-128-10 double Forward went from 3.16 to 1.87 µs (3.3× to 2.0× the float network's). The batch kernel:
    /// 784-128-10's first layer, 8 samples at a time, 4 samples × 2 vectors (8 sums) 1.53 ms, 4 × 4 (16 sums) 1.05 ms,
    /// 8 × 2 (16 sums) 0.97 ms per 1,000 samples (a scratch program's median of 5 rounds); ForwardBatch in the shape
    /// benchmarks: the README's "Batches of the larger networks".
    /// </remarks>
    private static int LiveSums(int bits) => bits == 512 ? 16 : 8;

    /// <summary>
    /// Independent sums per unit in an input-major forward kernel, so that the multiply-add chains overlap: 4 (input i
    /// into chain i mod 4) when the layer is one vector of units at <paramref name="bits"/> bits and has 4 inputs or more;
    /// 2 (even inputs, odd inputs) when it has fewer than 4 vectors; 1 otherwise, where the vectors themselves are
    /// independent chains. The batch kernel uses the same count, so a sample's sums are rounded exactly as Forward rounds
    /// them. One vector in 2 chains left 30-16-1's Forward waiting on 15 dependent multiply-adds: with 4 chains
    /// BenchmarkDotNet gave 37.6 → 33.2 ns, about the hand-written class's time (which sums in 4 chains too), and
    /// ForwardBatch, now 4 samples × 4 chains a block, −3 % in one run and +7 % in another (README, "Four chains, vector
    /// checks in unrolled code", 6 Dec 2026). On 5 Dec scratch programs had shown no clear gain and a slower batch.
    /// </summary>
    private int Chains(int bits, int layer) => (UnitVectors(bits, layer), _shape.Size(layer - 1)) switch
    {
        (1, >= 4) => 4,
        (< 4, >= 2) => 2,
        _ => 1,
    };

    /// <summary>
    /// Samples a block of the input-major batch kernel takes together, each sample's sums in its own registers and in
    /// Forward's order. With Vector512, as many as keep <see cref="LiveSums"/> sums with two vectors of units to a block
    /// (so that each broadcast input feeds two multiply-adds; <see cref="UnitVectors"/> counts the 128-bit ones too, so a
    /// layer of a Vector512 and a Vector128 of units gets 8 sums a block) or one where the layer has one: 8 samples × 2 vectors
    /// (784-128-10), 4 × 2 vectors × 2 chains (64-32-10), 4 × 1 vector × 4 chains (30-16-1; 8 × 2 chains with 2 or 3
    /// inputs). With 256- and 128-bit vectors, 4 samples, or 2 with two chains (as measured before AVX-512 was at hand)
    /// or four.
    /// </summary>
    private int SamplesTogether(int bits, int layer, int chains)
    {
        if (bits != 512)
        {
            return chains == 1 ? 4 : 2;
        }

        int vectors = Math.Max(1, Math.Min(2, UnitVectors(bits, layer)));
        return Math.Min(BatchBlocking.Samples, LiveSums(bits) / (vectors * chains));
    }

    /// <summary>The vectors that cover layer <paramref name="layer"/>'s units at <paramref name="bits"/> bits: the wide ones, then 128-bit ones.</summary>
    private int UnitVectors(int bits, int layer)
    {
        int units = _shape.Size(layer);
        return (units / Lanes(bits)) + (bits > 128 ? (units % Lanes(bits)) / Lanes(128) : 0);
    }

    /// <summary>
    /// Whether SIMD code's one-sample kernel of layer <paramref name="layer"/> stores z_j = σ(a_j) rather than a_j, so that
    /// σ does not load the sums back and store them again: a sigmoid hidden layer whose weights are input-major (each unit
    /// a lane of a vector sum, no horizontal sums) and whose units fill whole Vector128s, every unit taking the vector σ
    /// as the separate pass would (the same bits). At 30-16-1 a scratch copy of the generated Forward took 35.2–37.0 ns
    /// against 37.0–39.3 ns with the separate pass (hand class 31.1–34.0 ns; three processes, AMD EPYC AVX-512, .NET 10,
    /// 6 Dec 2026). The batch kernels keep σ over a whole block of samples (<see cref="BlockSigmoids"/>).
    /// </summary>
    private bool ActivatedWhereSummed(int layer) =>
        layer < L && NetworkShape.IsInputMajor(layer) && VectorSigmoidsOnly && IsVectorSigmoidLayer(layer)
        && _shape.Size(layer) % Lanes(128) == 0;

    /// <summary>
    /// a = W x + b for input-major layer <paramref name="layer"/>: blocks of vectors of units, each a sum over the inputs of
    /// x_i times the block's part of row i of W; then the units a vector does not cover, one at a time. For
    /// <paramref name="samples"/> samples (ForwardBatch), a few samples at a time share each weight vector loaded.
    /// </summary>
    private void WriteInputMajorLayerKernel(int bits, int layer, string x, string a, int samples)
    {
        int units = _shape.Size(layer), chains = Chains(bits, layer);
        string inputCount = Count(layer - 1), unitCount = Count(layer), times = samples == 1 ? string.Empty : $$"""{{N(samples)}} * """;
        // A block keeps LiveSums(bits) sums; the batch kernel's, for its samples together (SamplesTogether).
        int together = samples == 1 ? 1 : SamplesTogether(bits, layer, chains);
        int perBlock = Math.Max(1, LiveSums(bits) / (together * chains));
        bool activate = samples == 1 && ActivatedWhereSummed(layer);
        // The reference into what the kernel writes: ra for the sums, rz for the units when it stores σ of them.
        string written = activate ? "rz" : "ra";
        _w.Lines($$"""
            {{x}} = {{x}}.Slice(0, {{times}}{{inputCount}});
            {{a}} = {{a}}.Slice(0, {{times}}{{unitCount}});
            ref {{_t}} p = ref {{StateReference}}({{State(ParametersField)}});
            ref {{_t}} rx = ref {{SpanReference}}({{x}});
            ref {{_t}} {{written}} = ref {{SpanReference}}({{a}});
            """);
        bool groups = together < samples;
        if (groups)
        {
            _w.Open($$"""for (int s = 0; s < {{N(samples)}}; s += {{N(together)}})""");
            _w.Lines($$"""
                ref {{_t}} xs = ref {{At("rx", $$"""s * {{inputCount}}""")}};
                ref {{_t}} sums = ref {{At("ra", $$"""s * {{unitCount}}""")}};
                """);
        }

        string xRef = groups ? "xs" : "rx", aRef = groups ? "sums" : written;
        int left = WriteUnitBlocks(bits, units, unitCount, perBlock, (width, vectors) =>
            WriteInputMajorBlock(width, vectors, layer, chains, together, xRef, aRef, activate));
        if (left > 0)
        {
            if (activate)
            {
                throw new InvalidOperationException($$"""Layer {{layer}}'s sums kernel would leave {{left}} units without σ (ActivatedWhereSummed needs whole Vector128s).""");
            }

            // The units no vector covers: one sum per unit and sample, the inputs in order.
            string zero = Lit("0");
            IEnumerable<int> all = Enumerable.Range(0, together);
            string Sum(int sample) => $$"""u{{N(sample)}}""";
            string Input(int sample) => sample == 0 ? "i" : $$"""{{N(sample)}} * {{inputCount}} + i""";
            string Out(int sample) => sample == 0 ? "j" : $$"""{{N(sample)}} * {{unitCount}} + j""";
            _w.Lines($$"""
                for (; j < {{unitCount}}; j++)
                {
                    {{_t}} {{string.Join(", ", all.Select(s => $$"""{{Sum(s)}} = {{zero}}"""))}};
                    for (int i = 0; i < {{inputCount}}; i++)
                    {
                        {{_t}} w = {{At("p", $$"""{{WeightOffset(layer)}} + (i * {{unitCount}}) + j""")}};
                        {{Joined(all.Select(s => $$"""{{Sum(s)}} += w * {{At(xRef, Input(s))}};"""))}}
                    }

                    {{Joined(all.Select(s => $$"""{{At(aRef, Out(s))}} = {{At("p", $$"""{{BiasOffset(layer)}} + j""")}} + {{Sum(s)}};"""))}}
                }
                """);
        }

        if (groups)
        {
            _w.Close();
        }
    }

    /// <summary>
    /// Declares j and walks it over the layer's units in blocks of vectors: <paramref name="perBlock"/> vectors of
    /// <paramref name="bits"/> bits at a time while they fit, then one block of the vectors left, then one block of
    /// Vector128 for what a wider vector does not cover; <paramref name="block"/> writes a block's work from its width and
    /// its count of vectors, at j. Only the blocks that run are written. Returns the units left for one at a time.
    /// </summary>
    private int WriteUnitBlocks(int bits, int units, string unitCount, int perBlock, Action<int, int> block)
    {
        void Once(int width, int vectors)
        {
            _w.Open($$"""// Units j to j + {{N(vectors * Lanes(width) - 1)}}: {{N(vectors)}} × Vector{{N(width)}}""");
            block(width, vectors);
            _w.Line($$"""j += {{N(vectors * Lanes(width))}};""");
            _w.Close();
            _w.Line();
        }

        _w.Line("int j = 0;");
        int full = units / Lanes(bits), left = units % Lanes(bits);
        if (full >= perBlock)
        {
            _w.Line($$"""// Units j to j + {{N(perBlock * Lanes(bits) - 1)}}: {{N(perBlock)}} × Vector{{N(bits)}}, a block at a time""");
            _w.Open($$"""for (; j <= {{unitCount}} - {{N(perBlock * Lanes(bits))}}; j += {{N(perBlock * Lanes(bits))}})""");
            block(bits, perBlock);
            _w.Close();
            _w.Line();
        }

        if (full % perBlock != 0)
        {
            Once(bits, full % perBlock);
        }

        if (bits > 128 && left >= Lanes(128))
        {
            Once(128, left / Lanes(128));
            left %= Lanes(128);
        }

        return left;
    }

    /// <summary>
    /// The sums of <paramref name="vectors"/> vectors of units from j, for <paramref name="together"/> samples: sum (vector v,
    /// sample s, chain c) starts from the biases (chain 0) or zero, takes x_i·W[i, j…] for the inputs i of its chain, and
    /// the chains are added at the end; with <paramref name="activate"/>, σ of each vector of sums is what is stored
    /// (<see cref="ActivatedWhereSummed"/>).
    /// </summary>
    private void WriteInputMajorBlock(int bits, int vectors, int layer, int chains, int together, string xRef, string aRef, bool activate = false)
    {
        int inputs = _shape.Size(layer - 1), lanes = Lanes(bits);
        string inputCount = Count(layer - 1), unitCount = Count(layer), vector = VectorOf(bits), v = VectorType(bits);
        var cells = (from s in Enumerable.Range(0, together) from u in Enumerable.Range(0, vectors) select (Sample: s, Vector: u)).ToList();
        string Acc((int Sample, int Vector) cell, int chain) =>
            $$"""s{{N(cell.Vector)}}{{(together == 1 ? string.Empty : "_" + N(cell.Sample))}}{{(chains == 1 ? string.Empty : "_" + N(chain))}}""";
        string Offset(int u) => u == 0 ? "j" : $$"""j + {{N(u * lanes)}}""";
        string Input(int sample, string i) => sample == 0 ? i : $$"""{{N(sample)}} * {{inputCount}} + {{i}}""";
        string Out(int sample, int u) => sample == 0 ? Offset(u) : $$"""{{N(sample)}} * {{unitCount}} + {{Offset(u)}}""";
        string XName(int sample, int chain) => $$"""x{{N(sample)}}{{(chains == 1 ? string.Empty : "_" + N(chain))}}""";

        var declarations = new List<string>();
        foreach (var cell in cells)
        {
            declarations.Add($$"""{{vector}} {{Acc(cell, 0)}} = {{Load(bits, "p", $$"""{{BiasOffset(layer)}} + {{Offset(cell.Vector)}}""")}};""");
            for (int c = 1; c < chains; c++)
            {
                declarations.Add($$"""{{vector}} {{Acc(cell, c)}} = {{vector}}.Zero;""");
            }
        }

        // One step of input i (+ chain) for every cell: broadcast each sample's input once, load each weight vector once.
        // Row i of W for chain c starts at row{c}; vector u of the block is u·lanes further on.
        string Row(int chain, int u) => u == 0 ? $$"""row{{N(chain)}}""" : $$"""row{{N(chain)}} + {{N(u * lanes)}}""";
        string Step(string i, string iTimes, int chain) => Joined(
            Enumerable.Range(0, together)
                .Select(s => $$"""{{vector}} {{XName(s, chain)}} = {{v}}.Create({{At(xRef, Input(s, i))}});""")
                .Append($$"""int row{{N(chain)}} = {{WeightOffset(layer)}} + ({{iTimes}} * {{unitCount}}) + j;""")
                .Concat(Enumerable.Range(0, vectors).Select(u => together == 1
                    ? $$"""{{Acc((0, u), chain)}} = {{MultiplyAdd(bits, XName(0, chain), Load(bits, "p", Row(chain, u)), Acc((0, u), chain))}};"""
                    : Joined(new[] { $$"""{{vector}} w{{N(u)}}_{{N(chain)}} = {{Load(bits, "p", Row(chain, u))}};""" }
                        .Concat(Enumerable.Range(0, together).Select(s =>
                            $$"""{{Acc((s, u), chain)}} = {{MultiplyAdd(bits, XName(s, chain), $$"""w{{N(u)}}_{{N(chain)}}""", Acc((s, u), chain))}};"""))))));

        if (together > 1 || chains > 1)
        {
            string sample = together > 1 ? "_sample" : string.Empty;
            string chain = chains == 2 ? "_chain (0: even inputs, 1: odd)"
                : chains > 2 ? $$"""_chain (c: the inputs i = c mod {{N(chains)}})"""
                : string.Empty;
            _w.Line($$"""// s<vector>{{sample}}{{chain}}: the sums of one vector of units""");
        }

        _w.Lines(Joined(declarations));
        _w.Open(chains == 1
            ? $$"""for (int i = 0; i < {{inputCount}}; i++)"""
            : $$"""for (int i = 0; i <= {{inputCount}} - {{N(chains)}}; i += {{N(chains)}})""");
        _w.Lines(Joined(Enumerable.Range(0, chains).Select(c => c == 0 ? Step("i", "i", 0) : Step($$"""i + {{N(c)}}""", $$"""(i + {{N(c)}})""", c))));
        _w.Close();
        _w.Line();

        // The inputs the loop leaves (fewer than the chains), in order, into the first chain.
        int leftOver = chains == 1 ? 0 : inputs % chains;
        for (int m = leftOver; m >= 1; m--)
        {
            _w.Open(leftOver == 1 ? "// The last input, into the first chain." : $$"""// Input {{inputCount}} − {{N(m)}}, into the first chain.""");
            _w.Lines(Step($$"""{{inputCount}} - {{N(m)}}""", $$"""({{inputCount}} - {{N(m)}})""", 0));
            _w.Close();
            _w.Line();
        }

        foreach (var cell in cells)
        {
            // The chains added pairwise: (s_0 + s_1) + (s_2 + s_3).
            string total = chains switch
            {
                1 => Acc(cell, 0),
                2 => $$"""{{Acc(cell, 0)}} + {{Acc(cell, 1)}}""",
                _ => $$"""({{Acc(cell, 0)}} + {{Acc(cell, 1)}}) + ({{Acc(cell, 2)}} + {{Acc(cell, 3)}})""",
            };
            _w.Lines(Store(bits, activate ? $$"""{{Sigmoid}}({{total}})""" : total, aRef, Out(cell.Sample, cell.Vector)));
        }
    }

    /// <summary>
    /// G += δ·input for input-major layer <paramref name="layer"/> and one sample (Backward): through
    /// <see cref="WriteHeldDeltaBlocks"/>, G[i, j…] += x_i δ_j… with the deltas held. TrainBatch's chunks of samples take
    /// <see cref="WriteTiledAccumulatePhase"/> instead.
    /// </summary>
    private void WriteInputMajorAccumulateKernel(int bits, int layer, string x, string d)
    {
        int units = _shape.Size(layer);
        string unitCount = Count(layer);
        string bias = $$"""{{BiasOffset(layer)}} + j""";
        WriteHeldDeltaReferences(layer, x, d, "g", GradientsField);
        WriteHeldDeltaBlocks(
            bits,
            layer,
            "g",
            "gw",
            (width, u, at) => Store(width, MultiplyAdd(width, $$"""input{{N(width)}}""", $$"""delta{{N(u)}}""", $$"""gw{{N(u)}}"""), "g", at),
            "gw += input * delta;");
        _w.Lines("""
            // The biases, G_b += δ.
            j = 0;
            """);
        WriteColumns(bits, "j", unitCount, units, width => width == 0
            ? $$"""{{At("g", bias)}} += {{At("rd", "j")}};"""
            : StoreOverLines(width, $$"""{{Load(width, "g", bias)}} + {{Load(width, "rd", "j")}}""", "g", bias));
    }

    /// <summary>
    /// w ← w − η (δ · input + (λ/N) w), b ← b − η δ for input-major layer <paramref name="layer"/>, through
    /// <see cref="WriteHeldDeltaBlocks"/>. Every weight gets the same expression, in the same order, as in unrolled code
    /// and in <c>Step</c>.
    /// </summary>
    private void WriteInputMajorTrainKernel(int bits, int layer, string x, string d)
    {
        int units = _shape.Size(layer);
        string unitCount = Count(layer);
        WriteHeldDeltaReferences(layer, x, d, "p", ParametersField);
        IReadOnlyList<int> widths = WidthsFor(bits, units);
        WriteStepConstants(widths, biasWidths: widths);
        WriteHeldDeltaBlocks(
            bits,
            layer,
            "p",
            "w",
            (width, u, at) => StoreOverLines(width, SgdStep(width, $$"""w{{N(u)}}""", $$"""(input{{N(width)}} * delta{{N(u)}})"""), "p", at),
            SgdStep(0, "w", "(input * delta)"));
        _w.Lines("""
            // The biases, b ← b − η δ: the same two roundings on every lane as one at a time.
            j = 0;
            """);
        string bias = $$"""{{BiasOffset(layer)}} + j""";
        WriteColumns(bits, "j", unitCount, units, width => width == 0
            ? $$"""{{At("p", bias)}} -= eta * {{At("rd", "j")}};"""
            : StoreOverLines(width, $$"""{{Load(width, "p", bias)}} - (eta{{N(width)}} * {{Load(width, "rd", "j")}})""", "p", bias));
    }

    /// <summary>
    /// What <see cref="WriteHeldDeltaBlocks"/> reads through: the unit inputs <paramref name="x"/> and deltas
    /// <paramref name="d"/> cut to the layer's sizes, a reference named <paramref name="array"/> to the state array
    /// <paramref name="field"/> (parameters or gradients), and rx, rd to the first input and delta.
    /// </summary>
    private void WriteHeldDeltaReferences(int layer, string x, string d, string array, string field) => _w.Lines($$"""
        {{x}} = {{x}}.Slice(0, {{Count(layer - 1)}});
        {{d}} = {{d}}.Slice(0, {{Count(layer)}});
        ref {{_t}} {{array}} = ref {{StateReference}}({{State(field)}});
        ref {{_t}} rx = ref {{SpanReference}}({{x}});
        ref {{_t}} rd = ref {{SpanReference}}({{d}});
        """);

    /// <summary>
    /// The weights of input-major layer <paramref name="layer"/> in blocks of up to <see cref="LiveSums"/> vectors of
    /// units from j: each block's deltas loaded once into delta0, delta1, … and held there while every row i of W (one
    /// input, broadcast as input{bits}) takes them; then the units no vector covers, one at a time over the inputs.
    /// <paramref name="vectorStep"/> gives the work of vector u of the block, from its width, u (its elements of
    /// <paramref name="array"/> are loaded into the local <paramref name="local"/>{u}, its deltas into delta{u}) and its
    /// index; <paramref name="scalarStep"/> the work of one element, a <c>ref</c> named <paramref name="local"/>, with input
    /// and delta. Declares j; the references rx to the inputs and rd to the deltas must exist.
    /// </summary>
    private void WriteHeldDeltaBlocks(int bits, int layer, string array, string local, Func<int, int, string, string> vectorStep, string scalarStep)
    {
        int units = _shape.Size(layer);
        string inputCount = Count(layer - 1), unitCount = Count(layer);
        void Block(int width, int vectors)
        {
            string vector = VectorOf(width), n = N(width);
            string Offset(string start, int u) => u == 0 ? start : $$"""{{start}} + {{N(u * Lanes(width))}}""";
            _w.Lines(Joined(Enumerable.Range(0, vectors).Select(u => $$"""{{vector}} delta{{N(u)}} = {{Load(width, "rd", Offset("j", u))}};""")));
            _w.Open($$"""for (int i = 0; i < {{inputCount}}; i++)""");
            _w.Lines($$"""
                {{vector}} input{{n}} = {{VectorType(width)}}.Create({{At("rx", "i")}});
                int row = {{WeightOffset(layer)}} + (i * {{unitCount}}) + j;
                """);
            foreach (int u in Enumerable.Range(0, vectors))
            {
                _w.Lines($$"""
                    {{vector}} {{local}}{{N(u)}} = {{Load(width, array, Offset("row", u))}};
                    {{vectorStep(width, u, Offset("row", u))}}
                    """);
            }

            _w.Close();
        }

        int left = WriteUnitBlocks(bits, units, unitCount, LiveSums(bits), Block);
        if (left > 0)
        {
            _w.Lines($$"""
                // The units no vector covers, one at a time.
                for (; j < {{unitCount}}; j++)
                {
                    {{_t}} delta = {{At("rd", "j")}};
                    for (int i = 0; i < {{inputCount}}; i++)
                    {
                        {{_t}} input = {{At("rx", "i")}};
                        ref {{_t}} {{local}} = ref {{At(array, $$"""{{WeightOffset(layer)}} + (i * {{unitCount}}) + j""")}};
                        {{scalarStep}}
                    }
                }

                """);
        }
    }

    /// <summary>
    /// The SGD step kernels' constants as vectors of each width they use: η where a vector of biases
    /// (<paramref name="biasWidths"/>) or an unfused step takes it, 1/B for a kernel that averages a summed gradient
    /// (<paramref name="invB"/>), −η where <see cref="SgdStep"/> fuses the step of a vector of weights
    /// (<paramref name="weightWidths"/>), and λ/N.
    /// </summary>
    private void WriteStepConstants(IReadOnlyList<int> weightWidths, IReadOnlyList<int> biasWidths, bool invB = false)
    {
        foreach (int width in weightWidths.Union(biasWidths).Where(w => w != 0))
        {
            string v = VectorType(width), vector = VectorOf(width), n = N(width);
            if (!_model.FusedMultiplyAdd || biasWidths.Contains(width))
            {
                _w.Line($$"""{{vector}} eta{{n}} = {{v}}.Create(eta);""");
            }

            if (invB)
            {
                _w.Line($$"""{{vector}} invB{{n}} = {{v}}.Create(invB);""");
            }

            if (weightWidths.Contains(width))
            {
                WriteMinusEta(width);
            }

            _w.Line($$"""{{vector}} decay{{n}} = {{v}}.Create(decay);""");
        }
    }

    /// <summary>−η as a vector of <paramref name="width"/> bits, where <see cref="SgdStep"/> fuses, with what it is for.</summary>
    private void WriteMinusEta(int width)
    {
        if (_model.FusedMultiplyAdd)
        {
            _w.Line($$"""{{VectorOf(width)}} minusEta{{N(width)}} = {{VectorType(width)}}.Create(-eta);   // w − η(s + (λ/N)w) = w + (−η)((λ/N)w + s)""");
        }
    }

    /// <summary>
    /// The SGD step of one weight, or of a vector of weights, <paramref name="w"/> (a local) whose gradient is the term
    /// <paramref name="gradient"/>: w − η (gradient + (λ/N) w). Where the runtime has fused multiply-adds (.NET 9 and
    /// later) it is written w + (−η)((λ/N) w + gradient), two multiply-adds each rounded once, as a hand-written kernel
    /// would (3 operations a vector instead of 5); the elements no vector covers take the same two through
    /// <c>Math(F).FusedMultiplyAdd</c>, so that every element gets the same roundings whichever loop reaches it. Otherwise a
    /// multiply and an add each, as in unrolled code. <c>Step</c> and <c>TrainSample</c> both write their weights through
    /// here, with gradient terms that are equal when one sample is pending (round(δ·input) either way), which keeps
    /// <c>TrainSample</c> equal to <c>Backward</c> then <c>Step</c>, to the bit. Width 0 gives a statement, a vector
    /// width the new value.
    /// </summary>
    private string SgdStep(int width, string w, string gradient)
    {
        if (width == 0)
        {
            return _model.FusedMultiplyAdd
                ? $$"""{{w}} = {{_math}}.FusedMultiplyAdd(-eta, {{_math}}.FusedMultiplyAdd(decay, {{w}}, {{gradient}}), {{w}});"""
                : $$"""{{w}} -= eta * ({{gradient}} + (decay * {{w}}));""";
        }

        string v = VectorType(width), n = N(width);
        return _model.FusedMultiplyAdd
            ? $$"""{{v}}.FusedMultiplyAdd(minusEta{{n}}, {{v}}.FusedMultiplyAdd(decay{{n}}, {{w}}, {{gradient}}), {{w}})"""
            : $$"""{{w}} - (eta{{n}} * ({{gradient}} + (decay{{n}} * {{w}})))""";
    }

    /// <summary>
    /// The body of one stored row of an SGD step kernel: w ← w − η (s·f + (λ/N) w) over the row's elements, where s, named
    /// <paramref name="scalar"/>, is the row's factor (δ_j of an output-major row, x_i of an input-major one), broadcast once,
    /// and f the other factor, read from <paramref name="vectorReference"/> at <paramref name="index"/>
    /// (<paramref name="element"/> one at a time). Output-major and input-major layers write the same expressions.
    /// </summary>
    private void WriteStepRow(
        int bits, IReadOnlyList<int> widths, string scalar, string scalarSource, string rowStart, string index, string countName, int count, string vectorReference, string element)
    {
        _w.Lines($$"""
            {{_t}} {{scalar}} = {{scalarSource}};
            """);
        foreach (int width in widths.Where(w => w != 0))
        {
            _w.Lines($$"""
                {{VectorOf(width)}} {{scalar}}{{N(width)}} = {{VectorType(width)}}.Create({{scalar}});
                """);
        }

        _w.Lines($$"""
            int row = {{rowStart}};
            int {{index}} = 0;
            """);
        WriteColumns(bits, index, countName, count, width => width == 0
            ? $$"""
                ref {{_t}} w = ref {{At("p", $$"""row + {{index}}""")}};
                {{SgdStep(0, "w", $$"""({{scalar}} * {{element}})""")}}
                """
            : $$"""
                {{VectorOf(width)}} w = {{Load(width, "p", $$"""row + {{index}}""")}};
                {{VectorOf(width)}} gradient = {{scalar}}{{N(width)}} * {{Load(width, vectorReference, index)}};
                {{StoreOverLines(width, SgdStep(width, "w", "gradient"), "p", $$"""row + {{index}}""")}}
                """);
    }
}
