using Xunit;

namespace NetGen.Tests;

/// <summary>
/// Which kind of code each network really got, read from its members: <c>Kernels.Auto</c> unrolls networks of at
/// most 64 weights with no layer wider than 8 units (the threshold measured by the Kernels benchmarks) and
/// compiles the rest as SIMD loops; <c>Kernels.Unrolled</c> and <c>Kernels.Simd</c> force one kind.
/// </summary>
public class KernelsTests
{
    [Theory]
    [InlineData(1, 1, 1, Code.Unrolled)]     // 2 weights
    [InlineData(2, 4, 1, Code.Unrolled)]     // 12
    [InlineData(4, 3, 5, Code.Unrolled)]     // 27
    [InlineData(7, 6, 3, Code.Unrolled)]     // 60: the largest declared here that Auto unrolls
    [InlineData(5, 9, 4, Code.Simd)]         // 81 weights, and a layer of 9 units
    [InlineData(30, 16, 1, Code.Simd)]       // 496
    [InlineData(64, 32, 10, Code.Simd)]      // 2,368
    [InlineData(100, 40, 2, Code.Simd)]      // 4,080: unrolled only when asked
    [InlineData(784, 128, 10, Code.Simd)]
    public void Auto_UnrollsOnlyTinyNetworks(int i, int h, int o, Code expected)
    {
        Assert.Equal(expected, Networks.KindOf(Networks.Create<float>(i, h, o).GetType()));
        Assert.Equal(expected, Networks.KindOf(Networks.Create<double>(i, h, o).GetType()));
    }

    /// <summary>With more hidden layers Auto counts every layer's weights: 3-4-4-2 has 12 + 16 + 8 = 36, 4-6-5-3 has 69.</summary>
    [Fact]
    public void Auto_CountsTheWeightsOfEveryLayer()
    {
        Assert.Equal(Code.Unrolled, Networks.KindOf(typeof(DeepAuto3_4_4_2)));
        Assert.Equal(Code.Simd, Networks.KindOf(typeof(DeepAuto4_6_5_3)));
        Assert.Equal(Code.Simd, Networks.KindOf(typeof(DeepNet784_128_64_10)));
    }

    [Fact]
    public void ForcedKinds_AreTheKindsAskedFor()
    {
        Assert.Equal(Code.Simd, Networks.KindOf(typeof(Net2x4x1SimdF)));
        Assert.Equal(Code.Simd, Networks.KindOf(typeof(Net1x1x1SimdD)));
        Assert.Equal(Code.Unrolled, Networks.KindOf(typeof(Net64x32x10UnrolledF)));
        Assert.Equal(Code.Unrolled, Networks.KindOf(typeof(Net100x40x2UnrolledD)));
    }
}

[NetGen.Mlp(3, 4, 4, 2)]
public partial class DeepAuto3_4_4_2
{
}

[NetGen.Mlp(4, 6, 5, 3)]
public partial class DeepAuto4_6_5_3
{
}
