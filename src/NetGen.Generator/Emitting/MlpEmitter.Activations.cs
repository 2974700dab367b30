using System;
using System.Collections.Generic;
using System.Linq;
using NetGen.Generator.Model;
using static NetGen.Generator.Emitting.Names;

namespace NetGen.Generator.Emitting;

/// <summary>
/// The Kernels class's activations: σ with its vector exp, tanh, ReLU, softmax, and the output deltas of each head.
/// </summary>
internal sealed partial class MlpEmitter
{
    private void WriteLayerBlocks()
    {
        WriteUpdateParameters();
        WriteUpdateParameters(fromDeltas: true);
        if (_shape.IsUnrolled)
        {
            WriteUnrolledLayers();
        }
        else if (Target.PortableKernels)
        {
            WritePortableLayers();
        }
        else
        {
            WriteSimdLayers();
        }
    }

    /// <summary>
    /// Layers of fewer units take σ one unit at a time. From 4 units (one Vector128 of floats) a vector exp does them
    /// together: at 2-4-1, SIMD code's Forward went from 47.3 to 35.4 ns with it (`Kernels2_4_1` benchmarks,
    /// compare-generator.sh, one run, AMD EPYC AVX2 2 cores). Unrolled code used to keep 8, because loading its 4 scalar
    /// stores of a_j back as one vector made Forward slower (43.3 to 57.1 ns, same run); it now builds the vector from the
    /// units (<see cref="StoredOneAtATime"/>), and unrolled 8-8-2's Forward went from 63.5 to 49.7 ns
    /// (`Kernels8_8_2`, compare-generator.sh against 04b82c6, one run, AMD EPYC AVX-512 2 cores).
    /// </summary>
    private const int MinVectorSigmoids = 4;

    /// <summary>
    /// Whether layer <paramref name="layer"/>'s units reach its activation just stored one at a time, so that each vector
    /// of them is built from its units (<see cref="WriteActivationOver"/>): in unrolled code every layer's, whose sums are
    /// one statement each; in every kind of code the output layer's, whose SIMD kernels close each sum with a horizontal
    /// sum. The SIMD hidden layers store whole vectors of units.
    /// </summary>
    private bool StoredOneAtATime(int layer) => _shape.IsUnrolled || layer == L;

    /// <summary>The widest vector built from units (<see cref="StoredOneAtATime"/>): 8 floats, 4 doubles.</summary>
    private const int MaxBuiltVectorBits = 256;

    /// <summary>
    /// The vector widths an activation over <paramref name="count"/> units takes, widest first: each whole vector that
    /// fits, at most <see cref="MaxBuiltVectorBits"/> wide where the vectors are built from the units.
    /// </summary>
    private IEnumerable<int> ActivationBits(int count, bool storedOneAtATime) =>
        VectorBits.Where(bits => count >= Lanes(bits) && !(storedOneAtATime && bits > MaxBuiltVectorBits));

    /// <summary>
    /// A one-line <c>&lt;summary&gt;</c> doc comment; <see cref="SourceFile.WrapComments"/> breaks it into a block, at the
    /// equations' clauses where it can, when it is wider than <see cref="SourceFile.Width"/>.
    /// </summary>
    private static string Summary(string text) => $$"""/// <summary>{{text}}</summary>""";

