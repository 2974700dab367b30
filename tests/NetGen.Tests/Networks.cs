using System;
using System.Collections.Generic;

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

/// <summary>Creates the test project's generated networks by shape.</summary>
public static class Networks
{
    private static readonly Dictionary<(int, int, int), Func<ITestNetwork<float>>> Singles = new()
    {
        [(1, 1, 1)] = () => new Net111F(),
        [(2, 4, 1)] = () => new Net241F(),
        [(3, 5, 2)] = () => new Net352F(),
        [(4, 3, 5)] = () => new Net435F(),
        [(5, 9, 4)] = () => new Net594F(),
        [(7, 6, 3)] = () => new Net763F(),
        [(30, 16, 1)] = () => new Net30x16x1F(),
        [(64, 32, 10)] = () => new Net64x32x10F(),
        [(100, 40, 2)] = () => new Net100x40x2F(),
        [(101, 41, 3)] = () => new Net101x41x3F(),
        [(784, 128, 10)] = () => new Net784x128x10F(),
    };

    private static readonly Dictionary<(int, int, int), Func<ITestNetwork<double>>> Doubles = new()
    {
        [(1, 1, 1)] = () => new Net111D(),
        [(2, 4, 1)] = () => new Net241D(),
        [(3, 5, 2)] = () => new Net352D(),
        [(4, 3, 5)] = () => new Net435D(),
        [(5, 9, 4)] = () => new Net594D(),
        [(7, 6, 3)] = () => new Net763D(),
        [(30, 16, 1)] = () => new Net30x16x1D(),
        [(64, 32, 10)] = () => new Net64x32x10D(),
        [(100, 40, 2)] = () => new Net100x40x2D(),
        [(101, 41, 3)] = () => new Net101x41x3D(),
        [(784, 128, 10)] = () => new Net784x128x10D(),
    };

    /// <summary>A new, all-zero network of the given shape computing in <typeparamref name="T"/>.</summary>
    public static ITestNetwork<T> Create<T>(int inputs, int hidden, int outputs)
        where T : unmanaged
    {
        object network;
        if (typeof(T) == typeof(float))
        {
            network = Singles.TryGetValue((inputs, hidden, outputs), out Func<ITestNetwork<float>>? make)
                ? make()
                : throw new ArgumentException($"No float network {inputs}-{hidden}-{outputs} is declared in Networks.cs.");
        }
        else if (typeof(T) == typeof(double))
        {
            network = Doubles.TryGetValue((inputs, hidden, outputs), out Func<ITestNetwork<double>>? make)
                ? make()
                : throw new ArgumentException($"No double network {inputs}-{hidden}-{outputs} is declared in Networks.cs.");
        }
        else
        {
            throw new ArgumentException("Only float and double networks exist: " + typeof(T));
        }

        ITestNetwork<T> result = (ITestNetwork<T>)network;
        if (result.Inputs != inputs || result.Hidden != hidden || result.Outputs != outputs)
        {
            throw new InvalidOperationException($"The network registered as {inputs}-{hidden}-{outputs} is {result.Inputs}-{result.Hidden}-{result.Outputs}.");
        }

        return result;
    }
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

/// <summary>40·(100 + 2) = 4,080 weights: just under the unroll threshold of 4,096.</summary>
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

/// <summary>40·(100 + 2) = 4,080 weights: just under the unroll threshold of 4,096.</summary>
[Mlp(100, 40, 2, Precision = Precision.Double)]
public partial class Net100x40x2D : ITestNetwork<double>
{
    int ITestNetwork<double>.Inputs => InputCount;
    int ITestNetwork<double>.Hidden => HiddenCount;
    int ITestNetwork<double>.Outputs => OutputCount;
    int ITestNetwork<double>.ParameterTotal => ParameterCount;
}

// Past the unroll threshold (4,096 weights): loops over SIMD vectors.
[Mlp(101, 41, 3)]
public partial class Net101x41x3F : ITestNetwork<float>
{
    int ITestNetwork<float>.Inputs => InputCount;
    int ITestNetwork<float>.Hidden => HiddenCount;
    int ITestNetwork<float>.Outputs => OutputCount;
    int ITestNetwork<float>.ParameterTotal => ParameterCount;
}

// Past the unroll threshold (4,096 weights): loops over SIMD vectors.
[Mlp(101, 41, 3, Precision = Precision.Double)]
public partial class Net101x41x3D : ITestNetwork<double>
{
    int ITestNetwork<double>.Inputs => InputCount;
    int ITestNetwork<double>.Hidden => HiddenCount;
    int ITestNetwork<double>.Outputs => OutputCount;
    int ITestNetwork<double>.ParameterTotal => ParameterCount;
}

// Past the unroll threshold (4,096 weights): loops over SIMD vectors.
[Mlp(784, 128, 10)]
public partial class Net784x128x10F : ITestNetwork<float>
{
    int ITestNetwork<float>.Inputs => InputCount;
    int ITestNetwork<float>.Hidden => HiddenCount;
    int ITestNetwork<float>.Outputs => OutputCount;
    int ITestNetwork<float>.ParameterTotal => ParameterCount;
}

// Past the unroll threshold (4,096 weights): loops over SIMD vectors.
[Mlp(784, 128, 10, Precision = Precision.Double)]
public partial class Net784x128x10D : ITestNetwork<double>
{
    int ITestNetwork<double>.Inputs => InputCount;
    int ITestNetwork<double>.Hidden => HiddenCount;
    int ITestNetwork<double>.Outputs => OutputCount;
    int ITestNetwork<double>.ParameterTotal => ParameterCount;
}
