using System;
using System.Globalization;
using BenchmarkDotNet.Attributes;

namespace NetGen.Benchmarks;

// Two hidden layers (MNIST-sized), ReLU and softmax: past the unroll threshold, so the generated code loops over SIMD
// vectors.
[Mlp(784, 128, 64, 10, Activation = Activation.Relu, Output = Output.Softmax)]
public partial class Net784_128_64_10 { }

/// <summary>
/// What a shape with several hidden layers, ReLU units and softmax outputs shares: 64 fixed samples with one-hot
/// targets, the naive baseline (<see cref="DeepNaiveMlp"/>), ONNX Runtime on a model written from the generated
/// network's own parameters (<see cref="OnnxModelWriter"/>), and checks, before any timing, that all three compute the
/// same function and that the generated training steps are the naive ones.
/// </summary>
/// <remarks>
/// The categories, method names and batch sizes are those of <see cref="MlpBenchmark"/>, so that the rows join the
/// one-hidden-layer shapes' table. <see cref="MlpBenchmark"/> itself cannot serve: its naive network, its ONNX files and
/// its checks are for one hidden layer of sigmoid units.
/// </remarks>
public abstract class DeepMlpBenchmark
{
    protected const int SampleCount = Samples.Count;     // a power of two: the next sample is (s + 1) & (SampleCount − 1)
    protected const float Tolerance = 1e-5f;

    // The training hyperparameters of the one-hidden-layer classes.
    protected const float LearningRate = 0.01f;
    protected const float L2 = 1e-4f;
    protected const int TrainingSetSize = 1000;

    private const int BatchSize = MlpBenchmark.BatchSize;
    private const int TrainBatchSize = MlpBenchmark.TrainBatchSize;
    private const int ParameterSeed = 7;
    // Draws each sample's class; the inputs are those of Samples.Create, so a 784-input sample here is the
    // 784-128-10 class's sample.
    private const int ClassSeed = 20240612;

    protected readonly float[][] Inputs;
    /// <summary>One-hot rows: softmax with categorical cross-entropy expects targets that sum to 1.</summary>
    protected readonly float[][] Targets;
    protected readonly float[] Output;
    /// <summary>The outputs of the single-sample loop over a batch, one array per row; row r reads Inputs[r mod 64].</summary>
    protected readonly float[][] BatchOutputs;
    /// <summary>The same 1,000 rows as one row-major [1000 × inputs] array, for <c>ForwardBatch</c>.</summary>
    protected readonly float[] FlatBatchInputs;
    /// <summary>Where <c>ForwardBatch</c> writes: row-major [1000 × outputs].</summary>
    protected readonly float[] FlatBatchOutputs;
    /// <summary>Half h of the 64 samples (samples 32h … 32h + 31) as row-major inputs [32 × inputs].</summary>
    protected readonly float[][] TrainBatchInputs;
    /// <summary>The targets of <see cref="TrainBatchInputs"/>, row-major [32 × outputs].</summary>
    protected readonly float[][] TrainBatchTargets;
    protected readonly DeepNaiveMlp Naive;

    private readonly int[] _layerSizes;
    private readonly float[] _naiveOutput;
    private readonly float[] _generatedOutput;
    private OnnxMlp? _onnx;
    private int _next;
    private int _nextHalf;

