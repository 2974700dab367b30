using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using NetGen;
using NetGen.Onnx;
using Xunit;

namespace NetGen.Onnx.Tests;

/// <summary>What the tests need of a generated float network: its public API, which the generated members implement.</summary>
public interface ICompiledModel
{
    Span<float> Parameters { get; }

    void Forward(ReadOnlySpan<float> input, Span<float> output);

    void LoadOnnx(ReadOnlySpan<byte> model);

    void LoadOnnx(Stream stream);

    void SaveOnnx(Stream stream);

    void InitializeParameters(int seed);
}

// Every accepted model of Models/, compiled in by the generator from the text NetGen.targets makes of it
// (<AdditionalFiles Include="Models/*.onnx" /> in the project file).
[Mlp(2, 4, 1, Weights = "gemm_2_4_1_sigmoid_sigmoid_op11_dyn.onnx")]
public partial class Gemm241SigmoidSigmoidOp11Dyn : ICompiledModel { }

[Mlp(2, 4, 1, Weights = "gemm_2_4_1_sigmoid_sigmoid_op17_fixed.onnx")]
public partial class Gemm241SigmoidSigmoidOp17Fixed : ICompiledModel { }

[Mlp(4, 8, 3, Activation = Activation.Tanh, Output = Output.Softmax, Weights = "gemm_4_8_3_tanh_softmax_op17_dyn.onnx")]
public partial class Gemm483TanhSoftmaxOp17Dyn : ICompiledModel { }

[Mlp(4, 8, 3, Activation = Activation.Tanh, Output = Output.Softmax, Weights = "gemm_4_8_3_tanh_softmax_op11_fixed.onnx")]
public partial class Gemm483TanhSoftmaxOp11Fixed : ICompiledModel { }

[Mlp(30, 16, 1, Activation = Activation.Relu, Output = Output.Linear, Weights = "gemm_30_16_1_relu_linear_op17_fixed.onnx")]
public partial class Gemm30161ReluLinearOp17Fixed : ICompiledModel { }

[Mlp(3, 5, 4, 2, Activation = Activation.Relu, Output = Output.Softmax, Weights = "gemm_3_5_4_2_relu_softmax_op11_dyn.onnx")]
public partial class Gemm3542ReluSoftmaxOp11Dyn : ICompiledModel { }

[Mlp(3, 5, 4, 2, Activation = Activation.Tanh, Weights = "gemm_3_5_4_2_tanh_sigmoid_op17_fixed.onnx")]
public partial class Gemm3542TanhSigmoidOp17Fixed : ICompiledModel { }

[Mlp(4, 6, 5, 4, 3, Output = Output.Linear, Weights = "gemm_4_6_5_4_3_sigmoid_linear_op11_dyn.onnx")]
public partial class Gemm46543SigmoidLinearOp11Dyn : ICompiledModel { }

[Mlp(2, 4, 1, Activation = Activation.Tanh, Output = Output.Linear, Weights = "gemm_2_4_1_tanh_linear_op11_dyn_inputs.onnx")]
public partial class Gemm241TanhLinearOp11DynInputs : ICompiledModel { }

[Mlp(3, 5, 2, Activation = Activation.Relu, Weights = "gemm_3_5_2_relu_sigmoid_op13_dyn_floatdata.onnx")]
public partial class Gemm352ReluSigmoidOp13DynFloatdata : ICompiledModel { }

[Mlp(6, 5, 2, Output = Output.Softmax, Weights = "gemm_6_5_2_sigmoid_softmax_op11_dyn_flatten.onnx")]
public partial class Gemm652SigmoidSoftmaxOp11DynFlatten : ICompiledModel { }

[Mlp(784, 128, 10, Activation = Activation.Relu, Output = Output.Softmax, Weights = "gemm_784_128_10_relu_softmax_op17_dyn.onnx")]
public partial class Gemm78412810ReluSoftmaxOp17Dyn : ICompiledModel { }

[Mlp(3, 4, 2, Activation = Activation.Tanh, Output = Output.Softmax, Weights = "gemm_transb0_3_4_2_tanh_softmax_op13_dyn.onnx")]
public partial class GemmTransb0342TanhSoftmaxOp13Dyn : ICompiledModel { }

[Mlp(2, 4, 1, Weights = "matmul_2_4_1_sigmoid_sigmoid_op11_dyn.onnx")]
public partial class Matmul241SigmoidSigmoidOp11Dyn : ICompiledModel { }

[Mlp(4, 8, 3, Activation = Activation.Relu, Output = Output.Softmax, Weights = "matmul_4_8_3_relu_softmax_op17_fixed.onnx")]
public partial class Matmul483ReluSoftmaxOp17Fixed : ICompiledModel { }

[Mlp(30, 16, 1, Activation = Activation.Tanh, Output = Output.Linear, Weights = "matmul_30_16_1_tanh_linear_op11_fixed.onnx")]
public partial class Matmul30161TanhLinearOp11Fixed : ICompiledModel { }

