using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;

namespace NetGen.Generator.Tests;

/// <summary>The pipeline caches what did not change and regenerates what did.</summary>
public sealed class IncrementalityTests
{
    private const string Network = """
        using NetGen;

        namespace Demo;

        [Mlp(2, 4, 1)]
        public partial class XorNet { }
        """;

    [Fact]
    public void UnrelatedEdit_LeavesEveryStepCached()
    {
        CSharpCompilation compilation = GeneratorHarness.Compile(Network, "namespace Demo; public class Other { }");
        GeneratorDriver driver = GeneratorHarness.CreateDriver().RunGenerators(compilation);

        SyntaxTree other = compilation.SyntaxTrees.Last();
        CSharpCompilation edited = compilation.ReplaceSyntaxTree(
            other, other.WithChangedText(Microsoft.CodeAnalysis.Text.SourceText.From("namespace Demo; public class Other { public int Added; }")));
        GeneratorRunResult result = driver.RunGenerators(edited).GetRunResult().Results.Single();

        GeneratorHarness.AssertAllCached(result);
        Assert.Single(GeneratorHarness.MathsOf(result.GeneratedSources));
    }

    [Fact]
    public void EditInsideTheNetworkClass_ThatKeepsTheModel_IsUnchanged()
    {
        CSharpCompilation compilation = GeneratorHarness.Compile(Network);
        GeneratorDriver driver = GeneratorHarness.CreateDriver().RunGenerators(compilation);

        CSharpCompilation edited = Replace(compilation, Network.Replace("public partial class XorNet { }", "public partial class XorNet { public int Epochs; }"));
        GeneratorRunResult result = driver.RunGenerators(edited).GetRunResult().Results.Single();

        // The parse reruns (its input changed) but yields an equal model, so nothing is emitted again.
        // A network without diagnostics: every step but the diagnostics' has an input, so each must be tracked (the
        // publish step, NETGEN023's, always has one: the project's build properties).
        Assert.Equal(
            new[] { TrackingNames.Model, TrackingNames.Parse, TrackingNames.Publish, TrackingNames.Weights },
            result.TrackedSteps.Keys.Where(k => k.StartsWith("NetGen.", System.StringComparison.Ordinal)).OrderBy(n => n, System.StringComparer.Ordinal));
        IncrementalStepRunReason[] parse = result.TrackedSteps[TrackingNames.Parse].SelectMany(s => s.Outputs).Select(o => o.Reason).ToArray();
        IncrementalStepRunReason[] model = result.TrackedSteps[TrackingNames.Model].SelectMany(s => s.Outputs).Select(o => o.Reason).ToArray();
        Assert.Equal(new[] { IncrementalStepRunReason.Unchanged }, parse);
        Assert.NotEmpty(model);
        Assert.All(model, reason => Assert.True(reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, reason.ToString()));
        IncrementalStepRunReason[] outputs = result.TrackedOutputSteps.SelectMany(s => s.Value).SelectMany(s => s.Outputs).Select(o => o.Reason).ToArray();
        Assert.NotEmpty(outputs);
        Assert.All(outputs, reason => Assert.True(reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, reason.ToString()));
    }

    [Fact]
    public void ChangingASize_Regenerates()
    {
        CSharpCompilation compilation = GeneratorHarness.Compile(Network);
        GeneratorDriver driver = GeneratorHarness.CreateDriver().RunGenerators(compilation);
        string before = GeneratorHarness.MathsOf(driver.GetRunResult().Results.Single().GeneratedSources).Single().SourceText.ToString();

        CSharpCompilation edited = Replace(compilation, Network.Replace("[Mlp(2, 4, 1)]", "[Mlp(2, 5, 1)]"));
        GeneratorRunResult result = driver.RunGenerators(edited).GetRunResult().Results.Single();

        Assert.Contains(result.TrackedSteps[TrackingNames.Model].SelectMany(s => s.Outputs), o => o.Reason == IncrementalStepRunReason.Modified);
        string after = GeneratorHarness.MathsOf(result.GeneratedSources).Single().SourceText.ToString();
        Assert.NotEqual(before, after);
        Assert.Contains("public const int HiddenCount = 5;", after);
    }

    [Fact]
    public void ChangingThePrecision_Regenerates()
    {
        CSharpCompilation compilation = GeneratorHarness.Compile(Network);
        GeneratorDriver driver = GeneratorHarness.CreateDriver().RunGenerators(compilation);

        CSharpCompilation edited = Replace(compilation, Network.Replace("[Mlp(2, 4, 1)]", "[Mlp(2, 4, 1, Precision = Precision.Double)]"));
        GeneratorRunResult result = driver.RunGenerators(edited).GetRunResult().Results.Single();

        Assert.Contains("public global::System.Span<double> Parameters", GeneratorHarness.MathsOf(result.GeneratedSources).Single().SourceText.ToString());
    }

    private static CSharpCompilation Replace(CSharpCompilation compilation, string newText)
    {
        SyntaxTree tree = compilation.SyntaxTrees.First();
        return compilation.ReplaceSyntaxTree(tree, tree.WithChangedText(Microsoft.CodeAnalysis.Text.SourceText.From(newText)));
    }
}