    /// <summary>
    /// σ for one value, and in place for a layer's units. One value: Math(F).Exp, whose latency is short. A layer of at
    /// least <see cref="MinVectorSigmoids"/> units, on .NET 8 and later: a vector exp written out here (range reduction
    /// to e^r with |r| ≤ ln2/2, a Taylor polynomial by Estrin's scheme, 2^k put into the exponent bits), inlined, a whole
    /// vector of units at once, and Math(F).Exp for the units left over. In SIMD code (<see cref="VectorSigmoidsOnly"/>)
    /// every unit of such a layer takes the vector σ, and the one-value σ is written only for a smaller sigmoid layer.
    /// </summary>
    private void WriteSigmoids()
    {
        // σ itself only where a layer uses it: a ReLU or tanh network with softmax or linear outputs never does.
        if (_shape.Activation == HiddenActivation.Sigmoid || _shape.Head == OutputHead.Sigmoid)
        {
            string one = Lit("1");
            // One unit at a time only where some units do not go through the vector σ.
            bool scalar = !VectorSigmoidsOnly || _shape.Layers.Any(layer => IsSigmoidLayer(layer) && !IsVectorSigmoidLayer(layer));
            if (scalar)
            {
                _w.Lines("""
                    /// <summary>σ(a) = 1 / (1 + e^(−a)): 0 or 1, never NaN, when a is far from 0.</summary>
                    """);
                Generated();
                _w.Lines($$"""
                    {{AggressiveInlining}}
                    private static {{_t}} {{Sigmoid}}({{_t}} a) => {{one}} / ({{one}} + {{_math}}.Exp(-a));

                    """);
            }

            foreach (int bits in VectorSigmoidBits)
            {
                WriteVectorSigmoid(VectorType(bits), one);
            }
        }

        // The vector exp for tanh (every width, as the vector tanh is written) and softmax's exps, at the widths σ has not
        // written it for.
        IEnumerable<int> expBits = VectorTanhs ? VectorBits
            : VectorSoftmaxExps ? ActivationBits(_shape.Outputs, StoredOneAtATime(L))
            : Enumerable.Empty<int>();
        foreach (int bits in expBits.Except(VectorSigmoidBits))
        {
            WriteVectorExp(VectorType(bits));
        }

        if (VectorTanhs)
        {
            foreach (int bits in VectorBits)
            {
                WriteVectorTanh(VectorType(bits));
            }
        }

        foreach (int layer in _shape.HiddenLayers.Where(CallsActivation))
        {
            string units = _shape.IsShallow ? "the HiddenCount hidden units" : $$"""the {{Count(layer)}} units of hidden layer {{N(layer)}}""";
            switch (_shape.Activation)
            {
                case HiddenActivation.Tanh when !(VectorTanhs && _shape.Size(layer) >= Lanes(128)):
                    WriteScalarActivation(Activate(layer), Count(layer), $$"""z_j ← tanh(a_j) for {{units}}, in place""", $$"""{{_math}}.Tanh(v[n])""", BufferType(readOnly: false));
                    break;
                case HiddenActivation.Tanh:
                    WriteActivationOver(
                        Activate(layer),
                        $$"""z_j ← tanh(a_j) for {{units}}""",
                        Count(layer),
                        _shape.Size(layer),
                        vectorize: true,
                        (vector, load) => new[] { $$"""{{vector}}.StoreUnsafe({{TanhName}}({{load}}), ref r, (nuint)n);""" },
                        x => $$"""{{_math}}.Tanh({{x}})""",
                        BufferType(readOnly: false),
                        storedOneAtATime: StoredOneAtATime(layer));
                    break;
                case HiddenActivation.Relu:
                    WriteReluOver(
                        Activate(layer), $$"""z_j ← max(0, a_j) for {{units}} (NaN stays NaN)""", Count(layer), _shape.Size(layer), BufferType(readOnly: false),
                        storedOneAtATime: StoredOneAtATime(layer));
                    break;
                default:
                    WriteSigmoidsOver(
                        Activate(layer), $$"""z_j ← σ(a_j) for {{units}}""", Count(layer), _shape.Size(layer), BufferType(readOnly: false),
                        storedOneAtATime: StoredOneAtATime(layer));
                    break;
            }
        }

        // Where a sample is held in locals, Forward takes σ of each output itself: OutputSigmoids serves ForwardBatch's
        // sample lanes alone.
        if (_shape.Head == OutputHead.Sigmoid && (!SampleInRegisters || SampleLanes))
        {
            WriteSigmoidsOver(OutputSigmoids, "y_k ← σ(a_k) for the OutputCount outputs", "OutputCount", _shape.Outputs, storedOneAtATime: StoredOneAtATime(L));
        }
        else if (_shape.Head == OutputHead.Softmax)
        {
            WriteSoftmax();
        }

        // The batch kernels' σ over a whole block of samples' units at once: the same lanes, so the same bits, as one
        // sample at a time, in fewer and fuller vectors (a sample's 10 outputs are a Vector256 and a padded Vector128;
        // 8 samples' 80, five Vector512).
        foreach (int layer in _shape.Layers.Where(BlockSigmoids))
        {
            string group = N(BatchBlocking.Samples), units = layer == L ? "the OutputCount outputs" : $$"""the {{Count(layer)}} units""";
            WriteSigmoidsOver(
                BlockActivation(layer), $$"""σ for {{units}} of each of {{group}} samples, stored one sample after another""", $$"""{{group}} * {{Count(layer)}}""",
                BatchBlocking.Samples * _shape.Size(layer));
        }
    }

    /// <summary>
    /// The widths the vector σ, and with it the vector exp, is written for: those the sigmoid layers of at least
    /// <see cref="MinVectorSigmoids"/> units take (<see cref="ActivationBits"/>). None without <see cref="NetworkModel.VectorMath"/>.
    /// </summary>
    private IEnumerable<int> VectorSigmoidBits
    {
        get
        {
            IEnumerable<int> sigmoidLayers = _shape.Layers.Where(IsVectorSigmoidLayer);
            // ForwardBatch's sample-lane kernels take the vector σ at every width for the units Forward vectorizes.
            bool lanes = SampleLanes && _shape.HiddenLayers.Any(layer => _shape.Activation == HiddenActivation.Sigmoid && VectorActivatedUnits(layer) > 0);
            // The batch kernels' σ over a block of samples (BlockSigmoids) at the widths a block's units take.
            IEnumerable<int> blockBits = _shape.Layers.Where(BlockSigmoids)
                .SelectMany(layer => ActivationBits(BatchBlocking.Samples * _shape.Size(layer), storedOneAtATime: false));
            return _model.VectorMath
                ? VectorBits.Where(bits => lanes || blockBits.Contains(bits)
                    || sigmoidLayers.Any(layer => SigmoidBits(layer).Contains(bits))).ToList()
                : new List<int>();
        }
    }

