using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML.OnnxRuntime;

namespace NetGen.Benchmarks;

/// <summary>
/// An ONNX Runtime session on one of the MLP models, set up once for the cheapest calls its C# API offers:
/// one thread, every graph optimization, and input and output tensors that live in pinned managed arrays
/// created once, bound to the session once with an <see cref="OrtIoBinding"/>. A call then copies nothing
/// beyond what the caller writes into <see cref="SampleInput"/>, and allocates nothing on the managed heap.
/// </summary>
/// <remarks>
/// Two bindings: one sample ([1, inputs] in, [1, outputs] out) and a batch ([batch, inputs] in,
/// [batch, outputs] out), both on the model's dynamic first dimension. <see cref="ForwardWithRun"/> does the
/// single sample through <c>Run(RunOptions, names, OrtValues, names, OrtValues)</c> instead, over the same
/// pre-allocated OrtValues, to show what that path costs beside the binding.
/// </remarks>
public sealed class OnnxMlp : IDisposable
{
    private readonly InferenceSession _session;
    private readonly RunOptions _runOptions;
    private readonly OrtValue _sampleInputValue;
    private readonly OrtValue _sampleOutputValue;
    private readonly OrtValue _batchInputValue;
    private readonly OrtValue _batchOutputValue;
    private readonly OrtIoBinding _sampleBinding;
    private readonly OrtIoBinding _batchBinding;
    private readonly string[] _inputNames;
    private readonly string[] _outputNames;
    private readonly OrtValue[] _sampleInputs;
    private readonly OrtValue[] _sampleOutputs;

    public OnnxMlp(string modelPath, int batchSize)
        : this(options => new InferenceSession(modelPath, options), modelPath, batchSize)
    {
    }

    /// <summary>The same on a model held in memory (<see cref="OnnxModelWriter"/>); <paramref name="description"/> names it in errors.</summary>
    public OnnxMlp(byte[] model, string description, int batchSize)
        : this(options => new InferenceSession(model, options), description, batchSize)
    {
    }

    private OnnxMlp(Func<SessionOptions, InferenceSession> open, string modelPath, int batchSize)
    {
        using (var options = new SessionOptions
        {
            IntraOpNumThreads = 1,
            InterOpNumThreads = 1,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
        })
        {
            _session = open(options);
        }

        (InputName, InputCount) = SingleFloatMatrix(_session.InputMetadata, "input", modelPath);
        (OutputName, OutputCount) = SingleFloatMatrix(_session.OutputMetadata, "output", modelPath);
        BatchSize = batchSize;

        // Pinned (pinned object heap) arrays: ONNX Runtime reads and writes them in place, for the session's life.
        SampleInput = GC.AllocateArray<float>(InputCount, pinned: true);
        SampleOutput = GC.AllocateArray<float>(OutputCount, pinned: true);
        BatchInput = GC.AllocateArray<float>(batchSize * InputCount, pinned: true);
        BatchOutput = GC.AllocateArray<float>(batchSize * OutputCount, pinned: true);

        _sampleInputValue = OrtValue.CreateTensorValueFromMemory(SampleInput, new long[] { 1, InputCount });
        _sampleOutputValue = OrtValue.CreateTensorValueFromMemory(SampleOutput, new long[] { 1, OutputCount });
        _batchInputValue = OrtValue.CreateTensorValueFromMemory(BatchInput, new long[] { batchSize, InputCount });
        _batchOutputValue = OrtValue.CreateTensorValueFromMemory(BatchOutput, new long[] { batchSize, OutputCount });

        _sampleBinding = _session.CreateIoBinding();
        _sampleBinding.BindInput(InputName, _sampleInputValue);
        _sampleBinding.BindOutput(OutputName, _sampleOutputValue);

        _batchBinding = _session.CreateIoBinding();
        _batchBinding.BindInput(InputName, _batchInputValue);
        _batchBinding.BindOutput(OutputName, _batchOutputValue);

        _runOptions = new RunOptions();
        _inputNames = new[] { InputName };
        _outputNames = new[] { OutputName };
        _sampleInputs = new[] { _sampleInputValue };
        _sampleOutputs = new[] { _sampleOutputValue };
    }

    public string InputName { get; }

    public string OutputName { get; }

    /// <summary>The model's second input dimension (its first is the dynamic batch).</summary>
    public int InputCount { get; }

    /// <summary>The model's second output dimension.</summary>
    public int OutputCount { get; }

    public int BatchSize { get; }

    /// <summary>The one sample <see cref="Forward"/> reads: write it here first.</summary>
    public float[] SampleInput { get; }

    /// <summary>Where <see cref="Forward"/> writes the sample's outputs.</summary>
    public float[] SampleOutput { get; }

    /// <summary>The <see cref="BatchSize"/> samples, row-major, that <see cref="ForwardBatch"/> reads.</summary>
    public float[] BatchInput { get; }

    /// <summary>Where <see cref="ForwardBatch"/> writes the outputs, row-major.</summary>
    public float[] BatchOutput { get; }

    /// <summary>One sample: <see cref="SampleInput"/> to <see cref="SampleOutput"/>, through the I/O binding.</summary>
    public void Forward() => _session.RunWithBinding(_runOptions, _sampleBinding);

    /// <summary>The same as <see cref="Forward"/>, through <c>Run</c> with pre-allocated input and output OrtValues.</summary>
    public void ForwardWithRun() => _session.Run(_runOptions, _inputNames, _sampleInputs, _outputNames, _sampleOutputs);

    /// <summary>All <see cref="BatchSize"/> rows of <see cref="BatchInput"/> in one run, into <see cref="BatchOutput"/>.</summary>
    public void ForwardBatch() => _session.RunWithBinding(_runOptions, _batchBinding);

    public void Dispose()
    {
        _batchBinding.Dispose();
        _sampleBinding.Dispose();
        _batchOutputValue.Dispose();
        _batchInputValue.Dispose();
        _sampleOutputValue.Dispose();
        _sampleInputValue.Dispose();
        _runOptions.Dispose();
        _session.Dispose();
    }

    /// <summary>The name and width of the only input (or output), which must be a float tensor [any, width].</summary>
    private static (string Name, int Width) SingleFloatMatrix(IReadOnlyDictionary<string, NodeMetadata> metadata, string what,
        string modelPath)
    {
        if (metadata.Count != 1)
        {
            throw new InvalidOperationException($"{modelPath}: {metadata.Count} {what}s, expected one.");
        }

        KeyValuePair<string, NodeMetadata> only = metadata.First();
        NodeMetadata node = only.Value;
        if (!node.IsTensor || node.ElementType != typeof(float) || node.Dimensions.Length != 2 || node.Dimensions[1] <= 0)
        {
            throw new InvalidOperationException(
                $"{modelPath}: {what} {only.Key} is a {node.ElementType.Name} tensor [{string.Join(", ", node.Dimensions)}], expected float [batch, n].");
        }

        return (only.Key, node.Dimensions[1]);
    }
}
