using System;
using System.Numerics;
using Xunit;

namespace NetGen.Tests;

/// <summary>
/// TrainSample takes a shortcut when no gradients are pending (it updates the parameters straight from the
/// deltas, never touching the gradient buffer): it must give the numbers Backward then Step give. With
/// gradients pending it must fold them into the step.
/// </summary>
public class TrainSampleTests
{
    public static TheoryData<int, int, int> Shapes => new()
    {
        { 1, 1, 1 },
        { 2, 4, 1 },
        { 4, 3, 5 },
        { 30, 16, 1 },
        { 64, 32, 10 },
        { 100, 40, 2 },
        { 101, 41, 3 },
        { 784, 128, 10 },
    };

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Shortcut_EqualsBackwardThenStep_Float(int inputs, int hidden, int outputs) =>
        ShortcutEqualsBackwardThenStep<float>(inputs, hidden, outputs);

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Shortcut_EqualsBackwardThenStep_Double(int inputs, int hidden, int outputs) =>
        ShortcutEqualsBackwardThenStep<double>(inputs, hidden, outputs);

    [Theory]
    [MemberData(nameof(Shapes))]
    public void PendingGradients_JoinTheStep_Double(int inputs, int hidden, int outputs)
    {
        var random = new Random(inputs * 1000 + hidden * 10 + outputs);
        (ITestNetwork<double> viaTrainSample, ITestNetwork<double> viaStep) = Twins<double>(inputs, hidden, outputs, random);
        double[] x1 = Num.Uniform(random, inputs, -2, 2), t1 = Num.Targets(random, outputs);
        double[] x2 = Num.Uniform(random, inputs, -2, 2), t2 = Num.Targets(random, outputs);

        viaTrainSample.Backward(x1, t1);
        double loss = viaTrainSample.TrainSample(x2, t2, 0.3, 0.05, 50);

        viaStep.Backward(x1, t1);
        double expectedLoss = viaStep.Backward(x2, t2);
        viaStep.Step(0.3, 0.05, 50);

        Assert.Equal(expectedLoss, loss);
        Assert.Equal(viaStep.Parameters.ToArray(), viaTrainSample.Parameters.ToArray());
        Assert.All(viaTrainSample.Gradients.ToArray(), g => Assert.Equal(0.0, g));
        Assert.Throws<InvalidOperationException>(() => viaTrainSample.Step(0.3, 0.05, 50));
    }

    private static void ShortcutEqualsBackwardThenStep<T>(int inputs, int hidden, int outputs)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var random = new Random(inputs * 7919 + hidden * 31 + outputs);
        (ITestNetwork<T> viaTrainSample, ITestNetwork<T> viaStep) = Twins<T>(inputs, hidden, outputs, random);
        T learningRate = T.CreateChecked(0.2), l2 = T.CreateChecked(0.1);
        for (int sample = 0; sample < 20; sample++)
        {
            T[] x = Num.From<T>(Num.Uniform(random, inputs, -2, 2));
            T[] t = Num.From<T>(Num.Targets(random, outputs));

            T loss = viaTrainSample.TrainSample(x, t, learningRate, l2, 40);
            T expectedLoss = viaStep.Backward(x, t);
            viaStep.Step(learningRate, l2, 40);

            // The same operations in the same order: equal to the last bit (raw bits, so +0 and −0 differ).
            Assert.True(Num.Bits(expectedLoss) == Num.Bits(loss), $"sample {sample}: loss {loss:R} from TrainSample, {expectedLoss:R} from Backward");
            T[] expected = viaStep.Parameters.ToArray(), actual = viaTrainSample.Parameters.ToArray();
            for (int n = 0; n < expected.Length; n++)
            {
                Assert.True(Num.Bits(expected[n]) == Num.Bits(actual[n]), $"sample {sample}, parameter {n}: {actual[n]:R} after TrainSample, {expected[n]:R} after Backward and Step");
            }
        }

        Assert.All(viaTrainSample.Gradients.ToArray(), g => Assert.Equal(T.Zero, g));
    }

    /// <summary>Two networks with the same random parameters (biases included, so none is trivially zero).</summary>
    private static (ITestNetwork<T>, ITestNetwork<T>) Twins<T>(int inputs, int hidden, int outputs, Random random)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ITestNetwork<T> a = Networks.Create<T>(inputs, hidden, outputs), b = Networks.Create<T>(inputs, hidden, outputs);
        T[] parameters = Num.From<T>(Num.Uniform(random, a.ParameterTotal, -0.8, 0.8));
        parameters.CopyTo(a.Parameters);
        parameters.CopyTo(b.Parameters);
        return (a, b);
    }
}
