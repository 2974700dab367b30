using System;
using System.Collections.Generic;
using System.Linq;
using NetGen.Generator.Model;
using static NetGen.Generator.Emitting.Names;

namespace NetGen.Generator.Emitting;

/// <summary>
/// The public methods of the maths file, each beside its work in the Kernels class: Forward, Backward, Step,
/// TrainSample, the batch methods, the loss for Fit, and the initialization.
/// </summary>
/// <remarks>
/// Written as C# raw string templates through <see cref="CodeWriter.Lines"/>, with <c>{{…}}</c> holes (numbers through
/// <see cref="Invariant"/>). Method signatures go through <see cref="CodeWriter.Open"/> and the kernels' calls through
/// <see cref="CodeWriter.Line"/>, which break them over lines when they are too wide.
/// </remarks>
internal sealed partial class MlpEmitter
{
    /// <summary>The optimizer as the docs name it: SGD, Momentum, Adam.</summary>
    private string OptimizerName => _shape.Optimizer == OptimizerKind.Sgd ? "SGD" : _shape.Optimizer.ToString();

    /// <summary><c>nameof(member)</c>: how a public method names itself to the checks.</summary>
    private static string NameOf(string member) => $$"""nameof({{member}})""";

    /// <summary>y = g(a) in place over <paramref name="output"/>; nothing for linear outputs.</summary>
    private void WriteOutputActivation(string output)
    {
        if (OutputActivationMethod(_shape.Head) is { } method)
        {
            _w.Lines($$"""{{method}}({{output}});""");
        }
    }

    /// <summary>
    /// Momentum or Adam over every parameter, block by block: weights with the L2 term, biases without. When the largest
    /// magnitudes of the gradients, the parameters and the optimizer's state bound every new value well inside T (almost
    /// always), one pass computes and writes. Otherwise a first pass computes every new value without writing; if any
    /// parameter or optimizer state would be NaN or ±∞ it returns false and nothing changes, else the writing pass repeats
    /// the same arithmetic. In each pass a block goes a whole
    /// <c>Vector&lt;T&gt;</c> at a time while one fits, then one parameter at a time (see <see cref="VectorUpdate"/>);
    /// both loops are written from one template, <see cref="UpdateStatements"/>, so every element gets the same
    /// operations in the same order, and the same bits, whichever loop computes it. The first pass does not branch on each
    /// value: it sums x·0 over the new values x (0 while every x is finite, NaN from the first NaN or ±∞ on) and tests
    /// the sums once, after its last loop.
    /// </summary>
    private void WriteUpdateParameters(bool fromDeltas = false)
    {
        if (_shape.Optimizer == OptimizerKind.Sgd || (fromDeltas && !FusedOptimizerStep))
        {
            return;
        }

        var blocks = _shape.Layers.SelectMany(l => new (string First, string End, int Length, bool Weights, string Name)[]
        {
            (WeightOffset(l), BiasOffset(l), _shape.WeightLength(l), true, $$"""W{{N(l)}}"""),
            (BiasOffset(l), l == L ? ParameterCount : WeightOffset(l + 1), _shape.Size(l), false, $$"""b{{N(l)}}"""),
        }).ToList();
        bool adam = _shape.Optimizer == OptimizerKind.Adam, vectors = blocks.Any(b => VectorLoop(b.Length));
        string gradient = fromDeltas ? "δ·(unit input), this sample's gradient" : "G·(1/B)";
        string rule = adam
            ? $$"""Adam on every parameter θ with g = {{gradient}} (+ (λ/N) θ for weights): m ← β1 m + (1 − β1) g, v ← β2 v + (1 − β2) g², θ ← θ − α_t m / (√v + ε̂)."""
            : $$"""Momentum on every parameter θ with g = {{gradient}} (+ (λ/N) θ for weights): v ← μ v + g, θ ← θ − η v.""";
        string optimizerLocals = adam
            ? $$"""
                {{StateType}} m = {{State(FirstMomentField)}}, v = {{State(SecondMomentField)}};
                long t = {{State(AdamStepsField)}} + 1;
                double correction1 = 1.0 - global::System.Math.Pow(beta1, t);   // 1 − β1^t
                double correction2 = 1.0 - global::System.Math.Pow(beta2, t);   // 1 − β2^t
                // η m̂/(√v̂ + ε) with m̂ = m/(1 − β1^t), v̂ = v/(1 − β2^t) is α_t m/(√v + ε̂): one square root and one division
                // a parameter (Kingma & Ba's order of computation, end of their section 2).
                {{_t}} alpha = ({{_t}})(eta * global::System.Math.Sqrt(correction2) / correction1);   // α_t = η √(1 − β2^t) / (1 − β1^t)
                // ε̂ = ε √(1 − β2^t), at least the smallest {{_t}} above 0 (a subnormal ε times √(1 − β2^t) could round to 0)
                {{_t}} epsilonHat = ({{_t}})global::System.Math.Max(epsilon * global::System.Math.Sqrt(correction2), {{_t}}.Epsilon);
                """
            : $$"""
                {{_t}} mu = {{State(MomentumField)}};
                """;
        var locals = new List<string>
        {
            fromDeltas
                ? $$"""
                    {{StateType}} p = {{State(ParametersField)}};
                    {{_t}} invB = {{Lit("1")}};   // B = 1: this sample alone, no gradients pending
                    """
                : _model.AlignedState
                ? $$"""
                    {{StateType}} p = {{State(ParametersField)}};
                    {{ReadOnlyStateType}} g = {{State(GradientsField)}};
                    """
                : $$"""{{StateType}} p = {{State(ParametersField)}}, g = {{State(GradientsField)}};""",
            optimizerLocals,
        };
        var summary = new List<string> { rule };
        if (fromDeltas)
        {
            summary.Add("TrainSample's step with no gradients pending, straight from the deltas: no gradient buffer is written, read or cleared.");
        }

        if (vectors)
        {
            string[] arrays = (adam ? new[] { "p", "g", "m", "v" } : new[] { "p", "g", "velocity" }).Where(a => !fromDeltas || a != "g").ToArray();
            locals.Add(fromDeltas
                ? "// p[0], m[0], …, and each unit input's and delta's first element, from which the vector loops load and store unchecked."
                : "// p[0], g[0], …, from which the vector loops load and store unchecked, each within the block it loops over.");
            locals.AddRange(arrays.Select(a => $$"""ref {{_t}} {{a}}0 = ref {{StateReference}}({{a}});"""));
            if (fromDeltas)
            {
                locals.AddRange(DeltaStepSpans().Select(span => $$"""ref {{_t}} {{span}}0 = ref MemoryMarshal.GetReference({{span}});"""));
            }
            if (adam)
            {
                locals.Add($$"""{{VectorOfT}} epsilonHats = new(epsilonHat);   // ε̂ in every lane""");
            }

            summary.Add("""Each block of parameters a whole <see cref="global::System.Numerics.Vector{T}"/> at a time while one fits, then one at a time,""");
            summary.Add("with the same operations in the same order either way.");
        }

        summary.Add("One pass writes when the largest magnitudes bound every new value well inside T; otherwise a first pass checks without writing.");
        summary.Add("Returns false, having written nothing, when a new parameter or optimizer state would be NaN or ±∞.");
        locals.Add(fromDeltas ? "int n, c;" : "int n;");
        _w.Lines(SummaryOfLines(summary));
        Generated();
        _w.Open(fromDeltas
            ? $$"""private static bool {{UpdateParametersFromDeltas}}({{StateType}} parameters, {{OptimizerParameters()}}{{string.Concat(DeltaStepSpans().Select(span => $$"""{{_readOnlySpan}} {{span}}, """))}}{{_t}} eta, {{_t}} decay, {{_t}} largestGradient)"""
            : $$"""private static bool {{UpdateParameters}}({{StateType}} parameters, {{ReadOnlyStateType}} gradients, {{OptimizerParameters()}}{{_t}} eta, {{_t}} invB, {{_t}} decay, {{_t}} largestGradient)""");
        string stateBound = adam
            ? $$"""
                // |m| ≤ a = max(max|m|, s); v ≤ max(max v, s²) (v is never below 0); the quotient |m/(√v + ε̂)| ≤ 2 a/ε̂; and
                // |Δθ| = α_t times that ≤ 4 α_t a/ε̂.
                double a = global::System.Math.Max({{Check(MaxAbs)}}(m), s);
                bool bounded = s * s <= limit && {{Check(MaxAbs)}}(v) <= limit && a <= limit && a / epsilonHat <= limit
                    && largestParameter + 4.0 * alpha * a / epsilonHat <= limit;
                """
            : $$"""
                // |v| ≤ u = μ max|v| + s, and |Δθ| = η|v| ≤ 2 η u.
                double u = (double)mu * {{Check(MaxAbs)}}(velocity) + s;
                bool bounded = u <= limit && largestParameter + 2.0 * eta * u <= limit;
                """;
        string lanes = vectors ? $$"""{{VectorOfT}} zeroIfFiniteLanes = {{VectorOfT}}.Zero;""" + "\n" : string.Empty;
        _w.Lines($$"""
            {{Joined(locals)}}

            // Can a new value be NaN or ±∞? Not when the largest magnitudes (one read of θ and the state, no writes) bound every
            // new value within {{_t}}.MaxValue/16, each bound with a factor of 2 or more to spare for rounding: then one pass
            // computes and writes. |g| ≤ s = max|G|/B + (λ/N) max|θ| (max|G|: the caller's check, finite).
            const double limit = (double){{_t}}.MaxValue / 16;
            double largestParameter = {{Check(MaxAbs)}}(p);   // +∞ if a parameter is NaN or ±∞
            double s = largestGradient * (double)invB + decay * largestParameter;
            {{stateBound}}
            """);
        _w.Open("if (!bounded)");
        _w.Lines($$"""
            // Else first without writing: would any new value x be NaN or ±∞? x·0 is 0 for a finite x and NaN for NaN or ±∞,
            // so a sum of x·0 over the new values is 0 while every one of them is finite, and NaN from the first that is not.
            {{lanes}}{{_t}} zeroIfFinite = {{Lit("0")}};

            """);
        WriteUpdateBlocks(blocks, write: false, fromDeltas);
        _w.Lines($$"""
            if ({{(vectors ? $$"""zeroIfFiniteLanes != {{VectorOfT}}.Zero || """ : string.Empty)}}zeroIfFinite != {{Lit("0")}}) return false;
            """);
        _w.Close();
        _w.Line();
        _w.Lines("// Every new value is finite: computed and written.");
        WriteUpdateBlocks(blocks, write: true, fromDeltas);

        if (adam)
        {
            _w.Lines($$"""{{State(AdamStepsField)}} = t;""");
        }

        _w.Lines("return true;");
        EndMethod();
    }