    /// <summary>
    /// Whether some method calls layer <paramref name="layer"/>'s one-sample activation, so that it is written: not where
    /// unrolled code holds the units in registers and takes σ where the sums return (<see cref="InRegisters"/>), nor where
    /// SIMD code's layer kernel stores σ of its sums (<see cref="ActivatedWhereSummed"/>): such a layer's units all take
    /// the vector σ, so the batch kernels take σ over whole blocks of samples (<see cref="BlockSigmoids"/>).
    /// </summary>
    private bool CallsActivation(int layer) => !InRegisters(layer) && !ActivatedWhereSummed(layer);

    /// <summary>The widths of a sigmoid layer's vector σ: Vector128 alone for units held in registers (<see cref="InRegisters"/>).</summary>
    private IEnumerable<int> SigmoidBits(int layer) =>
        InRegisters(layer) ? new[] { 128 } : ActivationBits(_shape.Size(layer), StoredOneAtATime(layer));

    /// <summary>
    /// Whether softmax takes its exps a vector at a time: SIMD code with at least one whole 128-bit vector of outputs.
    /// Unrolled code keeps Math(F).Exp for every output, the same bits at every vector width.
    /// </summary>
    private bool VectorSoftmaxExps =>
        _shape.Head == OutputHead.Softmax && !_shape.IsUnrolled && _model.VectorMath && _shape.Outputs >= Lanes(128);

    /// <summary>
    /// Whether tanh hidden layers take tanh a vector at a time: SIMD code with a tanh layer of at least one whole 128-bit
    /// vector of units. Unrolled code keeps Math(F).Tanh.
    /// </summary>
    private bool VectorTanhs =>
        _shape.Activation == HiddenActivation.Tanh && !_shape.IsUnrolled && _model.VectorMath
        && _shape.HiddenLayers.Max(_shape.Size) >= Lanes(128);

    /// <summary>The vector tanh's name (the scalar one is Math(F).Tanh).</summary>
    private const string TanhName = "Tanh";

    /// <summary>
    /// tanh on every lane of one vector type <paramref name="v"/>: below |x| = ½ its odd Taylor polynomial, x + x·s·P(s)
    /// with s = x² (to x^15 in float, x^33 in double: the first term left out is under 0.2u there), by Horner's rule; from ½
    /// on, (1 − t)/(1 + t) with t = e^(−2|x|) ≤ e^(−1) through the vector exp, and x's sign. The coefficients are the
    /// Taylor series' (2^2n (2^2n − 1) B_2n / (2n)!, B_2n the Bernoulli numbers).
    /// </summary>
    private void WriteVectorTanh(string v)
    {
        bool single = _model.Precision == NumericPrecision.Single;
        string vt = $$"""{{v}}<{{_t}}>""";
        string[] coefficients = single
            ? new[] { "-0.33333334f", "0.13333334f", "-0.053968254f", "0.021869488f", "-0.008863236f", "0.003592128f", "-0.0014558344f" }
            : new[] { "-0.3333333333333333", "0.13333333333333333", "-0.05396825396825397", "0.021869488536155203", "-0.008863235529902197", "0.003592128036572481", "-0.0014558343870513183", "0.000590027440945586", "-0.00023912911424355248", "9.691537956929451e-05", "-3.927832388331683e-05", "1.5918905069328964e-05", "-6.451689215655431e-06", "2.6147711512907546e-06", "-1.0597268320104654e-06", "4.294911078273806e-07" };
        string half = Lit("0.5"), one = Lit("1"), last = single ? "15" : "33";
        _w.Lines($$"""
            /// <summary>
            /// tanh(x) on every lane: below |x| = ½ the odd Taylor polynomial x + x·s·P(s), s = x², to x^{{last}}; from ½ on
            /// (1 − t)/(1 + t) with t = e^(−2|x|), given x's sign. ±∞ give ±1; NaN stays NaN.
            /// </summary>
            """);
        Generated();
        _w.Lines($$"""
            {{AggressiveInlining}}
            private static {{vt}} {{TanhName}}({{vt}} x)
            {
                {{vt}} ax = {{v}}.Abs(x);
                {{vt}} t = {{Exp}}({{v}}.Create({{Lit("-2")}}) * ax);
                {{vt}} large = ({{v}}.Create({{one}}) - t) / ({{v}}.Create({{one}}) + t);
                large = {{v}}.ConditionalSelect({{v}}.Create({{Lit("-0")}}), x, large);   // x's sign bit, large's other bits
                {{vt}} s = x * x;
                {{vt}} q = {{v}}.Create({{coefficients[coefficients.Length - 1]}});
            """).Indent();
        for (int c = coefficients.Length - 2; c >= 0; c--)
        {
            _w.Line($$"""q = {{v}}.Create({{coefficients[c]}}) + (q * s);""");
        }

        _w.Lines($$"""
            {{vt}} small = x + (x * (s * q));
            return {{v}}.ConditionalSelect({{v}}.LessThan(ax, {{v}}.Create({{half}})), small, large);
            """);
        EndMethod();
    }