    protected DeepMlpBenchmark(params int[] layerSizes)
    {
        _layerSizes = (int[])layerSizes.Clone();
        int inputs = layerSizes[0];
        int outputs = layerSizes[layerSizes.Length - 1];
        ShapeName = string.Join("-", Array.ConvertAll(layerSizes, n => n.ToString(CultureInfo.InvariantCulture)));

        (Inputs, _) = Samples.Create(inputs, outputs);
        Targets = new float[SampleCount][];
        var classes = new Random(ClassSeed);
        for (int s = 0; s < SampleCount; s++)
        {
            Targets[s] = new float[outputs];
            Targets[s][classes.Next(outputs)] = 1f;
        }

        Output = new float[outputs];
        _naiveOutput = new float[outputs];
        _generatedOutput = new float[outputs];
        BatchOutputs = new float[BatchSize][];
        FlatBatchInputs = new float[BatchSize * inputs];
        FlatBatchOutputs = new float[BatchSize * outputs];
        for (int r = 0; r < BatchSize; r++)
        {
            BatchOutputs[r] = new float[outputs];
            Inputs[r % SampleCount].AsSpan().CopyTo(FlatBatchInputs.AsSpan(r * inputs));
        }

        TrainBatchInputs = new float[SampleCount / TrainBatchSize][];
        TrainBatchTargets = new float[SampleCount / TrainBatchSize][];
        for (int h = 0; h < TrainBatchInputs.Length; h++)
        {
            TrainBatchInputs[h] = new float[TrainBatchSize * inputs];
            TrainBatchTargets[h] = new float[TrainBatchSize * outputs];
            for (int n = 0; n < TrainBatchSize; n++)
            {
                Inputs[h * TrainBatchSize + n].AsSpan().CopyTo(TrainBatchInputs[h].AsSpan(n * inputs));
                Targets[h * TrainBatchSize + n].AsSpan().CopyTo(TrainBatchTargets[h].AsSpan(n * outputs));
            }
        }

        Naive = new DeepNaiveMlp(layerSizes);
    }

    protected string ShapeName { get; }

    /// <summary>The generated network's <c>Parameters</c>, in its own layout: read and written only through <see cref="RowMajor"/>.</summary>
    protected abstract Span<float> GeneratedParameterSpan { get; }

    /// <summary>A weight file the generated network saves: its version says the layout of <see cref="GeneratedParameterSpan"/>.</summary>
    protected abstract byte[] GeneratedWeightFile();

    private ParameterMapping? _mapping;

    /// <summary>The generated layout against the row-major one of the naive network and ONNX (see <see cref="ParameterMapping"/>).</summary>
    private ParameterMapping RowMajor => _mapping ??= new ParameterMapping(GeneratedWeightFile()[8] >= 2, _layerSizes[0], _layerSizes[1]);

    /// <summary>A copy of the generated parameters, row-major.</summary>
    protected float[] GeneratedParameters => RowMajor.FromGenerated(GeneratedParameterSpan);

    protected abstract void GeneratedInitialize(int seed);

    protected abstract void GeneratedForward(float[] input, float[] output);

    protected abstract void GeneratedForwardBatch(float[] inputs, float[] outputs);

    protected abstract float GeneratedTrainSample(float[] input, float[] target);

    protected abstract float GeneratedTrainBatch(float[] inputs, float[] targets);

    /// <summary>
    /// Seeds the generated network, gives the naive network its parameters and writes them into an ONNX model; throws
    /// unless ONNX Runtime agrees with the naive network within 1e-5 on every output (one sample at a time and in a
    /// batch), and unless the generated network agrees with the naive one within 1e-5 on every forward output, on the
    /// losses and every parameter after an epoch of TrainSample steps (64, one per sample) and after one TrainBatch step
    /// on each half of the samples, with ForwardBatch giving what Forward gives on every row each time. Then resets both
    /// networks to the seeded parameters for the timing.
    /// </summary>
    [GlobalSetup]
    public void Setup()
    {
        ResetParameters();
        float[] seeded = GeneratedParameters;
        byte[] model = OnnxModelWriter.Write(_layerSizes, seeded, "Relu", "Softmax");
        _onnx = new OnnxMlp(model, $"the in-memory ONNX model of {ShapeName}", BatchSize);
        Require(_onnx.InputCount == Naive.Inputs && _onnx.OutputCount == Naive.Outputs,
            $"the ONNX model takes {_onnx.InputCount} inputs and gives {_onnx.OutputCount} outputs");
        FlatBatchInputs.AsSpan().CopyTo(_onnx.BatchInput);
        float onnxWorst = CheckOnnx();

        float forwardWorst = CheckForward("before training");

        float lossWorst = 0f;
        for (int s = 0; s < SampleCount; s++)
        {
            float naive = Naive.TrainSample(Inputs[s], Targets[s], LearningRate, L2, TrainingSetSize);
            float generated = GeneratedTrainSample(Inputs[s], Targets[s]);
            lossWorst = MathF.Max(lossWorst, RequireLoss(naive, generated, $"loss of TrainSample step {s}"));
        }

        float trainWorst = CheckParameters("after 64 TrainSample steps");
        forwardWorst = MathF.Max(forwardWorst, CheckForward("after 64 TrainSample steps"));

        ResetParameters();
        for (int h = 0; h < TrainBatchInputs.Length; h++)
        {
            float naive = Naive.TrainBatch(TrainBatchInputs[h], TrainBatchTargets[h], LearningRate, L2, TrainingSetSize);
            float generated = GeneratedTrainBatch(TrainBatchInputs[h], TrainBatchTargets[h]);
            lossWorst = MathF.Max(lossWorst, RequireLoss(naive, generated, $"mean loss of TrainBatch on half {h}"));
        }

        float batchWorst = CheckParameters("after two TrainBatch steps");
        forwardWorst = MathF.Max(forwardWorst, CheckForward("after two TrainBatch steps"));

        ResetParameters();
        _next = 0;
        _nextHalf = 0;

        // How close they came, for the record (in the benchmark's log): the tolerance is 1e-5 everywhere.
        Console.WriteLine(string.Format(CultureInfo.InvariantCulture,
            "// {0} self-check passed, largest differences: ONNX/naive outputs {1:G3}, generated/naive outputs {2:G3}, " +
            "losses {3:G3}, parameters after TrainSample {4:G3}, after TrainBatch {5:G3}",
            ShapeName, onnxWorst, forwardWorst, lossWorst, trainWorst, batchWorst));
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _onnx?.Dispose();
        _onnx = null;
    }