    /// <summary>UpdateParameters' loops over every block of parameters: a pass that only checks, or the pass that writes.</summary>
    private void WriteUpdateBlocks(List<(string First, string End, int Length, bool Weights, string Name)> blocks, bool write, bool fromDeltas)
    {
        if (fromDeltas)
        {
            WriteUpdateBlocksFromDeltas(write);
            return;
        }

        foreach ((string first, string end, int length, bool weights, string what) in blocks)
        {
            string penalty = weights ? ", with the penalty's gradient" : ", no penalty";
            _w.Lines($$"""// {{what}}{{penalty}}""");
            if (VectorLoop(length))
            {
                string count = $$"""{{VectorOfT}}.Count""";
                WriteUpdateLoop($$"""for (n = {{first}}; n <= {{end}} - {{count}}; n += {{count}})""", UpdateStatements(weights, write, vector: true));
                WriteUpdateLoop($$"""for (; n < {{end}}; n++)""", UpdateStatements(weights, write, vector: false));
            }
            else
            {
                WriteUpdateLoop($$"""for (n = {{first}}; n < {{end}}; n++)""", UpdateStatements(weights, write, vector: false));
            }
        }
    }

    /// <summary>
    /// Whether TrainSample with no gradients pending takes Momentum's or Adam's step straight from the deltas
    /// (<see cref="UpdateParametersFromDeltas"/>), as SGD's does: SIMD networks, whose Momentum or Adam update goes a vector
    /// at a time. The gradient buffer then is neither written, read nor cleared: at 784-128-10 that is four of the fourteen
    /// passes over 407 KB that Backward then Step make.
    /// </summary>
    private bool FusedOptimizerStep => _shape.Optimizer != OptimizerKind.Sgd && !_shape.IsUnrolled && !Target.PortableKernels && VectorUpdate;

    /// <summary>UpdateParametersFromDeltas' spans: each layer's unit inputs (the inputs, z1, …), then each layer's deltas.</summary>
    private IEnumerable<string> DeltaStepSpans() =>
        _shape.Layers.Select(l => In(l, "input")).Concat(_shape.Layers.Select(l => D(l)));

    /// <summary>
    /// UpdateParametersFromDeltas' loops: each weight matrix a row at a time, the gradient of w at n the product that
    /// Backward's SIMD kernel would have added to a cleared buffer (δ_j x_i for the input-major W1, δ_k z_j for the
    /// output-major layers above: a fused multiply-add onto 0 where the runtime has one), then each bias block, whose
    /// gradient is 0 + δ, as Backward's sum. Each row's vector loop and one-at-a-time loop share their template with
    /// UpdateParameters', so every element gets the operations Backward then Step would give it.
    /// </summary>
    private void WriteUpdateBlocksFromDeltas(bool write)
    {
        const string Vectors = "global::System.Numerics.Vector";
        string zero = Lit("0");
        foreach (int layer in _shape.Layers)
        {
            bool inputMajor = NetworkShape.IsInputMajor(layer);
            string unitInput = In(layer, "input"), delta = D(layer);
            (string rows, string rowCount, string columns, string columnCount, int columnLength) = inputMajor
                ? (unitInput, Count(layer - 1), delta, Count(layer), _shape.Size(layer))
                : (delta, Count(layer), unitInput, Count(layer - 1), _shape.Size(layer - 1));
            // As Backward's SIMD kernels add them to the cleared buffer: a fused multiply-add in whole vectors where the runtime
            // has one, a multiply then an add one at a time.
            string scalarProduct = $$"""{{zero}} + (row * {{columns}}[c])""";
            string vectorProduct = _model.FusedMultiplyAdd
                ? $$"""{{Vectors}}.FusedMultiplyAdd(rowLanes, {{Vectors}}.LoadUnsafe(ref {{columns}}0, (nuint)c), {{VectorOfT}}.Zero)"""
                : $$"""{{VectorOfT}}.Zero + (rowLanes * {{Vectors}}.LoadUnsafe(ref {{columns}}0, (nuint)c))""";
            string what = inputMajor ? $$"""δ_j {{Sym(layer - 1)}}_i, a row per input i""" : $$"""δ_k {{Sym(layer - 1)}}_j, a row per unit k""";
            _w.Lines($$"""// W{{N(layer)}}, with the penalty's gradient: g = {{what}}""");
            _w.Open($$"""for (int r = 0; r < {{rowCount}}; r++)""");
            _w.Lines($$"""
                {{_t}} row = {{rows}}[r];
                int first = {{WeightOffset(layer)}} + (r * {{columnCount}});
                c = 0;
                """);
            if (VectorLoop(columnLength))
            {
                _w.Lines($$"""{{VectorOfT}} rowLanes = new(row);""");
                string count = $$"""{{VectorOfT}}.Count""";
                _w.Open($$"""for (; c <= {{columnCount}} - {{count}}; c += {{count}})""");
                _w.Lines("n = first + c;");
                _w.Lines(UpdateStatements(weights: true, write, vector: true, gradient: vectorProduct));
                _w.Close();
                _w.Line();
            }

            _w.Open($$"""for (; c < {{columnCount}}; c++)""");
            _w.Lines("n = first + c;");
            _w.Lines(UpdateStatements(weights: true, write, vector: false, gradient: scalarProduct));
            _w.Close();
            _w.Close();
            _w.Line();

            _w.Lines($$"""// b{{N(layer)}}, no penalty: g = 0 + δ""");
            _w.Lines("c = 0;");
            if (VectorLoop(_shape.Size(layer)))
            {
                string count = $$"""{{VectorOfT}}.Count""";
                _w.Open($$"""for (; c <= {{Count(layer)}} - {{count}}; c += {{count}})""");
                _w.Lines($$"""n = {{BiasOffset(layer)}} + c;""");
                _w.Lines(UpdateStatements(weights: false, write, vector: true, gradient: $$"""{{VectorOfT}}.Zero + {{Vectors}}.LoadUnsafe(ref {{delta}}0, (nuint)c)"""));
                _w.Close();
                _w.Line();
            }

            _w.Open($$"""for (; c < {{Count(layer)}}; c++)""");
            _w.Lines($$"""n = {{BiasOffset(layer)}} + c;""");
            _w.Lines(UpdateStatements(weights: false, write, vector: false, gradient: $$"""{{zero}} + {{delta}}[c]"""));
            _w.Close();
            _w.Line();
        }
    }

    /// <summary>One loop of UpdateParameters, then a blank line.</summary>
    private void WriteUpdateLoop(string header, string body)
    {
        _w.Open(header);
        _w.Lines(body);
        _w.Close();
        _w.Line();
    }

    /// <summary>
    /// Whether UpdateParameters goes a vector at a time. Its loads and stores, <c>Vector.LoadUnsafe</c> and
    /// <c>Vector.StoreUnsafe</c>, came with .NET 8, as <c>Vector512</c> did, which <see cref="NetworkModel.VectorMath"/>
    /// tells is there. An older framework, which only an unrolled network may target, gets the one-at-a-time loops alone;
    /// so does a block of fewer parameters than the narrowest <c>Vector&lt;T&gt;</c> holds (128 bits, <see cref="VectorLoop"/>),
    /// where a vector loop could never run, and a network of such blocks only writes no vector at all.
    /// </summary>
    private bool VectorUpdate => _model.VectorMath;

    /// <summary>Whether a block of <paramref name="length"/> parameters gets a vector loop: if a 128-bit vector fits in it.</summary>
    private bool VectorLoop(int length) => VectorUpdate && length >= Lanes(128);

    /// <summary><c>Vector&lt;T&gt;</c>, as wide as the machine's accelerated vectors (the JIT's constant Count).</summary>
    private string VectorOfT => $$"""global::System.Numerics.Vector<{{_t}}>""";

