using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Runtime.CompilerServices;
using NetGen.Testing;
using Xunit;

namespace NetGen.Generator.Tests;

/// <summary>
/// Every row of the README's hardening table has its count checked by the test that runs its cases: exactly one
/// call of HardeningTable.AssertCases in tests/**/*.cs whose key (its first argument) is part of the row's first cell.
/// </summary>
public sealed class HardeningTableTests
{
    /// <summary>
    /// The keys of the AssertCases calls in a source file, parsed as C# (so a call in a comment or a string does not count):
    /// the first argument of every invocation of <c>HardeningTable.AssertCases</c> that is a string literal.
    /// </summary>
    private static IEnumerable<string> Calls(string source) =>
        Microsoft.CodeAnalysis.CSharp.CSharpSyntaxTree.ParseText(source).GetRoot()
            .DescendantNodes()
            .OfType<Microsoft.CodeAnalysis.CSharp.Syntax.InvocationExpressionSyntax>()
            .Where(call => call.Expression.ToString().EndsWith("HardeningTable.AssertCases", StringComparison.Ordinal))
            .Select(call => call.ArgumentList.Arguments.FirstOrDefault()?.Expression)
            .OfType<Microsoft.CodeAnalysis.CSharp.Syntax.LiteralExpressionSyntax>()
            .Select(literal => literal.Token.ValueText);

    [Fact]
    public void EveryRow_IsCheckedByExactlyOneAssertCasesCall()
    {
        string testsFolder = Path.GetFullPath(Path.Combine(Here(), ".."));
        (string File, string Key)[] calls = Directory.EnumerateFiles(testsFolder, "*.cs", SearchOption.AllDirectories)
            .Where(file => !file.Split(Path.DirectorySeparatorChar).Any(part => part is "bin" or "obj"))
            .SelectMany(file => Calls(File.ReadAllText(file)).Select(key => (Path.GetRelativePath(testsFolder, file), key)))
            .ToArray();
        (string What, string Cases, string Held)[] rows = HardeningTable.Rows();
        Assert.NotEmpty(rows);

        string[] unasserted = rows.Where(r => !calls.Any(c => r.What.Contains(c.Key, StringComparison.Ordinal))).Select(r => Short(r.What)).ToArray();
        string[] checkedTwice = rows
            .Select(r => (Row: r, Calls: calls.Where(c => r.What.Contains(c.Key, StringComparison.Ordinal)).ToArray()))
            .Where(x => x.Calls.Length > 1)
            .Select(x => Short(x.Row.What) + " (by " + string.Join(", ", x.Calls.Select(c => c.File + ": \"" + c.Key + "\"")) + ")")
            .ToArray();
        string[] strays = calls.Where(c => rows.Count(r => r.What.Contains(c.Key, StringComparison.Ordinal)) != 1)
            .Select(c => c.File + ": \"" + c.Key + "\"").ToArray();

        Assert.True(
            unasserted.Length == 0 && checkedTwice.Length == 0 && strays.Length == 0,
            $"README.md's hardening table and the AssertCases calls in tests/ disagree ({rows.Length} rows, {calls.Length} calls).\n"
                + $"  rows no test checks ({unasserted.Length}): {string.Join("; ", unasserted)}\n"
                + $"  rows checked more than once ({checkedTwice.Length}): {string.Join("; ", checkedTwice)}\n"
                + $"  calls whose key is in no row, or in several ({strays.Length}): {string.Join("; ", strays)}");
    }

    private static string Short(string what) => what.Length <= 60 ? what : what.Substring(0, 60) + "…";

    private static string Here([CallerFilePath] string file = "") => Path.GetDirectoryName(file)!;
}
