using System;
using System.Globalization;
using System.IO;
using BenchmarkDotNet.Attributes;

namespace NetGen.Benchmarks;

/// <summary>
/// What every shape shares: 64 fixed random samples visited in turn (as the C reference does), the naive
/// baseline, the ONNX Runtime and FANN peers on the same shape, and checks, before any timing, that they compute what
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
    public const string TrainBatchCategory = "TrainBatch32";

    /// <summary>The samples in one batch: one ONNX Runtime call, or that many single-sample calls.</summary>
    public const int BatchSize = 1000;

    /// <summary>The samples in one mini-batch SGD step (<c>TrainBatch</c>): half of the 64, in turn.</summary>
    public const int TrainBatchSize = 32;

    protected const int SampleCount = Samples.Count;     // a power of two: the next sample is (s + 1) & (SampleCount − 1)
    protected const float Tolerance = 1e-5f;

    // The training hyperparameters of every C# network; FANN gets the same learning rate.
    protected const float LearningRate = 0.01f;
    protected const float L2 = 1e-4f;
    protected const int TrainingSetSize = 1000;

    protected readonly float[][] Inputs;
    protected readonly float[][] Targets;
    protected readonly float[] Output;
    /// <summary>The outputs of the single-sample loops over a batch, one array per row; row r reads Inputs[r mod 64].</summary>
    protected readonly float[][] BatchOutputs;
    /// <summary>The same 1,000 rows as one row-major [1000 × inputs] array, for <c>ForwardBatch</c>.</summary>
    protected readonly float[] FlatBatchInputs;
    /// <summary>Where <c>ForwardBatch</c> writes: row-major [1000 × outputs].</summary>
    protected readonly float[] FlatBatchOutputs;
    /// <summary>
    /// The two halves of the 64 samples, each as row-major inputs [32 × inputs] and targets [32 × outputs]: half h
    /// holds samples 32h … 32h + 31.
    /// </summary>
    protected readonly float[][] TrainBatchInputs;
    protected readonly float[][] TrainBatchTargets;
    protected readonly NaiveMlp Naive;

    private readonly int _inputs;
    private readonly int _hidden;
    private readonly int _outputs;
    private readonly float[] _referenceOutput;
    private OnnxMlp? _onnx;
    private FannMlp? _fann;
    private int _next;
    private int _nextHalf;

    protected MlpBenchmark(int inputs, int hidden, int outputs)
    {
        _inputs = inputs;
        _hidden = hidden;
        _outputs = outputs;
        ShapeName = string.Format(CultureInfo.InvariantCulture, "{0}-{1}-{2}", inputs, hidden, outputs);
        (Inputs, Targets) = Samples.Create(inputs, outputs);

        Output = new float[outputs];
        _referenceOutput = new float[outputs];
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

        Naive = new NaiveMlp(inputs, hidden, outputs);
    }

    protected string ShapeName { get; }

    /// <summary>The sizes and the training hyperparameters, for <c>--check-yardstick</c>.</summary>
    internal (int Inputs, int Hidden, int Outputs) Sizes => (_inputs, _hidden, _outputs);

    internal (float LearningRate, float L2, int TrainingSetSize) Hyperparameters => (LearningRate, L2, TrainingSetSize);

    /// <summary>The ONNX model of this shape, copied next to the executable (see Onnx/README.md).</summary>
    protected string OnnxModelPath => Path.Combine(AppContext.BaseDirectory, "Onnx",
        string.Format(CultureInfo.InvariantCulture, "mlp_{0}_{1}_{2}.onnx", _inputs, _hidden, _outputs));

    /// <summary>
    /// Reads the ONNX model's weights, opens the ONNX Runtime session and throws unless its input and output shapes
    /// are this class's and it agrees within 1e-5 with a naive network given the same weights, on the 64 samples
    /// one at a time (through both single-sample paths) and on a whole batch; then lets the derived class check and
    /// set up its own networks; then, if FANN is installed, sets up the FANN network on the naive network's parameters
    /// and checks it (<see cref="SetupFann"/>).
    /// </summary>
    [GlobalSetup]
    public void Setup()
    {
        float[] onnxParameters = OnnxModelReader.ReadParameters(OnnxModelPath, _inputs, _hidden, _outputs);
        _onnx = new OnnxMlp(OnnxModelPath, BatchSize);
        Require(_onnx.InputCount == _inputs && _onnx.OutputCount == _outputs,
            $"ONNX model {OnnxModelPath} takes {_onnx.InputCount} inputs and gives {_onnx.OutputCount} outputs");
        FlatBatchInputs.AsSpan().CopyTo(_onnx.BatchInput);

        var reference = new NaiveMlp(_inputs, _hidden, _outputs);
        reference.LoadParameters(onnxParameters);
        CheckOnnx(reference);

        SetupNetworks(onnxParameters);

        // Without libfann2 Program leaves the FANN benchmarks out, and the others must still run.
        if (FannMlp.IsAvailable)
        {
            SetupFann();
        }

        _next = 0;
        _nextHalf = 0;
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _onnx?.Dispose();
        _onnx = null;
        _fann?.Dispose();
        _fann = null;
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

    /// <summary><c>fann_run</c> on one sample, read in place; returns the first output from FANN's output buffer.</summary>
    [Benchmark, BenchmarkCategory(ForwardCategory)]
    public float FannForward()
    {
        int s = NextSample();
        return _fann!.Run(Inputs[s])[0];
    }

    /// <summary>
    /// One incremental FANN training step (<c>fann_train</c>) on one sample: FANN's own error function, no L2, so not
    /// the same arithmetic as the C# <c>TrainSample</c>s (see <see cref="FannMlp"/>).
    /// </summary>
    [Benchmark, BenchmarkCategory(TrainCategory)]
    public void FannTrainSample()
    {
        int s = NextSample();
        _fann!.Train(Inputs[s], Targets[s]);
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

    /// <summary>The half of the samples for the next <c>TrainBatch</c>: 0, 1, 0, 1, …</summary>
    protected int NextHalf()
    {
        int h = _nextHalf;
        _nextHalf = h ^ 1;
        return h;
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

    /// <summary>
    /// Builds the FANN network on the naive network's current parameters (the seeded ones the timed networks start
    /// from) and throws unless <c>fann_run</c> agrees with the naive network within 1e-5 on every output of the 64
    /// samples, and unless one <c>fann_train</c> step changes the weights and leaves them finite (so that the timed call
    /// trains). Then loads the parameters again for the timing.
    /// </summary>
    private void SetupFann()
    {
        var parameters = new float[Naive.ParameterCount];
        Naive.StoreParameters(parameters);
        _fann = new FannMlp(_inputs, _hidden, _outputs, LearningRate);
        _fann.LoadParameters(parameters);
        for (int s = 0; s < SampleCount; s++)
        {
            Naive.Forward(Inputs[s], _referenceOutput);
            ReadOnlySpan<float> fann = _fann.Run(Inputs[s]);
            for (int k = 0; k < _outputs; k++)
            {
                Require(float.IsFinite(fann[k]) && fann[k] > 0f && fann[k] < 1f, $"FANN output {k} of sample {s} is {fann[k]}, not in (0, 1)");
                RequireClose(_referenceOutput[k], fann[k], $"FANN output {k} of sample {s}, naive then FANN");
            }
        }

        _fann.Train(Inputs[0], Targets[0]);
        var trained = new float[parameters.Length];
        _fann.StoreParameters(trained);
        int changed = 0;
        for (int p = 0; p < trained.Length; p++)
        {
            Require(float.IsFinite(trained[p]), $"FANN parameter {p} is {trained[p]} after one fann_train");
            changed += trained[p] != parameters[p] ? 1 : 0;
        }

        Require(changed > 0, "one fann_train step changed no weight");
        _fann.LoadParameters(parameters);
    }
}

/// <summary>The 64 fixed random samples every benchmark class uses: inputs uniform in [0, 1), targets 0 or 1.</summary>
public static class Samples
{
    public const int Count = 64;

    private const int DataSeed = 20240611;

    public static (float[][] Inputs, float[][] Targets) Create(int inputs, int outputs)
    {
        var random = new Random(DataSeed);
        var x = new float[Count][];
        var t = new float[Count][];
        for (int s = 0; s < Count; s++)
        {
            x[s] = new float[inputs];
            for (int i = 0; i < inputs; i++)
            {
                x[s][i] = random.NextSingle();
            }

            t[s] = new float[outputs];
            for (int k = 0; k < outputs; k++)
            {
                t[s][k] = random.Next(2);
            }
        }

        return (x, t);
    }
}

/// <summary>
/// A shape the generator builds: adds the naive training baseline and checks, before any timing, that the naive
/// and the generated networks compute the same thing, and that the generated network given the ONNX model's
/// weights gives ONNX Runtime's outputs.
/// </summary>
public abstract class GeneratedMlpBenchmark : MlpBenchmark
{
    private const int ParameterSeed = 7;

    private readonly float[] _naiveOutput;
    private readonly float[] _generatedOutput;

    private readonly int _layerInputs, _layerHidden;

    protected GeneratedMlpBenchmark(int inputs, int hidden, int outputs) : base(inputs, hidden, outputs)
    {
        _layerInputs = inputs;
        _layerHidden = hidden;
        _naiveOutput = new float[outputs];
        _generatedOutput = new float[outputs];
    }

    /// <summary>The generated network's <c>Parameters</c>, in its own layout: read and written only through <see cref="RowMajor"/>.</summary>
    protected abstract Span<float> GeneratedParameterSpan { get; }

    /// <summary>A weight file the generated network saves: its version says the layout of <see cref="GeneratedParameterSpan"/>.</summary>
    protected abstract byte[] GeneratedWeightFile();

    private ParameterMapping? _mapping;

    /// <summary>
    /// The mapping between the row-major layout every other network here uses (W1 [H × I], b1, W2 [O × H], b2, as ONNX's
    /// Gemm weights) and the generated one: W1 input-major since weight-file version 2, row-major before (a baseline
    /// generator of an older commit, in compare-generator.sh).
    /// </summary>
    private ParameterMapping RowMajor => _mapping ??= new ParameterMapping(GeneratedWeightFile()[8] >= 2, _layerInputs, _layerHidden);

    /// <summary>A copy of the generated parameters, row-major.</summary>
    protected float[] GeneratedParameters => RowMajor.FromGenerated(GeneratedParameterSpan);

    /// <summary>Sets the generated parameters from row-major ones.</summary>
    protected void SetGeneratedParameters(ReadOnlySpan<float> rowMajor) => RowMajor.ToGenerated(rowMajor, GeneratedParameterSpan);

    protected abstract void GeneratedInitialize(int seed);

    protected abstract void GeneratedForward(float[] input, float[] output);

    protected abstract float GeneratedTrainSample(float[] input, float[] target);

    /// <summary>The generated <c>ForwardBatch</c>, for the self-check.</summary>
    protected abstract void GeneratedForwardBatch(float[] inputs, float[] outputs);

    /// <summary>The generated <c>TrainBatch</c> with this class's hyperparameters, for the self-check.</summary>
    protected abstract float GeneratedTrainBatch(float[] inputs, float[] targets);

    [Benchmark(Baseline = true), BenchmarkCategory(TrainCategory)]
    public float NaiveTrainSample()
    {
        int s = NextSample();
        return Naive.TrainSample(Inputs[s], Targets[s], LearningRate, L2, TrainingSetSize);
    }

    /// <summary>One mini-batch SGD step of the naive network on 32 samples (the two halves of the 64 in turn).</summary>
    [Benchmark(Baseline = true), BenchmarkCategory(TrainBatchCategory)]
    public float NaiveTrainBatch()
    {
        int h = NextHalf();
        return Naive.TrainBatch(TrainBatchInputs[h], TrainBatchTargets[h], LearningRate, L2, TrainingSetSize);
    }

    /// <summary>
    /// Gives the generated network the ONNX weights and throws unless it agrees with the naive network holding the
    /// same (checked against ONNX Runtime already) within 1e-5 on every output, one sample at a time and through
    /// ForwardBatch. Then gives both networks the same seeded parameters, and throws unless they agree within 1e-5 on
    /// every forward output, and on the losses and every parameter after two epochs of training; then, from the seeded
    /// parameters again, on the losses and every parameter after one TrainBatch step on each half of the samples;
    /// then resets both to those parameters for the timing.
    /// </summary>
    protected override void SetupNetworks(float[] onnxParameters)
    {
        Require(onnxParameters.Length == GeneratedParameterSpan.Length,
            $"parameter count: ONNX {onnxParameters.Length}, generated {GeneratedParameterSpan.Length}");
        Naive.LoadParameters(onnxParameters);
        SetGeneratedParameters(onnxParameters);
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
        float[] generatedParameters = GeneratedParameters;
        Require(naiveParameters.Length == generatedParameters.Length,
            $"parameter count: naive {naiveParameters.Length}, generated {generatedParameters.Length}");
        for (int p = 0; p < naiveParameters.Length; p++)
        {
            RequireClose(naiveParameters[p], generatedParameters[p], $"parameter {p} after training, naive then generated");
        }

        CheckForward("after training");

        ResetParameters();
        for (int h = 0; h < TrainBatchInputs.Length; h++)
        {
            float naive = Naive.TrainBatch(TrainBatchInputs[h], TrainBatchTargets[h], LearningRate, L2, TrainingSetSize);
            float generated = GeneratedTrainBatch(TrainBatchInputs[h], TrainBatchTargets[h]);
            Require(MathF.Abs(naive - generated) <= Tolerance * MathF.Max(1f, MathF.Abs(naive)),
                $"mean loss of TrainBatch on half {h}: naive {naive}, generated {generated}");
        }

        Naive.StoreParameters(naiveParameters);
        generatedParameters = GeneratedParameters;
        for (int p = 0; p < naiveParameters.Length; p++)
        {
            RequireClose(naiveParameters[p], generatedParameters[p], $"parameter {p} after two TrainBatch steps, naive then generated");
        }

        CheckForward("after TrainBatch");

        ResetParameters();
        if (HasYardstick)
        {
            CheckYardstick();
            ResetParameters();
        }

        SetupYardstick(GeneratedParameters);
    }

    /// <summary>
    /// The l2 argument of the hand yardstick's <c>Train(x, t, lr, l2)</c>: its step is W ← W − lr (grad + l2 W), so l2
    /// is the per-weight decay λ/N that the generated <c>TrainSample(…, η, λ, N)</c> computes from its arguments.
    /// </summary>
    protected const float HandDecay = L2 / TrainingSetSize;

    /// <summary>Whether this class times a hand-specialized yardstick (../shared/reference/cs, compiled in when it is there).</summary>
    protected internal virtual bool HasYardstick => false;

    /// <summary>A copy of the generated network's parameters, for <c>--check-yardstick</c>.</summary>
    internal float[] CopyGeneratedParameters() => GeneratedParameters;

    internal float HandDecayValue => HandDecay;

    /// <summary>
    /// Builds the hand-specialized yardstick of this shape on <paramref name="parameters"/> (the generated layout), or
    /// nothing when the class has none.
    /// </summary>
    protected internal virtual void SetupYardstick(float[] parameters)
    {
    }

    /// <summary>The yardstick's <c>Forward</c>, for the self-check.</summary>
    protected internal virtual void YardstickForward(float[] input, float[] output) => throw new NotSupportedException();

    /// <summary>The yardstick's <c>Train</c> with the arguments the timed <c>HandTrainSample</c> passes.</summary>
    protected internal virtual float YardstickTrain(float[] input, float[] target) => throw new NotSupportedException();

    /// <summary>The yardstick's current parameters, in the generated layout.</summary>
    protected internal virtual void ReadYardstickParameters(float[] parameters) => throw new NotSupportedException();

    /// <summary>
    /// Throws unless the yardstick, built on the generated network's parameters, computes what the generated network
    /// does: its parameters read back exactly as given (the layout conversion), the same forward outputs on the 64
    /// samples (within 1e-5), the same loss on one <c>Train</c> step as one generated <c>TrainSample</c> from the same
    /// parameters, and the same parameters after it (within 1e-5, and moved by the step); then the same losses and
    /// parameters after the rest of one pass over the samples, side by side. So the HandTrainSample and
    /// GeneratedTrainSample rows time the same arithmetic with the same hyperparameters. Leaves both networks trained:
    /// the caller resets them.
    /// </summary>
    private void CheckYardstick()
    {
        float[] start = GeneratedParameters;
        SetupYardstick(start);
        var hand = new float[start.Length];
        ReadYardstickParameters(hand);
        for (int p = 0; p < start.Length; p++)
        {
            Require(hand[p] == start[p], $"yardstick parameter {p} is {hand[p]} right after it was given {start[p]}");
        }

        var handOutput = new float[_generatedOutput.Length];
        for (int s = 0; s < SampleCount; s++)
        {
            Array.Fill(handOutput, float.NaN);
            YardstickForward(Inputs[s], handOutput);
            GeneratedForward(Inputs[s], _generatedOutput);
            for (int k = 0; k < _generatedOutput.Length; k++)
            {
                Require(float.IsFinite(handOutput[k]) && handOutput[k] > 0f && handOutput[k] < 1f,
                    $"yardstick output {k} of sample {s} is {handOutput[k]}, not in (0, 1)");
                RequireClose(_generatedOutput[k], handOutput[k], $"forward output {k} of sample {s}, generated then yardstick");
            }
        }

        for (int s = 0; s < SampleCount; s++)
        {
            float handLoss = YardstickTrain(Inputs[s], Targets[s]);
            float generatedLoss = GeneratedTrainSample(Inputs[s], Targets[s]);
            Require(float.IsFinite(handLoss) && MathF.Abs(generatedLoss - handLoss) <= Tolerance * MathF.Max(1f, MathF.Abs(generatedLoss)),
                $"loss of step {s} from the same parameters: generated {generatedLoss}, yardstick {handLoss}");
            if (s == 0 || s == SampleCount - 1)
            {
                ReadYardstickParameters(hand);
                float[] generated = GeneratedParameters;
                int moved = 0;
                for (int p = 0; p < hand.Length; p++)
                {
                    RequireClose(generated[p], hand[p], $"parameter {p} after {s + 1} step(s) from the same parameters, generated then yardstick");
                    moved += hand[p] != start[p] ? 1 : 0;
                }

                Require(moved > 0, $"{s + 1} yardstick Train step(s) moved no parameter");
            }
        }
    }

    private void ResetParameters()
    {
        GeneratedInitialize(ParameterSeed);
        Naive.LoadParameters(GeneratedParameters);
    }

    /// <summary>
    /// Naive against generated Forward on the 64 samples, then generated ForwardBatch on the 1,000 batch rows against
    /// generated Forward on each row (the batch output filled with NaN first, so rows it does not write cannot pass).
    /// </summary>
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

        int outputs = _generatedOutput.Length;
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
    }
}