    /// <summary>
    /// The body of one of UpdateParameters' loops over a block of parameters: the new values, then either their x·0 added
    /// to the sum the first pass tests (<paramref name="write"/> false) or their writes. With <paramref name="vector"/>,
    /// the vector loop's: the same text, with a vector of <see cref="VectorOfT"/> for each value, a load for each
    /// element read and <c>Vector.SquareRoot</c> for the square root, so that each lane gets the same operations in the
    /// same order as the one-at-a-time loop (each of them IEEE-rounded per lane, the square root included; no fused
    /// multiply-add). A scalar operand stays scalar: <c>Vector&lt;T&gt;</c>'s operators with a scalar apply it to every lane.
    /// </summary>
    private string UpdateStatements(bool weights, bool write, bool vector, string? gradient = null)
    {
        const string Vectors = "global::System.Numerics.Vector";
        string t = vector ? VectorOfT : _t, zero = Lit("0"), one = Lit("1"), sum = vector ? "zeroIfFiniteLanes" : "zeroIfFinite";
        string At(string array) => vector ? $$"""{{Vectors}}.LoadUnsafe(ref {{array}}0, (nuint)n)""" : $$"""{{array}}[n]""";
        string Store(string array, string value) =>
            vector ? $$"""{{Vectors}}.StoreUnsafe({{value}}, ref {{array}}0, (nuint)n);""" : $$"""{{array}}[n] = {{value}};""";
        string l2Term = weights ? $$""" + decay * {{At("p")}}""" : string.Empty;
        if (_shape.Optimizer == OptimizerKind.Adam)
        {
            string sqrt = vector ? $$"""{{Vectors}}.SquareRoot""" : $$"""{{_math}}.Sqrt""", epsilon = vector ? "epsilonHats" : "epsilonHat";
            string end = write
                ? $$"""
                    {{Store("m", "mn")}}
                    {{Store("v", "vn")}}
                    {{Store("p", "pn")}}
                    """
                : $$"""{{sum}} += (mn * {{zero}}) + (vn * {{zero}}) + (pn * {{zero}});""";
            return $$"""
                {{GradientLine(t, gradient)}}{{t}} gn = {{(gradient is null ? At("g") : "gradient")}} * invB{{l2Term}};
                {{t}} mn = beta1 * {{At("m")}} + ({{one}} - beta1) * gn;
                {{t}} vn = beta2 * {{At("v")}} + ({{one}} - beta2) * gn * gn;
                {{t}} pn = {{At("p")}} - alpha * (mn / ({{sqrt}}(vn) + {{epsilon}}));
                {{end}}
                """;
        }

        string momentumEnd = write
            ? $$"""
                {{Store("velocity", "vn")}}
                {{Store("p", "pn")}}
                """
            : $$"""{{sum}} += (vn * {{zero}}) + (pn * {{zero}});""";
        return $$"""
            {{GradientLine(t, gradient)}}{{t}} gn = {{(gradient is null ? At("g") : "gradient")}} * invB{{l2Term}};
            {{t}} vn = mu * {{At("velocity")}} + gn;
            {{t}} pn = {{At("p")}} - eta * vn;
            {{momentumEnd}}
            """;
    }

    /// <summary>
    /// UpdateParametersFromDeltas' first line in a loop: this sample's gradient of the parameter at n, computed from the
    /// deltas by <paramref name="gradient"/>; nothing in UpdateParameters, which reads it from the buffer.
    /// </summary>
    private static string GradientLine(string type, string? gradient) =>
        gradient is null ? string.Empty : $$"""{{type}} gradient = {{gradient}};""" + "\n";

    /// <summary>Momentum's or Adam's state as a kernel's parameters, each followed by ", ".</summary>
    private string OptimizerParameters() => _shape.Optimizer switch
    {
        OptimizerKind.Momentum => $$"""{{StateType}} velocity, {{_t}} momentum, """,
        OptimizerKind.Adam => $$"""{{StateType}} firstMoment, {{StateType}} secondMoment, ref long adamSteps, {{_t}} beta1, {{_t}} beta2, {{_t}} epsilon, """,
        _ => string.Empty,
    };

    /// <summary>Momentum's or Adam's state as the arguments of a call, each followed by ", ".</summary>
    private string OptimizerArguments() => _shape.Optimizer switch
    {
        OptimizerKind.Momentum => $$"""{{State(VelocityField)}}, {{State(MomentumField)}}, """,
        OptimizerKind.Adam =>
            $$"""{{State(FirstMomentField)}}, {{State(SecondMomentField)}}, ref {{State(AdamStepsField)}}, {{State(Beta1Field)}}, {{State(Beta2Field)}}, {{State(EpsilonField)}}, """,
        _ => string.Empty,
    };

    /// <summary>The check that the span <paramref name="parameter"/> holds exactly <paramref name="count"/> values.</summary>
    private string LengthCheck(string parameter, string count) =>
        $$"""if ({{parameter}}.Length != {{count}}) throw {{Check(LengthMismatch)}}(nameof({{parameter}}), {{parameter}}.Length, {{count}}, nameof({{count}}));""";

    private void WriteForward()
    {
        _w.Lines($$"""
            /// <summary>Computes the outputs for one sample: {{ForwardEquation()}}.</summary>
            /// <param name="input">The InputCount inputs x_i.</param>
            /// <param name="output">Receives the OutputCount outputs y_k{{OutputRange}}.</param>
            /// <exception cref="global::System.ArgumentException">A span's length is not InputCount or OutputCount; nothing is written.</exception>
            /// <remarks>
            /// {{AllocatesNothing}}. Forward only reads the parameters, so several threads may call it on one instance at once,
            /// as long as none of them trains the network or writes <see cref="Parameters"/> meanwhile.
            /// </remarks>
            {{GeneratedCode}}
            """);
        _w.Open($$"""public void {{Forward}}({{_readOnlySpan}} input, {{_span}} output)""");
        _w.Lines($$"""
            {{LengthCheck("input", InputCount)}}
            {{LengthCheck("output", OutputCount)}}
            __{{KernelsClass}}.{{Forward}}({{State(ParametersField)}}, input, output);
            """);
        EndMethod();
        InKernels(() =>
        {
            _w.Lines($$"""/// <summary>Forward's work:  {{ForwardEquation()}}.</summary>""");
            OpenEntryPoint($$"""internal static void {{Forward}}({{ReadOnlyStateType}} parameters, {{_readOnlySpan}} input, {{_span}} output)""");
            WriteBuffers(HiddenBuffers());

            WriteForwardLayers("input", "output");
            EndMethod();
        });
    }

    /// <summary>A method's stack buffers, one per line, then a blank line; nothing when it has none (<see cref="SampleInRegisters"/>).</summary>
    private void WriteBuffers(string buffers)
    {
        if (buffers.Length > 0)
        {
            _w.Lines(buffers);
            _w.Line();
        }
    }

    /// <summary>
    /// The buffers of a method that goes from one sample's inputs to its loss: the hidden units', the output sums' and the
    /// output deltas', and with <paramref name="hiddenDeltas"/> each hidden layer's deltas; only the units' where a sample
    /// is held in locals (<see cref="SampleInRegisters"/>), which then have none. (<see cref="Buffer"/> declares a buffer
    /// type as it names it, so the ones not needed are not named at all.)
    /// </summary>
    private string OneSampleBuffers(bool hiddenDeltas) => SampleInRegisters
        ? HiddenBuffers()
        : JoinedLines(
            HiddenBuffers(),
            Buffer(AOut, OutputCount),
            Buffer(D(L), OutputCount),
            hiddenDeltas ? Joined(Enumerable.Range(1, L - 1).Reverse().Select(layer => Buffer(D(layer), Count(layer)))) : string.Empty);

    /// <summary>One buffer per hidden layer for its units, z1, z2, … (<see cref="Buffer"/>).</summary>
    private string HiddenBuffers() =>
        Joined(_shape.HiddenLayers.Where(layer => !InRegisters(layer)).Select(layer => Buffer(Z(layer), Count(layer))));

    /// <summary>Declarations, one per line, leaving out the empty ones (a layer held in registers has no buffer).</summary>
    private static string JoinedLines(params string[] lines) => Joined(lines.Where(line => line.Length > 0));

    /// <summary>One stack buffer per hidden layer for the units of <paramref name="group"/> samples, zs1, zs2, ….</summary>
    private string SampleBuffers(string group) =>
        Joined(_shape.HiddenLayers.Select(layer => $$"""{{_span}} {{Zs(layer)}} = stackalloc {{_t}}[{{group}} * {{Count(layer)}}];"""));

    /// <summary>
    /// The forward pass from <paramref name="input"/> into <paramref name="output"/>, through the buffers z1, z2, ….
    /// <paramref name="outputIsCut"/>: the output span already has the constant length OutputCount (a slice of it in
    /// ForwardBatch's loop), so that outputs written one by one need no cut first (<see cref="SampleInRegisters"/>).
    /// </summary>
    private void WriteForwardLayers(string input, string output, bool outputIsCut = false)
    {
        foreach (int layer in _shape.HiddenLayers)
        {
            string where = InRegisters(layer) ? ", held in Vector128 locals" : ActivatedWhereSummed(layer) ? ", both in one kernel" : string.Empty;
            _w.Lines($$"""// {{LayerTitle(layer)}}:  {{LayerEquation(layer)}},  {{Sym(layer)}}_j = {{F}}(a_j){{where}}""");
            WriteHiddenLayerCalls(layer, input);
        }

        _w.Lines($$"""// Output layer:  {{LayerEquation(L)}},  {{OutputEquation}}""");
        if (SampleInRegisters)
        {
            WriteOutputSumCallsInRegisters(input, output, cutOutput: !outputIsCut);
            return;
        }

        WriteCalls(new Phase(PhaseKind.Layer, L), $$"""{{UnitsArgument(L - 1, input)}}, {{output}}""");
        WriteOutputActivation(output);
    }

    /// <summary>
    /// The forward pass from <paramref name="input"/> to the output sums a_k in <paramref name="sums"/>, without comments:
    /// for the methods that go on to the loss.
    /// </summary>
    private void WriteForwardToSums(string input, string sums)
    {
        foreach (int layer in _shape.HiddenLayers)
        {
            WriteHiddenLayerCalls(layer, input);
        }

        if (SampleInRegisters)
        {
            WriteOutputSumCallsInRegisters(input, null);
            return;
        }

        WriteCalls(new Phase(PhaseKind.Layer, L), $$"""{{UnitsArgument(L - 1, input)}}, {{sums}}""");
    }

    /// <summary>A hidden layer's sums from the layer below, then its activation: into its buffer, or held in registers (<see cref="InRegisters"/>).</summary>
    private void WriteHiddenLayerCalls(int layer, string input)
    {
        if (InRegisters(layer))
        {
            WriteLayerCallsInRegisters(layer, input);
            return;
        }

        WriteCalls(new Phase(PhaseKind.Layer, layer), $$"""{{UnitsArgument(layer - 1, input)}}, {{Z(layer)}}""");
        if (!ActivatedWhereSummed(layer))
        {
            _w.Lines($$"""{{Activate(layer)}}({{Z(layer)}});""");
        }
    }

