using System;
using Xunit;

namespace NetGen.Tests;

/// <summary>What the output heads promise beyond the golden vectors.</summary>
public class OutputHeadTests
{
    /// <summary>
    /// Backward's softmax is Forward's to the bit: with all-zero targets the output biases' gradient is 0 + δ_k = y_k,
    /// which must equal Forward's y_k exactly; and the probabilities sum to 1 within rounding.
    /// </summary>
    [Theory]
    [InlineData(Code.Unrolled)]
    [InlineData(Code.Simd)]
    public void SoftmaxOfBackward_IsSoftmaxOfForward(Code kernels)
    {
        ITestNetwork<float> network = Networks.Create<float>(30, 16, 4, kernels, Act.Tanh, Out.Softmax);
        var random = new Random(5);
        Num.From<float>(Num.Uniform(random, network.ParameterTotal, -1, 1)).CopyTo(network.Parameters);
        float[] x = Num.From<float>(Num.Uniform(random, 30, -2, 2));
        float[] y = new float[4];

        network.Forward(x, y);
        network.Backward(x, new float[4]);

        int b2 = (16 * 30) + 16 + (4 * 16);
        Assert.Equal(y, network.Gradients.Slice(b2, 4).ToArray());
        Assert.Equal(1.0, y[0] + (double)y[1] + y[2] + y[3], 6);
        Assert.All(y, v => Assert.InRange(v, 0f, 1f));
    }

    /// <summary>Linear outputs are the pre-activations themselves: δ = y − t, and the loss is half the squared error.</summary>
    [Fact]
    public void LinearBackward_ReturnsHalfTheSquaredError()
    {
        ITestNetwork<double> network = Networks.Create<double>(6, 5, 2, Code.Unrolled, Act.Sigmoid, Out.Linear);
        var random = new Random(9);
        Num.From<double>(Num.Uniform(random, network.ParameterTotal, -1, 1)).CopyTo(network.Parameters);
        double[] x = Num.Uniform(random, 6, -1, 1), t = { 0.25, -3.0 }, y = new double[2];

        network.Forward(x, y);
        double loss = network.Backward(x, t);

        Assert.Equal(0.5 * (((y[0] - t[0]) * (y[0] - t[0])) + ((y[1] - t[1]) * (y[1] - t[1]))), loss, 12);
    }
}
