using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using NetGen.Generator.Emitting;
using NetGen.Generator.Model;
using Xunit;

namespace NetGen.Generator.Tests;

/// <summary>
/// <see cref="Names.GeneratedMembers"/> is what the parser reserves (NETGEN005) and what NETGEN005's page lists
/// (<see cref="ReservedNamesDocTests"/>): here it is compared, both ways, with the members the generator actually
/// declares in the user's type (its generated parts, outside the namespace NetGen.__Generated, where the helper classes
/// live), read from the generated syntax, for every optimizer and output head, unrolled and SIMD, one and several
/// hidden layers, rows cut into blocks, and weights compiled in. Every declared name must be in the list; every listed
/// name must be declared, but for the one reserved for every network and declared only by some.
/// </summary>
public sealed class GeneratedMembersTests
{
    public static TheoryData<string, bool, bool> Declarations => new()
    {
        // arguments of [Mlp(…)], whether unrolled, whether with Weights = "…"
        { "2, 4, 1", true, false },
        { "2, 4, 1", true, true },
        { "4, 8, 3, Output = NetGen.Output.Softmax, Optimizer = NetGen.Optimizer.Momentum", true, false },
        { "6, 5, 2, Activation = NetGen.Activation.Relu, Output = NetGen.Output.Linear, Optimizer = NetGen.Optimizer.Adam, Precision = NetGen.Precision.Double", true, false },
        { "3, 5, 4, 2, Activation = NetGen.Activation.Tanh", true, false },
        { "100, 30, 3, Kernels = NetGen.Kernels.Unrolled, Output = NetGen.Output.Softmax, Optimizer = NetGen.Optimizer.Adam", true, false },
        { "30, 16, 1", false, false },
        { "30, 16, 1", false, true },
        { "4, 6, 3, Kernels = NetGen.Kernels.Simd, Output = NetGen.Output.Linear, Optimizer = NetGen.Optimizer.Momentum", false, false },
        { "8, 10, 6, 4, 3, Kernels = NetGen.Kernels.Simd, Activation = NetGen.Activation.Tanh, Output = NetGen.Output.Softmax, Optimizer = NetGen.Optimizer.Adam, Precision = NetGen.Precision.Double", false, false },
        { "784, 128, 64, 10, Activation = NetGen.Activation.Relu, Output = NetGen.Output.Softmax", false, false },
    };

    /// <summary>
    /// Names reserved for every network though only some declare them, so that a user's member does not start to clash
    /// when the attribute changes: CompiledWeights (declared with Weights = "…"). Nothing else may be reserved and not
    /// declared. (Helpers such as the vector Exp live in NetGen's own classes beside the type, and reserve nothing.)
    /// </summary>
    private static readonly string[] ReservedForEveryNetwork = { Names.CompiledWeights };

    /// <summary>The allowance above hides no name that is never declared: each is declared by one of the declarations.</summary>
    [Fact]
    public void EachNameReservedForEveryNetwork_IsDeclaredBySomeDeclaration()
    {
        var declaredSomewhere = new HashSet<string>(StringComparer.Ordinal);
        foreach (object[] row in Declarations)
        {
            (GeneratorRunResult result, _) = Generate((string)row[0], (bool)row[2]);
            declaredSomewhere.UnionWith(DeclaredMembers(result, "Net"));
        }

        Assert.All(ReservedForEveryNetwork, name => Assert.Contains(name, declaredSomewhere));
    }

    [Theory]
    [MemberData(nameof(Declarations))]
    public void GeneratedMembers_AreExactlyTheMembersDeclared(string arguments, bool unrolled, bool withWeights)
    {
        (GeneratorRunResult result, string weights) = Generate(arguments, withWeights);
        var model = (NetworkModel)Assert.Single(result.TrackedSteps[TrackingNames.Model].SelectMany(s => s.Outputs)).Value;
        Assert.Equal(unrolled, model.Shape.IsUnrolled);
        Assert.Equal(withWeights, model.CompiledWeights.Count > 0);

        var declared = new SortedSet<string>(DeclaredMembers(result, "Net"), StringComparer.Ordinal);
        var named = new SortedSet<string>(Names.GeneratedMembers(model.Shape), StringComparer.Ordinal);
        string[] notNamed = declared.Except(named).ToArray();
        string[] notDeclared = named.Except(declared).Except(ReservedForEveryNetwork).Except(Names.HelperAliases).ToArray();
        Assert.True(
            notNamed.Length == 0 && notDeclared.Length == 0,
            $"Names.GeneratedMembers disagrees with the generated code of [Mlp({arguments}{weights})] ({declared.Count} members declared):\n"
                + $"  declared but not in Names.GeneratedMembers (not reserved, not documented): {string.Join(", ", notNamed)}\n"
                + $"  in Names.GeneratedMembers but not declared: {string.Join(", ", notDeclared)}");
    }