    private void WriteBackward()
    {
        string hiddenDeltas = _shape.IsShallow
            ? HiddenDeltaEquation(1)
            : $$"""δ_j = {{F}}'(a_j) Σ_k w_kj δ_k layer by layer down from the outputs (k over the layer above)""";
        string returns = _shape.Head switch
        {
            OutputHead.Softmax => """
                /// The sample's categorical cross-entropy ℓ = −Σ_k t_k log y_k, computed from the logits as Σ_k t_k (logsumexp(a) − a_k)
                /// so that it stays finite when an output saturates.
                """,
            OutputHead.Linear => """
                /// The sample's half squared error ℓ = ½ Σ_k (y_k − t_k)².
                """,
            _ => """
                /// The sample's binary cross-entropy ℓ = −Σ_k [t_k log y_k + (1 − t_k) log(1 − y_k)], computed from the logits as
                /// Σ_k [softplus(a_k) − t_k a_k] so that it stays finite when an output saturates.
                """,
        };
        _w.Lines($$"""
            /// <summary>
            /// Backpropagates one sample: runs the forward pass, computes the output deltas δ_k = y_k − t_k and the hidden
            /// deltas {{hiddenDeltas}}, and adds ∂ℓ/∂w = δ·(unit input) and ∂ℓ/∂b = δ into <see cref="Gradients"/>.
            /// </summary>
            /// <param name="input">The InputCount inputs x_i.</param>
            /// <param name="target">The OutputCount targets t_k{{OutputRange}}.</param>
            /// <returns>
            {{returns}}
            /// </returns>
            /// <exception cref="global::System.ArgumentException">
            /// A span's length is not InputCount or OutputCount, or an input or target is NaN or ±∞; nothing is written.
            /// </exception>
            /// <exception cref="global::System.NotFiniteNumberException">
            /// The loss or a gradient is NaN or ±∞ (the parameters hold NaN or ±∞, or training diverged); nothing is added to
            /// <see cref="Gradients"/>.
            /// </exception>
            /// <remarks>{{AllocatesNothing}}. Not thread-safe: it writes the gradients.</remarks>
            {{GeneratedCode}}
            """);
        _w.Open($$"""public {{_t}} {{Backward}}({{_readOnlySpan}} input, {{_readOnlySpan}} target)""");
        _w.Lines($$"""
            {{LengthCheck("input", InputCount)}}
            {{LengthCheck("target", OutputCount)}}
            {{FiniteChecks("input", "target", "0", "0")}}
            {{_t}} loss = {{BackpropagateCall("input", "largestInput", "target", NameOf(Backward))}};
            {{State(PendingSamplesField)}}++;
            return loss;
            """);
        EndMethod();
        InKernels(WriteBackpropagate);
    }

    /// <summary>
    /// A call of the Kernels class's Backpropagate, from the user's type or from inside the class.
    /// <paramref name="largestInput"/> is max|x| of the sample's inputs, which the caller's finite check has found.
    /// </summary>
    private string BackpropagateCall(string input, string largestInput, string target, string caller)
    {
        string kernels = _inKernels ? string.Empty : $$"""__{{KernelsClass}}.""";
        return $$"""{{kernels}}{{Backpropagate}}({{State(ParametersField)}}, {{State(GradientsField)}}, {{input}}, {{largestInput}}, {{target}}, {{caller}})""";
    }

    private void WriteBackpropagate()
    {
        string gradients = _shape.IsShallow
            ? "// Gradients:  ∂ℓ/∂w_kj = δ_k z_j,  ∂ℓ/∂b_k = δ_k,  ∂ℓ/∂w_ji = δ_j x_i,  ∂ℓ/∂b_j = δ_j   (summed until Step)"
            : "// Gradients, layer by layer:  ∂ℓ/∂w_ji = δ_j (unit input)_i,  ∂ℓ/∂b_j = δ_j   (summed until Step)";
        _w.Lines("""
            /// <summary>
            /// Backward's work once its arguments are checked: the forward pass, the deltas, then, if the loss and every gradient
            /// are finite, the gradients added in. <paramref name="largestInput"/> is max|x|, from the check that the inputs are
            /// finite; <paramref name="caller"/> names the public method in an exception.
            /// </summary>
            """);
        OpenEntryPoint($$"""internal static {{_t}} {{Backpropagate}}({{ReadOnlyStateType}} parameters, {{StateType}} gradients, {{_readOnlySpan}} input, {{_t}} largestInput, {{_readOnlySpan}} target, string caller)""");
        WriteForwardPassAndDeltas("caller", Lit("0"));
        _w.Lines($$"""

            {{gradients}}
            """);
        for (int layer = L; layer >= 1; layer--)
        {
            WriteCalls(new Phase(PhaseKind.AccumulateGradients, layer), $$"""{{UnitsArgument(layer - 1, "input")}}, {{DeltaArgument(layer)}}""");
        }

        _w.Lines("return loss;");
        EndMethod();
    }

    /// <summary>
    /// The checks a training method makes of its data before anything is written: every input and target finite. The
    /// per-sample counts are "0" for one sample, or the count of values per sample in a batch, for the message. For one
    /// sample the inputs' check keeps max|x| (<c>largestInput</c>), which bounds the first layer's gradients.
    /// </summary>
    private string FiniteChecks(string inputs, string targets, string inputsPerSample, string targetsPerSample) => $$"""
        {{(inputsPerSample == "0" ? _t + " largestInput = " : string.Empty)}}{{Check(RequireFinite)}}({{inputs}}, nameof({{inputs}}), {{inputsPerSample}});
        {{Check(RequireFinite)}}({{targets}}, nameof({{targets}}), {{targetsPerSample}});
        """;

    /// <summary>
    /// The checks between the deltas and the first write: the loss, and for each layer the product max|δ|·max|unit input|,
    /// which is the largest |∂ℓ/∂w_ji| = |δ_j|·|(unit input)_i| and so finite exactly when every gradient of the layer is
    /// (rounding is monotonic, and <c>MaxAbs</c> is +∞ when a value is NaN or ±∞). <paramref name="largestInput"/> is the
    /// expression for the first layer's max|x|, <paramref name="delta"/> gives each layer's deltas and
    /// <paramref name="units"/> the hidden units feeding each layer above the first.
    /// </summary>
    private void WriteStepChecks(string caller, string eta, string largestInput, Func<int, string> delta, Func<int, string>? units = null)
    {
        string bound = !SigmoidUnitsBoundedByOne ? string.Empty : $$"""

            // Above sigmoid units max(max|z|, 1) is 1: σ lies in [0, 1], and a NaN among the z would make the loss NaN, refused first.
            """;
        _w.Lines($$"""
            // No step on a non-finite loss or gradient. |∂ℓ/∂w_ji| = |δ_j|·|(unit input)_i| is largest at max|δ|·max|unit input|,
            // so that product is finite exactly when every gradient of the layer is (MaxAbs is ∞ if a value is NaN or ±∞);
            // and a step, when one follows, must not move any parameter by more than {{_t}}.MaxValue/4.{{bound}}
            {{Check(CheckLoss)}}({{caller}}, loss);
            """);
        for (int layer = L; layer >= 1; layer--)
        {
            string title = LayerTitle(layer).ToLowerInvariant();
            _w.Line($$"""{{Check(CheckGradient)}}({{caller}}, "{{title}}", {{delta(layer)}}, {{LargestUnitInput(layer, largestInput, units)}}, {{eta}});""");
        }
    }

    /// <summary>
    /// Whether the hidden units are sigmoid units, whose max(max|z|, 1) the checks take as 1 without looking at them: σ lies
    /// in [0, 1] (1/(1 + e^(−a)) with e^(−a) ≥ 0, correctly rounded, never passes 1), and a NaN among them makes every sum
    /// a_j of the layer above NaN, so every output and the loss, which CheckLoss refuses first (and every δ_j of that layer,
    /// so max|δ| would be +∞ anyway). Each check then computes the number MaxAbs of the units would give. Tanh and ReLU
    /// units keep MaxAbs: ReLU's are unbounded, and NetGen's vector tanh is not proved to stay within 1.
    /// </summary>
    private bool SigmoidUnitsBoundedByOne => L > 1 && _shape.Activation == HiddenActivation.Sigmoid;

    /// <summary>
    /// The largest |unit input| of a layer for its gradient bound: <paramref name="first"/> (the inputs' max|x|) for the first
    /// layer, 1 above sigmoid units (<see cref="SigmoidUnitsBoundedByOne"/>), otherwise MaxAbs of the units below
    /// (<paramref name="units"/> names them for a layer, one sample's buffer by default). Units held in registers
    /// (<see cref="InRegisters"/>) have no buffer for MaxAbs, and need none: they are sigmoid units, bounded by 1.
    /// </summary>
    private string LargestUnitInput(int layer, string first, Func<int, string>? units = null) =>
        layer == 1 ? first
            : SigmoidUnitsBoundedByOne ? Lit("1")
            : $$"""{{Check(MaxAbs)}}({{(units is null ? Z(layer - 1) : units(layer))}})""";

