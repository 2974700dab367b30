using NetGen;

namespace NetGen.Portable
{
    /// <summary>
    /// The networks the portable checks run: every one-hidden-layer and deep case of the golden files, each declared with
    /// Kernels.Unrolled and Kernels.Simd in float and double, and a few shapes without golden vectors (sizes no vector width
    /// divides, a wider deep network, Momentum and Adam), checked against the naive oracle and central differences only.
    /// A float network and its double twin (same sizes and options) are declared as a pair: the float gradient check
    /// takes its central differences on the twin.
    /// </summary>
    public static class PortableNetworks
    {
        /// <summary>Every pair, in the order the checks run.</summary>
        public static Spec[] All()
        {
            return new[]
            {
                new Spec("xor-2-4-1-batch4", new[] { 2, 4, 1 }, "sigmoid", "sigmoid", "Unrolled", "Sgd", () => new Xor_2x4x1_SigmoidSigmoidUnrolledF(), () => new Xor_2x4x1_SigmoidSigmoidUnrolledD()),
                new Spec("xor-2-4-1-batch4", new[] { 2, 4, 1 }, "sigmoid", "sigmoid", "Simd", "Sgd", () => new Xor_2x4x1_SigmoidSigmoidSimdF(), () => new Xor_2x4x1_SigmoidSigmoidSimdD()),
                new Spec("single-3-5-2-n100", new[] { 3, 5, 2 }, "sigmoid", "sigmoid", "Unrolled", "Sgd", () => new Single_3x5x2_SigmoidSigmoidUnrolledF(), () => new Single_3x5x2_SigmoidSigmoidUnrolledD()),
                new Spec("single-3-5-2-n100", new[] { 3, 5, 2 }, "sigmoid", "sigmoid", "Simd", "Sgd", () => new Single_3x5x2_SigmoidSigmoidSimdF(), () => new Single_3x5x2_SigmoidSigmoidSimdD()),
                new Spec("batch-7-6-3-n7", new[] { 7, 6, 3 }, "sigmoid", "sigmoid", "Unrolled", "Sgd", () => new Batch7_7x6x3_SigmoidSigmoidUnrolledF(), () => new Batch7_7x6x3_SigmoidSigmoidUnrolledD()),
                new Spec("batch-7-6-3-n7", new[] { 7, 6, 3 }, "sigmoid", "sigmoid", "Simd", "Sgd", () => new Batch7_7x6x3_SigmoidSigmoidSimdF(), () => new Batch7_7x6x3_SigmoidSigmoidSimdD()),
                new Spec("batch-5-9-4-n5", new[] { 5, 9, 4 }, "sigmoid", "sigmoid", "Unrolled", "Sgd", () => new Batch5_5x9x4_SigmoidSigmoidUnrolledF(), () => new Batch5_5x9x4_SigmoidSigmoidUnrolledD()),
                new Spec("batch-5-9-4-n5", new[] { 5, 9, 4 }, "sigmoid", "sigmoid", "Simd", "Sgd", () => new Batch5_5x9x4_SigmoidSigmoidSimdF(), () => new Batch5_5x9x4_SigmoidSigmoidSimdD()),
                new Spec("tanh-4-6-1-sigmoid", new[] { 4, 6, 1 }, "tanh", "sigmoid", "Unrolled", "Sgd", () => new Tanh_4x6x1_TanhSigmoidUnrolledF(), () => new Tanh_4x6x1_TanhSigmoidUnrolledD()),
                new Spec("tanh-4-6-1-sigmoid", new[] { 4, 6, 1 }, "tanh", "sigmoid", "Simd", "Sgd", () => new Tanh_4x6x1_TanhSigmoidSimdF(), () => new Tanh_4x6x1_TanhSigmoidSimdD()),
                new Spec("relu-5-7-3-softmax", new[] { 5, 7, 3 }, "relu", "softmax", "Unrolled", "Sgd", () => new Relu_5x7x3_ReluSoftmaxUnrolledF(), () => new Relu_5x7x3_ReluSoftmaxUnrolledD()),
                new Spec("relu-5-7-3-softmax", new[] { 5, 7, 3 }, "relu", "softmax", "Simd", "Sgd", () => new Relu_5x7x3_ReluSoftmaxSimdF(), () => new Relu_5x7x3_ReluSoftmaxSimdD()),
                new Spec("sigmoid-6-5-2-identity", new[] { 6, 5, 2 }, "sigmoid", "identity", "Unrolled", "Sgd", () => new Linear_6x5x2_SigmoidLinearUnrolledF(), () => new Linear_6x5x2_SigmoidLinearUnrolledD()),
                new Spec("sigmoid-6-5-2-identity", new[] { 6, 5, 2 }, "sigmoid", "identity", "Simd", "Sgd", () => new Linear_6x5x2_SigmoidLinearSimdF(), () => new Linear_6x5x2_SigmoidLinearSimdD()),
                new Spec("sigmoid-3-8-8-2-sigmoid", new[] { 3, 8, 8, 2 }, "sigmoid", "sigmoid", "Unrolled", "Sgd", () => new Deep_3x8x8x2_SigmoidSigmoidUnrolledF(), () => new Deep_3x8x8x2_SigmoidSigmoidUnrolledD()),
                new Spec("sigmoid-3-8-8-2-sigmoid", new[] { 3, 8, 8, 2 }, "sigmoid", "sigmoid", "Simd", "Sgd", () => new Deep_3x8x8x2_SigmoidSigmoidSimdF(), () => new Deep_3x8x8x2_SigmoidSigmoidSimdD()),
                new Spec("tanh-8-10-6-4-softmax", new[] { 8, 10, 6, 4 }, "tanh", "softmax", "Unrolled", "Sgd", () => new Deep_8x10x6x4_TanhSoftmaxUnrolledF(), () => new Deep_8x10x6x4_TanhSoftmaxUnrolledD()),
                new Spec("tanh-8-10-6-4-softmax", new[] { 8, 10, 6, 4 }, "tanh", "softmax", "Simd", "Sgd", () => new Deep_8x10x6x4_TanhSoftmaxSimdF(), () => new Deep_8x10x6x4_TanhSoftmaxSimdD()),
                new Spec(null, new[] { 30, 16, 4 }, "relu", "identity", "Simd", "Sgd", () => new Wide_30x16x4_ReluLinearSimdF(), () => new Wide_30x16x4_ReluLinearSimdD()),
                new Spec(null, new[] { 101, 41, 3 }, "tanh", "softmax", "Simd", "Sgd", () => new Odd_101x41x3_TanhSoftmaxSimdF(), () => new Odd_101x41x3_TanhSoftmaxSimdD()),
                new Spec(null, new[] { 30, 20, 10, 5, 3 }, "sigmoid", "sigmoid", "Simd", "Sgd", () => new Deep_30x20x10x5x3_SigmoidSigmoidSimdF(), () => new Deep_30x20x10x5x3_SigmoidSigmoidSimdD()),
                new Spec(null, new[] { 30, 16, 4 }, "sigmoid", "sigmoid", "Simd", "Momentum", () => new Momentum_30x16x4_SigmoidSigmoidMomentumSimdF(), () => new Momentum_30x16x4_SigmoidSigmoidMomentumSimdD()),
                new Spec(null, new[] { 4, 6, 2 }, "sigmoid", "sigmoid", "Unrolled", "Adam", () => new Adam_4x6x2_SigmoidSigmoidAdamUnrolledF(), () => new Adam_4x6x2_SigmoidSigmoidAdamUnrolledD()),
            };
        }
    }

