using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;

namespace NetGen.Tests;

/// <summary>
/// The generated API of one network, seen through one interface so that a test can be written once for every
/// shape and precision. The generated public members satisfy the interface directly (their signatures must match,
/// so a change of the generated API breaks the build); only the sizes need forwarding, since constants cannot
/// implement interface members.
/// </summary>
public interface ITestNetwork<T>
    where T : unmanaged
{
    int Inputs { get; }

    int Hidden { get; }

    int Outputs { get; }

    int ParameterTotal { get; }

    Span<T> Parameters { get; }

    Span<T> Gradients { get; }

    void Forward(ReadOnlySpan<T> input, Span<T> output);

    T Backward(ReadOnlySpan<T> input, ReadOnlySpan<T> target);

    void Step(T learningRate, T l2, int trainingSetSize);

    T TrainSample(ReadOnlySpan<T> input, ReadOnlySpan<T> target, T learningRate, T l2, int trainingSetSize);

    void ForwardBatch(ReadOnlySpan<T> inputs, Span<T> outputs);

    T TrainBatch(ReadOnlySpan<T> inputs, ReadOnlySpan<T> targets, T learningRate, T l2, int trainingSetSize);

    void ZeroGradients();

    void InitializeParameters(int seed);
}

/// <summary>
/// Which kind of code a test network was declared with: <c>Kernels = Kernels.…</c> in its attribute. A copy of
/// NetGen.Kernels, because the tests, like any consumer, must not need NetGen.Attributes.dll at run time.
/// </summary>
public enum Code
{
    Auto,
    Unrolled,
    Simd,
}

/// <summary>The hidden activation a test network was declared with: a copy of NetGen.Activation, as <see cref="Code"/> is of Kernels.</summary>
public enum Act
{
    Sigmoid,
    Tanh,
    Relu,
}

/// <summary>The output head a test network was declared with: a copy of NetGen.Output.</summary>
public enum Out
{
    Sigmoid,
    Softmax,
    Linear,
}

/// <summary>Creates the test project's generated networks by shape.</summary>
public static class Networks
{
    private static readonly Dictionary<(int, int, int, Code, Act, Out), Func<ITestNetwork<float>>> Singles = new()
    {
        [(1, 1, 1, Code.Auto, Act.Sigmoid, Out.Sigmoid)] = () => new Net111F(),
        [(2, 4, 1, Code.Auto, Act.Sigmoid, Out.Sigmoid)] = () => new Net241F(),
        [(3, 5, 2, Code.Auto, Act.Sigmoid, Out.Sigmoid)] = () => new Net352F(),
        [(4, 3, 5, Code.Auto, Act.Sigmoid, Out.Sigmoid)] = () => new Net435F(),
        [(5, 9, 4, Code.Auto, Act.Sigmoid, Out.Sigmoid)] = () => new Net594F(),
        [(7, 6, 3, Code.Auto, Act.Sigmoid, Out.Sigmoid)] = () => new Net763F(),
        [(30, 16, 1, Code.Auto, Act.Sigmoid, Out.Sigmoid)] = () => new Net30x16x1F(),
        [(64, 32, 10, Code.Auto, Act.Sigmoid, Out.Sigmoid)] = () => new Net64x32x10F(),
        [(100, 40, 2, Code.Auto, Act.Sigmoid, Out.Sigmoid)] = () => new Net100x40x2F(),
        [(101, 41, 3, Code.Auto, Act.Sigmoid, Out.Sigmoid)] = () => new Net101x41x3F(),
        [(784, 128, 10, Code.Auto, Act.Sigmoid, Out.Sigmoid)] = () => new Net784x128x10F(),
        [(1, 1, 1, Code.Simd, Act.Sigmoid, Out.Sigmoid)] = () => new Net1x1x1SimdF(),
        [(2, 4, 1, Code.Simd, Act.Sigmoid, Out.Sigmoid)] = () => new Net2x4x1SimdF(),
        [(3, 5, 2, Code.Simd, Act.Sigmoid, Out.Sigmoid)] = () => new Net3x5x2SimdF(),
        [(4, 3, 5, Code.Simd, Act.Sigmoid, Out.Sigmoid)] = () => new Net4x3x5SimdF(),
        [(5, 9, 4, Code.Simd, Act.Sigmoid, Out.Sigmoid)] = () => new Net5x9x4SimdF(),
        [(7, 6, 3, Code.Simd, Act.Sigmoid, Out.Sigmoid)] = () => new Net7x6x3SimdF(),
        [(30, 16, 1, Code.Simd, Act.Sigmoid, Out.Sigmoid)] = () => new Net30x16x1SimdF(),
        [(5, 9, 4, Code.Unrolled, Act.Sigmoid, Out.Sigmoid)] = () => new Net5x9x4UnrolledF(),
        [(30, 16, 1, Code.Unrolled, Act.Sigmoid, Out.Sigmoid)] = () => new Net30x16x1UnrolledF(),
        [(4, 6, 1, Code.Unrolled, Act.Tanh, Out.Sigmoid)] = () => new Net4x6x1TanhUnrolledF(),
        [(4, 6, 1, Code.Simd, Act.Tanh, Out.Sigmoid)] = () => new Net4x6x1TanhSimdF(),
        [(30, 16, 1, Code.Unrolled, Act.Tanh, Out.Sigmoid)] = () => new Net30x16x1TanhUnrolledF(),
        [(30, 16, 1, Code.Simd, Act.Tanh, Out.Sigmoid)] = () => new Net30x16x1TanhSimdF(),
        [(101, 41, 3, Code.Simd, Act.Tanh, Out.Sigmoid)] = () => new Net101x41x3TanhSimdF(),
        [(4, 6, 1, Code.Unrolled, Act.Relu, Out.Sigmoid)] = () => new Net4x6x1ReluUnrolledF(),
        [(4, 6, 1, Code.Simd, Act.Relu, Out.Sigmoid)] = () => new Net4x6x1ReluSimdF(),
        [(30, 16, 1, Code.Unrolled, Act.Relu, Out.Sigmoid)] = () => new Net30x16x1ReluUnrolledF(),
        [(30, 16, 1, Code.Simd, Act.Relu, Out.Sigmoid)] = () => new Net30x16x1ReluSimdF(),
        [(101, 41, 3, Code.Simd, Act.Relu, Out.Sigmoid)] = () => new Net101x41x3ReluSimdF(),
        [(5, 7, 3, Code.Unrolled, Act.Relu, Out.Softmax)] = () => new Net5x7x3ReluSoftmaxUnrolledF(),
        [(6, 5, 2, Code.Unrolled, Act.Sigmoid, Out.Linear)] = () => new Net6x5x2SigmoidLinearUnrolledF(),
        [(30, 16, 4, Code.Unrolled, Act.Tanh, Out.Softmax)] = () => new Net30x16x4TanhSoftmaxUnrolledF(),
        [(30, 16, 4, Code.Unrolled, Act.Sigmoid, Out.Softmax)] = () => new Net30x16x4SigmoidSoftmaxUnrolledF(),
        [(30, 16, 4, Code.Unrolled, Act.Relu, Out.Linear)] = () => new Net30x16x4ReluLinearUnrolledF(),
        [(5, 7, 3, Code.Simd, Act.Relu, Out.Softmax)] = () => new Net5x7x3ReluSoftmaxSimdF(),
        [(6, 5, 2, Code.Simd, Act.Sigmoid, Out.Linear)] = () => new Net6x5x2SigmoidLinearSimdF(),
        [(30, 16, 4, Code.Simd, Act.Tanh, Out.Softmax)] = () => new Net30x16x4TanhSoftmaxSimdF(),
        [(30, 16, 4, Code.Simd, Act.Sigmoid, Out.Softmax)] = () => new Net30x16x4SigmoidSoftmaxSimdF(),
        [(30, 16, 4, Code.Simd, Act.Relu, Out.Linear)] = () => new Net30x16x4ReluLinearSimdF(),
        [(101, 41, 3, Code.Simd, Act.Tanh, Out.Softmax)] = () => new Net101x41x3TanhSoftmaxSimdF(),
        [(101, 41, 3, Code.Simd, Act.Relu, Out.Linear)] = () => new Net101x41x3ReluLinearSimdF(),
        [(2, 1100, 1, Code.Auto, Act.Sigmoid, Out.Sigmoid)] = () => new Net2x1100x1F(),
        [(3, 1000, 30, Code.Auto, Act.Sigmoid, Out.Sigmoid)] = () => new Net3x1000x30F(),
        [(20, 300, 4, Code.Auto, Act.Sigmoid, Out.Sigmoid)] = () => new Net20x300x4F(),
        [(64, 32, 10, Code.Unrolled, Act.Sigmoid, Out.Sigmoid)] = () => new Net64x32x10UnrolledF(),
        [(100, 40, 2, Code.Unrolled, Act.Sigmoid, Out.Sigmoid)] = () => new Net100x40x2UnrolledF(),
    };

