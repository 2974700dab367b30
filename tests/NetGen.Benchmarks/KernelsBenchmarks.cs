using System;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;

namespace NetGen.Benchmarks;

// Unrolled against SIMD code, shape by shape: each shape is compiled twice, once with each Kernels setting, and timed
// on the same samples with the same parameters. These rows are what Kernels.Auto's size threshold is chosen from
// (where SIMD loops start to beat straight-line code).
[Mlp(2, 4, 1, Kernels = Kernels.Unrolled)]
public partial class Unrolled2_4_1 { }

[Mlp(2, 4, 1, Kernels = Kernels.Simd)]
public partial class Simd2_4_1 { }
[Mlp(8, 8, 2, Kernels = Kernels.Unrolled)]
public partial class Unrolled8_8_2 { }

[Mlp(8, 8, 2, Kernels = Kernels.Simd)]
public partial class Simd8_8_2 { }
[Mlp(7, 7, 4, Kernels = Kernels.Unrolled)]
public partial class Unrolled7_7_4 { }

[Mlp(7, 7, 4, Kernels = Kernels.Simd)]
public partial class Simd7_7_4 { }
[Mlp(16, 16, 4, Kernels = Kernels.Unrolled)]
public partial class Unrolled16_16_4 { }

[Mlp(16, 16, 4, Kernels = Kernels.Simd)]
public partial class Simd16_16_4 { }
[Mlp(30, 16, 1, Kernels = Kernels.Unrolled)]
public partial class Unrolled30_16_1 { }

[Mlp(30, 16, 1, Kernels = Kernels.Simd)]
public partial class Simd30_16_1 { }
[Mlp(64, 32, 10, Kernels = Kernels.Unrolled)]
public partial class Unrolled64_32_10 { }

[Mlp(64, 32, 10, Kernels = Kernels.Simd)]
public partial class Simd64_32_10 { }
[Mlp(100, 40, 2, Kernels = Kernels.Unrolled)]
public partial class Unrolled100_40_2 { }

[Mlp(100, 40, 2, Kernels = Kernels.Simd)]
public partial class Simd100_40_2 { }
/// <summary>
/// What every kernel comparison shares: the 64 samples of the other benchmarks, visited in turn, and a check, before
/// any timing, that the unrolled and the SIMD network of the shape compute the same thing.
/// </summary>
/// <remarks>
/// The timed calls live in the derived classes, one per shape, and go straight to the concrete generated types; the
/// abstract members serve only the self-check.
/// </remarks>
public abstract class KernelBenchmark
{
    public const string ForwardCategory = "Forward";
    public const string TrainCategory = "TrainSample";
    public const string BatchCategory = "ForwardBatch";

    /// <summary>Samples per ForwardBatch call, as in the shape benchmarks' ForwardBatch (1,000).</summary>
    protected const int BatchSize = 1000;

    protected const float LearningRate = 0.01f;
    protected const float L2 = 1e-4f;
    protected const int TrainingSetSize = 1000;

    private const int SampleCount = Samples.Count;   // a power of two: the next sample is (s + 1) & (SampleCount − 1)
    private const int ParameterSeed = 7;
    private const float ForwardTolerance = 1e-5f;    // absolute, on outputs in (0, 1)
    private const float LossTolerance = 1e-4f;       // relative

    protected readonly float[][] Inputs;
    protected readonly float[][] Targets;
    protected readonly float[] Output;

    /// <summary>BatchSize samples, row-major: sample n is sample n mod 64 of <see cref="Inputs"/>.</summary>
    protected readonly float[] BatchInputs;
    protected readonly float[] BatchOutputs;

    private readonly float[] _unrolledOutput;
    private readonly float[] _simdOutput;
    private readonly string _shapeName;
    private int _next;

    protected KernelBenchmark(int inputs, int hidden, int outputs)
    {
        _shapeName = $"{inputs}-{hidden}-{outputs}";
        (Inputs, Targets) = Samples.Create(inputs, outputs);
        Output = new float[outputs];
        BatchInputs = new float[BatchSize * inputs];
        for (int n = 0; n < BatchSize; n++)
        {
            Inputs[n % SampleCount].CopyTo(BatchInputs, n * inputs);
        }

        BatchOutputs = new float[BatchSize * outputs];
        _unrolledOutput = new float[outputs];
        _simdOutput = new float[outputs];
    }