    [Mlp(2, 4, 1, Kernels = Kernels.Unrolled)]
    public partial class Xor_2x4x1_SigmoidSigmoidUnrolledF : IPortableNetwork<float>
    {
        int[] IPortableNetwork<float>.Sizes => LayerSizes.ToArray();

        int IPortableNetwork<float>.WeightFileBytes => WeightFileLength;
    }

    [Mlp(2, 4, 1, Precision = Precision.Double, Kernels = Kernels.Unrolled)]
    public partial class Xor_2x4x1_SigmoidSigmoidUnrolledD : IPortableNetwork<double>
    {
        int[] IPortableNetwork<double>.Sizes => LayerSizes.ToArray();

        int IPortableNetwork<double>.WeightFileBytes => WeightFileLength;
    }

    [Mlp(2, 4, 1, Kernels = Kernels.Simd)]
    public partial class Xor_2x4x1_SigmoidSigmoidSimdF : IPortableNetwork<float>
    {
        int[] IPortableNetwork<float>.Sizes => LayerSizes.ToArray();

        int IPortableNetwork<float>.WeightFileBytes => WeightFileLength;
    }

    [Mlp(2, 4, 1, Precision = Precision.Double, Kernels = Kernels.Simd)]
    public partial class Xor_2x4x1_SigmoidSigmoidSimdD : IPortableNetwork<double>
    {
        int[] IPortableNetwork<double>.Sizes => LayerSizes.ToArray();