    private static readonly Dictionary<(int, int, int, Code, Act, Out), Func<ITestNetwork<double>>> Doubles = new()
    {
        [(1, 1, 1, Code.Auto, Act.Sigmoid, Out.Sigmoid)] = () => new Net111D(),
        [(2, 4, 1, Code.Auto, Act.Sigmoid, Out.Sigmoid)] = () => new Net241D(),
        [(3, 5, 2, Code.Auto, Act.Sigmoid, Out.Sigmoid)] = () => new Net352D(),
        [(4, 3, 5, Code.Auto, Act.Sigmoid, Out.Sigmoid)] = () => new Net435D(),
        [(5, 9, 4, Code.Auto, Act.Sigmoid, Out.Sigmoid)] = () => new Net594D(),
        [(7, 6, 3, Code.Auto, Act.Sigmoid, Out.Sigmoid)] = () => new Net763D(),
        [(30, 16, 1, Code.Auto, Act.Sigmoid, Out.Sigmoid)] = () => new Net30x16x1D(),
        [(64, 32, 10, Code.Auto, Act.Sigmoid, Out.Sigmoid)] = () => new Net64x32x10D(),
        [(100, 40, 2, Code.Auto, Act.Sigmoid, Out.Sigmoid)] = () => new Net100x40x2D(),
        [(101, 41, 3, Code.Auto, Act.Sigmoid, Out.Sigmoid)] = () => new Net101x41x3D(),
        [(784, 128, 10, Code.Auto, Act.Sigmoid, Out.Sigmoid)] = () => new Net784x128x10D(),
        [(1, 1, 1, Code.Simd, Act.Sigmoid, Out.Sigmoid)] = () => new Net1x1x1SimdD(),
        [(2, 4, 1, Code.Simd, Act.Sigmoid, Out.Sigmoid)] = () => new Net2x4x1SimdD(),
        [(3, 5, 2, Code.Simd, Act.Sigmoid, Out.Sigmoid)] = () => new Net3x5x2SimdD(),
        [(4, 3, 5, Code.Simd, Act.Sigmoid, Out.Sigmoid)] = () => new Net4x3x5SimdD(),
        [(5, 9, 4, Code.Simd, Act.Sigmoid, Out.Sigmoid)] = () => new Net5x9x4SimdD(),
        [(7, 6, 3, Code.Simd, Act.Sigmoid, Out.Sigmoid)] = () => new Net7x6x3SimdD(),
        [(30, 16, 1, Code.Simd, Act.Sigmoid, Out.Sigmoid)] = () => new Net30x16x1SimdD(),
        [(5, 9, 4, Code.Unrolled, Act.Sigmoid, Out.Sigmoid)] = () => new Net5x9x4UnrolledD(),
        [(30, 16, 1, Code.Unrolled, Act.Sigmoid, Out.Sigmoid)] = () => new Net30x16x1UnrolledD(),
        [(4, 6, 1, Code.Unrolled, Act.Tanh, Out.Sigmoid)] = () => new Net4x6x1TanhUnrolledD(),
        [(4, 6, 1, Code.Simd, Act.Tanh, Out.Sigmoid)] = () => new Net4x6x1TanhSimdD(),
        [(30, 16, 1, Code.Unrolled, Act.Tanh, Out.Sigmoid)] = () => new Net30x16x1TanhUnrolledD(),
        [(30, 16, 1, Code.Simd, Act.Tanh, Out.Sigmoid)] = () => new Net30x16x1TanhSimdD(),
        [(101, 41, 3, Code.Simd, Act.Tanh, Out.Sigmoid)] = () => new Net101x41x3TanhSimdD(),
        [(4, 6, 1, Code.Unrolled, Act.Relu, Out.Sigmoid)] = () => new Net4x6x1ReluUnrolledD(),
        [(4, 6, 1, Code.Simd, Act.Relu, Out.Sigmoid)] = () => new Net4x6x1ReluSimdD(),
        [(30, 16, 1, Code.Unrolled, Act.Relu, Out.Sigmoid)] = () => new Net30x16x1ReluUnrolledD(),
        [(30, 16, 1, Code.Simd, Act.Relu, Out.Sigmoid)] = () => new Net30x16x1ReluSimdD(),
        [(101, 41, 3, Code.Simd, Act.Relu, Out.Sigmoid)] = () => new Net101x41x3ReluSimdD(),
        [(5, 7, 3, Code.Unrolled, Act.Relu, Out.Softmax)] = () => new Net5x7x3ReluSoftmaxUnrolledD(),
        [(6, 5, 2, Code.Unrolled, Act.Sigmoid, Out.Linear)] = () => new Net6x5x2SigmoidLinearUnrolledD(),
        [(30, 16, 4, Code.Unrolled, Act.Tanh, Out.Softmax)] = () => new Net30x16x4TanhSoftmaxUnrolledD(),
        [(30, 16, 4, Code.Unrolled, Act.Sigmoid, Out.Softmax)] = () => new Net30x16x4SigmoidSoftmaxUnrolledD(),
        [(30, 16, 4, Code.Unrolled, Act.Relu, Out.Linear)] = () => new Net30x16x4ReluLinearUnrolledD(),
        [(5, 7, 3, Code.Simd, Act.Relu, Out.Softmax)] = () => new Net5x7x3ReluSoftmaxSimdD(),
        [(6, 5, 2, Code.Simd, Act.Sigmoid, Out.Linear)] = () => new Net6x5x2SigmoidLinearSimdD(),
        [(30, 16, 4, Code.Simd, Act.Tanh, Out.Softmax)] = () => new Net30x16x4TanhSoftmaxSimdD(),
        [(30, 16, 4, Code.Simd, Act.Sigmoid, Out.Softmax)] = () => new Net30x16x4SigmoidSoftmaxSimdD(),
        [(30, 16, 4, Code.Simd, Act.Relu, Out.Linear)] = () => new Net30x16x4ReluLinearSimdD(),
        [(101, 41, 3, Code.Simd, Act.Tanh, Out.Softmax)] = () => new Net101x41x3TanhSoftmaxSimdD(),
        [(101, 41, 3, Code.Simd, Act.Relu, Out.Linear)] = () => new Net101x41x3ReluLinearSimdD(),
        [(2, 1100, 1, Code.Auto, Act.Sigmoid, Out.Sigmoid)] = () => new Net2x1100x1D(),
        [(3, 1000, 30, Code.Auto, Act.Sigmoid, Out.Sigmoid)] = () => new Net3x1000x30D(),
        [(20, 300, 4, Code.Auto, Act.Sigmoid, Out.Sigmoid)] = () => new Net20x300x4D(),
        [(64, 32, 10, Code.Unrolled, Act.Sigmoid, Out.Sigmoid)] = () => new Net64x32x10UnrolledD(),
        [(100, 40, 2, Code.Unrolled, Act.Sigmoid, Out.Sigmoid)] = () => new Net100x40x2UnrolledD(),
    };

    /// <summary>A new, all-zero network of the given shape computing in <typeparamref name="T"/>.</summary>
    /// <remarks>
    /// <paramref name="kernels"/> asks for a kind of code. A network declared with that <c>Kernels = …</c> is taken
    /// if there is one, else the shape's default (Auto) network; either way the kind of code it really has is read
    /// from its members and must be the one asked for, so a test can never run through the other kind unnoticed.
    /// </remarks>
    public static ITestNetwork<T> Create<T>(int inputs, int hidden, int outputs, Code kernels = Code.Auto, Act activation = Act.Sigmoid, Out head = Out.Sigmoid)
        where T : unmanaged
    {
        object? network;
        if (typeof(T) == typeof(float))
        {
            network = Find(Singles, inputs, hidden, outputs, kernels, activation, head);
        }
        else if (typeof(T) == typeof(double))
        {
            network = Find(Doubles, inputs, hidden, outputs, kernels, activation, head);
        }
        else
        {
            throw new ArgumentException("Only float and double networks exist: " + typeof(T));
        }

        if (network is null)
        {
            throw new ArgumentException($"No {typeof(T).Name} network {inputs}-{hidden}-{outputs} with Activation.{activation} and Output.{head} is declared in Networks.cs.");
        }

        ITestNetwork<T> result = (ITestNetwork<T>)network;
        if (result.Inputs != inputs || result.Hidden != hidden || result.Outputs != outputs)
        {
            throw new InvalidOperationException($"The network registered as {inputs}-{hidden}-{outputs} is {result.Inputs}-{result.Hidden}-{result.Outputs}.");
        }

        Code actual = KindOf(network.GetType());
        if (kernels != Code.Auto && actual != kernels)
        {
            throw new ArgumentException(
                $"{network.GetType().Name} has {actual} code, not {kernels}: declare a {inputs}-{hidden}-{outputs} network with Kernels = Kernels.{kernels} in Networks.cs.");
        }

        Act actualActivation = ActivationOf(network.GetType());
        if (actualActivation != activation)
        {
            throw new ArgumentException($"{network.GetType().Name} has {actualActivation} hidden units, not {activation}.");
        }

        Out actualHead = HeadOf(network.GetType());
        if (actualHead != head)
        {
            throw new ArgumentException($"{network.GetType().Name} has {actualHead} outputs, not {head}.");
        }

        return result;
    }

