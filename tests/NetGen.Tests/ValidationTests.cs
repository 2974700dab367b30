using System;
using System.Globalization;
using System.Linq;
using System.Numerics;
using Xunit;

namespace NetGen.Tests;

/// <summary>
/// Every documented exception: its type (exactly), its parameter name, a message that says what was expected, and
/// nothing written before it is thrown — Parameters, Gradients, the output span and the count of pending samples
/// are all as they were.
/// </summary>
public class ValidationTests
{
    public static TheoryData<int, int, int> Shapes => new()
    {
        { 2, 4, 1 },
        { 3, 5, 2 },
        { 64, 32, 10 },
    };

    [Theory]
    [MemberData(nameof(Shapes))]
    public void ForwardRejectsWrongSpanLengths_Float(int i, int h, int o) => ForwardRejectsWrongSpanLengths<float>(i, h, o);

    [Theory]
    [MemberData(nameof(Shapes))]
    public void ForwardRejectsWrongSpanLengths_Double(int i, int h, int o) => ForwardRejectsWrongSpanLengths<double>(i, h, o);

    [Theory]
    [MemberData(nameof(Shapes))]
    public void BackwardRejectsWrongSpanLengths_Float(int i, int h, int o) => BackwardRejectsWrongSpanLengths<float>(i, h, o);

    [Theory]
    [MemberData(nameof(Shapes))]
    public void BackwardRejectsWrongSpanLengths_Double(int i, int h, int o) => BackwardRejectsWrongSpanLengths<double>(i, h, o);

    [Theory]
    [MemberData(nameof(Shapes))]
    public void StepRejectsBadHyperparameters_Float(int i, int h, int o) => StepRejectsBadHyperparameters<float>(i, h, o);

    [Theory]
    [MemberData(nameof(Shapes))]
    public void StepRejectsBadHyperparameters_Double(int i, int h, int o) => StepRejectsBadHyperparameters<double>(i, h, o);

    [Theory]
    [MemberData(nameof(Shapes))]
    public void StepWithoutBackwardThrows_Float(int i, int h, int o) => StepWithoutBackwardThrows<float>(i, h, o);

    [Theory]
    [MemberData(nameof(Shapes))]
    public void StepWithoutBackwardThrows_Double(int i, int h, int o) => StepWithoutBackwardThrows<double>(i, h, o);

    [Theory]
    [MemberData(nameof(Shapes))]
    public void TrainSampleRejectsBadArgumentsBeforeBackward_Float(int i, int h, int o) => TrainSampleRejectsBadArguments<float>(i, h, o);

    [Theory]
    [MemberData(nameof(Shapes))]
    public void TrainSampleRejectsBadArgumentsBeforeBackward_Double(int i, int h, int o) => TrainSampleRejectsBadArguments<double>(i, h, o);

    [Theory]
    [MemberData(nameof(Shapes))]
    public void BoundaryHyperparametersAreAccepted_Float(int i, int h, int o) => BoundaryHyperparametersAreAccepted<float>(i, h, o);

    [Theory]
    [MemberData(nameof(Shapes))]
    public void BoundaryHyperparametersAreAccepted_Double(int i, int h, int o) => BoundaryHyperparametersAreAccepted<double>(i, h, o);

    private static void ForwardRejectsWrongSpanLengths<T>(int i, int h, int o)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ITestNetwork<T> network = Prepared<T>(i, h, o);
        T sentinel = Num.From<T>(-12345);

        foreach (int length in WrongLengths(i))
        {
            T[] output = Filled(o, sentinel);
            State before = State.Of(network);
            ArgumentException e = Assert.Throws<ArgumentException>(() => network.Forward(new T[length], output));
            AssertNames(e, "input", "InputCount", i);
            before.AssertUnchanged(network, $"Forward with {length} inputs");
            Assert.All(output, v => Assert.Equal(sentinel, v));
        }