    /// <summary>σ on every lane of one vector type <paramref name="v"/>, and the vector exp it takes.</summary>
    private void WriteVectorSigmoid(string v, string one)
    {
        string vt = $$"""{{v}}<{{_t}}>""";
        _w.Lines("""
            /// <summary>σ(a) = 1 / (1 + e^(−a)) on every lane.</summary>
            """);
        Generated();
        _w.Lines($$"""
            {{AggressiveInlining}}
            private static {{vt}} {{Sigmoid}}({{vt}} a) => {{v}}.Create({{one}}) / ({{v}}.Create({{one}}) + {{Exp}}(-a));

            """);
        WriteVectorExp(v);
    }

    /// <summary>e^x on every lane of one vector type <paramref name="v"/>.</summary>
    /// <remarks>
    /// 2^k is shifted into place with the <c>&lt;&lt;</c> operator, not <c>Vector128.ShiftLeft</c> and its kin: the JIT
    /// gives both the same instruction, but at the named method's first call in ReadyToRun code the runtime loaded every
    /// integer vector type, Vector64 to Vector512 of int, 1.4–2.8 ms in a fresh process on the AVX-512 machine of the
    /// README's cold-start rows (0.5–0.7 ms for Vector128's), where the operator's first call took 8–33 µs and loaded
    /// none (tests/NetGen.ColdStart/README.md, 7 Dec 2026).
    /// </remarks>
    private void WriteVectorExp(string v)
    {
        bool single = _model.Precision == NumericPrecision.Single;
        string vt = $$"""{{v}}<{{_t}}>""";
        string degree = single ? "7" : "12";
        _w.Lines($$"""
            /// <summary>
            /// e^x on every lane: x = k ln2 + r with k = round(x / ln2) and |r| ≤ ln2/2, e^r by its Taylor polynomial to
            /// r^{{degree}}/{{degree}}! (under an ulp), then 2^k written into the exponent bits. x is clamped first so that 2^k stays a
            /// normal number, +∞ or 0 (then e^x is +∞ or 0, σ exactly 0 or 1); NaN stays NaN.
            /// </summary>
            """);
        Generated();
        _w.Lines($$"""
            {{AggressiveInlining}}
            private static {{vt}} {{Exp}}({{vt}} x)
            {
            """).Indent();
        if (single)
        {
            _w.Lines($$"""
                {{vt}} c = {{v}}.Min({{v}}.Max(x, {{v}}.Create(-87.33654f)), {{v}}.Create(88.72284f));
                {{vt}} magic = {{v}}.Create(12582912f);                            // 1.5·2^23: adding it rounds to an integer
                {{vt}} t = (c * {{v}}.Create(1.44269504f)) + magic;                     // x·log2(e) + magic
                {{vt}} k = t - magic;
                // x − k ln2, ln2 in two parts
                {{vt}} r = (c - (k * {{v}}.Create(0.693359375f))) - (k * {{v}}.Create(-2.12194440e-4f));
                """);
            WritePolynomial(v, "r", new[] { "1f", "1f", "0.5f", "1f / 6f", "1f / 24f", "1f / 120f", "1f / 720f", "1f / 5040f" });
            _w.Lines($$"""
                // 2^k
                {{vt}} scale = {{v}}.AsSingle(({{v}}.AsInt32(t) - {{v}}.AsInt32(magic) + {{v}}.Create(127)) << 23);
                """);
        }
        else
        {
            _w.Lines($$"""
                {{vt}} c = {{v}}.Min({{v}}.Max(x, {{v}}.Create(-708.3964185322641)), {{v}}.Create(709.782712893384));
                {{vt}} magic = {{v}}.Create(6755399441055744.0);                   // 1.5·2^52: adding it rounds to an integer
                {{vt}} t = (c * {{v}}.Create(1.4426950408889634)) + magic;              // x·log2(e) + magic
                {{vt}} k = t - magic;
                // x − k ln2, ln2 in two parts
                {{vt}} r = (c - (k * {{v}}.Create(0.693145751953125))) - (k * {{v}}.Create(1.4286068203094173e-6));
                """);
            WritePolynomial(
                v,
                "r",
                new[]
                {
                    "1.0", "1.0", "0.5", "1.0 / 6.0", "1.0 / 24.0", "1.0 / 120.0", "1.0 / 720.0", "1.0 / 5040.0", "1.0 / 40320.0",
                    "1.0 / 362880.0", "1.0 / 3628800.0", "1.0 / 39916800.0", "1.0 / 479001600.0",
                });
            _w.Lines($$"""
                // 2^k
                {{vt}} scale = {{v}}.AsDouble(({{v}}.AsInt64(t) - {{v}}.AsInt64(magic) + {{v}}.Create(1023L)) << 52);
                """);
        }

        _w.Lines($$"""
            return {{v}}.ConditionalSelect({{v}}.Equals(x, x), p * scale, x);
            """);
        EndMethod();
    }

