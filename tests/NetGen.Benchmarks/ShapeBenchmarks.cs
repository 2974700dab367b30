using System;
using BenchmarkDotNet.Attributes;

namespace NetGen.Benchmarks;

// The networks under test: the generator fills in each class.
[Mlp(2, 4, 1)]
public partial class Net2_4_1 { }

[Mlp(30, 16, 1)]
public partial class Net30_16_1 { }

[Mlp(64, 32, 10)]
public partial class Net64_32_10 { }

[Mlp(784, 128, 10)]
public partial class Net784_128_10 { }

// One class per shape. Each holds, beside the naive baselines and the ONNX Runtime and FANN calls it inherits, the
// four timed calls on its generated network, made on the concrete generated type. The single-valued Shape parameter
// labels the rows of the table.

public class Shape2_4_1 : GeneratedMlpBenchmark
{
#if HAND_YARDSTICK
    private HandSimd.HandSimd_2_4_1 _hand = null!;

    protected internal override bool HasYardstick => true;

    protected internal override void SetupYardstick(float[] parameters)
    {
        (float[] w1, float[] b1, float[] w2, float[] b2) = Yardstick.Textbook(parameters, 2, 4, 1);
        _hand = new HandSimd.HandSimd_2_4_1(w1, b1, w2, b2);
    }

    protected internal override void YardstickForward(float[] input, float[] output) => _hand.Forward(input, output);

    protected internal override float YardstickTrain(float[] input, float[] target) =>
        _hand.Train(input, target, LearningRate, HandDecay);

    protected internal override void ReadYardstickParameters(float[] parameters) =>
        Yardstick.ReadParameters(_hand, parameters, 2, 4, 1);

    /// <summary>The hand-specialized SIMD C# of ../shared/reference/cs on the same sample: the yardstick of issue #9.</summary>
    [Benchmark, BenchmarkCategory(ForwardCategory)]
    public float HandForward()
    {
        int s = NextSample();
        _hand.Forward(Inputs[s], Output);
        return Output[0];
    }

    /// <summary>
    /// The yardstick's online step, returning the sample's cross-entropy as TrainSample does: η and λ/N, the same step
    /// as GeneratedTrainSample's (checked in the setup).
    /// </summary>
    [Benchmark, BenchmarkCategory(TrainCategory)]
    public float HandTrainSample()
    {
        int s = NextSample();
        return _hand.Train(Inputs[s], Targets[s], LearningRate, HandDecay);
    }
#endif

    private readonly Net2_4_1 _net = new();

    public Shape2_4_1() : base(Net2_4_1.InputCount, Net2_4_1.HiddenCount, Net2_4_1.OutputCount) { }

    [Params("2-4-1")]
    public string Shape { get; set; } = "2-4-1";

    [Benchmark, BenchmarkCategory(ForwardCategory)]
    public float GeneratedForward()
    {
        int s = NextSample();
        _net.Forward(Inputs[s], Output);
        return Output[0];
    }

    [Benchmark, BenchmarkCategory(BatchCategory)]
    public float GeneratedForwardBatch()
    {
        _net.ForwardBatch(FlatBatchInputs, FlatBatchOutputs);
        return FlatBatchOutputs[FlatBatchOutputs.Length - 1];
    }

    [Benchmark, BenchmarkCategory(TrainCategory)]
    public float GeneratedTrainSample()
    {
        int s = NextSample();
        return _net.TrainSample(Inputs[s], Targets[s], LearningRate, L2, TrainingSetSize);
    }

    [Benchmark, BenchmarkCategory(TrainBatchCategory)]
    public float GeneratedTrainBatch()
    {
        int h = NextHalf();
        return _net.TrainBatch(TrainBatchInputs[h], TrainBatchTargets[h], LearningRate, L2, TrainingSetSize);
    }

    protected override Span<float> GeneratedParameterSpan => _net.Parameters;

    protected override byte[] GeneratedWeightFile()
    {
        var file = new byte[Net2_4_1.WeightFileLength];
        _net.Save(file);
        return file;
    }

    protected override void GeneratedInitialize(int seed) => _net.InitializeParameters(seed);