    /// <summary>
    /// The file-local Kernels class generated beside <paramref name="network"/> (in NetGen.__Generated), which holds its
    /// layers' methods. The compiler names a file-local type after its file: &lt;NetGen_Tests_Net241F_Mlp_g&gt;F…__Kernels.
    /// </summary>
    public static Type KernelsOf(Type network)
    {
        string file = "<" + System.Text.RegularExpressions.Regex.Replace(network.FullName!, "[^A-Za-z0-9_]", "_") + "_Mlp_g>F";
        return network.Assembly.GetTypes().Single(t => t.Namespace == "NetGen.__Generated" && t.Name.StartsWith(file, StringComparison.Ordinal)
            && t.Name.EndsWith("__Kernels", StringComparison.Ordinal));
    }

    /// <summary>The private methods of <paramref name="network"/>'s Kernels class: its layers, activations and kernels.</summary>
    public static MethodInfo[] KernelMethods(Type network) => KernelsOf(network).GetMethods(BindingFlags.Static | BindingFlags.NonPublic);

    /// <summary>The output head of a generated type, read from the method that applies it (linear outputs have none).</summary>
    public static Out HeadOf(Type network)
    {
        MethodInfo[] methods = KernelMethods(network);
        return methods.Any(m => m.Name == "OutputSoftmax") ? Out.Softmax
            : methods.Any(m => m.Name == "OutputSigmoids") ? Out.Sigmoid
            : Out.Linear;
    }

    /// <summary>The hidden activation a generated type applies, read from the name of the method that applies it.</summary>
    public static Act ActivationOf(Type network)
    {
        MethodInfo[] methods = KernelMethods(network);
        return methods.Any(m => m.Name == "HiddenTanh") ? Act.Tanh
            : methods.Any(m => m.Name == "HiddenRelu") ? Act.Relu
            : methods.Any(m => m.Name == "HiddenSigmoids") || FirstLayerActivatedWhereSummed(network) ? Act.Sigmoid
            : throw new InvalidOperationException(network.Name + " has no hidden activation method.");
    }

    /// <summary>
    /// Whether the first hidden layer's σ is taken where its sums are computed, so that it may have no activation method of
    /// its own (the generator does that for sigmoid layers only): unrolled code that holds the units in Vector128 locals
    /// has sums kernels that return a Vector128 (HiddenLayer_0To3, Hidden1Layer_0To3); SIMD code whose layer kernel stores
    /// σ of the sums names the span it writes z1, not a1.
    /// </summary>
    public static bool FirstLayerActivatedWhereSummed(Type network) => KernelMethods(network).Any(m =>
        (m.Name.StartsWith("HiddenLayer_", StringComparison.Ordinal) || m.Name.StartsWith("Hidden1Layer_", StringComparison.Ordinal))
        && ((m.ReturnType.IsGenericType && m.ReturnType.GetGenericTypeDefinition() == typeof(System.Runtime.Intrinsics.Vector128<>))
            || m.GetParameters().Any(p => p.Name == "z1")));

    /// <summary>
    /// Simd when the generated type has per-width SIMD layer kernels (methods named …Layer…_V128), else Unrolled. Unrolled
    /// networks have per-width kernels too, ForwardBatch's ForwardSamples_V128, but no layer kernel per width.
    /// </summary>
    public static Code KindOf(Type network) =>
        KernelMethods(network).Any(m => m.Name.Contains("Layer", StringComparison.Ordinal) && m.Name.EndsWith("_V128", StringComparison.Ordinal))
            ? Code.Simd
            : Code.Unrolled;

    private static object? Find<TNetwork>(Dictionary<(int, int, int, Code, Act, Out), Func<TNetwork>> networks, int i, int h, int o, Code kernels, Act activation, Out head)
        where TNetwork : class =>
        networks.TryGetValue((i, h, o, kernels, activation, head), out Func<TNetwork>? make) || networks.TryGetValue((i, h, o, Code.Auto, activation, head), out make)
            ? make()
            : null;

    /// <summary>The activation named as golden files name it: "sigmoid", "tanh" or "relu".</summary>
    public static Act ActivationNamed(string name) => name switch
    {
        "sigmoid" => Act.Sigmoid,
        "tanh" => Act.Tanh,
        "relu" => Act.Relu,
        _ => throw new ArgumentException("No hidden activation named " + name, nameof(name)),
    };

    /// <summary>The output head named as golden files name it: "sigmoid", "softmax" or "identity".</summary>
    public static Out HeadNamed(string name) => name switch
    {
        "sigmoid" => Out.Sigmoid,
        "softmax" => Out.Softmax,
        "identity" => Out.Linear,
        _ => throw new ArgumentException("No output head named " + name, nameof(name)),
    };
}

// ---- float (Precision.Single, the default) ----

[Mlp(1, 1, 1)]
public partial class Net111F : ITestNetwork<float>
{
    int ITestNetwork<float>.Inputs => InputCount;
    int ITestNetwork<float>.Hidden => HiddenCount;
    int ITestNetwork<float>.Outputs => OutputCount;
    int ITestNetwork<float>.ParameterTotal => ParameterCount;
}

[Mlp(2, 4, 1)]
public partial class Net241F : ITestNetwork<float>
{
    int ITestNetwork<float>.Inputs => InputCount;
    int ITestNetwork<float>.Hidden => HiddenCount;
    int ITestNetwork<float>.Outputs => OutputCount;
    int ITestNetwork<float>.ParameterTotal => ParameterCount;
}

[Mlp(3, 5, 2, Precision = Precision.Single)]
public partial class Net352F : ITestNetwork<float>
{
    int ITestNetwork<float>.Inputs => InputCount;
    int ITestNetwork<float>.Hidden => HiddenCount;
    int ITestNetwork<float>.Outputs => OutputCount;
    int ITestNetwork<float>.ParameterTotal => ParameterCount;
}

[Mlp(4, 3, 5)]
public partial class Net435F : ITestNetwork<float>
{
    int ITestNetwork<float>.Inputs => InputCount;
    int ITestNetwork<float>.Hidden => HiddenCount;
    int ITestNetwork<float>.Outputs => OutputCount;
    int ITestNetwork<float>.ParameterTotal => ParameterCount;
}

[Mlp(5, 9, 4)]
public partial class Net594F : ITestNetwork<float>
{
    int ITestNetwork<float>.Inputs => InputCount;
    int ITestNetwork<float>.Hidden => HiddenCount;
    int ITestNetwork<float>.Outputs => OutputCount;
    int ITestNetwork<float>.ParameterTotal => ParameterCount;
}

[Mlp(7, 6, 3)]
public partial class Net763F : ITestNetwork<float>
{
    int ITestNetwork<float>.Inputs => InputCount;
    int ITestNetwork<float>.Hidden => HiddenCount;
    int ITestNetwork<float>.Outputs => OutputCount;
    int ITestNetwork<float>.ParameterTotal => ParameterCount;
}

[Mlp(30, 16, 1)]
public partial class Net30x16x1F : ITestNetwork<float>
{
    int ITestNetwork<float>.Inputs => InputCount;
    int ITestNetwork<float>.Hidden => HiddenCount;
    int ITestNetwork<float>.Outputs => OutputCount;
    int ITestNetwork<float>.ParameterTotal => ParameterCount;
}

[Mlp(64, 32, 10)]
public partial class Net64x32x10F : ITestNetwork<float>
{
    int ITestNetwork<float>.Inputs => InputCount;
    int ITestNetwork<float>.Hidden => HiddenCount;
    int ITestNetwork<float>.Outputs => OutputCount;
    int ITestNetwork<float>.ParameterTotal => ParameterCount;
}

/// <summary>40·(100 + 2) = 4,080 weights: just under 4,096, the most Kernels.Unrolled allows.</summary>
[Mlp(100, 40, 2)]
public partial class Net100x40x2F : ITestNetwork<float>
{
    int ITestNetwork<float>.Inputs => InputCount;
    int ITestNetwork<float>.Hidden => HiddenCount;
    int ITestNetwork<float>.Outputs => OutputCount;
    int ITestNetwork<float>.ParameterTotal => ParameterCount;
}