        int IPortableNetwork<double>.WeightFileBytes => WeightFileLength;
    }

    [Mlp(3, 5, 2, Kernels = Kernels.Unrolled)]
    public partial class Single_3x5x2_SigmoidSigmoidUnrolledF : IPortableNetwork<float>
    {
        int[] IPortableNetwork<float>.Sizes => LayerSizes.ToArray();

        int IPortableNetwork<float>.WeightFileBytes => WeightFileLength;
    }

    [Mlp(3, 5, 2, Precision = Precision.Double, Kernels = Kernels.Unrolled)]
    public partial class Single_3x5x2_SigmoidSigmoidUnrolledD : IPortableNetwork<double>
    {
        int[] IPortableNetwork<double>.Sizes => LayerSizes.ToArray();

        int IPortableNetwork<double>.WeightFileBytes => WeightFileLength;
    }

    [Mlp(3, 5, 2, Kernels = Kernels.Simd)]
    public partial class Single_3x5x2_SigmoidSigmoidSimdF : IPortableNetwork<float>
    {
        int[] IPortableNetwork<float>.Sizes => LayerSizes.ToArray();

        int IPortableNetwork<float>.WeightFileBytes => WeightFileLength;
    }

    [Mlp(3, 5, 2, Precision = Precision.Double, Kernels = Kernels.Simd)]
    public partial class Single_3x5x2_SigmoidSigmoidSimdD : IPortableNetwork<double>
    {
        int[] IPortableNetwork<double>.Sizes => LayerSizes.ToArray();

        int IPortableNetwork<double>.WeightFileBytes => WeightFileLength;
    }

    [Mlp(7, 6, 3, Kernels = Kernels.Unrolled)]
    public partial class Batch7_7x6x3_SigmoidSigmoidUnrolledF : IPortableNetwork<float>
    {
        int[] IPortableNetwork<float>.Sizes => LayerSizes.ToArray();

        int IPortableNetwork<float>.WeightFileBytes => WeightFileLength;
    }

    [Mlp(7, 6, 3, Precision = Precision.Double, Kernels = Kernels.Unrolled)]
    public partial class Batch7_7x6x3_SigmoidSigmoidUnrolledD : IPortableNetwork<double>
    {
        int[] IPortableNetwork<double>.Sizes => LayerSizes.ToArray();

        int IPortableNetwork<double>.WeightFileBytes => WeightFileLength;
    }

    [Mlp(7, 6, 3, Kernels = Kernels.Simd)]
    public partial class Batch7_7x6x3_SigmoidSigmoidSimdF : IPortableNetwork<float>
    {
        int[] IPortableNetwork<float>.Sizes => LayerSizes.ToArray();

        int IPortableNetwork<float>.WeightFileBytes => WeightFileLength;
    }

    [Mlp(7, 6, 3, Precision = Precision.Double, Kernels = Kernels.Simd)]
    public partial class Batch7_7x6x3_SigmoidSigmoidSimdD : IPortableNetwork<double>
    {
        int[] IPortableNetwork<double>.Sizes => LayerSizes.ToArray();

        int IPortableNetwork<double>.WeightFileBytes => WeightFileLength;
    }

    [Mlp(5, 9, 4, Kernels = Kernels.Unrolled)]
    public partial class Batch5_5x9x4_SigmoidSigmoidUnrolledF : IPortableNetwork<float>
    {
        int[] IPortableNetwork<float>.Sizes => LayerSizes.ToArray();

        int IPortableNetwork<float>.WeightFileBytes => WeightFileLength;
    }

    [Mlp(5, 9, 4, Precision = Precision.Double, Kernels = Kernels.Unrolled)]
    public partial class Batch5_5x9x4_SigmoidSigmoidUnrolledD : IPortableNetwork<double>
    {
        int[] IPortableNetwork<double>.Sizes => LayerSizes.ToArray();

        int IPortableNetwork<double>.WeightFileBytes => WeightFileLength;
    }

    [Mlp(5, 9, 4, Kernels = Kernels.Simd)]
    public partial class Batch5_5x9x4_SigmoidSigmoidSimdF : IPortableNetwork<float>
    {
        int[] IPortableNetwork<float>.Sizes => LayerSizes.ToArray();

