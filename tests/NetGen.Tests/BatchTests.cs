using System;
using System.Linq;
using System.Numerics;
using Xunit;

namespace NetGen.Tests;

/// <summary>
/// ForwardBatch and TrainBatch give the numbers of the per-sample calls they stand for, check their lengths
/// before writing anything, and allocate nothing.
/// </summary>
public class BatchTests
{
    public static TheoryData<int, int, int, Code> Shapes => new()
    {
        { 1, 1, 1, Code.Unrolled },
        { 1, 1, 1, Code.Simd },
        { 2, 4, 1, Code.Unrolled },
        { 2, 4, 1, Code.Simd },
        { 4, 3, 5, Code.Unrolled },
        { 4, 3, 5, Code.Simd },
        { 30, 16, 1, Code.Unrolled },
        { 30, 16, 1, Code.Simd },
        { 64, 32, 10, Code.Unrolled },
        { 64, 32, 10, Code.Simd },
        { 101, 41, 3, Code.Simd },
        { 784, 128, 10, Code.Auto },     // SIMD code
        { 20, 300, 4, Code.Simd },      // TrainBatch's chunks are 24 samples: 32 samples' buffers would not fit
        { 3, 1000, 30, Code.Simd },     // ForwardBatch blocks 8 samples; TrainBatch's buffers would not fit: one at a time
        { 2, 1100, 1, Code.Simd },      // neither blocks: 1,100 hidden units are too many for the 8-sample buffers
    };

    [Theory]
    [MemberData(nameof(Shapes))]
    public void ForwardBatch_EqualsForwardOnEachSample_Float(int i, int h, int o, Code kernels) => ForwardBatchEqualsForward<float>(i, h, o, kernels);

    [Theory]
    [MemberData(nameof(Shapes))]
    public void ForwardBatch_EqualsForwardOnEachSample_Double(int i, int h, int o, Code kernels) => ForwardBatchEqualsForward<double>(i, h, o, kernels);

    [Theory]
    [MemberData(nameof(Shapes))]
    public void TrainBatch_EqualsBackwardOnEachSampleThenStep_Float(int i, int h, int o, Code kernels) => TrainBatchEqualsBackwardThenStep<float>(i, h, o, kernels);

    [Theory]
    [MemberData(nameof(Shapes))]
    public void TrainBatch_EqualsBackwardOnEachSampleThenStep_Double(int i, int h, int o, Code kernels) => TrainBatchEqualsBackwardThenStep<double>(i, h, o, kernels);

    /// <summary>
    /// No samples: what Forward on each of them would do, which is nothing. The empty spans are slices of filled arrays,
    /// so a write or read past them would show; the parameters and the pending gradients keep their bits, and no exception is thrown.
    /// </summary>
    [Theory]
    [MemberData(nameof(Shapes))]
    public void ForwardBatch_OfNoSamples_DoesNothing(int i, int h, int o, Code kernels)
    {
        ITestNetwork<float> network = Networks.Create<float>(i, h, o, kernels);
        network.InitializeParameters(3);
        var random = new Random(4);
        network.Backward(Num.From<float>(Num.Uniform(random, i, -1, 1)), Num.From<float>(Num.Targets(random, o)));   // gradients pending
        float[] parameters = network.Parameters.ToArray(), gradients = network.Gradients.ToArray();
        Assert.Contains(gradients, g => g != 0);
        float[] inputs = Enumerable.Repeat(float.NaN, 3 * i).ToArray();   // NaN: were any of it read, outputs would show it
        float[] outputs = Enumerable.Repeat(-7f, 3 * o).ToArray();

        network.ForwardBatch(inputs.AsSpan(i, 0), outputs.AsSpan(o, 0));
        network.ForwardBatch(ReadOnlySpan<float>.Empty, Span<float>.Empty);

        Assert.All(outputs, v => Assert.Equal(-7f, v));
        Assert.Equal(parameters, network.Parameters.ToArray());
        Assert.Equal(gradients, network.Gradients.ToArray());
    }

    [Theory]
    [InlineData(7, 3, "inputs", "whole number")]    // 3.5 samples
    [InlineData(8, 3, "outputs", "4 samples × Net241F.OutputCount is 4")]
    [InlineData(8, 5, "outputs", "4 samples × Net241F.OutputCount is 4")]
    public void ForwardBatch_WrongLengths_ThrowBeforeWriting(int inputLength, int outputLength, string parameter, string message)
    {
        var net = new Net241F();
        net.InitializeParameters(3);
        float[] outputs = Enumerable.Repeat(-7f, outputLength).ToArray();

        ArgumentException error = Assert.Throws<ArgumentException>(() => net.ForwardBatch(new float[inputLength], outputs));

        Assert.Equal(parameter, error.ParamName);
        Assert.Contains(message, error.Message);
        Assert.All(outputs, v => Assert.Equal(-7f, v));
    }

    [Theory]
    [InlineData(0, 0, "inputs", "one or more samples")]
    [InlineData(5, 2, "inputs", "one or more samples")]
    [InlineData(6, 2, "targets", "3 samples × Net241F.OutputCount is 3")]
    public void TrainBatch_WrongLengths_ThrowBeforeWriting(int inputLength, int targetLength, string parameter, string message)
    {
        var net = new Net241F();
        net.InitializeParameters(3);
        float[] before = net.Parameters.ToArray();

        ArgumentException error = Assert.Throws<ArgumentException>(() => net.TrainBatch(new float[inputLength], new float[targetLength], 0.1f, 0f, 10));

        Assert.Equal(parameter, error.ParamName);
        Assert.Contains(message, error.Message);
        Assert.Equal(before, net.Parameters.ToArray());
        Assert.All(net.Gradients.ToArray(), g => Assert.Equal(0f, g));
        Assert.Throws<InvalidOperationException>(() => net.Step(0.1f, 0f, 10));   // nothing was accumulated either
    }

