using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using NetGen.Generator.Model;
using Xunit;

namespace NetGen.Generator.Tests;

/// <summary>
/// Adding a second [Mlp] type leaves the first network's model and files cached. The step that makes file names unique
/// collects every model; it must pass on only what a new network leaves equal (the names that repeat), or every
/// network's model step reruns each time one is added.
/// </summary>
public sealed class SecondNetworkIncrementalityTests
{
    private const string First = """
        using NetGen;

        namespace Demo;

        [Mlp(2, 4, 1)]
        public partial class XorNet { }
        """;

    private const string Second = """
        using NetGen;

        namespace Demo;

        [Mlp(3, 5, 2)]
        public partial class OtherNet { }
        """;

    [Fact]
    public void AddingASecondNetwork_LeavesTheFirstCached_AndEmitsTheSecond()
    {
        CSharpCompilation compilation = GeneratorHarness.Compile(First);
        GeneratorDriver driver = GeneratorHarness.CreateDriver().RunGenerators(compilation);
        ImmutableArray<GeneratedSourceResult> before = GeneratorHarness.NetworkFilesOf(driver.GetRunResult().Results.Single().GeneratedSources);

        SyntaxTree added = CSharpSyntaxTree.ParseText(Second, (CSharpParseOptions)compilation.SyntaxTrees[0].Options, path: "Input1.cs");
        GeneratorRunResult result = driver.RunGenerators(compilation.AddSyntaxTrees(added)).GetRunResult().Results.Single();
        Assert.Null(result.Exception);

        // The model step: one output per network, the first's cached (or recomputed equal), the second's new.
        Dictionary<string, IncrementalStepRunReason[]> model = ReasonsByNetwork(
            result.TrackedSteps[TrackingNames.Model].SelectMany(step => step.Outputs),
            value => ((NetworkModel)value).TypeName);
        Assert.Equal(new[] { "OtherNet", "XorNet" }, model.Keys.OrderBy(k => k, StringComparer.Ordinal));
        AssertNotRerun("model step", model["XorNet"]);

        // Not even rerun to an equal model: the hint-name step hands each model only the names that repeat (none here),
        // not every model's, so a new network leaves that input equal and the first network's model step is skipped.
        Assert.All(model["XorNet"], reason => Assert.True(
            reason == IncrementalStepRunReason.Cached,
            $"The first network's model step reran ({reason}) when a second network was added: its input holds something of every network."));
        Assert.All(model["OtherNet"], reason => Assert.Equal(IncrementalStepRunReason.New, reason));

        // The source outputs, told apart by the model each was given.
        Dictionary<string, IncrementalStepRunReason[]> outputs = new();
        foreach (IncrementalGeneratorRunStep step in result.TrackedOutputSteps.SelectMany(s => s.Value))
        {
            string[] networks = step.Inputs.Select(input => input.Source.Outputs[input.OutputIndex].Value).OfType<NetworkModel>().Select(m => m.TypeName).Distinct().ToArray();
            if (networks.Length == 0)
            {
                continue;   // the diagnostics' outputs
            }

            string network = Assert.Single(networks);
            outputs[network] = outputs.TryGetValue(network, out IncrementalStepRunReason[]? earlier)
                ? earlier.Concat(step.Outputs.Select(o => o.Reason)).ToArray()
                : step.Outputs.Select(o => o.Reason).ToArray();
        }

        Assert.Equal(new[] { "OtherNet", "XorNet" }, outputs.Keys.OrderBy(k => k, StringComparer.Ordinal));
        AssertNotRerun("source output", outputs["XorNet"]);
        Assert.All(outputs["OtherNet"], reason => Assert.Equal(IncrementalStepRunReason.New, reason));

        // The first network's files: the same names, the same text; the second's added.
        Dictionary<string, string> after = GeneratorHarness.NetworkFilesOf(result.GeneratedSources).ToDictionary(s => s.HintName, s => s.SourceText.ToString());
        Assert.NotEmpty(before);
        foreach (GeneratedSourceResult file in before)
        {
            Assert.True(after.TryGetValue(file.HintName, out string? text), $"{file.HintName} is gone after adding OtherNet.");
            Assert.Equal(file.SourceText.ToString(), text);
        }

        Assert.Equal(before.Length * 2, after.Count);
        Assert.Single(GeneratorHarness.MathsOf(result.GeneratedSources), s => s.HintName == "Demo.OtherNet.Mlp.g.cs");
    }

    private static Dictionary<string, IncrementalStepRunReason[]> ReasonsByNetwork(
        IEnumerable<(object Value, IncrementalStepRunReason Reason)> outputs, Func<object, string> network) =>
        outputs.GroupBy(o => network(o.Value)).ToDictionary(g => g.Key, g => g.Select(o => o.Reason).ToArray());

    private static void AssertNotRerun(string what, IncrementalStepRunReason[] reasons)
    {
        Assert.NotEmpty(reasons);
        Assert.All(reasons, reason => Assert.True(
            reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged,
            $"The first network's {what} ran again ({reason}) when a second network was added."));
    }
}