        int IPortableNetwork<float>.WeightFileBytes => WeightFileLength;
    }

    [Mlp(5, 9, 4, Precision = Precision.Double, Kernels = Kernels.Simd)]
    public partial class Batch5_5x9x4_SigmoidSigmoidSimdD : IPortableNetwork<double>
    {
        int[] IPortableNetwork<double>.Sizes => LayerSizes.ToArray();

        int IPortableNetwork<double>.WeightFileBytes => WeightFileLength;
    }

    [Mlp(4, 6, 1, Kernels = Kernels.Unrolled, Activation = Activation.Tanh)]
    public partial class Tanh_4x6x1_TanhSigmoidUnrolledF : IPortableNetwork<float>
    {
        int[] IPortableNetwork<float>.Sizes => LayerSizes.ToArray();

        int IPortableNetwork<float>.WeightFileBytes => WeightFileLength;
    }

    [Mlp(4, 6, 1, Precision = Precision.Double, Kernels = Kernels.Unrolled, Activation = Activation.Tanh)]
    public partial class Tanh_4x6x1_TanhSigmoidUnrolledD : IPortableNetwork<double>
    {
        int[] IPortableNetwork<double>.Sizes => LayerSizes.ToArray();

        int IPortableNetwork<double>.WeightFileBytes => WeightFileLength;
    }

    [Mlp(4, 6, 1, Kernels = Kernels.Simd, Activation = Activation.Tanh)]
    public partial class Tanh_4x6x1_TanhSigmoidSimdF : IPortableNetwork<float>
    {
        int[] IPortableNetwork<float>.Sizes => LayerSizes.ToArray();

        int IPortableNetwork<float>.WeightFileBytes => WeightFileLength;
    }

    [Mlp(4, 6, 1, Precision = Precision.Double, Kernels = Kernels.Simd, Activation = Activation.Tanh)]
    public partial class Tanh_4x6x1_TanhSigmoidSimdD : IPortableNetwork<double>
    {
        int[] IPortableNetwork<double>.Sizes => LayerSizes.ToArray();

        int IPortableNetwork<double>.WeightFileBytes => WeightFileLength;
    }

    [Mlp(5, 7, 3, Kernels = Kernels.Unrolled, Activation = Activation.Relu, Output = Output.Softmax)]
    public partial class Relu_5x7x3_ReluSoftmaxUnrolledF : IPortableNetwork<float>
    {
        int[] IPortableNetwork<float>.Sizes => LayerSizes.ToArray();

        int IPortableNetwork<float>.WeightFileBytes => WeightFileLength;
    }

    [Mlp(5, 7, 3, Precision = Precision.Double, Kernels = Kernels.Unrolled, Activation = Activation.Relu, Output = Output.Softmax)]
    public partial class Relu_5x7x3_ReluSoftmaxUnrolledD : IPortableNetwork<double>
    {
        int[] IPortableNetwork<double>.Sizes => LayerSizes.ToArray();

        int IPortableNetwork<double>.WeightFileBytes => WeightFileLength;
    }

    [Mlp(5, 7, 3, Kernels = Kernels.Simd, Activation = Activation.Relu, Output = Output.Softmax)]
    public partial class Relu_5x7x3_ReluSoftmaxSimdF : IPortableNetwork<float>
    {
        int[] IPortableNetwork<float>.Sizes => LayerSizes.ToArray();

        int IPortableNetwork<float>.WeightFileBytes => WeightFileLength;
    }

    [Mlp(5, 7, 3, Precision = Precision.Double, Kernels = Kernels.Simd, Activation = Activation.Relu, Output = Output.Softmax)]
    public partial class Relu_5x7x3_ReluSoftmaxSimdD : IPortableNetwork<double>
    {
        int[] IPortableNetwork<double>.Sizes => LayerSizes.ToArray();

        int IPortableNetwork<double>.WeightFileBytes => WeightFileLength;
    }

    [Mlp(6, 5, 2, Kernels = Kernels.Unrolled, Output = Output.Linear)]
    public partial class Linear_6x5x2_SigmoidLinearUnrolledF : IPortableNetwork<float>
    {
        int[] IPortableNetwork<float>.Sizes => LayerSizes.ToArray();

        int IPortableNetwork<float>.WeightFileBytes => WeightFileLength;
    }

