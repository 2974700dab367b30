using System;
using System.Diagnostics;

namespace NetGen;

/// <summary>
/// Compiles a multilayer perceptron into the annotated <c>partial class</c>: by default the lecture's network, one
/// hidden layer of sigmoid units, sigmoid outputs with binary cross-entropy, and SGD with an L2 penalty on the weights;
/// more hidden layers, other activations, output heads and optimizers through the constructor and the properties.
/// </summary>
/// <remarks>
/// <para>
/// The NetGen source generator adds to the class constants (<c>InputCount</c>, <c>HiddenCount</c> or, with several
/// hidden layers, <c>Hidden1Count</c>, <c>Hidden2Count</c>, …, <c>OutputCount</c>, <c>ParameterCount</c>), the
/// <c>LayerSizes</c>, <c>Parameters</c> and <c>Gradients</c> spans, and
/// the methods <c>Forward</c>, <c>ForwardBatch</c>, <c>Backward</c>, <c>Step</c>, <c>TrainSample</c>, <c>TrainBatch</c>,
/// <c>ZeroGradients</c> and <c>InitializeParameters</c>, all specialized to the sizes given here.
/// </para>
/// <para>
/// The attribute is <see cref="ConditionalAttribute">conditional</see>: the compiler drops it from
/// the output unless <c>NETGEN_KEEP_ATTRIBUTES</c> is defined, so assemblies that use NetGen do not
/// reference NetGen at run time.
/// </para>
/// </remarks>
/// <example>
/// <code>
/// [Mlp(2, 4, 1)]                      // inputs, hidden, outputs
/// public partial class XorNet { }
///
/// [Mlp(784, 128, 64, 10, Activation = Activation.Relu, Output = Output.Softmax)]   // two hidden layers
/// public partial class DigitNet { }
/// </code>
/// </example>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Struct, AllowMultiple = false, Inherited = false)]
[Conditional("NETGEN_KEEP_ATTRIBUTES")]
public sealed class MlpAttribute : Attribute
{
    /// <summary>Declares the network's sizes.</summary>
    /// <param name="inputs">The number of inputs, x_i (at least 1).</param>
    /// <param name="hidden">The number of hidden units, z_j (at least 1).</param>
    /// <param name="outputs">The number of outputs, y_k (at least 1).</param>
    public MlpAttribute(int inputs, int hidden, int outputs)
        : this(new[] { inputs, hidden, outputs })
    {
    }

    /// <summary>Declares a network of any depth: the inputs, the width of each hidden layer, then the outputs.</summary>
    /// <param name="layerSizes">
    /// At least three sizes, each at least 1: <c>[Mlp(784, 128, 64, 10)]</c> has 784 inputs, hidden layers of 128 and
    /// 64 units, and 10 outputs. Three sizes mean the same as <see cref="MlpAttribute(int, int, int)"/>.
    /// </param>
    public MlpAttribute(params int[] layerSizes)
    {
        _layerSizes = layerSizes is null ? Array.Empty<int>() : (int[])layerSizes.Clone();
    }

    private readonly int[] _layerSizes;

    /// <summary>The number of inputs (0 when no sizes were given).</summary>
    public int Inputs => _layerSizes.Length > 0 ? _layerSizes[0] : 0;

    /// <summary>The number of units of the first hidden layer, the only one in <c>[Mlp(inputs, hidden, outputs)]</c> (0 when there is none).</summary>
    public int Hidden => _layerSizes.Length > 2 ? _layerSizes[1] : 0;

    /// <summary>The number of outputs (0 when no sizes were given).</summary>
    public int Outputs => _layerSizes.Length > 1 ? _layerSizes[_layerSizes.Length - 1] : 0;

    /// <summary>Every layer's size, inputs first and outputs last: a copy, so the attribute stays as declared.</summary>
    public int[] LayerSizes => (int[])_layerSizes.Clone();

    /// <summary>
    /// The floating-point type of every parameter, input and output: <see cref="NetGen.Precision.Single"/>
    /// (<see cref="float"/>, the default) or <see cref="NetGen.Precision.Double"/> (<see cref="double"/>).
    /// </summary>
    public Precision Precision { get; set; } = Precision.Single;

    /// <summary>
    /// How the layers are compiled: <see cref="NetGen.Kernels.Auto"/> (the default) unrolls small networks and
    /// vectorizes the rest; <see cref="NetGen.Kernels.Unrolled"/> and <see cref="NetGen.Kernels.Simd"/> force one
    /// kind. The numbers agree to rounding either way; only speed and code size differ.
    /// </summary>
    public Kernels Kernels { get; set; } = Kernels.Auto;

    /// <summary>
    /// The hidden units' activation f, z_j = f(a_j): <see cref="NetGen.Activation.Sigmoid"/> (the default),
    /// <see cref="NetGen.Activation.Tanh"/> or <see cref="NetGen.Activation.Relu"/>. The outputs stay sigmoid units with
    /// binary cross-entropy.
    /// </summary>
    public Activation Activation { get; set; } = Activation.Sigmoid;

