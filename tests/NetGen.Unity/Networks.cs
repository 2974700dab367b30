using NetGen;

namespace NetGen.Unity
{
    /// <summary>The lecture's network: unrolled, float, sigmoid.</summary>
    [Mlp(2, 4, 1)]
    public partial class XorNet { }

    /// <summary>The same network with Kernels.Simd: the portable kernels here.</summary>
    [Mlp(2, 4, 1, Kernels = Kernels.Simd)]
    public partial class XorSimdNet { }

    /// <summary>Past Kernels.Auto's unrolling size: looped, portable kernels.</summary>
    [Mlp(30, 16, 1)]
    public partial class CancerNet { }

    /// <summary>Double precision with Adam, looped.</summary>
    [Mlp(30, 16, 1, Precision = Precision.Double, Optimizer = Optimizer.Adam)]
    public partial class PreciseNet { }

    /// <summary>Softmax outputs, unrolled.</summary>
    [Mlp(4, 8, 3, Output = Output.Softmax)]
    public partial class IrisNet { }

    /// <summary>Two hidden layers, ReLU and softmax, looped (the README's digit network).</summary>
    [Mlp(784, 128, 64, 10, Activation = Activation.Relu, Output = Output.Softmax)]
    public partial class DigitNet { }

    /// <summary>Three hidden layers, tanh, double, Adam, unrolled.</summary>
    [Mlp(8, 10, 6, 4, 3, Activation = Activation.Tanh, Optimizer = Optimizer.Adam, Precision = Precision.Double)]
    public partial class DeeperNet { }

    /// <summary>Linear outputs with Momentum, looped.</summary>
    [Mlp(6, 9, 2, Kernels = Kernels.Simd, Output = Output.Linear, Optimizer = Optimizer.Momentum, Activation = Activation.Relu)]
    public partial class RegressionNet { }

    /// <summary>A network nested in a partial class.</summary>
    public partial class Models
    {
        /// <summary>Nested, unrolled, tanh.</summary>
        [Mlp(4, 6, 1, Activation = Activation.Tanh)]
        public partial class TanhNet { }
    }
}