    [Mlp(6, 5, 2, Precision = Precision.Double, Kernels = Kernels.Unrolled, Output = Output.Linear)]
    public partial class Linear_6x5x2_SigmoidLinearUnrolledD : IPortableNetwork<double>
    {
        int[] IPortableNetwork<double>.Sizes => LayerSizes.ToArray();

        int IPortableNetwork<double>.WeightFileBytes => WeightFileLength;
    }

    [Mlp(6, 5, 2, Kernels = Kernels.Simd, Output = Output.Linear)]
    public partial class Linear_6x5x2_SigmoidLinearSimdF : IPortableNetwork<float>
    {
        int[] IPortableNetwork<float>.Sizes => LayerSizes.ToArray();

        int IPortableNetwork<float>.WeightFileBytes => WeightFileLength;
    }

    [Mlp(6, 5, 2, Precision = Precision.Double, Kernels = Kernels.Simd, Output = Output.Linear)]
    public partial class Linear_6x5x2_SigmoidLinearSimdD : IPortableNetwork<double>
    {
        int[] IPortableNetwork<double>.Sizes => LayerSizes.ToArray();

        int IPortableNetwork<double>.WeightFileBytes => WeightFileLength;
    }

    [Mlp(3, 8, 8, 2, Kernels = Kernels.Unrolled)]
    public partial class Deep_3x8x8x2_SigmoidSigmoidUnrolledF : IPortableNetwork<float>
    {
        int[] IPortableNetwork<float>.Sizes => LayerSizes.ToArray();

        int IPortableNetwork<float>.WeightFileBytes => WeightFileLength;
    }

    [Mlp(3, 8, 8, 2, Precision = Precision.Double, Kernels = Kernels.Unrolled)]
    public partial class Deep_3x8x8x2_SigmoidSigmoidUnrolledD : IPortableNetwork<double>
    {
        int[] IPortableNetwork<double>.Sizes => LayerSizes.ToArray();

        int IPortableNetwork<double>.WeightFileBytes => WeightFileLength;
    }

    [Mlp(3, 8, 8, 2, Kernels = Kernels.Simd)]
    public partial class Deep_3x8x8x2_SigmoidSigmoidSimdF : IPortableNetwork<float>
    {
        int[] IPortableNetwork<float>.Sizes => LayerSizes.ToArray();

        int IPortableNetwork<float>.WeightFileBytes => WeightFileLength;
    }

    [Mlp(3, 8, 8, 2, Precision = Precision.Double, Kernels = Kernels.Simd)]
    public partial class Deep_3x8x8x2_SigmoidSigmoidSimdD : IPortableNetwork<double>
    {
        int[] IPortableNetwork<double>.Sizes => LayerSizes.ToArray();

        int IPortableNetwork<double>.WeightFileBytes => WeightFileLength;
    }

    [Mlp(8, 10, 6, 4, Kernels = Kernels.Unrolled, Activation = Activation.Tanh, Output = Output.Softmax)]
    public partial class Deep_8x10x6x4_TanhSoftmaxUnrolledF : IPortableNetwork<float>
    {
        int[] IPortableNetwork<float>.Sizes => LayerSizes.ToArray();

        int IPortableNetwork<float>.WeightFileBytes => WeightFileLength;
    }

    [Mlp(8, 10, 6, 4, Precision = Precision.Double, Kernels = Kernels.Unrolled, Activation = Activation.Tanh, Output = Output.Softmax)]
    public partial class Deep_8x10x6x4_TanhSoftmaxUnrolledD : IPortableNetwork<double>
    {
        int[] IPortableNetwork<double>.Sizes => LayerSizes.ToArray();

        int IPortableNetwork<double>.WeightFileBytes => WeightFileLength;
    }

    [Mlp(8, 10, 6, 4, Kernels = Kernels.Simd, Activation = Activation.Tanh, Output = Output.Softmax)]
    public partial class Deep_8x10x6x4_TanhSoftmaxSimdF : IPortableNetwork<float>
    {
        int[] IPortableNetwork<float>.Sizes => LayerSizes.ToArray();

        int IPortableNetwork<float>.WeightFileBytes => WeightFileLength;
    }

    [Mlp(8, 10, 6, 4, Precision = Precision.Double, Kernels = Kernels.Simd, Activation = Activation.Tanh, Output = Output.Softmax)]
    public partial class Deep_8x10x6x4_TanhSoftmaxSimdD : IPortableNetwork<double>
    {
        int[] IPortableNetwork<double>.Sizes => LayerSizes.ToArray();