    protected abstract Span<float> UnrolledParameters { get; }

    protected abstract Span<float> SimdParameters { get; }

    /// <summary>InitializeParameters(seed) on both networks.</summary>
    protected abstract void InitializeBoth(int seed);

    protected abstract void UnrolledForwardOne(float[] input, float[] output);

    protected abstract void SimdForwardOne(float[] input, float[] output);

    protected abstract float UnrolledTrainOne(float[] input, float[] target);

    protected abstract void UnrolledForwardBatchAll(float[] inputs, float[] outputs);

    protected abstract void SimdForwardBatchAll(float[] inputs, float[] outputs);

    protected abstract float SimdTrainOne(float[] input, float[] target);

    /// <summary>
    /// Gives both networks InitializeParameters(7) and throws unless their parameters are bit for bit the same, their
    /// forward outputs on the 64 samples agree within 1e-5, each network's ForwardBatch of the 1,000 samples gives its
    /// own Forward's outputs bit for bit, and the losses of 64 TrainSample steps (one per sample) agree within 1e-4
    /// relative; then initializes both again for the timing.
    /// </summary>
    [GlobalSetup]
    public void Setup()
    {
        InitializeBoth(ParameterSeed);
        Span<float> unrolled = UnrolledParameters;
        Span<float> simd = SimdParameters;
        Require(unrolled.Length == simd.Length, $"parameter count: unrolled {unrolled.Length}, SIMD {simd.Length}");
        for (int p = 0; p < unrolled.Length; p++)
        {
            Require(BitConverter.SingleToInt32Bits(unrolled[p]) == BitConverter.SingleToInt32Bits(simd[p]),
                $"parameter {p} after InitializeParameters({ParameterSeed}): unrolled {unrolled[p]}, SIMD {simd[p]}");
        }

        for (int s = 0; s < SampleCount; s++)
        {
            Array.Fill(_unrolledOutput, float.NaN);
            Array.Fill(_simdOutput, float.NaN);
            UnrolledForwardOne(Inputs[s], _unrolledOutput);
            SimdForwardOne(Inputs[s], _simdOutput);
            for (int k = 0; k < _unrolledOutput.Length; k++)
            {
                Require(MathF.Abs(_unrolledOutput[k] - _simdOutput[k]) <= ForwardTolerance,
                    $"forward output {k} of sample {s}: unrolled {_unrolledOutput[k]}, SIMD {_simdOutput[k]}");
            }
        }

        RequireBatchIsForward("unrolled", UnrolledForwardBatchAll, UnrolledForwardOne);
        RequireBatchIsForward("SIMD", SimdForwardBatchAll, SimdForwardOne);

        for (int s = 0; s < SampleCount; s++)
        {
            float unrolledLoss = UnrolledTrainOne(Inputs[s], Targets[s]);
            float simdLoss = SimdTrainOne(Inputs[s], Targets[s]);
            Require(float.IsFinite(unrolledLoss) && unrolledLoss > 0f, $"loss of sample {s}: unrolled {unrolledLoss}");
            Require(MathF.Abs(unrolledLoss - simdLoss) <= LossTolerance * unrolledLoss,
                $"loss of TrainSample step {s}: unrolled {unrolledLoss}, SIMD {simdLoss}");
        }

        InitializeBoth(ParameterSeed);
        _next = 0;
    }

    private void RequireBatchIsForward(string kind, Action<float[], float[]> batch, Action<float[], float[]> forward)
    {
        Array.Fill(BatchOutputs, float.NaN);
        batch(BatchInputs, BatchOutputs);
        int outputs = Output.Length;
        float[] one = new float[outputs];
        for (int n = 0; n < BatchSize; n++)
        {
            forward(Inputs[n % SampleCount], one);
            for (int k = 0; k < outputs; k++)
            {
                Require(BitConverter.SingleToInt32Bits(one[k]) == BitConverter.SingleToInt32Bits(BatchOutputs[(n * outputs) + k]),
                    $"{kind} ForwardBatch output {k} of sample {n}: {BatchOutputs[(n * outputs) + k]}, Forward {one[k]}");
            }
        }
    }

    protected int NextSample()
    {
        int s = _next;
        _next = (s + 1) & (SampleCount - 1);
        return s;
    }