// ---- double (Precision.Double) ----

[Mlp(1, 1, 1, Precision = Precision.Double)]
public partial class Net111D : ITestNetwork<double>
{
    int ITestNetwork<double>.Inputs => InputCount;
    int ITestNetwork<double>.Hidden => HiddenCount;
    int ITestNetwork<double>.Outputs => OutputCount;
    int ITestNetwork<double>.ParameterTotal => ParameterCount;
}

[Mlp(2, 4, 1, Precision = Precision.Double)]
public partial class Net241D : ITestNetwork<double>
{
    int ITestNetwork<double>.Inputs => InputCount;
    int ITestNetwork<double>.Hidden => HiddenCount;
    int ITestNetwork<double>.Outputs => OutputCount;
    int ITestNetwork<double>.ParameterTotal => ParameterCount;
}

[Mlp(3, 5, 2, Precision = Precision.Double)]
public partial class Net352D : ITestNetwork<double>
{
    int ITestNetwork<double>.Inputs => InputCount;
    int ITestNetwork<double>.Hidden => HiddenCount;
    int ITestNetwork<double>.Outputs => OutputCount;
    int ITestNetwork<double>.ParameterTotal => ParameterCount;
}

[Mlp(4, 3, 5, Precision = Precision.Double)]
public partial class Net435D : ITestNetwork<double>
{
    int ITestNetwork<double>.Inputs => InputCount;
    int ITestNetwork<double>.Hidden => HiddenCount;
    int ITestNetwork<double>.Outputs => OutputCount;
    int ITestNetwork<double>.ParameterTotal => ParameterCount;
}

[Mlp(5, 9, 4, Precision = Precision.Double)]
public partial class Net594D : ITestNetwork<double>
{
    int ITestNetwork<double>.Inputs => InputCount;
    int ITestNetwork<double>.Hidden => HiddenCount;
    int ITestNetwork<double>.Outputs => OutputCount;
    int ITestNetwork<double>.ParameterTotal => ParameterCount;
}

[Mlp(7, 6, 3, Precision = Precision.Double)]
public partial class Net763D : ITestNetwork<double>
{
    int ITestNetwork<double>.Inputs => InputCount;
    int ITestNetwork<double>.Hidden => HiddenCount;
    int ITestNetwork<double>.Outputs => OutputCount;
    int ITestNetwork<double>.ParameterTotal => ParameterCount;
}

[Mlp(30, 16, 1, Precision = Precision.Double)]
public partial class Net30x16x1D : ITestNetwork<double>
{
    int ITestNetwork<double>.Inputs => InputCount;
    int ITestNetwork<double>.Hidden => HiddenCount;
    int ITestNetwork<double>.Outputs => OutputCount;
    int ITestNetwork<double>.ParameterTotal => ParameterCount;
}

[Mlp(64, 32, 10, Precision = Precision.Double)]
public partial class Net64x32x10D : ITestNetwork<double>
{
    int ITestNetwork<double>.Inputs => InputCount;
    int ITestNetwork<double>.Hidden => HiddenCount;
    int ITestNetwork<double>.Outputs => OutputCount;
    int ITestNetwork<double>.ParameterTotal => ParameterCount;
}

/// <summary>40·(100 + 2) = 4,080 weights: just under 4,096, the most Kernels.Unrolled allows.</summary>
[Mlp(100, 40, 2, Precision = Precision.Double)]
public partial class Net100x40x2D : ITestNetwork<double>
{
    int ITestNetwork<double>.Inputs => InputCount;
    int ITestNetwork<double>.Hidden => HiddenCount;
    int ITestNetwork<double>.Outputs => OutputCount;
    int ITestNetwork<double>.ParameterTotal => ParameterCount;
}

// Past 4,096 weights: SIMD loops whatever the Kernels option.
[Mlp(101, 41, 3)]
public partial class Net101x41x3F : ITestNetwork<float>
{
    int ITestNetwork<float>.Inputs => InputCount;
    int ITestNetwork<float>.Hidden => HiddenCount;
    int ITestNetwork<float>.Outputs => OutputCount;
    int ITestNetwork<float>.ParameterTotal => ParameterCount;
}

// Past 4,096 weights: SIMD loops whatever the Kernels option.
[Mlp(101, 41, 3, Precision = Precision.Double)]
public partial class Net101x41x3D : ITestNetwork<double>
{
    int ITestNetwork<double>.Inputs => InputCount;
    int ITestNetwork<double>.Hidden => HiddenCount;
    int ITestNetwork<double>.Outputs => OutputCount;
    int ITestNetwork<double>.ParameterTotal => ParameterCount;
}

// Past 4,096 weights: SIMD loops whatever the Kernels option.
[Mlp(784, 128, 10)]
public partial class Net784x128x10F : ITestNetwork<float>
{
    int ITestNetwork<float>.Inputs => InputCount;
    int ITestNetwork<float>.Hidden => HiddenCount;
    int ITestNetwork<float>.Outputs => OutputCount;
    int ITestNetwork<float>.ParameterTotal => ParameterCount;
}

// Past 4,096 weights: SIMD loops whatever the Kernels option.
[Mlp(784, 128, 10, Precision = Precision.Double)]
public partial class Net784x128x10D : ITestNetwork<double>
{
    int ITestNetwork<double>.Inputs => InputCount;
    int ITestNetwork<double>.Hidden => HiddenCount;
    int ITestNetwork<double>.Outputs => OutputCount;
    int ITestNetwork<double>.ParameterTotal => ParameterCount;
}

// ---- forced kinds of code (Code.Unrolled, Code.Simd), float then double ----

[Mlp(1, 1, 1, Kernels = Kernels.Simd)]
public partial class Net1x1x1SimdF : ITestNetwork<float>
{
    int ITestNetwork<float>.Inputs => InputCount;
    int ITestNetwork<float>.Hidden => HiddenCount;
    int ITestNetwork<float>.Outputs => OutputCount;
    int ITestNetwork<float>.ParameterTotal => ParameterCount;
}

[Mlp(2, 4, 1, Kernels = Kernels.Simd)]
public partial class Net2x4x1SimdF : ITestNetwork<float>
{
    int ITestNetwork<float>.Inputs => InputCount;
    int ITestNetwork<float>.Hidden => HiddenCount;
    int ITestNetwork<float>.Outputs => OutputCount;
    int ITestNetwork<float>.ParameterTotal => ParameterCount;
}

[Mlp(3, 5, 2, Kernels = Kernels.Simd)]
public partial class Net3x5x2SimdF : ITestNetwork<float>
{
    int ITestNetwork<float>.Inputs => InputCount;
    int ITestNetwork<float>.Hidden => HiddenCount;
    int ITestNetwork<float>.Outputs => OutputCount;
    int ITestNetwork<float>.ParameterTotal => ParameterCount;
}

[Mlp(4, 3, 5, Kernels = Kernels.Simd)]
public partial class Net4x3x5SimdF : ITestNetwork<float>
{
    int ITestNetwork<float>.Inputs => InputCount;
    int ITestNetwork<float>.Hidden => HiddenCount;
    int ITestNetwork<float>.Outputs => OutputCount;
    int ITestNetwork<float>.ParameterTotal => ParameterCount;
}

[Mlp(5, 9, 4, Kernels = Kernels.Simd)]
public partial class Net5x9x4SimdF : ITestNetwork<float>
{
    int ITestNetwork<float>.Inputs => InputCount;
    int ITestNetwork<float>.Hidden => HiddenCount;
    int ITestNetwork<float>.Outputs => OutputCount;
    int ITestNetwork<float>.ParameterTotal => ParameterCount;
}

[Mlp(7, 6, 3, Kernels = Kernels.Simd)]
public partial class Net7x6x3SimdF : ITestNetwork<float>
{
    int ITestNetwork<float>.Inputs => InputCount;
    int ITestNetwork<float>.Hidden => HiddenCount;
    int ITestNetwork<float>.Outputs => OutputCount;
    int ITestNetwork<float>.ParameterTotal => ParameterCount;
}

[Mlp(30, 16, 1, Kernels = Kernels.Simd)]
public partial class Net30x16x1SimdF : ITestNetwork<float>
{
    int ITestNetwork<float>.Inputs => InputCount;
    int ITestNetwork<float>.Hidden => HiddenCount;
    int ITestNetwork<float>.Outputs => OutputCount;
    int ITestNetwork<float>.ParameterTotal => ParameterCount;
}

