using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using NetGen;

namespace NetGen.Tests;

/// <summary>
/// The generated API of a network of any depth, seen through one interface. As with <see cref="ITestNetwork{T}"/>, the
/// generated members satisfy it directly; only the sizes are forwarded, from the generated LayerSizes.
/// </summary>
public interface IDeepNetwork<T>
    where T : unmanaged
{
    int[] Sizes { get; }

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

/// <summary>Creates the test project's generated networks with more than one hidden layer (and some with one, declared with the size list).</summary>
public static class DeepNetworks
{
    private static readonly Dictionary<(string, Code, Act, Out, Type), Func<object>> All = new()
    {
        [("3-8-8-2", Code.Unrolled, Act.Sigmoid, Out.Sigmoid, typeof(float))] = () => new Deep3_8_8_2SigmoidSigmoidUnrolledF(),
        [("8-10-6-4", Code.Unrolled, Act.Tanh, Out.Softmax, typeof(float))] = () => new Deep8_10_6_4TanhSoftmaxUnrolledF(),
        [("3-8-8-2", Code.Simd, Act.Sigmoid, Out.Sigmoid, typeof(float))] = () => new Deep3_8_8_2SigmoidSigmoidSimdF(),
        [("8-10-6-4", Code.Simd, Act.Tanh, Out.Softmax, typeof(float))] = () => new Deep8_10_6_4TanhSoftmaxSimdF(),
        [("3-8-8-2", Code.Unrolled, Act.Sigmoid, Out.Sigmoid, typeof(double))] = () => new Deep3_8_8_2SigmoidSigmoidUnrolledD(),
        [("8-10-6-4", Code.Unrolled, Act.Tanh, Out.Softmax, typeof(double))] = () => new Deep8_10_6_4TanhSoftmaxUnrolledD(),
        [("3-8-8-2", Code.Simd, Act.Sigmoid, Out.Sigmoid, typeof(double))] = () => new Deep3_8_8_2SigmoidSigmoidSimdD(),
        [("8-10-6-4", Code.Simd, Act.Tanh, Out.Softmax, typeof(double))] = () => new Deep8_10_6_4TanhSoftmaxSimdD(),
        [("4-6-5-3", Code.Unrolled, Act.Sigmoid, Out.Sigmoid, typeof(double))] = () => new Deep4_6_5_3SigmoidSigmoidUnrolledD(),
        [("4-6-5-3", Code.Simd, Act.Sigmoid, Out.Sigmoid, typeof(double))] = () => new Deep4_6_5_3SigmoidSigmoidSimdD(),
        [("4-6-5-3", Code.Unrolled, Act.Sigmoid, Out.Softmax, typeof(double))] = () => new Deep4_6_5_3SigmoidSoftmaxUnrolledD(),
        [("4-6-5-3", Code.Simd, Act.Sigmoid, Out.Softmax, typeof(double))] = () => new Deep4_6_5_3SigmoidSoftmaxSimdD(),
        [("4-6-5-3", Code.Unrolled, Act.Sigmoid, Out.Linear, typeof(double))] = () => new Deep4_6_5_3SigmoidLinearUnrolledD(),
        [("4-6-5-3", Code.Simd, Act.Sigmoid, Out.Linear, typeof(double))] = () => new Deep4_6_5_3SigmoidLinearSimdD(),
        [("4-6-5-3", Code.Unrolled, Act.Tanh, Out.Sigmoid, typeof(double))] = () => new Deep4_6_5_3TanhSigmoidUnrolledD(),
        [("4-6-5-3", Code.Simd, Act.Tanh, Out.Sigmoid, typeof(double))] = () => new Deep4_6_5_3TanhSigmoidSimdD(),
        [("4-6-5-3", Code.Unrolled, Act.Tanh, Out.Softmax, typeof(double))] = () => new Deep4_6_5_3TanhSoftmaxUnrolledD(),
        [("4-6-5-3", Code.Simd, Act.Tanh, Out.Softmax, typeof(double))] = () => new Deep4_6_5_3TanhSoftmaxSimdD(),
        [("4-6-5-3", Code.Unrolled, Act.Tanh, Out.Linear, typeof(double))] = () => new Deep4_6_5_3TanhLinearUnrolledD(),
        [("4-6-5-3", Code.Simd, Act.Tanh, Out.Linear, typeof(double))] = () => new Deep4_6_5_3TanhLinearSimdD(),
        [("4-6-5-3", Code.Unrolled, Act.Relu, Out.Sigmoid, typeof(double))] = () => new Deep4_6_5_3ReluSigmoidUnrolledD(),
        [("4-6-5-3", Code.Simd, Act.Relu, Out.Sigmoid, typeof(double))] = () => new Deep4_6_5_3ReluSigmoidSimdD(),
        [("4-6-5-3", Code.Unrolled, Act.Relu, Out.Softmax, typeof(double))] = () => new Deep4_6_5_3ReluSoftmaxUnrolledD(),
        [("4-6-5-3", Code.Simd, Act.Relu, Out.Softmax, typeof(double))] = () => new Deep4_6_5_3ReluSoftmaxSimdD(),
        [("4-6-5-3", Code.Unrolled, Act.Relu, Out.Linear, typeof(double))] = () => new Deep4_6_5_3ReluLinearUnrolledD(),
        [("4-6-5-3", Code.Simd, Act.Relu, Out.Linear, typeof(double))] = () => new Deep4_6_5_3ReluLinearSimdD(),
        [("784-128-64-10", Code.Auto, Act.Relu, Out.Softmax, typeof(float))] = () => new Deep784_128_64_10ReluSoftmaxAutoF(),
        [("784-128-64-10", Code.Auto, Act.Relu, Out.Softmax, typeof(double))] = () => new Deep784_128_64_10ReluSoftmaxAutoD(),
        [("30-20-10-5-3", Code.Simd, Act.Sigmoid, Out.Sigmoid, typeof(float))] = () => new Deep30_20_10_5_3SigmoidSigmoidSimdF(),
        [("30-20-10-5-3", Code.Simd, Act.Tanh, Out.Linear, typeof(double))] = () => new Deep30_20_10_5_3TanhLinearSimdD(),
        [("5-4-3-3-2", Code.Unrolled, Act.Sigmoid, Out.Sigmoid, typeof(float))] = () => new Deep5_4_3_3_2SigmoidSigmoidUnrolledF(),
        [("5-4-3-3-2", Code.Unrolled, Act.Relu, Out.Softmax, typeof(double))] = () => new Deep5_4_3_3_2ReluSoftmaxUnrolledD(),
        [("101-41-17-3", Code.Simd, Act.Tanh, Out.Softmax, typeof(double))] = () => new Deep101_41_17_3TanhSoftmaxSimdD(),
    };

    /// <summary>
    /// The network of these sizes and options, checked by reflection to really have the kind of code, activation and
    /// head asked for, and as many hidden layers.
    /// </summary>
    public static IDeepNetwork<T> Create<T>(int[] sizes, Code kernels, Act activation = Act.Sigmoid, Out head = Out.Sigmoid)
        where T : unmanaged
    {
        string key = string.Join("-", sizes);
        if (!All.TryGetValue((key, kernels, activation, head, typeof(T)), out Func<object>? make))
        {
            throw new ArgumentException($"No {typeof(T).Name} network {key} with Kernels.{kernels}, Activation.{activation} and Output.{head} is declared in DeepNetworks.cs.");
        }

        var network = (IDeepNetwork<T>)make();
        Type type = network.GetType();
        if (network.Sizes.AsSpan().SequenceCompareTo(sizes) != 0)
        {
            throw new InvalidOperationException($"{type.Name}.LayerSizes is {string.Join("-", network.Sizes)}, not {key}.");
        }

        if (kernels != Code.Auto && Networks.KindOf(type) != kernels)
        {
            throw new InvalidOperationException($"{type.Name} was declared with Kernels.{kernels} but has {Networks.KindOf(type)} code.");
        }

        MethodInfo[] statics = Networks.KernelMethods(type);
        string suffix = activation switch { Act.Tanh => "Tanh", Act.Relu => "Relu", _ => "Sigmoids" };
        bool firstWithoutMethod = activation == Act.Sigmoid && Networks.FirstLayerActivatedWhereSummed(type)
            && !statics.Any(m => m.Name == "Hidden1Sigmoids");
        int activations = statics.Count(m => m.Name.StartsWith("Hidden", StringComparison.Ordinal) && m.Name.EndsWith(suffix, StringComparison.Ordinal))
            + (firstWithoutMethod ? 1 : 0);
        if (activations != sizes.Length - 2)
        {
            throw new InvalidOperationException($"{type.Name} has {activations} hidden {suffix} methods for {sizes.Length - 2} hidden layers.");
        }

        if (Networks.HeadOf(type) != head)
        {
            throw new InvalidOperationException($"{type.Name} has Output.{Networks.HeadOf(type)}, not Output.{head}.");
        }

        return network;
    }

    /// <summary>The shapes the registry holds for <typeparamref name="T"/>, as (sizes, kernels, activation, head).</summary>
    public static IEnumerable<(int[] Sizes, Code Kernels, Act Activation, Out Head)> Declared<T>() =>
        All.Keys.Where(k => k.Item5 == typeof(T)).Select(k => (k.Item1.Split('-').Select(int.Parse).ToArray(), k.Item2, k.Item3, k.Item4));
}

[Mlp(3, 8, 8, 2, Kernels = Kernels.Unrolled)]
public partial class Deep3_8_8_2SigmoidSigmoidUnrolledF : IDeepNetwork<float>
{
    int[] IDeepNetwork<float>.Sizes => LayerSizes.ToArray();
    int IDeepNetwork<float>.ParameterTotal => ParameterCount;
}

[Mlp(8, 10, 6, 4, Activation = Activation.Tanh, Output = Output.Softmax, Kernels = Kernels.Unrolled)]
public partial class Deep8_10_6_4TanhSoftmaxUnrolledF : IDeepNetwork<float>
{
    int[] IDeepNetwork<float>.Sizes => LayerSizes.ToArray();
    int IDeepNetwork<float>.ParameterTotal => ParameterCount;
}

[Mlp(3, 8, 8, 2, Kernels = Kernels.Simd)]
public partial class Deep3_8_8_2SigmoidSigmoidSimdF : IDeepNetwork<float>
{
    int[] IDeepNetwork<float>.Sizes => LayerSizes.ToArray();
    int IDeepNetwork<float>.ParameterTotal => ParameterCount;
}

[Mlp(8, 10, 6, 4, Activation = Activation.Tanh, Output = Output.Softmax, Kernels = Kernels.Simd)]
public partial class Deep8_10_6_4TanhSoftmaxSimdF : IDeepNetwork<float>
{
    int[] IDeepNetwork<float>.Sizes => LayerSizes.ToArray();
    int IDeepNetwork<float>.ParameterTotal => ParameterCount;
}

[Mlp(3, 8, 8, 2, Precision = Precision.Double, Kernels = Kernels.Unrolled)]
public partial class Deep3_8_8_2SigmoidSigmoidUnrolledD : IDeepNetwork<double>
{
    int[] IDeepNetwork<double>.Sizes => LayerSizes.ToArray();
    int IDeepNetwork<double>.ParameterTotal => ParameterCount;
}

[Mlp(8, 10, 6, 4, Precision = Precision.Double, Activation = Activation.Tanh, Output = Output.Softmax, Kernels = Kernels.Unrolled)]
public partial class Deep8_10_6_4TanhSoftmaxUnrolledD : IDeepNetwork<double>
{
    int[] IDeepNetwork<double>.Sizes => LayerSizes.ToArray();
    int IDeepNetwork<double>.ParameterTotal => ParameterCount;
}

[Mlp(3, 8, 8, 2, Precision = Precision.Double, Kernels = Kernels.Simd)]
public partial class Deep3_8_8_2SigmoidSigmoidSimdD : IDeepNetwork<double>
{
    int[] IDeepNetwork<double>.Sizes => LayerSizes.ToArray();
    int IDeepNetwork<double>.ParameterTotal => ParameterCount;
}

[Mlp(8, 10, 6, 4, Precision = Precision.Double, Activation = Activation.Tanh, Output = Output.Softmax, Kernels = Kernels.Simd)]
public partial class Deep8_10_6_4TanhSoftmaxSimdD : IDeepNetwork<double>
{
    int[] IDeepNetwork<double>.Sizes => LayerSizes.ToArray();
    int IDeepNetwork<double>.ParameterTotal => ParameterCount;
}

[Mlp(4, 6, 5, 3, Precision = Precision.Double, Kernels = Kernels.Unrolled)]
public partial class Deep4_6_5_3SigmoidSigmoidUnrolledD : IDeepNetwork<double>
{
    int[] IDeepNetwork<double>.Sizes => LayerSizes.ToArray();
    int IDeepNetwork<double>.ParameterTotal => ParameterCount;
}

[Mlp(4, 6, 5, 3, Precision = Precision.Double, Kernels = Kernels.Simd)]
public partial class Deep4_6_5_3SigmoidSigmoidSimdD : IDeepNetwork<double>
{
    int[] IDeepNetwork<double>.Sizes => LayerSizes.ToArray();
    int IDeepNetwork<double>.ParameterTotal => ParameterCount;
}

[Mlp(4, 6, 5, 3, Precision = Precision.Double, Output = Output.Softmax, Kernels = Kernels.Unrolled)]
public partial class Deep4_6_5_3SigmoidSoftmaxUnrolledD : IDeepNetwork<double>
{
    int[] IDeepNetwork<double>.Sizes => LayerSizes.ToArray();
    int IDeepNetwork<double>.ParameterTotal => ParameterCount;
}

[Mlp(4, 6, 5, 3, Precision = Precision.Double, Output = Output.Softmax, Kernels = Kernels.Simd)]
public partial class Deep4_6_5_3SigmoidSoftmaxSimdD : IDeepNetwork<double>
{
    int[] IDeepNetwork<double>.Sizes => LayerSizes.ToArray();
    int IDeepNetwork<double>.ParameterTotal => ParameterCount;
}

[Mlp(4, 6, 5, 3, Precision = Precision.Double, Output = Output.Linear, Kernels = Kernels.Unrolled)]
public partial class Deep4_6_5_3SigmoidLinearUnrolledD : IDeepNetwork<double>
{
    int[] IDeepNetwork<double>.Sizes => LayerSizes.ToArray();
    int IDeepNetwork<double>.ParameterTotal => ParameterCount;
}

[Mlp(4, 6, 5, 3, Precision = Precision.Double, Output = Output.Linear, Kernels = Kernels.Simd)]
public partial class Deep4_6_5_3SigmoidLinearSimdD : IDeepNetwork<double>
{
    int[] IDeepNetwork<double>.Sizes => LayerSizes.ToArray();
    int IDeepNetwork<double>.ParameterTotal => ParameterCount;
}

[Mlp(4, 6, 5, 3, Precision = Precision.Double, Activation = Activation.Tanh, Kernels = Kernels.Unrolled)]
public partial class Deep4_6_5_3TanhSigmoidUnrolledD : IDeepNetwork<double>
{
    int[] IDeepNetwork<double>.Sizes => LayerSizes.ToArray();
    int IDeepNetwork<double>.ParameterTotal => ParameterCount;
}

[Mlp(4, 6, 5, 3, Precision = Precision.Double, Activation = Activation.Tanh, Kernels = Kernels.Simd)]
public partial class Deep4_6_5_3TanhSigmoidSimdD : IDeepNetwork<double>
{
    int[] IDeepNetwork<double>.Sizes => LayerSizes.ToArray();
    int IDeepNetwork<double>.ParameterTotal => ParameterCount;
}

[Mlp(4, 6, 5, 3, Precision = Precision.Double, Activation = Activation.Tanh, Output = Output.Softmax, Kernels = Kernels.Unrolled)]
public partial class Deep4_6_5_3TanhSoftmaxUnrolledD : IDeepNetwork<double>
{
    int[] IDeepNetwork<double>.Sizes => LayerSizes.ToArray();
    int IDeepNetwork<double>.ParameterTotal => ParameterCount;
}

[Mlp(4, 6, 5, 3, Precision = Precision.Double, Activation = Activation.Tanh, Output = Output.Softmax, Kernels = Kernels.Simd)]
public partial class Deep4_6_5_3TanhSoftmaxSimdD : IDeepNetwork<double>
{
    int[] IDeepNetwork<double>.Sizes => LayerSizes.ToArray();
    int IDeepNetwork<double>.ParameterTotal => ParameterCount;
}

[Mlp(4, 6, 5, 3, Precision = Precision.Double, Activation = Activation.Tanh, Output = Output.Linear, Kernels = Kernels.Unrolled)]
public partial class Deep4_6_5_3TanhLinearUnrolledD : IDeepNetwork<double>
{
    int[] IDeepNetwork<double>.Sizes => LayerSizes.ToArray();
    int IDeepNetwork<double>.ParameterTotal => ParameterCount;
}

[Mlp(4, 6, 5, 3, Precision = Precision.Double, Activation = Activation.Tanh, Output = Output.Linear, Kernels = Kernels.Simd)]
public partial class Deep4_6_5_3TanhLinearSimdD : IDeepNetwork<double>
{
    int[] IDeepNetwork<double>.Sizes => LayerSizes.ToArray();
    int IDeepNetwork<double>.ParameterTotal => ParameterCount;
}

[Mlp(4, 6, 5, 3, Precision = Precision.Double, Activation = Activation.Relu, Kernels = Kernels.Unrolled)]
public partial class Deep4_6_5_3ReluSigmoidUnrolledD : IDeepNetwork<double>
{
    int[] IDeepNetwork<double>.Sizes => LayerSizes.ToArray();
    int IDeepNetwork<double>.ParameterTotal => ParameterCount;
}

[Mlp(4, 6, 5, 3, Precision = Precision.Double, Activation = Activation.Relu, Kernels = Kernels.Simd)]
public partial class Deep4_6_5_3ReluSigmoidSimdD : IDeepNetwork<double>
{
    int[] IDeepNetwork<double>.Sizes => LayerSizes.ToArray();
    int IDeepNetwork<double>.ParameterTotal => ParameterCount;
}

[Mlp(4, 6, 5, 3, Precision = Precision.Double, Activation = Activation.Relu, Output = Output.Softmax, Kernels = Kernels.Unrolled)]
public partial class Deep4_6_5_3ReluSoftmaxUnrolledD : IDeepNetwork<double>
{
    int[] IDeepNetwork<double>.Sizes => LayerSizes.ToArray();
    int IDeepNetwork<double>.ParameterTotal => ParameterCount;
}

[Mlp(4, 6, 5, 3, Precision = Precision.Double, Activation = Activation.Relu, Output = Output.Softmax, Kernels = Kernels.Simd)]
public partial class Deep4_6_5_3ReluSoftmaxSimdD : IDeepNetwork<double>
{
    int[] IDeepNetwork<double>.Sizes => LayerSizes.ToArray();
    int IDeepNetwork<double>.ParameterTotal => ParameterCount;
}

[Mlp(4, 6, 5, 3, Precision = Precision.Double, Activation = Activation.Relu, Output = Output.Linear, Kernels = Kernels.Unrolled)]
public partial class Deep4_6_5_3ReluLinearUnrolledD : IDeepNetwork<double>
{
    int[] IDeepNetwork<double>.Sizes => LayerSizes.ToArray();
    int IDeepNetwork<double>.ParameterTotal => ParameterCount;
}

[Mlp(4, 6, 5, 3, Precision = Precision.Double, Activation = Activation.Relu, Output = Output.Linear, Kernels = Kernels.Simd)]
public partial class Deep4_6_5_3ReluLinearSimdD : IDeepNetwork<double>
{
    int[] IDeepNetwork<double>.Sizes => LayerSizes.ToArray();
    int IDeepNetwork<double>.ParameterTotal => ParameterCount;
}

[Mlp(784, 128, 64, 10, Activation = Activation.Relu, Output = Output.Softmax)]
public partial class Deep784_128_64_10ReluSoftmaxAutoF : IDeepNetwork<float>
{
    int[] IDeepNetwork<float>.Sizes => LayerSizes.ToArray();
    int IDeepNetwork<float>.ParameterTotal => ParameterCount;
}

[Mlp(784, 128, 64, 10, Precision = Precision.Double, Activation = Activation.Relu, Output = Output.Softmax)]
public partial class Deep784_128_64_10ReluSoftmaxAutoD : IDeepNetwork<double>
{
    int[] IDeepNetwork<double>.Sizes => LayerSizes.ToArray();
    int IDeepNetwork<double>.ParameterTotal => ParameterCount;
}

[Mlp(30, 20, 10, 5, 3, Kernels = Kernels.Simd)]
public partial class Deep30_20_10_5_3SigmoidSigmoidSimdF : IDeepNetwork<float>
{
    int[] IDeepNetwork<float>.Sizes => LayerSizes.ToArray();
    int IDeepNetwork<float>.ParameterTotal => ParameterCount;
}

[Mlp(30, 20, 10, 5, 3, Precision = Precision.Double, Activation = Activation.Tanh, Output = Output.Linear, Kernels = Kernels.Simd)]
public partial class Deep30_20_10_5_3TanhLinearSimdD : IDeepNetwork<double>
{
    int[] IDeepNetwork<double>.Sizes => LayerSizes.ToArray();
    int IDeepNetwork<double>.ParameterTotal => ParameterCount;
}

[Mlp(5, 4, 3, 3, 2, Kernels = Kernels.Unrolled)]
public partial class Deep5_4_3_3_2SigmoidSigmoidUnrolledF : IDeepNetwork<float>
{
    int[] IDeepNetwork<float>.Sizes => LayerSizes.ToArray();
    int IDeepNetwork<float>.ParameterTotal => ParameterCount;
}

[Mlp(5, 4, 3, 3, 2, Precision = Precision.Double, Activation = Activation.Relu, Output = Output.Softmax, Kernels = Kernels.Unrolled)]
public partial class Deep5_4_3_3_2ReluSoftmaxUnrolledD : IDeepNetwork<double>
{
    int[] IDeepNetwork<double>.Sizes => LayerSizes.ToArray();
    int IDeepNetwork<double>.ParameterTotal => ParameterCount;
}

[Mlp(101, 41, 17, 3, Precision = Precision.Double, Activation = Activation.Tanh, Output = Output.Softmax, Kernels = Kernels.Simd)]
public partial class Deep101_41_17_3TanhSoftmaxSimdD : IDeepNetwork<double>
{
    int[] IDeepNetwork<double>.Sizes => LayerSizes.ToArray();
    int IDeepNetwork<double>.ParameterTotal => ParameterCount;
}
