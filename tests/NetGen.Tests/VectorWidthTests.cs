using System;
using System.Runtime.Intrinsics;
using Xunit;

namespace NetGen.Tests;

/// <summary>
/// The SIMD networks run the kernel for the widest vectors the runtime accelerates, so one machine exercises only
/// one of the three. <c>.ci/run</c> therefore runs this project once as it is, with <c>NETGEN_EXPECT_VECTOR_BITS</c>
/// set to the widest width the CPU's flags in /proc/cpuinfo advertise, then with
/// <c>DOTNET_PreferredVectorBitWidth=256</c> (Vector256 kernels; only where the CPU has AVX-512) and with
/// <c>DOTNET_EnableAVX2=0</c> (Vector128 kernels), each time with <c>NETGEN_EXPECT_VECTOR_BITS</c> set to the width
/// that run must use. This test fails if a run is not using the width it claims, so the runs cannot quietly test the
/// same kernels; on a CPU without AVX-512 CI's summary says the Vector512 kernels were not run.
/// </summary>
public class VectorWidthTests
{
    /// <summary>The width the generated dispatchers pick: the widest accelerated, else the (emulated) 128-bit kernel.</summary>
    public static int KernelBits() =>
        Vector512.IsHardwareAccelerated ? 512 : Vector256.IsHardwareAccelerated ? 256 : 128;

    [Fact]
    public void TheKernelsInUse_AreTheOnesThisRunClaimsToTest()
    {
        // The dispatchers test Vector512, then Vector256, then fall back to Vector128: each width implies the narrower.
        Assert.True(!Vector512.IsHardwareAccelerated || Vector256.IsHardwareAccelerated, "Vector512 without Vector256");
        Assert.True(!Vector256.IsHardwareAccelerated || Vector128.IsHardwareAccelerated, "Vector256 without Vector128");

        string? expected = Environment.GetEnvironmentVariable("NETGEN_EXPECT_VECTOR_BITS");
        if (!string.IsNullOrEmpty(expected))
        {
            Assert.Equal(int.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), KernelBits());
        }
    }
}
