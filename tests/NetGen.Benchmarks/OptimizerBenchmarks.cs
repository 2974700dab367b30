using System;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
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

    // For AdamQuotientsAlone: an Adam state of the network's size, m in ±1e-3 and v in [1e-8, 1e-6).
    private readonly float[] _m = new float[Net784_128_10Adam.ParameterCount];
    private readonly float[] _v = new float[Net784_128_10Adam.ParameterCount];

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

        var random = new Random(11);
        for (int n = 0; n < _m.Length; n++)
        {
            _m[n] = (float)((random.NextDouble() * 2e-3) - 1e-3);
            _v[n] = (float)(1e-8 + (random.NextDouble() * 1e-6));
        }

        float quotients = AdamQuotientsAlone();
        double naive = 0;
        for (int n = 0; n < _m.Length; n++)
        {
            naive += _m[n] / (MathF.Sqrt(_v[n]) + 1e-8f);
        }

        if (!(Math.Abs(quotients - naive) <= 1e-3 * _m.Length))
        {
            throw new InvalidOperationException($"AdamQuotientsAlone gives {quotients}, a naive loop {naive}");
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

    /// <summary>
    /// The part of Adam's step no layout or fusion removes: m/(√v + ε̂), one square root and one division for each of the
    /// 101,770 parameters, from the two state arrays, in the widest vectors the machine accelerates, and nothing else
    /// (no parameter or state written, no forward pass, no checks). Summed, so that none of it is dead code. A floor
    /// under <see cref="AdamTrainSample"/>: against <see cref="SgdTrainSample"/> it shows how far issue 14's "Adam at most
    /// 1.5× SGD" is from what the hardware's divider allows.
    /// </summary>
    [Benchmark]
    public float AdamQuotientsAlone()
    {
        ref float m0 = ref MemoryMarshal.GetArrayDataReference(_m);
        ref float v0 = ref MemoryMarshal.GetArrayDataReference(_v);
        int count = _m.Length, n = 0;
        float sum = 0f;
        // Four sums, so that the additions' latency never holds back the divider.
        if (Vector512.IsHardwareAccelerated)
        {
            const int L = 16;
            Vector512<float> s0 = Vector512<float>.Zero, s1 = s0, s2 = s0, s3 = s0, epsilon = Vector512.Create(1e-8f);
            for (; n <= count - (4 * L); n += 4 * L)
            {
                s0 += Vector512.LoadUnsafe(ref m0, (nuint)n) / (Vector512.Sqrt(Vector512.LoadUnsafe(ref v0, (nuint)n)) + epsilon);
                s1 += Vector512.LoadUnsafe(ref m0, (nuint)(n + L)) / (Vector512.Sqrt(Vector512.LoadUnsafe(ref v0, (nuint)(n + L))) + epsilon);
                s2 += Vector512.LoadUnsafe(ref m0, (nuint)(n + (2 * L))) / (Vector512.Sqrt(Vector512.LoadUnsafe(ref v0, (nuint)(n + (2 * L)))) + epsilon);
                s3 += Vector512.LoadUnsafe(ref m0, (nuint)(n + (3 * L))) / (Vector512.Sqrt(Vector512.LoadUnsafe(ref v0, (nuint)(n + (3 * L)))) + epsilon);
            }

            sum = Vector512.Sum((s0 + s1) + (s2 + s3));
        }
        else
        {
            const int L = 8;
            Vector256<float> s0 = Vector256<float>.Zero, s1 = s0, s2 = s0, s3 = s0, epsilon = Vector256.Create(1e-8f);
            for (; n <= count - (4 * L); n += 4 * L)
            {
                s0 += Vector256.LoadUnsafe(ref m0, (nuint)n) / (Vector256.Sqrt(Vector256.LoadUnsafe(ref v0, (nuint)n)) + epsilon);
                s1 += Vector256.LoadUnsafe(ref m0, (nuint)(n + L)) / (Vector256.Sqrt(Vector256.LoadUnsafe(ref v0, (nuint)(n + L))) + epsilon);
                s2 += Vector256.LoadUnsafe(ref m0, (nuint)(n + (2 * L))) / (Vector256.Sqrt(Vector256.LoadUnsafe(ref v0, (nuint)(n + (2 * L)))) + epsilon);
                s3 += Vector256.LoadUnsafe(ref m0, (nuint)(n + (3 * L))) / (Vector256.Sqrt(Vector256.LoadUnsafe(ref v0, (nuint)(n + (3 * L)))) + epsilon);
            }

            sum = Vector256.Sum((s0 + s1) + (s2 + s3));
        }

        for (; n < count; n++)
        {
            sum += _m[n] / (MathF.Sqrt(_v[n]) + 1e-8f);
        }

        return sum;
    }
}