[Mlp(64, 32, 10, Kernels = Kernels.Unrolled)]
public partial class Net64x32x10UnrolledF : ITestNetwork<float>
{
    int ITestNetwork<float>.Inputs => InputCount;
    int ITestNetwork<float>.Hidden => HiddenCount;
    int ITestNetwork<float>.Outputs => OutputCount;
    int ITestNetwork<float>.ParameterTotal => ParameterCount;
}

[Mlp(100, 40, 2, Kernels = Kernels.Unrolled)]
public partial class Net100x40x2UnrolledF : ITestNetwork<float>
{
    int ITestNetwork<float>.Inputs => InputCount;
    int ITestNetwork<float>.Hidden => HiddenCount;
    int ITestNetwork<float>.Outputs => OutputCount;
    int ITestNetwork<float>.ParameterTotal => ParameterCount;
}

[Mlp(1, 1, 1, Precision = Precision.Double, Kernels = Kernels.Simd)]
public partial class Net1x1x1SimdD : ITestNetwork<double>
{
    int ITestNetwork<double>.Inputs => InputCount;
    int ITestNetwork<double>.Hidden => HiddenCount;
    int ITestNetwork<double>.Outputs => OutputCount;
    int ITestNetwork<double>.ParameterTotal => ParameterCount;
}

[Mlp(2, 4, 1, Precision = Precision.Double, Kernels = Kernels.Simd)]
public partial class Net2x4x1SimdD : ITestNetwork<double>
{
    int ITestNetwork<double>.Inputs => InputCount;
    int ITestNetwork<double>.Hidden => HiddenCount;
    int ITestNetwork<double>.Outputs => OutputCount;
    int ITestNetwork<double>.ParameterTotal => ParameterCount;
}

[Mlp(3, 5, 2, Precision = Precision.Double, Kernels = Kernels.Simd)]
public partial class Net3x5x2SimdD : ITestNetwork<double>
{
    int ITestNetwork<double>.Inputs => InputCount;
    int ITestNetwork<double>.Hidden => HiddenCount;
    int ITestNetwork<double>.Outputs => OutputCount;
    int ITestNetwork<double>.ParameterTotal => ParameterCount;
}

[Mlp(4, 3, 5, Precision = Precision.Double, Kernels = Kernels.Simd)]
public partial class Net4x3x5SimdD : ITestNetwork<double>
{
    int ITestNetwork<double>.Inputs => InputCount;
    int ITestNetwork<double>.Hidden => HiddenCount;
    int ITestNetwork<double>.Outputs => OutputCount;
    int ITestNetwork<double>.ParameterTotal => ParameterCount;
}

[Mlp(5, 9, 4, Precision = Precision.Double, Kernels = Kernels.Simd)]
public partial class Net5x9x4SimdD : ITestNetwork<double>
{
    int ITestNetwork<double>.Inputs => InputCount;
    int ITestNetwork<double>.Hidden => HiddenCount;
    int ITestNetwork<double>.Outputs => OutputCount;
    int ITestNetwork<double>.ParameterTotal => ParameterCount;
}

[Mlp(7, 6, 3, Precision = Precision.Double, Kernels = Kernels.Simd)]
public partial class Net7x6x3SimdD : ITestNetwork<double>
{
    int ITestNetwork<double>.Inputs => InputCount;
    int ITestNetwork<double>.Hidden => HiddenCount;
    int ITestNetwork<double>.Outputs => OutputCount;
    int ITestNetwork<double>.ParameterTotal => ParameterCount;
}

[Mlp(30, 16, 1, Precision = Precision.Double, Kernels = Kernels.Simd)]
public partial class Net30x16x1SimdD : ITestNetwork<double>
{
    int ITestNetwork<double>.Inputs => InputCount;
    int ITestNetwork<double>.Hidden => HiddenCount;
    int ITestNetwork<double>.Outputs => OutputCount;
    int ITestNetwork<double>.ParameterTotal => ParameterCount;
}

[Mlp(64, 32, 10, Precision = Precision.Double, Kernels = Kernels.Unrolled)]
public partial class Net64x32x10UnrolledD : ITestNetwork<double>
{
    int ITestNetwork<double>.Inputs => InputCount;
    int ITestNetwork<double>.Hidden => HiddenCount;
    int ITestNetwork<double>.Outputs => OutputCount;
    int ITestNetwork<double>.ParameterTotal => ParameterCount;
}

[Mlp(100, 40, 2, Precision = Precision.Double, Kernels = Kernels.Unrolled)]
public partial class Net100x40x2UnrolledD : ITestNetwork<double>
{
    int ITestNetwork<double>.Inputs => InputCount;
    int ITestNetwork<double>.Hidden => HiddenCount;
    int ITestNetwork<double>.Outputs => OutputCount;
    int ITestNetwork<double>.ParameterTotal => ParameterCount;
}

[Mlp(5, 9, 4, Kernels = Kernels.Unrolled)]
public partial class Net5x9x4UnrolledF : ITestNetwork<float>
{
    int ITestNetwork<float>.Inputs => InputCount;
    int ITestNetwork<float>.Hidden => HiddenCount;
    int ITestNetwork<float>.Outputs => OutputCount;
    int ITestNetwork<float>.ParameterTotal => ParameterCount;
}

[Mlp(30, 16, 1, Kernels = Kernels.Unrolled)]
public partial class Net30x16x1UnrolledF : ITestNetwork<float>
{
    int ITestNetwork<float>.Inputs => InputCount;
    int ITestNetwork<float>.Hidden => HiddenCount;
    int ITestNetwork<float>.Outputs => OutputCount;
    int ITestNetwork<float>.ParameterTotal => ParameterCount;
}

[Mlp(5, 9, 4, Precision = Precision.Double, Kernels = Kernels.Unrolled)]
public partial class Net5x9x4UnrolledD : ITestNetwork<double>
{
    int ITestNetwork<double>.Inputs => InputCount;
    int ITestNetwork<double>.Hidden => HiddenCount;
    int ITestNetwork<double>.Outputs => OutputCount;
    int ITestNetwork<double>.ParameterTotal => ParameterCount;
}

[Mlp(30, 16, 1, Precision = Precision.Double, Kernels = Kernels.Unrolled)]
public partial class Net30x16x1UnrolledD : ITestNetwork<double>
{
    int ITestNetwork<double>.Inputs => InputCount;
    int ITestNetwork<double>.Hidden => HiddenCount;
    int ITestNetwork<double>.Outputs => OutputCount;
    int ITestNetwork<double>.ParameterTotal => ParameterCount;
}

// ---- other hidden activations (Activation.Tanh, Activation.Relu), float then double ----

[Mlp(4, 6, 1, Kernels = Kernels.Unrolled, Activation = Activation.Tanh)]
public partial class Net4x6x1TanhUnrolledF : ITestNetwork<float>
{
    int ITestNetwork<float>.Inputs => InputCount;
    int ITestNetwork<float>.Hidden => HiddenCount;
    int ITestNetwork<float>.Outputs => OutputCount;
    int ITestNetwork<float>.ParameterTotal => ParameterCount;
}

[Mlp(4, 6, 1, Kernels = Kernels.Simd, Activation = Activation.Tanh)]
public partial class Net4x6x1TanhSimdF : ITestNetwork<float>
{
    int ITestNetwork<float>.Inputs => InputCount;
    int ITestNetwork<float>.Hidden => HiddenCount;
    int ITestNetwork<float>.Outputs => OutputCount;
    int ITestNetwork<float>.ParameterTotal => ParameterCount;
}

[Mlp(30, 16, 1, Kernels = Kernels.Unrolled, Activation = Activation.Tanh)]
public partial class Net30x16x1TanhUnrolledF : ITestNetwork<float>
{
    int ITestNetwork<float>.Inputs => InputCount;
    int ITestNetwork<float>.Hidden => HiddenCount;
    int ITestNetwork<float>.Outputs => OutputCount;
    int ITestNetwork<float>.ParameterTotal => ParameterCount;
}

[Mlp(30, 16, 1, Kernels = Kernels.Simd, Activation = Activation.Tanh)]
public partial class Net30x16x1TanhSimdF : ITestNetwork<float>
{
    int ITestNetwork<float>.Inputs => InputCount;
    int ITestNetwork<float>.Hidden => HiddenCount;
    int ITestNetwork<float>.Outputs => OutputCount;
    int ITestNetwork<float>.ParameterTotal => ParameterCount;
}

[Mlp(101, 41, 3, Kernels = Kernels.Simd, Activation = Activation.Tanh)]
public partial class Net101x41x3TanhSimdF : ITestNetwork<float>
{
    int ITestNetwork<float>.Inputs => InputCount;
    int ITestNetwork<float>.Hidden => HiddenCount;
    int ITestNetwork<float>.Outputs => OutputCount;
    int ITestNetwork<float>.ParameterTotal => ParameterCount;
}