    /// <summary>
    /// The start of Backward and TrainSample: scratch vectors on the stack, the forward pass, the loss and
    /// every delta (each layer's deltas read the weights above before any step changes them), then the checks
    /// that the loss and every gradient are finite, all before anything is written.
    /// </summary>
    private void WriteForwardPassAndDeltas(string caller, string eta)
    {
        string buffers = OneSampleBuffers(hiddenDeltas: true);
        string forwardPass = string.Join(",  ", _shape.HiddenLayers
            .Select(l => $$"""{{Sym(l)}}_j = {{F}}(Σ_i w_ji {{Sym(l - 1)}}_i + b_j)""")
            .Append(LayerEquation(L)));
        WriteBuffers(buffers);
        _w.Lines($$"""// Forward pass:  {{forwardPass}}""");
        WriteForwardToSums("input", AOut);
        _w.Lines($$"""

            // Output layer, {{HeadAndLoss}}:  δ_k = y_k − t_k
            {{_t}} loss = {{Lit("0")}};
            """);
        WriteOutputDeltaCalls("target");
        for (int layer = L - 1; layer >= 1; layer--)
        {
            _w.Lines($$"""

                // {{LayerTitle(layer)}}:  δ_j = {{F}}'(a_j) Σ_k w_kj δ_k,   {{DerivativeEquation}}
                """);
            if (SampleInRegisters)
            {
                WriteHiddenDeltaCallsInRegisters();
                continue;
            }

            WriteCalls(new Phase(PhaseKind.Deltas, layer), $$"""{{UnitsArgument(layer, "input")}}, {{D(layer + 1)}}, {{D(layer)}}""");
        }

        _w.Line();
        WriteStepChecks(caller, eta, "largestInput", layer => SampleInRegisters ? LargestHeldDelta(layer) : D(layer));
    }

    /// <summary>
    /// The output deltas and the loss from the output sums: the OutputDeltas kernel over the buffers, or one statement per
    /// output where they are locals (<see cref="SampleInRegisters"/>). <c>loss</c> is declared before.
    /// </summary>
    private void WriteOutputDeltaCalls(string target, bool keepDeltas = true)
    {
        if (SampleInRegisters)
        {
            WriteOutputDeltasInRegisters(target, keepDeltas);
            return;
        }

        WriteCalls(new Phase(PhaseKind.OutputDeltas, L), $$"""{{AOut}}, {{target}}, {{D(L)}}""", "loss += ");
    }

    /// <summary>
    /// The docs Step, TrainSample and TrainBatch start with: <paramref name="summary"/>, then the parameters in the order the
    /// signature has them: <paramref name="data"/> (the samples' <c>&lt;param&gt;</c> lines, if any), then the hyperparameters.
    /// </summary>
    private static string StepDocs(string summary, string data = "") => $$"""
        /// <summary>
        {{DocLines(summary)}}
        /// </summary>{{(data.Length == 0 ? string.Empty : "\n" + data)}}
        /// <param name="learningRate">η, a finite number greater than 0.</param>
        /// <param name="l2">λ, the L2 penalty's strength: a finite number, 0 or more (0: no penalty).</param>
        /// <param name="trainingSetSize">N, the number of samples in the training set (at least 1): the penalty is λ/(2N) Σ w².</param>
        """;

    /// <summary>The exception a training method throws when it meets a non-finite number it could not have been passed.</summary>
    private static string StepNotTakenDocs(string when) => $$"""
        /// <exception cref="global::System.NotFiniteNumberException">
        /// {{when}} (the parameters hold NaN or ±∞, or training diverged):
        /// the step is not taken, the parameters are exactly as they were, and <see cref="Gradients"/> is cleared.
        /// </exception>
        """;

    private void WriteStep()
    {
        string loss = HeadAndLoss.Substring(HeadAndLoss.IndexOf('+') + 2);
        string rule = _shape.Optimizer == OptimizerKind.Sgd
            ? "by SGD: weights w ← w − η (G/B + (λ/N) w), biases b ← b − η G/B,"
            : $$"""by {{OptimizerName}} (see the class's optimizer properties) on g = G/B + (λ/N) w for weights and G/B for biases,""";
        string summary = $$"""
            One {{OptimizerName}} step on L = (1/N) Σ_n ℓ_n + λ/(2N) Σ w² (ℓ: {{loss}}), from the B samples given to
            <see cref="Backward"/> since the last step, {{rule}}
            where G is <see cref="Gradients"/>; then clears the gradients.
            """;
        _w.Lines($$"""
            {{StepDocs(summary)}}
            /// <exception cref="global::System.ArgumentOutOfRangeException">An argument is out of range; nothing is written.</exception>
            /// <exception cref="global::System.InvalidOperationException">No Backward call since the last step; nothing is written.</exception>
            {{StepNotTakenDocs("An element of <see cref=\"Gradients\"/> is NaN or ±∞")}}
            /// <remarks>Allocates nothing. Not thread-safe.</remarks>
            {{GeneratedCode}}
            """);
        _w.Open($$"""public void {{Step}}({{_t}} learningRate, {{_t}} l2, int trainingSetSize)""");
        _w.Lines($$"""
            {{Check(ValidateStepArguments)}}(learningRate, l2, trainingSetSize);
            if ({{State(PendingSamplesField)}} == 0)
            {
                throw new global::System.InvalidOperationException(
                    "Step has no gradients to apply: call Backward on at least one sample after constructing the network or after the last Step.");
            }

            """);
        WriteTakeStepCall(NameOf(Step));
        EndMethod();
        InKernels(WriteTakeStep);
    }

    /// <summary>
    /// The step from the user's type: the Kernels class's TakeStep with the network's state, then, whether it stepped or
    /// threw, the gradients cleared.
    /// </summary>
    private void WriteTakeStepCall(string caller)
    {
        _w.Open("try");
        _w.Line($$"""
            __{{KernelsClass}}.{{TakeStep}}({{State(ParametersField)}}, {{State(GradientsField)}}, {{State(PendingSamplesField)}}, {{OptimizerArguments()}}learningRate, l2, trainingSetSize, {{caller}});
            """);
        _w.Close();
        _w.Lines($$"""
            finally
            {
                {{ZeroGradients}}();
            }
            """);
    }

    /// <summary>
    /// Opens a kernels entry point, the work of a public method once its arguments are checked, marked
    /// <c>NoInlining</c> so that the JIT compiles it on its own, with its layer kernels inlined into it. Inlined into a
    /// small caller instead, with the public method, the JIT's inlining budget for that caller runs out part way and
    /// leaves the rest as calls, spans and stack buffers passed between them: a 2-4-1 <c>Forward</c> called from a
    /// one-line method kept <c>OutputLayer_0To0</c>, <c>OutputSigmoids</c> and a span constructor as calls, and so did
    /// <c>Backward</c>, <c>Step</c> and <c>ForwardBatch</c>; <c>TrainBatch</c>'s public method ran out inlining its
    /// work (<c>DOTNET_JitDisasm</c>, .NET 10.0.12, 6 Dec 2026). The cost is one call, which the hand-specialized classes
    /// pay too. TrainSample's work is opened here only in unrolled code whose first layer is held in registers
    /// (<see cref="InRegisters"/>), where it was measured. Its public method, too large to be inlined into a caller,
    /// inlines it; there the JIT also inlined SIMD 30-16-1's vector kernels, hot by their profile, which it left as calls
    /// in the work compiled alone (<c>TrainSample</c> 117.9 → 150.8 ns with <c>NoInlining</c>, compare-generator.sh).
    /// Unrolled 4-8-3's public method instead ran out of budget inlining the work and kept 14 of its vector loads and
    /// stores as calls; compiled alone, its TrainSample went from 120–125 to 91–102 ns, 2-4-1's stayed level (a scratch
    /// program, three processes, 6 Dec 2026). Where
    /// TrainSample has no work of its own (Momentum or Adam without a fused step, or gradients pending), its public method
    /// calls Backpropagate then TakeStep: 2-4-1 Momentum 119–123 → 106–110 ns, Adam 237–241 → 216–219 ns (the public
    /// method had inlined both and run out of budget at the update).
    /// </summary>
    private void OpenEntryPoint(string signature)
    {
        _w.Line(NoInlining);
        _w.Open(signature);
    }

    private void WriteTakeStep()
    {
        _w.Lines("""
            /// <summary>
            /// Step's work once its arguments are checked: if every element of the gradients is finite, the update; otherwise an
            /// exception, the parameters untouched. The caller clears the gradients either way.
            /// </summary>
            """);
        OpenEntryPoint($$"""internal static void {{TakeStep}}({{StateType}} parameters, {{ReadOnlyStateType}} gradients, int pendingSamples, {{OptimizerParameters()}}{{_t}} learningRate, {{_t}} l2, int trainingSetSize, string caller)""");
        _w.Lines($$"""
            // No step on a non-finite gradient: G is checked whole before any parameter changes.
            {{_t}} largest = {{Check(MaxAbs)}}({{State(GradientsField)}});
            if (!{{_t}}.IsFinite(largest))
            {
            """).Indent();
        _w.Line($$"""
            throw {{Check(NotFinite)}}(caller, "an element of Gradients (G, summed over " + {{State(PendingSamplesField)}}.ToString(global::System.Globalization.CultureInfo.InvariantCulture) + " samples) is NaN or ±∞", largest);
            """);
        _w.Close();
        _w.Lines($$"""

            // Nor on a step so large that an update could overflow: η·max|G| past {{_t}}.MaxValue/4 (η·|G|/B is at most that,
            // in either order of the product).
            {{_t}} largestStep = learningRate * largest;
            if (largestStep > {{_t}}.MaxValue / 4)
            {
                throw {{Check(NotFinite)}}(caller, "a step would move a parameter by up to " + largestStep.ToString(global::System.Globalization.CultureInfo.InvariantCulture)
                    + " (η·max|G|), which could overflow", largestStep);
            }

            {{_t}} eta = learningRate;
            {{_t}} invB = {{Lit("1")}} / {{State(PendingSamplesField)}};      // 1/B: the batch mean of the summed gradients
            {{_t}} decay = l2 / trainingSetSize;   // λ/N: the penalty's gradient per unit weight

            """);
        if (_shape.Optimizer == OptimizerKind.Sgd)
        {
            _w.Lines("// w ← w − η (∂ℓ/∂w averaged over the batch + (λ/N) w),   b ← b − η ∂ℓ/∂b averaged over the batch");
            foreach (int layer in _shape.Layers)
            {
                WriteCalls(new Phase(PhaseKind.Update, layer), "eta, invB, decay");
            }
        }
        else
        {
            _w.Lines($$"""
                // g = ∂ℓ/∂θ averaged over the batch, + (λ/N) w for weights; then the {{OptimizerName}} update
                if (!{{UpdateParameters}}(parameters, gradients, {{OptimizerArguments()}}eta, invB, decay, largest))
                {
                    throw {{Check(NotFinite)}}(caller, "the {{OptimizerName}} update would make a parameter or the optimizer's state NaN or ±∞", double.NaN);
                }
                """);
        }

        EndMethod();
    }