    /// <summary>
    /// The output units and their loss, paired so that the output delta is y − t: <see cref="NetGen.Output.Sigmoid"/>
    /// (the default) with binary cross-entropy, <see cref="NetGen.Output.Softmax"/> with categorical cross-entropy
    /// (targets one-hot, or probabilities summing to 1), or <see cref="NetGen.Output.Linear"/> with half squared error.
    /// </summary>
    public Output Output { get; set; } = Output.Sigmoid;

    /// <summary>
    /// How <c>Step</c> turns gradients into updates: <see cref="NetGen.Optimizer.Sgd"/> (the default),
    /// <see cref="NetGen.Optimizer.Momentum"/> or <see cref="NetGen.Optimizer.Adam"/>. The L2 penalty's gradient
    /// (λ/N)·w joins the weights' gradients, never the biases', before the optimizer sees them.
    /// </summary>
    public Optimizer Optimizer { get; set; } = Optimizer.Sgd;

    /// <summary>
    /// A weight file to compile into the network: the name of an <c>AdditionalFiles</c> item written by the generated
    /// <c>Save</c> for a network of the same sizes, precision, activation and output. Its parameters become static data
    /// in the assembly (the generated <c>CompiledWeights</c>), and every new instance starts with them instead of zeros:
    /// no file to ship, nothing to load at start-up. A missing, unreadable or mismatched file is a compile error
    /// (NETGEN018, NETGEN019, NETGEN020).
    /// </summary>
    /// <example><c>[Mlp(2, 4, 1, Weights = "xor.weights")]</c> with <c>&lt;AdditionalFiles Include="xor.weights" /&gt;</c> in the project.</example>
    public string? Weights { get; set; }
}

/// <summary>The update rule of <c>Step</c>.</summary>
public enum Optimizer
{
    /// <summary>θ ← θ − η g.</summary>
    Sgd = 0,

    /// <summary>v ← μ v + g, θ ← θ − η v, with μ the generated <c>Momentum</c> property (0.9 by default).</summary>
    Momentum = 1,

    /// <summary>
    /// Adam (Kingma and Ba, 2015): m ← β1 m + (1 − β1) g, v ← β2 v + (1 − β2) g², θ ← θ − η m̂ / (√v̂ + ε) with the
    /// bias corrections m̂ = m/(1 − β1^t), v̂ = v/(1 − β2^t); β1, β2, ε are generated properties (0.9, 0.999, 1e-8).
    /// </summary>
    Adam = 2,
}

/// <summary>The output units, each with its canonical loss.</summary>
public enum Output
{
    /// <summary>y_k = σ(a_k) with binary cross-entropy −Σ_k [t_k log y_k + (1 − t_k) log(1 − y_k)].</summary>
    Sigmoid = 0,

    /// <summary>y_k = e^(a_k) / Σ_j e^(a_j) with categorical cross-entropy −Σ_k t_k log y_k; needs at least 2 outputs.</summary>
    Softmax = 1,

    /// <summary>y_k = a_k with half squared error ½ Σ_k (y_k − t_k)².</summary>
    Linear = 2,
}

/// <summary>The activation of the hidden units.</summary>
public enum Activation
{
    /// <summary>σ(a) = 1 / (1 + e^(−a)), with σ'(a) = σ(a)(1 − σ(a)).</summary>
    Sigmoid = 0,

    /// <summary>tanh(a), with tanh'(a) = 1 − tanh²(a).</summary>
    Tanh = 1,

    /// <summary>max(0, a), with derivative 1 where a &gt; 0 and 0 elsewhere (0 at a = 0).</summary>
    Relu = 2,
}

/// <summary>How NetGen compiles a network's layers.</summary>
public enum Kernels
{
    /// <summary>
    /// Unrolled code for tiny networks (at most 64 weights, hidden·(inputs + outputs), and 8 units per layer), SIMD loops
    /// beyond: measured on x64 with AVX-512, the two tie at 2-4-1, trade places between 65 and 80 weights by shape and
    /// call, and the SIMD loops win from 16-16-4 up (see NetGen's README).
    /// </summary>
    Auto = 0,

    /// <summary>
    /// Straight-line code, one statement per sum or value (on .NET 8 and later one Vector128 statement for 4 floats or 2
    /// doubles side by side in memory), with every size and offset a constant. Allowed up to
    /// 4,096 weights and 1,024 units per layer; fastest when layers are narrower than a vector register.
    /// </summary>
    Unrolled = 1,

    /// <summary>
    /// Loops with constant trip counts over <c>Vector512</c>, <c>Vector256</c> or <c>Vector128</c>, whichever the
    /// machine accelerates (the JIT keeps only that branch), with the remainders written out. Needs .NET 8 or later.
    /// </summary>
    Simd = 2,
}

/// <summary>The floating-point type a generated network computes in.</summary>
public enum Precision
{
    /// <summary>32-bit <see cref="float"/>: half the memory, and twice the SIMD width of double.</summary>
    Single = 0,

    /// <summary>64-bit <see cref="double"/>: for training that needs the extra precision.</summary>
    Double = 1,
}
