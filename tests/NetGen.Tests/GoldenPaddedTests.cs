using System;
using System.Numerics;
using NetGen.Tests.Golden;
using Xunit;

namespace NetGen.Tests;

/// <summary>
/// The golden cases run through the 64-32-10 network (unrolled) and the 784-128-10 network (looped SIMD code) by padding: the
/// case's network sits in the top-left corner of the bigger one and everything else is zero. Padded inputs are
/// 0, so their weights get no gradient; padded hidden units have zero weights out, so they change no output and
/// their deltas are 0; padded outputs have zero weights in and target ½, so y = ½, δ = 0, and each adds exactly
/// log 2 to a sample's loss. The case's outputs, loss, gradients and SGD steps are then exactly the golden ones.
/// (A step makes the padded hidden units' outgoing weights nonzero; the test sets them back to 0 after each step.)
/// </summary>
public class GoldenPaddedTests
{
    public static TheoryData<string> Cases => GoldenCases.Names;

    [Theory]
    [MemberData(nameof(Cases))]
    public void GoldenCase_Through64_32_10_Float(string name) => new Padded(64, 32, 10, Code.Unrolled).Check<float>(name);

    [Theory]
    [MemberData(nameof(Cases))]
    public void GoldenCase_Through64_32_10_Double(string name) => new Padded(64, 32, 10, Code.Unrolled).Check<double>(name);

    [Theory]
    [MemberData(nameof(Cases))]
    public void GoldenCase_Through64_32_10_Simd_Float(string name) => new Padded(64, 32, 10, Code.Simd).Check<float>(name);

    [Theory]
    [MemberData(nameof(Cases))]
    public void GoldenCase_Through64_32_10_Simd_Double(string name) => new Padded(64, 32, 10, Code.Simd).Check<double>(name);

    [Theory]
    [MemberData(nameof(Cases))]
    public void GoldenCase_Through784_128_10_Simd_Float(string name) => new Padded(784, 128, 10, Code.Auto).Check<float>(name);

    [Theory]
    [MemberData(nameof(Cases))]
    public void GoldenCase_Through784_128_10_Simd_Double(string name) => new Padded(784, 128, 10, Code.Auto).Check<double>(name);
}

/// <summary>A golden case embedded in a larger network of I inputs, H hidden units and O outputs.</summary>
internal sealed record Padded(int I, int H, int O, Code Kernels)
{
    public void Check<T>(string name)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        GoldenCase c = GoldenCases.Get(name);
        Assert.True(c.Inputs <= I && c.Hidden <= H && c.Outputs <= O, $"{name} does not fit in {I}-{H}-{O}");
        ITestNetwork<T> network = Networks.Create<T>(I, H, O, Kernels);
        Num.From<T>(Pad(c)).CopyTo(network.Parameters);
        // The padding adds only exact zeros to every sum, so the case's own sizes count the roundings.
        double tolerance = Num.Tolerance<T>(Num.Roundings(new Layout(c.Inputs, c.Hidden, c.Outputs), c.Batch, c.Steps));

        // Forward: the case's outputs, and ½ on every padded output.
        var output = new T[O];
        for (int b = 0; b < c.Batch; b++)
        {
            network.Forward(Num.From<T>(PadInput(c.X[b])), output);
            double[] y = Num.ToDouble<T>(output);
            Num.AllClose(c.Y[b], y.AsSpan(0, c.Outputs), tolerance, $"{name} Y[{b}]");
            Assert.All(y[c.Outputs..], v => Assert.Equal(0.5, v));
        }

        // Backward over the batch: loss and gradients of the batch loss, each padded output adding log 2.
        double lossSum = 0;
        for (int b = 0; b < c.Batch; b++)
        {
            lossSum += Num.ToDouble(network.Backward(Num.From<T>(PadInput(c.X[b])), Num.From<T>(PadTarget(c.T[b]))));
        }

        double squares = 0;
        foreach (double[] row in c.W1) foreach (double w in row) squares += w * w;
        foreach (double[] row in c.W2) foreach (double w in row) squares += w * w;
        double batchLoss = (lossSum / c.Batch) - ((O - c.Outputs) * Math.Log(2)) + (c.L2 / (2.0 * c.N) * squares);
        Num.Close(c.Loss, batchLoss, tolerance, $"{name} batch loss");