    /// <summary>
    /// p = Σ_n c_n r^n into the local <c>p</c>, by Estrin's scheme: pairs c_2m + c_2m+1 r, then pairs of those with
    /// r², r⁴, …, so that the chain of dependent operations is about log2 of the degree long instead of the degree (the
    /// small networks' forward pass waits on two exps in a row).
    /// </summary>
    private void WritePolynomial(string vector, string r, IReadOnlyList<string> coefficients)
    {
        string vt = $$"""{{vector}}<{{_t}}>""";
        var terms = coefficients.Select(c => $$"""{{vector}}.Create({{c}})""").ToList();
        string power = r;
        int level = 0;
        while (terms.Count > 1)
        {
            var next = new List<string>();
            for (int m = 0; m < terms.Count; m += 2)
            {
                string name = $$"""q{{N(level)}}{{N(m / 2)}}""";
                string value = m + 1 < terms.Count ? $$"""{{terms[m]}} + ({{terms[m + 1]}} * {{power}})""" : terms[m];
                if (terms.Count == 2)
                {
                    _w.Lines($$"""
                        {{vt}} p = {{value}};
                        """);
                    return;
                }

                _w.Lines($$"""
                    {{vt}} {{name}} = {{value}};
                    """);
                next.Add(name);
            }

            if (next.Count > 1)
            {
                string square = $$"""r{{N(2 << level)}}""";
                _w.Lines($$"""
                    {{vt}} {{square}} = {{power}} * {{power}};
                    """);
                power = square;
            }

            terms = next;
            level++;
        }

        _w.Lines($$"""
            {{vt}} p = {{terms[0]}};
            """);
    }

    /// <summary>
    /// Softmax in place, y_k = e^(a_k − m) / Σ_j e^(a_j − m) with m = max_k a_k (so no exp overflows), and the
    /// output deltas and loss of softmax and linear outputs: the same operations, so Forward and Backward agree.
    /// </summary>
    private void WriteSoftmax()
    {
        _w.Lines(Summary("y_k ← e^(a_k − m) / Σ_j e^(a_j − m) for the OutputCount outputs, in place, with m = max_k a_k so that no exp overflows."));
        Generated();
        _w.Lines($$"""
            private static void {{OutputSoftmax}}({{_span}} v)
            {
                v = v.Slice(0, OutputCount);
                {{_t}} m = v[0];
                for (int k = 1; k < OutputCount; k++)
                {
                    m = {{_math}}.Max(m, v[k]);
                }

                for (int k = 0; k < OutputCount; k++)
                {
                    v[k] -= m;
                }

                {{OutputExps}}(v);   // e^(a_k − m)
                {{_t}} sum = {{Lit("0")}};
                for (int k = 0; k < OutputCount; k++)
                {
                    sum += v[k];
                }

                for (int k = 0; k < OutputCount; k++)
                {
                    v[k] /= sum;
                }
            }

            """);
        WriteActivationOver(
            OutputExps,
            "v_k ← e^(v_k) for the OutputCount outputs (softmax's exps)",
            "OutputCount",
            _shape.Outputs,
            VectorSoftmaxExps,
            (vector, load) => new[] { $$"""{{vector}}.StoreUnsafe({{Exp}}({{load}}), ref r, (nuint)n);""" },
            x => $$"""{{_math}}.Exp({{x}})""",
            storedOneAtATime: StoredOneAtATime(L));
    }

