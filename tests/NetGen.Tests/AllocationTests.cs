using System;
using System.Numerics;
using Xunit;
using Xunit.Abstractions;

namespace NetGen.Tests;

/// <summary>
/// The generated methods allocate nothing on the managed heap: GC.GetAllocatedBytesForCurrentThread() does not move
/// over thousands of calls, after a warm-up that lets tiered compilation and any lazy initialization happen first.
/// </summary>
public class AllocationTests
{
    private const int WarmUpCalls = 1_000;
    private const int MeasuredCalls = 2_500;

    private readonly ITestOutputHelper _output;

    public AllocationTests(ITestOutputHelper output) => _output = output;

    public static TheoryData<int, int, int> Shapes => new()
    {
        { 2, 4, 1 },
        { 30, 16, 1 },
        { 64, 32, 10 },
        { 101, 41, 3 },
        { 784, 128, 10 },
    };

    [Theory]
    [MemberData(nameof(Shapes))]
    public void NoMethodAllocates_Float(int i, int h, int o) => NoMethodAllocates<float>(i, h, o);

    [Theory]
    [MemberData(nameof(Shapes))]
    public void NoMethodAllocates_Double(int i, int h, int o) => NoMethodAllocates<double>(i, h, o);

    /// <summary>The measuring loop itself allocates nothing, or the tests above would prove nothing either way.</summary>
    [Fact]
    public void MeasurementDetectsAnAllocation()
    {
        object? keep = null;
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int n = 0; n < 10; n++)
        {
            keep = new float[4];
        }

        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.NotNull(keep);
        Assert.True(allocated > 0, "GC.GetAllocatedBytesForCurrentThread did not see ten arrays");
    }

    private void NoMethodAllocates<T>(int i, int h, int o)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ITestNetwork<T> network = Networks.Create<T>(i, h, o);
        network.InitializeParameters(5);
        var random = new Random(6);
        T[] x = Num.From<T>(Num.Uniform(random, i, -1, 1));
        T[] t = Num.From<T>(Num.Targets(random, o));
        var y = new T[o];
        T lr = Num.From<T>(1e-3);
        T l2 = Num.From<T>(1e-2);

        // Warm up every path first, so that JIT and tiering work is not measured.
        for (int n = 0; n < WarmUpCalls; n++)
        {
            Run(network, x, t, y, lr, l2, Operation.Forward);
            Run(network, x, t, y, lr, l2, Operation.BackwardStep);
            Run(network, x, t, y, lr, l2, Operation.TrainSample);
            Run(network, x, t, y, lr, l2, Operation.ZeroGradients);
            Run(network, x, t, y, lr, l2, Operation.InitializeParameters);
        }

        foreach (Operation operation in (Operation[])Enum.GetValues(typeof(Operation)))
        {
            // Up to three rounds: the runtime itself may allocate once on this thread while it swaps in
            // optimized code for a looped method (tiering and on-stack replacement run late under load).
            // An allocation by the generated code would show in every round, thousands of times over.
            long allocated = -1;
            for (int round = 0; round < 3 && allocated != 0; round++)
            {
                long before = GC.GetAllocatedBytesForCurrentThread();
                for (int n = 0; n < MeasuredCalls; n++)
                {
                    Run(network, x, t, y, lr, l2, operation);
                }

                allocated = GC.GetAllocatedBytesForCurrentThread() - before;
                _output.WriteLine($"{i}-{h}-{o} ({typeof(T).Name}) {operation}, round {round + 1}: {allocated} bytes over {MeasuredCalls} calls");
            }

            Assert.True(allocated == 0, $"{i}-{h}-{o} ({typeof(T).Name}) {operation} allocated {allocated} bytes over {MeasuredCalls} calls, in each of three rounds");
        }

        Assert.True(T.IsFinite(y[0]), "the outputs went non-finite: the loop did not run the network as intended");
    }

    private static void Run<T>(ITestNetwork<T> network, T[] x, T[] t, T[] y, T lr, T l2, Operation operation)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        switch (operation)
        {
            case Operation.Forward:
                network.Forward(x, y);
                break;
            case Operation.BackwardStep:
                network.Backward(x, t);
                network.Backward(x, t);
                network.Step(lr, l2, 100);
                break;
            case Operation.TrainSample:
                network.TrainSample(x, t, lr, l2, 100);
                break;
            case Operation.ZeroGradients:
                network.Backward(x, t);
                network.ZeroGradients();
                break;
            case Operation.InitializeParameters:
                network.InitializeParameters(5);
                break;
        }
    }

    private enum Operation
    {
        Forward,
        BackwardStep,
        TrainSample,
        ZeroGradients,
        InitializeParameters,
    }
}
