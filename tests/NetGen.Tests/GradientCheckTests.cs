using System;
using System.Globalization;
using System.Numerics;
using Xunit;
using Xunit.Abstractions;

namespace NetGen.Tests;

/// <summary>
/// Backward's gradients against central differences of the loss it returns, with every parameter perturbed through
/// the Parameters span: an oracle that shares nothing with the backpropagation being checked.
/// </summary>
public class GradientCheckTests
{
    private readonly ITestOutputHelper _output;

    public GradientCheckTests(ITestOutputHelper output) => _output = output;

    /// <summary>Shapes through unrolled and SIMD code; 101-41-3 has sizes no vector width divides.</summary>
    public static TheoryData<int, int, int, Code> Shapes => new()
    {
        { 1, 1, 1, Code.Unrolled },
        { 1, 1, 1, Code.Simd },
        { 2, 4, 1, Code.Unrolled },
        { 2, 4, 1, Code.Simd },
        { 4, 3, 5, Code.Unrolled },
        { 4, 3, 5, Code.Simd },
        { 7, 6, 3, Code.Unrolled },
        { 7, 6, 3, Code.Simd },
        { 30, 16, 1, Code.Unrolled },
        { 30, 16, 1, Code.Simd },
        { 64, 32, 10, Code.Unrolled },
        { 64, 32, 10, Code.Simd },
        { 101, 41, 3, Code.Simd },
    };

    /// <summary>Tanh and ReLU hidden units through both kinds of code; 101-41-3 has sizes no vector width divides.</summary>
    public static TheoryData<int, int, int, Code, Act> ActivationShapes
    {
        get
        {
            var shapes = new TheoryData<int, int, int, Code, Act>();
            foreach (Act activation in new[] { Act.Tanh, Act.Relu })
            {
                shapes.Add(4, 6, 1, Code.Unrolled, activation);
                shapes.Add(4, 6, 1, Code.Simd, activation);
                shapes.Add(30, 16, 1, Code.Unrolled, activation);
                shapes.Add(30, 16, 1, Code.Simd, activation);
                shapes.Add(101, 41, 3, Code.Simd, activation);
            }

            return shapes;
        }
    }

    /// <summary>Softmax and linear outputs with each hidden activation, through both kinds of code.</summary>
    public static TheoryData<int, int, int, Code, Act, Out> HeadShapes
    {
        get
        {
            var shapes = new TheoryData<int, int, int, Code, Act, Out>();
            foreach (Code kernels in new[] { Code.Unrolled, Code.Simd })
            {
                shapes.Add(5, 7, 3, kernels, Act.Relu, Out.Softmax);
                shapes.Add(6, 5, 2, kernels, Act.Sigmoid, Out.Linear);
                shapes.Add(30, 16, 4, kernels, Act.Tanh, Out.Softmax);
                shapes.Add(30, 16, 4, kernels, Act.Sigmoid, Out.Softmax);
                shapes.Add(30, 16, 4, kernels, Act.Relu, Out.Linear);
            }

            shapes.Add(101, 41, 3, Code.Simd, Act.Tanh, Out.Softmax);
            shapes.Add(101, 41, 3, Code.Simd, Act.Relu, Out.Linear);
            return shapes;
        }
    }

    /// <summary>
    /// Softmax with categorical cross-entropy and linear outputs with half squared error: the loss Backward returns
    /// against its gradients by central differences, in double. Softmax targets are one-hot rows, as the head requires.
    /// A linear head's squared error runs to tens at 101-41-3 (outputs are unbounded), so the difference's rounding
    /// error, about 1e-16·|loss|/ε, reaches 1e-8 there: its absolute floor is 1e-7 instead of 1e-8.
    /// </summary>
    [Theory]
    [MemberData(nameof(HeadShapes))]
    public void BackwardMatchesCentralDifferences_OtherHeads_Double(int i, int h, int o, Code kernels, Act activation, Out head) =>
        CheckBackward<double>(i, h, o, kernels, epsilon: 1e-6, relative: 1e-6, absolute: head == Out.Linear ? 1e-7 : 1e-8, activation, head);

    /// <summary>
    /// The deltas of tanh (1 − z²) and ReLU ([z &gt; 0]) hidden units against central differences, in double with the
    /// tolerances below. (A ReLU unit whose pre-activation lies within the step of 0 would break the difference; with
    /// these random parameters none does, and a failure would name the parameter.)
    /// </summary>
    [Theory]
    [MemberData(nameof(ActivationShapes))]
    public void BackwardMatchesCentralDifferences_OtherActivations_Double(int i, int h, int o, Code kernels, Act activation) =>
        CheckBackward<double>(i, h, o, kernels, epsilon: 1e-6, relative: 1e-6, absolute: 1e-8, activation);