        double[] g = Num.ToDouble<T>(network.Gradients);
        double[] p = Num.ToDouble<T>(network.Parameters);
        double[] gradient = Unpad(g, c);
        double[] weights = Unpad(p, c);
        var caseLayout = new Layout(c.Inputs, c.Hidden, c.Outputs);
        for (int n = 0; n < gradient.Length; n++)
        {
            gradient[n] = (gradient[n] / c.Batch) + (caseLayout.IsWeight(n) ? c.L2 / c.N * weights[n] : 0);
        }

        Num.AllClose(c.Gradient, gradient, tolerance, $"{name} dL/dθ");

        // The padding gets no gradient except the padded hidden units' outgoing weights (δ_k · ½).
        double[] padded = (double[])g.Clone();
        foreach (int n in CaseIndices(c)) padded[n] = 0;
        for (int k = 0; k < c.Outputs; k++) for (int j = c.Hidden; j < H; j++) padded[(H * I) + H + (k * H) + j] = 0;
        Assert.All(padded, v => Assert.Equal(0.0, v));

        // Every step of the case. A step moves no padding but the padded hidden units' outgoing weights (by η·δ_k·½, as
        // checked above); they are set back to 0 after it, so the next step is again exactly the case's.
        int[] caseIndices = CaseIndices(c);
        for (int s = 0; s < c.Steps; s++)
        {
            if (s > 0)
            {
                for (int b = 0; b < c.Batch; b++)
                {
                    network.Backward(Num.From<T>(PadInput(c.X[b])), Num.From<T>(PadTarget(c.T[b])));
                }
            }

            network.Step(Num.From<T>(c.LearningRate), Num.From<T>(c.L2), c.N);
            for (int k = 0; k < c.Outputs; k++) for (int j = c.Hidden; j < H; j++) network.Parameters[(H * I) + H + (k * H) + j] = T.Zero;
            double[] padding = Num.ToDouble<T>(network.Parameters);
            foreach (int n in caseIndices) padding[n] = 0;
            Assert.All(padding, v => Assert.Equal(0.0, v));
        }

        Num.AllClose(c.ParametersAfter, Unpad(Num.ToDouble<T>(network.Parameters), c), tolerance, $"{name} θ after {c.Steps} step(s)");
    }

    private double[] PadInput(double[] x)
    {
        var padded = new double[I];
        x.CopyTo(padded, 0);
        return padded;
    }

    private double[] PadTarget(double[] t)
    {
        var padded = new double[O];
        Array.Fill(padded, 0.5);
        t.CopyTo(padded, 0);
        return padded;
    }

    private double[] Pad(GoldenCase c)
    {
        var p = new double[(H * I) + H + (O * H) + O];
        for (int j = 0; j < c.Hidden; j++)
        {
            for (int i = 0; i < c.Inputs; i++) p[(i * H) + j] = c.W1[j][i];   // W1 input-major
            p[(H * I) + j] = c.B1[j];
        }

        for (int k = 0; k < c.Outputs; k++)
        {
            for (int j = 0; j < c.Hidden; j++) p[(H * I) + H + (k * H) + j] = c.W2[k][j];
            p[(H * I) + H + (O * H) + k] = c.B2[k];
        }

        return p;
    }

    /// <summary>Where each of the case's parameters, in the case's own layout order, sits in the padded network.</summary>
    private int[] CaseIndices(GoldenCase c)
    {
        var at = new System.Collections.Generic.List<int>();
        for (int i = 0; i < c.Inputs; i++) for (int j = 0; j < c.Hidden; j++) at.Add((i * H) + j);   // W1 input-major in both
        for (int j = 0; j < c.Hidden; j++) at.Add((H * I) + j);
        for (int k = 0; k < c.Outputs; k++) for (int j = 0; j < c.Hidden; j++) at.Add((H * I) + H + (k * H) + j);
        for (int k = 0; k < c.Outputs; k++) at.Add((H * I) + H + (O * H) + k);
        return at.ToArray();
    }

    private double[] Unpad(double[] padded, GoldenCase c) => Array.ConvertAll(CaseIndices(c), n => padded[n]);
}
