using System.IO;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using NetGen.Generator.Emitting;
using NetGen.Generator.Model;
using Xunit;

namespace NetGen.Generator.Tests;

/// <summary>NETGEN005's page lists every name the generator reserves, so that a user can look up why a member clashes.</summary>
public sealed class ReservedNamesDocTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    public void EveryReservedName_IsOnTheNetgen005Page(int variant)
    {
        (OptimizerKind optimizer, OutputHead head) = variant switch
        {
            0 => (OptimizerKind.Sgd, OutputHead.Sigmoid),
            1 => (OptimizerKind.Momentum, OutputHead.Softmax),
            _ => (OptimizerKind.Adam, OutputHead.Linear),
        };
        string page = File.ReadAllText(Path.Combine(Here(), "..", "..", "docs", "diagnostics", "NETGEN005.md"));
        foreach (int[] sizes in new[] { new[] { 2, 4, 1 }, new[] { 3, 5, 4, 2 } })
        {
            var shape = new NetworkShape(sizes.ToEquatableArray(), IsUnrolled: false, Head: head, Optimizer: optimizer);
            string[] missing = Names.GeneratedMembers(shape)
                .Where(name => !Regex.IsMatch(name, @"_(\d+To\d+|\d+_Columns\d+To\d+)(_V\d+)?$"))   // the per-block methods, described by pattern
                .Where(name => !Regex.IsMatch(name, @"^Hidden\d+Count$|^W\d+Offset$|^B\d+Offset$"))    // described by pattern too
                .Where(name => !page.Contains("`" + name + "`", System.StringComparison.Ordinal))
                .Distinct()
                .ToArray();
            Assert.True(missing.Length == 0, $"docs/diagnostics/NETGEN005.md does not list: {string.Join(", ", missing)}");
        }
    }

    private static string Here([CallerFilePath] string file = "") => Path.GetDirectoryName(file)!;
}