[Mlp(4, 6, 1, Kernels = Kernels.Unrolled, Activation = Activation.Relu)]
public partial class Net4x6x1ReluUnrolledF : ITestNetwork<float>
{
    int ITestNetwork<float>.Inputs => InputCount;
    int ITestNetwork<float>.Hidden => HiddenCount;
    int ITestNetwork<float>.Outputs => OutputCount;
    int ITestNetwork<float>.ParameterTotal => ParameterCount;
}

[Mlp(4, 6, 1, Kernels = Kernels.Simd, Activation = Activation.Relu)]
public partial class Net4x6x1ReluSimdF : ITestNetwork<float>
{
    int ITestNetwork<float>.Inputs => InputCount;
    int ITestNetwork<float>.Hidden => HiddenCount;
    int ITestNetwork<float>.Outputs => OutputCount;
    int ITestNetwork<float>.ParameterTotal => ParameterCount;
}

[Mlp(30, 16, 1, Kernels = Kernels.Unrolled, Activation = Activation.Relu)]
public partial class Net30x16x1ReluUnrolledF : ITestNetwork<float>
{
    int ITestNetwork<float>.Inputs => InputCount;
    int ITestNetwork<float>.Hidden => HiddenCount;
    int ITestNetwork<float>.Outputs => OutputCount;
    int ITestNetwork<float>.ParameterTotal => ParameterCount;
}

[Mlp(30, 16, 1, Kernels = Kernels.Simd, Activation = Activation.Relu)]
public partial class Net30x16x1ReluSimdF : ITestNetwork<float>
{
    int ITestNetwork<float>.Inputs => InputCount;
    int ITestNetwork<float>.Hidden => HiddenCount;
    int ITestNetwork<float>.Outputs => OutputCount;
    int ITestNetwork<float>.ParameterTotal => ParameterCount;
}

[Mlp(101, 41, 3, Kernels = Kernels.Simd, Activation = Activation.Relu)]
public partial class Net101x41x3ReluSimdF : ITestNetwork<float>
{
    int ITestNetwork<float>.Inputs => InputCount;
    int ITestNetwork<float>.Hidden => HiddenCount;
    int ITestNetwork<float>.Outputs => OutputCount;
    int ITestNetwork<float>.ParameterTotal => ParameterCount;
}

[Mlp(4, 6, 1, Precision = Precision.Double, Kernels = Kernels.Unrolled, Activation = Activation.Tanh)]
public partial class Net4x6x1TanhUnrolledD : ITestNetwork<double>
{
    int ITestNetwork<double>.Inputs => InputCount;
    int ITestNetwork<double>.Hidden => HiddenCount;
    int ITestNetwork<double>.Outputs => OutputCount;
    int ITestNetwork<double>.ParameterTotal => ParameterCount;
}

[Mlp(4, 6, 1, Precision = Precision.Double, Kernels = Kernels.Simd, Activation = Activation.Tanh)]
public partial class Net4x6x1TanhSimdD : ITestNetwork<double>
{
    int ITestNetwork<double>.Inputs => InputCount;
    int ITestNetwork<double>.Hidden => HiddenCount;
    int ITestNetwork<double>.Outputs => OutputCount;
    int ITestNetwork<double>.ParameterTotal => ParameterCount;
}

[Mlp(30, 16, 1, Precision = Precision.Double, Kernels = Kernels.Unrolled, Activation = Activation.Tanh)]
public partial class Net30x16x1TanhUnrolledD : ITestNetwork<double>
{
    int ITestNetwork<double>.Inputs => InputCount;
    int ITestNetwork<double>.Hidden => HiddenCount;
    int ITestNetwork<double>.Outputs => OutputCount;
    int ITestNetwork<double>.ParameterTotal => ParameterCount;
}

[Mlp(30, 16, 1, Precision = Precision.Double, Kernels = Kernels.Simd, Activation = Activation.Tanh)]
public partial class Net30x16x1TanhSimdD : ITestNetwork<double>
{
    int ITestNetwork<double>.Inputs => InputCount;
    int ITestNetwork<double>.Hidden => HiddenCount;
    int ITestNetwork<double>.Outputs => OutputCount;
    int ITestNetwork<double>.ParameterTotal => ParameterCount;
}

[Mlp(101, 41, 3, Precision = Precision.Double, Kernels = Kernels.Simd, Activation = Activation.Tanh)]
public partial class Net101x41x3TanhSimdD : ITestNetwork<double>
{
    int ITestNetwork<double>.Inputs => InputCount;
    int ITestNetwork<double>.Hidden => HiddenCount;
    int ITestNetwork<double>.Outputs => OutputCount;
    int ITestNetwork<double>.ParameterTotal => ParameterCount;
}

[Mlp(4, 6, 1, Precision = Precision.Double, Kernels = Kernels.Unrolled, Activation = Activation.Relu)]
public partial class Net4x6x1ReluUnrolledD : ITestNetwork<double>
{
    int ITestNetwork<double>.Inputs => InputCount;
    int ITestNetwork<double>.Hidden => HiddenCount;
    int ITestNetwork<double>.Outputs => OutputCount;
    int ITestNetwork<double>.ParameterTotal => ParameterCount;
}

[Mlp(4, 6, 1, Precision = Precision.Double, Kernels = Kernels.Simd, Activation = Activation.Relu)]
public partial class Net4x6x1ReluSimdD : ITestNetwork<double>
{
    int ITestNetwork<double>.Inputs => InputCount;
    int ITestNetwork<double>.Hidden => HiddenCount;
    int ITestNetwork<double>.Outputs => OutputCount;
    int ITestNetwork<double>.ParameterTotal => ParameterCount;
}

[Mlp(30, 16, 1, Precision = Precision.Double, Kernels = Kernels.Unrolled, Activation = Activation.Relu)]
public partial class Net30x16x1ReluUnrolledD : ITestNetwork<double>
{
    int ITestNetwork<double>.Inputs => InputCount;
    int ITestNetwork<double>.Hidden => HiddenCount;
    int ITestNetwork<double>.Outputs => OutputCount;
    int ITestNetwork<double>.ParameterTotal => ParameterCount;
}

[Mlp(30, 16, 1, Precision = Precision.Double, Kernels = Kernels.Simd, Activation = Activation.Relu)]
public partial class Net30x16x1ReluSimdD : ITestNetwork<double>
{
    int ITestNetwork<double>.Inputs => InputCount;
    int ITestNetwork<double>.Hidden => HiddenCount;
    int ITestNetwork<double>.Outputs => OutputCount;
    int ITestNetwork<double>.ParameterTotal => ParameterCount;
}

[Mlp(101, 41, 3, Precision = Precision.Double, Kernels = Kernels.Simd, Activation = Activation.Relu)]
public partial class Net101x41x3ReluSimdD : ITestNetwork<double>
{
    int ITestNetwork<double>.Inputs => InputCount;
    int ITestNetwork<double>.Hidden => HiddenCount;
    int ITestNetwork<double>.Outputs => OutputCount;
    int ITestNetwork<double>.ParameterTotal => ParameterCount;
}

// ---- other output heads (Output.Softmax, Output.Linear), float then double ----

[Mlp(5, 7, 3, Kernels = Kernels.Unrolled, Activation = Activation.Relu, Output = Output.Softmax)]
public partial class Net5x7x3ReluSoftmaxUnrolledF : ITestNetwork<float>
{
    int ITestNetwork<float>.Inputs => InputCount;
    int ITestNetwork<float>.Hidden => HiddenCount;
    int ITestNetwork<float>.Outputs => OutputCount;
    int ITestNetwork<float>.ParameterTotal => ParameterCount;
}

[Mlp(6, 5, 2, Kernels = Kernels.Unrolled, Activation = Activation.Sigmoid, Output = Output.Linear)]
public partial class Net6x5x2SigmoidLinearUnrolledF : ITestNetwork<float>
{
    int ITestNetwork<float>.Inputs => InputCount;
    int ITestNetwork<float>.Hidden => HiddenCount;
    int ITestNetwork<float>.Outputs => OutputCount;
    int ITestNetwork<float>.ParameterTotal => ParameterCount;
}

[Mlp(30, 16, 4, Kernels = Kernels.Unrolled, Activation = Activation.Tanh, Output = Output.Softmax)]
public partial class Net30x16x4TanhSoftmaxUnrolledF : ITestNetwork<float>
{
    int ITestNetwork<float>.Inputs => InputCount;
    int ITestNetwork<float>.Hidden => HiddenCount;
    int ITestNetwork<float>.Outputs => OutputCount;
    int ITestNetwork<float>.ParameterTotal => ParameterCount;
}