    /// <summary>
    /// TrainSample's path through Backward and Step: for Momentum and Adam, and for SGD when gradients are pending. A
    /// failed check drops the whole step, the gradients pending included.
    /// </summary>
    private void WriteBackwardThenStep()
    {
        _w.Lines($$"""
            {{_t}} sampleLoss;
            try
            {
                sampleLoss = {{BackpropagateCall("input", "largestInput", "target", NameOf(TrainSample))}};
            }
            catch (global::System.NotFiniteNumberException)
            {
                {{ZeroGradients}}();
                throw;
            }

            {{State(PendingSamplesField)}}++;
            """);
        WriteTakeStepCall(NameOf(TrainSample));
        _w.Lines("""

            return sampleLoss;
            """);
    }

    private void WriteTrainSample()
    {
        _w.Lines($$"""
            {{StepDocs(
                $$"""One {{OptimizerName}} step on one sample: the same step as <see cref="Backward"/> then <see cref="Step"/>.""",
                $$"""
                /// <param name="input">The InputCount inputs x_i.</param>
                /// <param name="target">The OutputCount targets t_k{{OutputRange}}.</param>
                """)}}
            /// <returns>The sample's loss ℓ before the step (see <see cref="Backward"/>).</returns>
            /// <exception cref="global::System.ArgumentException">
            /// An argument is out of range, a span has the wrong length, or an input or target is NaN or ±∞; nothing is written.
            /// </exception>
            {{StepNotTakenDocs("The loss or a gradient is NaN or ±∞")}}
            /// <remarks>
            {{TrainSampleRemarks()}}
            /// </remarks>
            {{GeneratedCode}}
            """);
        _w.Open($$"""public {{_t}} {{TrainSample}}({{_readOnlySpan}} input, {{_readOnlySpan}} target, {{_t}} learningRate, {{_t}} l2, int trainingSetSize)""");
        _w.Lines($$"""
            {{LengthCheck("input", InputCount)}}
            {{LengthCheck("target", OutputCount)}}
            {{Check(ValidateStepArguments)}}(learningRate, l2, trainingSetSize);
            {{FiniteChecks("input", "target", "0", "0")}}
            """);
        if (_shape.Optimizer != OptimizerKind.Sgd && !FusedOptimizerStep)
        {
            _w.Lines($$"""// {{OptimizerName}} keeps state per parameter: Backward, then Step.""");
            WriteBackwardThenStep();
            EndMethod();
            return;
        }

        _w.Lines($$"""
            // Gradients from earlier Backward calls are pending: take the general path, so that they join this step.
            if ({{State(PendingSamplesField)}} != 0)
            {
            """).Indent();
        WriteBackwardThenStep();
        _w.Close();
        _w.Line();
        _w.Line($$"""return __{{KernelsClass}}.{{TrainSample}}({{State(ParametersField)}}, {{OptimizerArguments()}}input, largestInput, target, learningRate, l2, trainingSetSize);""");
        EndMethod();
        InKernels(_shape.Optimizer == OptimizerKind.Sgd ? WriteTrainSampleKernel : WriteOptimizerTrainSampleKernel);
    }

    /// <summary>
    /// TrainSample's Momentum or Adam path with no gradients pending: the forward pass, the deltas and the checks (η·max|g|
    /// within T.MaxValue/4, as Step checks it), then the update straight from the deltas, B = 1.
    /// </summary>
    private void WriteOptimizerTrainSampleKernel()
    {
        _w.Lines($$"""
            /// <summary>
            /// TrainSample's work with no gradients pending: the forward pass, the deltas, the checks, then the {{OptimizerName}} step with B = 1
            /// from the deltas, without the gradient buffer.
            /// </summary>
            """);
        _w.Open($$"""internal static {{_t}} {{TrainSample}}({{StateType}} parameters, {{OptimizerParameters()}}{{_readOnlySpan}} input, {{_t}} largestInput, {{_readOnlySpan}} target, {{_t}} learningRate, {{_t}} l2, int trainingSetSize)""");
        WriteForwardPassAndDeltas(NameOf(TrainSample), "learningRate");
        // max|G|: max|δ|·max(max|unit input|, 1) for each layer, the largest of them.
        string largest = Joined(_shape.Layers.Reverse().Select(l =>
        {
            string bound = LargestUnitInput(l, "largestInput");
            string term = bound == Lit("1")
                ? $$"""{{Check(MaxAbs)}}({{D(l)}})"""
                : $$"""{{Check(MaxAbs)}}({{D(l)}}) * {{_math}}.Max({{bound}}, {{Lit("1")}})""";
            return l == L ? $$"""{{_t}} largest = {{term}};""" : $$"""largest = {{_math}}.Max(largest, {{term}});""";
        }));
        _w.Lines($$"""

            // The step with B = 1, g = δ·(unit input) + (λ/N) w taken from the deltas as it is used: nothing pending, so this
            // sample's gradient is all of G, whose largest magnitude is max|δ|·max(max|unit input|, 1) over the layers.
            {{largest}}
            {{_t}} decay = l2 / trainingSetSize;
            """);
        _w.Line($$"""bool stepped = {{UpdateParametersFromDeltas}}(parameters, {{OptimizerKernelArguments()}}{{string.Concat(DeltaStepSpans().Select(span => span + ", "))}}learningRate, decay, largest);""");
        _w.Lines($$"""
            if (!stepped)
            {
                throw {{Check(NotFinite)}}({{NameOf(TrainSample)}}, "the {{OptimizerName}} update would make a parameter or the optimizer's state NaN or ±∞", double.NaN);
            }

            return loss;
            """);
        EndMethod();
    }

    /// <summary>Momentum's or Adam's state passed on from a kernel's own parameters, each followed by ", ".</summary>
    private string OptimizerKernelArguments() => _shape.Optimizer switch
    {
        OptimizerKind.Momentum => "velocity, momentum, ",
        OptimizerKind.Adam => "firstMoment, secondMoment, ref adamSteps, beta1, beta2, epsilon, ",
        _ => string.Empty,
    };

    /// <summary>
    /// What a method that works on one sample's buffers allocates: nothing, or with <see cref="TargetProfile.ArrayKernels"/>
    /// (.NET Framework, .NET Standard, Unity, Mono) nothing after the thread's first call, which makes those buffers.
    /// </summary>
    private string AllocatesNothing => Target.ArrayKernels ? "Allocates nothing after the thread's first call, which makes its small buffers" : "Allocates nothing";

    /// <summary>TrainSample's remarks: what it allocates, and which path it takes.</summary>
    private string TrainSampleRemarks() => _shape.Optimizer == OptimizerKind.Sgd || FusedOptimizerStep
        ? $$"""
            /// {{AllocatesNothing}}. Not thread-safe. With no gradients pending it updates the parameters straight from the deltas,
            /// without the gradient buffer; gradients accumulated by earlier Backward calls join this step (B counts them).
            """
        : $$"""
            /// {{AllocatesNothing}}. Not thread-safe. It runs Backward then Step, so gradients accumulated by earlier Backward calls
            /// join this step (B counts them).
            """;

    /// <summary>TrainSample's SGD path with no gradients pending: the deltas straight into the parameters.</summary>
    private void WriteTrainSampleKernel()
    {
        _w.Lines("/// <summary>TrainSample's work with no gradients pending: the forward pass, the deltas, the checks, then the step with B = 1.</summary>");
        string signature = $$"""internal static {{_t}} {{TrainSample}}({{StateType}} parameters, {{_readOnlySpan}} input, {{_t}} largestInput, {{_readOnlySpan}} target, {{_t}} learningRate, {{_t}} l2, int trainingSetSize)""";
        if (_shape.IsUnrolled && InRegisters(1))
        {
            OpenEntryPoint(signature);
        }
        else
        {
            _w.Open(signature);
        }

        WriteForwardPassAndDeltas(NameOf(TrainSample), "learningRate");
        _w.Lines($$"""

            // Step with B = 1, now that every delta is known:  w ← w − η (δ · unit input + (λ/N) w),  b ← b − η δ
            {{_t}} decay = l2 / trainingSetSize;
            """);
        for (int layer = L; layer >= 1; layer--)
        {
            WriteCalls(new Phase(PhaseKind.Train, layer), $$"""{{UnitsArgument(layer - 1, "input")}}, {{DeltaArgument(layer)}}, learningRate, decay""");
        }

        _w.Lines("return loss;");
        EndMethod();
    }

    /// <summary>
    /// Every layer, <see cref="BatchBlocking.Samples"/> samples at once from <paramref name="inputs"/>: each layer's sums
    /// through its batch kernel, then each hidden layer's activation, over the whole block where
    /// <see cref="BlockSigmoids"/> holds, else one sample at a time; the output sums go to
    /// <paramref name="outputs"/>, before the output function.
    /// </summary>
    private void WriteBatchLayers(string inputs, string outputs) => WriteBatchLayers(inputs, outputs, block: null);

