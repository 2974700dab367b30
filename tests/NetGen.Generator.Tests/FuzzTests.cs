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

    /// <summary>
    /// Declarations the compiler rejects in ways that leave nothing sound to generate into. Found by fuzzing: NetGen
    /// generated into them anyway, and its code failed to parse ('partial class' with no name) or added errors of its own.
    /// </summary>
    [Theory]
    [InlineData("[NetGen.Mlp(2, 4, 1)]\npartial class", "CS1001")]
    [InlineData("partial class\n{\n    [NetGen.Mlp(2, 4, 1)]\n    public partial class Inner { }\n}\n", "CS1001")]
    [InlineData("namespace\n{\n    [NetGen.Mlp(2, 4, 1)]\n    public partial class Net { }\n}\n", "CS1001")]
    [InlineData("[NetGen.Mlp(2, 4, 1)]\nprivate partial class Net { }\n", "CS1527")]
    [InlineData("protected partial class Outer\n{\n    [NetGen.Mlp(2, 4, 1)]\n    public partial class Net { }\n}\n", "CS1527")]
    [InlineData("public partial class Outer\n{\n    [NetGen.Mlp(2, 4, 1)]\n    public partial class input { }\n\n    private float[] input = new float[1];\n}\n", "CS0102")]
    [InlineData("namespace @class { public class Other { } }\n\n[NetGen.Mlp(2, 4, 1)]\npublic partial class @class { }\n", "CS0101")]
    [InlineData("[NetGen.Mlp(2, 4, 1)]\npublic partial class Net { }\n\npublic partial struct Net { }\n", "CS0261")]
    [InlineData("public partial class Outer\n{\n    [NetGen.Mlp(2, 4, 1)]\n    public partial class Outer { }\n}\n", "CS0542")]
    public void DeclarationsTheCompilerRejects_GetNoCode_AndOnlyTheCompilersErrors(string source, string compilerError)
    {
        GeneratorRun run = GeneratorHarness.Run(source);
        Assert.Empty(run.Sources);
        Assert.DoesNotContain(run.GeneratorDiagnostics, d => d.Id.StartsWith("NETGEN", StringComparison.Ordinal));
        Diagnostic[] errors = run.OutputCompilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToArray();
        Assert.Contains(errors, e => e.Id == compilerError);
        Assert.All(errors, e => Assert.Equal("Input0.cs", e.Location.GetLineSpan().Path));
    }

    /// <summary>
    /// Found by fuzzing: networks whose file names were equal ignoring case, or once '&lt;', '&gt;' and '@' became '_',
    /// made Roslyn throw (CS8785), and the generator's whole output was lost. Now each gets a hash of its declaration.
    /// </summary>
    [Theory]
    [InlineData("[NetGen.Mlp(2, 4, 1)] public partial class Net { }\n[NetGen.Mlp(2, 4, 1)] public partial class NET { }", "Net", "NET")]
    [InlineData("namespace A { [NetGen.Mlp(2, 4, 1)] public partial class Net { } }\nnamespace a { [NetGen.Mlp(3, 4, 1)] public partial class Net { } }", "A.Net", "a.Net")]
    [InlineData("public partial class Outer<T> { [NetGen.Mlp(2, 4, 1)] public partial class Inner { } }\npublic partial class Outer_T_ { [NetGen.Mlp(2, 4, 1)] public partial class Inner { } }", "Outer_T_.Inner", "Outer_T_.Inner")]
    [InlineData("namespace N { [NetGen.Mlp(2, 4, 1)] public partial class @class { } }\nnamespace N { [NetGen.Mlp(2, 4, 1)] public partial class _class { } }", "N._class", "N._class")]
    public void NetworksWhoseFileNamesWouldCollide_GetDistinctNames(string source, string firstStem, string secondStem)
    {
        GeneratorRun run = GeneratorHarness.Run(source);
        Assert.Empty(run.GeneratorDiagnostics);
        Assert.Empty(run.OutputCompilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
        string[] names = run.Sources.Select(s => s.HintName).ToArray();
        Assert.Equal(2, names.Distinct(StringComparer.OrdinalIgnoreCase).Count());
        Assert.Matches("^" + System.Text.RegularExpressions.Regex.Escape(firstStem) + @"\.[0-9a-f]{8}\.Mlp\.g\.cs$", names[0]);
        Assert.Matches("^" + System.Text.RegularExpressions.Regex.Escape(secondStem) + @"\.[0-9a-f]{8}\.Mlp\.g\.cs$", names[1]);
    }

    /// <summary>The names the README shows: the hash is FNV-1a of the declaration, the same on every machine.</summary>
    [Fact]
    public void CollidingFileNames_AreThoseTheReadmeShows()
    {
        GeneratorRun run = GeneratorHarness.Run("[NetGen.Mlp(2, 4, 1)] public partial class Net { }\n[NetGen.Mlp(2, 4, 1)] public partial class NET { }");
        Assert.Equal(new[] { "Net.6bdca144.Mlp.g.cs", "NET.8c2c8584.Mlp.g.cs" }, run.Sources.Select(s => s.HintName));
    }

    [Fact]
    public void FileNames_StayReadable_WhereTheyDoNotCollide()
    {
        GeneratorRun run = GeneratorHarness.Run(
            "namespace Demo { [NetGen.Mlp(2, 4, 1)] public partial class XorNet { } }\nnamespace Demo { [NetGen.Mlp(2, 4, 1)] public partial class XorNet2 { } }");
        Assert.Equal(new[] { "Demo.XorNet.Mlp.g.cs", "Demo.XorNet2.Mlp.g.cs" }, run.Sources.Select(s => s.HintName));
    }

    private static string Repeat(string size, int count) => string.Join(", ", Enumerable.Repeat(size, count));
}