    [Benchmark(Baseline = true), BenchmarkCategory(MlpBenchmark.ForwardCategory)]
    public float NaiveForward()
    {
        int s = NextSample();
        Naive.Forward(Inputs[s], Output);
        return Output[0];
    }

    /// <summary>Copies the sample into the bound input tensor, runs the session once, reads the first output.</summary>
    [Benchmark, BenchmarkCategory(MlpBenchmark.ForwardCategory)]
    public float OnnxForward()
    {
        int s = NextSample();
        OnnxMlp onnx = _onnx!;
        Inputs[s].AsSpan().CopyTo(onnx.SampleInput);
        onnx.Forward();
        return onnx.SampleOutput[0];
    }

    [Benchmark(Baseline = true), BenchmarkCategory(MlpBenchmark.BatchCategory)]
    public float NaiveForwardBatch()
    {
        for (int r = 0; r < BatchSize; r++)
        {
            Naive.Forward(Inputs[r & (SampleCount - 1)], BatchOutputs[r]);
        }

        return BatchOutputs[BatchSize - 1][0];
    }

    /// <summary>The same 1,000 samples, already in the bound [1000, inputs] tensor, in one run of the session.</summary>
    [Benchmark, BenchmarkCategory(MlpBenchmark.BatchCategory)]
    public float OnnxForwardBatch()
    {
        OnnxMlp onnx = _onnx!;
        onnx.ForwardBatch();
        return onnx.BatchOutput[onnx.BatchOutput.Length - 1];
    }

    [Benchmark(Baseline = true), BenchmarkCategory(MlpBenchmark.TrainCategory)]
    public float NaiveTrainSample()
    {
        int s = NextSample();
        return Naive.TrainSample(Inputs[s], Targets[s], LearningRate, L2, TrainingSetSize);
    }

    /// <summary>One mini-batch SGD step of the naive network on 32 samples (the two halves of the 64 in turn).</summary>
    [Benchmark(Baseline = true), BenchmarkCategory(MlpBenchmark.TrainBatchCategory)]
    public float NaiveTrainBatch()
    {
        int h = NextHalf();
        return Naive.TrainBatch(TrainBatchInputs[h], TrainBatchTargets[h], LearningRate, L2, TrainingSetSize);
    }

    protected int NextSample()
    {
        int s = _next;
        _next = (s + 1) & (SampleCount - 1);
        return s;
    }

