using System.Collections.Generic;
using System.Linq;
using NetGen.Generator.Model;
using static NetGen.Generator.Emitting.Names;

namespace NetGen.Generator.Emitting;

/// <summary>
/// ForwardBatch of small unrolled networks a vector of samples at a time, one sample in each lane: every unit of a block
/// of samples is one vector, and each weight multiplies all of them at once. The one-sample code puts units in its
/// lanes, and a network of 4 hidden units has only one vector of them; a block of 16 samples fills a Vector512 at every
/// unit, and the unit's sum needs no horizontal add.
/// </summary>
/// <remarks>
/// Each lane gets the operations Forward gives its sample, in the same order: the sum is the unrolled statement
/// (<see cref="Sum"/>, bias first, the same groups) with the inputs as vectors and each weight broadcast; a unit that
/// Forward activates with the vector σ gets the vector σ here too, whose lanes are independent and whose operations do not
/// depend on the width; a unit Forward activates one value at a time (Math(F).Exp, Math(F).Tanh) gets that function on
/// each lane. The output activation runs on each sample's outputs once they are in place, by Forward's own method. So
/// ForwardBatch returns Forward's outputs bit for bit (BatchTests, DeepNetworkTests, ReproducibilityTests).
/// </remarks>
internal sealed partial class MlpEmitter
{
    /// <summary>The kernel that runs Forward on a vector of samples at once, one per lane.</summary>
    private const string ForwardSamples = nameof(ForwardSamples);

    /// <summary>
    /// Whether ForwardBatch takes a vector of samples at a time: unrolled networks with the .NET 8 vector types (not on
    /// the targets whose spans are System.Memory's), at most <see cref="NetworkLimits.TermsPerMethod"/> weights and at
    /// most <see cref="MaxSampleLaneInputs"/> inputs, so that each width's kernel is one method of the size the unrolled
    /// code already allows: a weight is one multiply and one add, and the 512-bit kernel reads each input of 16 samples
    /// one at a time (16 loads per input), so 512 weights and 32 inputs keep it near 1,024 such terms, well under the IL
    /// where RyuJIT stops optimizing (GeneratedCodeTests keeps every method under half of it, lane kernels included).
    /// </summary>
    private bool SampleLanes =>
        _shape.IsUnrolled && _model.VectorMath && !Target.ArrayKernels && !Target.PortableKernels
        && _shape.Weights <= NetworkLimits.TermsPerMethod && _shape.Inputs <= MaxSampleLaneInputs;

    /// <summary>Most inputs a network may have for <see cref="SampleLanes"/>: 32 × 16 lanes = 512 loads.</summary>
    private const int MaxSampleLaneInputs = 32;

    /// <summary>
    /// How many of hidden layer <paramref name="layer"/>'s first units Forward activates with a vector function; the rest
    /// it activates one at a time. ReLU is the same expression both ways (<see cref="WriteReluOver"/>), so all of its units
    /// count. σ is vectorized from <see cref="MinVectorSigmoids"/> units, over whole 128-bit vectors
    /// (<see cref="WriteActivationOver"/>); unrolled tanh is Math(F).Tanh throughout (<see cref="VectorTanhs"/>).
    /// </summary>
    private int VectorActivatedUnits(int layer)
    {
        int count = _shape.Size(layer);
        return _shape.Activation switch
        {
            HiddenActivation.Relu => count,
            HiddenActivation.Sigmoid when _model.VectorMath && count >= MinVectorSigmoids => count - (count % Lanes(128)),
            _ => 0,
        };
    }

    /// <summary>
    /// In ForwardBatch's kernel, before its one-at-a-time loop: blocks of samples at each accelerated width, widest first,
    /// so that 47 floats on AVX-512 go as 16, 16, 8, 4 and 3 one at a time. Without an accelerated Vector128 every sample
    /// goes one at a time.
    /// </summary>
    private void WriteSampleLanesBlocks()
    {
        _w.Line("// A vector of samples at a time, one sample in each lane, the widest vectors first (every width gives the same");
        _w.Line("// bits); the last samples one at a time.");
        foreach (int bits in VectorBits)
        {
            string lanes = N(Lanes(bits));
            _w.Lines($$"""
                if ({{VectorType(bits)}}.IsHardwareAccelerated)
                {
                    for (; n <= samples - {{lanes}}; n += {{lanes}})
                    {
                        {{Kernel(ForwardSamples, bits)}}(parameters, inputs.Slice(n * InputCount, {{lanes}} * InputCount), outputs.Slice(n * OutputCount, {{lanes}} * OutputCount));
                    }
                }

                """);
        }
    }

