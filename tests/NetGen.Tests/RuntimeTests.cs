using System;
using System.Linq;
using System.Numerics;
using System.Reflection;
using System.Threading;
using NetGen.Testing;
using Xunit;

namespace NetGen.Tests;

/// <summary>What the generated code promises about its run-time environment: concurrent Forward, no NetGen at run time.</summary>
public class RuntimeTests
{
    public static TheoryData<int, int, int> Shapes => new()
    {
        { 7, 6, 3 },
        { 64, 32, 10 },
        { 100, 40, 2 },
        { 784, 128, 10 },
    };

    [Theory]
    [MemberData(nameof(Shapes))]
    public void ConcurrentForwardGivesTheSequentialResults_Float(int i, int h, int o) => ConcurrentForward<float>(i, h, o);

    [Theory]
    [MemberData(nameof(Shapes))]
    public void ConcurrentForwardGivesTheSequentialResults_Double(int i, int h, int o) => ConcurrentForward<double>(i, h, o);

    /// <summary>
    /// ForwardBatch and Forward together on one shared instance from eight threads, at one and two hidden layers: the
    /// 8-sample blocked kernels keep their buffers on each thread's stack, so every result is the sequential one. Counts
    /// the concurrent calls made and checks the README's hardening row against that count.
    /// </summary>
    [Fact]
    public void ConcurrentForwardBatchGivesTheSequentialResults()
    {
        int calls = ConcurrentForwardBatch(deep: false) + ConcurrentForwardBatch(deep: true);
        HardeningTable.AssertCases("`Forward` and `ForwardBatch` together", HardeningTable.N(calls) + " calls");
    }

    /// <summary>Runs one network's threads; returns how many Forward and ForwardBatch calls they made, all compared.</summary>
    private static int ConcurrentForwardBatch(bool deep)
    {
        const int threads = 8, samples = 21, rounds = 20;   // 21 samples: two blocks of 8, then 5 one at a time
        IDeepNetwork<float>? deepNetwork = deep ? DeepNetworks.Create<float>(new[] { 784, 128, 64, 10 }, Code.Auto, Act.Relu, Out.Softmax) : null;
        ITestNetwork<float>? shallow = deep ? null : Networks.Create<float>(784, 128, 10);
        int inputs = 784, outputs = 10;
        deepNetwork?.InitializeParameters(3);
        shallow?.InitializeParameters(3);
        void ForwardBatch(ReadOnlySpan<float> x, Span<float> y)
        {
            if (deepNetwork is not null) deepNetwork.ForwardBatch(x, y);
            else shallow!.ForwardBatch(x, y);
        }

        void Forward(ReadOnlySpan<float> x, Span<float> y)
        {
            if (deepNetwork is not null) deepNetwork.Forward(x, y);
            else shallow!.Forward(x, y);
        }

        float[] batch = Num.From<float>(Num.Uniform(new Random(5), samples * inputs, -1, 1));
        var sequential = new float[samples * outputs];
        ForwardBatch(batch, sequential);

        int mismatches = 0, calls = 0;
        using var start = new Barrier(threads);
        Thread[] workers = Enumerable.Range(0, threads).Select(w => new Thread(() =>
        {
            var y = new float[samples * outputs];
            var one = new float[outputs];
            start.SignalAndWait();
            for (int round = 0; round < rounds; round++)
            {
                if ((w + round) % 2 == 0)
                {
                    ForwardBatch(batch, y);
                    if (!Num.SameBits<float>(y, sequential)) Interlocked.Increment(ref mismatches);
                }
                else
                {
                    int s = (w + round) % samples;
                    Forward(batch.AsSpan(s * inputs, inputs), one);
                    if (!Num.SameBits<float>(one, sequential.AsSpan(s * outputs, outputs))) Interlocked.Increment(ref mismatches);
                }

                Interlocked.Increment(ref calls);
            }
        })).ToArray();

        foreach (Thread worker in workers) worker.Start();
        foreach (Thread worker in workers) worker.Join();
        Assert.True(mismatches == 0, $"{(deep ? "784-128-64-10" : "784-128-10")}: {mismatches} of {calls} concurrent ForwardBatch/Forward results differ from the sequential ones");
        Assert.Equal(threads * rounds, calls);
        return calls;
    }

    [Fact]
    public void TestAssemblyDoesNotReferenceNetGenAtRunTime()
    {
        Assembly assembly = typeof(Net241F).Assembly;
        AssemblyName[] references = assembly.GetReferencedAssemblies();
        Assert.NotEmpty(references);
        Assert.DoesNotContain(references, r => r.Name is not null && r.Name.StartsWith("NetGen", StringComparison.OrdinalIgnoreCase));

        // [Mlp] is [Conditional]: the compiler dropped it from every network type.
        Type[] networks = [typeof(Net241F), typeof(Net352D), typeof(Net100x40x2F), typeof(Net100x40x2D)];
        Assert.All(networks, type => Assert.DoesNotContain(type.GetCustomAttributesData(), a => a.AttributeType.Name == "MlpAttribute"));
        Assert.DoesNotContain(assembly.GetCustomAttributesData(), a => a.AttributeType.Assembly.GetName().Name == "NetGen.Attributes");
    }

    private static void ConcurrentForward<T>(int i, int h, int o)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        const int threads = 8, samples = 64, rounds = 25;
        ITestNetwork<T> network = Networks.Create<T>(i, h, o);
        network.InitializeParameters(17);
        var random = new Random(18);
        T[][] inputs = Enumerable.Range(0, samples).Select(_ => Num.From<T>(Num.Uniform(random, i, -2, 2))).ToArray();

        T[][] sequential = new T[samples][];
        for (int s = 0; s < samples; s++)
        {
            sequential[s] = new T[o];
            network.Forward(inputs[s], sequential[s]);
        }

        int mismatches = 0;
        string firstMismatch = "";
        using var start = new Barrier(threads);
        Thread[] workers = Enumerable.Range(0, threads).Select(w => new Thread(() =>
        {
            var y = new T[o];
            start.SignalAndWait();
            for (int round = 0; round < rounds; round++)
            {
                for (int k = 0; k < samples; k++)
                {
                    int s = (k + (w * 7) + round) % samples;   // each thread walks the samples from a different place
                    network.Forward(inputs[s], y);
                    if (!Num.SameBits<T>(y, sequential[s]))
                    {
                        if (Interlocked.Increment(ref mismatches) == 1)
                        {
                            firstMismatch = $"thread {w}, round {round}, sample {s}: [{string.Join(", ", y)}] instead of [{string.Join(", ", sequential[s])}]";
                        }
                    }
                }
            }
        })).ToArray();

        foreach (Thread worker in workers)
        {
            worker.Start();
        }

        foreach (Thread worker in workers)
        {
            worker.Join();
        }

        Assert.True(mismatches == 0, $"{mismatches} concurrent Forward results differ from the sequential ones; first: {firstMismatch}");
    }
}
