using System;
using Xunit;
using Xunit.Abstractions;

namespace NetGen.Tests;

/// <summary>End to end: a generated network learns XOR, the smallest problem a linear model cannot solve.</summary>
public class TrainingTests
{
    private const int Seed = 1;
    private const float LearningRate = 0.5f;
    private const int MaxEpochs = 1_000;   // seed 1 needs 331 epochs with the generator of NetGen 0.1.0

    private static readonly float[][] Inputs = [[0f, 0f], [0f, 1f], [1f, 0f], [1f, 1f]];
    private static readonly float[][] Targets = [[0f], [1f], [1f], [0f]];

    private readonly ITestOutputHelper _output;

    public TrainingTests(ITestOutputHelper output) => _output = output;

    /// <summary>Online SGD with TrainSample, one epoch = the four samples in order, until all four outputs are on the right side of 0.5.</summary>
    [Fact]
    public void XorNetworkLearnsXorWithOnlineSgd()
    {
        var network = new Net241F();
        network.InitializeParameters(Seed);
        Assert.False(AllCorrect(network), "the untrained network already computes XOR: the test would prove nothing");

        int epochs = 0;
        float lastLoss = float.NaN;
        while (!AllCorrect(network))
        {
            Assert.True(epochs < MaxEpochs, $"XOR not learned in {MaxEpochs} epochs (seed {Seed}, η {LearningRate}); last epoch's mean loss {lastLoss}");
            float loss = 0;
            for (int n = 0; n < Inputs.Length; n++)
            {
                loss += network.TrainSample(Inputs[n], Targets[n], LearningRate, l2: 0f, trainingSetSize: Inputs.Length);
            }

            lastLoss = loss / Inputs.Length;
            Assert.True(float.IsFinite(lastLoss), $"epoch {epochs + 1}: loss {lastLoss}");
            epochs++;
        }

        var y = new float[1];
        _output.WriteLine($"XOR learned after {epochs} epochs (seed {Seed}, η {LearningRate}, λ 0, online SGD); mean loss of the last epoch {lastLoss:F4}");
        for (int n = 0; n < Inputs.Length; n++)
        {
            network.Forward(Inputs[n], y);
            _output.WriteLine($"  {Inputs[n][0]} xor {Inputs[n][1]} = {y[0]:F4}");
        }

        // Keep training: the outputs move towards the targets and the loss keeps falling.
        for (int epoch = 0; epoch < 2000; epoch++)
        {
            for (int n = 0; n < Inputs.Length; n++)
            {
                network.TrainSample(Inputs[n], Targets[n], LearningRate, 0f, Inputs.Length);
            }
        }

        for (int n = 0; n < Inputs.Length; n++)
        {
            network.Forward(Inputs[n], y);
            Assert.True(Math.Abs(y[0] - Targets[n][0]) < 0.2f, $"after 2,000 more epochs, {Inputs[n][0]} xor {Inputs[n][1]} = {y[0]}");
        }
    }

    private static bool AllCorrect(Net241F network)
    {
        Span<float> y = stackalloc float[Net241F.OutputCount];
        for (int n = 0; n < Inputs.Length; n++)
        {
            network.Forward(Inputs[n], y);
            if ((y[0] > 0.5f) != (Targets[n][0] > 0.5f))
            {
                return false;
            }
        }

        return true;
    }
}
