using System;
using System.Linq;
using System.Numerics;
using System.Reflection;
using System.Threading;
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
                    if (!y.AsSpan().SequenceEqual(sequential[s]))
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
