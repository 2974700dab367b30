using System;
using System.Numerics;
using NetGen.Tests.Golden;
using Xunit;

namespace NetGen.Tests;

/// <summary>
/// The naive reference against the golden vectors, then the generated networks of shapes the golden file does not
/// cover (up to the generator's size limit) against the naive reference.
/// </summary>
public class OracleTests
{
    public static TheoryData<string> Cases => GoldenCases.Names;

    // ---- The reference itself ----

    [Theory]
    [MemberData(nameof(Cases))]
    public void NaiveReferenceMatchesGoldenVectors(string name)
    {
        GoldenCase c = GoldenCases.Get(name);
        var reference = new NaiveMlp(new Layout(c.Inputs, c.Hidden, c.Outputs), c.Parameters);
        const double tol = 1e-9;

        for (int b = 0; b < c.Batch; b++)
        {
            (double[] z, _, double[] y) = reference.Forward(c.X[b]);
            Num.AllClose(c.Z[b], z, tol, $"{name} Z[{b}]");
            Num.AllClose(c.Y[b], y, tol, $"{name} Y[{b}]");
        }

        (double loss, double[] gradient) = reference.BatchLoss(c.X, c.T, c.L2, c.N);
        Num.Close(c.Loss, loss, tol, $"{name} batch loss");
        Num.AllClose(c.Gradient, gradient, tol, $"{name} dL/dθ");

        for (int s = 0; s < c.Steps; s++)
        {
            reference.TrainBatch(c.X, c.T, c.LearningRate, c.L2, c.N);
        }

        Num.AllClose(c.ParametersAfter, reference.Parameters, tol, $"{name} θ after {c.Steps} step(s)");
    }

    // ---- Generated networks against the reference ----

    public static TheoryData<int, int, int, Code> LargeShapes => new()
    {
        { 30, 16, 1, Code.Unrolled },
        { 30, 16, 1, Code.Simd },
        { 64, 32, 10, Code.Unrolled },
        { 64, 32, 10, Code.Simd },
        { 100, 40, 2, Code.Unrolled },   // 4,080 weights: the largest that may be unrolled is 4,096
        { 100, 40, 2, Code.Auto },       // SIMD code
        { 101, 41, 3, Code.Auto },       // SIMD code, sizes no vector width divides
        { 784, 128, 10, Code.Auto },     // SIMD code
    };

    [Theory]
    [MemberData(nameof(LargeShapes))]
    public void ForwardMatchesReference_Float(int i, int h, int o, Code kernels) => ForwardMatches<float>(i, h, o, kernels);

    [Theory]
    [MemberData(nameof(LargeShapes))]
    public void ForwardMatchesReference_Double(int i, int h, int o, Code kernels) => ForwardMatches<double>(i, h, o, kernels);

    [Theory]
    [MemberData(nameof(LargeShapes))]
    public void BackwardMatchesReference_Float(int i, int h, int o, Code kernels) => BackwardMatches<float>(i, h, o, kernels);

    [Theory]
    [MemberData(nameof(LargeShapes))]
    public void BackwardMatchesReference_Double(int i, int h, int o, Code kernels) => BackwardMatches<double>(i, h, o, kernels);

    [Theory]
    [MemberData(nameof(LargeShapes))]
    public void BatchStepMatchesReference_Float(int i, int h, int o, Code kernels) => BatchStepMatches<float>(i, h, o, kernels);

    [Theory]
    [MemberData(nameof(LargeShapes))]
    public void BatchStepMatchesReference_Double(int i, int h, int o, Code kernels) => BatchStepMatches<double>(i, h, o, kernels);

    [Theory]
    [MemberData(nameof(LargeShapes))]
    public void TrainSampleMatchesReference_Float(int i, int h, int o, Code kernels) => TrainSampleMatches<float>(i, h, o, kernels);

    [Theory]
    [MemberData(nameof(LargeShapes))]
    public void TrainSampleMatchesReference_Double(int i, int h, int o, Code kernels) => TrainSampleMatches<double>(i, h, o, kernels);

    /// <summary>
    /// A generated network from InitializeParameters(seed) with random biases added (so that every block is nonzero),
    /// and a reference holding exactly the same parameters.
    /// </summary>
    private static (ITestNetwork<T> Network, NaiveMlp Reference) Pair<T>(int i, int h, int o, Code kernels, int seed)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ITestNetwork<T> network = Networks.Create<T>(i, h, o, kernels);
        network.InitializeParameters(seed);
        Layout shape = Layout.Of(network);
        var random = new Random(seed);
        Span<T> p = network.Parameters;
        for (int n = 0; n < shape.Count; n++)
        {
            if (!shape.IsWeight(n))
            {
                p[n] = Num.From<T>(random.NextDouble() - 0.5);
            }
        }

