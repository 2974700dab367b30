using System;
using System.Linq;
using System.Numerics;
using NetGen.Tests.Golden;
using Xunit;

namespace NetGen.Tests;

/// <summary>
/// The generated networks, through their public API only, against the golden vectors PyTorch computed in float64:
/// outputs, batch loss, gradients of the batch loss, and parameters after SGD. Once per case, in float and double.
/// </summary>
public class GoldenTests
{
    /// <summary>Every case, through unrolled code and through SIMD code (the case's shape declared both ways).</summary>
    public static TheoryData<string, Code> Cases
    {
        get
        {
            var cases = new TheoryData<string, Code>();
            foreach (GoldenCase c in GoldenCases.All.Concat(GoldenCases.OtherActivations))
            {
                cases.Add(c.Name, Code.Unrolled);
                cases.Add(c.Name, Code.Simd);
            }

            return cases;
        }
    }

    [Fact]
    public void GoldenFileDescribesTheConventionsTheTestsAssume()
    {
        GoldenFile file = GoldenCases.Data;
        Assert.Contains("lambda/(2N)", file.Loss, StringComparison.Ordinal);
        Assert.Contains("biases unpenalized", file.Loss, StringComparison.Ordinal);
        Assert.Contains("W1[j][i] hidden x inputs", file.Layout, StringComparison.Ordinal);
        Assert.Contains("W2[k][j] outputs x hidden", file.Layout, StringComparison.Ordinal);
        Assert.True(file.Cases.Length >= 4, $"only {file.Cases.Length} golden cases");
        Assert.All(file.Cases, c =>
        {
            Assert.Equal(c.Batch, c.X.Length);
            Assert.Equal(c.Batch, c.T.Length);
            Assert.Equal(c.Batch, c.Y.Length);
            Assert.True(c.Steps >= 1);
        });
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void ForwardMatchesGoldenOutputs_Float(string name, Code kernels) => ForwardMatches<float>(name, kernels);

    [Theory]
    [MemberData(nameof(Cases))]
    public void ForwardMatchesGoldenOutputs_Double(string name, Code kernels) => ForwardMatches<double>(name, kernels);

    [Theory]
    [MemberData(nameof(Cases))]
    public void BackwardLossMatchesGoldenBatchLoss_Float(string name, Code kernels) => LossMatches<float>(name, kernels);

    [Theory]
    [MemberData(nameof(Cases))]
    public void BackwardLossMatchesGoldenBatchLoss_Double(string name, Code kernels) => LossMatches<double>(name, kernels);

    [Theory]
    [MemberData(nameof(Cases))]
    public void GradientsMatchGoldenGradients_Float(string name, Code kernels) => GradientsMatch<float>(name, kernels);

    [Theory]
    [MemberData(nameof(Cases))]
    public void GradientsMatchGoldenGradients_Double(string name, Code kernels) => GradientsMatch<double>(name, kernels);

    [Theory]
    [MemberData(nameof(Cases))]
    public void StepMatchesGoldenParametersAfterSgd_Float(string name, Code kernels) => StepsMatch<float>(name, kernels);

    [Theory]
    [MemberData(nameof(Cases))]
    public void StepMatchesGoldenParametersAfterSgd_Double(string name, Code kernels) => StepsMatch<double>(name, kernels);

    /// <summary>A generated network of the case's shape holding the case's initial parameters.</summary>
    internal static ITestNetwork<T> Load<T>(GoldenCase c, Code kernels = Code.Auto)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ITestNetwork<T> network = Networks.Create<T>(c.Inputs, c.Hidden, c.Outputs, kernels, Networks.ActivationNamed(c.Activation), Networks.HeadNamed(c.Head));
        Assert.Equal(c.ParameterCount, network.ParameterTotal);
        Assert.Equal(c.ParameterCount, network.Parameters.Length);
        Assert.Equal(c.ParameterCount, network.Gradients.Length);
        Num.From<T>(c.Parameters).CopyTo(network.Parameters);
        return network;
    }

