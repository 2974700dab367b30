using System.Collections.Generic;
using System.Linq;

namespace NetGen.Generator.Model;

/// <summary>The floating-point type of a network; values match <c>NetGen.Precision</c>.</summary>
internal enum NumericPrecision
{
    Single = 0,
    Double = 1,
}

/// <summary>
/// Everything the emitter needs to write one network, and nothing else: only values, so that two
/// runs of the pipeline over unchanged code compare equal and the output stays cached.
/// </summary>
/// <param name="Namespace">The namespace, or <see langword="null"/> for the global namespace.</param>
/// <param name="ContainingTypes">The chain of containing types, outermost first.</param>
/// <param name="TypeName">The annotated type's name.</param>
/// <param name="TypeKeyword">The declaration keyword to repeat: <c>class</c> or <c>record</c>.</param>
/// <param name="HintName">The generated file's name, unique in the compilation.</param>
/// <param name="Shape">The layer sizes.</param>
/// <param name="Precision">float or double.</param>
/// <param name="VectorMath">
/// Whether the compilation's runtime has <c>Vector512</c> and its kin (.NET 8 and later): then every sigmoid is
/// computed with the generated vector exp, a whole vector of units at once; otherwise with <c>Math(F).Exp</c>, one at a time.
/// </param>
/// <param name="Weights">The weight file asked for with <c>Weights = "…"</c>, if any.</param>
/// <param name="CompiledWeights">
/// The parameters read from that file, as the bits of each float or double (empty without one): they become the
/// generated <c>CompiledWeights</c>, every new instance's starting parameters.
/// </param>
/// <param name="FusedMultiplyAdd">
/// Whether the runtime has <c>Vector128.FusedMultiplyAdd</c> and its kin (.NET 9 and later): then the SIMD kernels'
/// sums of products use one fused multiply-add per vector, rounded once.
/// </param>
internal sealed record NetworkModel(
    string? Namespace,
    EquatableArray<ContainingTypeModel> ContainingTypes,
    string TypeName,
    string TypeKeyword,
    string HintName,
    NetworkShape Shape,
    NumericPrecision Precision,
    bool VectorMath = false,
    bool FusedMultiplyAdd = false,
    WeightsRequest? Weights = null,
    EquatableArray<long> CompiledWeights = default)
{
    /// <summary>What the compilation offers the generated code: its C# version and APIs.</summary>
    public TargetProfile Target { get; init; } = TargetProfile.Modern;

    /// <summary>
    /// Whether the network's code calls <c>VectorN.FusedMultiplyAdd</c>: SIMD kernels (not unrolled, not portable) on
    /// .NET 9 or later. Native AOT without FMA instructions computes those in software (NETGEN023).
    /// </summary>
    public bool UsesVectorFusedMultiplyAdd => FusedMultiplyAdd && SimdKernels;

    /// <summary>Whether the network's looped layers are SIMD kernels: neither unrolled nor the portable kernels.</summary>
    public bool SimdKernels => !Shape.IsUnrolled && !Target.PortableKernels;

    /// <summary>
    /// Whether the state (parameters, gradients, Momentum's velocity, Adam's moments) lives in windows that start on a
    /// 64-byte line, a cache line and one <c>Vector512</c>, of arrays allocated on the pinned object heap
    /// (<c>GC.AllocateArray(…, pinned: true)</c>, .NET 5 and later), which never moves them: the SIMD kernels (not
    /// unrolled, not portable). A .NET array's elements start 16 bytes past an 8-byte-aligned object, so an ordinary array
    /// lands at whatever multiple of 8 bytes from a line the allocator gives, which differs from process to process, and
    /// off a line every <c>Vector512</c> load spans two lines: the generated 784-128-10 <c>TrainSample</c> took
    /// 5.76–5.91 µs aligned and 6.59–6.79 µs at 16, 32 and 48 bytes past a line (scratch program, .NET 10, AMD EPYC
    /// AVX-512, 6 Dec 2026). Unrolled networks keep plain arrays: their vectors are 128 bits, and handing a window to the
    /// kernels costs more than alignment could give back there (2-4-1 <c>Forward</c> 22.5–23.3 ns through windows,
    /// 20.8–21.1 ns through arrays, same scratch program); so do the portable kernels, which index arrays.
    /// </summary>
    public bool AlignedState => SimdKernels;
}

/// <summary>
/// <c>Weights = "…"</c> on the attribute: the AdditionalFiles item to compile in, and where to report a problem with it.
/// </summary>
internal sealed record WeightsRequest(string File, LocationInfo? Location);

/// <summary>The hidden units' activation; values match <c>NetGen.Activation</c>.</summary>
internal enum HiddenActivation
{
    Sigmoid = 0,
    Tanh = 1,
    Relu = 2,
}

/// <summary>The output units and their loss; values match <c>NetGen.Output</c>.</summary>
internal enum OutputHead
{
    Sigmoid = 0,
    Softmax = 1,
    Linear = 2,
}

/// <summary>The update rule of Step; values match <c>NetGen.Optimizer</c>.</summary>
internal enum OptimizerKind
{
    Sgd = 0,
    Momentum = 1,
    Adam = 2,
}

/// <summary>How the layers are compiled; values match <c>NetGen.Kernels</c>.</summary>
internal enum KernelKind
{
    Auto = 0,
    Unrolled = 1,
    Simd = 2,
}