[Mlp(3, 5, 4, 2, Output = Output.Softmax, Weights = "matmul_3_5_4_2_sigmoid_softmax_op17_dyn.onnx")]
public partial class Matmul3542SigmoidSoftmaxOp17Dyn : ICompiledModel { }

[Mlp(4, 6, 5, 4, 3, Activation = Activation.Relu, Weights = "matmul_4_6_5_4_3_relu_sigmoid_op17_dyn.onnx")]
public partial class Matmul46543ReluSigmoidOp17Dyn : ICompiledModel { }

[Mlp(3, 5, 4, 2, Activation = Activation.Tanh, Output = Output.Linear, Weights = "matmul_3_5_4_2_tanh_linear_op11_fixed_floatdata.onnx")]
public partial class Matmul3542TanhLinearOp11FixedFloatdata : ICompiledModel { }

/// <summary>A network declared without weights, of each kind the models do not cover: double precision, Adam.</summary>
[Mlp(5, 7, 3, Activation = Activation.Tanh, Output = Output.Softmax, Optimizer = Optimizer.Adam)]
public partial class AdamNet : ICompiledModel { }

[Mlp(3, 6, 4, 2, Activation = Activation.Relu, Output = Output.Linear, Precision = Precision.Double)]
public partial class DoubleNet { }

/// <summary><see cref="DoubleNet"/> in SIMD kernels, whose state is a 64-byte-aligned window rather than an array.</summary>
[Mlp(3, 6, 4, 2, Activation = Activation.Relu, Output = Output.Linear, Precision = Precision.Double, Kernels = Kernels.Simd)]
public partial class DoubleSimdNet { }

internal static class CompiledModels
{
    /// <summary>A new instance of the network compiled from each accepted model, by file name.</summary>
    public static readonly IReadOnlyDictionary<string, Func<ICompiledModel>> ByFile = new Dictionary<string, Func<ICompiledModel>>
    {
        ["gemm_2_4_1_sigmoid_sigmoid_op11_dyn.onnx"] = () => new Gemm241SigmoidSigmoidOp11Dyn(),
        ["gemm_2_4_1_sigmoid_sigmoid_op17_fixed.onnx"] = () => new Gemm241SigmoidSigmoidOp17Fixed(),
        ["gemm_4_8_3_tanh_softmax_op17_dyn.onnx"] = () => new Gemm483TanhSoftmaxOp17Dyn(),
        ["gemm_4_8_3_tanh_softmax_op11_fixed.onnx"] = () => new Gemm483TanhSoftmaxOp11Fixed(),
        ["gemm_30_16_1_relu_linear_op17_fixed.onnx"] = () => new Gemm30161ReluLinearOp17Fixed(),
        ["gemm_3_5_4_2_relu_softmax_op11_dyn.onnx"] = () => new Gemm3542ReluSoftmaxOp11Dyn(),
        ["gemm_3_5_4_2_tanh_sigmoid_op17_fixed.onnx"] = () => new Gemm3542TanhSigmoidOp17Fixed(),
        ["gemm_4_6_5_4_3_sigmoid_linear_op11_dyn.onnx"] = () => new Gemm46543SigmoidLinearOp11Dyn(),
        ["gemm_2_4_1_tanh_linear_op11_dyn_inputs.onnx"] = () => new Gemm241TanhLinearOp11DynInputs(),
        ["gemm_3_5_2_relu_sigmoid_op13_dyn_floatdata.onnx"] = () => new Gemm352ReluSigmoidOp13DynFloatdata(),
        ["gemm_6_5_2_sigmoid_softmax_op11_dyn_flatten.onnx"] = () => new Gemm652SigmoidSoftmaxOp11DynFlatten(),
        ["gemm_784_128_10_relu_softmax_op17_dyn.onnx"] = () => new Gemm78412810ReluSoftmaxOp17Dyn(),
        ["gemm_transb0_3_4_2_tanh_softmax_op13_dyn.onnx"] = () => new GemmTransb0342TanhSoftmaxOp13Dyn(),
        ["matmul_2_4_1_sigmoid_sigmoid_op11_dyn.onnx"] = () => new Matmul241SigmoidSigmoidOp11Dyn(),
        ["matmul_4_8_3_relu_softmax_op17_fixed.onnx"] = () => new Matmul483ReluSoftmaxOp17Fixed(),
        ["matmul_30_16_1_tanh_linear_op11_fixed.onnx"] = () => new Matmul30161TanhLinearOp11Fixed(),
        ["matmul_3_5_4_2_sigmoid_softmax_op17_dyn.onnx"] = () => new Matmul3542SigmoidSoftmaxOp17Dyn(),
        ["matmul_4_6_5_4_3_relu_sigmoid_op17_dyn.onnx"] = () => new Matmul46543ReluSigmoidOp17Dyn(),
        ["matmul_3_5_4_2_tanh_linear_op11_fixed_floatdata.onnx"] = () => new Matmul3542TanhLinearOp11FixedFloatdata(),
    };
}