    /// <summary>
    /// Double: step 1e-6, agreement within 1e-6 relative plus 1e-8 absolute. The central difference's truncation
    /// error is about 1e-12 here and its rounding error about 1e-16·|loss|/1e-6 ≈ 1e-9, both far inside.
    /// </summary>
    [Theory]
    [MemberData(nameof(Shapes))]
    public void BackwardMatchesCentralDifferences_Double(int i, int h, int o, Code kernels) =>
        CheckBackward<double>(i, h, o, kernels, epsilon: 1e-6, relative: 1e-6, absolute: 1e-8);

    /// <summary>
    /// Float: Backward's gradient in float against central differences of the loss of the double network of the same
    /// shape, holding the same (float) parameters and samples, in double with the double check's step 1e-6 (truncation
    /// about 1e-12, rounding about 1e-16·|loss|/1e-6 ≈ 1e-9: allowed 1e-6 relative + 1e-8). Differences taken in float
    /// itself are too coarse to see a wrong bit: their error h²|f‴|/6 + 2γ_m|f|/(2h) is smallest near h ≈ 10⁻², where
    /// it is about 10⁻⁴ relative. The float gradient is within γ_m (float, m = Num.Roundings for the shape and a batch
    /// of 3) of the exact one, relative to the gradient vector's magnitude (the normwise floor of Num.IsClose): allowed
    /// γ_m·(|g| + max|g|) on top.
    /// </summary>
    [Theory]
    [MemberData(nameof(Shapes))]
    public void BackwardMatchesCentralDifferences_Float(int i, int h, int o, Code kernels)
    {
        int seed = i + (10 * h) + (100 * o);
        ITestNetwork<float> network = RandomNetwork<float>(i, h, o, seed, kernels);
        ITestNetwork<double> twin = Networks.Create<double>(i, h, o, kernels);
        Num.ToDouble<float>(network.Parameters).CopyTo(twin.Parameters);
        Layout shape = Layout.Of(network);
        (double[][] xs, double[][] ts) = Num.Samples<float>(new Random(i * h * o), shape, 3);
        network.ZeroGradients();
        for (int b = 0; b < xs.Length; b++)
        {
            network.Backward(Num.From<float>(xs[b]), Num.From<float>(ts[b]));
        }

        double[] analytic = Num.ToDouble<float>(network.Gradients);
        double Loss()
        {
            double sum = 0;
            for (int b = 0; b < xs.Length; b++)
            {
                sum += twin.Backward(xs[b], ts[b]);
            }

            twin.ZeroGradients();
            return sum;
        }

        double[] numeric = CentralDifferences(twin, Loss, 1e-6);
        double gamma = RoundingModel.Single.Gamma(Num.Roundings(shape, batch: xs.Length)), scale = 0;
        foreach (double g in numeric)
        {
            scale = Math.Max(scale, Math.Abs(g));
        }

        Compare(shape, numeric, analytic, gamma + 1e-6, (gamma * scale) + 1e-8, $"{shape} (float against double differences) Σ∂ℓ/∂θ");
    }

    /// <summary>
    /// The whole update Step makes, L2 penalty included: with η = 1 one step moves θ by exactly dL/dθ of
    /// L = (1/B) Σ ℓ + λ/(2N) Σ w², which is checked against central differences of that L.
    /// </summary>
    [Theory]
    [MemberData(nameof(Shapes))]
    public void StepFollowsTheGradientOfThePenalizedBatchLoss_Double(int i, int h, int o, Code kernels)
    {
        const double l2 = 0.7;
        const int n = 3;
        ITestNetwork<double> network = RandomNetwork<double>(i, h, o, seed: 100 + i + h + o, kernels);
        Layout shape = Layout.Of(network);
        (double[][] xs, double[][] ts) = Num.Samples<double>(new Random(7 * i + h), shape, 4);

        double Objective()
        {
            double sum = 0;
            for (int b = 0; b < xs.Length; b++)
            {
                sum += network.Backward(xs[b], ts[b]);
            }

            network.ZeroGradients();
            double squares = 0;
            ReadOnlySpan<double> p = network.Parameters;
            for (int k = 0; k < p.Length; k++)
            {
                squares += shape.IsWeight(k) ? p[k] * p[k] : 0;
            }

            return (sum / xs.Length) + (l2 / (2.0 * n) * squares);
        }

        // ε = 1e-5: the penalty makes the objective large (hundreds at 101-41-3), and the rounding error of a
        // difference grows as |L|·2⁻⁵²/ε, while the truncation error (ε² times third derivatives) stays far below.
        double[] numeric = CentralDifferences(network, Objective, 1e-5);

        double[] before = network.Parameters.ToArray();
        for (int b = 0; b < xs.Length; b++)
        {
            network.Backward(xs[b], ts[b]);
        }

        network.Step(1.0, l2, n);
        var analytic = new double[before.Length];
        for (int k = 0; k < before.Length; k++)
        {
            analytic[k] = before[k] - network.Parameters[k];
        }

        Compare(shape, numeric, analytic, relative: 1e-6, absolute: 1e-8, $"{shape} Step with η = 1");
    }

