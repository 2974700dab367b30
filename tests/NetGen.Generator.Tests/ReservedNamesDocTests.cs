using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using NetGen.Generator.Emitting;
using NetGen.Generator.Model;
using Xunit;

namespace NetGen.Generator.Tests;

/// <summary>
/// NETGEN005's page lists exactly the names the generator reserves (<see cref="Names.GeneratedMembers"/>), by optimizer,
/// so that a user can look up why a member clashes, and is not told a name is taken that is free. The list is the
/// bullets of the page's "Generated names" section; a name is what one of them holds in backticks and is an identifier.
/// </summary>
public sealed class ReservedNamesDocTests
{
    /// <summary>The sizes a network is checked with: one hidden layer, and three (Hidden1Count … Hidden3Count).</summary>
    private static readonly int[][] Sizes = { new[] { 2, 4, 1 }, new[] { 3, 5, 4, 2 }, new[] { 3, 5, 4, 6, 2 } };

    /// <summary>Names described by a pattern on the page (Hidden1Count, Hidden2Count, …): the page need not list each.</summary>
    private static readonly Regex DescribedByPattern = new(@"^Hidden\d+Count$", RegexOptions.CultureInvariant);

    public static TheoryData<string> Groups => new() { "every network", "Optimizer.Momentum", "Optimizer.Adam" };

    [Theory]
    [MemberData(nameof(Groups))]
    public void TheNetgen005Page_ListsExactlyTheReservedNames(string group)
    {
        string[] page = ListedNames(Page(), group).ToArray();
        string[] reserved = ReservedNames(group).ToArray();
        string[] missing = reserved.Except(page, StringComparer.Ordinal).Where(n => !DescribedByPattern.IsMatch(n)).ToArray();
        string[] notReserved = page.Except(reserved, StringComparer.Ordinal).ToArray();
        Assert.True(
            missing.Length == 0 && notReserved.Length == 0,
            $"docs/diagnostics/NETGEN005.md's list for {group} disagrees with Names.GeneratedMembers:\n"
                + $"  reserved but not listed: {string.Join(", ", missing)}\n"
                + $"  listed but not reserved: {string.Join(", ", notReserved)}");
    }

    /// <summary>The comparison above can fail both ways: a page that drops a reserved name, or lists a free one.</summary>
    [Fact]
    public void TheComparison_FindsAMissingNameAndAFreeOne()
    {
        string page = Page();
        Assert.Contains("`__pendingSamples`", page, StringComparison.Ordinal);
        string edited = page.Replace("`__pendingSamples`", "`_pendingSamples`", StringComparison.Ordinal);
        string[] listed = ListedNames(edited, "every network").ToArray();
        string[] reserved = ReservedNames("every network").ToArray();
        Assert.Equal(new[] { "__pendingSamples" }, reserved.Except(listed, StringComparer.Ordinal).Where(n => !DescribedByPattern.IsMatch(n)));
        Assert.Equal(new[] { "_pendingSamples" }, listed.Except(reserved, StringComparer.Ordinal));
    }

    /// <summary>
    /// The names reserved for <paramref name="group"/>: for every network, those every optimizer's networks reserve; for
    /// an optimizer, those its networks reserve and the others' do not. Over one and several hidden layers, every head.
    /// </summary>
    private static IEnumerable<string> ReservedNames(string group)
    {
        HashSet<string> For(OptimizerKind optimizer) => new(
            from sizes in Sizes
            from head in new[] { OutputHead.Sigmoid, OutputHead.Softmax, OutputHead.Linear }
            from name in Names.GeneratedMembers(new NetworkShape(sizes.ToEquatableArray(), IsUnrolled: false, Head: head, Optimizer: optimizer))
            select name,
            StringComparer.Ordinal);

        HashSet<string> sgd = For(OptimizerKind.Sgd);
        return group switch
        {
            "every network" => sgd.Intersect(For(OptimizerKind.Momentum)).Intersect(For(OptimizerKind.Adam)).ToArray(),
            "Optimizer.Momentum" => For(OptimizerKind.Momentum).Except(sgd).ToArray(),
            _ => For(OptimizerKind.Adam).Except(sgd).ToArray(),
        };
    }

    /// <summary>
    /// The identifiers in backticks in the bullets of the page's "Generated names" section that belong to
    /// <paramref name="group"/>: a bullet "With `Optimizer.X`" is that optimizer's; any other bullet is every network's.
    /// </summary>
    private static IEnumerable<string> ListedNames(string page, string group)
    {
        Match section = Regex.Match(page, @"^## Generated names\n(?<body>.*?)(?=^## |\z)", RegexOptions.Multiline | RegexOptions.Singleline);
        Assert.True(section.Success, "docs/diagnostics/NETGEN005.md has no '## Generated names' section.");
        MatchCollection bullets = Regex.Matches(section.Groups["body"].Value, @"^- (?<text>.*?)(?=^- |^\S|\z)", RegexOptions.Multiline | RegexOptions.Singleline);
        Assert.NotEmpty(bullets);
        foreach (Match bullet in bullets)
        {
            string text = bullet.Groups["text"].Value;
            Match with = Regex.Match(text, @"^\*\*With `(?<option>Optimizer\.\w+)`");
            string bulletGroup = with.Success ? with.Groups["option"].Value : "every network";
            if (bulletGroup != group)
            {
                continue;
            }

            foreach (Match name in Regex.Matches(text, "`(?<name>[^`]+)`"))
            {
                string value = name.Groups["name"].Value;
                if (Regex.IsMatch(value, @"^[A-Za-z_][A-Za-z0-9_]*$"))
                {
                    yield return value;
                }
            }
        }
    }

    private static string Page() =>
        File.ReadAllText(Path.Combine(Here(), "..", "..", "docs", "diagnostics", "NETGEN005.md")).Replace("\r\n", "\n", StringComparison.Ordinal);

    private static string Here([CallerFilePath] string file = "") => Path.GetDirectoryName(file)!;
}