        foreach (int length in WrongLengths(o))
        {
            T[] output = Filled(length, sentinel);
            State before = State.Of(network);
            ArgumentException e = Assert.Throws<ArgumentException>(() => network.Forward(new T[i], output));
            AssertNames(e, "output", "OutputCount", o);
            before.AssertUnchanged(network, $"Forward with {length} outputs");
            Assert.All(output, v => Assert.Equal(sentinel, v));
        }
    }

    private static void BackwardRejectsWrongSpanLengths<T>(int i, int h, int o)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        // Without pending samples, so that a sample counted despite the exception would show: Step would not throw.
        ITestNetwork<T> network = Networks.Create<T>(i, h, o);
        network.InitializeParameters(8);
        T[] target = Num.From<T>(Num.Targets(new Random(1), o));

        foreach (int length in WrongLengths(i))
        {
            State before = State.Of(network);
            ArgumentException e = Assert.Throws<ArgumentException>(() => network.Backward(Filled(length, T.One), target));
            AssertNames(e, "input", "InputCount", i);
            before.AssertUnchanged(network, $"Backward with {length} inputs");
        }

        foreach (int length in WrongLengths(o))
        {
            State before = State.Of(network);
            ArgumentException e = Assert.Throws<ArgumentException>(() => network.Backward(Filled(i, T.One), Filled(length, T.One)));
            AssertNames(e, "target", "OutputCount", o);
            before.AssertUnchanged(network, $"Backward with {length} targets");
        }

        Assert.Throws<InvalidOperationException>(() => network.Step(T.One, T.Zero, 1));
    }

    private static void StepRejectsBadHyperparameters<T>(int i, int h, int o)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ITestNetwork<T> network = Prepared<T>(i, h, o);
        T goodRate = Num.From<T>(0.1);
        T goodL2 = Num.From<T>(0.01);

        foreach ((string parameter, T rate, T l2, int n) in BadHyperparameters<T>())
        {
            State before = State.Of(network);
            ArgumentOutOfRangeException e = Assert.Throws<ArgumentOutOfRangeException>(() => network.Step(rate, l2, n));
            AssertNamesParameter(e, parameter);
            before.AssertUnchanged(network, $"Step({rate}, {l2}, {n})");
        }

        // The sample Backward gave before all this is still pending: a valid Step applies it and clears the gradients.
        State pending = State.Of(network);
        network.Step(goodRate, goodL2, 10);
        Assert.NotEqual(pending.Parameters, Num.ToDouble<T>(network.Parameters));
        Assert.All(Num.ToDouble<T>(network.Gradients), g => Assert.Equal(0.0, g));
    }

    private static void StepWithoutBackwardThrows<T>(int i, int h, int o)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        T rate = Num.From<T>(0.1);
        ITestNetwork<T> network = Networks.Create<T>(i, h, o);
        AssertStepRefused(network, rate, "a new network");

        network.InitializeParameters(4);
        AssertStepRefused(network, rate, "InitializeParameters");

        network.Backward(Filled(i, T.One), Filled(o, T.Zero));
        network.Step(rate, T.Zero, 1);
        AssertStepRefused(network, rate, "a Step");

        network.Backward(Filled(i, T.One), Filled(o, T.Zero));
        network.ZeroGradients();
        AssertStepRefused(network, rate, "ZeroGradients");

        network.Backward(Filled(i, T.One), Filled(o, T.Zero));
        network.InitializeParameters(4);
        AssertStepRefused(network, rate, "Backward then InitializeParameters");

        network.TrainSample(Filled(i, T.One), Filled(o, T.Zero), rate, T.Zero, 1);
        AssertStepRefused(network, rate, "TrainSample");
    }

    private static void TrainSampleRejectsBadArguments<T>(int i, int h, int o)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ITestNetwork<T> network = Networks.Create<T>(i, h, o);
        network.InitializeParameters(9);
        T[] x = Num.From<T>(Num.Uniform(new Random(2), i, -1, 1));
        T[] t = Num.From<T>(Num.Targets(new Random(3), o));
        T goodRate = Num.From<T>(0.1);
        T goodL2 = Num.From<T>(0.01);

        foreach (int length in WrongLengths(i))
        {
            State before = State.Of(network);
            ArgumentException e = Assert.Throws<ArgumentException>(() => network.TrainSample(new T[length], t, goodRate, goodL2, 10));
            AssertNames(e, "input", "InputCount", i);
            before.AssertUnchanged(network, $"TrainSample with {length} inputs");
        }

        foreach (int length in WrongLengths(o))
        {
            State before = State.Of(network);
            ArgumentException e = Assert.Throws<ArgumentException>(() => network.TrainSample(x, new T[length], goodRate, goodL2, 10));
            AssertNames(e, "target", "OutputCount", o);
            before.AssertUnchanged(network, $"TrainSample with {length} targets");
        }

        foreach ((string parameter, T rate, T l2, int n) in BadHyperparameters<T>())
        {
            State before = State.Of(network);
            ArgumentOutOfRangeException e = Assert.Throws<ArgumentOutOfRangeException>(() => network.TrainSample(x, t, rate, l2, n));
            AssertNamesParameter(e, parameter);
            before.AssertUnchanged(network, $"TrainSample({rate}, {l2}, {n})");
        }

        // None of the failed calls left a sample pending (Backward did not run before the check).
        AssertStepRefused(network, goodRate, "failed TrainSample calls");
    }

    /// <summary>
    /// Each boundary value is accepted and takes exactly the documented step: the parameters afterwards are, bit for bit,
    /// those of a plain loop over w ← w − η (G/B + (λ/N) w), b ← b − η G/B (G: the summed gradients, from Backward on a
    /// copy for TrainSample), evaluated in T in the order the documentation writes it; the gradients are cleared.
    /// </summary>
    private static void BoundaryHyperparametersAreAccepted<T>(int i, int h, int o)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ITestNetwork<T> network = Prepared<T>(i, h, o);

        // The smallest positive rate, no penalty, a training set of one: the one sample Prepared left pending.
        T[] expected = PlainStep(network, network.Gradients.ToArray(), 1, T.Epsilon, T.Zero, 1);
        network.Step(T.Epsilon, T.Zero, 1);
        AssertStepped(network, expected, "Step(ε, 0, 1)");

        // The largest training set.
        network.Backward(Filled(i, T.One), Filled(o, T.One));
        expected = PlainStep(network, network.Gradients.ToArray(), 1, Num.From<T>(0.5), T.Zero, int.MaxValue);
        network.Step(Num.From<T>(0.5), T.Zero, int.MaxValue);
        AssertStepped(network, expected, "Step(0.5, 0, int.MaxValue)");

        // η·λ/N = 2, the largest decay allowed (each weight becomes −w − η g), on TrainSample's path with nothing pending.
        T[] x = Filled(i, T.One), t = Filled(o, T.Zero);
        ITestNetwork<T> copy = Networks.Create<T>(i, h, o);
        network.Parameters.CopyTo(copy.Parameters);
        copy.Backward(x, t);
        expected = PlainStep(network, copy.Gradients.ToArray(), 1, Num.From<T>(0.5), Num.From<T>(4), 1);
        network.TrainSample(x, t, Num.From<T>(0.5), Num.From<T>(4), 1);
        AssertStepped(network, expected, "TrainSample(0.5, 4, 1)");
        Assert.All(Num.ToDouble<T>(network.Parameters), p => Assert.True(double.IsFinite(p)));
    }

    /// <summary>The SGD step as a plain loop over the parameters of an i-h-o network, laid out W1, b1, W2, b2.</summary>
    private static T[] PlainStep<T>(ITestNetwork<T> network, T[] summed, int samples, T eta, T l2, int trainingSetSize)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        T[] p = network.Parameters.ToArray();
        int i = network.Inputs, h = network.Hidden, o = network.Outputs;
        Assert.Equal(h * i + h + o * h + o, p.Length);
        T invB = T.One / T.CreateChecked(samples), decay = l2 / T.CreateChecked(trainingSetSize);
        for (int n = 0; n < p.Length; n++)
        {
            bool weight = n < h * i || (n >= h * i + h && n < h * i + h + o * h);
            p[n] = weight ? p[n] - eta * (summed[n] * invB + decay * p[n]) : p[n] - eta * summed[n] * invB;
        }

        return p;
    }

    private static void AssertStepped<T>(ITestNetwork<T> network, T[] expected, string call)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        T[] actual = network.Parameters.ToArray();
        for (int n = 0; n < expected.Length; n++)
        {
            Assert.True(
                BitConverter.DoubleToInt64Bits(double.CreateChecked(expected[n])) == BitConverter.DoubleToInt64Bits(double.CreateChecked(actual[n])),
                $"{call}: parameter {n} is {actual[n]}, the plain loop gives {expected[n]}");
        }

        Assert.All(Num.ToDouble<T>(network.Gradients), g => Assert.Equal(0.0, g));
        AssertStepRefused(network, T.One, call);   // the step used the samples pending, and left none
    }

    // ---- helpers ----

    private static readonly int[] BadTrainingSetSizes = [0, -1, int.MinValue];

    /// <summary>
    /// The refused arguments, each with the others good: (the parameter named, η, λ, N). Step and TrainSample are each
    /// given every one, for float and double, on every shape.
    /// </summary>
    private static (string Parameter, T Rate, T L2, int N)[] BadHyperparameters<T>()
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        T goodRate = Num.From<T>(0.1), goodL2 = Num.From<T>(0.01);
        return BadLearningRates<T>().Select(rate => ("learningRate", rate, goodL2, 10))
            .Concat(BadL2<T>().Select(l2 => ("l2", goodRate, l2, 10)))
            .Concat(BadTrainingSetSizes.Select(n => ("trainingSetSize", goodRate, goodL2, n)))
            .ToArray();
    }

    /// <summary>
    /// How many refused calls the two tests above make: each shape, through Step and TrainSample, in float and double (the
    /// four theories StepRejectsBadHyperparameters_Float/_Double and TrainSampleRejectsBadArgumentsBeforeBackward_Float/_Double).
    /// </summary>
    internal static int BadHyperparameterCases() =>
        Shapes.Count() * 2 * (BadHyperparameters<float>().Length + BadHyperparameters<double>().Length);

    private static T[] BadLearningRates<T>()
        where T : unmanaged, IFloatingPointIeee754<T> =>
        [T.Zero, T.NegativeZero, -T.One, -T.Epsilon, T.NaN, T.PositiveInfinity, T.NegativeInfinity];

    private static T[] BadL2<T>()
        where T : unmanaged, IFloatingPointIeee754<T> =>
        [Num.From<T>(-1e-3), -T.Epsilon, T.NaN, T.PositiveInfinity, T.NegativeInfinity];

    /// <summary>0, one too few (when that is not 0), one too many, and far too many.</summary>
    private static int[] WrongLengths(int expected) =>
        expected > 1 ? [0, expected - 1, expected + 1, 2 * expected] : [0, expected + 1, 2 * expected + 1];

    /// <summary>Initialized, with one sample's gradients pending.</summary>
    private static ITestNetwork<T> Prepared<T>(int i, int h, int o)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ITestNetwork<T> network = Networks.Create<T>(i, h, o);
        network.InitializeParameters(7);
        var random = new Random(7);
        network.Backward(Num.From<T>(Num.Uniform(random, i, -1, 1)), Num.From<T>(Num.Targets(random, o)));
        Assert.Contains(Num.ToDouble<T>(network.Gradients), g => g != 0);
        return network;
    }

    private static T[] Filled<T>(int length, T value)
    {
        var array = new T[length];
        Array.Fill(array, value);
        return array;
    }

    private static void AssertNames(ArgumentException e, string parameter, string count, int expected)
    {
        Assert.Equal(parameter, e.ParamName);
        Assert.Contains(parameter, e.Message, StringComparison.Ordinal);
        Assert.Contains(count + " is " + expected.ToString(CultureInfo.InvariantCulture), e.Message, StringComparison.Ordinal);
    }

    private static void AssertNamesParameter(ArgumentOutOfRangeException e, string parameter)
    {
        Assert.Equal(parameter, e.ParamName);

        // The message proper (before the runtime's "(Parameter '...')" suffix) names the parameter too.
        string message = e.Message;
        int suffix = message.IndexOf("(Parameter", StringComparison.Ordinal);
        Assert.Contains(parameter, suffix >= 0 ? message.Substring(0, suffix) : message, StringComparison.Ordinal);
    }

    private static void AssertStepRefused<T>(ITestNetwork<T> network, T rate, string after)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        State before = State.Of(network);
        InvalidOperationException e = Assert.Throws<InvalidOperationException>(() => network.Step(rate, T.Zero, 1));
        Assert.Contains("Backward", e.Message, StringComparison.Ordinal);
        before.AssertUnchanged(network, "Step right after " + after);
    }

    /// <summary>Copies of Parameters and Gradients, compared bit for bit.</summary>
    private sealed record State(double[] Parameters, double[] Gradients)
    {
        public static State Of<T>(ITestNetwork<T> network)
            where T : unmanaged, IFloatingPointIeee754<T> =>
            new(Num.ToDouble<T>(network.Parameters), Num.ToDouble<T>(network.Gradients));

        public void AssertUnchanged<T>(ITestNetwork<T> network, string call)
            where T : unmanaged, IFloatingPointIeee754<T>
        {
            Assert.True(Same(Parameters, Num.ToDouble<T>(network.Parameters)), call + " changed Parameters before throwing");
            Assert.True(Same(Gradients, Num.ToDouble<T>(network.Gradients)), call + " changed Gradients before throwing");
        }

        private static bool Same(double[] a, double[] b)
        {
            if (a.Length != b.Length)
            {
                return false;
            }

            for (int n = 0; n < a.Length; n++)
            {
                if (BitConverter.DoubleToInt64Bits(a[n]) != BitConverter.DoubleToInt64Bits(b[n]))
                {
                    return false;
                }
            }

            return true;
        }
    }
}