    private void CheckBackward<T>(int i, int h, int o, Code kernels, double epsilon, double relative, double absolute, Act activation = Act.Sigmoid, Out head = Out.Sigmoid)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ITestNetwork<T> network = RandomNetwork<T>(i, h, o, seed: i + (10 * h) + (100 * o), kernels, activation, head);
        Layout shape = Layout.Of(network);
        (double[][] xs, double[][] ts) = Num.Samples<T>(new Random(i * h * o), shape, 3);
        if (head == Out.Softmax)
        {
            // Softmax's delta y − t is the gradient of its cross-entropy only when the targets sum to 1: one-hot rows.
            var classes = new Random(i + h + o);
            foreach (double[] row in ts)
            {
                Array.Clear(row);
                row[classes.Next(row.Length)] = 1;
            }
        }

        T[][] x = Array.ConvertAll(xs, v => Num.From<T>(v));
        T[][] t = Array.ConvertAll(ts, v => Num.From<T>(v));

        // Analytic: Gradients after Backward on the batch is Σ_b ∂ℓ_b/∂θ.
        network.ZeroGradients();
        for (int b = 0; b < x.Length; b++)
        {
            network.Backward(x[b], t[b]);
        }

        double[] analytic = Num.ToDouble<T>(network.Gradients);
        network.ZeroGradients();

        // Numeric: the same sum of losses, as Backward reports them, at θ ± ε.
        double Loss()
        {
            double sum = 0;
            for (int b = 0; b < x.Length; b++)
            {
                sum += Num.ToDouble(network.Backward(x[b], t[b]));
            }

            network.ZeroGradients();
            return sum;
        }

        double[] numeric = CentralDifferences(network, Loss, epsilon);
        Compare(shape, numeric, analytic, relative, absolute, $"{shape} ({typeof(T).Name}) Σ∂ℓ/∂θ");
    }

    /// <summary>
    /// ∂f/∂θ_n ≈ (f(θ + ε e_n) − f(θ − ε e_n)) / (θ_n⁺ − θ_n⁻), where θ_n± are the perturbed values as actually stored
    /// in T, so that rounding of the step itself does not count as an error. Restores every parameter.
    /// </summary>
    private static double[] CentralDifferences<T>(ITestNetwork<T> network, Func<double> f, double epsilon)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var numeric = new double[network.ParameterTotal];
        for (int n = 0; n < numeric.Length; n++)
        {
            T original = network.Parameters[n];
            T up = Num.From<T>(Num.ToDouble(original) + epsilon);
            T down = Num.From<T>(Num.ToDouble(original) - epsilon);

            network.Parameters[n] = up;
            double fUp = f();
            network.Parameters[n] = down;
            double fDown = f();
            network.Parameters[n] = original;

            numeric[n] = (fUp - fDown) / (Num.ToDouble(up) - Num.ToDouble(down));
        }

        return numeric;
    }

    private void Compare(Layout shape, double[] numeric, double[] analytic, double relative, double absolute, string what)
    {
        double worst = 0;
        int significant = 0;
        for (int n = 0; n < numeric.Length; n++)
        {
            double allowed = (relative * Math.Max(Math.Abs(numeric[n]), Math.Abs(analytic[n]))) + absolute;
            double error = Math.Abs(numeric[n] - analytic[n]);
            worst = Math.Max(worst, error / allowed);
            Assert.True(
                error <= allowed,
                string.Format(
                    CultureInfo.InvariantCulture,
                    "{0}: parameter {1} ({2}): backprop {3:R}, central difference {4:R}, error {5:E2} > allowed {6:E2}",
                    what, n, Block(shape, n), analytic[n], numeric[n], error, allowed));
            if (Math.Abs(numeric[n]) > 10 * absolute)
            {
                significant++;
            }
        }

        _output.WriteLine($"{what}: {numeric.Length} parameters, {significant} gradients above 10× the absolute floor, worst error {worst:P1} of allowed");

        // The check proves something only if most gradients are well above the absolute floor.
        Assert.True(significant * 2 >= numeric.Length, $"{what}: only {significant} of {numeric.Length} gradients exceed 10× the absolute floor {absolute}");
    }

    private static string Block(Layout shape, int n) =>
        n < shape.B1 ? $"w1[{n / shape.Inputs},{n % shape.Inputs}]"
        : n < shape.W2 ? $"b1[{n - shape.B1}]"
        : n < shape.B2 ? $"w2[{(n - shape.W2) / shape.Hidden},{(n - shape.W2) % shape.Hidden}]"
        : $"b2[{n - shape.B2}]";

    /// <summary>Weights and biases uniform in ±1, larger than Glorot's so that every unit works off its linear region.</summary>
    internal static ITestNetwork<T> RandomNetwork<T>(int i, int h, int o, int seed, Code kernels = Code.Auto, Act activation = Act.Sigmoid, Out head = Out.Sigmoid)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ITestNetwork<T> network = Networks.Create<T>(i, h, o, kernels, activation, head);
        Num.From<T>(Num.Uniform(new Random(seed), network.ParameterTotal, -1, 1)).CopyTo(network.Parameters);
        return network;
    }

}
