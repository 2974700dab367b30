using System.IO;
using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using Xunit;

namespace NetGen.Generator.Tests;

/// <summary>Generated code quoted in the README, docs/what-gets-generated.md and docs/reproducibility.md is copied from a verified snapshot, never typed by hand.</summary>
public sealed class ReadmeTests
{
    [Theory]
    [InlineData("README.md")]
    [InlineData("docs/what-gets-generated.md")]
    [InlineData("docs/reproducibility.md")]
    public void EveryQuotedExcerpt_AppearsVerbatimInItsSnapshot(string document)
    {
        string root = Path.GetFullPath(Path.Combine(Here(), "..", ".."));
        string readme = File.ReadAllText(Path.Combine(root, document)).Replace("\r\n", "\n");
        MatchCollection excerpts = Regex.Matches(readme, "<!-- snapshot: (?<file>[^>]+?) -->\n```csharp\n(?<code>.*?)```", RegexOptions.Singleline);

        Assert.NotEmpty(excerpts);
        foreach (Match excerpt in excerpts)
        {
            // Snapshots hold a token for the generator's version; the docs show the version, scrubbed the same way.
            string snapshot = File.ReadAllText(Path.Combine(Here(), "Snapshots", excerpt.Groups["file"].Value)).Replace("\r\n", "\n");
            Assert.True(
                snapshot.Contains(SnapshotAssert.Scrub(excerpt.Groups["code"].Value), System.StringComparison.Ordinal),
                $"{document} quotes code that is not in {excerpt.Groups["file"].Value}: copy it again from the snapshot.");
        }
    }

    private static string Here([CallerFilePath] string file = "") => Path.GetDirectoryName(file)!;
}