    /// <summary>The output deltas of softmax or linear outputs: one method, a loop over the outputs.</summary>
    private void WriteOutputDeltasLoop()
    {
        var phase = new Phase(PhaseKind.OutputDeltas, L);
        string name = Block(Name(phase), BlockPlan.For(phase, _shape)[0]);
        string a = AOut, d = D(L);
        bool softmax = _shape.Head == OutputHead.Softmax;
        _w.Lines(Summary(softmax
            ? "Outputs, softmax + categorical cross-entropy:  y = softmax(a),  δ_k = y_k − t_k,  ℓ = Σ_k t_k (log Σ_j e^(a_j − m) + m − a_k); returns ℓ"
            : "Outputs, linear + half squared error:  y_k = a_k,  δ_k = y_k − t_k,  ℓ = ½ Σ_k δ_k²; returns ℓ"));
        Generated();
        _w.Lines($$"""
            private static {{_t}} {{name}}({{_readOnlySpan}} {{a}}, {{_readOnlySpan}} t, {{_span}} {{d}})
            {
                {{a}} = {{a}}.Slice(0, OutputCount);
                t = t.Slice(0, OutputCount);
                {{d}} = {{d}}.Slice(0, OutputCount);
                {{_t}} loss = {{Lit("0")}};
            """).Indent();
        if (softmax)
        {
            _w.Lines($$"""
                // y_k by the same operations as {{OutputSoftmax}}, so Forward and Backward agree to the bit
                {{_t}} m = {{a}}[0];
                for (int k = 1; k < OutputCount; k++)
                {
                    m = {{_math}}.Max(m, {{a}}[k]);
                }

                for (int k = 0; k < OutputCount; k++)
                {
                    {{d}}[k] = {{a}}[k] - m;
                }

                {{OutputExps}}({{d}});   // e^(a_k − m)
                {{_t}} sum = {{Lit("0")}};
                for (int k = 0; k < OutputCount; k++)
                {
                    sum += {{d}}[k];
                }

                {{_t}} logSumExp = m + {{_math}}.Log(sum);
                for (int k = 0; k < OutputCount; k++)
                {
                    {{d}}[k] /= sum;
                    loss += t[k] * (logSumExp - {{a}}[k]);
                    {{d}}[k] -= t[k];
                }
                """);
        }
        else
        {
            _w.Lines($$"""
                for (int k = 0; k < OutputCount; k++)
                {
                    {{d}}[k] = {{a}}[k] - t[k];
                    loss += {{Lit("0.5")}} * {{d}}[k] * {{d}}[k];
                }
                """);
        }

        _w.Lines("""

            return loss;
            """);
        EndMethod();
    }

    /// <summary>A hidden activation applied one unit at a time.</summary>
    private void WriteScalarActivation(string name, string countName, string summary, string expression, string? type = null)
    {
        _w.Lines(Summary($$"""{{summary}}."""));
        Generated();
        _w.Lines($$"""
            {{AggressiveInlining}}
            private static void {{name}}({{type ?? _span}} v)
            {{{CutToLength("v", countName, type)}}
                for (int n = 0; n < {{countName}}; n++)
                {
                    v[n] = {{expression}};
                }
            }

            """);
    }

    /// <summary>
    /// σ in place over a span of a known length: only the loops that can run for that length are written. In SIMD code
    /// (<see cref="VectorSigmoidsOnly"/>) a layer of at least <see cref="MinVectorSigmoids"/> units takes the vector σ on
    /// every unit, the units no whole vector covers in one Vector128 padded with zeros, so that every unit's σ is the
    /// vector exp's, whichever loop reaches it. Smaller layers keep Math(F).Exp: one padded vector σ for 30-16-1's single
    /// output made its Forward slower (47 → 52–55 ns, scratch programs run alternately, 3 processes each).
    /// </summary>
    private void WriteSigmoidsOver(string name, string summary, string countName, int count, string? type = null, bool storedOneAtATime = false) =>
        WriteActivationOver(
            name,
            summary,
            countName,
            count,
            _model.VectorMath && count >= MinVectorSigmoids,
            (vector, load) => new[] { $$"""{{vector}}.StoreUnsafe({{Sigmoid}}({{load}}), ref r, (nuint)n);""" },
            x => $$"""{{Sigmoid}}({{x}})""",
            type,
            storedOneAtATime,
            VectorSigmoidsOnly && count >= MinVectorSigmoids ? x => $$"""{{Sigmoid}}({{x}})""" : null);

    /// <summary>
    /// Whether every sigmoid unit of a layer of at least <see cref="MinVectorSigmoids"/> units goes through the vector σ,
    /// the last units in a padded Vector128: SIMD code on .NET 8 and later. Then such a unit's σ does not depend on the
    /// loop that reaches it, and the batch kernels can take σ over several samples' units at once with the bits
    /// <c>Forward</c> gets. Unrolled code keeps Math(F).Exp for the last units.
    /// </summary>
    private bool VectorSigmoidsOnly => _model.VectorMath && !_shape.IsUnrolled && !Target.PortableKernels;

    /// <summary>
    /// Whether the batch kernels take layer <paramref name="layer"/>'s σ over a whole block of samples at once
    /// (<see cref="BlockActivation"/>): where the samples go through the layers a block at a time and every unit's σ is
    /// the vector σ's, which gives each lane the same bits wherever it sits.
    /// </summary>
    private bool BlockSigmoids(int layer) =>
        BatchBlocks && VectorSigmoidsOnly && IsVectorSigmoidLayer(layer);

    /// <summary>Whether layer <paramref name="layer"/>'s units are sigmoids: a sigmoid hidden layer, or the sigmoid head.</summary>
    private bool IsSigmoidLayer(int layer) => layer == L ? _shape.Head == OutputHead.Sigmoid : _shape.Activation == HiddenActivation.Sigmoid;