    /// <summary>The half of the samples for the next <c>TrainBatch</c>: 0, 1, 0, 1, …</summary>
    protected int NextHalf()
    {
        int h = _nextHalf;
        _nextHalf = h ^ 1;
        return h;
    }

    private void ResetParameters()
    {
        GeneratedInitialize(ParameterSeed);
        Naive.LoadParameters(GeneratedParameters);
    }

    /// <summary>
    /// ONNX Runtime, one sample at a time through both of its paths and on the 1,000-row batch, against the naive network
    /// (which holds the weights the model was written with). Every output buffer is filled with NaN first, so a run that
    /// wrote nothing into the pre-allocated tensors cannot pass. Returns the largest difference.
    /// </summary>
    private float CheckOnnx()
    {
        OnnxMlp onnx = _onnx!;
        int outputs = Naive.Outputs;
        float worst = 0f;
        for (int path = 0; path < 2; path++)
        {
            string name = path == 0 ? "ONNX Runtime single sample (I/O binding)" : "ONNX Runtime single sample (Run)";
            for (int s = 0; s < SampleCount; s++)
            {
                Array.Fill(onnx.SampleOutput, float.NaN);
                Inputs[s].AsSpan().CopyTo(onnx.SampleInput);
                if (path == 0)
                {
                    onnx.Forward();
                }
                else
                {
                    onnx.ForwardWithRun();
                }

                Naive.Forward(Inputs[s], _naiveOutput);
                for (int k = 0; k < outputs; k++)
                {
                    worst = MathF.Max(worst, CheckProbability(_naiveOutput[k], onnx.SampleOutput[k], $"{name}, output {k} of sample {s}"));
                }
            }
        }

        Array.Fill(onnx.BatchOutput, float.NaN);
        onnx.ForwardBatch();
        for (int r = 0; r < BatchSize; r++)
        {
            Naive.Forward(Inputs[r % SampleCount], _naiveOutput);
            for (int k = 0; k < outputs; k++)
            {
                worst = MathF.Max(worst, CheckProbability(_naiveOutput[k], onnx.BatchOutput[r * outputs + k], $"ONNX Runtime batch, output {k} of row {r}"));
            }
        }

        return worst;
    }

    /// <summary>
    /// Naive against generated Forward on the 64 samples, then generated ForwardBatch on the 1,000 batch rows against
    /// generated Forward on each row (the batch output filled with NaN first). Returns the largest naive/generated difference.
    /// </summary>
    private float CheckForward(string when)
    {
        int outputs = Naive.Outputs;
        float worst = 0f;
        for (int s = 0; s < SampleCount; s++)
        {
            Naive.Forward(Inputs[s], _naiveOutput);
            GeneratedForward(Inputs[s], _generatedOutput);
            float sum = 0f;
            for (int k = 0; k < outputs; k++)
            {
                worst = MathF.Max(worst, CheckProbability(_naiveOutput[k], _generatedOutput[k],
                    $"forward output {k} of sample {s} {when}, naive then generated"));
                sum += _generatedOutput[k];
            }

            Require(MathF.Abs(sum - 1f) <= Tolerance, $"the generated softmax outputs of sample {s} {when} sum to {sum}");
        }

        Array.Fill(FlatBatchOutputs, float.NaN);
        GeneratedForwardBatch(FlatBatchInputs, FlatBatchOutputs);
        for (int r = 0; r < BatchSize; r++)
        {
            GeneratedForward(Inputs[r % SampleCount], _generatedOutput);
            for (int k = 0; k < outputs; k++)
            {
                RequireClose(_generatedOutput[k], FlatBatchOutputs[r * outputs + k],
                    $"output {k} of batch row {r} {when}, generated Forward then ForwardBatch");
            }
        }

        return worst;
    }

    /// <summary>Every parameter, naive against generated, within 1e-5; returns the largest difference.</summary>
    private float CheckParameters(string when)
    {
        var naive = new float[Naive.ParameterCount];
        Naive.StoreParameters(naive);
        float[] generated = GeneratedParameters;
        Require(naive.Length == generated.Length, $"parameter count: naive {naive.Length}, generated {generated.Length}");
        float worst = 0f;
        for (int p = 0; p < naive.Length; p++)
        {
            RequireClose(naive[p], generated[p], $"parameter {p} {when}, naive then generated");
            worst = MathF.Max(worst, MathF.Abs(naive[p] - generated[p]));
        }

        return worst;
    }