/// <summary>A containing type, as its partial declaration must be repeated around the generated one.</summary>
/// <param name="Keyword">e.g. <c>class</c>, <c>struct</c>, <c>record struct</c>, <c>interface</c>.</param>
/// <param name="NameWithTypeParameters">e.g. <c>Outer</c> or <c>Outer&lt;T&gt;</c>.</param>
internal sealed record ContainingTypeModel(string Keyword, string NameWithTypeParameters);

/// <summary>The sizes of a network's layers, the parameter layout they imply, and the kind of code.</summary>
/// <param name="Sizes">
/// The layers' widths: the inputs, then each hidden layer, then the outputs. Layer l (1 to <see cref="LayerCount"/>)
/// maps the Sizes[l − 1] units of layer l − 1 (layer 0: the inputs) to its own Sizes[l] units.
/// </param>
/// <param name="IsUnrolled">
/// Whether every layer is written out as straight-line code (small networks), rather than as loops over SIMD
/// vectors with constant trip counts.
/// </param>
/// <param name="Activation">The hidden units' activation, on every hidden layer.</param>
/// <param name="Head">The output units and their loss, which name the methods that apply them.</param>
/// <param name="Optimizer">The update rule of Step, which decides the optimizer's state members.</param>
internal sealed record NetworkShape(
    EquatableArray<int> Sizes,
    bool IsUnrolled = true,
    HiddenActivation Activation = HiddenActivation.Sigmoid,
    OutputHead Head = OutputHead.Sigmoid,
    OptimizerKind Optimizer = OptimizerKind.Sgd)
{
    /// <summary>A network with one hidden layer, as the lecture's.</summary>
    public NetworkShape(int inputs, int hidden, int outputs)
        : this(new EquatableArray<int>(new[] { inputs, hidden, outputs }))
    {
    }

    public int Inputs => Sizes[0];

    public int Outputs => Sizes[Sizes.Count - 1];

    /// <summary>L, the number of weight layers: the hidden layers and the output layer.</summary>
    public int LayerCount => Sizes.Count - 1;

    /// <summary>Whether the network has exactly one hidden layer, whose code keeps the lecture's names (HiddenCount, W1, W2).</summary>
    public bool IsShallow => Sizes.Count == 3;

    /// <summary>The units of layer <paramref name="layer"/>: 0 for the inputs, <see cref="LayerCount"/> for the outputs.</summary>
    public int Size(int layer) => Sizes[layer];

    /// <summary>The layers 1 to <see cref="LayerCount"/>, in order.</summary>
    public IEnumerable<int> Layers => Enumerable.Range(1, LayerCount);

    /// <summary>The hidden layers, 1 to <see cref="LayerCount"/> − 1, in order.</summary>
    public IEnumerable<int> HiddenLayers => Enumerable.Range(1, LayerCount - 1);

    /// <summary>
    /// Whether layer <paramref name="layer"/>'s weights are stored input-major (w_ji at <c>i·Size(l) + j</c>, the layer's
    /// units contiguous for each input) rather than output-major (row-major, w_ji at <c>j·Size(l − 1) + i</c>). Layer 1
    /// is input-major: its forward pass then adds each input times a vector of units, with no horizontal sums and no
    /// remainder loop over the inputs, and nothing reads it along the inputs (no deltas are propagated to the inputs).
    /// Every other layer is output-major, which the deltas below it read along their units.
    /// </summary>
    public static bool IsInputMajor(int layer) => layer == 1;

    /// <summary>Where w_ji of layer <paramref name="layer"/> sits, from the layer's first weight.</summary>
    public int WeightAt(int layer, int unit, int input) =>
        IsInputMajor(layer) ? (input * Sizes[layer]) + unit : (unit * Sizes[layer - 1]) + input;

    /// <summary>Where W_l starts: each layer before it takes Size(l) × Size(l − 1) weights and Size(l) biases.</summary>
    public int WeightOffset(int layer)
    {
        int offset = 0;
        for (int l = 1; l < layer; l++)
        {
            offset += (Sizes[l] * Sizes[l - 1]) + Sizes[l];
        }

        return offset;
    }

    public int WeightLength(int layer) => Sizes[layer] * Sizes[layer - 1];

    public int BiasOffset(int layer) => WeightOffset(layer) + WeightLength(layer);

    public int ParameterCount => WeightOffset(LayerCount + 1);

    /// <summary>Weights, Σ_l Size(l)·Size(l − 1): what sets the network's size.</summary>
    public long Weights => Layers.Sum(l => (long)Sizes[l] * Sizes[l - 1]);

    /// <summary>The units of every hidden layer together.</summary>
    public int HiddenUnits => HiddenLayers.Sum(l => Sizes[l]);

    /// <summary>The widest layer.</summary>
    public int Widest => Sizes.Max();

    /// <summary>Whether the network may be unrolled at all: past these bounds unrolled code meets the JIT's limits.</summary>
    public bool CanUnroll => Weights <= NetworkLimits.MaxUnrolledWeights && Widest <= NetworkLimits.MaxUnrolledLayerWidth;

    /// <summary>Whether <see cref="KernelKind.Auto"/> unrolls the network: where unrolled code measured faster.</summary>
    public bool AutoUnrolls => Weights <= NetworkLimits.AutoUnrollWeights && Widest <= NetworkLimits.AutoUnrollLayerWidth;

    /// <summary>The sizes as the attribute writes them, e.g. <c>784, 128, 64, 10</c>.</summary>
    public string SizeList => string.Join(", ", Sizes.Select(s => s.ToString(System.Globalization.CultureInfo.InvariantCulture)));
}