    /// <summary>Whether layer <paramref name="layer"/> is a sigmoid layer large enough for the vector σ (<see cref="MinVectorSigmoids"/>).</summary>
    private bool IsVectorSigmoidLayer(int layer) => IsSigmoidLayer(layer) && _shape.Size(layer) >= MinVectorSigmoids;

    /// <summary>The σ of layer <paramref name="layer"/> over a block of samples: its one-sample method's name and "OfBlock".</summary>
    private string BlockActivation(int layer) => (layer == L ? OutputSigmoids : Activate(layer)) + "OfBlock";

    /// <summary>
    /// ReLU in place, max(0, a) written as a &lt; 0 ? 0 : a both in vectors and one at a time, so that every unit
    /// gets the same value whichever loop computes it (NaN stays NaN, −0 stays −0; relu' = [z &gt; 0] is 0 for both).
    /// </summary>
    private void WriteReluOver(string name, string summary, string countName, int count, string? type = null, bool storedOneAtATime = false) =>
        WriteActivationOver(
            name,
            summary,
            countName,
            count,
            _model.VectorMath && count >= Lanes(128),
            (vector, load) =>
            {
                string zero = $$"""{{vector}}<{{_t}}>.Zero""";
                return new[]
                {
                    $$"""{{vector}}<{{_t}}> a = {{load}};""",
                    $$"""{{vector}}.StoreUnsafe(""",
                    $$"""    {{vector}}.ConditionalSelect({{vector}}.LessThan(a, {{zero}}), {{zero}}, a), ref r, (nuint)n);""",
                };
            },
            x => $$"""{{x}} < {{Lit("0")}} ? {{Lit("0")}} : {{x}}""",
            type,
            storedOneAtATime);

    /// <summary>
    /// An activation in place over a span of a known length: with <paramref name="vectorize"/>, a whole vector at a time
    /// (each width the machine accelerates, widest first) while one fits; then one unit at a time. Only the loops that
    /// can run for that length are written.
    /// </summary>
    /// <remarks>
    /// With <paramref name="storedOneAtATime"/> (<see cref="StoredOneAtATime"/>), each vector is built from its units,
    /// <c>Vector128.Create(v[n], v[n + 1], …)</c>, rather than loaded: a vector load of values that scalar stores have not
    /// yet written to the cache cannot take them from those stores (store-to-load forwarding fails) and waits. At 2-4-1
    /// that wait made the vector σ slower than four scalar ones. The widths are <see cref="ActivationBits"/>.
    /// </remarks>
    private void WriteActivationOver(
        string name, string summary, string countName, int count, bool vectorize, Func<string, string, IEnumerable<string>> vectorBody, Func<string, string> scalar,
        string? type = null, bool storedOneAtATime = false, Func<string, string>? paddedTail = null)
    {
        int last = count % Lanes(128);
        string how = !vectorize ? "one at a time"
            : paddedTail is null ? "a whole vector at a time while one fits, then one at a time"
            : last == 0 ? "a whole vector at a time"
            : "a whole vector at a time while one fits, then the last units in one Vector128 padded with zeros";
        _w.Lines(Summary($$"""{{summary}}, in place, {{how}}."""));
        Generated();
        _w.Lines($$"""
            {{AggressiveInlining}}
            private static void {{name}}({{type ?? _span}} v)
            {{{CutToLength("v", countName, type)}}
            """).Indent();
        // The units no vector covers, one statement each where they are few or the code is unrolled; otherwise a loop.
        int first = vectorize ? count - last : 0;
        bool statements = _shape.IsUnrolled || count - first <= MaxActivationStatements;
        if (vectorize || !statements)
        {
            _w.Line("int n = 0;");
        }

        bool tail = true;
        if (vectorize)
        {
            _w.Lines($$"""
                ref {{_t}} r = ref {{SpanReference}}(v);
                """);
            foreach (int bits in ActivationBits(count, storedOneAtATime))
            {
                string vector = VectorType(bits);
                int lanes = Lanes(bits);
                string load = storedOneAtATime
                    ? $$"""{{vector}}.Create({{string.Join(", ", Enumerable.Range(0, lanes).Select(l => l == 0 ? "v[n]" : $$"""v[n + {{N(l)}}]"""))}})"""
                    : $$"""{{vector}}.LoadUnsafe(ref r, (nuint)n)""";

                // The 128-bit loop runs whether or not Vector128 is accelerated (software vectors where it is not), as the
                // layer dispatchers fall back to their 128-bit kernels: a runtime without SIMD gets the same bits, and the
                // units the loop covers are never left without their activation.
                bool guarded = bits != 128;
                if (guarded)
                {
                    _w.Lines($$"""
                        if ({{vector}}.IsHardwareAccelerated)
                        {
                        """).Indent();
                }

                _w.Lines($$"""
                    for (; n <= {{countName}} - {{N(lanes)}}; n += {{N(lanes)}})
                    {
                    """).Indent();
                foreach (string line in vectorBody(vector, load))
                {
                    _w.Line(line);
                }

                _w.Outdent().Line("}");
                if (guarded)
                {
                    _w.Outdent().Line("}");
                }

                _w.Line();
            }

            tail = count % Lanes(128) != 0;
        }

        if (tail && paddedTail is not null)
        {
            // The last units in one Vector128, the lanes past them zero: each lane computes what it would in a whole
            // vector, and only the units' lanes are stored back. (The loops above cover at least one vector.)
            string Unit(int k) => $$"""v[{{countName}} - {{N(last - k)}}]""";
            string lanes = string.Join(", ", Enumerable.Range(0, Lanes(128)).Select(k => k < last ? Unit(k) : Lit("0")));
            string vector = VectorType(128);
            _w.Lines($$"""
                // The last {{(last == 1 ? "unit" : N(last) + " units")}}, through the same vector function: one Vector128 padded with zeros, the real lanes stored back.
                {{VectorOf(128)}} lastUnits = {{paddedTail($$"""{{vector}}.Create({{lanes}})""")}};
                {{Joined(Enumerable.Range(0, last).Select(k => $$"""{{Unit(k)}} = lastUnits.GetElement({{N(k)}});"""))}}
                """);
        }
        else if (tail && statements)
        {
            // The vector loops end at the same n whichever widths run: after the last whole Vector128.
            _w.Lines(Joined(Enumerable.Range(first, count - first).Select(k => $$"""v[{{N(k)}}] = {{scalar($$"""v[{{N(k)}}]""")}};""")));
        }
        else if (tail)
        {
            _w.Lines($$"""
                for (; n < {{countName}}; n++)
                {
                    v[n] = {{scalar("v[n]")}};
                }
                """);
        }
        else
        {
            _w.Lines("""
                // Every count of units is a whole number of 128-bit vectors: nothing is left for one lane at a time.
                """);
        }

        EndMethod();
    }