    /// <summary>A softmax output: finite, in [0, 1], and within 1e-5 of <paramref name="expected"/>. Returns the difference.</summary>
    private float CheckProbability(float expected, float actual, string what)
    {
        Require(float.IsFinite(actual) && actual >= 0f && actual <= 1f, $"{what} is {actual}, not a softmax output in [0, 1]");
        RequireClose(expected, actual, what);
        return MathF.Abs(expected - actual);
    }

    /// <summary>Losses agree within 1e-5, relative above 1 (as the one-hidden-layer check has it). Returns the difference.</summary>
    private float RequireLoss(float naive, float generated, string what)
    {
        Require(float.IsFinite(generated) && MathF.Abs(naive - generated) <= Tolerance * MathF.Max(1f, MathF.Abs(naive)),
            $"{what}: naive {naive}, generated {generated}");
        return MathF.Abs(naive - generated);
    }

    private void RequireClose(float expected, float actual, string what)
    {
        Require(MathF.Abs(expected - actual) <= Tolerance, $"{what}: expected {expected}, got {actual}");
    }

    private void Require(bool condition, string what)
    {
        if (!condition)
        {
            throw new InvalidOperationException(string.Format(CultureInfo.InvariantCulture,
                "{0}: self-check failed ({1}); refusing to time wrong code.", ShapeName, what));
        }
    }
}

// The four timed calls on the generated network, made on the concrete generated type, as in ShapeBenchmarks.cs.
public class Shape784_128_64_10 : DeepMlpBenchmark
{
    private readonly Net784_128_64_10 _net = new();

    public Shape784_128_64_10()
        : base(Net784_128_64_10.InputCount, Net784_128_64_10.Hidden1Count, Net784_128_64_10.Hidden2Count, Net784_128_64_10.OutputCount)
    {
    }

    [Params("784-128-64-10")]
    public string Shape { get; set; } = "784-128-64-10";

    [Benchmark, BenchmarkCategory(MlpBenchmark.ForwardCategory)]
    public float GeneratedForward()
    {
        int s = NextSample();
        _net.Forward(Inputs[s], Output);
        return Output[0];
    }

    [Benchmark, BenchmarkCategory(MlpBenchmark.BatchCategory)]
    public float GeneratedForwardBatch()
    {
        _net.ForwardBatch(FlatBatchInputs, FlatBatchOutputs);
        return FlatBatchOutputs[FlatBatchOutputs.Length - 1];
    }

    [Benchmark, BenchmarkCategory(MlpBenchmark.TrainCategory)]
    public float GeneratedTrainSample()
    {
        int s = NextSample();
        return _net.TrainSample(Inputs[s], Targets[s], LearningRate, L2, TrainingSetSize);
    }

    [Benchmark, BenchmarkCategory(MlpBenchmark.TrainBatchCategory)]
    public float GeneratedTrainBatch()
    {
        int h = NextHalf();
        return _net.TrainBatch(TrainBatchInputs[h], TrainBatchTargets[h], LearningRate, L2, TrainingSetSize);
    }

    protected override Span<float> GeneratedParameterSpan => _net.Parameters;

    protected override byte[] GeneratedWeightFile()
    {
        var file = new byte[Net784_128_64_10.WeightFileLength];
        _net.Save(file);
        return file;
    }

    protected override void GeneratedInitialize(int seed) => _net.InitializeParameters(seed);

    protected override void GeneratedForward(float[] input, float[] output) => _net.Forward(input, output);

    protected override void GeneratedForwardBatch(float[] inputs, float[] outputs) => _net.ForwardBatch(inputs, outputs);

    protected override float GeneratedTrainSample(float[] input, float[] target) =>
        _net.TrainSample(input, target, LearningRate, L2, TrainingSetSize);

    protected override float GeneratedTrainBatch(float[] inputs, float[] targets) =>
        _net.TrainBatch(inputs, targets, LearningRate, L2, TrainingSetSize);
}