        return (network, new NaiveMlp(shape, Num.ToDouble<T>(network.Parameters)));
    }


    private static void ForwardMatches<T>(int i, int h, int o, Code kernels)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        (ITestNetwork<T> network, NaiveMlp reference) = Pair<T>(i, h, o, kernels, seed: 11);
        (double[][] xs, _) = Num.Samples<T>(new Random(12), reference.Shape, 20);
        var y = new T[o];
        for (int b = 0; b < xs.Length; b++)
        {
            network.Forward(Num.From<T>(xs[b]), y);
            Num.AllClose(reference.Forward(xs[b]).Y, Num.ToDouble<T>(y), Num.Tolerance<T>(Num.Roundings(reference.Shape)), $"{reference.Shape} ({typeof(T).Name}) y of sample {b}");
        }
    }

    private static void BackwardMatches<T>(int i, int h, int o, Code kernels)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        (ITestNetwork<T> network, NaiveMlp reference) = Pair<T>(i, h, o, kernels, seed: 21);
        (double[][] xs, double[][] ts) = Num.Samples<T>(new Random(22), reference.Shape, 9);
        var expectedSum = new double[reference.Shape.Count];
        for (int b = 0; b < xs.Length; b++)
        {
            T loss = network.Backward(Num.From<T>(xs[b]), Num.From<T>(ts[b]));
            double expected = reference.Backward(xs[b], ts[b], expectedSum);
            Num.Close(expected, Num.ToDouble(loss), Num.Tolerance<T>(Num.Roundings(reference.Shape)), $"{reference.Shape} ({typeof(T).Name}) ℓ of sample {b}");

            // The gradients are the running sum over the samples so far.
            Num.AllClose(expectedSum, Num.ToDouble<T>(network.Gradients), Num.Tolerance<T>(Num.Roundings(reference.Shape, b + 1)), $"{reference.Shape} ({typeof(T).Name}) Σ∂ℓ/∂θ after {b + 1} samples");
        }

        Num.AllClose(reference.Parameters, Num.ToDouble<T>(network.Parameters), 0, "Backward must not change the parameters");
    }

    private static void BatchStepMatches<T>(int i, int h, int o, Code kernels)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        (ITestNetwork<T> network, NaiveMlp reference) = Pair<T>(i, h, o, kernels, seed: 31);
        double[] initial = Num.ToDouble<T>(network.Parameters);
        var random = new Random(32);
        const double lr = 0.3, l2 = 0.5;
        const int n = 40;
        double tolerance = Num.Tolerance<T>(Num.Roundings(reference.Shape, batch: 7, steps: 3));
        for (int step = 0; step < 3; step++)
        {
            (double[][] xs, double[][] ts) = Num.Samples<T>(random, reference.Shape, 5 + step);
            for (int b = 0; b < xs.Length; b++)
            {
                network.Backward(Num.From<T>(xs[b]), Num.From<T>(ts[b]));
            }

            network.Step(Num.From<T>(lr), Num.From<T>(l2), n);
            reference.TrainBatch(xs, ts, Num.ToDouble(Num.From<T>(lr)), Num.ToDouble(Num.From<T>(l2)), n);
            Num.AllClose(reference.Parameters, Num.ToDouble<T>(network.Parameters), tolerance, $"{reference.Shape} ({typeof(T).Name}) θ after step {step + 1} of a {xs.Length}-sample batch");
            Assert.All(Num.ToDouble<T>(network.Gradients), g => Assert.Equal(0.0, g));
        }

        AssertMoved(initial, reference.Parameters, tolerance);
    }

    private static void TrainSampleMatches<T>(int i, int h, int o, Code kernels)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        (ITestNetwork<T> network, NaiveMlp reference) = Pair<T>(i, h, o, kernels, seed: 41);
        double[] initial = Num.ToDouble<T>(network.Parameters);
        (double[][] xs, double[][] ts) = Num.Samples<T>(new Random(42), reference.Shape, 25);
        const double lr = 0.2, l2 = 0.1;
        double tolerance = Num.Tolerance<T>(Num.Roundings(reference.Shape, batch: 1, steps: xs.Length));
        for (int b = 0; b < xs.Length; b++)
        {
            T loss = network.TrainSample(Num.From<T>(xs[b]), Num.From<T>(ts[b]), Num.From<T>(lr), Num.From<T>(l2), xs.Length);
            double expected = reference.TrainBatch([xs[b]], [ts[b]], Num.ToDouble(Num.From<T>(lr)), Num.ToDouble(Num.From<T>(l2)), xs.Length);
            Num.Close(expected, Num.ToDouble(loss), tolerance, $"{reference.Shape} ({typeof(T).Name}) ℓ returned by TrainSample {b}");
            Assert.All(Num.ToDouble<T>(network.Gradients), g => Assert.Equal(0.0, g));
        }

        Num.AllClose(reference.Parameters, Num.ToDouble<T>(network.Parameters), tolerance, $"{reference.Shape} ({typeof(T).Name}) θ after {xs.Length} TrainSample calls");
        AssertMoved(initial, reference.Parameters, tolerance);
    }

    /// <summary>Training moved the parameters far more than the tolerance, or the comparison would prove little.</summary>
    private static void AssertMoved(double[] before, double[] after, double tolerance)
    {
        double largest = 0;
        for (int n = 0; n < before.Length; n++)
        {
            largest = Math.Max(largest, Math.Abs(after[n] - before[n]));
        }

        Assert.True(largest > 50 * tolerance, $"training moved no parameter by more than {largest:E2}");
    }
}
