using System;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;

namespace NetGen.Benchmarks;

// Issue 14's "double at most 2× the float time of the same network": each benchmark shape compiled again in double,
// timed beside the float network of ShapeBenchmarks.cs on the same samples and the same starting parameters.
[Mlp(2, 4, 1, Precision = Precision.Double)]
public partial class Net2_4_1Double { }

[Mlp(30, 16, 1, Precision = Precision.Double)]
public partial class Net30_16_1Double { }

[Mlp(64, 32, 10, Precision = Precision.Double)]
public partial class Net64_32_10Double { }

[Mlp(784, 128, 10, Precision = Precision.Double)]
public partial class Net784_128_10Double { }

/// <summary>
/// Float against double, one shape per derived class: Forward and TrainSample of each, the float call the baseline of
/// its category, so the Ratio column is double time over float time. The setup gives the double network the float
/// network's parameters (each float widened) and throws, before anything is timed, unless the two networks' outputs
/// on the 64 samples agree within 1e-5 and 64 TrainSample steps give losses within 1e-4 relative.
/// </summary>
/// <remarks>The timed calls live in the derived classes and go straight to the concrete generated types.</remarks>
public abstract class PrecisionBenchmark
{
    public const string ForwardCategory = "Forward";
    public const string TrainCategory = "TrainSample";
    protected const float LearningRate = 0.01f;
    protected const float L2 = 1e-4f;
    protected const int TrainingSetSize = 1000;
    private const int ParameterSeed = 7;

    protected readonly float[][] Inputs;
    protected readonly float[][] Targets;
    protected readonly double[][] DoubleInputs;
    protected readonly double[][] DoubleTargets;
    protected readonly float[] Output;
    protected readonly double[] DoubleOutput;
    private int _next;

    protected PrecisionBenchmark(int inputs, int outputs)
    {
        (Inputs, Targets) = Samples.Create(inputs, outputs);
        DoubleInputs = Array.ConvertAll(Inputs, row => Array.ConvertAll(row, v => (double)v));
        DoubleTargets = Array.ConvertAll(Targets, row => Array.ConvertAll(row, v => (double)v));
        Output = new float[outputs];
        DoubleOutput = new double[outputs];
    }

    protected abstract Span<float> FloatParameters { get; }

    protected abstract Span<double> DoubleParameters { get; }

    protected abstract void InitializeFloat(int seed);

    protected abstract void FloatForwardOne(float[] input, float[] output);

    protected abstract void DoubleForwardOne(double[] input, double[] output);

    protected abstract float FloatTrainOne(float[] input, float[] target);

    protected abstract double DoubleTrainOne(double[] input, double[] target);

    [GlobalSetup]
    public void Setup()
    {
        StartBoth();
        for (int s = 0; s < Samples.Count; s++)
        {
            FloatForwardOne(Inputs[s], Output);
            DoubleForwardOne(DoubleInputs[s], DoubleOutput);
            for (int k = 0; k < Output.Length; k++)
            {
                Require(Math.Abs(Output[k] - DoubleOutput[k]) <= 1e-5, $"forward output {k} of sample {s}: float {Output[k]}, double {DoubleOutput[k]}");
            }
        }

        for (int s = 0; s < Samples.Count; s++)
        {
            float single = FloatTrainOne(Inputs[s], Targets[s]);
            double wide = DoubleTrainOne(DoubleInputs[s], DoubleTargets[s]);
            Require(float.IsFinite(single) && single > 0f && Math.Abs(single - wide) <= 1e-4 * wide, $"loss of TrainSample step {s}: float {single}, double {wide}");
        }

        StartBoth();
        _next = 0;
    }

    protected int NextSample()
    {
        int s = _next;
        _next = (s + 1) & (Samples.Count - 1);
        return s;
    }

    private void StartBoth()
    {
        InitializeFloat(ParameterSeed);
        Span<float> single = FloatParameters;
        Span<double> wide = DoubleParameters;
        Require(single.Length == wide.Length, $"parameter count: float {single.Length}, double {wide.Length}");
        for (int p = 0; p < single.Length; p++)
        {
            wide[p] = single[p];
        }
    }