    protected override void GeneratedForward(float[] input, float[] output) => _net.Forward(input, output);

    protected override float GeneratedTrainSample(float[] input, float[] target) =>
        _net.TrainSample(input, target, LearningRate, L2, TrainingSetSize);

    protected override void GeneratedForwardBatch(float[] inputs, float[] outputs) => _net.ForwardBatch(inputs, outputs);

    protected override float GeneratedTrainBatch(float[] inputs, float[] targets) =>
        _net.TrainBatch(inputs, targets, LearningRate, L2, TrainingSetSize);
}

public class Shape30_16_1 : GeneratedMlpBenchmark
{
#if HAND_YARDSTICK
    private HandSimd.HandSimd_30_16_1 _hand = null!;

    protected internal override bool HasYardstick => true;

    protected internal override void SetupYardstick(float[] parameters)
    {
        (float[] w1, float[] b1, float[] w2, float[] b2) = Yardstick.Textbook(parameters, 30, 16, 1);
        _hand = new HandSimd.HandSimd_30_16_1(w1, b1, w2, b2);
    }

    protected internal override void YardstickForward(float[] input, float[] output) => _hand.Forward(input, output);

    protected internal override float YardstickTrain(float[] input, float[] target) =>
        _hand.Train(input, target, LearningRate, HandDecay);

    protected internal override void ReadYardstickParameters(float[] parameters) =>
        Yardstick.ReadParameters(_hand, parameters, 30, 16, 1);

    /// <summary>The hand-specialized SIMD C# of ../shared/reference/cs on the same sample: the yardstick of issue #9.</summary>
    [Benchmark, BenchmarkCategory(ForwardCategory)]
    public float HandForward()
    {
        int s = NextSample();
        _hand.Forward(Inputs[s], Output);
        return Output[0];
    }

    /// <summary>
    /// The yardstick's online step, returning the sample's cross-entropy as TrainSample does: η and λ/N, the same step
    /// as GeneratedTrainSample's (checked in the setup).
    /// </summary>
    [Benchmark, BenchmarkCategory(TrainCategory)]
    public float HandTrainSample()
    {
        int s = NextSample();
        return _hand.Train(Inputs[s], Targets[s], LearningRate, HandDecay);
    }
#endif

    private readonly Net30_16_1 _net = new();

    public Shape30_16_1() : base(Net30_16_1.InputCount, Net30_16_1.HiddenCount, Net30_16_1.OutputCount) { }

    [Params("30-16-1")]
    public string Shape { get; set; } = "30-16-1";

    [Benchmark, BenchmarkCategory(ForwardCategory)]
    public float GeneratedForward()
    {
        int s = NextSample();
        _net.Forward(Inputs[s], Output);
        return Output[0];
    }

    [Benchmark, BenchmarkCategory(BatchCategory)]
    public float GeneratedForwardBatch()
    {
        _net.ForwardBatch(FlatBatchInputs, FlatBatchOutputs);
        return FlatBatchOutputs[FlatBatchOutputs.Length - 1];
    }

    [Benchmark, BenchmarkCategory(TrainCategory)]
    public float GeneratedTrainSample()
    {
        int s = NextSample();
        return _net.TrainSample(Inputs[s], Targets[s], LearningRate, L2, TrainingSetSize);
    }

    [Benchmark, BenchmarkCategory(TrainBatchCategory)]
    public float GeneratedTrainBatch()
    {
        int h = NextHalf();
        return _net.TrainBatch(TrainBatchInputs[h], TrainBatchTargets[h], LearningRate, L2, TrainingSetSize);
    }

    protected override Span<float> GeneratedParameterSpan => _net.Parameters;

    protected override byte[] GeneratedWeightFile()
    {
        var file = new byte[Net30_16_1.WeightFileLength];
        _net.Save(file);
        return file;
    }

    protected override void GeneratedInitialize(int seed) => _net.InitializeParameters(seed);

    protected override void GeneratedForward(float[] input, float[] output) => _net.Forward(input, output);

    protected override float GeneratedTrainSample(float[] input, float[] target) =>
        _net.TrainSample(input, target, LearningRate, L2, TrainingSetSize);