    /// <summary>The kernels of <see cref="WriteSampleLanesBlocks"/>, one per width, and the helpers they call.</summary>
    private void WriteSampleLanesKernels()
    {
        foreach (int bits in VectorBits)
        {
            WriteSampleLanesKernel(bits);
        }

        foreach (int bits in VectorBits)
        {
            WriteEachLaneHelpers(bits);
        }
    }

    private void WriteSampleLanesKernel(int bits)
    {
        string v = VectorType(bits), lanes = N(Lanes(bits));
        _w.Lines($$"""
            /// <summary>
            /// Forward on {{lanes}} samples at once, stored row-major in <paramref name="x"/> and <paramref name="y"/>: sample s in lane s
            /// of every vector, each weight broadcast to all of them, each lane the operations of Forward on its sample.
            /// </summary>
            """);
        _w.Open($$"""private static void {{Kernel(ForwardSamples, bits)}}({{ReadOnlyStateType}} parameters, {{_readOnlySpan}} x, {{_span}} y)""");
        _w.Lines($$"""
            x = x.Slice(0, {{lanes}} * InputCount);
            y = y.Slice(0, {{lanes}} * OutputCount);
            """);
        foreach (int layer in _shape.Layers)
        {
            _w.Lines($$"""
                {{ReadOnlyView(Numbered("w", layer), WeightOffset(layer), WeightLength(layer))}}
                {{ReadOnlyView(Numbered("b", layer), BiasOffset(layer), Count(layer))}}
                """);
        }

        _w.Lines($$"""

            // Input i of the {{lanes}} samples:  x_i = (x_i of sample 0, …, x_i of sample {{N(Lanes(bits) - 1)}})
            """);
        // One line per input where the last input's fits (its indexes are the longest), else 8 lanes a line for every input.
        bool oneLine = _w.Fits($$"""{{v}}<{{_t}}> {{LaneLocal(0, _shape.Inputs - 1)}} = {{v}}.Create({{string.Join(", ", LaneElements(bits, _shape.Inputs - 1))}});""", _w.Width);
        for (int i = 0; i < _shape.Inputs; i++)
        {
            var elements = LaneElements(bits, i).ToList();
            string declaration = $$"""{{v}}<{{_t}}> {{LaneLocal(0, i)}} = {{v}}.Create(""";
            if (oneLine)
            {
                _w.Line($$"""{{declaration}}{{string.Join(", ", elements)}});""");
                continue;
            }

            _w.Line(declaration);
            for (int start = 0; start < elements.Count; start += 8)
            {
                bool last = start + 8 >= elements.Count;
                _w.Line($$"""    {{string.Join(", ", elements.Skip(start).Take(8))}}{{(last ? ");" : ",")}}""");
            }
        }

        foreach (int layer in _shape.Layers)
        {
            int fanIn = _shape.Size(layer - 1);
            string w = Numbered("w", layer), b = Numbered("b", layer);
            bool hidden = layer < L;
            _w.Line();
            _w.Line(hidden
                ? $$"""// {{LayerTitle(layer)}}:  {{LayerEquation(layer)}},  {{Sym(layer)}}_j = {{F}}(a_j)"""
                : $$"""// {{LayerTitle(layer)}}:  {{LayerEquation(layer)}}""");
            for (int j = 0; j < _shape.Size(layer); j++)
            {
                string name = hidden ? LaneLocal(layer, j) : $$"""a{{N(L)}}_{{N(j)}}""";
                string activation = !hidden ? string.Empty
                    : j < VectorActivatedUnits(layer) ? (_shape.Activation == HiddenActivation.Relu ? LaneRelu : Sigmoid)
                    : _shape.Activation == HiddenActivation.Tanh ? TanhEachLane
                    : SigmoidEachLane;
                foreach (string line in Sum(
                    $$"""{{v}}<{{_t}}> {{name}} = {{(hidden ? activation + "(" : string.Empty)}}""",
                    $$"""{{v}}.Create({{At(b, j)}})""",
                    Enumerable.Range(0, fanIn).Select(n => $$"""{{At(w, _shape.WeightAt(layer, j, n))}} * {{LaneLocal(layer - 1, n)}}"""),
                    hidden ? ");" : ";"))
                {
                    _w.Line(line);
                }
            }
        }

        string head = OutputActivationMethod(_shape.Head) is null ? string.Empty : ", then " + OutputEquation + " as Forward computes it";
        _w.Lines($$"""

            // Each sample's outputs into its row{{head}}
            for (int s = 0; s < {{lanes}}; s++)
            {
                {{_span}} output = y.Slice(s * OutputCount, OutputCount);
            """).Indent();
        for (int k = 0; k < _shape.Outputs; k++)
        {
            _w.Line($$"""output[{{N(k)}}] = a{{N(L)}}_{{N(k)}}[s];""");
        }

        WriteOutputActivation("output");
        _w.Close();
        EndMethod();
    }