    /// <summary>
    /// <see cref="WriteBatchLayers(string, string)"/> for the block of samples that starts at sample
    /// <paramref name="block"/> of buffers that hold several blocks (TrainBatch's chunk); null: the buffers hold one block.
    /// </summary>
    private void WriteBatchLayers(string inputs, string outputs, string? block)
    {
        string group = N(BatchBlocking.Samples);
        string Units(int layer) => block is null ? Zs(layer) : $$"""{{Zs(layer)}}.Slice({{block}} * {{Count(layer)}})""";
        string first = block ?? "0", end = block is null ? group : $$"""{{block}} + {{group}}""";
        foreach (int layer in _shape.HiddenLayers)
        {
            string layerInputs = layer == 1 ? inputs : Units(layer - 1);
            WriteCalls(new Phase(PhaseKind.LayerBatch, layer), $$"""{{layerInputs}}, {{Units(layer)}}""");
            if (BlockSigmoids(layer))
            {
                _w.Lines($$"""
                    {{BlockActivation(layer)}}({{Units(layer)}});

                    """);
                continue;
            }

            _w.Lines($$"""
                for (int s = {{first}}; s < {{end}}; s++)
                {
                    {{Activate(layer)}}({{Zs(layer)}}.Slice(s * {{Count(layer)}}, {{Count(layer)}}));
                }

                """);
        }

        WriteCalls(new Phase(PhaseKind.LayerBatch, L), $$"""{{Units(L - 1)}}, {{outputs}}""");
    }

    private void WriteForwardBatch()
    {
        string shallowOrDeep = _shape.IsShallow ? "layer is" : "layers are";
        string remarks = BatchBlocks
            ? $$"""Allocates nothing; thread-safe like Forward. Every layer takes {{N(BatchBlocking.Samples)}} samples at a time, each weight loaded once for all of them."""
            : Target.ArrayKernels ? "Allocates nothing after the thread's first call; thread-safe like Forward. One sample at a time."
            : SampleLanes
                ? $$"""Allocates nothing; thread-safe like Forward. A vector of samples at a time, one sample in each lane ({{N(Lanes(512))}} where Vector512 is accelerated, {{N(Lanes(256))}} with Vector256, {{N(Lanes(128))}} with Vector128), widest first, then the last few samples one at a time."""
            : _shape.IsUnrolled
                ? "Allocates nothing; thread-safe like Forward. The whole network stays in the L1 cache from one sample to the next."
                : $$"""Allocates nothing; thread-safe like Forward. One sample at a time: the hidden {{shallowOrDeep}} too wide to buffer several on the stack.""";
        _w.Lines($$"""
            /// <summary>
            /// Computes the outputs of many samples, stored row-major: sample n's inputs at n·InputCount, its outputs at
            /// n·OutputCount. The same numbers as <see cref="Forward"/> on each sample.
            /// </summary>
            /// <param name="inputs">A whole number of samples of InputCount inputs each (none is fine).</param>
            /// <param name="outputs">Receives OutputCount outputs per sample; must not overlap <paramref name="inputs"/>.</param>
            /// <exception cref="global::System.ArgumentException">
            /// <paramref name="inputs"/> is not a whole number of samples, or <paramref name="outputs"/> does not hold exactly
            /// their outputs; nothing is written.
            /// </exception>
            /// <remarks>{{remarks}}</remarks>
            {{GeneratedCode}}
            """);
        _w.Open($$"""public void {{ForwardBatch}}({{_readOnlySpan}} inputs, {{_span}} outputs)""");
        _w.Lines($$"""
            int samples = {{Check(SampleCount)}}(inputs, nameof(inputs), allowEmpty: true);
            if (outputs.Length != (long)samples * OutputCount) throw {{Check(BatchLengthMismatch)}}(nameof(outputs), outputs.Length, samples);
            __{{KernelsClass}}.{{ForwardBatch}}({{State(ParametersField)}}, inputs, outputs, samples);
            """);
        EndMethod();
        InKernels(WriteForwardBatchKernel);
    }

    private void WriteForwardBatchKernel()
    {
        _w.Lines(SampleLanes
            ? "/// <summary>ForwardBatch's work once its arguments are checked: Forward on each of the samples, a vector of them at a time.</summary>"
            : "/// <summary>ForwardBatch's work once its arguments are checked: Forward on each of the samples.</summary>");
        OpenEntryPoint($$"""internal static void {{ForwardBatch}}({{ReadOnlyStateType}} parameters, {{_readOnlySpan}} inputs, {{_span}} outputs, int samples)""");
        _w.Lines(JoinedLines(HiddenBuffers(), "int n = 0;"));
        if (BatchBlocks)
        {
            string group = N(BatchBlocking.Samples);
            _w.Lines($$"""
                {{SampleBuffers(group)}}
                // {{group}} samples at a time through every layer, each weight vector loaded once for all {{group}}.
                for (; n <= samples - {{group}}; n += {{group}})
                {
                """).Indent();
            WriteBatchLayers($$"""inputs.Slice(n * InputCount, {{group}} * InputCount)""", $$"""outputs.Slice(n * OutputCount, {{group}} * OutputCount)""");
            if (BlockSigmoids(L))
            {
                _w.Lines($$"""
                    {{BlockActivation(L)}}(outputs.Slice(n * OutputCount, {{group}} * OutputCount));
                    """);
            }
            else if (OutputActivationMethod(_shape.Head) is { } method)
            {
                _w.Lines($$"""
                    for (int s = 0; s < {{group}}; s++)
                    {
                        {{method}}(outputs.Slice((n + s) * OutputCount, OutputCount));
                    }
                    """);
            }

            _w.Close();
            _w.Lines("""

                // The last samples one at a time.
                """);
        }

        if (SampleLanes)
        {
            WriteSampleLanesBlocks();
        }

        _w.Lines($$"""
            for (; n < samples; n++)
            {
                {{_readOnlySpan}} input = inputs.Slice(n * InputCount, InputCount);
                {{_span}} output = outputs.Slice(n * OutputCount, OutputCount);
            """).Indent();
        WriteForwardLayers("input", "output", outputIsCut: true);
        _w.Close();
        EndMethod();
        if (SampleLanes)
        {
            WriteSampleLanesKernels();
        }
    }

    private void WriteTrainBatch()
    {
        string summary = $$"""
            One {{OptimizerName}} step on the mean over a batch of samples: the same numbers as <see cref="Backward"/> on each sample,
            then <see cref="Step"/>. Samples are stored row-major, as in <see cref="ForwardBatch"/>.
            """;
        string remarks = BatchBlocksTraining
            ? $$"""{{AllocatesNothing}}. Not thread-safe. Gradients accumulated by earlier Backward calls join this step. Takes up to {{N(BatchBlocking.TrainingSamples(_shape))}} samples at a time: their forward passes {{N(BatchBlocking.Samples)}} at a time, each weight vector loaded once for all {{N(BatchBlocking.Samples)}}, then their gradients with each gradient vector loaded and stored once for all of them."""
            : AllocatesNothing + ". Not thread-safe. Gradients accumulated by earlier Backward calls join this step.";
        _w.Lines($$"""
            {{StepDocs(
                summary,
                $$"""
                /// <param name="inputs">At least one sample of InputCount inputs each.</param>
                /// <param name="targets">OutputCount targets per sample{{OutputRange}}.</param>
                """)}}
            /// <returns>The batch's mean loss (1/B) Σ_n ℓ_n before the step, without the penalty.</returns>
            /// <exception cref="global::System.ArgumentException">
            /// An argument is out of range, a span has the wrong length, or an input or target is NaN or ±∞; nothing is written.
            /// </exception>
            {{StepNotTakenDocs("The loss or a gradient of a sample, or a summed gradient, is NaN or ±∞")}}
            /// <remarks>{{remarks}}</remarks>
            {{GeneratedCode}}
            """);
        _w.Open($$"""public {{_t}} {{TrainBatch}}({{_readOnlySpan}} inputs, {{_readOnlySpan}} targets, {{_t}} learningRate, {{_t}} l2, int trainingSetSize)""");
        _w.Lines($$"""
            int samples = {{Check(SampleCount)}}(inputs, nameof(inputs), allowEmpty: false);
            if (targets.Length != (long)samples * OutputCount) throw {{Check(BatchLengthMismatch)}}(nameof(targets), targets.Length, samples);
            {{Check(ValidateStepArguments)}}(learningRate, l2, trainingSetSize);
            {{FiniteChecks("inputs", "targets", "InputCount", "OutputCount")}}
            {{_t}} loss;
            try
            {
                loss = __{{KernelsClass}}.{{TrainBatch}}({{State(ParametersField)}}, {{State(GradientsField)}}, inputs, targets, samples, ref {{State(PendingSamplesField)}});
            }
            catch (global::System.NotFiniteNumberException)
            {
                // A failed check drops the whole step: the gradients added so far go; no parameter has changed.
                {{ZeroGradients}}();
                throw;
            }

            """);
        WriteTakeStepCall(NameOf(TrainBatch));
        _w.Lines("""

            return loss / samples;
            """);
        EndMethod();
        InKernels(WriteTrainBatchKernel);
    }

    private void WriteTrainBatchKernel()
    {
        _w.Lines("/// <summary>TrainBatch's work once its arguments are checked: Backward on each sample; returns the summed loss.</summary>");
        OpenEntryPoint($$"""internal static {{_t}} {{TrainBatch}}({{ReadOnlyStateType}} parameters, {{StateType}} gradients, {{_readOnlySpan}} inputs, {{_readOnlySpan}} targets, int samples, ref int pendingSamples)""");
        _w.Lines($$"""
            {{_t}} loss = {{Lit("0")}};
            int n = 0;
            """);
        if (BatchBlocksTraining)
        {
            WriteTrainBatchBlocks();
        }

        _w.Lines($$"""
            for (; n < samples; n++)
            {
            """).Indent();
        _w.Lines($$"""{{_readOnlySpan}} input = inputs.Slice(n * InputCount, InputCount);""");
        _w.Line($$"""loss += {{BackpropagateCall("input", $$"""{{Check(MaxAbs)}}(input)""", "targets.Slice(n * OutputCount, OutputCount)", NameOf(TrainBatch))}};""");
        _w.Lines($$"""{{State(PendingSamplesField)}}++;""");
        _w.Close();
        _w.Lines("""

            return loss;
            """);
        EndMethod();
    }