    /// <summary>Runs the generator over one network, Net, declared with <paramref name="arguments"/>; asserts it compiles.</summary>
    private static (GeneratorRunResult Result, string Weights) Generate(string arguments, bool withWeights)
    {
        string weights = withWeights ? ", Weights = \"net.weights.b64\"" : string.Empty;
        string source = "namespace Demo\n{\n    [NetGen.Mlp(" + arguments + weights + ")]\n    public partial class Net { }\n}\n";
        AdditionalText[] files = withWeights ? new AdditionalText[] { WeightFile(arguments) } : Array.Empty<AdditionalText>();

        Compilation compilation = GeneratorHarness.Compile(source);
        GeneratorDriver driver = GeneratorHarness.CreateDriver(files).RunGeneratorsAndUpdateCompilation(compilation, out Compilation output, out _);
        GeneratorRunResult result = driver.GetRunResult().Results.Single();
        Assert.Null(result.Exception);
        Assert.Empty(result.Diagnostics);
        Assert.Empty(output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
        return (result, weights);
    }

    /// <summary>
    /// Every member name the generated parts of the user's top-level type <paramref name="typeName"/> declare: the parts
    /// outside the namespace NetGen.__Generated, whose helper classes are NetGen's own and may use any names.
    /// </summary>
    private static IEnumerable<string> DeclaredMembers(GeneratorRunResult result, string typeName)
    {
        TypeDeclarationSyntax[] parts = result.GeneratedSources
            .SelectMany(s => s.SyntaxTree.GetRoot().DescendantNodes().OfType<TypeDeclarationSyntax>())
            .Where(t => t.Identifier.ValueText == typeName && t.Parent is not TypeDeclarationSyntax)
            .Where(t => !t.Ancestors().OfType<BaseNamespaceDeclarationSyntax>().Any(n => n.Name.ToString() == "NetGen.__Generated"))
            .ToArray();
        Assert.NotEmpty(parts);
        foreach (MemberDeclarationSyntax member in parts.SelectMany(p => p.Members))
        {
            switch (member)
            {
                case BaseFieldDeclarationSyntax field:
                    foreach (VariableDeclaratorSyntax variable in field.Declaration.Variables)
                    {
                        yield return variable.Identifier.ValueText;
                    }

                    break;
                case PropertyDeclarationSyntax property:
                    yield return property.Identifier.ValueText;
                    break;
                case EventDeclarationSyntax @event:
                    yield return @event.Identifier.ValueText;
                    break;
                case MethodDeclarationSyntax method:
                    yield return method.Identifier.ValueText;
                    break;
                case BaseTypeDeclarationSyntax type:
                    yield return type.Identifier.ValueText;
                    break;
                case DelegateDeclarationSyntax @delegate:
                    yield return @delegate.Identifier.ValueText;
                    break;
                case ConstructorDeclarationSyntax or DestructorDeclarationSyntax or OperatorDeclarationSyntax or ConversionOperatorDeclarationSyntax:
                    break;   // named by the type or an operator: no name of their own to clash
                default:
                    throw new Xunit.Sdk.XunitException("A generated member of a kind this test does not read: " + member.Kind());
            }
        }
    }

    /// <summary>A weight file for the network <paramref name="arguments"/> declares (its sizes and settings as the file's header writes them).</summary>
    private static AdditionalText WeightFile(string arguments)
    {
        int[] sizes = arguments.Split(',').Select(a => a.Trim()).TakeWhile(a => int.TryParse(a, out _)).Select(int.Parse).ToArray();
        Assert.DoesNotContain("=", arguments);   // the defaults: single precision, sigmoid hidden and output units
        int parameters = Enumerable.Range(1, sizes.Length - 1).Sum(l => (sizes[l] * sizes[l - 1]) + sizes[l]);
        float[] values = Enumerable.Range(0, parameters).Select(n => (n % 17 - 8) / 16f).ToArray();
        return new InMemoryAdditionalText("net.weights.b64", CompiledWeightsGeneratorTests.Text(sizes, 0, 0, 0, values));
    }
}