    [Theory]
    [InlineData(0f, 0f, 10, "learningRate")]
    [InlineData(0.1f, -1f, 10, "l2")]
    [InlineData(0.1f, 0f, 0, "trainingSetSize")]
    public void TrainBatch_BadHyperparameters_ThrowBeforeWriting(float learningRate, float l2, int trainingSetSize, string parameter)
    {
        var net = new Net241F();
        net.InitializeParameters(3);
        float[] before = net.Parameters.ToArray();

        ArgumentOutOfRangeException error = Assert.Throws<ArgumentOutOfRangeException>(
            () => net.TrainBatch(new float[4], new float[2], learningRate, l2, trainingSetSize));

        Assert.Equal(parameter, error.ParamName);
        Assert.Equal(before, net.Parameters.ToArray());
        Assert.All(net.Gradients.ToArray(), g => Assert.Equal(0f, g));
    }

    [Fact]
    public void BatchCalls_AllocateNothing()
    {
        var net = new Net30x16x1F();
        net.InitializeParameters(5);
        const int samples = 32;
        float[] inputs = Num.From<float>(Num.Uniform(new Random(1), samples * 30, -1, 1));
        float[] targets = Num.From<float>(Num.Targets(new Random(2), samples));
        float[] outputs = new float[samples];
        for (int warm = 0; warm < 200; warm++)
        {
            net.ForwardBatch(inputs, outputs);
            net.TrainBatch(inputs, targets, 0.01f, 0.001f, 500);
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int n = 0; n < 1000; n++)
        {
            net.ForwardBatch(inputs, outputs);
            net.TrainBatch(inputs, targets, 0.01f, 0.001f, 500);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    private static void ForwardBatchEqualsForward<T>(int i, int h, int o, Code kernels)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var random = new Random((i * 131) + (h * 17) + o);
        ITestNetwork<T> network = Networks.Create<T>(i, h, o, kernels);
        Num.From<T>(Num.Uniform(random, network.ParameterTotal, -1, 1)).CopyTo(network.Parameters);
        // 47 samples: SIMD code takes 5 blocks of 8 and 7 more; unrolled code (on AVX-512) vectors of 16 floats twice, then of 8
        // and of 4, and 3 more, or of 8 doubles 5 times, then of 4 and of 2, and 1 more.
        const int samples = 47;
        T[] inputs = Num.From<T>(Num.Uniform(random, samples * i, -2, 2));
        T[] outputs = new T[samples * o];

        network.ForwardBatch(inputs, outputs);

        T[] one = new T[o];
        for (int n = 0; n < samples; n++)
        {
            network.Forward(inputs.AsSpan(n * i, i), one);
            Assert.True(Num.SameBits<T>(one, outputs.AsSpan(n * o, o)), $"{i}-{h}-{o} {kernels}: ForwardBatch differs from Forward at sample {n}");
        }
    }

    private static void TrainBatchEqualsBackwardThenStep<T>(int i, int h, int o, Code kernels)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var random = new Random((i * 577) + (h * 19) + o);
        ITestNetwork<T> batched = Networks.Create<T>(i, h, o, kernels), stepped = Networks.Create<T>(i, h, o, kernels);
        T[] parameters = Num.From<T>(Num.Uniform(random, batched.ParameterTotal, -1, 1));
        parameters.CopyTo(batched.Parameters);
        parameters.CopyTo(stepped.Parameters);
        T learningRate = T.CreateChecked(0.3), l2 = T.CreateChecked(0.05);

        // One sample; a block of 8; a block and 7 alone; a chunk of 32 (24 at 20-300-4) and what is left; two whole
        // chunks and 7 alone, on top of a Backward's pending gradients.
        foreach (int samples in new[] { 1, 8, 15, 40, 71 })
        {
            T[] inputs = Num.From<T>(Num.Uniform(random, samples * i, -2, 2));
            T[] targets = Num.From<T>(Num.Targets(random, samples * o));
            T sum = T.Zero;
            if (samples == 71)
            {
                T[] pendingInput = Num.From<T>(Num.Uniform(random, i, -2, 2)), pendingTarget = Num.From<T>(Num.Targets(random, o));
                batched.Backward(pendingInput, pendingTarget);   // joins the step, not TrainBatch's mean loss
                stepped.Backward(pendingInput, pendingTarget);
            }

            T meanLoss = batched.TrainBatch(inputs, targets, learningRate, l2, 60);

            for (int n = 0; n < samples; n++)
            {
                sum += stepped.Backward(inputs.AsSpan(n * i, i), targets.AsSpan(n * o, o));
            }

            stepped.Step(learningRate, l2, 60);
            Assert.Equal(sum / T.CreateChecked(samples), meanLoss);
            Assert.Equal(stepped.Parameters.ToArray(), batched.Parameters.ToArray());
            Assert.All(batched.Gradients.ToArray(), g => Assert.Equal(T.Zero, g));
        }
    }
}