    private static void ForwardMatches<T>(string name, Code kernels)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        GoldenCase c = GoldenCases.Get(name);
        ITestNetwork<T> network = Load<T>(c, kernels);
        double[] before = Num.ToDouble<T>(network.Parameters);
        var output = new T[c.Outputs];
        for (int b = 0; b < c.Batch; b++)
        {
            output.AsSpan().Fill(T.NaN);
            network.Forward(Num.From<T>(c.X[b]), output);
            Num.AllClose(c.Y[b], Num.ToDouble<T>(output), Num.Tolerance<T>(Num.Roundings(new Layout(c.Inputs, c.Hidden, c.Outputs), c.Batch, c.Steps)), $"{name} ({typeof(T).Name}) Y[{b}]");
        }

        Assert.Equal(before, Num.ToDouble<T>(network.Parameters));
        Assert.All(Num.ToDouble<T>(network.Gradients), g => Assert.Equal(0.0, g));
    }

    private static void LossMatches<T>(string name, Code kernels)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        GoldenCase c = GoldenCases.Get(name);
        ITestNetwork<T> network = Load<T>(c, kernels);
        Layout shape = Layout.Of(network);
        double sum = 0;
        for (int b = 0; b < c.Batch; b++)
        {
            T loss = network.Backward(Num.From<T>(c.X[b]), Num.From<T>(c.T[b]));
            Assert.True(T.IsFinite(loss) && loss > T.Zero, $"sample {b}: Backward returned {loss}");
            sum += Num.ToDouble(loss);
        }

        double squares = 0;
        double[] p = Num.ToDouble<T>(network.Parameters);
        for (int n = 0; n < p.Length; n++)
        {
            squares += shape.IsWeight(n) ? p[n] * p[n] : 0;
        }

        double batchLoss = (sum / c.Batch) + (c.L2 / (2.0 * c.N) * squares);
        Num.Close(c.Loss, batchLoss, Num.Tolerance<T>(Num.Roundings(new Layout(c.Inputs, c.Hidden, c.Outputs), c.Batch, c.Steps)), $"{name} ({typeof(T).Name}) batch loss");
    }

    private static void GradientsMatch<T>(string name, Code kernels)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        GoldenCase c = GoldenCases.Get(name);
        ITestNetwork<T> network = Load<T>(c, kernels);
        Layout shape = Layout.Of(network);
        for (int b = 0; b < c.Batch; b++)
        {
            network.Backward(Num.From<T>(c.X[b]), Num.From<T>(c.T[b]));
        }

        double[] sum = Num.ToDouble<T>(network.Gradients);
        double[] p = Num.ToDouble<T>(network.Parameters);
        var gradient = new double[p.Length];
        for (int n = 0; n < p.Length; n++)
        {
            gradient[n] = (sum[n] / c.Batch) + (shape.IsWeight(n) ? c.L2 / c.N * p[n] : 0);
        }

        Num.AllClose(c.Gradient, gradient, Num.Tolerance<T>(Num.Roundings(new Layout(c.Inputs, c.Hidden, c.Outputs), c.Batch, c.Steps)), $"{name} ({typeof(T).Name}) dL/dθ");
        Assert.Equal(Num.RoundTo<T>(c.Parameters), p);
    }

    private static void StepsMatch<T>(string name, Code kernels)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        GoldenCase c = GoldenCases.Get(name);
        ITestNetwork<T> network = Load<T>(c, kernels);
        for (int s = 0; s < c.Steps; s++)
        {
            for (int b = 0; b < c.Batch; b++)
            {
                network.Backward(Num.From<T>(c.X[b]), Num.From<T>(c.T[b]));
            }

            network.Step(Num.From<T>(c.LearningRate), Num.From<T>(c.L2), c.N);
            Assert.All(Num.ToDouble<T>(network.Gradients), g => Assert.Equal(0.0, g));
        }

        Num.AllClose(c.ParametersAfter, Num.ToDouble<T>(network.Parameters), Num.Tolerance<T>(Num.Roundings(new Layout(c.Inputs, c.Hidden, c.Outputs), c.Batch, c.Steps)), $"{name} ({typeof(T).Name}) θ after {c.Steps} step(s)");
    }
}