    protected override void GeneratedForwardBatch(float[] inputs, float[] outputs) => _net.ForwardBatch(inputs, outputs);

    protected override float GeneratedTrainBatch(float[] inputs, float[] targets) =>
        _net.TrainBatch(inputs, targets, LearningRate, L2, TrainingSetSize);
}

public class Shape64_32_10 : GeneratedMlpBenchmark
{
#if HAND_YARDSTICK
    private HandSimd.HandSimd_64_32_10 _hand = null!;

    protected internal override bool HasYardstick => true;

    protected internal override void SetupYardstick(float[] parameters)
    {
        (float[] w1, float[] b1, float[] w2, float[] b2) = Yardstick.Textbook(parameters, 64, 32, 10);
        _hand = new HandSimd.HandSimd_64_32_10(w1, b1, w2, b2);
    }

    protected internal override void YardstickForward(float[] input, float[] output) => _hand.Forward(input, output);

    protected internal override float YardstickTrain(float[] input, float[] target) =>
        _hand.Train(input, target, LearningRate, HandDecay);

    protected internal override void ReadYardstickParameters(float[] parameters) =>
        Yardstick.ReadParameters(_hand, parameters, 64, 32, 10);

    /// <summary>The hand-specialized SIMD C# of ../shared/reference/cs on the same sample: the yardstick of issue #9.</summary>
    [Benchmark, BenchmarkCategory(ForwardCategory)]
    public float HandForward()
    {
        int s = NextSample();
        _hand.Forward(Inputs[s], Output);
        return Output[0];
    }

    /// <summary>
    /// The yardstick's online step, returning the sample's cross-entropy as TrainSample does: η and λ/N, the same step
    /// as GeneratedTrainSample's (checked in the setup).
    /// </summary>
    [Benchmark, BenchmarkCategory(TrainCategory)]
    public float HandTrainSample()
    {
        int s = NextSample();
        return _hand.Train(Inputs[s], Targets[s], LearningRate, HandDecay);
    }
#endif

    private readonly Net64_32_10 _net = new();

    public Shape64_32_10() : base(Net64_32_10.InputCount, Net64_32_10.HiddenCount, Net64_32_10.OutputCount) { }

    [Params("64-32-10")]
    public string Shape { get; set; } = "64-32-10";

    [Benchmark, BenchmarkCategory(ForwardCategory)]
    public float GeneratedForward()
    {
        int s = NextSample();
        _net.Forward(Inputs[s], Output);
        return Output[0];
    }

    [Benchmark, BenchmarkCategory(BatchCategory)]
    public float GeneratedForwardBatch()
    {
        _net.ForwardBatch(FlatBatchInputs, FlatBatchOutputs);
        return FlatBatchOutputs[FlatBatchOutputs.Length - 1];
    }

    [Benchmark, BenchmarkCategory(TrainCategory)]
    public float GeneratedTrainSample()
    {
        int s = NextSample();
        return _net.TrainSample(Inputs[s], Targets[s], LearningRate, L2, TrainingSetSize);
    }

    [Benchmark, BenchmarkCategory(TrainBatchCategory)]
    public float GeneratedTrainBatch()
    {
        int h = NextHalf();
        return _net.TrainBatch(TrainBatchInputs[h], TrainBatchTargets[h], LearningRate, L2, TrainingSetSize);
    }

    protected override Span<float> GeneratedParameterSpan => _net.Parameters;

    protected override byte[] GeneratedWeightFile()
    {
        var file = new byte[Net64_32_10.WeightFileLength];
        _net.Save(file);
        return file;
    }

    protected override void GeneratedInitialize(int seed) => _net.InitializeParameters(seed);

    protected override void GeneratedForward(float[] input, float[] output) => _net.Forward(input, output);

    protected override float GeneratedTrainSample(float[] input, float[] target) =>
        _net.TrainSample(input, target, LearningRate, L2, TrainingSetSize);

    protected override void GeneratedForwardBatch(float[] inputs, float[] outputs) => _net.ForwardBatch(inputs, outputs);