[Mlp(30, 16, 4, Kernels = Kernels.Unrolled, Activation = Activation.Sigmoid, Output = Output.Softmax)]
public partial class Net30x16x4SigmoidSoftmaxUnrolledF : ITestNetwork<float>
{
    int ITestNetwork<float>.Inputs => InputCount;
    int ITestNetwork<float>.Hidden => HiddenCount;
    int ITestNetwork<float>.Outputs => OutputCount;
    int ITestNetwork<float>.ParameterTotal => ParameterCount;
}

[Mlp(30, 16, 4, Kernels = Kernels.Unrolled, Activation = Activation.Relu, Output = Output.Linear)]
public partial class Net30x16x4ReluLinearUnrolledF : ITestNetwork<float>
{
    int ITestNetwork<float>.Inputs => InputCount;
    int ITestNetwork<float>.Hidden => HiddenCount;
    int ITestNetwork<float>.Outputs => OutputCount;
    int ITestNetwork<float>.ParameterTotal => ParameterCount;
}

[Mlp(5, 7, 3, Kernels = Kernels.Simd, Activation = Activation.Relu, Output = Output.Softmax)]
public partial class Net5x7x3ReluSoftmaxSimdF : ITestNetwork<float>
{
    int ITestNetwork<float>.Inputs => InputCount;
    int ITestNetwork<float>.Hidden => HiddenCount;
    int ITestNetwork<float>.Outputs => OutputCount;
    int ITestNetwork<float>.ParameterTotal => ParameterCount;
}

[Mlp(6, 5, 2, Kernels = Kernels.Simd, Activation = Activation.Sigmoid, Output = Output.Linear)]
public partial class Net6x5x2SigmoidLinearSimdF : ITestNetwork<float>
{
    int ITestNetwork<float>.Inputs => InputCount;
    int ITestNetwork<float>.Hidden => HiddenCount;
    int ITestNetwork<float>.Outputs => OutputCount;
    int ITestNetwork<float>.ParameterTotal => ParameterCount;
}

[Mlp(30, 16, 4, Kernels = Kernels.Simd, Activation = Activation.Tanh, Output = Output.Softmax)]
public partial class Net30x16x4TanhSoftmaxSimdF : ITestNetwork<float>
{
    int ITestNetwork<float>.Inputs => InputCount;
    int ITestNetwork<float>.Hidden => HiddenCount;
    int ITestNetwork<float>.Outputs => OutputCount;
    int ITestNetwork<float>.ParameterTotal => ParameterCount;
}

[Mlp(30, 16, 4, Kernels = Kernels.Simd, Activation = Activation.Sigmoid, Output = Output.Softmax)]
public partial class Net30x16x4SigmoidSoftmaxSimdF : ITestNetwork<float>
{
    int ITestNetwork<float>.Inputs => InputCount;
    int ITestNetwork<float>.Hidden => HiddenCount;
    int ITestNetwork<float>.Outputs => OutputCount;
    int ITestNetwork<float>.ParameterTotal => ParameterCount;
}

[Mlp(30, 16, 4, Kernels = Kernels.Simd, Activation = Activation.Relu, Output = Output.Linear)]
public partial class Net30x16x4ReluLinearSimdF : ITestNetwork<float>
{
    int ITestNetwork<float>.Inputs => InputCount;
    int ITestNetwork<float>.Hidden => HiddenCount;
    int ITestNetwork<float>.Outputs => OutputCount;
    int ITestNetwork<float>.ParameterTotal => ParameterCount;
}

[Mlp(101, 41, 3, Kernels = Kernels.Simd, Activation = Activation.Tanh, Output = Output.Softmax)]
public partial class Net101x41x3TanhSoftmaxSimdF : ITestNetwork<float>
{
    int ITestNetwork<float>.Inputs => InputCount;
    int ITestNetwork<float>.Hidden => HiddenCount;
    int ITestNetwork<float>.Outputs => OutputCount;
    int ITestNetwork<float>.ParameterTotal => ParameterCount;
}

[Mlp(101, 41, 3, Kernels = Kernels.Simd, Activation = Activation.Relu, Output = Output.Linear)]
public partial class Net101x41x3ReluLinearSimdF : ITestNetwork<float>
{
    int ITestNetwork<float>.Inputs => InputCount;
    int ITestNetwork<float>.Hidden => HiddenCount;
    int ITestNetwork<float>.Outputs => OutputCount;
    int ITestNetwork<float>.ParameterTotal => ParameterCount;
}

[Mlp(5, 7, 3, Precision = Precision.Double, Kernels = Kernels.Unrolled, Activation = Activation.Relu, Output = Output.Softmax)]
public partial class Net5x7x3ReluSoftmaxUnrolledD : ITestNetwork<double>
{
    int ITestNetwork<double>.Inputs => InputCount;
    int ITestNetwork<double>.Hidden => HiddenCount;
    int ITestNetwork<double>.Outputs => OutputCount;
    int ITestNetwork<double>.ParameterTotal => ParameterCount;
}

[Mlp(6, 5, 2, Precision = Precision.Double, Kernels = Kernels.Unrolled, Activation = Activation.Sigmoid, Output = Output.Linear)]
public partial class Net6x5x2SigmoidLinearUnrolledD : ITestNetwork<double>
{
    int ITestNetwork<double>.Inputs => InputCount;
    int ITestNetwork<double>.Hidden => HiddenCount;
    int ITestNetwork<double>.Outputs => OutputCount;
    int ITestNetwork<double>.ParameterTotal => ParameterCount;
}

[Mlp(30, 16, 4, Precision = Precision.Double, Kernels = Kernels.Unrolled, Activation = Activation.Tanh, Output = Output.Softmax)]
public partial class Net30x16x4TanhSoftmaxUnrolledD : ITestNetwork<double>
{
    int ITestNetwork<double>.Inputs => InputCount;
    int ITestNetwork<double>.Hidden => HiddenCount;
    int ITestNetwork<double>.Outputs => OutputCount;
    int ITestNetwork<double>.ParameterTotal => ParameterCount;
}

[Mlp(30, 16, 4, Precision = Precision.Double, Kernels = Kernels.Unrolled, Activation = Activation.Sigmoid, Output = Output.Softmax)]
public partial class Net30x16x4SigmoidSoftmaxUnrolledD : ITestNetwork<double>
{
    int ITestNetwork<double>.Inputs => InputCount;
    int ITestNetwork<double>.Hidden => HiddenCount;
    int ITestNetwork<double>.Outputs => OutputCount;
    int ITestNetwork<double>.ParameterTotal => ParameterCount;
}

[Mlp(30, 16, 4, Precision = Precision.Double, Kernels = Kernels.Unrolled, Activation = Activation.Relu, Output = Output.Linear)]
public partial class Net30x16x4ReluLinearUnrolledD : ITestNetwork<double>
{
    int ITestNetwork<double>.Inputs => InputCount;
    int ITestNetwork<double>.Hidden => HiddenCount;
    int ITestNetwork<double>.Outputs => OutputCount;
    int ITestNetwork<double>.ParameterTotal => ParameterCount;
}

[Mlp(5, 7, 3, Precision = Precision.Double, Kernels = Kernels.Simd, Activation = Activation.Relu, Output = Output.Softmax)]
public partial class Net5x7x3ReluSoftmaxSimdD : ITestNetwork<double>
{
    int ITestNetwork<double>.Inputs => InputCount;
    int ITestNetwork<double>.Hidden => HiddenCount;
    int ITestNetwork<double>.Outputs => OutputCount;
    int ITestNetwork<double>.ParameterTotal => ParameterCount;
}

[Mlp(6, 5, 2, Precision = Precision.Double, Kernels = Kernels.Simd, Activation = Activation.Sigmoid, Output = Output.Linear)]
public partial class Net6x5x2SigmoidLinearSimdD : ITestNetwork<double>
{
    int ITestNetwork<double>.Inputs => InputCount;
    int ITestNetwork<double>.Hidden => HiddenCount;
    int ITestNetwork<double>.Outputs => OutputCount;
    int ITestNetwork<double>.ParameterTotal => ParameterCount;
}

[Mlp(30, 16, 4, Precision = Precision.Double, Kernels = Kernels.Simd, Activation = Activation.Tanh, Output = Output.Softmax)]
public partial class Net30x16x4TanhSoftmaxSimdD : ITestNetwork<double>
{
    int ITestNetwork<double>.Inputs => InputCount;
    int ITestNetwork<double>.Hidden => HiddenCount;
    int ITestNetwork<double>.Outputs => OutputCount;
    int ITestNetwork<double>.ParameterTotal => ParameterCount;
}

