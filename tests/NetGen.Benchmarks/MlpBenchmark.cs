using System;
using System.Globalization;
using BenchmarkDotNet.Attributes;

namespace NetGen.Benchmarks;

/// <summary>
/// What every shape shares: 64 fixed random samples visited in turn (as the C reference does), the naive
/// baseline, and a check, before any timing, that the naive and the generated networks compute the same thing.
/// </summary>
/// <remarks>
/// The timed calls on the generated network live in the derived classes and go straight to the concrete
/// generated type; the abstract members below serve only the self-check.
/// </remarks>
public abstract class MlpBenchmark
{
    public const string ForwardCategory = "Forward";
    public const string TrainCategory = "TrainSample";

    protected const float LearningRate = 0.01f;
    protected const float L2 = 1e-4f;
    protected const int TrainingSetSize = 1000;

    private const int SampleCount = 64;     // a power of two: the next sample is (s + 1) & (SampleCount − 1)
    private const int ParameterSeed = 7;
    private const int DataSeed = 20240611;
    private const float Tolerance = 1e-5f;

    protected readonly float[][] Inputs;
    protected readonly float[][] Targets;
    protected readonly float[] Output;
    private readonly float[] _naiveOutput;
    private readonly NaiveMlp _naive;
    private readonly string _shape;
    private int _next;

    protected MlpBenchmark(int inputs, int hidden, int outputs)
    {
        _shape = string.Format(CultureInfo.InvariantCulture, "{0}-{1}-{2}", inputs, hidden, outputs);
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
        _naiveOutput = new float[outputs];
        _naive = new NaiveMlp(inputs, hidden, outputs);
    }

    protected abstract Span<float> GeneratedParameters { get; }

    protected abstract void GeneratedInitialize(int seed);

    protected abstract void GeneratedForward(float[] input, float[] output);

    protected abstract float GeneratedTrainSample(float[] input, float[] target);

    /// <summary>
    /// Gives both networks the same parameters, then throws unless they agree within 1e-5 on every forward output,
    /// and on the losses and every parameter after two epochs of training; then resets both to the same parameters.
    /// </summary>
    [GlobalSetup]
    public void Setup()
    {
        ResetParameters();
        CheckForward("before training");

        for (int epoch = 0; epoch < 2; epoch++)
        {
            for (int s = 0; s < SampleCount; s++)
            {
                float naive = _naive.TrainSample(Inputs[s], Targets[s], LearningRate, L2, TrainingSetSize);
                float generated = GeneratedTrainSample(Inputs[s], Targets[s]);
                Require(MathF.Abs(naive - generated) <= Tolerance * MathF.Max(1f, MathF.Abs(naive)),
                    $"loss of sample {s} in epoch {epoch}: naive {naive}, generated {generated}");
            }
        }

        var naiveParameters = new float[_naive.ParameterCount];
        _naive.StoreParameters(naiveParameters);
        Span<float> generatedParameters = GeneratedParameters;
        Require(naiveParameters.Length == generatedParameters.Length,
            $"parameter count: naive {naiveParameters.Length}, generated {generatedParameters.Length}");
        for (int p = 0; p < naiveParameters.Length; p++)
        {
            Require(MathF.Abs(naiveParameters[p] - generatedParameters[p]) <= Tolerance,
                $"parameter {p} after training: naive {naiveParameters[p]}, generated {generatedParameters[p]}");
        }

        CheckForward("after training");

        ResetParameters();
        _next = 0;
    }

    [Benchmark(Baseline = true), BenchmarkCategory(ForwardCategory)]
    public float NaiveForward()
    {
        int s = NextSample();
        _naive.Forward(Inputs[s], Output);
        return Output[0];
    }

    [Benchmark(Baseline = true), BenchmarkCategory(TrainCategory)]
    public float NaiveTrainSample()
    {
        int s = NextSample();
        return _naive.TrainSample(Inputs[s], Targets[s], LearningRate, L2, TrainingSetSize);
    }

    protected int NextSample()
    {
        int s = _next;
        _next = (s + 1) & (SampleCount - 1);
        return s;
    }

    private void ResetParameters()
    {
        GeneratedInitialize(ParameterSeed);
        _naive.LoadParameters(GeneratedParameters);
    }

    private void CheckForward(string when)
    {
        for (int s = 0; s < SampleCount; s++)
        {
            _naive.Forward(Inputs[s], _naiveOutput);
            GeneratedForward(Inputs[s], Output);
            for (int k = 0; k < Output.Length; k++)
            {
                Require(MathF.Abs(_naiveOutput[k] - Output[k]) <= Tolerance,
                    $"forward output {k} of sample {s} {when}: naive {_naiveOutput[k]}, generated {Output[k]}");
            }
        }
    }

    private void Require(bool condition, string what)
    {
        if (!condition)
        {
            throw new InvalidOperationException(string.Format(CultureInfo.InvariantCulture,
                "{0}: the naive and the generated networks disagree ({1}); refusing to time wrong code.", _shape, what));
        }
    }
}
