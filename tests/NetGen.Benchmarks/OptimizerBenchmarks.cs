using System;
using BenchmarkDotNet.Attributes;
using NetGen;

namespace NetGen.Benchmarks;

// The same 784-128-10 network three times, one per optimizer, for issue 14's "Adam's TrainSample at most 1.5× SGD's".
[Mlp(784, 128, 10, Optimizer = Optimizer.Momentum)]
public partial class Net784_128_10Momentum { }

[Mlp(784, 128, 10, Optimizer = Optimizer.Adam)]
public partial class Net784_128_10Adam { }

/// <summary>
/// TrainSample at 784-128-10 under SGD (the baseline), Momentum and Adam, side by side on the same 64 samples and the
/// same initial parameters. With no gradients pending all three update the parameters straight from the deltas, without
/// the gradient buffer (Momentum and Adam since issue 14; before, they took Backward then Step); Momentum's and Adam's rows
/// include reading the largest |θ| and optimizer state, and the update of every parameter and its state.
/// </summary>
public class Optimizers784_128_10
{
    private const float LearningRate = 1e-3f, L2 = 1e-4f;
    private const int TrainingSetSize = 60_000;

    private readonly Net784_128_10 _sgd = new();
    private readonly Net784_128_10Momentum _momentum = new();
    private readonly Net784_128_10Adam _adam = new();
    private float[][] _inputs = null!, _targets = null!;
    private int _next;

    [Params("784-128-10")]
    public string Shape { get; set; } = "784-128-10";

    /// <summary>
    /// The same parameters in all three, then one step of each on the same sample, which must give the same loss (the
    /// loss is taken before the step); throws otherwise, before anything is timed.
    /// </summary>
    [GlobalSetup]
    public void Setup()
    {
        (_inputs, _targets) = Samples.Create(784, 10);
        _sgd.InitializeParameters(7);
        _sgd.Parameters.CopyTo(_momentum.Parameters);
        _sgd.Parameters.CopyTo(_adam.Parameters);
        float sgd = _sgd.TrainSample(_inputs[0], _targets[0], LearningRate, L2, TrainingSetSize);
        float momentum = _momentum.TrainSample(_inputs[0], _targets[0], LearningRate, L2, TrainingSetSize);
        float adam = _adam.TrainSample(_inputs[0], _targets[0], LearningRate, L2, TrainingSetSize);
        if (!float.IsFinite(sgd) || sgd != momentum || sgd != adam)
        {
            throw new InvalidOperationException($"the three networks disagree before their first step: {sgd}, {momentum}, {adam}");
        }
    }

    private int NextSample() => _next = (_next + 1) & (Samples.Count - 1);

    [Benchmark(Baseline = true)]
    public float SgdTrainSample()
    {
        int s = NextSample();
        return _sgd.TrainSample(_inputs[s], _targets[s], LearningRate, L2, TrainingSetSize);
    }

    [Benchmark]
    public float MomentumTrainSample()
    {
        int s = NextSample();
        return _momentum.TrainSample(_inputs[s], _targets[s], LearningRate, L2, TrainingSetSize);
    }

    [Benchmark]
    public float AdamTrainSample()
    {
        int s = NextSample();
        return _adam.TrainSample(_inputs[s], _targets[s], LearningRate, L2, TrainingSetSize);
    }
}