    protected override float GeneratedTrainBatch(float[] inputs, float[] targets) =>
        _net.TrainBatch(inputs, targets, LearningRate, L2, TrainingSetSize);
}

// 784-128-10 (MNIST-sized): past the unroll threshold, so the generated code loops over SIMD vectors.
public class Shape784_128_10 : GeneratedMlpBenchmark
{
#if HAND_YARDSTICK
    private HandSimd.HandSimd_784_128_10 _hand = null!;

    protected internal override bool HasYardstick => true;

    protected internal override void SetupYardstick(float[] parameters)
    {
        (float[] w1, float[] b1, float[] w2, float[] b2) = Yardstick.Textbook(parameters, 784, 128, 10);
        _hand = new HandSimd.HandSimd_784_128_10(w1, b1, w2, b2);
    }

    protected internal override void YardstickForward(float[] input, float[] output) => _hand.Forward(input, output);

    protected internal override float YardstickTrain(float[] input, float[] target) =>
        _hand.Train(input, target, LearningRate, HandDecay);

    protected internal override void ReadYardstickParameters(float[] parameters) =>
        Yardstick.ReadParameters(_hand, parameters, 784, 128, 10);

    /// <summary>The hand-specialized SIMD C# of ../shared/reference/cs on the same sample: the yardstick of issue #9.</summary>
    [Benchmark, BenchmarkCategory(ForwardCategory)]
    public float HandForward()
    {
        int s = NextSample();
        _hand.Forward(Inputs[s], Output);
        return Output[0];
    }

    /// <summary>
    /// The yardstick's online step, returning the sample's cross-entropy as TrainSample does: η and λ/N, the same step
    /// as GeneratedTrainSample's (checked in the setup).
    /// </summary>
    [Benchmark, BenchmarkCategory(TrainCategory)]
    public float HandTrainSample()
    {
        int s = NextSample();
        return _hand.Train(Inputs[s], Targets[s], LearningRate, HandDecay);
    }
#endif

    private readonly Net784_128_10 _net = new();

    public Shape784_128_10() : base(Net784_128_10.InputCount, Net784_128_10.HiddenCount, Net784_128_10.OutputCount) { }

    [Params("784-128-10")]
    public string Shape { get; set; } = "784-128-10";

    [Benchmark, BenchmarkCategory(ForwardCategory)]
    public float GeneratedForward()
    {
        int s = NextSample();
        _net.Forward(Inputs[s], Output);
        return Output[0];
    }

    [Benchmark, BenchmarkCategory(BatchCategory)]
    public float GeneratedForwardBatch()
    {
        _net.ForwardBatch(FlatBatchInputs, FlatBatchOutputs);
        return FlatBatchOutputs[FlatBatchOutputs.Length - 1];
    }

    [Benchmark, BenchmarkCategory(TrainCategory)]
    public float GeneratedTrainSample()
    {
        int s = NextSample();
        return _net.TrainSample(Inputs[s], Targets[s], LearningRate, L2, TrainingSetSize);
    }

    [Benchmark, BenchmarkCategory(TrainBatchCategory)]
    public float GeneratedTrainBatch()
    {
        int h = NextHalf();
        return _net.TrainBatch(TrainBatchInputs[h], TrainBatchTargets[h], LearningRate, L2, TrainingSetSize);
    }

    protected override Span<float> GeneratedParameterSpan => _net.Parameters;

    protected override byte[] GeneratedWeightFile()
    {
        var file = new byte[Net784_128_10.WeightFileLength];
        _net.Save(file);
        return file;
    }

    protected override void GeneratedInitialize(int seed) => _net.InitializeParameters(seed);

    protected override void GeneratedForward(float[] input, float[] output) => _net.Forward(input, output);

    protected override float GeneratedTrainSample(float[] input, float[] target) =>
        _net.TrainSample(input, target, LearningRate, L2, TrainingSetSize);

    protected override void GeneratedForwardBatch(float[] inputs, float[] outputs) => _net.ForwardBatch(inputs, outputs);

    protected override float GeneratedTrainBatch(float[] inputs, float[] targets) =>
        _net.TrainBatch(inputs, targets, LearningRate, L2, TrainingSetSize);
}