[Mlp(30, 16, 4, Precision = Precision.Double, Kernels = Kernels.Simd, Activation = Activation.Sigmoid, Output = Output.Softmax)]
public partial class Net30x16x4SigmoidSoftmaxSimdD : ITestNetwork<double>
{
    int ITestNetwork<double>.Inputs => InputCount;
    int ITestNetwork<double>.Hidden => HiddenCount;
    int ITestNetwork<double>.Outputs => OutputCount;
    int ITestNetwork<double>.ParameterTotal => ParameterCount;
}

[Mlp(30, 16, 4, Precision = Precision.Double, Kernels = Kernels.Simd, Activation = Activation.Relu, Output = Output.Linear)]
public partial class Net30x16x4ReluLinearSimdD : ITestNetwork<double>
{
    int ITestNetwork<double>.Inputs => InputCount;
    int ITestNetwork<double>.Hidden => HiddenCount;
    int ITestNetwork<double>.Outputs => OutputCount;
    int ITestNetwork<double>.ParameterTotal => ParameterCount;
}

[Mlp(101, 41, 3, Precision = Precision.Double, Kernels = Kernels.Simd, Activation = Activation.Tanh, Output = Output.Softmax)]
public partial class Net101x41x3TanhSoftmaxSimdD : ITestNetwork<double>
{
    int ITestNetwork<double>.Inputs => InputCount;
    int ITestNetwork<double>.Hidden => HiddenCount;
    int ITestNetwork<double>.Outputs => OutputCount;
    int ITestNetwork<double>.ParameterTotal => ParameterCount;
}

[Mlp(101, 41, 3, Precision = Precision.Double, Kernels = Kernels.Simd, Activation = Activation.Relu, Output = Output.Linear)]
public partial class Net101x41x3ReluLinearSimdD : ITestNetwork<double>
{
    int ITestNetwork<double>.Inputs => InputCount;
    int ITestNetwork<double>.Hidden => HiddenCount;
    int ITestNetwork<double>.Outputs => OutputCount;
    int ITestNetwork<double>.ParameterTotal => ParameterCount;
}

// ---- optimizers (Optimizer.Momentum, Optimizer.Adam), used by OptimizerTests ----

[Mlp(4, 6, 2, Kernels = Kernels.Unrolled, Optimizer = Optimizer.Momentum)]
public partial class Net4x6x2MomentumUnrolledF : ITestNetwork<float>
{
    int ITestNetwork<float>.Inputs => InputCount;
    int ITestNetwork<float>.Hidden => HiddenCount;
    int ITestNetwork<float>.Outputs => OutputCount;
    int ITestNetwork<float>.ParameterTotal => ParameterCount;
}

[Mlp(4, 6, 2, Kernels = Kernels.Simd, Optimizer = Optimizer.Momentum)]
public partial class Net4x6x2MomentumSimdF : ITestNetwork<float>
{
    int ITestNetwork<float>.Inputs => InputCount;
    int ITestNetwork<float>.Hidden => HiddenCount;
    int ITestNetwork<float>.Outputs => OutputCount;
    int ITestNetwork<float>.ParameterTotal => ParameterCount;
}

[Mlp(4, 6, 2, Kernels = Kernels.Unrolled, Optimizer = Optimizer.Adam)]
public partial class Net4x6x2AdamUnrolledF : ITestNetwork<float>
{
    int ITestNetwork<float>.Inputs => InputCount;
    int ITestNetwork<float>.Hidden => HiddenCount;
    int ITestNetwork<float>.Outputs => OutputCount;
    int ITestNetwork<float>.ParameterTotal => ParameterCount;
}

[Mlp(4, 6, 2, Kernels = Kernels.Simd, Optimizer = Optimizer.Adam)]
public partial class Net4x6x2AdamSimdF : ITestNetwork<float>
{
    int ITestNetwork<float>.Inputs => InputCount;
    int ITestNetwork<float>.Hidden => HiddenCount;
    int ITestNetwork<float>.Outputs => OutputCount;
    int ITestNetwork<float>.ParameterTotal => ParameterCount;
}

[Mlp(30, 16, 4, Kernels = Kernels.Simd, Optimizer = Optimizer.Adam)]
public partial class Net30x16x4AdamSimdF : ITestNetwork<float>
{
    int ITestNetwork<float>.Inputs => InputCount;
    int ITestNetwork<float>.Hidden => HiddenCount;
    int ITestNetwork<float>.Outputs => OutputCount;
    int ITestNetwork<float>.ParameterTotal => ParameterCount;
}

[Mlp(4, 6, 2, Precision = Precision.Double, Kernels = Kernels.Unrolled, Optimizer = Optimizer.Momentum)]
public partial class Net4x6x2MomentumUnrolledD : ITestNetwork<double>
{
    int ITestNetwork<double>.Inputs => InputCount;
    int ITestNetwork<double>.Hidden => HiddenCount;
    int ITestNetwork<double>.Outputs => OutputCount;
    int ITestNetwork<double>.ParameterTotal => ParameterCount;
}

[Mlp(4, 6, 2, Precision = Precision.Double, Kernels = Kernels.Simd, Optimizer = Optimizer.Adam)]
public partial class Net4x6x2AdamSimdD : ITestNetwork<double>
{
    int ITestNetwork<double>.Inputs => InputCount;
    int ITestNetwork<double>.Hidden => HiddenCount;
    int ITestNetwork<double>.Outputs => OutputCount;
    int ITestNetwork<double>.ParameterTotal => ParameterCount;
}

[Mlp(30, 16, 4, Precision = Precision.Double, Kernels = Kernels.Simd, Optimizer = Optimizer.Momentum)]
public partial class Net30x16x4MomentumSimdD : ITestNetwork<double>
{
    int ITestNetwork<double>.Inputs => InputCount;
    int ITestNetwork<double>.Hidden => HiddenCount;
    int ITestNetwork<double>.Outputs => OutputCount;
    int ITestNetwork<double>.ParameterTotal => ParameterCount;
}

// ---- past the batch kernels' stack budgets: ForwardBatch and TrainBatch fall back to one sample at a time ----

/// <summary>1,100 hidden units: too wide for ForwardBatch's and TrainBatch's 8-sample buffers.</summary>
[Mlp(2, 1100, 1)]
public partial class Net2x1100x1F : ITestNetwork<float>
{
    int ITestNetwork<float>.Inputs => InputCount;
    int ITestNetwork<float>.Hidden => HiddenCount;
    int ITestNetwork<float>.Outputs => OutputCount;
    int ITestNetwork<float>.ParameterTotal => ParameterCount;
}

/// <summary>1,000 hidden units and 30 outputs: ForwardBatch blocks samples, TrainBatch (H + O &gt; 1,024) does not.</summary>
[Mlp(3, 1000, 30)]
public partial class Net3x1000x30F : ITestNetwork<float>
{
    int ITestNetwork<float>.Inputs => InputCount;
    int ITestNetwork<float>.Hidden => HiddenCount;
    int ITestNetwork<float>.Outputs => OutputCount;
    int ITestNetwork<float>.ParameterTotal => ParameterCount;
}

[Mlp(2, 1100, 1, Precision = Precision.Double)]
public partial class Net2x1100x1D : ITestNetwork<double>
{
    int ITestNetwork<double>.Inputs => InputCount;
    int ITestNetwork<double>.Hidden => HiddenCount;
    int ITestNetwork<double>.Outputs => OutputCount;
    int ITestNetwork<double>.ParameterTotal => ParameterCount;
}

[Mlp(3, 1000, 30, Precision = Precision.Double)]
public partial class Net3x1000x30D : ITestNetwork<double>
{
    int ITestNetwork<double>.Inputs => InputCount;
    int ITestNetwork<double>.Hidden => HiddenCount;
    int ITestNetwork<double>.Outputs => OutputCount;
    int ITestNetwork<double>.ParameterTotal => ParameterCount;
}

/// <summary>300 hidden units and 4 outputs: TrainBatch's buffers hold 24 samples, not 32, so its chunks are 24 samples.</summary>
[Mlp(20, 300, 4)]
public partial class Net20x300x4F : ITestNetwork<float>
{
    int ITestNetwork<float>.Inputs => InputCount;
    int ITestNetwork<float>.Hidden => HiddenCount;
    int ITestNetwork<float>.Outputs => OutputCount;
    int ITestNetwork<float>.ParameterTotal => ParameterCount;
}

[Mlp(20, 300, 4, Precision = Precision.Double)]
public partial class Net20x300x4D : ITestNetwork<double>
{
    int ITestNetwork<double>.Inputs => InputCount;
    int ITestNetwork<double>.Hidden => HiddenCount;
    int ITestNetwork<double>.Outputs => OutputCount;
    int ITestNetwork<double>.ParameterTotal => ParameterCount;
}
