using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Xunit;

namespace NetGen.Tests;

/// <summary>
/// On .NET 8 and later every array of a SIMD network's state (parameters, gradients, Momentum's velocity, Adam's
/// moments) starts on a 64-byte line, and stays there: the generated code keeps each in a window of a pinned array
/// (<c>Kernels.AlignedBlock</c>). A plain array would start 16 bytes past an 8-byte-aligned object, on a line only by
/// chance, and a compacting collection would move it. Unrolled networks keep plain arrays (see
/// <c>NetworkModel.AlignedState</c>).
/// </summary>
public class AlignmentTests
{
    /// <summary>
    /// Instances made of each network: a plain array's elements start at a multiple of 8 bytes from a line, on one in
    /// about eight, so all 16 instances' arrays never.
    /// </summary>
    private const int Instances = 16;

    private delegate Span<T> StateView<T>(object network);

    public static TheoryData<string> SimdNetworks => new()
    {
        nameof(Net4x6x2MomentumSimdF),
        nameof(Net30x16x4AdamSimdF),
        nameof(Net4x6x2AdamSimdD),
        nameof(Bad30x20x10x3TanhSoftmaxSimdD),
        nameof(CompiledXorSimd),
        nameof(RecordSimdNet),
    };

    [Theory]
    [MemberData(nameof(SimdNetworks))]
    public void EveryStateArray_StartsOnA64ByteLine_AndACompactingCollectionLeavesItThere(string name)
    {
        switch (name)
        {
            case nameof(Net4x6x2MomentumSimdF):
                Check<float>(name, () => new Net4x6x2MomentumSimdF(), n => ((ITestNetwork<float>)n).Parameters, n => ((ITestNetwork<float>)n).Gradients, Net4x6x2MomentumSimdF.ParameterCount);
                break;
            case nameof(Net30x16x4AdamSimdF):
                Check<float>(name, () => new Net30x16x4AdamSimdF(), n => ((ITestNetwork<float>)n).Parameters, n => ((ITestNetwork<float>)n).Gradients, Net30x16x4AdamSimdF.ParameterCount);
                break;
            case nameof(Net4x6x2AdamSimdD):
                Check<double>(name, () => new Net4x6x2AdamSimdD(), n => ((ITestNetwork<double>)n).Parameters, n => ((ITestNetwork<double>)n).Gradients, Net4x6x2AdamSimdD.ParameterCount);
                break;
            case nameof(Bad30x20x10x3TanhSoftmaxSimdD):
                Check<double>(
                    name,
                    () => new Bad30x20x10x3TanhSoftmaxSimdD(),
                    n => ((IDeepNetwork<double>)n).Parameters,
                    n => ((IDeepNetwork<double>)n).Gradients,
                    Bad30x20x10x3TanhSoftmaxSimdD.ParameterCount);
                break;
            case nameof(RecordSimdNet):
                Check<float>(name, () => new RecordSimdNet(), n => ((RecordSimdNet)n).Parameters, n => ((RecordSimdNet)n).Gradients, RecordSimdNet.ParameterCount);
                break;
            case nameof(CompiledXorSimd):
                Check<float>(name, () => new CompiledXorSimd(), n => ((CompiledXorSimd)n).Parameters, n => ((CompiledXorSimd)n).Gradients, CompiledXorSimd.ParameterCount);
                break;
            default:
                throw new ArgumentException("No network named " + name, nameof(name));
        }
    }

    [Fact]
    public void UnrolledNetworks_KeepPlainArrays()
    {
        foreach ((object net, int stateArrays) in new (object, int)[] { (new Net241F(), 2), (new Net4x6x2MomentumUnrolledD(), 3), (new Net4x6x2AdamUnrolledF(), 4), (new CompiledXor(), 2) })
        {
            FieldInfo[] fields = net.GetType().GetFields(BindingFlags.Instance | BindingFlags.NonPublic)
                .Where(f => f.Name is "__parameters" or "__gradients" or "__velocity" or "__firstMoment" or "__secondMoment").ToArray();
            Assert.Equal(stateArrays, fields.Length);
            foreach (FieldInfo field in fields)
            {
                Assert.True(field.FieldType.IsArray, $"{net.GetType().Name}.{field.Name} is a {field.FieldType.Name}, not an array");
            }
        }
    }

    [Fact]
    public void CompiledInWeights_FillTheAlignedWindow_AndNothingElse()
    {
        var net = new CompiledXorSimd();
        ArraySegment<float> window = StateFields.Get<float>(net, "__parameters");
        Assert.True(net.Parameters.SequenceEqual(CompiledXorSimd.CompiledWeights), "the window does not hold the compiled-in weights");
        Assert.True(net.Parameters.SequenceEqual(new CompiledXor().Parameters), "the SIMD network starts elsewhere than the unrolled one from the same file");
        float[] array = window.Array!;
        Assert.All(array.Take(window.Offset).Concat(array.Skip(window.Offset + window.Count)), v => Assert.Equal(0f, v));
    }

    private static void Check<T>(string name, Func<object> make, StateView<T> parameters, StateView<T> gradients, int count)
        where T : unmanaged
    {
        var networks = Enumerable.Range(0, Instances).Select(_ => make()).ToList();
        var before = new List<nint>();
        for (int n = 0; n < networks.Count; n++)
        {
            object net = networks[n];
            string[] fields = new[] { "__parameters", "__gradients" }.Concat(StateFields.Optimizer<T>(net).Keys).ToArray();
            Assert.True(fields.Length >= 2);
            foreach (string field in fields)
            {
                ArraySegment<T> window = StateFields.Get<T>(net, field);
                Assert.Equal(count, window.Count);
                nint address = Address(window);
                Assert.True(address % 64 == 0, $"{name} #{n}: {field} starts {address % 64} bytes past a 64-byte line");
                before.Add(address);
            }

            // The public views are those windows, whole.
            Assert.True(SameMemory(parameters(net), StateFields.Get<T>(net, "__parameters")), $"{name} #{n}: Parameters is not the aligned window");
            Assert.True(SameMemory(gradients(net), StateFields.Get<T>(net, "__gradients")), $"{name} #{n}: Gradients is not the aligned window");
        }

        // Young objects move when the collector compacts; pinned ones never.
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        var after = networks.SelectMany(net => new[] { "__parameters", "__gradients" }.Concat(StateFields.Optimizer<T>(net).Keys)
            .Select(field => Address(StateFields.Get<T>(net, field)))).ToList();
        Assert.Equal(before, after);
        GC.KeepAlive(networks);
    }

    private static nint Address<T>(ArraySegment<T> window)
        where T : unmanaged =>
        Marshal.UnsafeAddrOfPinnedArrayElement(window.Array!, window.Offset);

    private static bool SameMemory<T>(Span<T> view, ArraySegment<T> window)
        where T : unmanaged =>
        view.Length == window.Count && Unsafe.AreSame(ref MemoryMarshal.GetReference(view), ref window.Array![window.Offset]);
}

/// <summary>A SIMD network declared as a record: its synthesized members copy and compare the windows.</summary>
[Mlp(30, 16, 1)]
public partial record RecordSimdNet;

/// <summary>The same weight file as <see cref="CompiledXor"/>, compiled into a SIMD network, whose state is aligned.</summary>
[Mlp(2, 4, 1, Weights = "xor-seed7.weights.b64", Kernels = Kernels.Simd)]
public partial class CompiledXorSimd
{
}