        int IPortableNetwork<double>.WeightFileBytes => WeightFileLength;
    }

    [Mlp(30, 16, 4, Kernels = Kernels.Simd, Activation = Activation.Relu, Output = Output.Linear)]
    public partial class Wide_30x16x4_ReluLinearSimdF : IPortableNetwork<float>
    {
        int[] IPortableNetwork<float>.Sizes => LayerSizes.ToArray();

        int IPortableNetwork<float>.WeightFileBytes => WeightFileLength;
    }

    [Mlp(30, 16, 4, Precision = Precision.Double, Kernels = Kernels.Simd, Activation = Activation.Relu, Output = Output.Linear)]
    public partial class Wide_30x16x4_ReluLinearSimdD : IPortableNetwork<double>
    {
        int[] IPortableNetwork<double>.Sizes => LayerSizes.ToArray();

        int IPortableNetwork<double>.WeightFileBytes => WeightFileLength;
    }

    [Mlp(101, 41, 3, Kernels = Kernels.Simd, Activation = Activation.Tanh, Output = Output.Softmax)]
    public partial class Odd_101x41x3_TanhSoftmaxSimdF : IPortableNetwork<float>
    {
        int[] IPortableNetwork<float>.Sizes => LayerSizes.ToArray();

        int IPortableNetwork<float>.WeightFileBytes => WeightFileLength;
    }

    [Mlp(101, 41, 3, Precision = Precision.Double, Kernels = Kernels.Simd, Activation = Activation.Tanh, Output = Output.Softmax)]
    public partial class Odd_101x41x3_TanhSoftmaxSimdD : IPortableNetwork<double>
    {
        int[] IPortableNetwork<double>.Sizes => LayerSizes.ToArray();

        int IPortableNetwork<double>.WeightFileBytes => WeightFileLength;
    }

    [Mlp(30, 20, 10, 5, 3, Kernels = Kernels.Simd)]
    public partial class Deep_30x20x10x5x3_SigmoidSigmoidSimdF : IPortableNetwork<float>
    {
        int[] IPortableNetwork<float>.Sizes => LayerSizes.ToArray();

        int IPortableNetwork<float>.WeightFileBytes => WeightFileLength;
    }

    [Mlp(30, 20, 10, 5, 3, Precision = Precision.Double, Kernels = Kernels.Simd)]
    public partial class Deep_30x20x10x5x3_SigmoidSigmoidSimdD : IPortableNetwork<double>
    {
        int[] IPortableNetwork<double>.Sizes => LayerSizes.ToArray();

        int IPortableNetwork<double>.WeightFileBytes => WeightFileLength;
    }

    [Mlp(30, 16, 4, Kernels = Kernels.Simd, Optimizer = Optimizer.Momentum)]
    public partial class Momentum_30x16x4_SigmoidSigmoidMomentumSimdF : IPortableNetwork<float>
    {
        int[] IPortableNetwork<float>.Sizes => LayerSizes.ToArray();

        int IPortableNetwork<float>.WeightFileBytes => WeightFileLength;
    }

    [Mlp(30, 16, 4, Precision = Precision.Double, Kernels = Kernels.Simd, Optimizer = Optimizer.Momentum)]
    public partial class Momentum_30x16x4_SigmoidSigmoidMomentumSimdD : IPortableNetwork<double>
    {
        int[] IPortableNetwork<double>.Sizes => LayerSizes.ToArray();

        int IPortableNetwork<double>.WeightFileBytes => WeightFileLength;
    }

    [Mlp(4, 6, 2, Kernels = Kernels.Unrolled, Optimizer = Optimizer.Adam)]
    public partial class Adam_4x6x2_SigmoidSigmoidAdamUnrolledF : IPortableNetwork<float>
    {
        int[] IPortableNetwork<float>.Sizes => LayerSizes.ToArray();

        int IPortableNetwork<float>.WeightFileBytes => WeightFileLength;
    }

    [Mlp(4, 6, 2, Precision = Precision.Double, Kernels = Kernels.Unrolled, Optimizer = Optimizer.Adam)]
    public partial class Adam_4x6x2_SigmoidSigmoidAdamUnrolledD : IPortableNetwork<double>
    {
        int[] IPortableNetwork<double>.Sizes => LayerSizes.ToArray();

        int IPortableNetwork<double>.WeightFileBytes => WeightFileLength;
    }
}