    /// <summary>
    /// The most units an activation over a span writes one statement each, outside unrolled code (which writes every unit
    /// so): the units past the last whole vector, or a layer too small for vectors. A loop of one trip over a call to
    /// MathF.Exp kept its constant 1 on the stack and its counter in a register saved by the method: 2-4-1's Forward took
    /// 15.0–15.1 ns with that loop, 14.6 ns with the statement (scratch program, alternate builds).
    /// </summary>
    private const int MaxActivationStatements = 4;

    /// <summary>Closes the method being written and leaves a blank line after it.</summary>
    private void EndMethod() => _w.Outdent().Lines("""
        }

        """);

    /// <summary>The activations' helpers in the Kernels class: σ (and the vector exp), and the sigmoid outputs' delta.</summary>
    private void WriteActivationHelpers()
    {
        string one = Lit("1"), zero = Lit("0");
        bool single = _model.Precision == NumericPrecision.Single;
        string smallestNormal = single ? "1.17549435E-38f" : "2.2250738585072014E-308", smallestNormalName = single ? "2^−126" : "2^−1022";
        WriteSigmoids();
        if (_shape.Head == OutputHead.Sigmoid)
        {
            _w.Lines("""
                /// <summary>
                /// One sigmoid output with binary cross-entropy, from a single exp: u = e^(−|a|), so that y = σ(a) is 1/(1 + u) for
                /// a ≥ 0 and u/(1 + u) below, and softplus(a) = log(1 + e^a) = max(a, 0) + log(1 + u), which never overflows (log(1 + u)
                /// is computed as u·log(v)/(v − 1) with v = 1 + u, accurate when u is tiny). Adds ℓ = softplus(a) − t·a to
                /// <paramref name="loss"/> and returns δ = y − t. A u below the normal range (|a| past 87.3 in float, 708 in
                /// double) is taken as 0: it would make y, δ and ℓ subnormal, which changes them by less than that range's
                /// bottom but makes the rest of the step, every product with δ, several times slower on x64.
                /// </summary>
                """);
            Generated();
            _w.Lines($$"""
                {{AggressiveInlining}}
                private static {{_t}} {{OutputDelta}}({{_t}} a, {{_t}} t, ref {{_t}} loss)
                {
                    {{_t}} u = {{_math}}.Exp(-{{_math}}.Abs(a));
                    if (u < {{smallestNormal}}) u = {{zero}};   // {{smallestNormalName}}: a subnormal u is taken as 0
                    {{_t}} v = {{one}} + u;
                    {{_t}} y = a >= {{zero}} ? {{one}} / v : u / v;
                    {{_t}} log1p = v == {{one}} ? u : {{_math}}.Log(v) * u / (v - {{one}});
                    loss += ({{_math}}.Max(a, {{zero}}) + log1p) - t * a;
                    return y - t;
                }

                """);
        }
    }
}
