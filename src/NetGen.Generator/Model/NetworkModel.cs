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
    bool FusedMultiplyAdd = false);

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

/// <summary>The sizes of a one-hidden-layer network, the parameter layout they imply, and the kind of code.</summary>
/// <param name="Inputs">The number of inputs.</param>
/// <param name="Hidden">The number of hidden units.</param>
/// <param name="Outputs">The number of outputs.</param>
/// <param name="IsUnrolled">
/// Whether every layer is written out as straight-line code (small networks), rather than as loops over SIMD
/// vectors with constant trip counts.
/// </param>
/// <param name="Activation">The hidden units' activation, which names the method that applies it.</param>
/// <param name="Head">The output units and their loss, which name the methods that apply them.</param>
/// <param name="Optimizer">The update rule of Step, which decides the optimizer's state members.</param>
internal sealed record NetworkShape(
    int Inputs,
    int Hidden,
    int Outputs,
    bool IsUnrolled = true,
    HiddenActivation Activation = HiddenActivation.Sigmoid,
    OutputHead Head = OutputHead.Sigmoid,
    OptimizerKind Optimizer = OptimizerKind.Sgd)
{
    /// <summary>W1 row-major: hidden × inputs, w_ji at <c>j·Inputs + i</c>.</summary>
    public int W1Offset => 0;

    public int W1Length => Hidden * Inputs;

    public int B1Offset => W1Length;

    public int W2Offset => B1Offset + Hidden;

    /// <summary>W2 row-major: outputs × hidden, w_kj at <c>k·Hidden + j</c>.</summary>
    public int W2Length => Outputs * Hidden;

    public int B2Offset => W2Offset + W2Length;

    public int ParameterCount => B2Offset + Outputs;

    /// <summary>Weights, H·(I + O): what sets the network's size.</summary>
    public long Weights => (long)Hidden * ((long)Inputs + Outputs);

    /// <summary>The widest layer.</summary>
    public int Widest => System.Math.Max(Inputs, System.Math.Max(Hidden, Outputs));

    /// <summary>Whether the network may be unrolled at all: past these bounds unrolled code meets the JIT's limits.</summary>
    public bool CanUnroll => Weights <= NetworkLimits.MaxUnrolledWeights && Widest <= NetworkLimits.MaxUnrolledLayerWidth;

    /// <summary>Whether <see cref="KernelKind.Auto"/> unrolls the network: where unrolled code measured faster.</summary>
    public bool AutoUnrolls => Weights <= NetworkLimits.AutoUnrollWeights && Widest <= NetworkLimits.AutoUnrollLayerWidth;
}
