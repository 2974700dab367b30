using System;
using System.Globalization;
using System.IO;
using BenchmarkDotNet.Attributes;

namespace NetGen.Benchmarks;

/// <summary>
/// What every shape shares: 64 fixed random samples visited in turn (as the C reference does), the naive
/// baseline, the ONNX Runtime peer on the same shape, and checks, before any timing, that they compute what
/// they should.
/// </summary>
/// <remarks>
/// The timed calls on the generated network live in the derived classes and go straight to the concrete
/// generated type; the abstract members serve only the self-check. Shapes the generator cannot build yet derive
/// from this class directly, and time the naive network and ONNX Runtime only.
/// </remarks>
public abstract class MlpBenchmark
{
    public const string ForwardCategory = "Forward";
    public const string TrainCategory = "TrainSample";
    public const string BatchCategory = "ForwardBatch1000";

    /// <summary>The samples in one batch: one ONNX Runtime call, or that many single-sample calls.</summary>
    public const int BatchSize = 1000;

    protected const int SampleCount = 64;     // a power of two: the next sample is (s + 1) & (SampleCount − 1)
    protected const float Tolerance = 1e-5f;

    private const int DataSeed = 20240611;

    protected readonly float[][] Inputs;
    protected readonly float[][] Targets;
    protected readonly float[] Output;
    /// <summary>The outputs of the single-sample loops over a batch, one array per row; row r reads Inputs[r mod 64].</summary>
    protected readonly float[][] BatchOutputs;
    protected readonly NaiveMlp Naive;

    private readonly int _inputs;
    private readonly int _hidden;
    private readonly int _outputs;
    private readonly float[] _referenceOutput;
    private OnnxMlp? _onnx;
    private int _next;

    protected MlpBenchmark(int inputs, int hidden, int outputs)
    {
        _inputs = inputs;
        _hidden = hidden;
        _outputs = outputs;
        ShapeName = string.Format(CultureInfo.InvariantCulture, "{0}-{1}-{2}", inputs, hidden, outputs);
        var random = new Random(DataSeed);
        Inputs = new float[SampleCount][];
        Targets = new float[SampleCount][];
        for (int s = 0; s < SampleCount; s++)
        {
            Inputs[s] = new float[inputs];
            for (int i = 0; i < inputs; i++)
            {
                Inputs[s][i] = random.NextSingle();
            }

            Targets[s] = new float[outputs];
            for (int k = 0; k < outputs; k++)
            {
                Targets[s][k] = random.Next(2);
            }
        }

        Output = new float[outputs];
        _referenceOutput = new float[outputs];
        BatchOutputs = new float[BatchSize][];
        for (int r = 0; r < BatchSize; r++)
        {
            BatchOutputs[r] = new float[outputs];
        }

        Naive = new NaiveMlp(inputs, hidden, outputs);
    }

    protected string ShapeName { get; }

    /// <summary>The ONNX model of this shape, copied next to the executable (see Onnx/README.md).</summary>
    protected string OnnxModelPath => Path.Combine(AppContext.BaseDirectory, "Onnx",
        string.Format(CultureInfo.InvariantCulture, "mlp_{0}_{1}_{2}.onnx", _inputs, _hidden, _outputs));

    /// <summary>
    /// Reads the ONNX model's weights, opens the ONNX Runtime session and throws unless its input and output shapes
    /// are this class's and it agrees within 1e-5 with a naive network given the same weights, on the 64 samples
    /// one at a time (through both single-sample paths) and on a whole batch; then lets the derived class check and
    /// set up its own networks.
    /// </summary>
    [GlobalSetup]
    public void Setup()
    {
        float[] onnxParameters = OnnxModelReader.ReadParameters(OnnxModelPath, _inputs, _hidden, _outputs);
        _onnx = new OnnxMlp(OnnxModelPath, BatchSize);
        Require(_onnx.InputCount == _inputs && _onnx.OutputCount == _outputs,
            $"ONNX model {OnnxModelPath} takes {_onnx.InputCount} inputs and gives {_onnx.OutputCount} outputs");
        for (int r = 0; r < BatchSize; r++)
        {
            Inputs[r % SampleCount].AsSpan().CopyTo(_onnx.BatchInput.AsSpan(r * _inputs));
        }

        var reference = new NaiveMlp(_inputs, _hidden, _outputs);
        reference.LoadParameters(onnxParameters);
        CheckOnnx(reference);

        SetupNetworks(onnxParameters);
        _next = 0;
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _onnx?.Dispose();
        _onnx = null;
    }