    /// <summary>
    /// TrainBatch's samples a chunk at a time (<see cref="BatchBlocking.TrainingSamples"/>, whole blocks of
    /// <see cref="BatchBlocking.Samples"/>): the chunk's buffers; for each block, its forward pass and each of its
    /// samples' deltas and checks; then each layer's gradients over the whole chunk (<see cref="WriteTiledAccumulatePhase"/>).
    /// </summary>
    private void WriteTrainBatchBlocks()
    {
        string group = N(BatchBlocking.Samples), chunk = N(BatchBlocking.TrainingSamples(_shape)), aOuts = $$"""{{AOut}}s""";
        int last = L - 1;
        // The chunk's buffer of layer l's deltas (d1s, d2s, …), one sample's share of a chunk's buffer, and a block's.
        string Ds(int layer) => $$"""{{D(layer)}}s""";
        string Slice(string buffer, int layer) => $$"""{{buffer}}.Slice(s * {{Count(layer)}}, {{Count(layer)}})""";
        string OfBlock(string buffer, string count) => $$"""{{buffer}}.Slice(block * {{count}})""";
        string hiddenDeltaBuffers = Joined(Enumerable.Range(1, L - 1).Reverse().Select(layer =>
            $$"""{{_span}} {{Ds(layer)}} = stackalloc {{_t}}[{{chunk}} * {{Count(layer)}}];"""));
        _w.Lines($$"""
            {{SampleBuffers(chunk)}}
            {{_span}} {{aOuts}} = stackalloc {{_t}}[{{chunk}} * {{OutputCount}}];
            {{_span}} {{Ds(L)}} = stackalloc {{_t}}[{{chunk}} * {{OutputCount}}];
            {{hiddenDeltaBuffers}}
            // Up to {{chunk}} samples at a time, in blocks of {{group}}: each block's sums with each weight vector loaded once for
            // all {{group}}, then each sample's deltas; then the gradients of the whole chunk, each vector of G loaded and stored
            // once, the samples added in order.
            while (samples - n >= {{group}})
            {
                int count = global::System.Math.Min({{chunk}}, (samples - n) / {{group}} * {{group}});
                {{_readOnlySpan}} x = inputs.Slice(n * InputCount, count * InputCount);
                for (int block = 0; block < count; block += {{group}})
                {
            """).Indent().Indent();
        WriteBatchLayers(OfBlock("x", "InputCount"), OfBlock(aOuts, OutputCount), "block");
        _w.Lines($$"""
            for (int s = block; s < block + {{group}}; s++)
            {
                {{_span}} {{Z(last)}} = {{Slice(Zs(last), last)}};
                {{_span}} {{AOut}} = {{aOuts}}.Slice(s * OutputCount, OutputCount);
                {{_span}} {{D(L)}} = {{Ds(L)}}.Slice(s * OutputCount, OutputCount);
            """).Indent();
        WriteCalls(new Phase(PhaseKind.OutputDeltas, L), $$"""{{AOut}}, targets.Slice((n + s) * OutputCount, OutputCount), {{D(L)}}""", "loss += ");
        WriteCalls(new Phase(PhaseKind.Deltas, last), $$"""{{Z(last)}}, {{D(L)}}, {{Slice(Ds(last), last)}}""");
        for (int layer = last - 1; layer >= 1; layer--)
        {
            string units = Slice(Zs(layer), layer), above = Slice(Ds(layer + 1), layer + 1), deltas = Slice(Ds(layer), layer);
            WriteCalls(new Phase(PhaseKind.Deltas, layer), $$"""{{units}}, {{above}}, {{deltas}}""");
        }

        WriteStepChecks(
            NameOf(TrainBatch),
            Lit("0"),
            $$"""{{Check(MaxAbs)}}(x.Slice(s * InputCount, InputCount))""",
            layer => layer == L ? D(L) : Slice(Ds(layer), layer),
            layer => layer - 1 == last ? Z(last) : Slice(Zs(layer - 1), layer - 1));
        _w.Close();
        _w.Close();
        _w.Line();
        for (int layer = L; layer >= 1; layer--)
        {
            string unitInputs = layer == 1 ? "x" : Zs(layer - 1);
            WriteCalls(new Phase(PhaseKind.AccumulateGradientsBatch, layer), $$"""{{unitInputs}}, {{Ds(layer)}}, count""");
        }

        _w.Lines($$"""
            {{State(PendingSamplesField)}} += count;
            n += count;
            """);
        _w.Close();
        _w.Lines("""

            // The last samples one at a time.
            """);
    }

    /// <summary>One sample's loss from the forward pass alone, for Fit's validation: no deltas below the outputs, no gradients.</summary>
    private void WriteLoss()
    {
        _w.Lines($$"""
            /// <summary>
            /// The sample's loss ℓ, the same number <see cref="Backward"/> returns, from one forward pass: Fit's validation loss.
            /// Writes nothing but its stack buffers; the caller has checked the spans' lengths.
            /// </summary>
            {{GeneratedCode}}
            """);
        _w.Open($$"""private {{_t}} {{LossMethod}}({{_readOnlySpan}} input, {{_readOnlySpan}} target)""");
        _w.Lines($$"""return __{{KernelsClass}}.Loss({{State(ParametersField)}}, input, target);""");
        EndMethod();
        InKernels(WriteLossKernel);
    }

    private void WriteLossKernel()
    {
        _w.Lines("/// <summary>One sample's loss from the forward pass alone, as Backpropagate computes it: Fit's validation loss.</summary>");
        OpenEntryPoint($$"""internal static {{_t}} Loss({{ReadOnlyStateType}} parameters, {{_readOnlySpan}} input, {{_readOnlySpan}} target)""");
        WriteBuffers(OneSampleBuffers(hiddenDeltas: false));
        _w.Lines("// Forward pass to the output sums, then the loss as the output deltas compute it.");
        WriteForwardToSums("input", AOut);
        _w.Lines($$"""{{_t}} loss = {{Lit("0")}};""");
        WriteOutputDeltaCalls("target", keepDeltas: false);
        _w.Lines("return loss;");
        EndMethod();
    }

    private void WriteZeroGradients()
    {
        _w.Lines($$"""
            /// <summary>Clears <see cref="Gradients"/> and forgets the samples accumulated since the last Step.</summary>
            {{GeneratedCode}}
            """);
        _w.Open($$"""public void {{ZeroGradients}}()""");
        _w.Lines($$"""
            {{Clear(ClearableState(GradientsField), "0", ParameterCount)}}
            {{State(PendingSamplesField)}} = 0;
            """);
        EndMethod();
    }

    private void WriteInitializeParameters()
    {
        string radii = _shape.IsShallow
            ? "r = √(6 / (InputCount + HiddenCount)) for W1 and r = √(6 / (HiddenCount + OutputCount)) for W2; biases 0."
            : "r = √(6 / (units of layer l − 1 + units of layer l)) for each W_l, drawn layer by layer; biases 0.";
        string alsoClears = _shape.Optimizer == OptimizerKind.Sgd ? "the gradients." : "the gradients and the optimizer's state.";
        _w.Lines($$"""
            /// <summary>
            /// Glorot-uniform initialization: each weight drawn from U(−r, r) with r = √(6 / (fan_in + fan_out)), that is
            /// {{radii}}
            /// Also clears {{alsoClears}}
            /// </summary>
            /// <param name="seed">
            /// Seeds a SplitMix64 generator written out in the checks file, so that one seed gives bit-identical parameters on every machine
            /// and .NET version.
            /// </param>
            {{GeneratedCode}}
            """);
        _w.Open($$"""public void {{InitializeParameters}}(int seed)""");
        _w.Lines($$"""
            __{{KernelsClass}}.{{InitializeParameters}}({{State(ParametersField)}}, seed);
            {{ZeroGradients}}();
            """);
        WriteClearOptimizerState();
        EndMethod();
        InKernels(WriteInitializeKernel);
    }

    private void WriteInitializeKernel()
    {
        string radii = Joined(_shape.Layers.Select(layer =>
            $$"""double r{{N(layer)}} = global::System.Math.Sqrt(6.0 / ({{Count(layer - 1)}} + {{Count(layer)}}));"""));
        _w.Lines("/// <summary>InitializeParameters' work: Glorot-uniform weights from SplitMix64, zero biases.</summary>");
        _w.Open($$"""internal static void {{InitializeParameters}}({{StateType}} parameters, int seed)""");
        _w.Lines($$"""
            ulong state = unchecked((ulong)(long)seed);
            {{radii}}
            {{StateType}} p = {{State(ParametersField)}};
            """);
        foreach (int layer in _shape.Layers)
        {
            string draw = $$"""({{_t}})(r{{N(layer)}} * (2.0 * {{Check(NextUniform)}}(ref state) - 1.0))""";
            _w.Lines(NetworkShape.IsInputMajor(layer)
                ? $$"""
                    // Drawn in the order w_00, w_01, …, w_10, … (unit by unit), stored input-major: the same numbers as NetGen 0.1 drew.
                    for (int j = 0; j < {{Count(layer)}}; j++)
                    {
                        for (int i = 0; i < {{Count(layer - 1)}}; i++)
                        {
                            p[{{WeightOffset(layer)}} + (i * {{Count(layer)}}) + j] = {{draw}};
                        }
                    }

                    {{Clear("p", BiasOffset(layer), Count(layer))}}
                    """
                : $$"""
                    for (int n = 0; n < {{Count(layer)}} * {{Count(layer - 1)}}; n++)
                    {
                        p[{{WeightOffset(layer)}} + n] = {{draw}};
                    }

                    {{Clear("p", BiasOffset(layer), Count(layer))}}
                    """);
        }

        EndMethod();
    }

    /// <summary>Writes one call per block of <paramref name="phase"/>.</summary>
    private void WriteCalls(Phase phase, string arguments, string prefix = "")
    {
        string name = Name(phase);
        foreach (Block block in BlockPlan.For(phase, _shape))
        {
            _w.Line($$"""{{prefix}}{{Block(name, block)}}({{StateArguments(phase)}}{{arguments}});""");
        }
    }
}