    private void Require(bool condition, string what)
    {
        if (!condition)
        {
            throw new InvalidOperationException(
                $"Kernels {_shapeName}: self-check failed ({what}); refusing to time wrong code.");
        }
    }
}

// One class per shape, each timing its two networks on the concrete generated types. The single-valued Shape
// parameter labels the rows; within a category the unrolled network is the baseline, so the Ratio column reads
// SIMD time / unrolled time.

[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
public class Kernels2_4_1 : KernelBenchmark
{
    private readonly Unrolled2_4_1 _unrolled = new();
    private readonly Simd2_4_1 _simd = new();

    public Kernels2_4_1() : base(Unrolled2_4_1.InputCount, Unrolled2_4_1.HiddenCount, Unrolled2_4_1.OutputCount) { }

    [Params("2-4-1")]
    public string Shape { get; set; } = "2-4-1";

    [Benchmark(Baseline = true), BenchmarkCategory(ForwardCategory)]
    public float UnrolledForward()
    {
        int s = NextSample();
        _unrolled.Forward(Inputs[s], Output);
        return Output[0];
    }

    [Benchmark, BenchmarkCategory(ForwardCategory)]
    public float SimdForward()
    {
        int s = NextSample();
        _simd.Forward(Inputs[s], Output);
        return Output[0];
    }

    [Benchmark(Baseline = true), BenchmarkCategory(TrainCategory)]
    public float UnrolledTrainSample()
    {
        int s = NextSample();
        return _unrolled.TrainSample(Inputs[s], Targets[s], LearningRate, L2, TrainingSetSize);
    }

    [Benchmark, BenchmarkCategory(TrainCategory)]
    public float SimdTrainSample()
    {
        int s = NextSample();
        return _simd.TrainSample(Inputs[s], Targets[s], LearningRate, L2, TrainingSetSize);
    }

    [Benchmark(Baseline = true), BenchmarkCategory(BatchCategory)]
    public float UnrolledForwardBatch()
    {
        _unrolled.ForwardBatch(BatchInputs, BatchOutputs);
        return BatchOutputs[^1];
    }

    [Benchmark, BenchmarkCategory(BatchCategory)]
    public float SimdForwardBatch()
    {
        _simd.ForwardBatch(BatchInputs, BatchOutputs);
        return BatchOutputs[^1];
    }

    protected override Span<float> UnrolledParameters => _unrolled.Parameters;

    protected override Span<float> SimdParameters => _simd.Parameters;

    protected override void InitializeBoth(int seed)
    {
        _unrolled.InitializeParameters(seed);
        _simd.InitializeParameters(seed);
    }

    protected override void UnrolledForwardOne(float[] input, float[] output) => _unrolled.Forward(input, output);

    protected override void SimdForwardOne(float[] input, float[] output) => _simd.Forward(input, output);

    protected override float UnrolledTrainOne(float[] input, float[] target) =>
        _unrolled.TrainSample(input, target, LearningRate, L2, TrainingSetSize);

    protected override float SimdTrainOne(float[] input, float[] target) =>
        _simd.TrainSample(input, target, LearningRate, L2, TrainingSetSize);

    protected override void UnrolledForwardBatchAll(float[] inputs, float[] outputs) => _unrolled.ForwardBatch(inputs, outputs);

    protected override void SimdForwardBatchAll(float[] inputs, float[] outputs) => _simd.ForwardBatch(inputs, outputs);
}

[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
public class Kernels8_8_2 : KernelBenchmark
{
    private readonly Unrolled8_8_2 _unrolled = new();
    private readonly Simd8_8_2 _simd = new();

    public Kernels8_8_2() : base(Unrolled8_8_2.InputCount, Unrolled8_8_2.HiddenCount, Unrolled8_8_2.OutputCount) { }

    [Params("8-8-2")]
    public string Shape { get; set; } = "8-8-2";

    [Benchmark(Baseline = true), BenchmarkCategory(ForwardCategory)]
    public float UnrolledForward()
    {
        int s = NextSample();
        _unrolled.Forward(Inputs[s], Output);
        return Output[0];
    }

    [Benchmark, BenchmarkCategory(ForwardCategory)]
    public float SimdForward()
    {
        int s = NextSample();
        _simd.Forward(Inputs[s], Output);
        return Output[0];
    }

    [Benchmark(Baseline = true), BenchmarkCategory(TrainCategory)]
    public float UnrolledTrainSample()
    {
        int s = NextSample();
        return _unrolled.TrainSample(Inputs[s], Targets[s], LearningRate, L2, TrainingSetSize);
    }

    [Benchmark, BenchmarkCategory(TrainCategory)]
    public float SimdTrainSample()
    {
        int s = NextSample();
        return _simd.TrainSample(Inputs[s], Targets[s], LearningRate, L2, TrainingSetSize);
    }

    [Benchmark(Baseline = true), BenchmarkCategory(BatchCategory)]
    public float UnrolledForwardBatch()
    {
        _unrolled.ForwardBatch(BatchInputs, BatchOutputs);
        return BatchOutputs[^1];
    }

    [Benchmark, BenchmarkCategory(BatchCategory)]
    public float SimdForwardBatch()
    {
        _simd.ForwardBatch(BatchInputs, BatchOutputs);
        return BatchOutputs[^1];
    }

    protected override Span<float> UnrolledParameters => _unrolled.Parameters;

    protected override Span<float> SimdParameters => _simd.Parameters;

    protected override void InitializeBoth(int seed)
    {
        _unrolled.InitializeParameters(seed);
        _simd.InitializeParameters(seed);
    }

    protected override void UnrolledForwardOne(float[] input, float[] output) => _unrolled.Forward(input, output);

    protected override void SimdForwardOne(float[] input, float[] output) => _simd.Forward(input, output);

    protected override float UnrolledTrainOne(float[] input, float[] target) =>
        _unrolled.TrainSample(input, target, LearningRate, L2, TrainingSetSize);

    protected override float SimdTrainOne(float[] input, float[] target) =>
        _simd.TrainSample(input, target, LearningRate, L2, TrainingSetSize);

    protected override void UnrolledForwardBatchAll(float[] inputs, float[] outputs) => _unrolled.ForwardBatch(inputs, outputs);

    protected override void SimdForwardBatchAll(float[] inputs, float[] outputs) => _simd.ForwardBatch(inputs, outputs);
}

[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
public class Kernels7_7_4 : KernelBenchmark
{
    private readonly Unrolled7_7_4 _unrolled = new();
    private readonly Simd7_7_4 _simd = new();

    public Kernels7_7_4() : base(Unrolled7_7_4.InputCount, Unrolled7_7_4.HiddenCount, Unrolled7_7_4.OutputCount) { }

    [Params("7-7-4")]
    public string Shape { get; set; } = "7-7-4";

    [Benchmark(Baseline = true), BenchmarkCategory(ForwardCategory)]
    public float UnrolledForward()
    {
        int s = NextSample();
        _unrolled.Forward(Inputs[s], Output);
        return Output[0];
    }

    [Benchmark, BenchmarkCategory(ForwardCategory)]
    public float SimdForward()
    {
        int s = NextSample();
        _simd.Forward(Inputs[s], Output);
        return Output[0];
    }

    [Benchmark(Baseline = true), BenchmarkCategory(TrainCategory)]
    public float UnrolledTrainSample()
    {
        int s = NextSample();
        return _unrolled.TrainSample(Inputs[s], Targets[s], LearningRate, L2, TrainingSetSize);
    }

    [Benchmark, BenchmarkCategory(TrainCategory)]
    public float SimdTrainSample()
    {
        int s = NextSample();
        return _simd.TrainSample(Inputs[s], Targets[s], LearningRate, L2, TrainingSetSize);
    }

    [Benchmark(Baseline = true), BenchmarkCategory(BatchCategory)]
    public float UnrolledForwardBatch()
    {
        _unrolled.ForwardBatch(BatchInputs, BatchOutputs);
        return BatchOutputs[^1];
    }

    [Benchmark, BenchmarkCategory(BatchCategory)]
    public float SimdForwardBatch()
    {
        _simd.ForwardBatch(BatchInputs, BatchOutputs);
        return BatchOutputs[^1];
    }

    protected override Span<float> UnrolledParameters => _unrolled.Parameters;

    protected override Span<float> SimdParameters => _simd.Parameters;

    protected override void InitializeBoth(int seed)
    {
        _unrolled.InitializeParameters(seed);
        _simd.InitializeParameters(seed);
    }

    protected override void UnrolledForwardOne(float[] input, float[] output) => _unrolled.Forward(input, output);

    protected override void SimdForwardOne(float[] input, float[] output) => _simd.Forward(input, output);

    protected override float UnrolledTrainOne(float[] input, float[] target) =>
        _unrolled.TrainSample(input, target, LearningRate, L2, TrainingSetSize);

    protected override float SimdTrainOne(float[] input, float[] target) =>
        _simd.TrainSample(input, target, LearningRate, L2, TrainingSetSize);

    protected override void UnrolledForwardBatchAll(float[] inputs, float[] outputs) => _unrolled.ForwardBatch(inputs, outputs);

    protected override void SimdForwardBatchAll(float[] inputs, float[] outputs) => _simd.ForwardBatch(inputs, outputs);
}

[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
public class Kernels16_16_4 : KernelBenchmark
{
    private readonly Unrolled16_16_4 _unrolled = new();
    private readonly Simd16_16_4 _simd = new();

    public Kernels16_16_4() : base(Unrolled16_16_4.InputCount, Unrolled16_16_4.HiddenCount, Unrolled16_16_4.OutputCount) { }

    [Params("16-16-4")]
    public string Shape { get; set; } = "16-16-4";

    [Benchmark(Baseline = true), BenchmarkCategory(ForwardCategory)]
    public float UnrolledForward()
    {
        int s = NextSample();
        _unrolled.Forward(Inputs[s], Output);
        return Output[0];
    }

    [Benchmark, BenchmarkCategory(ForwardCategory)]
    public float SimdForward()
    {
        int s = NextSample();
        _simd.Forward(Inputs[s], Output);
        return Output[0];
    }

    [Benchmark(Baseline = true), BenchmarkCategory(TrainCategory)]
    public float UnrolledTrainSample()
    {
        int s = NextSample();
        return _unrolled.TrainSample(Inputs[s], Targets[s], LearningRate, L2, TrainingSetSize);
    }

    [Benchmark, BenchmarkCategory(TrainCategory)]
    public float SimdTrainSample()
    {
        int s = NextSample();
        return _simd.TrainSample(Inputs[s], Targets[s], LearningRate, L2, TrainingSetSize);
    }

    [Benchmark(Baseline = true), BenchmarkCategory(BatchCategory)]
    public float UnrolledForwardBatch()
    {
        _unrolled.ForwardBatch(BatchInputs, BatchOutputs);
        return BatchOutputs[^1];
    }

    [Benchmark, BenchmarkCategory(BatchCategory)]
    public float SimdForwardBatch()
    {
        _simd.ForwardBatch(BatchInputs, BatchOutputs);
        return BatchOutputs[^1];
    }

    protected override Span<float> UnrolledParameters => _unrolled.Parameters;

    protected override Span<float> SimdParameters => _simd.Parameters;

    protected override void InitializeBoth(int seed)
    {
        _unrolled.InitializeParameters(seed);
        _simd.InitializeParameters(seed);
    }

    protected override void UnrolledForwardOne(float[] input, float[] output) => _unrolled.Forward(input, output);

    protected override void SimdForwardOne(float[] input, float[] output) => _simd.Forward(input, output);

    protected override float UnrolledTrainOne(float[] input, float[] target) =>
        _unrolled.TrainSample(input, target, LearningRate, L2, TrainingSetSize);

    protected override float SimdTrainOne(float[] input, float[] target) =>
        _simd.TrainSample(input, target, LearningRate, L2, TrainingSetSize);

    protected override void UnrolledForwardBatchAll(float[] inputs, float[] outputs) => _unrolled.ForwardBatch(inputs, outputs);

    protected override void SimdForwardBatchAll(float[] inputs, float[] outputs) => _simd.ForwardBatch(inputs, outputs);
}

[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
public class Kernels30_16_1 : KernelBenchmark
{
    private readonly Unrolled30_16_1 _unrolled = new();
    private readonly Simd30_16_1 _simd = new();

    public Kernels30_16_1() : base(Unrolled30_16_1.InputCount, Unrolled30_16_1.HiddenCount, Unrolled30_16_1.OutputCount) { }

    [Params("30-16-1")]
    public string Shape { get; set; } = "30-16-1";

    [Benchmark(Baseline = true), BenchmarkCategory(ForwardCategory)]
    public float UnrolledForward()
    {
        int s = NextSample();
        _unrolled.Forward(Inputs[s], Output);
        return Output[0];
    }

    [Benchmark, BenchmarkCategory(ForwardCategory)]
    public float SimdForward()
    {
        int s = NextSample();
        _simd.Forward(Inputs[s], Output);
        return Output[0];
    }

    [Benchmark(Baseline = true), BenchmarkCategory(TrainCategory)]
    public float UnrolledTrainSample()
    {
        int s = NextSample();
        return _unrolled.TrainSample(Inputs[s], Targets[s], LearningRate, L2, TrainingSetSize);
    }

    [Benchmark, BenchmarkCategory(TrainCategory)]
    public float SimdTrainSample()
    {
        int s = NextSample();
        return _simd.TrainSample(Inputs[s], Targets[s], LearningRate, L2, TrainingSetSize);
    }

    [Benchmark(Baseline = true), BenchmarkCategory(BatchCategory)]
    public float UnrolledForwardBatch()
    {
        _unrolled.ForwardBatch(BatchInputs, BatchOutputs);
        return BatchOutputs[^1];
    }

    [Benchmark, BenchmarkCategory(BatchCategory)]
    public float SimdForwardBatch()
    {
        _simd.ForwardBatch(BatchInputs, BatchOutputs);
        return BatchOutputs[^1];
    }

    protected override Span<float> UnrolledParameters => _unrolled.Parameters;

    protected override Span<float> SimdParameters => _simd.Parameters;

    protected override void InitializeBoth(int seed)
    {
        _unrolled.InitializeParameters(seed);
        _simd.InitializeParameters(seed);
    }

    protected override void UnrolledForwardOne(float[] input, float[] output) => _unrolled.Forward(input, output);

    protected override void SimdForwardOne(float[] input, float[] output) => _simd.Forward(input, output);

    protected override float UnrolledTrainOne(float[] input, float[] target) =>
        _unrolled.TrainSample(input, target, LearningRate, L2, TrainingSetSize);

    protected override float SimdTrainOne(float[] input, float[] target) =>
        _simd.TrainSample(input, target, LearningRate, L2, TrainingSetSize);

    protected override void UnrolledForwardBatchAll(float[] inputs, float[] outputs) => _unrolled.ForwardBatch(inputs, outputs);

    protected override void SimdForwardBatchAll(float[] inputs, float[] outputs) => _simd.ForwardBatch(inputs, outputs);
}

[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
public class Kernels64_32_10 : KernelBenchmark
{
    private readonly Unrolled64_32_10 _unrolled = new();
    private readonly Simd64_32_10 _simd = new();

    public Kernels64_32_10() : base(Unrolled64_32_10.InputCount, Unrolled64_32_10.HiddenCount, Unrolled64_32_10.OutputCount) { }

    [Params("64-32-10")]
    public string Shape { get; set; } = "64-32-10";

    [Benchmark(Baseline = true), BenchmarkCategory(ForwardCategory)]
    public float UnrolledForward()
    {
        int s = NextSample();
        _unrolled.Forward(Inputs[s], Output);
        return Output[0];
    }

    [Benchmark, BenchmarkCategory(ForwardCategory)]
    public float SimdForward()
    {
        int s = NextSample();
        _simd.Forward(Inputs[s], Output);
        return Output[0];
    }

    [Benchmark(Baseline = true), BenchmarkCategory(TrainCategory)]
    public float UnrolledTrainSample()
    {
        int s = NextSample();
        return _unrolled.TrainSample(Inputs[s], Targets[s], LearningRate, L2, TrainingSetSize);
    }

    [Benchmark, BenchmarkCategory(TrainCategory)]
    public float SimdTrainSample()
    {
        int s = NextSample();
        return _simd.TrainSample(Inputs[s], Targets[s], LearningRate, L2, TrainingSetSize);
    }

    [Benchmark(Baseline = true), BenchmarkCategory(BatchCategory)]
    public float UnrolledForwardBatch()
    {
        _unrolled.ForwardBatch(BatchInputs, BatchOutputs);
        return BatchOutputs[^1];
    }

    [Benchmark, BenchmarkCategory(BatchCategory)]
    public float SimdForwardBatch()
    {
        _simd.ForwardBatch(BatchInputs, BatchOutputs);
        return BatchOutputs[^1];
    }

    protected override Span<float> UnrolledParameters => _unrolled.Parameters;

    protected override Span<float> SimdParameters => _simd.Parameters;

    protected override void InitializeBoth(int seed)
    {
        _unrolled.InitializeParameters(seed);
        _simd.InitializeParameters(seed);
    }

    protected override void UnrolledForwardOne(float[] input, float[] output) => _unrolled.Forward(input, output);

    protected override void SimdForwardOne(float[] input, float[] output) => _simd.Forward(input, output);

    protected override float UnrolledTrainOne(float[] input, float[] target) =>
        _unrolled.TrainSample(input, target, LearningRate, L2, TrainingSetSize);

    protected override float SimdTrainOne(float[] input, float[] target) =>
        _simd.TrainSample(input, target, LearningRate, L2, TrainingSetSize);

    protected override void UnrolledForwardBatchAll(float[] inputs, float[] outputs) => _unrolled.ForwardBatch(inputs, outputs);

    protected override void SimdForwardBatchAll(float[] inputs, float[] outputs) => _simd.ForwardBatch(inputs, outputs);
}

[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
public class Kernels100_40_2 : KernelBenchmark
{
    private readonly Unrolled100_40_2 _unrolled = new();
    private readonly Simd100_40_2 _simd = new();

    public Kernels100_40_2() : base(Unrolled100_40_2.InputCount, Unrolled100_40_2.HiddenCount, Unrolled100_40_2.OutputCount) { }

    [Params("100-40-2")]
    public string Shape { get; set; } = "100-40-2";

    [Benchmark(Baseline = true), BenchmarkCategory(ForwardCategory)]
    public float UnrolledForward()
    {
        int s = NextSample();
        _unrolled.Forward(Inputs[s], Output);
        return Output[0];
    }

    [Benchmark, BenchmarkCategory(ForwardCategory)]
    public float SimdForward()
    {
        int s = NextSample();
        _simd.Forward(Inputs[s], Output);
        return Output[0];
    }

    [Benchmark(Baseline = true), BenchmarkCategory(TrainCategory)]
    public float UnrolledTrainSample()
    {
        int s = NextSample();
        return _unrolled.TrainSample(Inputs[s], Targets[s], LearningRate, L2, TrainingSetSize);
    }

    [Benchmark, BenchmarkCategory(TrainCategory)]
    public float SimdTrainSample()
    {
        int s = NextSample();
        return _simd.TrainSample(Inputs[s], Targets[s], LearningRate, L2, TrainingSetSize);
    }

    [Benchmark(Baseline = true), BenchmarkCategory(BatchCategory)]
    public float UnrolledForwardBatch()
    {
        _unrolled.ForwardBatch(BatchInputs, BatchOutputs);
        return BatchOutputs[^1];
    }

    [Benchmark, BenchmarkCategory(BatchCategory)]
    public float SimdForwardBatch()
    {
        _simd.ForwardBatch(BatchInputs, BatchOutputs);
        return BatchOutputs[^1];
    }

    protected override Span<float> UnrolledParameters => _unrolled.Parameters;

    protected override Span<float> SimdParameters => _simd.Parameters;

    protected override void InitializeBoth(int seed)
    {
        _unrolled.InitializeParameters(seed);
        _simd.InitializeParameters(seed);
    }

    protected override void UnrolledForwardOne(float[] input, float[] output) => _unrolled.Forward(input, output);

    protected override void SimdForwardOne(float[] input, float[] output) => _simd.Forward(input, output);

    protected override float UnrolledTrainOne(float[] input, float[] target) =>
        _unrolled.TrainSample(input, target, LearningRate, L2, TrainingSetSize);

    protected override float SimdTrainOne(float[] input, float[] target) =>
        _simd.TrainSample(input, target, LearningRate, L2, TrainingSetSize);

    protected override void UnrolledForwardBatchAll(float[] inputs, float[] outputs) => _unrolled.ForwardBatch(inputs, outputs);

    protected override void SimdForwardBatchAll(float[] inputs, float[] outputs) => _simd.ForwardBatch(inputs, outputs);
}
