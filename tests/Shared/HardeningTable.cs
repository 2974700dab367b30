using System;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Runtime.CompilerServices;
using Xunit;

namespace NetGen.Testing;

/// <summary>
/// The README's table "Hardening: what was tried, and what held". Each row's "cases" cell is a number the test that
/// runs those cases computes from its own case list; that test calls <see cref="AssertCases"/> so the table can never
/// drift from what runs. Linked into both test projects.
/// </summary>
internal static class HardeningTable
{
    private const string Heading = "## Hardening: what was tried, and what held";

    /// <summary>The rows of the table: first cell, cases cell, last cell.</summary>
    public static (string What, string Cases, string Held)[] Rows()
    {
        string[] lines = File.ReadAllLines(ReadmePath());
        int start = Array.FindIndex(lines, l => l.Trim() == Heading);
        Assert.True(start >= 0, $"README.md has no heading '{Heading}'");
        return lines.Skip(start + 1)
            .SkipWhile(l => !l.StartsWith("| what was tried", StringComparison.Ordinal))
            .Skip(2)
            .TakeWhile(l => l.StartsWith("|", StringComparison.Ordinal))
            .Select(l => l.Replace("\\|", "\u0001", StringComparison.Ordinal).Split('|'))
            .Select(c => (c[1].Trim().Replace('\u0001', '|'), c[2].Trim(), c[3].Trim().Replace('\u0001', '|')))
            .ToArray();
    }

    /// <summary>
    /// Asserts that the one row whose first cell contains <paramref name="rowKey"/> gives <paramref name="expected"/>
    /// as its cases, exactly as written (use <see cref="N"/> to format a count the way the README does).
    /// </summary>
    public static void AssertCases(string rowKey, string expected)
    {
        var rows = Rows().Where(r => r.What.Contains(rowKey, StringComparison.Ordinal)).ToArray();
        Assert.True(rows.Length == 1, $"README.md's hardening table has {rows.Length} rows containing '{rowKey}', expected one");
        Assert.True(rows[0].Cases == expected,
            $"README.md's hardening row '{rowKey}' says {rows[0].Cases} cases, but the test ran {expected}: correct the table");
    }

    /// <summary>A count as the README writes it: 3,000.</summary>
    public static string N(int count) => count.ToString("N0", CultureInfo.InvariantCulture);

    public static string ReadmePath([CallerFilePath] string file = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(file)!, "..", "..", "README.md"));
}