    /// <summary>Input <paramref name="input"/> of each sample of a block, in lane order: x[i], x[InputCount + i], ….</summary>
    private IEnumerable<string> LaneElements(int bits, int input) =>
        Enumerable.Range(0, Lanes(bits)).Select(s => $$"""x[{{N((s * _shape.Inputs) + input)}}]""");

    /// <summary>The vector of a layer's unit <paramref name="unit"/> over the samples: x_0 for an input, z1_3 for a hidden unit.</summary>
    private static string LaneLocal(int layer, int unit) => layer == 0 ? $$"""x_{{N(unit)}}""" : $$"""{{Z(layer)}}_{{N(unit)}}""";

    private const string LaneRelu = "Relu";
    private const string SigmoidEachLane = nameof(SigmoidEachLane);
    private const string TanhEachLane = nameof(TanhEachLane);

    /// <summary>
    /// The activations <see cref="WriteSampleLanesKernel"/> calls at width <paramref name="bits"/> besides the vector σ
    /// (<see cref="VectorSigmoidBits"/> writes that one): ReLU as Forward writes it in vectors, and σ or tanh one lane at a
    /// time for the units Forward activates one at a time.
    /// </summary>
    private void WriteEachLaneHelpers(int bits)
    {
        string v = VectorType(bits), vt = VectorOf(bits), lanes = N(Lanes(bits));
        bool anyScalar = _shape.HiddenLayers.Any(layer => VectorActivatedUnits(layer) < _shape.Size(layer));
        if (_shape.Activation == HiddenActivation.Relu)
        {
            string zero = $$"""{{vt}}.Zero""";
            _w.Lines($$"""
                /// <summary>max(0, a) on every lane, as a &lt; 0 ? 0 : a (NaN stays NaN, −0 stays −0), the expression Forward uses.</summary>
                {{AggressiveInlining}}
                private static {{vt}} {{LaneRelu}}({{vt}} a) => {{v}}.ConditionalSelect({{v}}.LessThan(a, {{zero}}), {{zero}}, a);

                """);
        }
        else if (anyScalar)
        {
            string name = _shape.Activation == HiddenActivation.Tanh ? TanhEachLane : SigmoidEachLane;
            string function = _shape.Activation == HiddenActivation.Tanh ? $$"""{{_math}}.Tanh""" : Sigmoid;
            string what = _shape.Activation == HiddenActivation.Tanh ? $$"""tanh(a) by {{_math}}.Tanh""" : $$"""σ(a) by {{_math}}.Exp""";
            _w.Lines($$"""
                /// <summary>{{what}}, one lane at a time: the units Forward activates one at a time.</summary>
                private static {{vt}} {{name}}({{vt}} a)
                {
                    {{_span}} values = stackalloc {{_t}}[{{lanes}}];
                    a.CopyTo(values);
                    for (int s = 0; s < {{lanes}}; s++)
                    {
                        values[s] = {{function}}(values[s]);
                    }

                    return {{v}}.Create(({{_readOnlySpan}})values);
                }

                """);
        }
    }
}