    [Benchmark(Baseline = true), BenchmarkCategory(ForwardCategory)]
    public float NaiveForward()
    {
        int s = NextSample();
        Naive.Forward(Inputs[s], Output);
        return Output[0];
    }

    /// <summary>Copies the sample into the bound input tensor, runs the session once, reads the first output.</summary>
    [Benchmark, BenchmarkCategory(ForwardCategory)]
    public float OnnxForward()
    {
        int s = NextSample();
        OnnxMlp onnx = _onnx!;
        Inputs[s].AsSpan().CopyTo(onnx.SampleInput);
        onnx.Forward();
        return onnx.SampleOutput[0];
    }

    /// <summary>As <see cref="OnnxForward"/>, through <c>InferenceSession.Run</c> with pre-allocated OrtValues.</summary>
    [Benchmark, BenchmarkCategory(ForwardCategory)]
    public float OnnxRunForward()
    {
        int s = NextSample();
        OnnxMlp onnx = _onnx!;
        Inputs[s].AsSpan().CopyTo(onnx.SampleInput);
        onnx.ForwardWithRun();
        return onnx.SampleOutput[0];
    }

    [Benchmark(Baseline = true), BenchmarkCategory(BatchCategory)]
    public float NaiveForwardBatch()
    {
        for (int r = 0; r < BatchSize; r++)
        {
            Naive.Forward(Inputs[r & (SampleCount - 1)], BatchOutputs[r]);
        }

        return BatchOutputs[BatchSize - 1][0];
    }

    /// <summary>The same 1,000 samples, already in the bound [1000, inputs] tensor, in one run of the session.</summary>
    [Benchmark, BenchmarkCategory(BatchCategory)]
    public float OnnxForwardBatch()
    {
        OnnxMlp onnx = _onnx!;
        onnx.ForwardBatch();
        return onnx.BatchOutput[onnx.BatchOutput.Length - 1];
    }

    /// <summary>
    /// Called by <see cref="Setup"/> once ONNX Runtime has passed its check, with the ONNX model's parameters in the
    /// generated layout: checks the networks this class times and leaves them ready to be timed.
    /// </summary>
    protected abstract void SetupNetworks(float[] onnxParameters);

    protected int NextSample()
    {
        int s = _next;
        _next = (s + 1) & (SampleCount - 1);
        return s;
    }

    /// <summary>Throws unless <paramref name="actual"/> is <paramref name="expected"/> within 1e-5.</summary>
    protected void RequireClose(float expected, float actual, string what)
    {
        Require(MathF.Abs(expected - actual) <= Tolerance, $"{what}: expected {expected}, got {actual}");
    }

    protected void Require(bool condition, string what)
    {
        if (!condition)
        {
            throw new InvalidOperationException(string.Format(CultureInfo.InvariantCulture,
                "{0}: self-check failed ({1}); refusing to time wrong code.", ShapeName, what));
        }
    }

    /// <summary>
    /// Both single-sample paths and the batch path of ONNX Runtime against <paramref name="reference"/>, a naive
    /// network holding the ONNX model's weights. Every output buffer is filled with NaN first, so a run that wrote
    /// nothing into the pre-allocated tensors cannot pass.
    /// </summary>
    private void CheckOnnx(NaiveMlp reference)
    {
        OnnxMlp onnx = _onnx!;
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

                reference.Forward(Inputs[s], _referenceOutput);
                for (int k = 0; k < _outputs; k++)
                {
                    CheckOnnxOutput(_referenceOutput[k], onnx.SampleOutput[k], $"{name}, output {k} of sample {s}");
                }
            }
        }

        Array.Fill(onnx.BatchOutput, float.NaN);
        onnx.ForwardBatch();
        for (int r = 0; r < BatchSize; r++)
        {
            reference.Forward(Inputs[r % SampleCount], _referenceOutput);
            for (int k = 0; k < _outputs; k++)
            {
                CheckOnnxOutput(_referenceOutput[k], onnx.BatchOutput[r * _outputs + k], $"ONNX Runtime batch, output {k} of row {r}");
            }
        }
    }

    private void CheckOnnxOutput(float expected, float actual, string what)
    {
        Require(float.IsFinite(actual) && actual > 0f && actual < 1f, $"{what} is {actual}, not a sigmoid output in (0, 1)");
        RequireClose(expected, actual, what + " beside the naive network with the ONNX weights");
    }
}