    private void Require(bool condition, string what)
    {
        if (!condition)
        {
            throw new InvalidOperationException($"{GetType().Name}: the float and double networks disagree: {what}");
        }
    }
}

[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
public class Precision2_4_1 : PrecisionBenchmark
{
    private readonly Net2_4_1 _float = new();
    private readonly Net2_4_1Double _double = new();

    public Precision2_4_1() : base(Net2_4_1.InputCount, Net2_4_1.OutputCount) { }

    [Params("2-4-1")]
    public string Shape { get; set; } = "2-4-1";

    [Benchmark(Baseline = true), BenchmarkCategory(ForwardCategory)]
    public float FloatForward()
    {
        int s = NextSample();
        _float.Forward(Inputs[s], Output);
        return Output[0];
    }

    [Benchmark, BenchmarkCategory(ForwardCategory)]
    public double DoubleForward()
    {
        int s = NextSample();
        _double.Forward(DoubleInputs[s], DoubleOutput);
        return DoubleOutput[0];
    }

    [Benchmark(Baseline = true), BenchmarkCategory(TrainCategory)]
    public float FloatTrainSample()
    {
        int s = NextSample();
        return _float.TrainSample(Inputs[s], Targets[s], LearningRate, L2, TrainingSetSize);
    }

    [Benchmark, BenchmarkCategory(TrainCategory)]
    public double DoubleTrainSample()
    {
        int s = NextSample();
        return _double.TrainSample(DoubleInputs[s], DoubleTargets[s], LearningRate, L2, TrainingSetSize);
    }

    protected override Span<float> FloatParameters => _float.Parameters;

    protected override Span<double> DoubleParameters => _double.Parameters;

    protected override void InitializeFloat(int seed) => _float.InitializeParameters(seed);

    protected override void FloatForwardOne(float[] input, float[] output) => _float.Forward(input, output);

    protected override void DoubleForwardOne(double[] input, double[] output) => _double.Forward(input, output);

    protected override float FloatTrainOne(float[] input, float[] target) =>
        _float.TrainSample(input, target, LearningRate, L2, TrainingSetSize);

    protected override double DoubleTrainOne(double[] input, double[] target) =>
        _double.TrainSample(input, target, LearningRate, L2, TrainingSetSize);
}

[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
public class Precision30_16_1 : PrecisionBenchmark
{
    private readonly Net30_16_1 _float = new();
    private readonly Net30_16_1Double _double = new();

    public Precision30_16_1() : base(Net30_16_1.InputCount, Net30_16_1.OutputCount) { }

    [Params("30-16-1")]
    public string Shape { get; set; } = "30-16-1";

    [Benchmark(Baseline = true), BenchmarkCategory(ForwardCategory)]
    public float FloatForward()
    {
        int s = NextSample();
        _float.Forward(Inputs[s], Output);
        return Output[0];
    }

    [Benchmark, BenchmarkCategory(ForwardCategory)]
    public double DoubleForward()
    {
        int s = NextSample();
        _double.Forward(DoubleInputs[s], DoubleOutput);
        return DoubleOutput[0];
    }

    [Benchmark(Baseline = true), BenchmarkCategory(TrainCategory)]
    public float FloatTrainSample()
    {
        int s = NextSample();
        return _float.TrainSample(Inputs[s], Targets[s], LearningRate, L2, TrainingSetSize);
    }

    [Benchmark, BenchmarkCategory(TrainCategory)]
    public double DoubleTrainSample()
    {
        int s = NextSample();
        return _double.TrainSample(DoubleInputs[s], DoubleTargets[s], LearningRate, L2, TrainingSetSize);
    }

    protected override Span<float> FloatParameters => _float.Parameters;

    protected override Span<double> DoubleParameters => _double.Parameters;

    protected override void InitializeFloat(int seed) => _float.InitializeParameters(seed);

    protected override void FloatForwardOne(float[] input, float[] output) => _float.Forward(input, output);

    protected override void DoubleForwardOne(double[] input, double[] output) => _double.Forward(input, output);

    protected override float FloatTrainOne(float[] input, float[] target) =>
        _float.TrainSample(input, target, LearningRate, L2, TrainingSetSize);

    protected override double DoubleTrainOne(double[] input, double[] target) =>
        _double.TrainSample(input, target, LearningRate, L2, TrainingSetSize);
}

[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
public class Precision64_32_10 : PrecisionBenchmark
{
    private readonly Net64_32_10 _float = new();
    private readonly Net64_32_10Double _double = new();

    public Precision64_32_10() : base(Net64_32_10.InputCount, Net64_32_10.OutputCount) { }

    [Params("64-32-10")]
    public string Shape { get; set; } = "64-32-10";

    [Benchmark(Baseline = true), BenchmarkCategory(ForwardCategory)]
    public float FloatForward()
    {
        int s = NextSample();
        _float.Forward(Inputs[s], Output);
        return Output[0];
    }

    [Benchmark, BenchmarkCategory(ForwardCategory)]
    public double DoubleForward()
    {
        int s = NextSample();
        _double.Forward(DoubleInputs[s], DoubleOutput);
        return DoubleOutput[0];
    }

    [Benchmark(Baseline = true), BenchmarkCategory(TrainCategory)]
    public float FloatTrainSample()
    {
        int s = NextSample();
        return _float.TrainSample(Inputs[s], Targets[s], LearningRate, L2, TrainingSetSize);
    }

    [Benchmark, BenchmarkCategory(TrainCategory)]
    public double DoubleTrainSample()
    {
        int s = NextSample();
        return _double.TrainSample(DoubleInputs[s], DoubleTargets[s], LearningRate, L2, TrainingSetSize);
    }

    protected override Span<float> FloatParameters => _float.Parameters;

    protected override Span<double> DoubleParameters => _double.Parameters;

    protected override void InitializeFloat(int seed) => _float.InitializeParameters(seed);

    protected override void FloatForwardOne(float[] input, float[] output) => _float.Forward(input, output);

    protected override void DoubleForwardOne(double[] input, double[] output) => _double.Forward(input, output);

    protected override float FloatTrainOne(float[] input, float[] target) =>
        _float.TrainSample(input, target, LearningRate, L2, TrainingSetSize);

    protected override double DoubleTrainOne(double[] input, double[] target) =>
        _double.TrainSample(input, target, LearningRate, L2, TrainingSetSize);
}

[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
public class Precision784_128_10 : PrecisionBenchmark
{
    private readonly Net784_128_10 _float = new();
    private readonly Net784_128_10Double _double = new();

    public Precision784_128_10() : base(Net784_128_10.InputCount, Net784_128_10.OutputCount) { }

    [Params("784-128-10")]
    public string Shape { get; set; } = "784-128-10";

    [Benchmark(Baseline = true), BenchmarkCategory(ForwardCategory)]
    public float FloatForward()
    {
        int s = NextSample();
        _float.Forward(Inputs[s], Output);
        return Output[0];
    }

    [Benchmark, BenchmarkCategory(ForwardCategory)]
    public double DoubleForward()
    {
        int s = NextSample();
        _double.Forward(DoubleInputs[s], DoubleOutput);
        return DoubleOutput[0];
    }

    [Benchmark(Baseline = true), BenchmarkCategory(TrainCategory)]
    public float FloatTrainSample()
    {
        int s = NextSample();
        return _float.TrainSample(Inputs[s], Targets[s], LearningRate, L2, TrainingSetSize);
    }

    [Benchmark, BenchmarkCategory(TrainCategory)]
    public double DoubleTrainSample()
    {
        int s = NextSample();
        return _double.TrainSample(DoubleInputs[s], DoubleTargets[s], LearningRate, L2, TrainingSetSize);
    }

    protected override Span<float> FloatParameters => _float.Parameters;

    protected override Span<double> DoubleParameters => _double.Parameters;

    protected override void InitializeFloat(int seed) => _float.InitializeParameters(seed);

    protected override void FloatForwardOne(float[] input, float[] output) => _float.Forward(input, output);

    protected override void DoubleForwardOne(double[] input, double[] output) => _double.Forward(input, output);

    protected override float FloatTrainOne(float[] input, float[] target) =>
        _float.TrainSample(input, target, LearningRate, L2, TrainingSetSize);

    protected override double DoubleTrainOne(double[] input, double[] target) =>
        _double.TrainSample(input, target, LearningRate, L2, TrainingSetSize);
}
