using System;
using System.Linq;
using Microsoft.CodeAnalysis;
using Xunit;

namespace NetGen.Generator.Tests;

/// <summary>Cases found by fuzzing the generator, kept as focused tests.</summary>
public sealed class FuzzTests
{
    /// <summary>
    /// Shapes past the bounds, where the products of neighbouring widths overflow int, and their sum overflows long:
    /// NETGEN004, never an exception. Four or more sizes near int.MaxValue used to overflow the weight count that
    /// Kernels.Auto looks at, and came out as NETGEN009 (OverflowException).
    /// </summary>
    public static TheoryData<string, string> Overflowing => new()
    {
        { "int.MaxValue, int.MaxValue, int.MaxValue", "[Mlp(2147483647, 2147483647, 2147483647)] has a layer of 2,147,483,647 units" },
        { Repeat("int.MaxValue", 4), "has a layer of 2,147,483,647 units" },
        { Repeat("int.MaxValue", 4) + ", Kernels = NetGen.Kernels.Unrolled", "has a layer of 2,147,483,647 units" },
        { Repeat("int.MaxValue", 4) + ", Kernels = NetGen.Kernels.Simd", "has a layer of 2,147,483,647 units" },
        { Repeat("int.MaxValue", 4) + ", Output = NetGen.Output.Softmax", "has a layer of 2,147,483,647 units" },
        { Repeat("int.MaxValue", 33), "has a layer of 2,147,483,647 units" },
        { Repeat("int.MaxValue", 40), "has 38 hidden layers" },
        { Repeat("1 << 30", 8), "has a layer of 1,073,741,824 units" },
        { "46341, 46341, 1", "has a layer of 46,341 units" },
        { "8192, 8192, 8192", "has 134,217,728 weights" },
        { Repeat("8192", 34), "has 2,214,592,512 weights" },
        { Repeat("8192", 35), "has 33 hidden layers" },
    };

    [Theory]
    [MemberData(nameof(Overflowing))]
    public void NetworksPastTheBounds_GetNETGEN004_EvenWhereTheirWeightCountOverflows(string arguments, string messagePart)
    {
        GeneratorRun run = GeneratorHarness.Run("[NetGen.Mlp(" + arguments + ")]\npublic partial class Huge { }\n");
        Diagnostic diagnostic = Assert.Single(run.GeneratorDiagnostics);
        Assert.Equal("NETGEN004", diagnostic.Id);
        Assert.Contains(messagePart, diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Empty(run.Sources);
    }

    private static string Repeat(string size, int count) => string.Join(", ", Enumerable.Repeat(size, count));
}