/// <summary>
/// A shape the generator builds: adds the naive training baseline and checks, before any timing, that the naive
/// and the generated networks compute the same thing, and that the generated network given the ONNX model's
/// weights gives ONNX Runtime's outputs.
/// </summary>
public abstract class GeneratedMlpBenchmark : MlpBenchmark
{
    protected const float LearningRate = 0.01f;
    protected const float L2 = 1e-4f;
    protected const int TrainingSetSize = 1000;

    private const int ParameterSeed = 7;

    private readonly float[] _naiveOutput;
    private readonly float[] _generatedOutput;

    protected GeneratedMlpBenchmark(int inputs, int hidden, int outputs) : base(inputs, hidden, outputs)
    {
        _naiveOutput = new float[outputs];
        _generatedOutput = new float[outputs];
    }

    protected abstract Span<float> GeneratedParameters { get; }

    protected abstract void GeneratedInitialize(int seed);

    protected abstract void GeneratedForward(float[] input, float[] output);

    protected abstract float GeneratedTrainSample(float[] input, float[] target);

    [Benchmark(Baseline = true), BenchmarkCategory(TrainCategory)]
    public float NaiveTrainSample()
    {
        int s = NextSample();
        return Naive.TrainSample(Inputs[s], Targets[s], LearningRate, L2, TrainingSetSize);
    }

    /// <summary>
    /// Gives the generated network the ONNX weights and throws unless it agrees with the naive network holding the
    /// same (checked against ONNX Runtime already) within 1e-5 on every output. Then gives both networks the same
    /// seeded parameters, and throws unless they agree within 1e-5 on every forward output, and on the losses and
    /// every parameter after two epochs of training; then resets both to those parameters for the timing.
    /// </summary>
    protected override void SetupNetworks(float[] onnxParameters)
    {
        Require(onnxParameters.Length == GeneratedParameters.Length,
            $"parameter count: ONNX {onnxParameters.Length}, generated {GeneratedParameters.Length}");
        Naive.LoadParameters(onnxParameters);
        onnxParameters.CopyTo(GeneratedParameters);
        CheckForward("with the ONNX weights");

        ResetParameters();
        CheckForward("before training");

        for (int epoch = 0; epoch < 2; epoch++)
        {
            for (int s = 0; s < SampleCount; s++)
            {
                float naive = Naive.TrainSample(Inputs[s], Targets[s], LearningRate, L2, TrainingSetSize);
                float generated = GeneratedTrainSample(Inputs[s], Targets[s]);
                Require(MathF.Abs(naive - generated) <= Tolerance * MathF.Max(1f, MathF.Abs(naive)),
                    $"loss of sample {s} in epoch {epoch}: naive {naive}, generated {generated}");
            }
        }

        var naiveParameters = new float[Naive.ParameterCount];
        Naive.StoreParameters(naiveParameters);
        Span<float> generatedParameters = GeneratedParameters;
        Require(naiveParameters.Length == generatedParameters.Length,
            $"parameter count: naive {naiveParameters.Length}, generated {generatedParameters.Length}");
        for (int p = 0; p < naiveParameters.Length; p++)
        {
            RequireClose(naiveParameters[p], generatedParameters[p], $"parameter {p} after training, naive then generated");
        }

        CheckForward("after training");

        ResetParameters();
    }

    private void ResetParameters()
    {
        GeneratedInitialize(ParameterSeed);
        Naive.LoadParameters(GeneratedParameters);
    }

    private void CheckForward(string when)
    {
        for (int s = 0; s < SampleCount; s++)
        {
            Naive.Forward(Inputs[s], _naiveOutput);
            GeneratedForward(Inputs[s], _generatedOutput);
            for (int k = 0; k < _generatedOutput.Length; k++)
            {
                RequireClose(_naiveOutput[k], _generatedOutput[k], $"forward output {k} of sample {s} {when}, naive then generated");
            }
        }
    }
}
